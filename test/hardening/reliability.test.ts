/**
 * Issue 15: the hostile shapes that took the process down or ended in uncoded errors, scaled down
 * to run in a few seconds, each fed to the public functions that read it, with the exact error
 * code (and the counts of what was left out). The memory and time of the full-size shapes are
 * measured by `npm run bench:hostile` (README, Security, "Limits").
 */

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealImportChiffre, inspectEnvelope, EntPronoteError, parseIdentifiantsPronote, importPrivateKey, importPublicKey, DEFAULT_LIMITS, parsePartenaireIndex } from '../../src/index';
import { readIdentifiantsPronoteCsv, readAafFeed, readCsvAccounts, readJsonAccounts, deriveOpaqueId, MAX_KEPT_PROBLEMS } from '../../src/input';
import { csvField } from '../../src/report';
import { MAX_XML_ATTRIBUTES, MAX_XML_NAME_LENGTH } from '../../src/internal/xml/tokenizer';
import { parseXmlTree } from '../../src/internal/xml/tree';
import { MAX_STRING_BYTES, resolveLimits } from '../../src/limits';
import { AAF_OPTIONS, aafText, libraryError, libraryErrorAsync } from './helpers';

const AAF_NAME = 'ENT_0410017W_Complet_20260901_Eleve_0000.xml';

const DATE = '2026-09-01T08:00:00+02:00';
const INPUT = { date: DATE, partenaire: 'TEST' };
const CSV_HEADER = 'population;id_partenaire;nom;prenom;date_naissance;sexe;uai';
const SCHOOL = 'etablissement;;LYCEE;;;;0410017W';
const PRONOTE_ROOT = 'IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00" UAI="0410017W" Socle="X" Mode="Complet"';
const PRONOTE_CSV = { date: DATE, uai: '0410017W', socle: 'X' };
const attrs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ` ${prefix}${i}="v"`).join('');
const pronoteStudents = (students: number, unknown: number) =>
  `<${PRONOTE_ROOT}><Eleves>${Array.from({ length: students }, (_, s) => `<Eleve Ident="${s + 1}" IDPN="${s}" Nom="N" Prenom="P" DateNaissance="2010-01-01"${attrs(`u${s}x`, unknown)}/>`).join('')}</Eleves></IDENTIFIANTS_PRONOTE>`;

describe('IDENTIFIANTS_PRONOTE with many distinct unknown attributes (the 71 MB out-of-memory file, scaled)', () => {
  it('more attributes on one element than the tokenizer keeps: ERR_LIMIT', () => {
    expect(MAX_XML_ATTRIBUTES).toBe(1024);
    const e = libraryError(() => parseIdentifiantsPronote(pronoteStudents(2, 1100)), 'ERR_LIMIT');
    expect(e.message).toMatch(/<Eleve> has more than 1,024 attributes/);
    expect(e.line).toBe(1);
  });

  it('more unknown attributes in all than the extra bags keep (100,000): ERR_LIMIT', () => {
    const e = libraryError(() => parseIdentifiantsPronote(pronoteStudents(101, 1000)), 'ERR_LIMIT');
    expect(e.message).toMatch(/more than 100,000 unknown elements and attributes/);
  });

  it('notices: at most 1,000 kinds kept, the others counted in a last truncated notice', () => {
    const children = Array.from({ length: 1100 }, (_, i) => `<x${i}/>`).join('');
    const xml = `<${PRONOTE_ROOT}><Eleves><Eleve Ident="1" IDPN="a" Nom="N" Prenom="P" DateNaissance="2010-01-01">${children}</Eleve></Eleves></IDENTIFIANTS_PRONOTE>`;
    const { document, problems: notices } = parseIdentifiantsPronote(xml);
    expect(document.eleves[0]?.extra?.elements).toHaveLength(1100);
    expect(notices.filter((n) => n.rule === 'unknown-element')).toHaveLength(1000);
    const truncated = notices.filter((n) => n.rule === 'truncated');
    expect(truncated.map((n) => n.message)).toEqual(['more than 1,000 kinds of notices: 100 more occurrences of other kinds were not kept']);
  });
});

