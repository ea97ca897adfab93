/**
 * Envelope test helpers: test keys, a deterministic random source, a field extractor that does not
 * use the library (fast-xml-parser), an envelope assembler built on node:crypto directly, and the
 * OpenSSL/python3 implementations of both recipes used as independent oracles.
 */

import { createCipheriv, createHash, createPublicKey, publicEncrypt, constants } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { deflateSync } from 'node:zlib';
import { importPrivateKey, importPublicKey } from '../../src/index';
import { keyPath, keyText, run, tempDir } from '../keys/helpers';

export const NS = 'http://www.index-education.com/containeurimportchiffreV1';

export const PUB = importPublicKey(keyText('rsa2048.spki.pem'));
export const PRIV = importPrivateKey(keyText('rsa2048.pkcs8.pem'));
export const PUB_B = importPublicKey(keyText('rsa2048b.spki.pem'));
export const PRIV_B = importPrivateKey(keyText('rsa2048b.pkcs8.pem'));
export const PRIV_3072 = importPrivateKey(keyText('rsa3072.pkcs8.pem'));
export const PUB_3072 = importPublicKey(keyText('rsa3072.spki.pem'));

/** A small PARTENAIRE_INDEX-like document with non-ASCII text. */
export const SAMPLE_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<PARTENAIRE_INDEX xmlns="http://www.index-education.com/rapprochementssoV2.0" Date="2026-09-01T08:00:00+02:00" Partenaire="TESTENT">\n' +
  '  <Etablissements><Etablissement Ident="1" Numero="0410017W" Nom="Lycée Augustin-Thierry"/></Etablissements>\n' +
  '  <EtablissementsGeres><Etablissement Ident="1"/></EtablissementsGeres>\n' +
  '  <Eleves><Eleve Ident="2" Nom="ÉLÈVE-TEST" Prenom="Zoé" DateNaissance="2010-05-04" ID_Partenaire="opaque-7f3a"/></Eleves>\n' +
  '</PARTENAIRE_INDEX>\n';

/** Fixed date for reproducible envelopes. */
export const DATE = '2026-09-01T08:00:00+02:00';

/** A deterministic byte source (SHA-256 in counter mode over a seed). UNSAFE: tests only. */
export function detRandom(seed: string): (size: number) => Uint8Array {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (size) => {
    while (pool.length < size) {
      pool = Buffer.concat([pool, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    }
    const out = Uint8Array.from(pool.subarray(0, size));
    pool = pool.subarray(size);
    return out;
  };
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, removeNSPrefix: true });

/** The fields of an envelope, read by fast-xml-parser (an oracle independent of the library). */
export interface Fields {
  root: string;
  cle: string[];
  noms: string[];
  contenu: string;
  compressed: boolean;
  verification: string;
  meta: Record<string, string>;
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && '#text' in v) return String((v as Record<string, unknown>)['#text']);
  return '';
}

export function fieldsOf(xml: string): Fields {
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  if (doc.ImportChiffre !== undefined) {
    const r = doc.ImportChiffre;
    return {
      root: 'ImportChiffre',
      cle: [textOf(r.Cle)],
      noms: [],
      contenu: textOf(r.Contenu),
      compressed: true,
      verification: textOf(r.Verification),
      meta: { Partenaire: textOf(r.Partenaire), Description: textOf(r.Description), DateExport: textOf(r.DateExport), UAI: textOf(r.UAI), Version: String(r['@_Version']) },
    };
  }
  const r = doc.EXPORT_INDEX_EDUCATION as Record<string, unknown>;
  const partners = (r.CLES as Record<string, unknown>).PARTENAIRE;
  const list = (Array.isArray(partners) ? partners : [partners]) as Array<Record<string, unknown>>;
  const contenu = r.CONTENU as Record<string, unknown>;
  return {
    root: 'EXPORT_INDEX_EDUCATION',
    cle: list.map(textOf),
    noms: list.map((p) => String(p['@_NOM'])),
    contenu: textOf(contenu),
    compressed: contenu['@_CompresseAvantChiffrement'] !== 'false',
    verification: textOf(r.VERIFICATION),
    meta: { VERSION: textOf(r.VERSION), LOGICIEL: textOf(r.LOGICIEL), DATEHEURE: textOf(r.DATEHEURE) },
  };
}

