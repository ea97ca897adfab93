/**
 * The JSON report of a matching: stable codes and a stable key order, for the CLI and for
 * programs. Shape (keys in this order):
 *
 * ```text
 * { version: 2, generatedAt, school, sources, mode,
 *   counts: { personnels, professeurs, responsables, eleves: {
 *     matched, confirmed, conflict, manual, ambiguous, unmatched,
 *     ent, pronote, entAmbiguous, pronoteAmbiguous, entUnmatched, pronoteUnmatched } },
 *   totals: { same keys },
 *   pairs: [ { population, idPartenaire, idpn, status, apply, previousIdPartenaire, ent, pronote } ],
 *   ambiguous: [ { population, side, reason, person, candidates, candidateCount } ],
 *   unmatched: [ { population, side, reason, person } ],
 *   ignoredDecisions: [ { kind, index, unknown } ] }
 * ```
 *
 * An ENT person is `{ ident, idPartenaire, nom, prenom, dateNaissance }`, a PRONOTE person
 * `{ ident, idpn, nom, prenom, dateNaissance, idPartenaire }` (the identifier it held); absent
 * values are `null`, so every object of a kind has the same keys. A student (population
 * `eleves`) also has `responsables`: the references to its parents (`Ident`s, or ENT keys), so
 * that a report with names is a complete input of `ent-pronote review --result`.
 * `candidates` lists at most the matching's `candidateLimit` people; `candidateCount` says how
 * many there are in all. `generatedAt` is an ISO date-time; `school` is `{ uai, nom }` or null;
 * `sources` is `{ ent, pronote, decisions }` (file names, or null).
 *
 * Version 2 (this one) added `generatedAt`, `school`, `sources`, `candidateCount` and
 * `responsables`; version 1 listed every candidate.
 *
 * @module
 */

import { expectMatchResult, expectOptions, isArrayValue } from '../common/arguments';
import type { EntPerson, EntStudentLike, MatchMode, MatchResult, MatchCounts, PronotePerson, PronoteStudentLike } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import type { ReportInfo } from './info';
import { heldId } from './rows';

/** Options of {@link matchResultToJson} and {@link renderMatchJson}. */
export interface MatchJsonOptions extends ReportInfo {
  /**
   * Include names and birth dates (default true). False keeps only identifiers (`ident`,
   * `idPartenaire`, `idpn`): for logs or files that need no personal data.
   */
  readonly people?: boolean;
}

/** Options of {@link renderMatchJson}. */
export interface RenderMatchJsonOptions extends MatchJsonOptions {
  /** Indentation of `JSON.stringify` (default 2; 0 for one line). */
  readonly indent?: number;
}

/** The JSON value of counts, keys in the documented order. */
export interface CountsJson {
  matched: number;
  confirmed: number;
  conflict: number;
  manual: number;
  ambiguous: number;
  unmatched: number;
  ent: number;
  pronote: number;
  entAmbiguous: number;
  pronoteAmbiguous: number;
  entUnmatched: number;
  pronoteUnmatched: number;
}

/** An ENT person in JSON (names and date absent when `people` is false). */
export interface EntPersonJson {
  ident: number | null;
  idPartenaire: string;
  nom?: string;
  prenom?: string;
  dateNaissance?: string | null;
  /** Students: their parents' references (`Ident`s or ENT keys). */
  responsables?: (number | string)[];
}

/** A PRONOTE person in JSON (names and date absent when `people` is false). */
export interface PronotePersonJson {
  ident: number;
  /** `null` for a member of staff without an `IDPN`. */
  idpn: string | null;
  nom?: string;
  prenom?: string;
  dateNaissance?: string | null;
  /** The identifier PRONOTE held. */
  idPartenaire: string | null;
  /** Students: their parents' `Ident`s. */
  responsables?: number[];
}

/** The JSON report (see the module documentation). */
export interface MatchResultJson {
  version: 2;
  /** When the report was made (ISO date-time). */
  generatedAt: string;
  school: { uai: string; nom: string | null } | null;
  sources: { ent: string | null; pronote: string | null; decisions: string | null };
  mode: MatchMode;
  counts: Record<'personnels' | 'professeurs' | 'responsables' | 'eleves', CountsJson>;
  totals: CountsJson;
  pairs: {
    population: string;
    idPartenaire: string;
    /** `null` for a member of staff without an `IDPN`. */
    idpn: string | null;
    status: string;
    apply: boolean;
    previousIdPartenaire: string | null;
    ent: EntPersonJson;
    pronote: PronotePersonJson;
  }[];
  ambiguous: (
    | { population: string; side: 'ent'; reason: string; person: EntPersonJson; candidates: PronotePersonJson[]; candidateCount: number }
    | { population: string; side: 'pronote'; reason: string; person: PronotePersonJson; candidates: EntPersonJson[]; candidateCount: number }
  )[];
  unmatched: (
    | { population: string; side: 'ent'; reason: string; person: EntPersonJson }
    | { population: string; side: 'pronote'; reason: string; person: PronotePersonJson }
  )[];
  ignoredDecisions: { kind: 'pair' | 'exclusion'; index: number; unknown: 'ent' | 'pronote' }[];
}

