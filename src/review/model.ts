/**
 * The state behind the supervision page: the current matching (the engine's result with the
 * confirmed decisions), indexed so that a page of rows, a filter, a search or a sort is served
 * without walking more than one population, and the decisions (confirmed, pending).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { matchAccounts } from '../match/match';
import { normalizeName } from '../match/normalize';
import type {
  AmbiguousEntry,
  EntAccounts,
  EntPerson,
  ForcedPair,
  ManualDecisions,
  MatchExclusion,
  MatchMode,
  MatchPair,
  MatchResult,
  MatchStatus,
  PronotePeople,
  PronotePerson,
  UnmatchedEntry,
} from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { frenchDate, type ReportFilter } from '../report/labels';
import { heldId } from '../report/rows';
import { expectManualDecisions, listOrEmpty } from '../common/arguments';

/** One row of a population's list: a link, or a person of one side. */
export interface Row {
  /** Unique in its population: `L:` + ENT id for a link, `E:` + ENT id, `P:` + PRONOTE `Ident`. */
  readonly key: string;
  readonly status: MatchStatus;
  readonly side: 'both' | 'ent' | 'pronote';
  readonly ent?: EntPerson;
  readonly pronote?: PronotePerson;
  readonly pair?: MatchPair;
  readonly ambiguous?: AmbiguousEntry;
  readonly unmatched?: UnmatchedEntry;
}

/** How rows are sorted. */
export type SortKey = 'name' | 'status' | 'date';

const SORTS: readonly SortKey[] = ['name', 'status', 'date'];
const FILTERS: readonly ReportFilter[] = ['all', 'linked', 'conflict', 'ambiguous', 'unmatched-ent', 'unmatched-pronote'];
const STATUS_ORDER: Readonly<Record<MatchStatus, number>> = { ambiguous: 0, unmatched: 1, conflict: 2, manual: 3, matched: 4, confirmed: 5 };

/** True when `value` is a filter. */
export function isFilter(value: unknown): value is ReportFilter {
  return typeof value === 'string' && (FILTERS as readonly string[]).includes(value);
}

/** True when `value` is a sort key. */
export function isSort(value: unknown): value is SortKey {
  return typeof value === 'string' && (SORTS as readonly string[]).includes(value);
}

/** True when `value` is a population code. */
export function isPopulation(value: unknown): value is Population {
  return typeof value === 'string' && (POPULATIONS as readonly string[]).includes(value);
}

/** Whether a row passes a filter. */
export function inFilter(row: Row, filter: ReportFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'linked':
      return row.side === 'both';
    case 'conflict':
      return row.status === 'conflict';
    case 'ambiguous':
      return row.status === 'ambiguous';
    case 'unmatched-ent':
      return row.status === 'unmatched' && row.side === 'ent';
    case 'unmatched-pronote':
      return row.status === 'unmatched' && row.side === 'pronote';
  }
}

/** Search and sort keys of people, computed once per person (the inputs do not change). */
export class PersonKeys {
  private readonly names = new WeakMap<object, string>();

  /** Normalised `nom prenom` (the matching's normal form), for search and sort. */
  name(p: EntPerson | PronotePerson): string {
    let k = this.names.get(p);
    if (k === undefined) {
      k = `${normalizeName(p.nom)}\u0001${normalizeName(p.prenom)}`;
      this.names.set(p, k);
    }
    return k;
  }
}

/** A normalised query: its words (all must appear in a name). */
export function queryWords(q: string): string[] {
  const n = normalizeName(q);
  return n === '' ? [] : n.split(' ');
}

function matchesWords(key: string, words: readonly string[]): boolean {
  for (const w of words) if (!key.includes(w)) return false;
  return true;
}

/** The rows of one population, with their sorted orders (built on demand). */
export class PopulationIndex {
  readonly rows: Row[] = [];
  readonly byEnt = new Map<string, Row>();
  /** Rows by PRONOTE `Ident` (unique in the file; not every PRONOTE person has an IDPN everywhere). */
  readonly byPronote = new Map<number, Row>();
  readonly counts: Record<ReportFilter, number> = { all: 0, linked: 0, conflict: 0, ambiguous: 0, 'unmatched-ent': 0, 'unmatched-pronote': 0 };
  private readonly orders = new Map<SortKey, Int32Array>();
  /** Per row: the normalised names of its people (both sides, separated), for search and sort. */
  private readonly names: string[] = [];

