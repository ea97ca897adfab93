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
import { type AafEntry, type AafRecordKind, attachments, recordKind, schoolUai } from './mapping';
import type { AafRequest } from './records';

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

const ATTACHMENT_ATTRIBUTES = new Set(['ENTPersonStructRattach', 'ENTPersonFonctions']);

/** The records of a feed. */
export class AafStore {
  /** Schools by id, in file order. */
  readonly structures = new Map<string, AafEntry>();
  /** People by id, in file order. */
  readonly people = new Map<string, AafEntry>();
  /** Ids of people dropped by the school filter. */
  readonly dropped = new Set<string>();
  /** Structure id (`identifier/id`, `ENTStructureJointure`) → UAI. */
  readonly structureUai = new Map<string, string>();
  readonly counters: StoreCounters = { add: 0, modify: 0, delete: 0, ignored: 0, invalid: 0, filteredOut: 0 };
  /** Per file: category → number of records ignored. */
  ignoredCategories = new Map<string, number>();

  constructor(
    private readonly selected: Set<string> | undefined,
    private readonly report: RequestReport,
    private readonly limits: Limits,
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
        this.ignoredCategories.set(category, (this.ignoredCategories.get(category) ?? 0) + 1);
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
      if (this.dropped.has(id)) {
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
    } else if (this.dropped.has(id)) {
      this.dropped.delete(id);
      this.counters.filteredOut--;
    }
    if (kind !== 'PersRelEleve' && this.decide(entry) === 'drop') {
      this.people.delete(id);
      this.dropped.add(id);
      this.counters.filteredOut++;
      return;
    }
    this.people.set(id, entry);
    if (this.people.size > this.limits.maxPeople) throw limitError('number of people in the AAF feed', this.limits.maxPeople, 'maxPeople');
  }

  private indexStructure(entry: AafEntry): void {
    const uai = schoolUai(entry);
    if (uai === undefined) return;
    this.structureUai.set(entry.id, uai);
    for (const j of entry.attrs.get('ENTStructureJointure') ?? []) this.structureUai.set(j, uai);
  }
}