describe('CSV readers: records streamed, problems capped with errors first', () => {
  it('a header and 200,000 empty lines `;;;;`: ERR_INPUT (no school), no row kept', () => {
    const e = libraryError(() => readCsvAccounts(`${CSV_HEADER}\n${';;;;\n'.repeat(200_000)}`, INPUT), 'ERR_INPUT');
    expect(e.message).toMatch(/no valid etablissement row/);
    expect(e.problems).toEqual([]);
  });

  it('200,000 invalid rows: ERR_INPUT, 10,000 problems kept and the others counted', () => {
    const e = libraryError(() => readCsvAccounts(`${CSV_HEADER}\n${'x;;;;\n'.repeat(200_000)}`, INPUT), 'ERR_INPUT');
    expect(e.reason).toMatch(/^the CSV has 200000 invalid records: 2:1 \(population\): must be one of/);
    expect(e.problems).toHaveLength(MAX_KEPT_PROBLEMS + 1);
    expect(e.problems?.at(-1)?.message).toBe(
      'more than 10,000 problems: 190,000 more (190,000 errors, 0 warnings) were passed to onProblem only; errors are kept before warnings',
    );
  });

  it('10,001 warnings, then the error that fails the read: the error is kept and named', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `eleve;e${i};N;P;01/01/2010;Z;0410017W`).join('\n');
    const bad = 10_001 + 3; // header, school, the rows with a warning, then this one
    const seen: string[] = [];
    const e = libraryError(() => readCsvAccounts(`${CSV_HEADER}\n${SCHOOL}\n${rows}\neleve;;N;P;01/01/2010;M;0410017W\n`, { ...INPUT, onProblem: (p) => seen.push(p.severity) }), 'ERR_INPUT');
    expect(seen).toHaveLength(10_002);
    expect(e.reason).toBe(`the CSV has 1 invalid record: ${bad}:7 (id_partenaire): is empty (it is the ENT's identifier of the account)`);
    expect(e.line).toBe(bad);
    const problems = e.problems ?? [];
    expect(problems).toHaveLength(MAX_KEPT_PROBLEMS + 1);
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([bad]);
    expect(problems.at(-1)?.message).toMatch(/^more than 10,000 problems: 2 more \(0 errors, 2 warnings\)/);
  });

  it('one invalid byte in a UTF-8 CSV: ERR_ENCODING with its line (not read as Windows-1252)', () => {
    const utf8 = Buffer.from(`${CSV_HEADER}\n${SCHOOL}\neleve;e1;HÉLÈNE;P;01/01/2010;F;0410017W\n`);
    const damaged = Buffer.concat([utf8, Buffer.from('eleve;e2;N'), Buffer.from([0xe9]), Buffer.from(';P;01/01/2010;F;0410017W\n')]);
    const e = libraryError(() => readCsvAccounts(damaged, INPUT), 'ERR_ENCODING');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/invalid byte sequence at byte \d+ .*encoding: 'windows-1252'/);
    libraryError(() => readIdentifiantsPronoteCsv(Buffer.concat([Buffer.from('population;idpn;nom;prenom\nÉ'), Buffer.from([0xff])]), PRONOTE_CSV), 'ERR_ENCODING');
    // Forced, the same bytes are read as Windows-1252; a Windows-1252 file (no UTF-8 sequence) still is by default.
    expect(readCsvAccounts(damaged, { ...INPUT, encoding: 'windows-1252' }).document.eleves.map((p) => p.nom)).toEqual(['HÃ‰LÃˆNE', 'Né']);
    const cp1252 = Buffer.from(`${CSV_HEADER}\n${SCHOOL}\neleve;e1;H\xC9L\xC8NE;P;01/01/2010;F;0410017W\n`, 'latin1');
    const r = readCsvAccounts(cp1252, INPUT);
    expect([r.stats.encoding, r.document.eleves[0]?.nom]).toEqual(['windows-1252', 'HÉLÈNE']);
  });

  it('readIdentifiantsPronoteCsv: limits on size, cells and people; problems capped', () => {
    const csv = `population;idpn;nom;prenom\n${'eleve;a;N;P\n'.repeat(3)}`;
    libraryError(() => readIdentifiantsPronoteCsv(csv, { ...PRONOTE_CSV, limits: { maxInputBytes: 20 } }), 'ERR_LIMIT');
    libraryError(() => readIdentifiantsPronoteCsv(csv, { ...PRONOTE_CSV, limits: { maxPeople: 2 } }), 'ERR_LIMIT');
    libraryError(() => readIdentifiantsPronoteCsv(`population;idpn;nom;prenom\neleve;a;${'N'.repeat(20)};P\n`, { ...PRONOTE_CSV, limits: { maxAttributeLength: 10 } }), 'ERR_LIMIT');
    const e = libraryError(() => readIdentifiantsPronoteCsv(`population;idpn;nom;prenom\n${'x;;;\n'.repeat(20_000)}`, PRONOTE_CSV), 'ERR_INPUT');
    expect(e.reason).toMatch(/^the CSV has 20000 invalid values: /);
    expect(e.problems).toHaveLength(MAX_KEPT_PROBLEMS + 1);
  });
});

