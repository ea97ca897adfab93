import { describe, expect, it } from 'vitest';
import { inspectEnvelope, openImportChiffre, sealImportChiffre, openEnvelope, isXsDateTime, generateKeyPair, importPrivateKey } from '../../src/index';
import { expectCode, keyText } from '../keys/helpers';
import { DATE, detRandom, NS, PRIV, PUB, SAMPLE_XML } from './helpers';

const META = { partenaire: 'TESTENT', uai: '0410017W', date: DATE };

describe('sealImportChiffre / openImportChiffre', () => {
  it('round-trips a string and gives the metadata back', () => {
    const envelope = sealImportChiffre(SAMPLE_XML, PUB, { ...META, description: 'Comptes <ENT> & co', version: '1.0' });
    expect(envelope.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<ImportChiffre xmlns="${NS}" Version="1.0">\n  <Partenaire>TESTENT</Partenaire>\n  <Description>Comptes &lt;ENT&gt; &amp; co</Description>\n  <Cle>`)).toBe(true);
    const opened = openImportChiffre(envelope, PRIV);
    expect(opened.kind).toBe('ImportChiffre');
    expect(opened.text()).toBe(SAMPLE_XML);
    expect(Buffer.from(opened.content).toString('utf8')).toBe(SAMPLE_XML);
    expect(opened.info).toEqual({
      kind: 'ImportChiffre',
      version: '1.0',
      date: DATE,
      uai: '0410017W',
      partenaire: 'TESTENT',
      description: 'Comptes <ENT> & co',
      compressed: true,
      encryptedBytes: opened.info.encryptedBytes,
      keyBlockBytes: [256],
    });
    expect(opened.info.encryptedBytes % 16).toBe(0);
    expect(inspectEnvelope(envelope)).toEqual(opened.info);
    // Bytes in, same result.
    expect(openImportChiffre(Buffer.from(envelope), PRIV).text()).toBe(SAMPLE_XML);
  });

  it('round-trips bytes exactly, including empty content and arbitrary binary', () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([0, 1, 2, 255]), detRandom('bin')(100_000)]) {
      const opened = openImportChiffre(sealImportChiffre(bytes, PUB, META), PRIV);
      expect(Buffer.from(opened.content).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('uses the defaults: empty Description, Version 1.0, DateExport now with an offset', () => {
    const info = inspectEnvelope(sealImportChiffre('<a/>', PUB, { partenaire: 'X', uai: '0410017W' }));
    expect(info.description).toBe('');
    expect(info.version).toBe('1.0');
    expect(isXsDateTime(info.date)).toBe(true);
    expect(info.date).toMatch(/[+-]\d\d:\d\d$/);
    expect(Math.abs(Date.parse(info.date) - Date.now())).toBeLessThan(60_000);
  });

  it('drops a leading BOM from the returned content, and decodes per the XML declaration', () => {
    const opened = openImportChiffre(sealImportChiffre(`\uFEFF${SAMPLE_XML}`, PUB, META), PRIV);
    expect(Buffer.from(opened.content).toString('utf8')).toBe(SAMPLE_XML);
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>', 'latin1');
    expect(openImportChiffre(sealImportChiffre(latin1, PUB, META), PRIV).text()).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>');
    const bad = openImportChiffre(sealImportChiffre(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), PUB, META), PRIV);
    expectCode(() => bad.text(), 'ERR_ENCODING');
  });

  it('accepts key inputs and passphrases directly, and every compression level', () => {
    const envelope = sealImportChiffre(SAMPLE_XML, keyText('rsa2048.putty.pub'), { ...META, compressionLevel: 9 });
    expect(openImportChiffre(envelope, keyText('rsa2048.pkcs8-encrypted.pem'), { passphrase: 'test-only-passphrase' }).text()).toBe(SAMPLE_XML);
    for (const level of [0, 1, 6, -1]) {
      expect(openImportChiffre(sealImportChiffre(SAMPLE_XML, PUB, { ...META, compressionLevel: level }), PRIV).text()).toBe(SAMPLE_XML);
    }
  });

  it('works with a legacy 1024-bit key only when allowed on both sides', () => {
    const warnings: string[] = [];
    expectCode(() => sealImportChiffre('<a/>', keyText('rsa1024.spki.pem'), META), 'ERR_KEY_UNSUPPORTED');
    const envelope = sealImportChiffre('<a/>', keyText('rsa1024.spki.pem'), { ...META, allowLegacy1024: true, onWarning: (m) => warnings.push(m) });
    expectCode(() => openImportChiffre(envelope, keyText('rsa1024.pkcs8.pem')), 'ERR_KEY_UNSUPPORTED');
    const opened = openImportChiffre(envelope, keyText('rsa1024.pkcs8.pem'), { allowLegacy1024: true, onWarning: (m) => warnings.push(m) });
    expect(opened.text()).toBe('<a/>');
    expect(opened.info.keyBlockBytes).toEqual([128]);
    expect(warnings).toHaveLength(2);
  });

  it('round-trips with generated 2048 and 3072-bit pairs, PEM and SSH2 exports', () => {
    for (const bits of [2048, 3072] as const) {
      const { publicKey, privateKey } = generateKeyPair({ bits });
      const envelope = sealImportChiffre(SAMPLE_XML, publicKey.toSsh2('gen'), META);
      expect(openImportChiffre(envelope, privateKey.toPem({ passphrase: 'p' }), { passphrase: 'p' }).text()).toBe(SAMPLE_XML);
    }
  });
});

describe('sealImportChiffre: argument checks (ERR_ARGUMENT)', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['no partenaire', { uai: '0410017W' }],
    ['empty partenaire', { partenaire: '  ', uai: '0410017W' }],
    ['no uai', { partenaire: 'X' }],
    ['bad uai', { partenaire: 'X', uai: '041001W' }],
    ['lower-case uai letter', { partenaire: 'X', uai: '0410017w' }],
    ['bad date', { partenaire: 'X', uai: '0410017W', date: '2026-09-01 08:00' }],
    ['impossible date', { partenaire: 'X', uai: '0410017W', date: '2026-02-30T08:00:00Z' }],
    ['empty version', { partenaire: 'X', uai: '0410017W', version: '' }],
    ['control character', { partenaire: 'X\u0001', uai: '0410017W' }],
    ['lone surrogate', { partenaire: 'X', uai: '0410017W', description: '\uD800' }],
    ['description not a string', { partenaire: 'X', uai: '0410017W', description: 42 }],
    ['compression level 10', { partenaire: 'X', uai: '0410017W', compressionLevel: 10 }],
    ['compression level 1.5', { partenaire: 'X', uai: '0410017W', compressionLevel: 1.5 }],
    ['unsafeRandom of the wrong size', { partenaire: 'X', uai: '0410017W', unsafeRandom: () => new Uint8Array(3) }],
    ['unsafeRandom not a function', { partenaire: 'X', uai: '0410017W', unsafeRandom: 'x' }],
  ];
  for (const [label, options] of cases) {
    it(label, () => {
      expectCode(() => sealImportChiffre('<a/>', PUB, options as never), 'ERR_ARGUMENT');
    });
  }
  it('no options, content of the wrong type', () => {
    expectCode(() => sealImportChiffre('<a/>', PUB, undefined as never), 'ERR_ARGUMENT');
    expectCode(() => sealImportChiffre(42 as never, PUB, META), 'ERR_ARGUMENT');
  });
  it('a private key where the public key is expected', () => {
    expectCode(() => sealImportChiffre('<a/>', PRIV as never, META), 'ERR_KEY_FORMAT');
    expectCode(() => sealImportChiffre('<a/>', keyText('rsa2048.pkcs8.pem'), META), 'ERR_KEY_FORMAT');
  });
});

describe('openImportChiffre: reading is strict on structure, lenient on form', () => {
  const envelope = sealImportChiffre(SAMPLE_XML, PUB, { ...META, description: 'd' });

  it('accepts a namespace prefix, a BOM, CRLF, indentation, comments and wrapped base64', () => {
    const wrap = (b64: string) => b64.replace(/.{76}/g, '$&\r\n      ');
    const variant =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- sealed by a test -->\r\n' +
      envelope
        .replace(/^<\?xml[^>]*>\n/, '')
        .replace(`<ImportChiffre xmlns="${NS}"`, `<ic:ImportChiffre xmlns:ic="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`)
        .replace('</ImportChiffre>', '</ic:ImportChiffre>')
        .replace(/<(\/?)(Partenaire|Description|Cle|Contenu|Verification|DateExport|UAI)>/g, '<$1ic:$2>')
        .replace(/(<ic:(Cle|Contenu)>)([^<]*)/g, (_m, open: string, _n: string, b64: string) => `${open}\r\n      ${wrap(b64)}\r\n    `)
        .replace(/\n/g, '\r\n');
    const opened = openImportChiffre(Buffer.from(variant, 'utf8'), PRIV);
    expect(opened.text()).toBe(SAMPLE_XML);
    expect(opened.info.description).toBe('d');
    expect(openImportChiffre(variant, PRIV).text()).toBe(SAMPLE_XML);
  });

  it('keeps white space in the metadata, trims around the date', () => {
    const spaced = envelope.replace('<Description>d</Description>', '<Description>  two  words </Description>').replace(`<DateExport>${DATE}`, `<DateExport>\n ${DATE} `);
    const info = openImportChiffre(spaced, PRIV).info;
    expect(info.description).toBe('  two  words ');
    expect(info.date).toBe(DATE);
  });

  it('refuses a DOCTYPE (ERR_DOCTYPE) and ill-formed XML (ERR_XML)', () => {
    expectCode(() => openImportChiffre(envelope.replace('<ImportChiffre', '<!DOCTYPE ImportChiffre [<!ENTITY x "y">]>\n<ImportChiffre'), PRIV), 'ERR_DOCTYPE');
    expectCode(() => openImportChiffre(envelope.replace('<!DOCTYPE', '').replace('</UAI>', '</UAl>'), PRIV), 'ERR_XML');
    expectCode(() => openImportChiffre(envelope.slice(0, envelope.length - 20), PRIV), 'ERR_XML');
    expectCode(() => openImportChiffre('', PRIV), 'ERR_XML');
  });

  const schemaCases: Array<[string, (s: string) => string, string]> = [
    ['wrong root', (s) => s.replace(/ImportChiffre/g, 'ImportChiffres'), '/ImportChiffres'],
    ['no namespace', (s) => s.replace(` xmlns="${NS}"`, ''), '/ImportChiffre'],
    ['another namespace', (s) => s.replace(NS, 'http://www.index-education.com/containeurimportchiffreV2'), '/ImportChiffre'],
    ['unqualified children', (s) => s.replace(`<ImportChiffre xmlns="${NS}"`, `<ic:ImportChiffre xmlns:ic="${NS}"`).replace('</ImportChiffre>', '</ic:ImportChiffre>'), '/ImportChiffre/Partenaire'],
    ['missing Version', (s) => s.replace(' Version="1.0"', ''), '/ImportChiffre/@Version'],
    ['unknown attribute', (s) => s.replace(' Version="1.0"', ' Version="1.0" Foo="1"'), '/ImportChiffre/@Foo'],
    ['attribute on Cle', (s) => s.replace('<Cle>', '<Cle Algo="RSA">'), '/ImportChiffre/Cle/@Algo'],
    ['missing Partenaire', (s) => s.replace(/ *<Partenaire>[^<]*<\/Partenaire>\n/, ''), '/ImportChiffre/Partenaire'],
    ['missing Description', (s) => s.replace(/ *<Description>[^<]*<\/Description>\n/, ''), '/ImportChiffre/Description'],
    ['missing Cle', (s) => s.replace(/ *<Cle>[^<]*<\/Cle>\n/, ''), '/ImportChiffre/Cle'],
    ['missing Contenu', (s) => s.replace(/ *<Contenu>[^<]*<\/Contenu>\n/, ''), '/ImportChiffre/Contenu'],
    ['missing Verification', (s) => s.replace(/ *<Verification>[^<]*<\/Verification>\n/, ''), '/ImportChiffre/Verification'],
    ['missing DateExport', (s) => s.replace(/ *<DateExport>[^<]*<\/DateExport>\n/, ''), '/ImportChiffre/DateExport'],
    ['missing UAI', (s) => s.replace(/ *<UAI>[^<]*<\/UAI>\n/, ''), '/ImportChiffre/UAI'],
    ['duplicated Cle', (s) => s.replace(/( *<Cle>[^<]*<\/Cle>\n)/, '$1$1'), '/ImportChiffre/Cle[2]'],
    ['duplicated UAI', (s) => s.replace(/( *<UAI>[^<]*<\/UAI>\n)/, '$1$1'), '/ImportChiffre/UAI[2]'],
    ['Cle and Contenu swapped', (s) => s.replace(/( *<Cle>[^<]*<\/Cle>\n)( *<Contenu>[^<]*<\/Contenu>\n)/, '$2$1'), '/ImportChiffre/Cle'],
    ['unknown element', (s) => s.replace('  <UAI>', '  <Signature>x</Signature>\n  <UAI>'), '/ImportChiffre/Signature'],
    ['element inside Cle', (s) => s.replace('<Cle>', '<Cle><b/>'), '/ImportChiffre/Cle'],
    ['text in the root', (s) => s.replace('  <UAI>', '  stray text\n  <UAI>'), '/ImportChiffre'],
    ['bad date', (s) => s.replace(DATE, '01/09/2026'), '/ImportChiffre/DateExport'],
  ];
  for (const [label, mutate, path] of schemaCases) {
    it(`${label}: ERR_SCHEMA at ${path}`, () => {
      const e = expectCode(() => openImportChiffre(mutate(envelope), PRIV), 'ERR_SCHEMA');
      expect(e.path).toBe(path);
      expect(e.line).toBeGreaterThan(0);
    });
  }

  it('an EXPORT_INDEX_EDUCATION envelope given to openImportChiffre: ERR_SCHEMA naming the right opener', () => {
    const e = expectCode(() => openImportChiffre('<EXPORT_INDEX_EDUCATION><VERSION>1</VERSION></EXPORT_INDEX_EDUCATION>', PRIV), 'ERR_SCHEMA');
    expect(e.path).toBe('/EXPORT_INDEX_EDUCATION/LOGICIEL');
  });

  it('limits apply: input size (ERR_LIMIT), invalid limits (ERR_ARGUMENT)', () => {
    expectCode(() => openImportChiffre(envelope, PRIV, { limits: { maxInputBytes: 100 } }), 'ERR_LIMIT');
    expectCode(() => openImportChiffre(Buffer.from(envelope), PRIV, { limits: { maxInputBytes: 100 } }), 'ERR_LIMIT');
    expectCode(() => openImportChiffre(envelope, PRIV, { limits: { maxDecompressedBytes: 0 } }), 'ERR_ARGUMENT');
    expectCode(() => openImportChiffre(42 as never, PRIV), 'ERR_ARGUMENT');
  });

  it('key errors come first: a public key, an encrypted key without passphrase', () => {
    expectCode(() => openImportChiffre(envelope, PUB as never), 'ERR_KEY_FORMAT');
    expectCode(() => openImportChiffre(envelope, keyText('rsa2048.pkcs8-encrypted.pem')), 'ERR_KEY_PASSPHRASE');
    expect(openEnvelope(envelope, importPrivateKey(keyText('rsa2048.pkcs1.pem'))).text()).toBe(SAMPLE_XML);
  });
});