/** Replaces the text of the first element named `name`. */
export function replaceText(xml: string, name: string, value: string): string {
  const re = new RegExp(`(<(?:\\w+:)?${name}(?:\\s[^>]*)?>)([^<]*)(</(?:\\w+:)?${name}>)`);
  if (!re.test(xml)) throw new Error(`no element ${name}`);
  return xml.replace(re, (_m, open: string, _t: string, close: string) => `${open}${value}${close}`);
}

/** Text of the first element named `name`. */
export function getText(xml: string, name: string): string {
  const m = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${name}>`).exec(xml);
  if (m === null) throw new Error(`no element ${name}`);
  return m[1] as string;
}

/**
 * Builds an ImportChiffre container from its parts with node:crypto only (not the library), for
 * hostile or unusual inputs: any `z` (compressed bytes, valid or not), any key block.
 */
export function assembleImportChiffre(parts: {
  z: Uint8Array;
  publicKeyPem?: string;
  key?: Buffer;
  iv?: Buffer;
  block?: Buffer;
  sha?: Buffer;
  ciphertext?: Buffer;
}): string {
  const key = parts.key ?? Buffer.alloc(16, 7);
  const iv = parts.iv ?? Buffer.alloc(16, 9);
  const c = createCipheriv('aes-128-cbc', key, iv);
  const ciphertext = parts.ciphertext ?? Buffer.concat([c.update(parts.z), c.final()]);
  const block = parts.block ?? Buffer.concat([key, iv, createHash('md5').update(Buffer.concat([key, iv])).digest()]);
  const cle = publicEncrypt({ key: createPublicKey(parts.publicKeyPem ?? keyText('rsa2048.spki.pem')), padding: constants.RSA_PKCS1_PADDING }, block);
  const sha = parts.sha ?? createHash('sha256').update(parts.z).digest();
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ImportChiffre xmlns="${NS}" Version="1.0">\n` +
    `<Partenaire>TESTENT</Partenaire>\n<Description>assembled</Description>\n` +
    `<Cle>${cle.toString('base64')}</Cle>\n<Contenu>${ciphertext.toString('base64')}</Contenu>\n` +
    `<Verification>${sha.toString('base64')}</Verification>\n<DateExport>${DATE}</DateExport>\n<UAI>0410017W</UAI>\n</ImportChiffre>\n`
  );
}