describe('AAF: many distinct unknown elements on one line', () => {
  // Linear: about a second. Locating each element from the start of its line again (quadratic)
  // took over two minutes, beyond the test timeout.
  it('300,000 of them: ERR_INPUT (no school), 10,000 problems kept and the rest counted', { timeout: 60_000 }, async () => {
    const body = Array.from({ length: 300_000 }, (_, i) => `<x${i}/>`).join('');
    const e = await libraryErrorAsync(() => readAafFeed([{ name: AAF_NAME, chunks: Buffer.from(aafText(body)) }], AAF_OPTIONS), 'ERR_INPUT');
    expect(e.problems).toHaveLength(MAX_KEPT_PROBLEMS + 1);
    expect(e.problems[0]?.message).toBe('element <x0> is not an AAF request: ignored');
    expect(e.problems[0]?.column).toBe(1);
    let column = 1;
    for (let i = 0; i < 9_999; i++) column += `<x${i}/>`.length;
    expect([e.problems[9_999]?.line, e.problems[9_999]?.column]).toEqual([4, column]);
    expect(e.problems.at(-1)?.message).toMatch(/^more than 10,000 problems: 290,000 more \(0 errors, 290,000 warnings\)/);
  });
});

describe('AAF: many values of one attribute', () => {
  it('more than 10,000 values of a kept attribute in one record: ERR_LIMIT with the record', async () => {
    const values = (n: number) => Array.from({ length: n }, () => '<value>5001</value>').join('');
    const record = (n: number) =>
      `<addRequest><operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes><identifier><id>9</id></identifier><attributes><attr name="ENTPersonStructRattach">${values(n)}</attr></attributes></addRequest>\n`;
    const e = await libraryErrorAsync(() => readAafFeed([{ name: AAF_NAME, chunks: Buffer.from(aafText(record(10_001))) }], AAF_OPTIONS), 'ERR_LIMIT');
    expect([e.record, e.line, e.file]).toEqual(['9', 4, AAF_NAME]);
    expect(e.reason).toBe('an AAF attribute has more than 10,000 values: this is not a real AAF record');
    // 10,000 are read (the feed then lacks a school: ERR_INPUT).
    await libraryErrorAsync(() => readAafFeed([{ name: AAF_NAME, chunks: Buffer.from(aafText(record(10_000))) }], AAF_OPTIONS), 'ERR_INPUT');
  });
});

describe('JSON: bounded before JSON.parse', () => {
  it('more objects and arrays than 4 per person of maxPeople: ERR_LIMIT with the line', () => {
    const e = libraryError(() => readJsonAccounts(`{"eleves":[\n${'{},'.repeat(40)}{}]}`, { ...INPUT, limits: { maxPeople: 10 } }), 'ERR_LIMIT');
    expect(e.message).toMatch(/more than 40 objects and arrays/);
    expect(e.line).toBe(2);
    const v = libraryError(() => readJsonAccounts(`{"eleves":[${'0,'.repeat(400)}0]}`, { ...INPUT, limits: { maxPeople: 10 } }), 'ERR_LIMIT');
    expect(v.message).toMatch(/more than 320 values/);
    // Brackets and commas inside strings (escaped quotes included) are not counted.
    const inStrings = JSON.stringify({ eleves: [], x: `\\"${'{[,'.repeat(1000)}` });
    libraryError(() => readJsonAccounts(inStrings, { ...INPUT, limits: { maxPeople: 10 } }), 'ERR_INPUT');
  });
});

