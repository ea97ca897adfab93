/**
 * Every resource limit on every reader it applies to: at the limit the input is read, one unit
 * below it fails with ERR_LIMIT. The boundaries are measured on the inputs themselves (size,
 * longest value, people, nesting, decompressed size), so each pair of runs brackets the check.
 *
 * Limits that do not apply (a reader that has no such resource) are listed in NOT_APPLICABLE.
 */

import { describe, expect, it } from 'vitest';
import { type ErrorCode, openExportIndexEducation, sealExportIndexEducation, openImportChiffre, sealImportChiffre, inspectEnvelope, openEnvelope, openEnvelopeAsync, buildIdentifiantsPronote, openIdentifiantsPronote, parseIdentifiantsPronote, DEFAULT_LIMITS, type Limits, buildPartenaireIndex, parsePartenaireIndex } from '../../src/index';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { resolveLimits } from '../../src/limits';
import { PRIV, PUB } from '../envelope/helpers';
import {
  AAF_OPTIONS,
  aafText,
  INPUT_OPTIONS,
  libraryError,
  libraryErrorAsync,
  secretAafBody,
  secretCsv,
  secretIdentifiantsPronote,
  secretJson,
  secretPartenaireIndex,
} from './helpers';

const DATE = '2026-09-01T08:00:00+02:00';
/** A value longer than any other attribute, field or text of the documents, so that it sets the boundary. */
const LONG = 'L'.repeat(300);

// ---------------------------------------------------------------------------------------------
// The inputs, each with one long value.

const pi = secretPartenaireIndex();
(pi.eleves[0] as { adresse2?: string }).adresse2 = LONG;
const piXml = buildPartenaireIndex(pi);
const id = secretIdentifiantsPronote();
id.eleves[0]!.idpn = `PN-${LONG}`;
const idXml = buildIdentifiantsPronote(id);
const csv = secretCsv().replace(';KRZYWDONIX11;', `;${LONG};`);
const json = secretJson().replace('"nom": "LYCEE TEST"', `"nom": "${LONG}"`);
const aaf = aafText(secretAafBody().replace('<value>LYCEE TEST</value>', `<value>${LONG}</value>`));

const icXml = sealImportChiffre(piXml, PUB, { partenaire: 'ENT-HARDENING', uai: '0410017W', date: DATE });
const exXml = sealExportIndexEducation(idXml, [{ nom: 'HARDENING', publicKey: PUB }], { date: DATE, bom: false });
const exPlain = sealExportIndexEducation(idXml, [{ nom: 'HARDENING', publicKey: PUB }], { date: DATE, bom: false, compress: false });

// ---------------------------------------------------------------------------------------------
// Measures.

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** Longest attribute value of an XML text (raw, as written; no references in these documents). */
function longestAttribute(xml: string): number {
  let max = 0;
  for (const m of xml.matchAll(/\s[\w:.-]+="([^"]*)"/g)) max = Math.max(max, (m[1] as string).length);
  return max;
}

/** Longest text content of an element (AAF values). */
function longestText(xml: string): number {
  let max = 0;
  for (const m of xml.matchAll(/>([^<]+)</g)) max = Math.max(max, (m[1] as string).trim().length);
  return max;
}

/** Deepest element nesting of an XML text. */
function xmlDepth(xml: string): number {
  let depth = 0;
  let max = 0;
  for (const m of xml.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (m[1] === '/') depth--;
    else if (m[2] === '/') max = Math.max(max, depth + 1);
    else max = Math.max(max, ++depth);
  }
  return max;
}

/** Deepest nesting of objects and arrays of a JSON value. */
function jsonDepth(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  return 1 + Math.max(0, ...Object.values(v).map(jsonDepth));
}

// ---------------------------------------------------------------------------------------------
// The matrix.

type Read = (limits: Partial<Limits>) => unknown;

interface Case {
  reader: string;
  limit: keyof Limits;
  /** The smallest value of the limit that lets the input through. */
  boundary: number;
  read: Read;
  /** When the reader refuses with another code at the boundary minus one (none here). */
  code?: ErrorCode;
}

