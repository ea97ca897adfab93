/**
 * Child process of the "compiled code survives a collection between documents" test: reads a
 * school's PARTENAIRE_INDEX or identifier file many times (or the PARTENAIRE_INDEX as a tree, the envelopes' reader,
 * or matches the school's two sides) (the tokenizer's functions get
 * optimised), drops everything, collects, and reports whether V8 still holds the optimised code
 * of the tokenizer's hottest functions.
 *
 * Usage: node --expose-gc --allow-natives-syntax --import tsx kept-code.ts partenaire-index|identifiants-pronote|tree|match
 * Prints one JSON line: { before, after } — for each function, whether it is optimised.
 */

import { generateFixtures } from '../../../src/fixtures';
import { buildIdentifiantsPronote, buildPartenaireIndex, matchAccounts, parseIdentifiantsPronote, parsePartenaireIndex } from '../../../src/index';
import { StringIndex } from '../../../src/internal/string-index';
import { XmlTokenizer } from '../../../src/internal/xml/tokenizer';
import { parseXmlTree } from '../../../src/internal/xml/tree';
import { DEFAULT_LIMITS } from '../../../src/limits';
import { PairTable } from '../../../src/match/pair-table';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with --expose-gc');
// V8's own view of a function (needs --allow-natives-syntax): bit 16 "optimised", bit 16384 "marked for deoptimisation".
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
const optimised = (f: unknown): boolean => (status(f) & 16) !== 0 && (status(f) & 16384) === 0;

const fx = generateFixtures({ seed: 'kept-code', students: 600, schools: 1, outputs: { aaf: false, csv: false, json: false, partenaireIndex: true, identifiantsPronote: true, groundTruth: false } });
const school = fx.schools[0];
if (school === undefined) throw new Error('no school');
const bytes = Buffer.from(buildPartenaireIndex(school.partenaireIndex), 'utf8');
const method = (proto: object, name: string): unknown => Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
const mode = process.argv[2];
// The hottest functions: the tokenizer's for the readers, the tables' for the matching.
const watched =
  mode === 'match'
    ? { 'PairTable.id': method(PairTable.prototype, 'id'), 'StringIndex.add': method(StringIndex.prototype, 'add') }
    : { parseStartTag: method(XmlTokenizer.prototype, 'parseStartTag'), run: method(XmlTokenizer.prototype, 'run') };
const report = (): Record<string, boolean> => Object.fromEntries(Object.entries(watched).map(([k, f]) => [k, optimised(f)]));
const text = bytes.toString('utf8');
const identifiants = Buffer.from(buildIdentifiantsPronote(school.identifiantsComplet), 'utf8');
let kept: unknown;
const once = (): void => {
  if (mode === 'partenaire-index') kept = parsePartenaireIndex(bytes);
  else if (mode === 'identifiants-pronote') kept = parseIdentifiantsPronote(identifiants);
  else if (mode === 'tree') kept = parseXmlTree(text, { limits: { ...DEFAULT_LIMITS } });
  // The documents stay (a service matching the same school again); each run's result is dropped.
  else if (mode === 'match') kept = matchAccounts(school.partenaireIndex, school.identifiantsComplet);
  else throw new Error(`unknown mode ${String(mode)}`);
};
for (let i = 0; i < 60; i++) once();
// Then the watched functions are compiled by the optimising compiler at their next call, on this
// thread: left to V8, when (and whether: a loop that runs long is compiled on its own, the function
// around it not) depends on timing, and "optimised before the collection" failed now and then.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const optimiseOnNextCall = new Function('f', '%PrepareFunctionForOptimization(f); %OptimizeFunctionOnNextCall(f);') as (f: unknown) => void;
for (const f of Object.values(watched)) optimiseOnNextCall(f);
once();
const before = report();
kept = undefined;
collect();
collect();
const after = report();
process.stdout.write(`${JSON.stringify({ before, after, dropped: kept === undefined })}\n`);
