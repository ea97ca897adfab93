/**
 * The account matching ("rapprochement") engine: links ENT accounts to PRONOTE people,
 * population by population, on normalised identity (`docs/formats/matching.md`).
 *
 * Order of the passes, each working only on the people the previous ones left free:
 * 1. **Manual decisions**: forced pairs are linked (status `manual`); excluded people are left
 *    out; excluded pairs are never linked.
 * 2. **Held identifiers**: a PRONOTE person that already holds the identifier of an ENT account
 *    of its population, with the same identity (below), is `confirmed` — even among homonyms,
 *    which the held identifier tells apart. An identifier held by several PRONOTE people of the
 *    same identity confirms nobody.
 * 3. **Identity** for students (name + first name + birth date), staff (name + first name) and
 *    teachers (name + first name, and birth date when both sides have one). A person is linked
 *    only when its candidate is unique and it is its candidate's only candidate (both ways);
 *    otherwise every person of the group is `ambiguous`, with its candidates.
 * 4. **Parents**: name + first name among the parents of linked students (any status), so that
 *    homonym parents of different children stay apart; unique both ways, as above.
 *
 * A link is `matched` when the PRONOTE person held no identifier, `confirmed` when it held this
 * one, `conflict` when it held another (stored in `complet` mode, reported only in `partiel`).
 * The cost is linear: each distinct name string is normalised once and numbered, identities
 * are numbered pairs, people are grouped by counting in typed arrays, never compared pairwise —
 * except within one group of homonyms (teachers with the same name, or a group touched by an
 * exclusion), which is small in real data.
 *
 * @module
 */

import { expectModel, expectOptions } from '../common/arguments';
import { EntPronoteError } from '../errors';
import { intArray } from '../internal/int-array';
import { keepShapes } from '../internal/keep-shapes';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { resolveManualDecisions, type PopulationDecisions } from './manual';
import { preparePopulations, type PreparedPopulation } from './prepare';
import type {
  AmbiguousEntry,
  PronotePersonLike,
  AmbiguousReason,
  EntAccounts,
  EntPerson,
  MatchMode,
  MatchOptions,
  MatchPair,
  MatchResult,
  MatchCounts,
  PopulationResult,
  PronotePeople,
  PronotePerson,
  UnmatchedEntry,
  UnmatchedReason,
} from './types';
import { DEFAULT_CANDIDATE_LIMIT } from './types';

interface Ambiguity {
  readonly reason: AmbiguousReason;
  readonly candidates: readonly number[];
}

/** Matching state of one population (people are indexes into the prepared columns). */
export interface State {
  readonly pop: PreparedPopulation;
  readonly d: PopulationDecisions;
  readonly eLink: number[];
  readonly pLink: number[];
  /** Ambiguous people (few): by index. */
  readonly eAmb: Map<number, Ambiguity>;
  readonly pAmb: Map<number, Ambiguity>;
  /**
   * Unmatched reason codes ({@link REASONS}); 0 = `no-candidate` or not decided. For a linked
   * ENT account, {@link MANUAL} when its link is a forced pair (one array for both: a reason is
   * read only for the unlinked, the flag only for the linked).
   */
  readonly eWhy: number[];
  readonly pWhy: number[];
}

const REASONS: readonly UnmatchedReason[] = ['no-candidate', 'incomplete-identity', 'no-linked-student', 'excluded'];
const INCOMPLETE = 1;
const NO_LINKED_STUDENT = 2;
/** In `eWhy` of a linked account: linked by a forced pair. */
const MANUAL = 4;

/**
 * Scratch integer arrays reused from pass to pass and population to population (heap arrays,
 * `src/internal/int-array.ts`).
 */
export class Scratch {
  private readonly buffers: number[][] = [];

  /**
   * Buffer `slot` with its first `n` integers set to `fill` (it may be longer: only indexes
   * below `n` are to be used). Valid until the next call for `slot`.
   */
  ints(slot: number, n: number, fill: number): number[] {
    const b = this.buffers[slot];
    if (b === undefined || b.length < n) {
      const fresh = intArray(Math.max(n, 1024), fill);
      this.buffers[slot] = fresh;
      return fresh;
    }
    b.fill(fill, 0, n);
    return b;
  }
}

/** Whether ENT `e` and PRONOTE `p` may be the same person, given they share a name key. */
type Compatible = (e: number, p: number) => boolean;

