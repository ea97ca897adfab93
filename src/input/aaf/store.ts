/**
 * The state of an AAF feed while it is read: records kept by id, requests applied in file
 * order (add, modify, delete), people outside the selected schools dropped as early as the
 * schools are known.
 *
 * Delta semantics:
 * - `addRequest`: creates the record; for an id already read, replaces it (warning
 *   `duplicate`), keeping its place in the output order;
 * - `modifyRequest`: for each `modification` on an attribute the export uses, `add` appends the
 *   values not already present, `replace` sets the values (none: removes the attribute),
 *   `delete` removes the given values (none: the whole attribute); other attributes are ignored;
 *   an unknown id is reported (warning `unknown-id`);
 * - `deleteRequest`: removes the record (unknown id: warning `unknown-id`).
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../../common/uai';
import { limitError, type Limits } from '../../limits';
import type { AafFileKind } from './file-name';
import { type AafEntry, type AafRecordKind, attachments, linkIds, recordKind, schoolUai } from './mapping';
import type { AafRequest } from './records';

/** FNV-1a hash of an id. */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Reports a problem about a request. */
export type RequestReport = (severity: 'error' | 'warning', req: AafRequest, attribute: string | undefined, rule: string, message: string) => void;

/** Counters kept while reading. */
export interface StoreCounters {
  add: number;
  modify: number;
  delete: number;
  ignored: number;
  invalid: number;
  filteredOut: number;
}

const ATTACHMENT_ATTRIBUTES = new Set(['ENTPersonStructRattach', 'ENTPersonFonctions', 'ENTAuxPersRelEleveEleve']);

/** The records of a feed. */
export class AafStore {
  /** Schools by id, in file order. */
  readonly structures = new Map<string, AafEntry>();
  /** People by id, in file order. */
  readonly people = new Map<string, AafEntry>();
  /**
   * People dropped by the school filter, as 32-bit hashes of their ids (for the deltas that name
   * them): a few bytes per person left out, so that memory follows the people kept, not the feed.
   * A collision (about one in 40,000 for 100,000 people dropped) only turns an `unknown-id`
   * warning about a delta into silence.
   */
  private readonly dropped = new Set<number>();

  /** How many people the school filter has left out so far (distinct ids; 0 when not tracked). */
  get droppedCount(): number {
    return this.dropped.size;
  }
  /** Parents dropped by the school filter as they were read. */
  private droppedParents = 0;
  /** Kept students, and the parents they name (for deciding parents as they are read). */
  private readonly keptStudents = new Set<string>();
  private readonly keptStudentParents = new Set<string>();
  /** Students whose school was not known when read (decided at the end). */
  private pendingStudents = 0;
  /** Student records read (kept or not). */
  private studentsRead = 0;
  /** A student came after parents were decided (reported once). */
  private outOfOrder = false;
  /** Structure id (`identifier/id`, `ENTStructureJointure`) → UAI. */
  readonly structureUai = new Map<string, string>();
  readonly counters: StoreCounters = { add: 0, modify: 0, delete: 0, ignored: 0, invalid: 0, filteredOut: 0 };
  /** Per file: category → number of records ignored. */
  ignoredCategories = new Map<string, number>();

  /**
   * @param trackDropped - remember the people left out by the filter (as hashes), for the deltas
   *   that may name them; false when the feed is known to have no delta file.
   */
  constructor(
    private readonly selected: Set<string> | undefined,
    private readonly report: RequestReport,
    private readonly limits: Limits,
    private readonly trackDropped = true,
  ) {}

  /**
   * `keep` when one of the person's attachments is a selected school, `drop` when every
   * attachment is a known school that is not selected (or there is none), `pending` when some
   * attachment is not known yet.
   */
  decide(entry: AafEntry): 'keep' | 'drop' | 'pending' {
    const selected = this.selected;
    if (selected === undefined) return 'keep';
    let unknown = false;
    for (const a of attachments(entry)) {
      const upper = a.toUpperCase();
      const uai = this.structureUai.get(a) ?? (isUaiFormat(upper) ? upper : undefined);
      if (uai === undefined) unknown = true;
      else if (selected.has(uai)) return 'keep';
    }
    return unknown ? 'pending' : 'drop';
  }