describe('XML names: capped, never quoted whole', () => {
  const long = 'E'.repeat(MAX_XML_NAME_LENGTH + 1);
  it.each([
    ['element', `<${long}/>`, 'an element'],
    ['attribute', `<PARTENAIRE_INDEX ${long}="x"/>`, 'an attribute of <PARTENAIRE_INDEX>'],
  ])('%s name of 1,025 characters: ERR_LIMIT', (_name, xml) => {
    for (const fn of [() => parsePartenaireIndex(xml), () => parseIdentifiantsPronote(xml), () => inspectEnvelope(xml), () => parseXmlTree(xml, { limits: DEFAULT_LIMITS })]) {
      const e = libraryError(fn, 'ERR_LIMIT');
      expect(e.message).toMatch(/is longer than 1,024 characters/);
      expect(e.message).not.toContain('EEEEEEEEEE');
      expect(e.message.length).toBeLessThan(200);
    }
  });

  it.each([
    ['end tag', `<${PRONOTE_ROOT}></${long}>`],
    ['end tag without ">"', `<${PRONOTE_ROOT}></${long}`],
  ])('%s name of 1,025 characters: ERR_LIMIT', (_name, xml) => {
    for (const fn of [() => parseIdentifiantsPronote(xml), () => parseXmlTree(xml, { limits: DEFAULT_LIMITS })]) {
      const e = libraryError(fn, 'ERR_LIMIT');
      expect(e.message).toMatch(/is longer than 1,024 characters/);
      expect(e.message).not.toContain('EEEEEEEEEE');
      expect(e.message.length).toBeLessThan(200);
    }
  });

  it('a name of 1,024 characters is read, and quoted cut to 64 characters', () => {
    const name = `A${'b'.repeat(MAX_XML_NAME_LENGTH - 1)}`;
    const e = libraryError(() => parsePartenaireIndex(`<${name} x="1" x="2"/>`), 'ERR_XML');
    expect(e.reason).toBe(`attribute x appears twice in <${name.slice(0, 64)}…>`);
  });
});

describe('keys', () => {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  const n = BigInt(`0x${Buffer.from(jwk.n as string, 'base64url').toString('hex')}`);
  const withN = (m: bigint) => ({ kty: 'RSA', e: jwk.e as string, n: Buffer.from(m.toString(16).padStart(512, '0'), 'hex').toString('base64url') });

  it('even, small-factor moduli are refused at import (ERR_KEY_UNSUPPORTED): sealing never meets OpenSSL', () => {
    expect(importPublicKey(withN(n)).bits).toBe(2048);
    expect(libraryError(() => importPublicKey(withN(n - 1n)), 'ERR_KEY_UNSUPPORTED').message).toMatch(/modulus is even/);
    const by3 = n - (n % 3n);
    expect(libraryError(() => importPublicKey(withN(by3 % 2n === 0n ? by3 - 3n : by3)), 'ERR_KEY_UNSUPPORTED').message).toMatch(/small prime factor/);
    const by997 = n - (n % 997n);
    libraryError(() => importPublicKey(withN(by997 % 2n === 0n ? by997 - 997n : by997)), 'ERR_KEY_UNSUPPORTED');
    // The same checks on a private key, after its consistency check.
    const priv = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(importPrivateKey(priv.export({ type: 'pkcs8', format: 'pem' }) as string).bits).toBe(2048);
  });

  it('SSH2 header continuations: linear, refused past 1,024 bytes (ERR_KEY_FORMAT)', () => {
    const file = (lines: number) => `---- BEGIN SSH2 PUBLIC KEY ----\nComment: x\\\n${'y\\\n'.repeat(lines)}z\nAAAA\n---- END SSH2 PUBLIC KEY ----\n`;
    expect(libraryError(() => importPublicKey(file(200_000)), 'ERR_KEY_FORMAT').message).toBe('an SSH2 public key header value is longer than 1024 bytes');
    expect(libraryError(() => importPublicKey(`---- BEGIN SSH2 PUBLIC KEY ----\nComment: x${' '.repeat(300_000)}y\nAAAA\n---- END SSH2 PUBLIC KEY ----\n`), 'ERR_KEY_FORMAT').message).toBe(
      'an SSH2 public key header value is longer than 1024 bytes',
    );
  });
});

