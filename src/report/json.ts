/**
 * The JSON report of a matching: stable codes and a stable key order, for the CLI and for
 * programs. Shape (keys in this order):
 *
 * ```text
 * { version: 1, mode,
 *   counts: { personnels, professeurs, responsables, eleves: {
 *     matched, confirmed, conflict, manual, ambiguous, unmatched,
 *     ent, pronote, entAmbiguous, pronoteAmbiguous, entUnmatched, pronoteUnmatched } },
 *   totals: { same keys },
 *   pairs: [ { population, idPartenaire, idpn, status, apply, previousIdPartenaire, ent, pronote } ],
 *   ambiguous: [ { population, side, reason, person, candidates } ],
 *   unmatched: [ { population, side, reason, person } ],
 *   ignoredDecisions: [ { kind, index, unknown } ] }
 * ```
 *
 * An ENT person is `{ ident, idPartenaire, nom, prenom, dateNaissance }`, a PRONOTE person
 * `{ ident, idpn, nom, prenom, dateNaissance, idPartenaire }` (the identifier it held); absent
 * values are `null`, so every object of a kind has the same keys.
 *
 * @module
 */

import type { EntPerson, MatchResult, PopulationCounts, PronotePerson } from '../match/types';
import { POPULATIONS } from '../partenaire-index/model';
import { heldId } from './rows';

/** Options of {@link matchResultToJson} and {@link renderMatchJson}. */
export interface MatchJsonOptions {
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
}

/** The JSON report (see the module documentation). */
export interface MatchResultJson {
  version: 1;
  mode: 'complet' | 'partiel';
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
    | { population: string; side: 'ent'; reason: string; person: EntPersonJson; candidates: PronotePersonJson[] }
    | { population: string; side: 'pronote'; reason: string; person: PronotePersonJson; candidates: EntPersonJson[] }
  )[];
  unmatched: (
    | { population: string; side: 'ent'; reason: string; person: EntPersonJson }
    | { population: string; side: 'pronote'; reason: string; person: PronotePersonJson }
  )[];
  ignoredDecisions: { kind: 'pair' | 'exclusion'; index: number; unknown: 'ent' | 'pronote' }[];
}

function counts(c: PopulationCounts): CountsJson {
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
  const people = options.people !== false;
  const entJson = (p: EntPerson): EntPersonJson =>
    people
      ? { ident: typeof p.ident === 'number' ? p.ident : null, idPartenaire: p.idPartenaire, nom: p.nom, prenom: p.prenom, dateNaissance: p.dateNaissance ?? null }
      : { ident: typeof p.ident === 'number' ? p.ident : null, idPartenaire: p.idPartenaire };
  const proJson = (p: PronotePerson): PronotePersonJson =>
    people
      ? { ident: p.ident, idpn: p.idpn ?? null, nom: p.nom, prenom: p.prenom, dateNaissance: p.dateNaissance ?? null, idPartenaire: heldId(p) ?? null }
      : { ident: p.ident, idpn: p.idpn ?? null, idPartenaire: heldId(p) ?? null };
  const entList = new Map<readonly EntPerson[], EntPersonJson[]>();
  const proList = new Map<readonly PronotePerson[], PronotePersonJson[]>();

  const out: MatchResultJson = {
    version: 1,
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
      ent: entJson(p.ent),
      pronote: proJson(p.pronote),
    })),
    ambiguous: [],
    unmatched: [],
    ignoredDecisions: result.ignoredDecisions.map((d) => ({ kind: d.kind, index: d.index, unknown: d.unknown })),
  };
  for (const population of POPULATIONS) {
    for (const a of result.populations[population].ambiguous) {
      if (a.side === 'ent') {
        let c = proList.get(a.candidates);
        if (c === undefined) proList.set(a.candidates, (c = a.candidates.map(proJson)));
        out.ambiguous.push({ population, side: 'ent', reason: a.reason, person: entJson(a.person), candidates: c });
      } else {
        let c = entList.get(a.candidates);
        if (c === undefined) entList.set(a.candidates, (c = a.candidates.map(entJson)));
        out.ambiguous.push({ population, side: 'pronote', reason: a.reason, person: proJson(a.person), candidates: c });
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
  return `${JSON.stringify(matchResultToJson(result, options), null, options.indent ?? 2)}\n`;
}
