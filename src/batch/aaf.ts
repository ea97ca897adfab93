/**
 * An academy AAF feed → the people of each file of the batch, in one streamed pass.
 *
 * Two ways, chosen from the file names before reading:
 * - **streaming** (the files are an array of `Complet` files in `compareAafFileNames` order:
 *   schools, staff, students, then parents): each person is mapped, resolved and routed as soon
 *   as their record is read, so nothing but the accounts is held;
 * - **store** (deltas, or files whose order is not known): the feed is read into an
 *   {@link AafStore} (records packed, deltas applied, people outside the selected schools dropped
 *   as read), then each person is mapped once and dropped from the store.
 *
 * Either way a person goes to every file of their schools, once per file; parents follow the
 * children exported.
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../common/uai';
import { EntPronoteError } from '../errors';
import { AAF_FILE_KINDS, type AafFileKind, parseAafFileName } from '../input/aaf/file-name';
import { type AafEntry, attachments, keepAttribute, linkIds, mapPerson, mapSchool, populationOf, recordKind, schoolUai } from '../input/aaf/mapping';
import type { AafFile, AafResolveContext } from '../input/aaf/read';
import { type AafAttributes, AafFileReader, type AafRequest } from '../input/aaf/records';
import { AafStore } from '../input/aaf/store';
import { valueDefect } from '../input/fields';
import { textPath } from '../input/problems';
import type { Limits } from '../limits';
import type { ResponsableInput } from '../partenaire-index/assemble';
import { packAccount, withParents } from './packed-account';
import type { Population } from '../partenaire-index/model';
import { addProblem, type Bucket, bucketsOf } from './buckets';
import { PackedAttributes } from './packed';
import { fromWire, parseError } from './parse-thread';
import type { ParseThread } from './pool';
import { expandSelection, planGroups } from './plan';
import type { AafBatchSource, BatchProblem } from './types';

/** Context of a batch read. */
export interface RouteContext {
  limits: Limits;
  regroupements: Map<string, string[]>;
  selected: Set<string> | undefined;
  onProblem: (p: BatchProblem) => void;
  onPeopleRead: (n: number) => void;
  /** A thread to parse a streamed feed on (none: parsed on this thread). */
  parseThread?: () => ParseThread | undefined;
}

/** The routed feed. */
export interface Routed {
  buckets: Bucket[];
  /** The packed students (with their parents), by the indexes of the buckets' `eleves`. */
  students: string[];
  /** Problems of no school. */
  problems: BatchProblem[];
  peopleRead: number;
  /** People attached to no exported school. */
  unattached: number;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/** The chunks of a file, whatever form they were given in. */
async function* chunksOf(file: AafFile): AsyncGenerator<Uint8Array> {
  const chunks = file.chunks;
  if (chunks instanceof Uint8Array) yield chunks;
  else if (isAsyncIterable(chunks)) yield* chunks;
  else if (chunks !== null && typeof chunks === 'object' && Symbol.iterator in chunks) yield* chunks;
  else throw new EntPronoteError('ERR_ARGUMENT', 'AAF file chunks must be bytes or an (async) iterable of byte chunks', { file: file.name });
}

/** True when the files are known to be `Complet` files in reading order (schools, staff, students, parents). */
function streamable(files: Iterable<AafFile> | AsyncIterable<AafFile>): boolean {
  if (!Array.isArray(files)) return false;
  let rank = 0;
  for (const f of files as readonly AafFile[]) {
    if (typeof f?.name !== 'string') return false;
    const n = parseAafFileName(f.name);
    if (n.mode !== 'Complet' || n.kind === undefined) return false;
    const r = AAF_FILE_KINDS.indexOf(n.kind);
    if (r < rank) return false;
    rank = r;
  }
  return true;
}

function locatedProblem(severity: 'error' | 'warning', rule: string, message: string, at: { file: string; line: number; column: number; id?: string | undefined }, attribute?: string): BatchProblem {
  return {
    severity,
    rule,
    path: textPath(at.file, at.line, at.column),
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    ...(at.id !== undefined ? { record: at.id } : {}),
    ...(attribute !== undefined ? { attribute } : {}),
  };
}

/** Routes people to the files, once the schools are known. */
class Router {
  readonly buckets: Bucket[];
  readonly feedProblems: BatchProblem[];
  private readonly groupOf: Map<string, number>;
  private readonly usedIds: { [P in Population]: Set<string> } = { personnels: new Set(), professeurs: new Set(), responsables: new Set(), eleves: new Set() };
  /** Files of each exported student, and of each parent named by one (a number for one file: most people). */
  private readonly studentGroups = new Map<string, GroupSet>();
  private readonly parentGroups = new Map<string, GroupSet>();
  /** Exported students: account, files, the parent ids named, and where the record is (for a `ref` warning). */
  private readonly students: [index: number, groups: GroupSet, links: string[] | undefined, id: string, file: string, line: number, column: number][] = [];
  /** Packed students, by index (their parents added at the end). */
  readonly studentRecords: string[] = [];
  private readonly exportedParents = new Set<string>();
  /** Student id → the exported parents naming it (a string for one parent). */
  private readonly parentsOfStudent = new Map<string, string | string[]>();
  /** Every parent id of the feed (for the `ref` check of students' links). */
  readonly parentIds = new Set<string>();
  unattached = 0;
  parentsStarted = false;