export function newState(pop: PreparedPopulation, d: PopulationDecisions): State {
  const ne = pop.ent.n;
  const np = pop.pro.n;
  return {
    pop,
    d,
    eLink: intArray(ne, -1),
    pLink: intArray(np, -1),
    eAmb: new Map(),
    pAmb: new Map(),
    eWhy: intArray(ne, 0),
    pWhy: intArray(np, 0),
  };
}

const freeE = (s: State, e: number): boolean => s.eLink[e] === -1 && (s.d.excludedEnt.size === 0 || !s.d.excludedEnt.has(e));
const freeP = (s: State, p: number): boolean =>
  s.pLink[p] === -1 && (s.d.excludedPronote.size === 0 || !s.d.excludedPronote.has(p));
const forbidden = (s: State, e: number, p: number): boolean =>
  s.d.forbidden.size > 0 && s.d.forbidden.get(e)?.has(p) === true;

function link(s: State, e: number, p: number): void {
  s.eLink[e] = p;
  s.pLink[p] = e;
}

/** The ENT identifier a PRONOTE person holds; undefined when absent or empty. */
function heldId(p: PronotePersonLike): string | undefined {
  const h = p.idPartenaire;
  return h === undefined || h === '' ? undefined : h;
}

/** Birth dates must be equal when both sides have one (teachers). */
function datesCompatible(s: State): Compatible {
  const ed = s.pop.ent.date;
  const pd = s.pop.pro.date;
  return (e, p) => {
    const a = ed[e] as number;
    const b = pd[p] as number;
    return a < 0 || b < 0 || a === b;
  };
}

/** Pass 1: forced pairs. */
export function applyForced(s: State): void {
  for (const [e, p] of s.d.forced) {
    link(s, e, p);
    s.eWhy[e] = MANUAL;
  }
}

/**
 * Pass 2: held identifiers with the same identity: a PRONOTE person holding the identifier of
 * an ENT account of its identity group (students: name, first name, birth date; others: name
 * and first name; teachers: birth dates equal when both sides have one) is linked to it. When
 * several PRONOTE people of the group hold the same account's identifier, none is.
 * The account is looked up by its identifier (one probe per held identifier): the cost does not
 * depend on how many people share a name. Only the people who hold an identifier are read (their
 * list is made while preparing), not the whole population again.
 */
export function confirmHeld(s: State, scratch: Scratch): void {
  const { ent, pro, entById, proSrc, population, held } = s.pop;
  if (held.length === 0) return;
  const teacherDates = population === 'professeurs' ? datesCompatible(s) : undefined;
  const claim = scratch.ints(0, ent.n, -2); // ENT index → PRONOTE index; -2 unclaimed, -1 claimed twice
  const claimed: number[] = [];
  for (let j = 0; j < held.length; j++) {
    const p = held[j] as number;
    if (!freeP(s, p)) continue;
    const k = pro.identity[p] as number;
    if (k < 0) continue;
    const e = entById.get((proSrc[p] as PronotePersonLike).idPartenaire as string);
    if (e === -1 || ent.identity[e] !== k || !freeE(s, e)) continue;
    if (forbidden(s, e, p) || (teacherDates !== undefined && !teacherDates(e, p))) continue;
    const c = claim[e] as number;
    if (c === -2) claimed.push(e);
    claim[e] = c === -2 ? p : -1;
  }
  for (let j = 0; j < claimed.length; j++) {
    const e = claimed[j] as number;
    const p = claim[e] as number;
    if (p >= 0) link(s, e, p);
  }
}

/** Everyone of `es` is a candidate of everyone of `ps` and the reverse: link 1–1, else all ambiguous. */
function resolveComplete(s: State, es: readonly number[], ps: readonly number[]): void {
  if (es.length === 1 && ps.length === 1) {
    link(s, es[0] as number, ps[0] as number);
    return;
  }
  const eAmb: Ambiguity = { reason: 'homonyms', candidates: ps };
  const pAmb: Ambiguity = { reason: 'homonyms', candidates: es };
  for (let i = 0; i < es.length; i++) s.eAmb.set(es[i] as number, eAmb);
  for (let j = 0; j < ps.length; j++) s.pAmb.set(ps[j] as number, pAmb);
}