const cases: Case[] = [];
const add = (reader: string, read: Read, measures: Partial<Record<keyof Limits, number>>) => {
  for (const [limit, boundary] of Object.entries(measures) as Array<[keyof Limits, number]>) cases.push({ reader, limit, boundary, read });
};

const piPeople = pi.personnels.length + pi.professeurs.length + pi.responsables.length + pi.eleves.length;
const idPeople = id.personnels.length + id.professeurs.length + id.responsables.length + id.eleves.length;

add('parsePartenaireIndex (string)', (limits) => parsePartenaireIndex(piXml, { limits }), {
  maxInputBytes: piXml.length,
  maxAttributeLength: longestAttribute(piXml),
  maxPeople: piPeople,
  maxDepth: xmlDepth(piXml),
});
add('parsePartenaireIndex (bytes)', (limits) => parsePartenaireIndex(Buffer.from(piXml), { limits }), {
  maxInputBytes: utf8(piXml),
  maxAttributeLength: longestAttribute(piXml),
  maxPeople: piPeople,
  maxDepth: xmlDepth(piXml),
});
add('parsePartenaireIndex (validate: true)', (limits) => parsePartenaireIndex(piXml, { limits, validate: true }), {
  maxPeople: piPeople,
  maxAttributeLength: longestAttribute(piXml),
});
add('parseIdentifiantsPronote (string)', (limits) => parseIdentifiantsPronote(idXml, { limits }), {
  maxInputBytes: idXml.length,
  maxAttributeLength: longestAttribute(idXml),
  maxPeople: idPeople,
  maxDepth: xmlDepth(idXml),
});
add('parseIdentifiantsPronote (bytes)', (limits) => parseIdentifiantsPronote(Buffer.from(idXml), { limits }), {
  maxInputBytes: utf8(idXml),
  maxAttributeLength: longestAttribute(idXml),
  maxPeople: idPeople,
  maxDepth: xmlDepth(idXml),
});
add('openIdentifiantsPronote (sealed)', (limits) => openIdentifiantsPronote(exXml, PRIV, { partner: 'HARDENING', limits }), {
  maxInputBytes: exXml.length,
  maxAttributeLength: longestAttribute(idXml),
  maxPeople: idPeople,
  maxDepth: xmlDepth(idXml),
  maxDecompressedBytes: utf8(idXml),
});
for (const [name, open] of [
  ['openImportChiffre', (limits: Partial<Limits>) => openImportChiffre(icXml, PRIV, { limits })],
  ['openEnvelope', (limits: Partial<Limits>) => openEnvelope(icXml, PRIV, { limits })],
  ['openEnvelope (bytes)', (limits: Partial<Limits>) => openEnvelope(Buffer.from(icXml), PRIV, { limits })],
] as const) {
  add(`${name} (ImportChiffre)`, open, {
    maxInputBytes: icXml.length,
    maxAttributeLength: longestAttribute(icXml),
    maxDepth: xmlDepth(icXml),
    maxDecompressedBytes: utf8(piXml),
  });
}
add('openExportIndexEducation', (limits) => openExportIndexEducation(exXml, PRIV, { partner: 'HARDENING', limits }), {
  maxInputBytes: exXml.length,
  maxAttributeLength: longestAttribute(exXml),
  maxDepth: xmlDepth(exXml),
  maxDecompressedBytes: utf8(idXml),
});
add('openExportIndexEducation (not compressed)', (limits) => openExportIndexEducation(exPlain, PRIV, { partner: 'HARDENING', limits }), {
  maxInputBytes: exPlain.length,
  maxAttributeLength: longestAttribute(exPlain),
  maxDecompressedBytes: utf8(idXml),
});
add('inspectEnvelope (ImportChiffre)', (limits) => inspectEnvelope(icXml, { limits }), {
  maxInputBytes: icXml.length,
  maxAttributeLength: longestAttribute(icXml),
  maxDepth: xmlDepth(icXml),
});
add('inspectEnvelope (EXPORT_INDEX_EDUCATION, bytes)', (limits) => inspectEnvelope(Buffer.from(exXml), { limits }), {
  maxInputBytes: utf8(exXml),
  maxAttributeLength: longestAttribute(exXml),
  maxDepth: xmlDepth(exXml),
});