  constructor(
    result: MatchResult,
    readonly population: Population,
    private readonly keys: PersonKeys,
  ) {
    const r = result.populations[population];
    for (const pair of r.pairs) this.add({ key: `L:${pair.idPartenaire}`, status: pair.status, side: 'both', ent: pair.ent, pronote: pair.pronote, pair });
    for (const a of r.ambiguous) {
      if (a.side === 'ent') this.add({ key: `E:${a.person.idPartenaire}`, status: 'ambiguous', side: 'ent', ent: a.person, ambiguous: a });
      else this.add({ key: `P:${a.person.ident}`, status: 'ambiguous', side: 'pronote', pronote: a.person, ambiguous: a });
    }
    for (const u of r.unmatched) {
      if (u.side === 'ent') this.add({ key: `E:${u.person.idPartenaire}`, status: 'unmatched', side: 'ent', ent: u.person, unmatched: u });
      else this.add({ key: `P:${u.person.ident}`, status: 'unmatched', side: 'pronote', pronote: u.person, unmatched: u });
    }
  }

  private add(row: Row): void {
    this.rows.push(row);
    const e = row.ent !== undefined ? this.keys.name(row.ent) : '';
    const p = row.pronote !== undefined ? this.keys.name(row.pronote) : '';
    this.names.push(e === '' ? p : p === '' || p === e ? e : `${e}\u0002${p}`);
    if (row.ent !== undefined) this.byEnt.set(row.ent.idPartenaire, row);
    if (row.pronote !== undefined) this.byPronote.set(row.pronote.ident, row);
    for (const f of FILTERS) if (inFilter(row, f)) this.counts[f]++;
  }

  /** Builds the order of `sort` now (so that the first request does not wait for it). */
  prepare(sort: SortKey): void {
    this.order(sort);
  }

  /** The row of a key, if any. */
  row(key: string): Row | undefined {
    if (key.startsWith('L:') || key.startsWith('E:')) {
      const r = this.byEnt.get(key.slice(2));
      return r?.key === key ? r : undefined;
    }
    if (key.startsWith('P:') && /^-?\d+$/.test(key.slice(2))) {
      const r = this.byPronote.get(Number(key.slice(2)));
      return r?.key === key ? r : undefined;
    }
    return undefined;
  }