function counts(c: MatchCounts): CountsJson {
  return {
    matched: c.matched,
    confirmed: c.confirmed,
    conflict: c.conflict,
    manual: c.manual,
    ambiguous: c.ambiguous,
    unmatched: c.unmatched,
    ent: c.ent,
    pronote: c.pronote,
    entAmbiguous: c.entAmbiguous,
    pronoteAmbiguous: c.pronoteAmbiguous,
    entUnmatched: c.entUnmatched,
    pronoteUnmatched: c.pronoteUnmatched,
  };
}

/**
 * The JSON value of a matching report (plain objects, keys in a stable order), e.g. to embed
 * in a larger document. {@link renderMatchJson} gives the text.
 */
export function matchResultToJson(result: MatchResult, options: MatchJsonOptions = {}): MatchResultJson {
  expectMatchResult(result);
  expectOptions(options);
  const people = options.people !== false;
  const entBase = (p: EntPerson): EntPersonJson =>
    people
      ? { ident: typeof p.ident === 'number' ? p.ident : null, idPartenaire: p.idPartenaire, nom: p.nom, prenom: p.prenom, dateNaissance: p.dateNaissance ?? null }
      : { ident: typeof p.ident === 'number' ? p.ident : null, idPartenaire: p.idPartenaire };
  const proBase = (p: PronotePerson): PronotePersonJson =>
    people
      ? { ident: p.ident, idpn: p.idpn ?? null, nom: p.nom, prenom: p.prenom, dateNaissance: p.dateNaissance ?? null, idPartenaire: heldId(p) ?? null }
      : { ident: p.ident, idpn: p.idpn ?? null, idPartenaire: heldId(p) ?? null };
  const entJsonOf = (population: Population) => (p: EntPerson): EntPersonJson => {
    const o = entBase(p);
    const r = (p as EntStudentLike).responsables;
    if (population === 'eleves' && r !== undefined && isArrayValue(r)) o.responsables = [...r];
    return o;
  };
  const proJsonOf = (population: Population) => (p: PronotePerson): PronotePersonJson => {
    const o = proBase(p);
    const r = (p as PronoteStudentLike).responsables;
    if (population === 'eleves' && r !== undefined && isArrayValue(r)) o.responsables = [...r];
    return o;
  };
  const entList = new Map<readonly EntPerson[], EntPersonJson[]>();
  const proList = new Map<readonly PronotePerson[], PronotePersonJson[]>();

  const out: MatchResultJson = {
    version: 2,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    school: options.school !== undefined ? { uai: options.school.uai, nom: options.school.nom ?? null } : null,
    sources: { ent: options.sources?.ent ?? null, pronote: options.sources?.pronote ?? null, decisions: options.sources?.decisions ?? null },
    mode: result.mode,
    counts: {
      personnels: counts(result.populations.personnels.counts),
      professeurs: counts(result.populations.professeurs.counts),
      responsables: counts(result.populations.responsables.counts),
      eleves: counts(result.populations.eleves.counts),
    },
    totals: counts(result.totals),
    pairs: result.pairs.map((p) => ({
      population: p.population,
      idPartenaire: p.idPartenaire,
      idpn: p.idpn ?? null,
      status: p.status,
      apply: p.apply,
      previousIdPartenaire: p.previousIdPartenaire ?? null,
      ent: entJsonOf(p.population)(p.ent),
      pronote: proJsonOf(p.population)(p.pronote),
    })),
    ambiguous: [],
    unmatched: [],
    ignoredDecisions: result.ignoredDecisions.map((d) => ({ kind: d.kind, index: d.index, unknown: d.unknown })),
  };
  for (const population of POPULATIONS) {
    const entJson = entJsonOf(population);
    const proJson = proJsonOf(population);
    for (const a of result.populations[population].ambiguous) {
      if (a.side === 'ent') {
        let c = proList.get(a.candidates);
        if (c === undefined) proList.set(a.candidates, (c = a.candidates.map(proJson)));
        out.ambiguous.push({ population, side: 'ent', reason: a.reason, person: entJson(a.person), candidates: c, candidateCount: a.candidateCount });
      } else {
        let c = entList.get(a.candidates);
        if (c === undefined) entList.set(a.candidates, (c = a.candidates.map(entJson)));
        out.ambiguous.push({ population, side: 'pronote', reason: a.reason, person: proJson(a.person), candidates: c, candidateCount: a.candidateCount });
      }
    }
    for (const u of result.populations[population].unmatched) {
      out.unmatched.push(
        u.side === 'ent'
          ? { population, side: 'ent', reason: u.reason, person: entJson(u.person) }
          : { population, side: 'pronote', reason: u.reason, person: proJson(u.person) },
      );
    }
  }
  return out;
}

/**
 * Renders a matching report as JSON text (see the module documentation for the shape).
 *
 * @example
 * ```ts
 * process.stdout.write(renderMatchJson(matchAccounts(ent, pronote), { people: false }));
 * ```
 */
export function renderMatchJson(result: MatchResult, options: RenderMatchJsonOptions = {}): string {
  expectMatchResult(result);
  expectOptions(options);
  return `${JSON.stringify(matchResultToJson(result, options), null, options.indent ?? 2)}\n`;
}