/** Links the mutually unique pairs of one group, marks the others ambiguous (pairwise). */
function resolvePairwise(s: State, es: readonly number[], ps: readonly number[], ok: Compatible, reason: AmbiguousReason): void {
  const eC: number[][] = es.map((e) => ps.filter((p) => !forbidden(s, e, p) && ok(e, p)));
  const pC: number[][] = ps.map((p) => es.filter((e) => !forbidden(s, e, p) && ok(e, p)));
  const pPos = new Map<number, number>();
  ps.forEach((p, j) => pPos.set(p, j));
  es.forEach((e, i) => {
    const c = eC[i] as number[];
    if (c.length !== 1) return;
    const p = c[0] as number;
    if ((pC[pPos.get(p) as number] as number[]).length === 1) link(s, e, p);
  });
  es.forEach((e, i) => {
    const c = eC[i] as number[];
    if (s.eLink[e] === -1 && c.length > 0) s.eAmb.set(e, { reason, candidates: c });
  });
  ps.forEach((p, j) => {
    const c = pC[j] as number[];
    if (s.pLink[p] === -1 && c.length > 0) s.pAmb.set(p, { reason, candidates: c });
  });
}

/**
 * Pass 3: identity matching of one population, grouping people by `identity` (students: name,
 * first name and birth date; others: name and first name); `compatible` adds the teachers'
 * birth-date condition. Groups are counted in typed arrays: only groups with several people on
 * a side are materialised.
 */
function matchByIdentity(s: State, compatible: Compatible | undefined, scratch: Scratch): void {
  const { ent, pro, keySpace } = s.pop;
  const eCount = scratch.ints(0, keySpace, 0);
  const pCount = scratch.ints(1, keySpace, 0);
  const pFirst = scratch.ints(2, keySpace, -1);
  for (let e = 0; e < ent.n; e++) {
    if (!freeE(s, e)) continue;
    const k = ent.identity[e] as number;
    if (k < 0) s.eWhy[e] = INCOMPLETE;
    else eCount[k] = (eCount[k] as number) + 1;
  }
  for (let p = 0; p < pro.n; p++) {
    if (!freeP(s, p)) continue;
    const k = pro.identity[p] as number;
    if (k < 0) {
      s.pWhy[p] = INCOMPLETE;
      continue;
    }
    pCount[k] = (pCount[k] as number) + 1;
    if (pFirst[k] === -1) pFirst[k] = p;
  }
  let groups: Map<number, [number[], number[]]> | undefined;
  for (let e = 0; e < ent.n; e++) {
    if (!freeE(s, e)) continue;
    const k = ent.identity[e] as number;
    if (k < 0) continue;
    const np = pCount[k] as number;
    if (np === 0) continue; // unmatched: no candidate
    if (np === 1 && eCount[k] === 1) {
      const p = pFirst[k] as number;
      if (!forbidden(s, e, p) && (compatible === undefined || compatible(e, p))) link(s, e, p);
      continue;
    }
    groups ??= new Map();
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [[e], []]);
    else g[0].push(e);
  }
  if (groups === undefined) return;
  for (let p = 0; p < pro.n; p++) {
    if (!freeP(s, p)) continue;
    const k = pro.identity[p] as number;
    if (k >= 0) groups.get(k)?.[1].push(p);
  }
  const always: Compatible = () => true;
  for (const [es, ps] of groups.values()) {
    if (compatible !== undefined) resolvePairwise(s, es, ps, compatible, 'homonyms');
    else if (s.d.forbidden.size > 0 && es.some((e) => s.d.forbidden.has(e))) resolvePairwise(s, es, ps, always, 'homonyms');
    else resolveComplete(s, es, ps);
  }
}

/**
 * Candidate sets of one side, for parents: most people have at most one candidate, kept in
 * `first` (-1: none); the others' full lists are in `more`.
 */
interface Candidates {
  readonly first: number[];
  readonly more: Map<number, number[]>;
}

function newCandidates(first: number[]): Candidates {
  return { first, more: new Map() };
}

function addCandidate(c: Candidates, i: number, x: number): void {
  const f = c.first[i] as number;
  if (f === -1) {
    c.first[i] = x;
  } else if (f !== x) {
    const l = c.more.get(i);
    if (l === undefined) c.more.set(i, [f, x]);
    else if (!l.includes(x)) l.push(x);
  }
}

function candidateList(c: Candidates, i: number): number[] | undefined {
  const f = c.first[i] as number;
  return f === -1 ? undefined : (c.more.get(i) ?? [f]);
}

