/**
 * The steps of `readAafFeed`: the files read into the store (streamed, deltas applied),
 * the schools exported, the school filter on the final state, the people mapped and given their
 * ENT identifiers, the student → parent links.
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import type { Limits } from '../../limits';
import type { AccountInput, EleveInput, EtablissementInput, ProfesseurInput, ResponsableInput } from '../../partenaire-index/assemble';
import type { Population } from '../../partenaire-index/model';
import { valueDefect } from '../fields';
import { type InputProblem, type ProblemLog, textPath } from '../problems';
import { parseAafFileName } from './file-name';
import { type AafEntry, keepAttribute, linkIds, mapPerson, mapSchool, populationOf, type Report } from './mapping';
import type { AafFeedOptions, AafFile, AafResolveContext } from './read';
import { AafFileReader, type AafRequest } from './records';
import { AafStore } from './store';

/** What every step shares. */
export interface AafContext {
  readonly log: ProblemLog;
  /** The UAIs of the school filter (undefined: every school). */
  readonly selected: Set<string> | undefined;
  readonly maxLength: number;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x && typeof x[Symbol.asyncIterator] === 'function';
}

function isIterable(x: unknown): x is Iterable<Uint8Array> {
  return typeof x === 'object' && x !== null && Symbol.iterator in x;
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && 'then' in x && typeof x.then === 'function';
}

/** True when the files may hold deltas (not all named `Complet`, or not known before reading). */
function mayHoldDeltas(files: Iterable<AafFile> | AsyncIterable<AafFile>): boolean {
  // Without delta files (known when the files come as an array), the people the filter leaves out
  // need not be remembered: memory then follows the people kept only.
  if (!Array.isArray(files)) return true;
  return files.some((f: unknown) => typeof f !== 'object' || f === null || !('name' in f) || typeof f.name !== 'string' || parseAafFileName(f.name).mode !== 'Complet');
}

/**
 * Reads every file, one after the other and chunk by chunk, into the store (requests applied
 * in order); unknown elements and ignored categories are reported once per file.
 */
export async function readAafFiles(ctx: AafContext, files: Iterable<AafFile> | AsyncIterable<AafFile>, limits: Limits): Promise<{ store: AafStore; fileCount: number }> {
  const { log } = ctx;
  let currentFile = '';
  const requestReport = (severity: 'error' | 'warning', req: AafRequest, attribute: string | undefined, rule: string, message: string): void => {
    const p: InputProblem = {
      severity,
      rule,
      path: textPath(currentFile, req.line, req.column),
      message,
      file: currentFile,
      line: req.line,
      column: req.column,
      ...(req.id !== undefined ? { record: req.id } : {}),
      ...(attribute !== undefined ? { attribute } : {}),
    };
    log.add(p);
  };
  const store = new AafStore(ctx.selected, requestReport, limits, mayHoldDeltas(files));
  let fileCount = 0;
  for await (const file of files) {
    if (typeof file !== 'object' || file === null || typeof file.name !== 'string') {
      throw new EntPronoteError('ERR_ARGUMENT', 'each AAF file must be an object { name, chunks }');
    }
    currentFile = file.name;
    await readAafFile(log, store, file, limits);
    fileCount++;
  }
  return { store, fileCount };
}

/** One file streamed into the store. */
async function readAafFile(log: ProblemLog, store: AafStore, file: AafFile, limits: Limits): Promise<void> {
  const kind = parseAafFileName(file.name).kind;
  const unknownElements = new Set<string>();
  store.ignoredCategories = new Map();
  const reader = new AafFileReader({
    file: file.name,
    keep: keepAttribute,
    onRequest: (req) => store.apply(req, file.name, kind),
    onUnknownElement: (name, line, column) => {
      // Reported once per name; bounded memory: at most 1,000 names are remembered per file
      // (the problems themselves are capped by the log).
      if (unknownElements.has(name)) return;
      if (unknownElements.size < 1000) unknownElements.add(name);
      log.add({ severity: 'warning', rule: 'unknown-element', path: textPath(file.name, line, column), message: `element <${name.slice(0, 40)}> is not an AAF request: ignored`, file: file.name, line, column });
    },
    limits,
  });
  const chunks: unknown = file.chunks;
  if (chunks instanceof Uint8Array) reader.write(chunks);
  else if (isAsyncIterable(chunks)) for await (const c of chunks) reader.write(c);
  else if (isIterable(chunks)) for (const c of chunks) reader.write(c);
  else throw new EntPronoteError('ERR_ARGUMENT', 'AAF file chunks must be bytes or an (async) iterable of byte chunks', { file: file.name });
  reader.end();
  for (const [category, n] of store.ignoredCategories) {
    log.add({
      severity: 'warning',
      rule: 'category',
      path: file.name,
      file: file.name,
      message: `${n} record${n === 1 ? '' : 's'} of category ${category.slice(0, 40)} ignored (not used by the export)`,
    });
  }
}