  constructor(
    private readonly store: AafStore,
    private readonly ctx: RouteContext,
    private readonly resolveId: AafBatchSource['resolveId'],
    private readonly filtered: boolean,
    feedProblems: BatchProblem[],
  ) {
    this.feedProblems = feedProblems;
    // Schools of the feed, in order (the first record of a UAI wins).
    const schoolEntries = new Map<string, AafEntry>();
    for (const entry of store.structures.values()) {
      const uai = schoolUai(entry);
      if (uai === undefined || !isUaiFormat(uai)) {
        this.feed(locatedProblem('error', 'uai', 'an EtabEducNat record has no valid ENTStructureUAI: its people cannot be exported', entry, 'ENTStructureUAI'));
        continue;
      }
      if (!schoolEntries.has(uai)) schoolEntries.set(uai, entry);
    }
    const plan = planGroups([...schoolEntries.keys()], ctx.regroupements, ctx.selected);
    this.groupOf = plan.groupOf;
    this.buckets = bucketsOf(plan.groups);
    for (const p of plan.problems) {
      if (p.uai === undefined) this.feed(p);
      else {
        addProblem(this.buckets[plan.groupOf.get(p.uai) as number] as Bucket, p, false);
        ctx.onProblem(p);
      }
    }
    // The schools of each file: an invalid school record makes its file impossible to build.
    for (const b of this.buckets) {
      for (const uai of b.plan.uais) {
        const entry = schoolEntries.get(uai) as AafEntry;
        let bad = false;
        const school = mapSchool(
          entry,
          (severity, attribute, rule, message) => {
            if (severity === 'error') bad = true;
            this.report([b.plan.index], locatedProblem(severity, rule, message, entry, attribute), false);
          },
          ctx.limits.maxAttributeLength,
        );
        if (school === undefined || bad) b.skipReason ??= `the EtabEducNat record of ${uai} is invalid`;
        else b.etablissements.push(school);
        if (uai === b.plan.uai) b.nom = school?.nom ?? '';
      }
    }
  }

  private feed(problem: BatchProblem): void {
    this.feedProblems.push(problem);
    this.ctx.onProblem(problem);
  }

  /** The files of a record's schools (attachments by structure id or UAI). */
  groupsOfAttributes(attrs: Pick<AafAttributes, 'get'>): number[] {
    const out: number[] = [];
    for (const a of attachments({ attrs } as AafEntry)) {
      const upper = a.toUpperCase();
      const uai = this.store.structureUai.get(a) ?? (isUaiFormat(upper) ? upper : undefined);
      const g = uai === undefined ? undefined : this.groupOf.get(uai);
      if (g !== undefined && !out.includes(g)) out.push(g);
    }
    return out;
  }

  /** Reports a problem to each of the files (a person's problems), or to the feed when there is none. */
  report(groups: readonly number[], problem: BatchProblem, person: boolean): void {
    if (groups.length === 0) {
      if (!this.filtered || problem.rule === 'order') this.feed(problem);
      return;
    }
    for (const g of groups) {
      const b = this.buckets[g] as Bucket;
      const located = { ...problem, uai: b.plan.uai };
      addProblem(b, located, person);
      this.ctx.onProblem(located);
    }
  }