/** Pass 4: parents, by name among the parents of linked students. */
function matchParents(r: State, students: State, scratch: Scratch): void {
  const ent = r.pop.ent;
  const pro = r.pop.pro;
  const eCand = newCandidates(scratch.ints(0, ent.n, -1));
  const pCand = newCandidates(scratch.ints(1, pro.n, -1));
  const eSeen = intArray(ent.n, 0); // has a linked student
  const pSeen = intArray(pro.n, 0);
  const { parentStart: eStart, parentList: eList } = students.pop.ent;
  const { parentStart: pStart, parentList: pList } = students.pop.pro;
  for (let es = 0; es < students.pop.ent.n; es++) {
    const ps = students.eLink[es] as number;
    if (ps < 0) continue;
    const pFrom = pStart[ps] as number;
    const pTo = pStart[ps + 1] as number;
    for (let j = pFrom; j < pTo; j++) pSeen[pList[j] as number] = 1;
    for (let i = eStart[es] as number, iEnd = eStart[es + 1] as number; i < iEnd; i++) {
      const e = eList[i] as number;
      eSeen[e] = 1;
      if (!freeE(r, e)) continue;
      const k = ent.nameKey[e] as number;
      if (k < 0) continue;
      for (let j = pFrom; j < pTo; j++) {
        const p = pList[j] as number;
        if (pro.nameKey[p] !== k || !freeP(r, p) || forbidden(r, e, p)) continue;
        addCandidate(eCand, e, p);
        addCandidate(pCand, p, e);
      }
    }
  }
  for (let e = 0; e < ent.n; e++) {
    const p = eCand.first[e] as number;
    if (p !== -1 && !eCand.more.has(e) && !pCand.more.has(p)) link(r, e, p);
  }
  for (let e = 0; e < ent.n; e++) {
    if (!freeE(r, e)) continue;
    const c = candidateList(eCand, e);
    if (c !== undefined) r.eAmb.set(e, { reason: 'parents', candidates: c });
    else if ((ent.nameKey[e] as number) < 0) r.eWhy[e] = INCOMPLETE;
    else if (eSeen[e] === 0) r.eWhy[e] = NO_LINKED_STUDENT;
  }
  for (let p = 0; p < pro.n; p++) {
    if (!freeP(r, p)) continue;
    const c = candidateList(pCand, p);
    if (c !== undefined) r.pAmb.set(p, { reason: 'parents', candidates: c });
    else if ((pro.nameKey[p] as number) < 0) r.pWhy[p] = INCOMPLETE;
    else if (pSeen[p] === 0) r.pWhy[p] = NO_LINKED_STUDENT;
  }
}

// ---------------------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------------------

