/**
 * An academy AAF feed → the people of each file of the batch, in one streamed pass: the feed is
 * read once into an {@link AafStore} (records packed, people outside the selected schools dropped
 * as they are read), then each person is mapped once and routed to every file of their schools;
 * parents follow their children.
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../common/uai';
import { EntPronoteError } from '../errors';
import { parseAafFileName } from '../input/aaf/file-name';
import { type AafEntry, attachments, keepAttribute, linkIds, mapPerson, mapSchool, populationOf, recordKind, schoolUai } from '../input/aaf/mapping';
import type { AafFile, AafResolveContext } from '../input/aaf/read';
import { AafFileReader, type AafRequest } from '../input/aaf/records';
import { AafStore } from '../input/aaf/store';
import { valueDefect } from '../input/fields';
import { textPath } from '../input/problems';
import type { Limits } from '../limits';
import type { AccountInput, EleveInput } from '../partenaire-index/assemble';
import type { Population } from '../partenaire-index/model';
import { addProblem, type Bucket, bucketsOf } from './buckets';
import { PackedAttributes } from './packed';
import { expandSelection, type GroupPlan, planGroups } from './plan';
import type { AafBatchSource, BatchProblem } from './types';

/** Context of a batch read. */
export interface RouteContext {
  limits: Limits;
  regroupements: Map<string, string[]>;
  selected: Set<string> | undefined;
  onProblem: (p: BatchProblem) => void;
  onPeopleRead: (n: number) => void;
}

