import { describe, expect, it } from 'vitest';
import { openExportIndexEducation, sealExportIndexEducation, inspectEnvelope, openEnvelope, openEnvelopeAsync, sealImportChiffre } from '../../src/index';
import { DECRYPT_MESSAGE } from '../../src/envelope/crypto';
import { expectCode, expectCodeAsync, keyPath, keyText } from '../keys/helpers';
import { DATE, getText, opensslOpen, PRIV, PRIV_3072, PRIV_B, PUB, PUB_3072, PUB_B, SAMPLE_XML } from './helpers';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const two = [
  { nom: 'ENT-A', publicKey: PUB },
  { nom: 'ENT-B', publicKey: PUB_B },
];

describe('sealExportIndexEducation / openExportIndexEducation', () => {
  const envelope = sealExportIndexEducation(SAMPLE_XML, two, {
    date: DATE,
    uai: '0410017W',
    nomEtablissement: 'LYCÉE A & B',
    codePostalVille: '41000 BLOIS',
    logiciel: 'EDT',
    version: '2.0',
  });

  it('writes the elements in order, with no namespace', () => {
    const order = [...envelope.matchAll(/<([A-Z_]+)[ >]/g)].map((m) => m[1]);
    expect(order).toEqual(['EXPORT_INDEX_EDUCATION', 'VERSION', 'LOGICIEL', 'CLES', 'PARTENAIRE', 'PARTENAIRE', 'CONTENU', 'VERIFICATION', 'DATEHEURE', 'UAI', 'NOMETABLISSEMENT', 'CODEPOSTALVILLE']);
    expect(envelope).not.toContain('xmlns');
    expect(envelope).toContain('<CONTENU CompresseAvantChiffrement="true">');
    expect(envelope).toContain('<NOMETABLISSEMENT>LYCÉE A &amp; B</NOMETABLISSEMENT>');
  });

  it('each partner opens with its own key and name; the BOM the sealer wrote is dropped', () => {
    for (const [name, key] of [
      ['ENT-A', PRIV],
      ['ENT-B', PRIV_B],
    ] as const) {
      const opened = openExportIndexEducation(envelope, key, { partner: name });
      expect(opened.kind).toBe('EXPORT_INDEX_EDUCATION');
      expect(opened.text()).toBe(SAMPLE_XML);
      expect(Buffer.from(opened.content).subarray(0, 3).equals(BOM)).toBe(false);
      expect(opened.info).toEqual({
        kind: 'EXPORT_INDEX_EDUCATION',
        version: '2.0',
        date: DATE,
        logiciel: 'EDT',
        partners: ['ENT-A', 'ENT-B'],
        compressed: true,
        uai: '0410017W',
        nomEtablissement: 'LYCÉE A & B',
        codePostalVille: '41000 BLOIS',
        encryptedBytes: opened.info.encryptedBytes,
        keyBlockBytes: [256, 256],
      });
    }
    // The decrypted bytes do start with the BOM (checked independently with OpenSSL).
    expect(opensslOpen(envelope, keyPath('rsa2048.pkcs8.pem'), 0).plain.subarray(0, 3).equals(BOM)).toBe(true);
  });

  it('partner selection: ERR_PARTNER when unnamed among two, or unknown', () => {
    expect(expectCode(() => openExportIndexEducation(envelope, PRIV), 'ERR_PARTNER').message).toMatch(/"ENT-A", "ENT-B"/);
    expect(expectCode(() => openExportIndexEducation(envelope, PRIV, { partner: 'ENT-C' }), 'ERR_PARTNER').message).toMatch(/"ENT-C"/);
    expectCode(() => openEnvelope(envelope, PRIV), 'ERR_PARTNER');
    // The wrong partner's block for this key: the uniform ERR_DECRYPT.
    expect(expectCode(() => openExportIndexEducation(envelope, PRIV, { partner: 'ENT-B' }), 'ERR_DECRYPT').message).toBe(DECRYPT_MESSAGE);
    // One partner: no name needed; the name, if given, must match.
    const one = sealExportIndexEducation(SAMPLE_XML, [{ nom: 'SEUL', publicKey: PUB }], { date: DATE });
    expect(openExportIndexEducation(one, PRIV).text()).toBe(SAMPLE_XML);
    expectCode(() => openExportIndexEducation(one, PRIV, { partner: 'AUTRE' }), 'ERR_PARTNER');
  });

  it('partners with keys of different sizes', () => {
    const mixed = sealExportIndexEducation(SAMPLE_XML, [{ nom: 'A', publicKey: PUB }, { nom: 'B', publicKey: PUB_3072 }], { date: DATE });
    expect(inspectEnvelope(mixed).keyBlockBytes).toEqual([256, 384]);
    expect(openEnvelope(mixed, PRIV_3072, { partner: 'B' }).text()).toBe(SAMPLE_XML);
    expectCode(() => openEnvelope(mixed, PRIV_3072, { partner: 'A' }), 'ERR_KEY_BLOCK');
  });

  it('compress: false writes CompresseAvantChiffrement="false"; the plaintext is encrypted as is', () => {
    const plain = sealExportIndexEducation(SAMPLE_XML, two, { compress: false, date: DATE });
    expect(plain).toContain('<CONTENU CompresseAvantChiffrement="false">');
    const opened = openExportIndexEducation(plain, PRIV_B, { partner: 'ENT-B' });
    expect(opened.text()).toBe(SAMPLE_XML);
    expect(opened.info.compressed).toBe(false);
    const raw = opensslOpen(plain, keyPath('rsa2048.pkcs8.pem'), 0);
    expect(raw.compressed.equals(Buffer.concat([BOM, Buffer.from(SAMPLE_XML)]))).toBe(true);
  });

  it('bom: false writes no BOM; a BOM already present is not doubled', () => {
    const noBom = sealExportIndexEducation(SAMPLE_XML, two, { bom: false, compress: false, date: DATE });
    expect(opensslOpen(noBom, keyPath('rsa2048.pkcs8.pem')).plain.toString()).toBe(SAMPLE_XML);
    for (const input of [`\uFEFF${SAMPLE_XML}`, Buffer.concat([BOM, Buffer.from(SAMPLE_XML)])]) {
      const env = sealExportIndexEducation(input, two, { compress: false, date: DATE });
      expect(opensslOpen(env, keyPath('rsa2048.pkcs8.pem')).plain.equals(Buffer.concat([BOM, Buffer.from(SAMPLE_XML)]))).toBe(true);
    }
    const bytes = sealExportIndexEducation(Buffer.from(SAMPLE_XML), two, { date: DATE });
    expect(opensslOpen(bytes, keyPath('rsa2048.pkcs8.pem')).plain.subarray(0, 3).equals(BOM)).toBe(true);
  });

  it('optional elements are omitted when not given; defaults VERSION 1.0 and LOGICIEL PRONOTE', () => {
    const minimal = sealExportIndexEducation(SAMPLE_XML, [{ nom: 'X', publicKey: PUB }]);
    expect(minimal).not.toMatch(/<UAI>|<NOMETABLISSEMENT>|<CODEPOSTALVILLE>/);
    const info = inspectEnvelope(minimal);
    expect(info.version).toBe('1.0');
    expect(info.logiciel).toBe('PRONOTE');
    expect(info.uai).toBeUndefined();
    expect('nomEtablissement' in info).toBe(false);
  });

  it('argument checks: ERR_ARGUMENT', () => {
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, []), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, [...two, { nom: 'C', publicKey: PUB }]), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, [two[0] as never, { nom: 'ENT-A', publicKey: PUB_B }]), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, [{ nom: '', publicKey: PUB }]), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, [null as never]), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, two, { uai: 'nope' }), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, two, { compress: 'no' as never }), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, two, { date: 'today' }), 'ERR_ARGUMENT');
    expectCode(() => sealExportIndexEducation(SAMPLE_XML, [{ nom: 'X', publicKey: keyText('ec-p256.spki.pem') }]), 'ERR_KEY_UNSUPPORTED');
  });
});

