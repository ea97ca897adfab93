/**
 * Every single-byte alteration of a sealed envelope is refused with a coded error, or is harmless.
 *
 * Precisely, for an envelope E sealed by the library and any E' that differs from E in exactly one
 * byte, opening E' with the right key either:
 * - throws an EntPronoteError whose code is one of the structural or cryptographic codes (never
 *   another exception, never ERR_DECOMPRESS or ERR_LIMIT, which verified content cannot reach);
 *   and when the byte lies inside Cle/PARTENAIRE, Contenu/CONTENU or Verification/VERIFICATION,
 *   the code is one that field can give; or
 * - succeeds, and then: the content is byte-for-byte the original content; the decoded Cle,
 *   Contenu and Verification are byte-for-byte the original ones (so the byte was not inside them:
 *   the library writes them on one line without white space); and every metadata field equals the
 *   original, except the one field whose text holds the altered byte. The formats do not
 *   authenticate the clear metadata (Version, Partenaire, Description, DateExport, UAI; VERSION,
 *   LOGICIEL, DATEHEURE, UAI, NOMETABLISSEMENT, CODEPOSTALVILLE, NOM): such a change is visible in
 *   `info`, never in the content. The only other accepted changes are white space between
 *   elements replaced by other white space, and changes inside the XML declaration that still
 *   parse (the letter case of the encoding label, or the declaration turned into a processing
 *   instruction such as `<?xmm …?>`, which leaves the default, UTF-8).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntPronoteError, type ErrorCode, sealExportIndexEducation, sealImportChiffre, openEnvelope, type EnvelopeInfo, DEFAULT_LIMITS } from '../../src/index';
import { parseEnvelope } from '../../src/envelope/parse';
import { decodeEnvelope } from '../../src/envelope/unseal';
import { DATE, detRandom, PRIV, PUB } from './helpers';

const CONTENT = '<?xml version="1.0" encoding="UTF-8"?><a>Zoé</a>';

const STRUCTURE: ErrorCode[] = ['ERR_XML', 'ERR_ENCODING', 'ERR_DOCTYPE', 'ERR_SCHEMA'];
const BY_FIELD: Record<'key' | 'content' | 'digest' | 'other', ErrorCode[]> = {
  key: [...STRUCTURE, 'ERR_BASE64', 'ERR_KEY_BLOCK', 'ERR_DECRYPT'],
  content: [...STRUCTURE, 'ERR_BASE64', 'ERR_INTEGRITY'],
  digest: [...STRUCTURE, 'ERR_BASE64', 'ERR_INTEGRITY'],
  other: [...STRUCTURE, 'ERR_BASE64', 'ERR_KEY_BLOCK', 'ERR_DECRYPT', 'ERR_INTEGRITY', 'ERR_PARTNER'],
};

interface Span {
  start: number;
  end: number;
}

interface Subject {
  name: string;
  bytes: Buffer;
  info: EnvelopeInfo;
  decoded: { keyBlocks: readonly Buffer[]; contenu: Buffer; verification: Buffer };
  crypto: Record<'key' | 'content' | 'digest', Span>;
  meta: Partial<Record<keyof EnvelopeInfo, Span>>;
}

function elementSpan(text: string, name: string): Span {
  const open = new RegExp(`<${name}(?: [^>]*)?>`).exec(text) as RegExpExecArray;
  const start = open.index + open[0].length;
  return { start, end: text.indexOf(`</${name}>`, start) };
}

function attributeSpan(text: string, name: string): Span {
  const start = text.indexOf(`${name}="`) + name.length + 2;
  return { start, end: text.indexOf('"', start) };
}

function subject(name: string, text: string, meta: Subject['meta'], crypto: Subject['crypto']): Subject {
  const bytes = Buffer.from(text, 'utf8');
  expect(bytes.length).toBe(text.length); // ASCII: character offsets are byte offsets
  const decoded = decodeEnvelope(parseEnvelope(bytes, DEFAULT_LIMITS));
  return { name, bytes, info: decoded.info, decoded, meta, crypto };
}

const icText = sealImportChiffre(CONTENT, PUB, { partenaire: 'TESTENT', uai: '0410017W', description: 'x', date: DATE, unsafeRandom: detRandom('mutation-ic') });
const exText = sealExportIndexEducation(CONTENT, [{ nom: 'ENT', publicKey: PUB }], {
  date: DATE,
  uai: '0410017W',
  nomEtablissement: 'LYCEE',
  codePostalVille: '41000',
  unsafeRandom: detRandom('mutation-ex'),
});

const SUBJECTS: Subject[] = [
  subject(
    'ImportChiffre',
    icText,
    {
      version: attributeSpan(icText, 'Version'),
      partenaire: elementSpan(icText, 'Partenaire'),
      description: elementSpan(icText, 'Description'),
      date: elementSpan(icText, 'DateExport'),
      uai: elementSpan(icText, 'UAI'),
    },
    { key: elementSpan(icText, 'Cle'), content: elementSpan(icText, 'Contenu'), digest: elementSpan(icText, 'Verification') },
  ),
  subject(
    'EXPORT_INDEX_EDUCATION',
    exText,
    {
      version: elementSpan(exText, 'VERSION'),
      logiciel: elementSpan(exText, 'LOGICIEL'),
      partners: attributeSpan(exText, 'NOM'),
      date: elementSpan(exText, 'DATEHEURE'),
      uai: elementSpan(exText, 'UAI'),
      nomEtablissement: elementSpan(exText, 'NOMETABLISSEMENT'),
      codePostalVille: elementSpan(exText, 'CODEPOSTALVILLE'),
    },
    { key: elementSpan(exText, 'PARTENAIRE'), content: elementSpan(exText, 'CONTENU'), digest: elementSpan(exText, 'VERIFICATION') },
  ),
];

const inside = (span: Span | undefined, at: number) => span !== undefined && at >= span.start && at < span.end;

type Outcome = 'refused' | 'accepted';

/** Opens E' (one byte changed) and checks the property; returns what happened. */
function check(s: Subject, at: number, value: number): Outcome {
  const mutated = Buffer.from(s.bytes);
  mutated[at] = value;
  const field = (['key', 'content', 'digest'] as const).find((f) => inside(s.crypto[f], at)) ?? 'other';
  let opened;
  try {
    opened = openEnvelope(mutated, PRIV, { partner: s.info.kind === 'EXPORT_INDEX_EDUCATION' ? 'ENT' : undefined });
  } catch (e) {
    if (!(e instanceof EntPronoteError)) throw new Error(`${s.name}: byte ${at} := ${value} threw a non-library error: ${String(e)}`);
    expect(BY_FIELD[field], `${s.name}: byte ${at} (${field}) := ${value} gave ${e.code}: ${e.message}`).toContain(e.code);
    return 'refused';
  }
  const where = `${s.name}: byte ${at} := ${value} was accepted`;
  expect(Buffer.from(opened.content).toString('utf8'), where).toBe(CONTENT);
  expect(field, `${where} inside a crypto field`).toBe('other');
  const decoded = decodeEnvelope(parseEnvelope(mutated, DEFAULT_LIMITS));
  expect(decoded.keyBlocks.every((b, i) => b.equals(s.decoded.keyBlocks[i] as Buffer)), where).toBe(true);
  expect(decoded.contenu.equals(s.decoded.contenu), where).toBe(true);
  expect(decoded.verification.equals(s.decoded.verification), where).toBe(true);
  for (const key of Object.keys(s.info) as Array<keyof EnvelopeInfo>) {
    if (!inside(s.meta[key], at)) expect(opened.info[key], `${where}: ${key} changed`).toEqual(s.info[key]);
  }
  if (!Object.values(s.meta).some((span) => inside(span, at))) {
    const declaration = at < s.bytes.indexOf(0x0a);
    const space = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
    expect(declaration || (space(s.bytes[at] as number) && space(value)), `${where}: outside metadata, declaration and white space`).toBe(true);
  }
  return 'accepted';
}

describe.each(SUBJECTS)('single-byte alterations of a sealed $name', (s) => {
  it('the unaltered envelope opens (control)', () => {
    expect(openEnvelope(s.bytes, PRIV).text()).toBe(CONTENT);
  });

  it('every position, two bit flips each (exhaustive)', () => {
    const counts: Record<Outcome, number> = { refused: 0, accepted: 0 };
    for (let at = 0; at < s.bytes.length; at++) {
      for (const mask of [0x01, 0x20]) counts[check(s, at, (s.bytes[at] as number) ^ mask)]++;
    }
    // Nearly everything is refused; what opens is metadata or the XML declaration.
    expect(counts.refused).toBeGreaterThan(0.85 * 2 * s.bytes.length);
    expect(counts.accepted).toBeGreaterThan(0);
  });

  it('random positions and values (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: s.bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        check(s, at, ((s.bytes[at] as number) + delta) & 0xff);
      }),
      { numRuns: 3000 },
    );
  });
});