  private order(sort: SortKey): Int32Array {
    let o = this.orders.get(sort);
    if (o !== undefined) return o;
    const n = this.rows.length;
    const names = this.names;
    let primary: string[] | undefined;
    if (sort === 'date') primary = this.rows.map((r) => dateKey((r.ent ?? r.pronote)?.dateNaissance));
    const status = sort === 'status' ? this.rows.map((r) => STATUS_ORDER[r.status]) : undefined;
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => {
      if (status !== undefined) {
        const d = (status[a] as number) - (status[b] as number);
        if (d !== 0) return d;
      }
      if (primary !== undefined) {
        const x = primary[a] as string;
        const y = primary[b] as string;
        if (x !== y) return x < y ? -1 : 1;
      }
      const x = names[a] as string;
      const y = names[b] as string;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    o = Int32Array.from(idx);
    this.orders.set(sort, o);
    return o;
  }

  /**
   * One page of rows: those passing `filter` and whose name (either side) holds every word of
   * `q`, in `sort` order (`desc` reverses it), from `offset`, at most `limit`; and how many pass.
   */
  page(filter: ReportFilter, q: string, sort: SortKey, desc: boolean, offset: number, limit: number): { total: number; rows: Row[] } {
    const order = this.order(sort);
    const words = queryWords(q);
    const out: Row[] = [];
    let total = 0;
    const n = order.length;
    for (let j = 0; j < n; j++) {
      const i = order[desc ? n - 1 - j : j] as number;
      const row = this.rows[i] as Row;
      if (filter !== 'all' && !inFilter(row, filter)) continue;
      if (words.length > 0 && !matchesWords(this.names[i] as string, words)) continue;
      if (total >= offset && out.length < limit) out.push(row);
      total++;
    }
    return { total, rows: out };
  }
}

function dateKey(value: string | undefined): string {
  if (value === undefined) return '\uffff';
  const f = frenchDate(value);
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(f);
  return m === null ? `~${value}` : `${m[3]}-${m[2]}-${m[1]}`;
}

/** A decision of the administrator, pending until confirmed. */
export type PendingDecision =
  | { readonly kind: 'link'; readonly population: Population; readonly idPartenaire: string; readonly idpn: string }
  | { readonly kind: 'unlink'; readonly population: Population; readonly idPartenaire: string; readonly idpn: string }
  | { readonly kind: 'exclude'; readonly population: Population; readonly idPartenaire?: string; readonly idpn?: string }
  | { readonly kind: 'revoke'; readonly population: Population; readonly idPartenaire?: string; readonly idpn?: string };

/**
 * Applies one decision to a set of confirmed decisions (returns a new set):
 * - `link`: the forced pair replaces any pair or exclusion naming either person;
 * - `unlink`: the forced pair (if any) is removed and the pair is excluded, so that the engine
 *   never links these two again;
 * - `exclude`: the person is left out of automatic matching; pairs naming it are removed;
 * - `revoke`: every decision naming exactly these identifiers is removed.
 */
export function applyDecision(d: ManualDecisions, decision: PendingDecision): ManualDecisions {
  expectManualDecisions(d);
  // Its shape only: whether the people exist is the review server's check.
  const x = checkDecision(decision, () => true);
  let pairs: ForcedPair[] = [...(d.pairs ?? [])];
  let exclusions: MatchExclusion[] = [...(d.exclusions ?? [])];
  const same = (a: { population: Population }, pop: Population): boolean => a.population === pop;
  switch (x.kind) {
    case 'link':
      pairs = pairs.filter((p) => !same(p, x.population) || (p.idPartenaire !== x.idPartenaire && p.idpn !== x.idpn));
      exclusions = exclusions.filter(
        (e) =>
          !same(e, x.population) ||
          !((e.idPartenaire === x.idPartenaire && (e.idpn === undefined || e.idpn === x.idpn)) || (e.idpn === x.idpn && e.idPartenaire === undefined)),
      );
      pairs.push({ population: x.population, idPartenaire: x.idPartenaire, idpn: x.idpn });
      break;
    case 'unlink':
      pairs = pairs.filter((p) => !(same(p, x.population) && p.idPartenaire === x.idPartenaire && p.idpn === x.idpn));
      if (!exclusions.some((e) => same(e, x.population) && e.idPartenaire === x.idPartenaire && e.idpn === x.idpn)) {
        exclusions.push({ population: x.population, idPartenaire: x.idPartenaire, idpn: x.idpn });
      }
      break;
    case 'exclude':
      pairs = pairs.filter(
        (p) => !same(p, x.population) || ((x.idPartenaire === undefined || p.idPartenaire !== x.idPartenaire) && (x.idpn === undefined || p.idpn !== x.idpn)),
      );
      if (!exclusions.some((e) => same(e, x.population) && e.idPartenaire === x.idPartenaire && e.idpn === x.idpn)) {
        exclusions.push({
          population: x.population,
          ...(x.idPartenaire !== undefined ? { idPartenaire: x.idPartenaire } : {}),
          ...(x.idpn !== undefined ? { idpn: x.idpn } : {}),
        });
      }
      break;
    case 'revoke':
      pairs = pairs.filter((p) => !(same(p, x.population) && p.idPartenaire === x.idPartenaire && p.idpn === x.idpn));
      exclusions = exclusions.filter((e) => !(same(e, x.population) && e.idPartenaire === x.idPartenaire && e.idpn === x.idpn));
      break;
  }
  return { pairs, exclusions };
}

/** Checks a decision received from the page (shape and known people); `ERR_ARGUMENT` otherwise. */
export function checkDecision(value: unknown, known: (population: Population, side: 'ent' | 'pronote', id: string) => boolean): PendingDecision {
  const bad = (reason: string): EntPronoteError => new EntPronoteError('ERR_ARGUMENT', reason, { path: 'decision' });
  if (typeof value !== 'object' || value === null) throw bad('expected a decision object');
  const o = value as Record<string, unknown>;
  if (!isPopulation(o.population)) throw bad(`population: expected one of ${POPULATIONS.join(', ')}`);
  const pop = o.population;
  const ent = o.idPartenaire;
  const pro = o.idpn;
  if (ent !== undefined && (typeof ent !== 'string' || !known(pop, 'ent', ent))) throw bad('idPartenaire: no such ENT account in this population');
  if (pro !== undefined && (typeof pro !== 'string' || !known(pop, 'pronote', pro))) throw bad('idpn: no such PRONOTE person in this population');
  switch (o.kind) {
    case 'link':
    case 'unlink':
      if (ent === undefined || pro === undefined) throw bad(`${o.kind}: give both idPartenaire and idpn`);
      return { kind: o.kind, population: pop, idPartenaire: ent, idpn: pro };
    case 'exclude':
    case 'revoke':
      if (ent === undefined && pro === undefined) throw bad(`${o.kind}: give idPartenaire, idpn or both`);
      return {
        kind: o.kind,
        population: pop,
        ...(ent !== undefined ? { idPartenaire: ent } : {}),
        ...(pro !== undefined ? { idpn: pro } : {}),
      };
    default:
      throw bad('kind: expected link, unlink, exclude or revoke');
  }
}

/** The matching and its indexes, rebuilt when the confirmed decisions change. */
export class ReviewState {
  result: MatchResult;
  decisions: ManualDecisions;
  pending: PendingDecision[] = [];
  readonly keys = new PersonKeys();
  private indexes = new Map<Population, PopulationIndex>();
  /** Normalised names of each side's people, in input order (the inputs never change). */
  private readonly sideNames = new Map<string, string[]>();
  private readonly entIds: Record<Population, Map<string, EntPerson>>;
  private readonly proIds: Record<Population, Map<string, PronotePerson>>;