describe('EXPORT_INDEX_EDUCATION reading', () => {
  const envelope = sealExportIndexEducation(SAMPLE_XML, two, { date: DATE, uai: '0410017W' });

  it('CompresseAvantChiffrement absent means true; 1 and 0 are booleans too; anything else is ERR_SCHEMA', () => {
    expect(openExportIndexEducation(envelope.replace(' CompresseAvantChiffrement="true"', ''), PRIV, { partner: 'ENT-A' }).text()).toBe(SAMPLE_XML);
    expect(openExportIndexEducation(envelope.replace('CompresseAvantChiffrement="true"', 'CompresseAvantChiffrement=" 1 "'), PRIV, { partner: 'ENT-A' }).text()).toBe(SAMPLE_XML);
    const uncompressed = sealExportIndexEducation(SAMPLE_XML, two, { date: DATE, compress: false });
    expect(openExportIndexEducation(uncompressed.replace('"false"', '"0"'), PRIV, { partner: 'ENT-A' }).text()).toBe(SAMPLE_XML);
    const e = expectCode(() => openExportIndexEducation(envelope.replace('"true"', '"yes"'), PRIV, { partner: 'ENT-A' }), 'ERR_SCHEMA');
    expect(e.path).toBe('/EXPORT_INDEX_EDUCATION/CONTENU/@CompresseAvantChiffrement');
    // A flag that lies about the content: compressed bytes read as plain text, or plain as zlib.
    expectCode(() => openExportIndexEducation(uncompressed.replace('"false"', '"true"'), PRIV, { partner: 'ENT-A' }), 'ERR_DECOMPRESS');
  });

  const schemaCases: Array<[string, (s: string) => string, string]> = [
    ['a namespace on the root', (s) => s.replace('<EXPORT_INDEX_EDUCATION>', '<EXPORT_INDEX_EDUCATION xmlns="urn:x">'), '/EXPORT_INDEX_EDUCATION'],
    ['missing LOGICIEL', (s) => s.replace(/ *<LOGICIEL>[^<]*<\/LOGICIEL>\n/, ''), '/EXPORT_INDEX_EDUCATION/LOGICIEL'],
    ['missing CLES', (s) => s.replace(/ *<CLES>[\s\S]*<\/CLES>\n/, ''), '/EXPORT_INDEX_EDUCATION/CLES'],
    ['empty CLES', (s) => s.replace(/<CLES>[\s\S]*<\/CLES>/, '<CLES></CLES>'), '/EXPORT_INDEX_EDUCATION/CLES/PARTENAIRE'],
    ['three PARTENAIRE', (s) => s.replace(/( *<PARTENAIRE NOM="ENT-B">[^<]*<\/PARTENAIRE>\n)/, '$1    <PARTENAIRE NOM="ENT-C">AAAA</PARTENAIRE>\n'), '/EXPORT_INDEX_EDUCATION/CLES/PARTENAIRE[3]'],
    ['PARTENAIRE without NOM', (s) => s.replace(' NOM="ENT-B"', ''), '/EXPORT_INDEX_EDUCATION/CLES/PARTENAIRE[2]/@NOM'],
    ['two PARTENAIRE with the same NOM', (s) => s.replace('NOM="ENT-B"', 'NOM="ENT-A"'), '/EXPORT_INDEX_EDUCATION/CLES/PARTENAIRE[2]/@NOM'],
    ['missing DATEHEURE', (s) => s.replace(/ *<DATEHEURE>[^<]*<\/DATEHEURE>\n/, ''), '/EXPORT_INDEX_EDUCATION/DATEHEURE'],
    ['UAI before DATEHEURE', (s) => s.replace(/( *<DATEHEURE>[^<]*<\/DATEHEURE>\n)( *<UAI>[^<]*<\/UAI>\n)/, '$2$1'), '/EXPORT_INDEX_EDUCATION/DATEHEURE'],
    ['a qualified child', (s) => s.replace('<VERSION>1.0</VERSION>', '<v:VERSION xmlns:v="urn:v">1.0</v:VERSION>'), '/EXPORT_INDEX_EDUCATION/VERSION'],
    ['a child element in NOMETABLISSEMENT', (s) => s.replace('</UAI>\n', '</UAI>\n  <NOMETABLISSEMENT><b>x</b></NOMETABLISSEMENT>\n'), '/EXPORT_INDEX_EDUCATION/NOMETABLISSEMENT'],
  ];
  for (const [label, mutate, path] of schemaCases) {
    it(`${label}: ERR_SCHEMA at ${path}`, () => {
      const mutated = mutate(envelope);
      expect(mutated).not.toBe(envelope);
      expect(expectCode(() => openExportIndexEducation(mutated, PRIV, { partner: 'ENT-A' }), 'ERR_SCHEMA').path).toBe(path);
    });
  }

  it('base64 errors name the key block', () => {
    const bad = envelope.replace(/(<PARTENAIRE NOM="ENT-B">)(.)/, '$1*');
    expect(expectCode(() => openExportIndexEducation(bad, PRIV, { partner: 'ENT-A' }), 'ERR_BASE64').path).toBe('/EXPORT_INDEX_EDUCATION/CLES/PARTENAIRE[2]');
  });

  it('an ImportChiffre given to openExportIndexEducation: ERR_SCHEMA', () => {
    const ic = sealImportChiffre(SAMPLE_XML, PUB, { partenaire: 'X', uai: '0410017W', date: DATE });
    expect(expectCode(() => openExportIndexEducation(ic, PRIV), 'ERR_SCHEMA').message).toMatch(/openImportChiffre/);
  });
});