  /** Maps, resolves and adds a person to the files (packed); false when left out (reported); a student's index. */
  private async place(entry: AafEntry, groups: number[]): Promise<false | number> {
    const population = populationOf(entry) as Population;
    const maxLength = this.ctx.limits.maxAttributeLength;
    const entryReport = (severity: 'error' | 'warning', attribute: string, rule: string, message: string): void =>
      this.report(groups, locatedProblem(severity, rule, message, entry, attribute), severity === 'error');
    const account = mapPerson(entry, population, entryReport, maxLength);
    if (account === undefined) return false;
    let resolved = this.resolveId(entry.id, { category: entry.kind as AafResolveContext['category'], population });
    if (typeof resolved === 'object' && resolved !== null && typeof (resolved as PromiseLike<unknown>).then === 'function') resolved = await resolved;
    if (resolved !== undefined && typeof resolved !== 'string') throw new EntPronoteError('ERR_ARGUMENT', 'source.resolveId must return a string or undefined');
    if (resolved === undefined || resolved === '') {
      entryReport('error', 'identifier/id', 'resolve', 'the ENT has no account for this AAF identifier (resolveId returned nothing)');
      return false;
    }
    const defect = valueDefect(resolved, maxLength);
    if (defect !== undefined) {
      entryReport('error', 'identifier/id', defect.rule, `the identifier returned by resolveId ${defect.message}`);
      return false;
    }
    if (this.usedIds[population].has(resolved)) {
      entryReport('error', 'identifier/id', 'unique', 'resolveId returned an ENT identifier already given to another person of the same population');
      return false;
    }
    this.usedIds[population].add(resolved);
    account.idPartenaire = resolved;
    if (population === 'responsables') (account as ResponsableInput).key = entry.id;
    const packed = packAccount(account);
    if (population === 'eleves') {
      const index = this.studentRecords.push(packed) - 1;
      for (const g of groups) (this.buckets[g] as Bucket).eleves.push(index);
      return index;
    }
    for (const g of groups) (this.buckets[g] as Bucket)[population].push(packed);
    return 0;
  }

  /** A student, teacher or staff member. */
  async routePerson(entry: AafEntry): Promise<void> {
    const groups = this.groupsOfAttributes(entry.attrs);
    if (groups.length === 0) {
      if (!this.filtered) {
        this.unattached++;
        this.feed(locatedProblem('warning', 'school', 'the person is attached to no school of the feed: left out of every file', entry, 'ENTPersonStructRattach'));
      }
      return;
    }
    const placed = await this.place(entry, groups);
    // Parents follow the students exported (not those left out).
    if (entry.kind === 'Eleve' && placed !== false) {
      addGroups(this.studentGroups, entry.id, groups);
      const links = linkIds(entry.attrs.get('ENTElevePersRelEleve'));
      for (const p of links) addGroups(this.parentGroups, p, groups);
      this.students.push([placed, groups.length === 1 ? (groups[0] as number) : groups, links.length === 0 ? undefined : links, entry.id, entry.file, entry.line, entry.column]);
    }
  }

  /** A parent: to the files of their exported children, and of their own attachments. */
  async routeParent(entry: AafEntry): Promise<void> {
    this.parentsStarted = true;
    this.parentIds.add(entry.id);
    const groups = this.groupsOfAttributes(entry.attrs);
    mergeGroups(groups, this.parentGroups.get(entry.id));
    const children = linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve'));
    for (const c of children) mergeGroups(groups, this.studentGroups.get(c));
    if (groups.length === 0) {
      if (!this.filtered) {
        this.unattached++;
        this.feed(locatedProblem('warning', 'school', 'the parent is linked to no exported student and no school of the feed: left out of every file', entry));
      }
      return;
    }
    if ((await this.place(entry, groups)) === false) return;
    this.exportedParents.add(entry.id);
    for (const c of children) {
      const list = this.parentsOfStudent.get(c);
      if (list === undefined) this.parentsOfStudent.set(c, entry.id);
      else if (typeof list === 'string') this.parentsOfStudent.set(c, [list, entry.id]);
      else list.push(entry.id);
    }
  }