describe('lone surrogates', () => {
  const key = importPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }));
  const secret = 'a secret of at least sixteen bytes';

  it('sealing a string holding one: ERR_ENCODING (never sealed as U+FFFD)', () => {
    for (const plain of ['A\uD800', 'A\uDC00B', '\uDBFF']) {
      const e = libraryError(() => sealImportChiffre(plain, key, { partenaire: 'P', uai: '0410017W' }), 'ERR_ENCODING');
      expect(e.message).toMatch(/lone surrogate half \(U\+D[89ABCDEF][0-9A-F]{2} at position \d\)/);
    }
    expect(sealImportChiffre('A\uD83D\uDE00\uFFFD', key, { partenaire: 'P', uai: '0410017W' })).toMatch(/^<\?xml|^<ImportChiffre/);
  });

  it('deriveOpaqueId: A\\uD800, A\\uDC00 refused (ERR_ARGUMENT), A\\uFFFD and pairs derived', () => {
    libraryError(() => deriveOpaqueId(secret, 'A\uD800'), 'ERR_ARGUMENT');
    libraryError(() => deriveOpaqueId(secret, 'A\uDC00'), 'ERR_ARGUMENT');
    libraryError(() => deriveOpaqueId(`${secret}\uD800`, 'A'), 'ERR_ARGUMENT');
    const ids = new Set([deriveOpaqueId(secret, 'A\uFFFD'), deriveOpaqueId(secret, 'A\uD83D\uDE00'), deriveOpaqueId(secret, 'A')]);
    expect(ids.size).toBe(3);
  });
});

describe('CSV report formula guard', () => {
  it.each([
    [' =1+1', "' =1+1"],
    ['  +33', "'  +33"],
    ['\t-2', "'\t-2"],
    ['\u00A0@SUM(A1)', "'\u00A0@SUM(A1)"],
    ['\r\n=1', '"\'\r\n=1"'],
    ['\nx', '"\'\nx"'],
    ['=1', "'=1"],
    [' a=1', ' a=1'],
    ['DUPONT', 'DUPONT'],
    ['  ', '  '],
  ])('%j → %j', (cell, out) => {
    expect(csvField(cell)).toBe(out);
  });
});

describe('limits: below the longest string, reachable', () => {
  it('defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxInputBytes: 256 * 1024 * 1024, maxDecompressedBytes: 256 * 1024 * 1024, maxStreamedFileBytes: 16 * 1024 ** 3, maxPeople: 1_000_000, maxAttributeLength: 4096, maxDepth: 64 });
    expect(MAX_STRING_BYTES).toBe(2 ** 29 - 24);
  });

  it('byte limits above the longest string are refused (ERR_ARGUMENT), so ERR_STRING_TOO_LONG cannot happen', async () => {
    expect(resolveLimits({ maxInputBytes: MAX_STRING_BYTES }).maxInputBytes).toBe(MAX_STRING_BYTES);
    for (const limits of [{ maxInputBytes: MAX_STRING_BYTES + 1 }, { maxDecompressedBytes: 1024 ** 3 }]) {
      expect(libraryError(() => resolveLimits(limits), 'ERR_ARGUMENT').message).toMatch(/cannot exceed 536,870,888/);
      libraryError(() => parsePartenaireIndex('<a/>', { limits }), 'ERR_ARGUMENT');
      libraryError(() => readCsvAccounts('a', { ...INPUT, limits }), 'ERR_ARGUMENT');
      await libraryErrorAsync(async () => readJsonAccounts('{}', { ...INPUT, limits }), 'ERR_ARGUMENT');
    }
    expect(EntPronoteError).toBeDefined();
  });
});
