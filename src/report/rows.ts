/**
 * The report as rows, one per person: a link is one row (the same person on both sides), an
 * ambiguous or unmatched person is one row of its side. Shared by the CSV and HTML renderers.
 *
 * @internal
 * @module
 */

import type { AmbiguousReason, EntPerson, MatchResult, MatchStatus, PronotePerson, UnmatchedReason } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';

/** One row of the report. */
export interface ReportRow {
  readonly population: Population;
  readonly status: MatchStatus;
  /** Which side the row describes: `both` for a link. */
  readonly side: 'ent' | 'pronote' | 'both';
  /** Why an ambiguous or unmatched person is so; undefined for a link. */
  readonly reason?: AmbiguousReason | UnmatchedReason;
  readonly ent?: EntPerson;
  readonly pronote?: PronotePerson;
  /** Links: whether the link is to be stored. */
  readonly apply?: boolean;
  /** Links: the identifier PRONOTE held and that differs. */
  readonly previousIdPartenaire?: string;
  /** Ambiguous: the ENT accounts it could be (PRONOTE row). */
  readonly entCandidates?: readonly EntPerson[];
  /** Ambiguous: the PRONOTE people it could be (ENT row). */
  readonly pronoteCandidates?: readonly PronotePerson[];
  /** Ambiguous: how many candidates there are in all (the lists hold the first ones). */
  readonly candidateCount?: number;
}

/** Options of {@link reportRows}. */
export interface ReportRowsOptions {
  /** `problems` leaves out the links that need nothing (`matched`, `confirmed`). Default `all`. */
  readonly include?: 'all' | 'problems';
}

/**
 * The rows of `result`, population by population (document order): links (ENT order), then
 * ambiguous people, then unmatched people (ENT side first).
 */
export function* reportRows(result: MatchResult, options: ReportRowsOptions = {}): Generator<ReportRow> {
  const problemsOnly = options.include === 'problems';
  for (const population of POPULATIONS) {
    yield* populationRows(result, population, problemsOnly);
  }
}

/** The rows of one population (see {@link reportRows}). */
export function* populationRows(result: MatchResult, population: Population, problemsOnly = false): Generator<ReportRow> {
  const r = result.populations[population];
  for (const p of r.pairs) {
    if (problemsOnly && (p.status === 'matched' || p.status === 'confirmed')) continue;
    yield {
      population,
      status: p.status,
      side: 'both',
      ent: p.ent,
      pronote: p.pronote,
      apply: p.apply,
      ...(p.previousIdPartenaire !== undefined ? { previousIdPartenaire: p.previousIdPartenaire } : {}),
    };
  }
  for (const a of r.ambiguous) {
    yield a.side === 'ent'
      ? { population, status: 'ambiguous', side: 'ent', reason: a.reason, ent: a.person, pronoteCandidates: a.candidates, candidateCount: a.candidateCount }
      : { population, status: 'ambiguous', side: 'pronote', reason: a.reason, pronote: a.person, entCandidates: a.candidates, candidateCount: a.candidateCount };
  }
  for (const u of r.unmatched) {
    yield u.side === 'ent'
      ? { population, status: 'unmatched', side: 'ent', reason: u.reason, ent: u.person }
      : { population, status: 'unmatched', side: 'pronote', reason: u.reason, pronote: u.person };
  }
}

/** The identifier PRONOTE holds for a person, undefined when none (an empty string is none). */
export function heldId(p: PronotePerson): string | undefined {
  return p.idPartenaire === undefined || p.idPartenaire === '' ? undefined : p.idPartenaire;
}