function buildPopulation(s: State, mode: MatchMode, limit: number): PopulationResult {
  const { population, entSrc, proSrc } = s.pop;
  const eLists = new Map<readonly number[], readonly EntPerson[]>();
  const pLists = new Map<readonly number[], readonly PronotePerson[]>();
  const eList = (c: readonly number[]): readonly EntPerson[] => {
    let l = eLists.get(c);
    if (l === undefined) eLists.set(c, (l = c.slice(0, limit).map((i) => entSrc[i] as EntPerson)));
    return l;
  };
  const pList = (c: readonly number[]): readonly PronotePerson[] => {
    let l = pLists.get(c);
    if (l === undefined) pLists.set(c, (l = c.slice(0, limit).map((i) => proSrc[i] as PronotePerson)));
    return l;
  };
  const applyConflicts = mode === 'Complet';

  // Links fill an array of their exact size (no growth by copying: a million links at 2M people).
  let links = 0;
  for (let e = 0; e < entSrc.length; e++) if ((s.eLink[e] as number) >= 0) links++;
  const pairs = new Array<MatchPair>(links);
  let next = 0;
  const ambiguous: AmbiguousEntry[] = [];
  const unmatched: UnmatchedEntry[] = [];
  let matched = 0;
  let confirmed = 0;
  let conflict = 0;
  let manual = 0;
  for (let e = 0; e < entSrc.length; e++) {
    const entP = entSrc[e] as EntPerson;
    const p = s.eLink[e] as number;
    if (p >= 0) {
      const proP = proSrc[p] as PronotePerson;
      const id = entP.idPartenaire;
      const h = heldId(proP);
      if (s.eWhy[e] === MANUAL) {
        manual++;
        const previous = h !== undefined && h !== id ? h : undefined;
        pairs[next++] = { population, status: 'manual', idPartenaire: id, idpn: proP.idpn, apply: true, previousIdPartenaire: previous, ent: entP, pronote: proP };
      } else if (h === undefined) {
        matched++;
        pairs[next++] = { population, status: 'matched', idPartenaire: id, idpn: proP.idpn, apply: true, previousIdPartenaire: undefined, ent: entP, pronote: proP };
      } else if (h === id) {
        confirmed++;
        pairs[next++] = { population, status: 'confirmed', idPartenaire: id, idpn: proP.idpn, apply: true, previousIdPartenaire: undefined, ent: entP, pronote: proP };
      } else {
        conflict++;
        pairs[next++] = { population, status: 'conflict', idPartenaire: id, idpn: proP.idpn, apply: applyConflicts, previousIdPartenaire: h, ent: entP, pronote: proP };
      }
      continue;
    }
    const amb = s.eAmb.get(e);
    if (amb !== undefined) {
      ambiguous.push({ population, side: 'ent', reason: amb.reason, person: entP, candidates: pList(amb.candidates), candidateCount: amb.candidates.length });
    } else {
      const reason = s.d.excludedEnt.has(e) ? 'excluded' : (REASONS[s.eWhy[e] as number] as UnmatchedReason);
      unmatched.push({ population, side: 'ent', reason, person: entP });
    }
  }
  const entAmbiguous = ambiguous.length;
  const entUnmatched = unmatched.length;
  for (let p = 0; p < proSrc.length; p++) {
    if (s.pLink[p] !== -1) continue;
    const proP = proSrc[p] as PronotePerson;
    const amb = s.pAmb.get(p);
    if (amb !== undefined) {
      ambiguous.push({ population, side: 'pronote', reason: amb.reason, person: proP, candidates: eList(amb.candidates), candidateCount: amb.candidates.length });
    } else {
      const reason = s.d.excludedPronote.has(p) ? 'excluded' : (REASONS[s.pWhy[p] as number] as UnmatchedReason);
      unmatched.push({ population, side: 'pronote', reason, person: proP });
    }
  }
  const counts: MatchCounts = {
    ent: entSrc.length,
    pronote: proSrc.length,
    matched,
    confirmed,
    conflict,
    manual,
    ambiguous: ambiguous.length,
    unmatched: unmatched.length,
    entAmbiguous,
    pronoteAmbiguous: ambiguous.length - entAmbiguous,
    entUnmatched,
    pronoteUnmatched: unmatched.length - entUnmatched,
  };
  return { counts, pairs, ambiguous, unmatched };
}

function sumCounts(all: readonly MatchCounts[]): MatchCounts {
  const t = {
    ent: 0,
    pronote: 0,
    matched: 0,
    confirmed: 0,
    conflict: 0,
    manual: 0,
    ambiguous: 0,
    unmatched: 0,
    entAmbiguous: 0,
    pronoteAmbiguous: 0,
    entUnmatched: 0,
    pronoteUnmatched: 0,
  };
  for (const c of all) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += c[k];
  return t;
}

function resolveMode(options: MatchOptions, pronote: PronotePeople): MatchMode {
  if (typeof options !== 'object' || options === null) {
    throw new EntPronoteError('ERR_ARGUMENT', 'expected an options object', { path: 'options' });
  }
  const m = options.mode;
  if (m === undefined) return typeof pronote === 'object' && pronote !== null && pronote.mode === 'Partiel' ? 'Partiel' : 'Complet';
  if (m !== 'Complet' && m !== 'Partiel') {
    throw new EntPronoteError('ERR_ARGUMENT', "expected 'Complet' or 'Partiel' (the spelling of the identifier file's Mode)", { path: 'options.mode' });
  }
  return m;
}

function resolveCandidateLimit(options: MatchOptions): number {
  const n = options.candidateLimit;
  if (n === undefined) return DEFAULT_CANDIDATE_LIMIT;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new EntPronoteError('ERR_ARGUMENT', 'expected a non-negative integer', { path: 'options.candidateLimit' });
  }
  return n;
}