  /** Links each student to their exported parents. */
  finish(): void {
    for (const [index, groups, named, id, file, line, column] of this.students) {
      const links: string[] = [];
      for (const p of named ?? []) {
        if (this.exportedParents.has(p)) links.push(p);
        else if (!this.parentIds.has(p)) {
          const where = { id, file, line, column };
          this.report(typeof groups === 'number' ? [groups] : groups, locatedProblem('warning', 'ref', 'names an id that is no PersRelEleve record of the feed: this link is dropped', where, 'ENTElevePersRelEleve'), false);
        }
      }
      const naming = this.parentsOfStudent.get(id);
      if (typeof naming === 'string') {
        if (!links.includes(naming)) links.push(naming);
      } else for (const p of naming ?? []) if (!links.includes(p)) links.push(p);
      this.studentRecords[index] = withParents(this.studentRecords[index] as string, links);
    }
    this.students.length = 0;
  }
}

/** A set of file indexes: one number (most people are in one file), or a list. */
type GroupSet = number | number[];

function addGroups(map: Map<string, GroupSet>, id: string, groups: readonly number[]): void {
  const current = map.get(id);
  if (current === undefined) {
    map.set(id, groups.length === 1 ? (groups[0] as number) : [...groups]);
    return;
  }
  const list = typeof current === 'number' ? [current] : current;
  for (const g of groups) if (!list.includes(g)) list.push(g);
  map.set(id, list.length === 1 ? (list[0] as number) : list);
}

function mergeGroups(into: number[], set: GroupSet | undefined): void {
  if (set === undefined) return;
  if (typeof set === 'number') {
    if (!into.includes(set)) into.push(set);
  } else for (const g of set) if (!into.includes(g)) into.push(g);
}

/** Reads the feed and routes its people (see the module). */
export async function routeAafFeed(source: AafBatchSource, ctx: RouteContext): Promise<Routed> {
  if (typeof source.resolveId !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'source.resolveId must be a function (AAF id → ENT id)');
  const files = source.files;
  if (typeof files !== 'object' || files === null || !(Symbol.iterator in files || Symbol.asyncIterator in files)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'source.files must be an (async) iterable of AAF files { name, chunks }');
  }
  const feedProblems: BatchProblem[] = [];
  const wanted = expandSelection(ctx.selected, ctx.regroupements);
  const streaming = streamable(files);
  const deltas = !streaming && (!Array.isArray(files) || (files as readonly AafFile[]).some((f) => typeof f?.name !== 'string' || parseAafFileName(f.name).mode !== 'Complet'));
  // Problems of requests found before the schools are known: routed once they are.
  const early: { problem: BatchProblem; attrs: AafAttributes }[] = [];
  let router: Router | undefined;
  let currentFile = '';
  const requestReport = (severity: 'error' | 'warning', req: AafRequest, attribute: string | undefined, rule: string, message: string): void => {
    const problem = locatedProblem(severity, rule, message, { file: currentFile, line: req.line, column: req.column, id: req.id }, attribute);
    if (router === undefined) early.push({ problem, attrs: req.attributes });
    else router.report(router.groupsOfAttributes(req.attributes), problem, severity === 'error');
  };
  const store = new AafStore(wanted, requestReport, ctx.limits, deltas);
  const routerNow = (): Router => {
    if (router !== undefined) return router;
    const r = new Router(store, ctx, source.resolveId, wanted !== undefined, feedProblems);
    router = r;
    for (const { problem, attrs } of early.splice(0)) r.report(r.groupsOfAttributes(attrs), problem, problem.severity === 'error');
    return r;
  };

  let peopleRead = 0;
  const seen = new Set<string>();
  let orderReported = false;
  const pending: { req: AafRequest; kind: 'Eleve' | 'PersEducNat' | 'PersRelEleve' }[] = [];
  const drain = async (): Promise<void> => {
    if (pending.length === 0) return;
    const r = routerNow();
    for (const { req, kind } of pending.splice(0)) {
      const at = { file: currentFile, line: req.line, column: req.column, id: req.id };
      if (req.id === undefined) {
        r.report(r.groupsOfAttributes(req.attributes), locatedProblem('error', 'required', 'the request has no identifier/id: it cannot be applied', at, 'identifier/id'), true);
        continue;
      }
      if (seen.has(req.id)) {
        r.report(r.groupsOfAttributes(req.attributes), locatedProblem('warning', 'duplicate', 'a record with this id was already read: this one is ignored', at), false);
        continue;
      }
      seen.add(req.id);
      if (kind !== 'PersRelEleve' && r.parentsStarted && !orderReported) {
        orderReported = true;
        r.report([], locatedProblem('error', 'order', 'a student or staff record comes after parents: some parents may miss a child; give the files in compareAafFileNames order', at), false);
      }
      const entry: AafEntry = { id: req.id, kind, attrs: req.attributes, file: currentFile, line: req.line, column: req.column };
      if (kind === 'PersRelEleve') await r.routeParent(entry);
      else await r.routePerson(entry);
    }
  };