  constructor(
    private readonly ent: EntAccounts,
    private readonly pronote: PronotePeople,
    private readonly mode: MatchMode | undefined,
    decisions: ManualDecisions,
    private readonly candidateLimit: number,
  ) {
    this.decisions = { pairs: [...(decisions.pairs ?? [])], exclusions: [...(decisions.exclusions ?? [])] };
    this.result = this.run(this.decisions);
    this.warm();
    this.entIds = {} as Record<Population, Map<string, EntPerson>>;
    this.proIds = {} as Record<Population, Map<string, PronotePerson>>;
    for (const p of POPULATIONS) {
      this.entIds[p] = new Map((ent[p] ?? []).map((x) => [x.idPartenaire, x]));
      // Staff without an IDPN cannot be named by a decision (decisions name PRONOTE people by IDPN).
      this.proIds[p] = new Map((pronote[p] ?? []).flatMap((x) => (x.idpn === undefined ? [] : [[x.idpn, x] as const])));
    }
  }

  private run(decisions: ManualDecisions): MatchResult {
    return matchAccounts(this.ent, this.pronote, {
      ...(this.mode !== undefined ? { mode: this.mode } : {}),
      manual: decisions,
      candidateLimit: this.candidateLimit,
    });
  }

  /** The index of a population (built at first use after each change). */
  index(population: Population): PopulationIndex {
    let i = this.indexes.get(population);
    if (i === undefined) {
      i = new PopulationIndex(this.result, population, this.keys);
      this.indexes.set(population, i);
    }
    return i;
  }

  /** Builds every population's index and name order (start and confirmation pay for them, not the first page). */
  private warm(): void {
    for (const p of POPULATIONS) this.index(p).prepare('name');
  }

  private familyIndex: { ent: FamilyIndex; pronote: FamilyIndex } | undefined;

  /**
   * The family of a student (its parents) or of a parent (its children), as names: what tells
   * homonyms apart on the page. Undefined for other populations or when none is known.
   */
  family(population: Population, side: 'ent' | 'pronote', person: EntPerson | PronotePerson): string | undefined {
    if (population !== 'eleves' && population !== 'responsables') return undefined;
    this.familyIndex ??= { ent: entFamilies(this.ent), pronote: pronoteFamilies(this.pronote) };
    const f = this.familyIndex[side];
    const list = population === 'eleves' ? f.parentsOf.get(person) : f.childrenOf.get(person);
    if (list === undefined || list.length === 0) return undefined;
    const names = list.slice(0, 6).map((x) => `${x.nom} ${x.prenom}${population === 'responsables' && x.dateNaissance !== undefined ? ` (${frenchDate(x.dateNaissance)})` : ''}`);
    if (list.length > 6) names.push('…');
    return `${population === 'eleves' ? 'Responsables' : 'Enfants'} : ${names.join(', ')}`;
  }

