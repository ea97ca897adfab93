/**
 * Fuzzing of the input readers: the CSV reader, the JSON reader and the AAF feed reader (streamed
 * in random chunks). Every mutated input either gives a valid model — valid for
 * validatePartenaireIndex, and parse(build(model)) equals it — or a coded error of the
 * library's family that quotes none of the distinctive values of the seeds.
 */

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { buildPartenaireIndex, type PartenaireIndex, parsePartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { AAF_OPTIONS, aafText, INPUT_OPTIONS, secretAafBody, secretCsv, secretJson, secretPartenaireIndex } from '../hardening/secret-documents';
import { runs, timeoutFor } from '../hardening/helpers';
import { assertBothOutcomes, canonical, outcome, outcomeAsync, show, Tally } from './check';
import { chunkSizes, HOSTILE_TOKENS, mutatedBytes, mutatedText, mutatedXml, split } from './mutators';

const DATA = new URL('../data/input/', import.meta.url);
const encoder = new TextEncoder();

/** A model returned by a reader must be valid and round-trip through the XML. */
function expectValidModel(doc: PartenaireIndex, context: string): void {
  expect(validatePartenaireIndex(doc).filter((p) => p.severity === 'error'), context).toEqual([]);
  expect(canonical(parsePartenaireIndex(buildPartenaireIndex(doc)).document), context).toBe(canonical(doc));
}

const policy = fc.constantFrom('error' as const, 'skip' as const);

describe('readCsvAccounts', () => {
  const SEEDS = [secretCsv(), readFileSync(new URL('equivalence/accounts.csv', DATA), 'utf8')];
  const numRuns = runs(400, 0.3);

  it('mutated CSV (text and bytes, both policies): a valid model or a coded error', { timeout: timeoutFor(numRuns, 5) }, () => {
    const input = fc.constantFrom(...SEEDS).chain((s) => fc.oneof(mutatedText(s), mutatedBytes(encoder.encode(s))));
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(input, policy, fc.constantFrom(undefined, ';' as const, ',' as const), (x, onInvalidRecord, separator) => {
        const r = outcome(() => readCsvAccounts(x, { ...INPUT_OPTIONS, onInvalidRecord, ...(separator !== undefined ? { separator } : {}) }), `readCsvAccounts ${show(x)}`);
        tally.add(r);
        if (r.ok) expectValidModel(r.value.document, show(x));
      }),
      tally,
      numRuns,
    );
  });
});

describe('readJsonAccounts', () => {
  const model = JSON.stringify(secretPartenaireIndex());
  const SEEDS = [secretJson(), readFileSync(new URL('equivalence/accounts-input.json', DATA), 'utf8'), model];
  const numRuns = runs(400, 0.3);

  /** Structural mutations: a random node replaced by a random JSON value, deleted or duplicated. */
  const structural = fc.constantFrom(...SEEDS).chain((s) =>
    fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constantFrom('replace', 'delete', 'duplicate'), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...HOSTILE_TOKENS))).map(([at, op, value]) => {
      const root = JSON.parse(s) as unknown;
      const nodes: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) {
          v.forEach((x, i) => {
            nodes.push({ parent: v, key: i });
            walk(x);
          });
        } else if (typeof v === 'object' && v !== null) {
          for (const [k, x] of Object.entries(v)) {
            nodes.push({ parent: v as Record<string, unknown>, key: k });
            walk(x);
          }
        }
      };
      walk(root);
      const n = nodes[Math.floor(at * nodes.length)];
      if (n !== undefined) {
        const p = n.parent as Record<string | number, unknown>;
        if (op === 'replace') p[n.key] = value;
        else if (Array.isArray(n.parent) && op === 'duplicate') n.parent.splice(n.key as number, 0, structuredClone(n.parent[n.key as number]));
        else if (Array.isArray(n.parent)) n.parent.splice(n.key as number, 1);
        else delete p[n.key];
      }
      return JSON.stringify(root);
    }),
  );

  it('mutated JSON (text, bytes, structure; both policies): a valid model or a coded error', { timeout: timeoutFor(numRuns, 5) }, () => {
    const input = fc.oneof(structural, fc.constantFrom(...SEEDS).chain((s) => fc.oneof(mutatedText(s), mutatedBytes(encoder.encode(s)))));
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(input, policy, (x, onInvalidRecord) => {
        const r = outcome(() => readJsonAccounts(x, { onInvalidRecord, ...(onInvalidRecord === 'skip' ? INPUT_OPTIONS : {}) }), `readJsonAccounts ${show(x)}`);
        tally.add(r);
        if (r.ok) expectValidModel(r.value.document, show(x));
      }),
      tally,
      numRuns,
    );
  });
});

describe('readAafFeed', () => {
  const sampleDir = new URL('aaf-sample/', DATA);
  const sample = readdirSync(sampleDir)
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, sampleDir))) }));
  const SECRET_FILE = { name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', bytes: encoder.encode(aafText(secretAafBody())) };
  const FEEDS = [[SECRET_FILE], sample];
  const numRuns = runs(200, 0.2);

  it('mutated feeds streamed in random chunks (both policies): a valid model or a coded error', { timeout: timeoutFor(numRuns, 15) }, async () => {
    const feed = fc.constantFrom(...FEEDS).chain((files) =>
      fc.tuple(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.oneof(fc.constant('bytes'), fc.constant('xml')),
        fc.nat(),
      ).chain(([i, kind]) => {
        const target = files[i] as { name: string; bytes: Uint8Array };
        const damaged = kind === 'bytes' ? mutatedBytes(target.bytes) : mutatedXml(Buffer.from(target.bytes).toString('latin1')).map((t) => Uint8Array.from(Buffer.from(t, 'latin1')));
        return damaged.map((bytes) => files.map((f, k) => (k === i ? { name: f.name, bytes } : f)));
      }),
    );
    const tally = new Tally();
    await assertBothOutcomes(
      fc.asyncProperty(feed, chunkSizes(), policy, async (files, sizes, onInvalidRecord) => {
        const r = await outcomeAsync(
          () => readAafFeed(files.map((f) => ({ name: f.name, chunks: split(f.bytes, sizes) })), { ...AAF_OPTIONS, onInvalidRecord }),
          `readAafFeed ${files.map((f) => show(f.bytes)).join(' | ')}`,
        );
        tally.add(r);
        if (r.ok) expectValidModel(r.value.document, 'readAafFeed');
      }),
      tally,
      numRuns,
    );
  });
});