const csvFields = csv.split(/\r\n/).flatMap((line) => line.split(';'));
const csvPeople = csv.split(/\r\n/).filter((l) => /^(personnel|professeur|responsable|eleve);/.test(l)).length;
add('readCsvAccounts (string)', (limits) => readCsvAccounts(csv, { ...INPUT_OPTIONS, limits }), {
  maxInputBytes: csv.length,
  maxAttributeLength: Math.max(...csvFields.map((f) => f.length)),
  maxPeople: csvPeople,
});
add('readCsvAccounts (bytes)', (limits) => readCsvAccounts(Buffer.from(csv), { ...INPUT_OPTIONS, limits }), {
  maxInputBytes: utf8(csv),
  maxAttributeLength: Math.max(...csvFields.map((f) => f.length)),
  maxPeople: csvPeople,
});

const jsonValue = JSON.parse(json) as Record<string, unknown[]>;
const jsonStrings: string[] = [];
JSON.parse(json, (k: string, v: unknown) => {
  jsonStrings.push(k);
  if (typeof v === 'string') jsonStrings.push(v);
  return v;
});
const jsonPeople = ['personnels', 'professeurs', 'responsables', 'eleves'].reduce((n, k) => n + (jsonValue[k]?.length ?? 0), 0);
add('readJsonAccounts (string)', (limits) => readJsonAccounts(json, { ...INPUT_OPTIONS, limits }), {
  maxInputBytes: json.length,
  maxAttributeLength: Math.max(...jsonStrings.map((s) => s.length)),
  maxPeople: jsonPeople,
  maxDepth: jsonDepth(jsonValue),
});
add('readJsonAccounts (bytes)', (limits) => readJsonAccounts(Buffer.from(json), { ...INPUT_OPTIONS, limits }), {
  maxInputBytes: utf8(json),
  maxAttributeLength: Math.max(...jsonStrings.map((s) => s.length)),
  maxPeople: jsonPeople,
  maxDepth: jsonDepth(jsonValue),
});

const aafPeople = (aaf.match(/categoriePersonne/g) ?? []).length;
const aafFiles = (chunks: Uint8Array | Uint8Array[]) => [{ name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks }];
const aafBytes = Buffer.from(aaf, 'utf8');
add('readAafFeed (one buffer)', (limits) => readAafFeed(aafFiles(aafBytes), { ...AAF_OPTIONS, limits }), {
  maxStreamedFileBytes: aafBytes.length,
  maxAttributeLength: Math.max(longestAttribute(aaf), longestText(aaf)),
  maxPeople: aafPeople,
  maxDepth: xmlDepth(aaf),
});
const chunks: Uint8Array[] = [];
for (let i = 0; i < aafBytes.length; i += 37) chunks.push(aafBytes.subarray(i, i + 37));
add('readAafFeed (streamed, 37-byte chunks)', (limits) => readAafFeed(aafFiles(chunks), { ...AAF_OPTIONS, limits }), {
  maxStreamedFileBytes: aafBytes.length,
  maxAttributeLength: Math.max(longestAttribute(aaf), longestText(aaf)),
  maxPeople: aafPeople,
  maxDepth: xmlDepth(aaf),
});

/** Limits that have no meaning for a reader: it has no such resource. */
const NOT_APPLICABLE: Record<string, Array<keyof Limits>> = {
  parsePartenaireIndex: ['maxDecompressedBytes', 'maxStreamedFileBytes'],
  parseIdentifiantsPronote: ['maxDecompressedBytes', 'maxStreamedFileBytes'],
  openIdentifiantsPronote: ['maxStreamedFileBytes'],
  'envelope openers': ['maxPeople', 'maxStreamedFileBytes'],
  inspectEnvelope: ['maxPeople', 'maxDecompressedBytes', 'maxStreamedFileBytes'],
  readCsvAccounts: ['maxDepth', 'maxDecompressedBytes', 'maxStreamedFileBytes'],
  readJsonAccounts: ['maxDecompressedBytes', 'maxStreamedFileBytes'],
  // AAF files are streams: their size is bounded by maxStreamedFileBytes, not maxInputBytes.
  readAafFeed: ['maxDecompressedBytes', 'maxInputBytes'],
};