  /** The PRONOTE person of an IDPN (decisions name people by IDPN). */
  pronoteByIdpn(population: Population, idpn: string): PronotePerson | undefined {
    return this.proIds[population].get(idpn);
  }

  /** Whether a person of that side and population is in the inputs. */
  known(population: Population, side: 'ent' | 'pronote', id: string): boolean {
    return side === 'ent' ? this.entIds[population].has(id) : this.proIds[population].has(id);
  }

  /** The people of one side whose name holds every word of `q` (input order), at most `limit`, and how many. */
  search(population: Population, side: 'ent' | 'pronote', q: string, limit: number): { total: number; people: (EntPerson | PronotePerson)[] } {
    const words = queryWords(q);
    const out: (EntPerson | PronotePerson)[] = [];
    let total = 0;
    if (words.length === 0) return { total, people: out };
    const list: readonly (EntPerson | PronotePerson)[] = (side === 'ent' ? this.ent[population] : this.pronote[population]) ?? [];
    const cacheKey = `${side}:${population}`;
    let names = this.sideNames.get(cacheKey);
    if (names === undefined) {
      names = list.map((p) => this.keys.name(p));
      this.sideNames.set(cacheKey, names);
    }
    for (let i = 0; i < list.length; i++) {
      if (!matchesWords(names[i] as string, words)) continue;
      if (out.length < limit) out.push(list[i] as EntPerson | PronotePerson);
      total++;
    }
    return { total, people: out };
  }

  /** Confirms the pending decisions: the matching is run again with them (all or nothing). */
  confirm(): void {
    let next = this.decisions;
    for (const x of this.pending) next = applyDecision(next, x);
    const result = this.run(next); // throws ERR_CONFLICT on contradictory decisions: nothing changes
    this.decisions = next;
    this.result = result;
    this.pending = [];
    this.indexes = new Map();
    this.warm();
  }
}

/** The held identifier of a PRONOTE person, re-exported for the server. */
export { heldId };

/** Parents of each student and children of each parent, of one side. */
interface FamilyIndex {
  readonly parentsOf: Map<object, (EntPerson | PronotePerson)[]>;
  readonly childrenOf: Map<object, (EntPerson | PronotePerson)[]>;
}

function link(f: FamilyIndex, student: EntPerson | PronotePerson, parent: EntPerson | PronotePerson | undefined): void {
  if (parent === undefined) return;
  let a = f.parentsOf.get(student);
  if (a === undefined) f.parentsOf.set(student, (a = []));
  if (!a.includes(parent)) a.push(parent);
  let b = f.childrenOf.get(parent);
  if (b === undefined) f.childrenOf.set(parent, (b = []));
  if (!b.includes(student)) b.push(student);
}

function entFamilies(ent: EntAccounts): FamilyIndex {
  const f: FamilyIndex = { parentsOf: new Map(), childrenOf: new Map() };
  const byIdent = new Map<number, EntPerson>();
  const byKey = new Map<string, EntPerson>();
  for (const r of ent.responsables ?? []) {
    if (typeof r.ident === 'number' && !byIdent.has(r.ident)) byIdent.set(r.ident, r);
    const key = typeof r.key === 'string' ? r.key : r.idPartenaire;
    if (!byKey.has(key)) byKey.set(key, r);
  }
  for (const s of ent.eleves ?? []) {
    for (const ref of listOrEmpty(s.responsables)) link(f, s, typeof ref === 'number' ? byIdent.get(ref) : byKey.get(ref));
  }
  return f;
}

function pronoteFamilies(pronote: PronotePeople): FamilyIndex {
  const f: FamilyIndex = { parentsOf: new Map(), childrenOf: new Map() };
  const byIdent = new Map<number, PronotePerson>();
  for (const r of pronote.responsables ?? []) if (!byIdent.has(r.ident)) byIdent.set(r.ident, r);
  for (const s of pronote.eleves ?? []) {
    for (const ref of listOrEmpty(s.responsables)) link(f, s, byIdent.get(ref));
  }
  return f;
}