/**
 * Matches ENT accounts with PRONOTE people and returns the report: per population the links
 * (`matched`, `confirmed`, `conflict`, `manual`), the `ambiguous` people with their candidates
 * and the `unmatched` ones with a reason, and their counts. Never links a person whose
 * candidate is not unique both ways; never logs. The result references the input person
 * objects (no copies).
 *
 * @param ent - the ENT side: a `PartenaireIndex`, a `PartenaireIndexInput` or a plain account list.
 * @param pronote - the PRONOTE side: an `IdentifiantsPronote` or a plain list.
 * @param options - `mode` (`complet` | `partiel`, defaults to the PRONOTE file's), `manual` decisions
 *   and `candidateLimit` (most candidates listed per ambiguous person, default 10).
 * @throws EntPronoteError `ERR_ARGUMENT` for malformed input (wrong types, an identifier used
 *   twice in a population, a malformed manual decision), `ERR_CONFLICT` for contradictory manual
 *   decisions. Messages name the input path, never a value.
 *
 * @example
 * ```ts
 * const result = matchAccounts(partenaireIndex, identifiantsPronote, { mode: 'Complet' });
 * result.populations.eleves.counts.matched;
 * result.pairs.filter((p) => p.apply); // the (ID_Partenaire, IDPN) links to store
 * ```
 */
export function matchAccounts(ent: EntAccounts, pronote: PronotePeople, options: MatchOptions = {}): MatchResult {
  expectModel(ent, 'ent', 'the ENT accounts (a PartenaireIndex or lists of people)', POPULATIONS);
  expectModel(pronote, 'pronote', 'the PRONOTE people (an IdentifiantsPronote or lists of people)', POPULATIONS);
  expectOptions(options);
  return runMatch(ent, pronote, options, undefined);
}

/** The phases of {@link matchAccounts}, in order, as the benchmark times them. @internal */
export const MATCH_PHASES = ['prepare', 'manual', 'held', 'identity', 'parents', 'result'] as const;

/** One of {@link MATCH_PHASES}. @internal */
export type MatchPhase = (typeof MATCH_PHASES)[number];

/**
 * {@link matchAccounts}, calling `onPhase` with the milliseconds each phase took (the benchmark
 * shows them at two sizes; the library never passes it). @internal
 */
export function runMatch(
  ent: EntAccounts,
  pronote: PronotePeople,
  options: MatchOptions,
  onPhase: ((phase: MatchPhase, ms: number) => void) | undefined,
): MatchResult {
  let t = onPhase === undefined ? 0 : performance.now();
  const lap = (phase: MatchPhase): void => {
    if (onPhase === undefined) return;
    onPhase(phase, performance.now() - t);
    t = performance.now(); // the callback's own time is not the next phase's
  };
  const mode = resolveMode(options, pronote);
  const limit = resolveCandidateLimit(options);
  const prepared = preparePopulations(ent, pronote);
  lap('prepare');
  const decisions = resolveManualDecisions(options.manual, prepared);
  lap('manual');
  const states = {} as Record<Population, State>;
  const scratch = new Scratch();
  for (const population of POPULATIONS) {
    const s = newState(prepared[population], decisions.byPopulation[population]);
    applyForced(s);
    confirmHeld(s, scratch);
    states[population] = s;
  }
  lap('held');
  matchByIdentity(states.eleves, undefined, scratch);
  matchByIdentity(states.personnels, undefined, scratch);
  matchByIdentity(states.professeurs, datesCompatible(states.professeurs), scratch);
  lap('identity');
  matchParents(states.responsables, states.eleves, scratch);
  lap('parents');

  const populations = {} as Record<Population, PopulationResult>;
  let links = 0;
  for (const population of POPULATIONS) {
    const r = buildPopulation(states[population], mode, limit);
    populations[population] = r;
    links += r.pairs.length;
  }
  const pairs = new Array<MatchPair>(links);
  let next = 0;
  // Indexed loops: this function runs once per call, unoptimised, where a `for … of` would
  // allocate an iterator result per link (a million at 2M people).
  for (const population of POPULATIONS) {
    const l = populations[population].pairs;
    for (let i = 0; i < l.length; i++) pairs[next++] = l[i] as MatchPair;
  }
  const result: MatchResult = {
    mode,
    populations,
    totals: sumCounts(POPULATIONS.map((p) => populations[p].counts)),
    pairs,
    ignoredDecisions: decisions.ignored,
  };
  lap('result');
  // A new object of the scratch's class, kept until the next run (see keepShapes).
  keepShapes('match', [new Scratch()]);
  return result;
}