  /** Applies one request of a file. */
  apply(req: AafRequest, file: string, fileKind: AafFileKind | undefined): void {
    this.counters[req.operation]++;
    const kind = recordKind(req.categoriePersonne, req.categorieStructure, fileKind);
    if (req.id === undefined) {
      this.counters.invalid++;
      this.report('error', req, 'identifier/id', 'required', 'the request has no identifier/id: it cannot be applied');
      return;
    }
    if (req.operation === 'add') {
      if (kind === undefined) {
        this.counters.ignored++;
        const category = req.categoriePersonne ?? req.categorieStructure ?? '(none)';
        const seen = this.ignoredCategories.get(category);
        // Bounded memory: at most 1,000 categories are counted one by one.
        const key = seen !== undefined || this.ignoredCategories.size < 1000 ? category : '(other categories)';
        this.ignoredCategories.set(key, (this.ignoredCategories.get(key) ?? 0) + 1);
        return;
      }
      this.add(req, kind, file);
      return;
    }
    const id = req.id;
    const isStructure = kind === 'structure' || (kind === undefined && !this.people.has(id) && this.structures.has(id));
    const map = isStructure ? this.structures : this.people;
    const entry = map.get(id);
    if (entry === undefined) {
      if (this.dropped.has(idHash(id))) {
        if (req.operation === 'modify' && req.modifications.some((m) => ATTACHMENT_ATTRIBUTES.has(m.name))) {
          this.report('warning', req, undefined, 'filtered', 'changes the schools of a person already left out by the school filter: the change is not applied');
        }
        return;
      }
      this.report('warning', req, undefined, 'unknown-id', `${req.operation === 'modify' ? 'modifies' : 'deletes'} a record that was not read before: ignored`);
      return;
    }
    if (req.operation === 'delete') {
      map.delete(id);
      return;
    }
    for (const m of req.modifications) {
      const current = entry.attrs.get(m.name);
      switch (m.operation) {
        case 'add': {
          const next = current ?? [];
          for (const v of m.values) if (!next.includes(v)) next.push(v);
          if (next.length > 0) entry.attrs.set(m.name, next);
          break;
        }
        case 'replace':
          if (m.values.length === 0) entry.attrs.delete(m.name);
          else entry.attrs.set(m.name, [...m.values]);
          break;
        case 'delete':
          if (m.values.length === 0 || current === undefined) entry.attrs.delete(m.name);
          else {
            const next = current.filter((v) => !m.values.includes(v));
            if (next.length === 0) entry.attrs.delete(m.name);
            else entry.attrs.set(m.name, next);
          }
          break;
        default:
          this.report('warning', req, m.name, 'operation', 'modification operation is not add, replace or delete: ignored');
      }
    }
    if (isStructure) this.indexStructure(entry);
  }

  private add(req: AafRequest, kind: AafRecordKind, file: string): void {
    const id = req.id as string;
    const entry: AafEntry = { id, kind, attrs: req.attributes, file, line: req.line, column: req.column };
    if (kind === 'structure') {
      if (this.structures.has(id)) this.report('warning', req, undefined, 'duplicate', 'a record with this id was already read: this one replaces it');
      this.structures.set(id, entry);
      this.indexStructure(entry);
      return;
    }
    if (this.people.has(id)) {
      this.report('warning', req, undefined, 'duplicate', 'a record with this id was already read: this one replaces it');
    } else if (this.dropped.has(idHash(id))) {
      this.dropped.delete(idHash(id));
      this.counters.filteredOut--;
    }
    if (kind === 'Eleve') this.studentsRead++;
    const decision = kind === 'PersRelEleve' ? this.decideParent(entry) : this.decide(entry);
    if (kind === 'Eleve') this.noteStudent(entry, decision, req);
    if (decision === 'drop') {
      this.people.delete(id);
      if (this.trackDropped) this.dropped.add(idHash(id));
      if (kind === 'PersRelEleve') this.droppedParents++;
      this.counters.filteredOut++;
      return;
    }
    this.people.set(id, entry);
    if (this.people.size > this.limits.maxPeople) throw limitError('number of people in the AAF feed', this.limits.maxPeople, 'maxPeople');
  }

  /**
   * A student read: with a school filter, remembers the kept ones and their parents, so that
   * parents can be decided as they are read (a feed's parents are as many as its students: keeping
   * them all until the end would make memory follow the feed). A kept student naming a parent
   * already left out means the files came out of order: reported, never silently lost.
   */
  private noteStudent(entry: AafEntry, decision: 'keep' | 'drop' | 'pending', req: AafRequest): void {
    if (this.selected === undefined) return;
    if (this.droppedParents > 0 && !this.outOfOrder) {
      this.outOfOrder = true;
      this.report(
        'error',
        req,
        undefined,
        'order',
        'a student is read after parents were already decided by the school filter: some parents may be missing; give the files in compareAafFileNames order (EtabEducNat, PersEducNat, Eleve, then PersRelEleve)',
      );
    }
    if (decision === 'pending') {
      this.pendingStudents++;
      return;
    }
    if (decision === 'drop') return;
    this.keptStudents.add(entry.id);
    for (const parent of linkIds(entry.attrs.get('ENTElevePersRelEleve'))) this.keptStudentParents.add(parent);
  }

  /**
   * A parent is decided when read if every student read so far was decided (none waits for its
   * school): kept when attached to a selected school, named by a kept student, or naming one;
   * otherwise left out. Before any student, or while one is pending, parents wait for the end.
   */
  private decideParent(entry: AafEntry): 'keep' | 'drop' | 'pending' {
    if (this.selected === undefined) return 'keep';
    if (this.studentsRead === 0 || this.pendingStudents > 0) return 'pending';
    const own = this.decide(entry);
    if (own === 'keep') return 'keep';
    if (this.keptStudentParents.has(entry.id)) return 'keep';
    for (const student of linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve'))) if (this.keptStudents.has(student)) return 'keep';
    return 'drop';
  }

  private indexStructure(entry: AafEntry): void {
    const uai = schoolUai(entry);
    if (uai === undefined) return;
    this.structureUai.set(entry.id, uai);
    for (const j of entry.attrs.get('ENTStructureJointure') ?? []) this.structureUai.set(j, uai);
  }
}
