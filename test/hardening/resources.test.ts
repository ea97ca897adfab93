/**
 * Resource use on hostile input.
 *
 * - Compression bomb: 1 GiB of zeros sealed in a ~1.4 MB container is refused with ERR_LIMIT, and
 *   the peak resident memory of the process grows by at most the decompression limit plus a
 *   margin (measured in a child process, with process.memoryUsage() before and
 *   process.resourceUsage().maxRSS after: a memory bound, not a timing).
 * - Streamed input (AAF feeds) that never closes a tag, comment or processing instruction is
 *   refused once the unfinished token passes its bound: the reader stops pulling chunks (counted)
 *   instead of buffering up to maxInputBytes and rescanning the buffer on every chunk.
 * - Shapes that make naive parsers quadratic (hundreds of thousands of attributes on one
 *   element, of namespace declarations, of prefixed attributes; long runs of text streamed in
 *   small chunks) are read in linear time: the tests bound the time with their timeout (a
 *   quadratic reader hangs for minutes), they do not assert a speed.
 */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectEnvelope, parseIdentifiantsPronote, DEFAULT_LIMITS, parsePartenaireIndex } from '../../src/index';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { parseXmlTree } from '../../src/internal/xml/tree';
import { MAX_XML_ATTRIBUTES } from '../../src/internal/xml/tokenizer';
import { AAF_DOCTYPE, AAF_OPTIONS, CSV_HEADER, INPUT_OPTIONS, asLibraryError, secretAafBody } from './helpers';

const MiB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child/bomb.ts', import.meta.url));
const RETAINED = fileURLToPath(new URL('./child/retained.ts', import.meta.url));

interface BombReport {
  code: string;
  opened: number;
  envelopeBytes: number;
  rssBefore: number;
  peakBefore: number;
  peakAfter: number;
}

function runBomb(mode: 'sync' | 'async', limit: number | 'default'): Promise<BombReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, mode, String(limit)],
      { cwd: ROOT, maxBuffer: MiB, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as BombReport);
      },
    );
  });
}

describe('compression bomb: memory stays bounded by the limit', () => {
  const MARGIN = 64 * MiB;

  it.each([
    ['sync', 'default', DEFAULT_LIMITS.maxDecompressedBytes],
    ['async', 'default', DEFAULT_LIMITS.maxDecompressedBytes],
    ['sync', 16 * MiB, 16 * MiB],
  ] as const)('%s opening, limit %s: ERR_LIMIT, peak RSS growth < limit + 64 MiB', async (mode, limit, bytes) => {
    const r = await runBomb(mode, limit);
    expect(r.code).toBe('ERR_LIMIT');
    expect(r.opened).toBe(0);
    expect(r.envelopeBytes).toBeLessThan(2 * MiB);
    const growth = Math.max(r.peakAfter, r.peakBefore) - r.rssBefore;
    expect(growth, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(bytes + MARGIN);
  });
});

// ---------------------------------------------------------------------------------------------

describe('nothing of a parsed document stays alive', () => {
  it('parsing and opening a PARTENAIRE_INDEX of 2.5 MiB, then dropping it, gives its text back', async () => {
    // The text of a document read from bytes lives outside V8's heap; a reader cache that kept
    // one slice of it (the root element's namespace scope, shared between parses) kept it whole.
    const r = await new Promise<{ bytes: number; growth: number }>((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', '--import', 'tsx', RETAINED], { cwd: ROOT, maxBuffer: MiB, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { bytes: number; growth: number });
      });
    });
    expect(r.bytes).toBeGreaterThan(2 * MiB);
    expect(r.growth, `external memory grew by ${(r.growth / MiB).toFixed(2)} MiB`).toBeLessThan(r.bytes / 4);
  });
});

// ---------------------------------------------------------------------------------------------