/** Reports problems about an entry of the store: its file, line, record id and attribute. */
export function entryReport(log: ProblemLog, entry: AafEntry): Report {
  return (severity, attribute, rule, message) =>
    log.add({
      severity,
      rule,
      path: textPath(entry.file, entry.line, entry.column),
      message,
      file: entry.file,
      line: entry.line,
      column: entry.column,
      record: entry.id,
      attribute,
    });
}

/** The schools (selected ones only, each UAI once); a selected UAI without a valid school is an error. */
export function exportedSchools(ctx: AafContext, store: AafStore): EtablissementInput[] {
  const { log, selected } = ctx;
  const etablissements: EtablissementInput[] = [];
  const seenUai = new Set<string>();
  for (const entry of store.structures.values()) {
    const rawUai = entry.attrs.get('ENTStructureUAI')?.[0]?.toUpperCase();
    if (selected !== undefined && (rawUai === undefined || !selected.has(rawUai))) continue;
    const school = mapSchool(entry, entryReport(log, entry), ctx.maxLength);
    if (school === undefined) {
      store.counters.invalid++;
      continue;
    }
    if (seenUai.has(school.numero)) {
      entryReport(log, entry)('warning', 'ENTStructureUAI', 'duplicate', 'another EtabEducNat record has the same UAI: this one is ignored');
      continue;
    }
    seenUai.add(school.numero);
    etablissements.push(school);
  }
  for (const uai of selected ?? []) {
    if (!seenUai.has(uai)) {
      log.add({
        severity: 'error',
        rule: 'uai',
        path: 'options.uai',
        message: `no valid EtabEducNat record of the feed has the UAI ${isUaiFormat(uai) ? uai : '(malformed)'}`,
      });
    }
  }
  return etablissements;
}

/** The school filter on the final state: students and staff first, then the parents linked to a kept student (or attached themselves). */
export function keptPeople(store: AafStore, selected: ReadonlySet<string> | undefined): AafEntry[] {
  if (selected === undefined) return [...store.people.values()];
  const counters = store.counters;
  const keptIds = new Set<string>();
  const keptStudents = new Set<string>();
  const linkedParents = new Set<string>();
  for (const entry of store.people.values()) {
    if (entry.kind === 'PersRelEleve') continue;
    if (store.decide(entry) !== 'keep') {
      counters.filteredOut++;
      continue;
    }
    keptIds.add(entry.id);
    if (entry.kind === 'Eleve') {
      keptStudents.add(entry.id);
      for (const p of linkIds(entry.attrs.get('ENTElevePersRelEleve'))) linkedParents.add(p);
    }
  }
  const kept: AafEntry[] = [];
  for (const entry of store.people.values()) {
    if (entry.kind !== 'PersRelEleve') {
      if (keptIds.has(entry.id)) kept.push(entry);
    } else if (linkedParents.has(entry.id) || linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve')).some((s) => keptStudents.has(s)) || store.decide(entry) === 'keep') {
      kept.push(entry);
    } else {
      counters.filteredOut++;
    }
  }
  return kept;
}

/** A person exported, with its record. */
interface Exported<T> {
  readonly entry: AafEntry;
  readonly account: T;
}

/** The people exported, by population. */
export interface AafPeople {
  personnels: Exported<AccountInput>[];
  professeurs: Exported<ProfesseurInput>[];
  responsables: Exported<ResponsableInput>[];
  eleves: Exported<EleveInput>[];
}