/** zlib of bytes (Node), for assembled envelopes. */
export function zlibOf(bytes: Uint8Array | string): Buffer {
  return deflateSync(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
}

const PY_INFLATE = 'import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))';
const PY_DEFLATE = 'import sys, zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))';

/** python3's zlib, as an independent inflater. */
export function pythonInflate(z: Uint8Array): Buffer {
  return run('python3', ['-c', PY_INFLATE], z);
}

/** python3's zlib, as an independent deflater. */
export function pythonDeflate(bytes: Uint8Array): Buffer {
  return run('python3', ['-c', PY_DEFLATE], bytes);
}

/** What OpenSSL finds in an envelope: each step checked by the test with OpenSSL commands. */
export interface OpensslOpened {
  keyBlock: Buffer;
  compressed: Buffer;
  plain: Buffer;
}

/**
 * Opens an envelope with OpenSSL commands only: `pkeyutl -decrypt` (PKCS#1 v1.5) of the key block,
 * `dgst -md5` check, `enc -d -aes-128-cbc`, `dgst -sha256` check, python3 zlib inflate.
 */
export function opensslOpen(xml: string, privatePemFile: string, partnerIndex = 0): OpensslOpened {
  const f = fieldsOf(xml);
  const t = tempDir();
  try {
    const cleFile = t.file('cle.bin', Buffer.from(f.cle[partnerIndex] as string, 'base64'));
    const keyBlock = run('openssl', ['pkeyutl', '-decrypt', '-inkey', privatePemFile, '-pkeyopt', 'rsa_padding_mode:pkcs1', '-in', cleFile]);
    if (keyBlock.length !== 48) throw new Error(`key block of ${keyBlock.length} bytes`);
    const kiv = t.file('kiv.bin', keyBlock.subarray(0, 32));
    const md5 = run('openssl', ['dgst', '-md5', '-binary', kiv]);
    if (!md5.equals(keyBlock.subarray(32))) throw new Error('MD5 mismatch');
    const ct = t.file('contenu.bin', Buffer.from(f.contenu, 'base64'));
    const compressed = run('openssl', [
      'enc', '-d', '-aes-128-cbc',
      '-K', keyBlock.subarray(0, 16).toString('hex'),
      '-iv', keyBlock.subarray(16, 32).toString('hex'),
      '-in', ct,
    ]);
    const z = t.file('z.bin', compressed);
    const sha = run('openssl', ['dgst', '-sha256', '-binary', z]);
    if (!sha.equals(Buffer.from(f.verification, 'base64'))) throw new Error('SHA-256 mismatch');
    const plain = f.compressed ? pythonInflate(compressed) : compressed;
    return { keyBlock, compressed, plain };
  } finally {
    t.cleanup();
  }
}

/** The encryption half of a recipe done with OpenSSL commands; returns base64 fields. */
function opensslEncrypt(plain: Uint8Array, publicPemFiles: string[], compress: boolean): { cles: string[]; contenu: string; verification: string } {
  const t = tempDir();
  try {
    const z = compress ? pythonDeflate(plain) : Buffer.from(plain);
    const zFile = t.file('z.bin', z);
    const keyHex = run('openssl', ['rand', '-hex', '16']).toString().trim();
    const ivHex = run('openssl', ['rand', '-hex', '16']).toString().trim();
    const ct = run('openssl', ['enc', '-aes-128-cbc', '-K', keyHex, '-iv', ivHex, '-in', zFile]);
    const kiv = Buffer.from(keyHex + ivHex, 'hex');
    const md5 = run('openssl', ['dgst', '-md5', '-binary', t.file('kiv.bin', kiv)]);
    const blockFile = t.file('block.bin', Buffer.concat([kiv, md5]));
    const cles = publicPemFiles.map((pem) =>
      run('openssl', ['pkeyutl', '-encrypt', '-pubin', '-inkey', pem, '-pkeyopt', 'rsa_padding_mode:pkcs1', '-in', blockFile]).toString('base64'),
    );
    const sha = run('openssl', ['dgst', '-sha256', '-binary', zFile]);
    const b64 = (bytes: Buffer) => run('openssl', ['base64', '-A'], bytes).toString().trim();
    return { cles, contenu: b64(ct), verification: b64(sha) };
  } finally {
    t.cleanup();
  }
}

/** An ImportChiffre container sealed by OpenSSL + python3 (XML written by hand here). */
export function opensslSealImportChiffre(plain: Uint8Array, publicPemFile = keyPath('rsa2048.spki.pem')): string {
  const e = opensslEncrypt(plain, [publicPemFile], true);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
    `<ImportChiffre xmlns="${NS}" Version="1.0">\r\n` +
    '\t<Partenaire>OPENSSL</Partenaire>\r\n\t<Description>sealed with openssl</Description>\r\n' +
    `\t<Cle>${e.cles[0]}</Cle>\r\n\t<Contenu>${e.contenu}</Contenu>\r\n\t<Verification>${e.verification}</Verification>\r\n` +
    `\t<DateExport>${DATE}</DateExport>\r\n\t<UAI>0410017W</UAI>\r\n</ImportChiffre>\r\n`
  );
}

/** An EXPORT_INDEX_EDUCATION envelope sealed by OpenSSL + python3. */
export function opensslSealExport(plain: Uint8Array, partners: Array<{ nom: string; pem: string }>, compress: boolean): string {
  const e = opensslEncrypt(plain, partners.map((p) => p.pem), compress);
  const cles = partners.map((p, i) => `<PARTENAIRE NOM="${p.nom}">${e.cles[i]}</PARTENAIRE>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<EXPORT_INDEX_EDUCATION>' +
    `<VERSION>1.0</VERSION><LOGICIEL>EDT</LOGICIEL><CLES>${cles}</CLES>` +
    `<CONTENU${compress ? '' : ' CompresseAvantChiffrement="false"'}>${e.contenu}</CONTENU>` +
    `<VERIFICATION>${e.verification}</VERIFICATION><DATEHEURE>${DATE}</DATEHEURE><UAI>0410017W</UAI>` +
    '<NOMETABLISSEMENT>LYCEE TEST</NOMETABLISSEMENT><CODEPOSTALVILLE>41000 BLOIS</CODEPOSTALVILLE></EXPORT_INDEX_EDUCATION>\n'
  );
}