describe('openEnvelope, openEnvelopeAsync and inspectEnvelope detect the envelope', () => {
  const ic = sealImportChiffre(SAMPLE_XML, PUB, { partenaire: 'TESTENT', uai: '0410017W', date: DATE });
  const ex = sealExportIndexEducation(SAMPLE_XML, two, { date: DATE });

  it('opens both kinds', async () => {
    expect(openEnvelope(ic, PRIV).kind).toBe('ImportChiffre');
    expect(openEnvelope(ex, PRIV_B, { partner: 'ENT-B' }).kind).toBe('EXPORT_INDEX_EDUCATION');
    expect((await openEnvelopeAsync(ic, PRIV)).text()).toBe(SAMPLE_XML);
    expect((await openEnvelopeAsync(Buffer.from(ex), keyText('rsa2048b.pkcs8.pem'), { partner: 'ENT-B' })).text()).toBe(SAMPLE_XML);
  });

  it('async opening refuses the same things with the same codes', async () => {
    await expectCodeAsync(openEnvelopeAsync(ic, PRIV_B), 'ERR_DECRYPT');
    await expectCodeAsync(openEnvelopeAsync(ic, PRIV, { limits: { maxDecompressedBytes: 10 } }), 'ERR_LIMIT');
    await expectCodeAsync(openEnvelopeAsync(ex, PRIV), 'ERR_PARTNER');
    await expectCodeAsync(openEnvelopeAsync('<x/>', PRIV), 'ERR_SCHEMA');
  });

  it('inspects without a key', () => {
    expect(inspectEnvelope(ic)).toMatchObject({ kind: 'ImportChiffre', partenaire: 'TESTENT', uai: '0410017W', compressed: true, keyBlockBytes: [256] });
    const info = inspectEnvelope(Buffer.from(ex));
    expect(info).toMatchObject({ kind: 'EXPORT_INDEX_EDUCATION', partners: ['ENT-A', 'ENT-B'], logiciel: 'PRONOTE', date: DATE });
    expect(info.encryptedBytes).toBe(Buffer.from(getText(ex, 'CONTENU'), 'base64').length);
  });

  it('refuses other documents', () => {
    expect(expectCode(() => openEnvelope('<PARTENAIRE_INDEX/>', PRIV), 'ERR_SCHEMA').message).toMatch(/not an envelope/);
    expectCode(() => inspectEnvelope('<?xml version="1.0"?>'), 'ERR_XML');
    expectCode(() => inspectEnvelope('<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><ImportChiffre/>'), 'ERR_DOCTYPE');
  });
});