function categoryOf(entry: AafEntry): AafResolveContext['category'] | undefined {
  return entry.kind === 'structure' ? undefined : entry.kind;
}

/**
 * Each person kept mapped to an account (invalid ones reported and left out), then given the
 * ENT identifier `resolveId` returns: none (reported `resolve`), a value XML cannot carry, or one
 * already given in the population is an error.
 */
export async function resolveAccounts(ctx: AafContext, store: AafStore, kept: readonly AafEntry[], resolveId: AafFeedOptions['resolveId']): Promise<{ lists: AafPeople; unresolved: number }> {
  const lists: { [P in Population]: Exported<AccountInput>[] } = { personnels: [], professeurs: [], responsables: [], eleves: [] };
  const usedIds: { [P in Population]: Set<string> } = { personnels: new Set(), professeurs: new Set(), responsables: new Set(), eleves: new Set() };
  let unresolved = 0;
  const counters = store.counters;
  for (const entry of kept) {
    const population = populationOf(entry);
    const category = categoryOf(entry);
    if (population === undefined || category === undefined) continue;
    const report = entryReport(ctx.log, entry);
    const account = mapPerson(entry, population, report, ctx.maxLength);
    if (account === undefined) {
      counters.invalid++;
      continue;
    }
    let resolved: unknown = resolveId(entry.id, { category, population });
    if (isPromiseLike(resolved)) resolved = await resolved;
    if (resolved !== undefined && typeof resolved !== 'string') {
      throw new EntPronoteError('ERR_ARGUMENT', 'options.resolveId must return a string or undefined');
    }
    if (resolved === undefined || resolved === '') {
      unresolved++;
      report('error', 'identifier/id', 'resolve', 'the ENT has no account for this AAF identifier (resolveId returned nothing)');
      continue;
    }
    const defect = valueDefect(resolved, ctx.maxLength);
    if (defect !== undefined) {
      counters.invalid++;
      report('error', 'identifier/id', defect.rule, `the identifier returned by resolveId ${defect.message}`);
      continue;
    }
    if (usedIds[population].has(resolved)) {
      counters.invalid++;
      report('error', 'identifier/id', 'unique', 'resolveId returned an ENT identifier already given to another person of the same population');
      continue;
    }
    usedIds[population].add(resolved);
    account.idPartenaire = resolved;
    lists[population].push({ entry, account });
  }
  return {
    lists: {
      personnels: lists.personnels,
      professeurs: lists.professeurs,
      responsables: lists.responsables,
      // mapPerson made each student's account an EleveInput (birth date checked).
      eleves: lists.eleves as Exported<EleveInput>[],
    },
    unresolved,
  };
}

/**
 * Each student's parents: the ids of its `ENTElevePersRelEleve` exported as parents, then the
 * parents whose `ENTAuxPersRelEleveEleve` names it; an id that is no parent record of the feed
 * is reported (warning `ref`) and dropped.
 */
export function linkStudents(ctx: AafContext, store: AafStore, lists: AafPeople): void {
  const exportedParents = new Set(lists.responsables.map((r) => r.entry.id));
  const parentsOfStudent = new Map<string, string[]>();
  for (const { entry } of lists.responsables) {
    for (const s of linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve'))) {
      const list = parentsOfStudent.get(s);
      if (list === undefined) parentsOfStudent.set(s, [entry.id]);
      else list.push(entry.id);
    }
  }
  for (const { entry, account } of lists.eleves) {
    const links: string[] = [];
    for (const p of linkIds(entry.attrs.get('ENTElevePersRelEleve'))) {
      if (exportedParents.has(p)) links.push(p);
      else if (store.people.get(p)?.kind !== 'PersRelEleve') {
        entryReport(ctx.log, entry)('warning', 'ENTElevePersRelEleve', 'ref', 'names an id that is no PersRelEleve record of the feed: this link is dropped');
      }
    }
    for (const p of parentsOfStudent.get(entry.id) ?? []) if (!links.includes(p)) links.push(p);
    account.responsables = links;
  }
}

/** The accounts of a population. */
export function accountsOf<T>(list: readonly Exported<T>[]): T[] {
  return list.map((x) => x.account);
}