  const onRequest = (req: AafRequest, fileName: string, fileKind: AafFileKind | undefined): void => {
    const kind = recordKind(req.categoriePersonne, req.categorieStructure, fileKind);
    const person = kind !== undefined && kind !== 'structure';
    if (person && req.operation === 'add' && (++peopleRead & 4095) === 0) ctx.onPeopleRead(peopleRead);
    if (streaming && person) {
      if (req.operation === 'add') pending.push({ req, kind });
      else requestReport('warning', req, undefined, 'operation', `a Complet file holds a ${req.operation}Request: ignored`);
      return;
    }
    if (streaming && kind === 'structure' && router !== undefined) {
      requestReport('error', req, undefined, 'order', 'a school record comes after people were read: its people may be missing; give the files in compareAafFileNames order');
    }
    store.apply(req, fileName, fileKind);
    if (req.operation !== 'add' || req.id === undefined || kind === undefined) return;
    const entry = kind === 'structure' ? store.structures.get(req.id) : store.people.get(req.id);
    // Packed once kept: a record's arrays cost about three times its text.
    if (entry !== undefined && !(entry.attrs instanceof PackedAttributes)) entry.attrs = new PackedAttributes(req.attributes);
  };
  // A streamed feed is parsed on another thread while this one routes the people.
  const parser = streaming && ctx.parseThread !== undefined ? ctx.parseThread() : undefined;
  try {
    for await (const file of files as AsyncIterable<AafFile>) {
      if (typeof file !== 'object' || file === null || typeof file.name !== 'string') throw new EntPronoteError('ERR_ARGUMENT', 'each AAF file must be an object { name, chunks }');
      currentFile = file.name;
      const name = file.name;
      const fileKind: AafFileKind | undefined = parseAafFileName(name).kind;
      store.ignoredCategories = new Map();
      if (parser !== undefined) {
        let inFlight = 0;
        const handle = async (): Promise<void> => {
          const reply = await parser.next();
          inFlight--;
          if (reply.type === 'error') throw parseError(reply.error);
          for (const w of reply.requests) onRequest(fromWire(w), name, fileKind);
          await drain();
        };
        parser.post({ type: 'start', file: name, limits: ctx.limits });
        for await (const c of chunksOf(file)) {
          const copy = new Uint8Array(c.byteLength);
          copy.set(c);
          parser.post({ type: 'chunk', bytes: copy });
          if (++inFlight >= 4) await handle();
        }
        parser.post({ type: 'end' });
        inFlight++;
        while (inFlight > 0) await handle();
        continue;
      }
      const reader = new AafFileReader({ file: name, keep: keepAttribute, onRequest: (req) => onRequest(req, name, fileKind), limits: ctx.limits });
      for await (const c of chunksOf(file)) {
        reader.write(c);
        await drain();
      }
      reader.end();
      await drain();
    }
  } finally {
    await parser?.close();
  }
  ctx.onPeopleRead(peopleRead);

  const r = routerNow();
  if (!streaming) {
    // Each record is dropped from the store once mapped: memory holds a person once, packed or mapped.
    for (const entry of store.people.values()) if (entry.kind === 'PersRelEleve') r.parentIds.add(entry.id);
    for (const entry of store.people.values()) {
      if (entry.kind === 'PersRelEleve') continue;
      store.people.delete(entry.id);
      await r.routePerson(entry);
    }
    for (const entry of store.people.values()) {
      store.people.delete(entry.id);
      await r.routeParent(entry);
    }
  }
  r.finish();
  return { buckets: r.buckets, students: r.studentRecords, problems: r.feedProblems, peopleRead, unattached: r.unattached };
}