const AAF_NAME = 'ENT_0410017W_Complet_20260901_Eleve_0000.xml';
const HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n${AAF_DOCTYPE}\n<ficAlimMENESR>\n`;

/**
 * A stream: `head`, then `count` chunks of `size` bytes of `fill`, then `tail`; counts what was
 * pulled. Asynchronous, as a file stream is: the event loop turns between chunks, so that a test
 * timeout fires while a reader is still at work.
 */
function stream(head: string, fill: string, count: number, tail = '', size = 65536): { chunks: AsyncGenerator<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const block = Buffer.from(fill.repeat(Math.ceil(size / fill.length)).slice(0, size), 'utf8');
  async function* gen(): AsyncGenerator<Uint8Array> {
    pulled++;
    yield Buffer.from(head, 'utf8');
    for (let i = 0; i < count; i++) {
      pulled++;
      // A real stream yields to the event loop (timers included) between its reads.
      if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
      yield block;
    }
    pulled++;
    yield Buffer.from(tail, 'utf8');
  }
  return { chunks: gen(), pulled: () => pulled };
}

/** The error thrown by reading a one-file feed from these chunks (undefined when it is read). */
async function feedError(chunks: AsyncIterable<Uint8Array>): Promise<unknown> {
  try {
    await readAafFeed([{ name: AAF_NAME, chunks }], AAF_OPTIONS);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('streamed AAF input that never closes a token', () => {
  const TOTAL = 1024; // 64 MiB offered
  it.each([
    ['comment', '<!-- ', 'x', 'limits.maxAttributeLength', 40],
    ['processing instruction', '<?pi ', 'x', 'limits.maxAttributeLength', 40],
    ['CDATA section', '<addRequest><![CDATA[', 'x', 'limits.maxAttributeLength', 40],
    ['start tag with endless white space', '<addRequest ', ' ', 'limits.maxAttributeLength', 40],
    // Names are bounded much earlier (1,024 characters), and never quoted.
    ['element name', '<addRequest', 'x', 'the name of an element is longer than 1,024 characters', 4],
    ['end tag', '<addRequest></addRequest', 'x', 'the name of an end tag is longer than 1,024 characters', 4],
  ] as const)('%s: ERR_LIMIT after at most about 1 MiB, the rest of the stream is not pulled', async (_name, open, fill, message, pulled) => {
    const s = stream(HEAD + open, fill, TOTAL);
    const e = asLibraryError(await feedError(s.chunks), 'endless token');
    expect([e.code, e.file]).toEqual(['ERR_LIMIT', AAF_NAME]);
    expect(e.message).toContain(message);
    expect(e.message).not.toContain('xxxxxxxxxx');
    expect(s.pulled()).toBeLessThan(pulled);
  });

  it('an unterminated attribute value: ERR_LIMIT at maxAttributeLength, without pulling the stream', async () => {
    const s = stream(`${HEAD}<addRequest a="`, 'x', TOTAL);
    expect(asLibraryError(await feedError(s.chunks)).code).toBe('ERR_LIMIT');
    expect(s.pulled()).toBeLessThan(4);
  });

  // Linear: about a second. Rescanning the run on every chunk (quadratic) takes over a minute.
  it('a long run of text (48 MiB, ignored) streamed in 16 KiB chunks is read in linear time', { timeout: 20_000 }, async () => {
    const s = stream(`${HEAD}<ignored>`, 'y', 3072, `</ignored>\n${secretAafBody()}</ficAlimMENESR>\n`, 16384);
    const { document, problems } = await readAafFeed([{ name: AAF_NAME, chunks: s.chunks }], AAF_OPTIONS);
    expect(document.eleves).toHaveLength(1);
    expect(problems.map((p) => p.rule)).toContain('unknown-element');
  });

  it('a long run of text inside a value is refused at maxAttributeLength (text runs are bounded by maxInputBytes only while unfinished)', async () => {
    const s = stream(`${HEAD}<addRequest><identifier><id>`, 'z', 128);
    expect(asLibraryError(await feedError(s.chunks)).code).toBe('ERR_LIMIT');
  });

  it('the same events whatever the chunking around a long run of text (control of the run buffering)', async () => {
    const text = `${HEAD}<ignored>${'t'.repeat(200_000)}&amp;\r\n${'u'.repeat(100_000)}</ignored>\n${secretAafBody()}</ficAlimMENESR>\n`;
    const bytes = Buffer.from(text, 'utf8');
    const whole = await readAafFeed([{ name: AAF_NAME, chunks: bytes }], AAF_OPTIONS);
    for (const size of [1, 7, 4096, 65536]) {
      const chunks = async function* (): AsyncGenerator<Uint8Array> {
        for (let i = 0, n = 0; i < bytes.length; i += size, n++) {
          if (n % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
          yield bytes.subarray(i, i + size);
        }
      };
      const streamed = await readAafFeed([{ name: AAF_NAME, chunks: chunks() }], AAF_OPTIONS);
      expect(streamed.document).toEqual(whole.document);
      expect(streamed.problems).toEqual(whole.problems);
    }
  }, 20_000);
});