/** The routed feed. */
export interface Routed {
  buckets: Bucket[];
  /** Problems of no school. */
  problems: BatchProblem[];
  peopleRead: number;
  /** People attached to no exported school. */
  unattached: number;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/** Reads the feed and routes its people (see the module). */
export async function routeAafFeed(source: AafBatchSource, ctx: RouteContext): Promise<Routed> {
  if (typeof source.resolveId !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'source.resolveId must be a function (AAF id → ENT id)');
  const files = source.files;
  if (typeof files !== 'object' || files === null || !(Symbol.iterator in files || Symbol.asyncIterator in files)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'source.files must be an (async) iterable of AAF files { name, chunks }');
  }
  const feedProblems: BatchProblem[] = [];
  // Problems found while reading, before the files are known: kept with the UAIs of the record.
  const early: { problem: BatchProblem; uais: string[] }[] = [];
  let store: AafStore | undefined;
  const uaisOf = (attrs: { get(n: string): string[] | undefined }): string[] => {
    const out: string[] = [];
    const entry = { attrs } as AafEntry;
    for (const a of attachments(entry)) {
      const upper = a.toUpperCase();
      const uai = store?.structureUai.get(a) ?? (isUaiFormat(upper) ? upper : undefined);
      if (uai !== undefined && !out.includes(uai)) out.push(uai);
    }
    return out;
  };
  let currentFile = '';
  const requestReport = (severity: 'error' | 'warning', req: AafRequest, attribute: string | undefined, rule: string, message: string): void => {
    const problem: BatchProblem = {
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
    early.push({ problem, uais: uaisOf(req.attributes) });
  };
  const deltas = !Array.isArray(files) || (files as readonly AafFile[]).some((f) => typeof f?.name !== 'string' || parseAafFileName(f.name).mode !== 'Complet');
  const wanted = expandSelection(ctx.selected, ctx.regroupements);
  store = new AafStore(wanted, requestReport, ctx.limits, deltas);
  const s = store;
  let peopleRead = 0;
  for await (const file of files as AsyncIterable<AafFile>) {
    if (typeof file !== 'object' || file === null || typeof file.name !== 'string') throw new EntPronoteError('ERR_ARGUMENT', 'each AAF file must be an object { name, chunks }');
    currentFile = file.name;
    const kind = parseAafFileName(file.name).kind;
    s.ignoredCategories = new Map();
    const reader = new AafFileReader({
      file: file.name,
      keep: keepAttribute,
      onRequest: (req) => {
        s.apply(req, file.name, kind);
        if (req.operation !== 'add') return;
        const recKind = recordKind(req.categoriePersonne, req.categorieStructure, kind);
        if (recKind !== undefined && recKind !== 'structure' && (++peopleRead & 4095) === 0) ctx.onPeopleRead(peopleRead);
        if (req.id === undefined) return;
        const entry = recKind === 'structure' ? s.structures.get(req.id) : s.people.get(req.id);
        // Packed once kept: a record's arrays cost about three times its text.
        if (entry !== undefined && entry.attrs === req.attributes) entry.attrs = new PackedAttributes(req.attributes);
      },
      limits: ctx.limits,
    });
    const chunks = file.chunks;
    if (chunks instanceof Uint8Array) reader.write(chunks);
    else if (isAsyncIterable(chunks)) for await (const c of chunks) reader.write(c);
    else if (chunks !== null && typeof chunks === 'object' && Symbol.iterator in chunks) for (const c of chunks) reader.write(c);
    else throw new EntPronoteError('ERR_ARGUMENT', 'AAF file chunks must be bytes or an (async) iterable of byte chunks', { file: file.name });
    reader.end();
  }
  ctx.onPeopleRead(peopleRead);

  // Schools of the feed, in order (first record of a UAI wins).
  const schoolEntries = new Map<string, AafEntry>();
  for (const entry of s.structures.values()) {
    const uai = schoolUai(entry);
    if (uai === undefined || !isUaiFormat(uai)) {
      const problem: BatchProblem = { severity: 'error', rule: 'uai', path: textPath(entry.file, entry.line, entry.column), message: 'an EtabEducNat record has no valid ENTStructureUAI: its people cannot be exported', file: entry.file, line: entry.line, column: entry.column, record: entry.id, attribute: 'ENTStructureUAI' };
      feedProblems.push(problem);
      ctx.onProblem(problem);
      continue;
    }
    if (!schoolEntries.has(uai)) schoolEntries.set(uai, entry);
  }
  const plan = planGroups([...schoolEntries.keys()], ctx.regroupements, ctx.selected);
  for (const p of plan.problems) {
    ctx.onProblem(p);
    if (p.uai === undefined) feedProblems.push(p);
  }
  const buckets = bucketsOf(plan.groups);
  for (const p of plan.problems) if (p.uai !== undefined) addProblem(buckets[plan.groupOf.get(p.uai) as number] as Bucket, p, false);
  const groupsOf = (uais: readonly string[]): number[] => {
    const out: number[] = [];
    for (const u of uais) {
      const g = plan.groupOf.get(u);
      if (g !== undefined && !out.includes(g)) out.push(g);
    }
    return out;
  };
  const report = (groups: readonly number[], problem: BatchProblem, person: boolean): void => {
    if (groups.length === 0) {
      feedProblems.push(problem);
      ctx.onProblem(problem);
      return;
    }
    for (const g of groups) {
      const b = buckets[g] as Bucket;
      const located = { ...problem, uai: b.plan.uai };
      addProblem(b, located, person);
      ctx.onProblem(located);
    }
  };
  for (const { problem, uais } of early) {
    const groups = groupsOf(uais);
    if (groups.length > 0 || wanted === undefined) report(groups, problem, problem.severity === 'error');
  }

  // The schools of each file: an invalid school record makes its file impossible to build.
  for (const b of buckets) {
    for (const uai of b.plan.uais) {
      const entry = schoolEntries.get(uai) as AafEntry;
      let bad = false;
      const school = mapSchool(
        entry,
        (severity, attribute, rule, message) => {
          if (severity === 'error') bad = true;
          report([b.plan.index], { severity, rule, path: textPath(entry.file, entry.line, entry.column), message, file: entry.file, line: entry.line, column: entry.column, record: entry.id, attribute }, false);
        },
        ctx.limits.maxAttributeLength,
      );
      if (school === undefined || bad) b.skipReason ??= `the EtabEducNat record of ${uai} is invalid`;
      else b.etablissements.push(school);
      if (uai === b.plan.uai) b.nom = school?.nom ?? '';
    }
  }

  // People: students, teachers and staff first, then parents (who follow their children).
  const maxLength = ctx.limits.maxAttributeLength;
  const usedIds: { [P in Population]: Set<string> } = { personnels: new Set(), professeurs: new Set(), responsables: new Set(), eleves: new Set() };
  const parentIds = new Set<string>();
  for (const entry of s.people.values()) if (entry.kind === 'PersRelEleve') parentIds.add(entry.id);
  const studentGroups = new Map<string, number[]>();
  const parentGroups = new Map<string, number[]>();
  const students: { account: EleveInput; groups: number[]; links: string[]; where: Pick<AafEntry, 'id' | 'file' | 'line' | 'column'> }[] = [];
  let unattached = 0;
  const addGroups = (map: Map<string, number[]>, id: string, groups: readonly number[]): void => {
    const list = map.get(id);
    if (list === undefined) map.set(id, [...groups]);
    else for (const g of groups) if (!list.includes(g)) list.push(g);
  };

  const place = async (entry: AafEntry, groups: number[]): Promise<AccountInput | undefined> => {
    const population = populationOf(entry) as Population;
    const entryReport = (severity: 'error' | 'warning', attribute: string, rule: string, message: string): void =>
      report(groups, { severity, rule, path: textPath(entry.file, entry.line, entry.column), message, file: entry.file, line: entry.line, column: entry.column, record: entry.id, attribute }, severity === 'error');
    const account = mapPerson(entry, population, entryReport, maxLength);
    if (account === undefined) return undefined;
    let resolved = source.resolveId(entry.id, { category: entry.kind as AafResolveContext['category'], population });
    if (typeof resolved === 'object' && resolved !== null && typeof (resolved as PromiseLike<unknown>).then === 'function') resolved = await resolved;
    if (resolved !== undefined && typeof resolved !== 'string') throw new EntPronoteError('ERR_ARGUMENT', 'source.resolveId must return a string or undefined');
    if (resolved === undefined || resolved === '') {
      entryReport('error', 'identifier/id', 'resolve', 'the ENT has no account for this AAF identifier (resolveId returned nothing)');
      return undefined;
    }
    const defect = valueDefect(resolved, maxLength);
    if (defect !== undefined) {
      entryReport('error', 'identifier/id', defect.rule, `the identifier returned by resolveId ${defect.message}`);
      return undefined;
    }
    if (usedIds[population].has(resolved)) {
      entryReport('error', 'identifier/id', 'unique', 'resolveId returned an ENT identifier already given to another person of the same population');
      return undefined;
    }
    usedIds[population].add(resolved);
    account.idPartenaire = resolved;
    for (const g of groups) {
      const b = buckets[g] as Bucket;
      (b[population] as AccountInput[]).push(account);
    }
    return account;
  };

  // Each record is dropped from the store once mapped: memory holds a person once, packed or mapped.
  for (const entry of s.people.values()) {
    if (entry.kind === 'PersRelEleve') continue;
    s.people.delete(entry.id);
    const groups = groupsOf(uaisOf(entry.attrs));
    if (groups.length === 0) {
      if (wanted === undefined) {
        unattached++;
        report([], { severity: 'warning', rule: 'school', path: textPath(entry.file, entry.line, entry.column), message: 'the person is attached to no school of the feed: left out of every file', file: entry.file, line: entry.line, column: entry.column, record: entry.id, attribute: 'ENTPersonStructRattach' }, false);
      }
      continue;
    }
    const account = await place(entry, groups);
    // Parents follow the students exported (not those left out).
    if (entry.kind === 'Eleve' && account !== undefined) {
      addGroups(studentGroups, entry.id, groups);
      const links = linkIds(entry.attrs.get('ENTElevePersRelEleve'));
      for (const p of links) addGroups(parentGroups, p, groups);
      students.push({ account: account as EleveInput, groups, links, where: { id: entry.id, file: entry.file, line: entry.line, column: entry.column } });
    }
  }
  const exportedParents = new Set<string>();
  const parentsOfStudent = new Map<string, string[]>();
  for (const entry of s.people.values()) {
    s.people.delete(entry.id);
    if (entry.kind !== 'PersRelEleve') continue;
    const groups = groupsOf(uaisOf(entry.attrs));
    for (const g of parentGroups.get(entry.id) ?? []) if (!groups.includes(g)) groups.push(g);
    const children = linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve'));
    for (const c of children) for (const g of studentGroups.get(c) ?? []) if (!groups.includes(g)) groups.push(g);
    if (groups.length === 0) {
      if (wanted === undefined) {
        unattached++;
        report([], { severity: 'warning', rule: 'school', path: textPath(entry.file, entry.line, entry.column), message: 'the parent is linked to no exported student and no school of the feed: left out of every file', file: entry.file, line: entry.line, column: entry.column, record: entry.id }, false);
      }
      continue;
    }
    const account = await place(entry, groups);
    if (account === undefined) continue;
    (account as { key?: string }).key = entry.id;
    exportedParents.add(entry.id);
    for (const c of children) {
      const list = parentsOfStudent.get(c);
      if (list === undefined) parentsOfStudent.set(c, [entry.id]);
      else list.push(entry.id);
    }
  }
  for (const { account, groups, links: named, where: entry } of students) {
    const links: string[] = [];
    for (const p of named) {
      if (exportedParents.has(p)) links.push(p);
      else if (!parentIds.has(p)) {
        report(groups, { severity: 'warning', rule: 'ref', path: textPath(entry.file, entry.line, entry.column), message: 'names an id that is no PersRelEleve record of the feed: this link is dropped', file: entry.file, line: entry.line, column: entry.column, record: entry.id, attribute: 'ENTElevePersRelEleve' }, false);
      }
    }
    for (const p of parentsOfStudent.get(entry.id) ?? []) if (!links.includes(p)) links.push(p);
    account.responsables = links;
  }
  return { buckets, problems: feedProblems, peopleRead, unattached };
}

export type { GroupPlan };