describe('the defaults are the documented ones', () => {
  it('DEFAULT_LIMITS', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxInputBytes: 256 * 1024 * 1024,
      maxDecompressedBytes: 256 * 1024 * 1024,
      maxStreamedFileBytes: 16 * 1024 * 1024 * 1024,
      maxPeople: 1_000_000,
      maxAttributeLength: 4096,
      maxDepth: 64,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });

  it('limits must be positive integers (ERR_ARGUMENT)', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, '10' as unknown as number]) {
      for (const name of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
        libraryError(() => resolveLimits({ [name]: bad }), 'ERR_ARGUMENT');
        libraryError(() => parsePartenaireIndex(piXml, { limits: { [name]: bad } }), 'ERR_ARGUMENT');
      }
    }
  });
});

describe('the inputs are read with the default limits (control)', () => {
  it.each([...new Set(cases.map((c) => c.reader))])('%s', async (reader) => {
    const c = cases.find((x) => x.reader === reader) as Case;
    await c.read({});
  });
});

describe.each(cases)('$reader, $limit', (c) => {
  it(`reads at the limit (${c.boundary}), refuses one below with ERR_LIMIT`, async () => {
    expect(c.boundary).toBeGreaterThan(1);
    await c.read({ [c.limit]: c.boundary });
    const e = await libraryErrorAsync(async () => c.read({ [c.limit]: c.boundary - 1 }), 'ERR_LIMIT');
    expect(e.message).toContain(`limits.${c.limit}`);
    expect(e.message).toContain((c.boundary - 1).toLocaleString('en-US'));
  });
});

describe('asynchronous opening', () => {
  it('openEnvelopeAsync: maxDecompressedBytes and maxInputBytes', async () => {
    const size = utf8(piXml);
    await openEnvelopeAsync(icXml, PRIV, { limits: { maxDecompressedBytes: size } });
    await libraryErrorAsync(() => openEnvelopeAsync(icXml, PRIV, { limits: { maxDecompressedBytes: size - 1 } }), 'ERR_LIMIT');
    await openEnvelopeAsync(icXml, PRIV, { limits: { maxInputBytes: icXml.length } });
    await libraryErrorAsync(() => openEnvelopeAsync(icXml, PRIV, { limits: { maxInputBytes: icXml.length - 1 } }), 'ERR_LIMIT');
  });
});

describe('coverage of the matrix', () => {
  it('every limit is tested on every reader family it applies to', () => {
    const families: Record<string, RegExp> = {
      parsePartenaireIndex: /^parsePartenaireIndex/,
      parseIdentifiantsPronote: /^parseIdentifiantsPronote/,
      openIdentifiantsPronote: /^openIdentifiantsPronote/,
      'envelope openers': /^open(ImportChiffre|Envelope|ExportIndexEducation)/,
      inspectEnvelope: /^inspectEnvelope/,
      readCsvAccounts: /^readCsvAccounts/,
      readJsonAccounts: /^readJsonAccounts/,
      readAafFeed: /^readAafFeed/,
    };
    for (const [family, re] of Object.entries(families)) {
      const tested = new Set(cases.filter((c) => re.test(c.reader)).map((c) => c.limit));
      for (const limit of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
        const na = NOT_APPLICABLE[family]?.includes(limit) ?? false;
        expect(tested.has(limit) || na, `${family}: ${limit}`).toBe(true);
        if (na) expect(tested.has(limit), `${family}: ${limit} is listed as not applicable but tested`).toBe(false);
      }
    }
  });
});