// ---------------------------------------------------------------------------------------------

/** Runs `read`; it must return or throw a library error; returns its code, or 'ok'. */
async function coded(read: () => unknown): Promise<string> {
  try {
    await read();
    return 'ok';
  } catch (e) {
    return asLibraryError(e, 'hostile shape').code;
  }
}

/**
 * Large enough that a quadratic step (e.g. a pairwise duplicate check) would take minutes, far
 * beyond the 30 s timeout, while the linear readers take a few seconds.
 */
const N = 200_000;
/** For the slower readers (still linear; a quadratic step would take over a minute). */
const M = 50_000;
const PI_NS = 'http://www.index-education.com/rapprochementssoV2.0';
const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}=""`).join(' ');
const manyDeclarations = Array.from({ length: N / 10 }, (_, i) => `xmlns:p${i}="urn:${i}"`).join(' ');
const manyDeclaringChildren = '<c xmlns:q="urn:q"/>'.repeat(N / 10);
const manyPrefixed = Array.from({ length: N / 2 }, (_, i) => `p${i % 50}:a${i}=""`).join(' ');

describe('shapes that make naive parsers quadratic (linear here; bounded by the test timeout)', { timeout: 30_000 }, () => {
  it('hundreds of thousands of attributes on one element: ERR_LIMIT beyond 1,024', async () => {
    const many = attributes(N);
    expect(await coded(() => parsePartenaireIndex(`<PARTENAIRE_INDEX xmlns="${PI_NS}" ${many}/>`))).toBe('ERR_LIMIT');
    expect(await coded(() => parseXmlTree(`<a ${many}/>`, { limits: DEFAULT_LIMITS }))).toBe('ERR_LIMIT');
    const most = attributes(MAX_XML_ATTRIBUTES);
    expect(await coded(() => parseXmlTree(`<a ${most}/>`, { limits: DEFAULT_LIMITS }))).toBe('ok');
    expect(await coded(() => parseXmlTree(`<a ${most} b=""/>`, { limits: DEFAULT_LIMITS }))).toBe('ERR_LIMIT');
    // Duplicates are still found among many attributes, with and without namespaces.
    const less = attributes(MAX_XML_ATTRIBUTES - 1);
    expect(await coded(() => parseXmlTree(`<a ${less} a7=""/>`, { limits: DEFAULT_LIMITS }))).toBe('ERR_XML');
    expect(await coded(() => parseXmlTree(`<a ${less} a${MAX_XML_ATTRIBUTES - 2}=""/>`, { limits: DEFAULT_LIMITS, namespaces: false }))).toBe('ERR_XML');
  });

  it('tens of thousands of attributes in the other XML readers', async () => {
    const many = attributes(M);
    expect(await coded(() => parseIdentifiantsPronote(`<IDENTIFIANTS_PRONOTE ${many}/>`))).toBe('ERR_LIMIT');
    expect(await coded(() => inspectEnvelope(`<EXPORT_INDEX_EDUCATION ${many}/>`))).toBe('ERR_LIMIT');
    const aaf = Buffer.from(`${HEAD}<addRequest ${many}/></ficAlimMENESR>`);
    expect(await coded(() => readAafFeed([{ name: AAF_NAME, chunks: aaf }], AAF_OPTIONS))).toBe('ERR_LIMIT');
  });

  it('many namespace declarations, many declaring children, many prefixed attributes', async () => {
    const declarations = Array.from({ length: 1000 }, (_, i) => `xmlns:p${i}="urn:${i}"`).join(' ');
    const prefixed = Array.from({ length: 1000 }, (_, i) => `p${i % 50}:a${i}=""`).join(' ');
    const xml = `<r xmlns="${PI_NS}" ${declarations}>${manyDeclaringChildren}<d ${prefixed}/></r>`;
    expect(await coded(() => parseXmlTree(xml, { limits: DEFAULT_LIMITS }))).toBe('ok');
    expect(await coded(() => parsePartenaireIndex(xml))).toBe('ERR_SCHEMA');
    expect(await coded(() => parseXmlTree(`<r ${declarations}><d ${prefixed} p3:a3=""/></r>`, { limits: DEFAULT_LIMITS }))).toBe('ERR_XML');
    expect(await coded(() => parseXmlTree(`<r ${manyDeclarations}/>`, { limits: DEFAULT_LIMITS }))).toBe('ERR_LIMIT');
    expect(await coded(() => parseXmlTree(`<r><d ${manyPrefixed}/></r>`, { limits: DEFAULT_LIMITS }))).toBe('ERR_LIMIT');
  });

  it('hundreds of thousands of empty elements, comments and processing instructions', async () => {
    const body = (n: number) => '<Eleve/><!--c--><?p x?>'.repeat(n);
    const pi = `<PARTENAIRE_INDEX xmlns="${PI_NS}" Date="2026-09-01T08:00:00" Partenaire="P"><Eleves>${body(N)}</Eleves></PARTENAIRE_INDEX>`;
    expect(await coded(() => parsePartenaireIndex(pi))).toBe('ERR_SCHEMA');
    expect(await coded(() => parseIdentifiantsPronote(`<IDENTIFIANTS_PRONOTE><Eleves>${body(M)}</Eleves></IDENTIFIANTS_PRONOTE>`))).toBe('ERR_SCHEMA');
  });

  it('CSV: a very wide header, a very long line, many quotes', async () => {
    expect(await coded(() => readCsvAccounts(`${CSV_HEADER};${Array.from({ length: N }, (_, i) => `x${i}`).join(';')}\r\n`, INPUT_OPTIONS))).toBe('ERR_INPUT');
    expect(await coded(() => readCsvAccounts(`${CSV_HEADER}\r\n${'eleve;'.repeat(N)}\r\n`, INPUT_OPTIONS))).toBe('ERR_INPUT');
    expect(await coded(() => readCsvAccounts(`${CSV_HEADER}\r\n"${'""'.repeat(1000)}";${'"";'.repeat(N)}\r\n`, INPUT_OPTIONS))).toBe('ERR_INPUT');
  });

  it('JSON: deep nesting, many keys, many entries', async () => {
    const deep = `{"eleves":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expect(await coded(() => readJsonAccounts(deep, INPUT_OPTIONS))).toBe('ERR_LIMIT');
    expect(await coded(() => readJsonAccounts(`{${Array.from({ length: N }, (_, i) => `"k${i}":1`).join(',')}}`, INPUT_OPTIONS))).toBe('ERR_INPUT');
    const entries = JSON.stringify({ ...INPUT_OPTIONS, eleves: Array.from({ length: N / 2 }, () => ({})) });
    expect(await coded(() => readJsonAccounts(entries, INPUT_OPTIONS))).toBe('ERR_INPUT');
  });
});
