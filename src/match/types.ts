/**
 * Types of the account matching ("rapprochement") engine, {@link matchAccounts}: its inputs
 * (structural views of the library's models, so that a `PartenaireIndex`, a
 * `PartenaireIndexInput` or an `IdentifiantsPronote` can be passed as they are), its options
 * (mode, the administrator's manual decisions) and its result, which is also the report that the
 * renderers of `src/report/` write as JSON, CSV and HTML.
 *
 * @module
 */

import type { IdentifiantsPronoteMode } from '../identifiants-pronote/model';
import type { Population } from '../partenaire-index/model';

/**
 * `Complet` (start of year: every person, held identifiers replaced) or `Partiel` (new arrivals):
 * the mode of the identifier file, spelled as in its `Mode` attribute.
 */
export type MatchMode = IdentifiantsPronoteMode;

/**
 * What happened to a person:
 * - `matched`: new link found automatically (the PRONOTE person held no ENT identifier);
 * - `confirmed`: the PRONOTE person already held this ENT account's identifier;
 * - `conflict`: linked by identity, but the PRONOTE person held a different identifier
 *   (`previousIdPartenaire`); in `complet` mode the new identifier replaces it;
 * - `manual`: linked by an administrator's forced pair;
 * - `ambiguous`: several candidates, never linked automatically (candidates listed);
 * - `unmatched`: no link (see {@link UnmatchedReason}).
 */
export type MatchStatus = 'matched' | 'confirmed' | 'conflict' | 'manual' | 'ambiguous' | 'unmatched';

/** The statuses of a link ({@link MatchPair}). */
export type LinkStatus = 'matched' | 'confirmed' | 'conflict' | 'manual';

/** Every {@link MatchStatus}, in report order. */
export const MATCH_STATUSES: readonly MatchStatus[] = Object.freeze([
  'matched',
  'confirmed',
  'conflict',
  'manual',
  'ambiguous',
  'unmatched',
] as const);

/** Which file a person comes from: the ENT account export or the PRONOTE identifier file. */
export type MatchSide = 'ent' | 'pronote';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/**
 * An ENT account as the engine reads it. A `PartenaireIndex` person (with `ident`) and an
 * `AccountInput` of `assemblePartenaireIndex` (with `key` for parents) both fit.
 */
export interface EntAccountLike {
  /** `Ident` in a `PARTENAIRE_INDEX`, when the account comes from one. */
  readonly ident?: number;
  /** The caller's key of a parent, referenced by {@link EntStudentLike.responsables}; defaults to `idPartenaire`. */
  readonly key?: string;
  /** The ENT's opaque identifier of the account (compared exactly, whitespace included). */
  readonly idPartenaire: string;
  readonly nom: string;
  readonly prenom: string;
  /** `yyyy-mm-dd` or `dd/mm/yyyy`; used for students (required) and teachers (when both sides have it). */
  readonly dateNaissance?: string;
}

/** An ENT student account: a birth date and references to its parents. */
export interface EntStudentLike extends EntAccountLike {
  readonly dateNaissance: string;
  /**
   * The student's parents: numbers are `Ident`s of the parents (as in a `PartenaireIndex`),
   * strings are parent keys (`key`, else `idPartenaire`, as in a `PartenaireIndexInput`).
   * References to no known parent are ignored.
   */
  readonly responsables?: readonly (number | string)[];
}

/**
 * The ENT side: a `PartenaireIndex`, a `PartenaireIndexInput` or a plain account list.
 * Missing populations are empty.
 */
export interface EntAccounts {
  readonly personnels?: readonly EntAccountLike[];
  readonly professeurs?: readonly EntAccountLike[];
  readonly responsables?: readonly EntAccountLike[];
  readonly eleves?: readonly EntStudentLike[];
}

/** A PRONOTE person as the engine reads it (an `IdentifiantsPronote` person fits). */
export interface PronotePersonLike {
  /** `Ident`, unique in the file; students reference their parents by it. */
  readonly ident: number;
  /**
   * The PRONOTE identifier (`IDPN`), unique in its population. Staff (`personnels`) may have
   * none: they are matched by identity, and their links carry no `idpn`.
   */
  readonly idpn?: string;
  readonly nom: string;
  readonly prenom: string;
  /** `yyyy-mm-dd` or `dd/mm/yyyy`. */
  readonly dateNaissance?: string;
  /** The ENT identifier PRONOTE already holds; undefined or empty when none. */
  readonly idPartenaire?: string;
}

/** A PRONOTE student: a birth date and its parents' `Ident`s. */
export interface PronoteStudentLike extends PronotePersonLike {
  readonly dateNaissance: string;
  /** `Ident`s of the student's parents; references to no known parent are ignored. */
  readonly responsables?: readonly number[];
}

/** The PRONOTE side: an `IdentifiantsPronote` or a plain list. Missing populations are empty. */
export interface PronotePeople {
  /** The file's mode, used when {@link MatchOptions.mode} is not given. */
  readonly mode?: IdentifiantsPronoteMode;
  readonly personnels?: readonly PronotePersonLike[];
  readonly professeurs?: readonly PronotePersonLike[];
  readonly responsables?: readonly PronotePersonLike[];
  readonly eleves?: readonly PronoteStudentLike[];
}

/** An administrator's forced link, applied before the automatic pass (status `manual`). */
export interface ForcedPair {
  readonly population: Population;
  /** The ENT account's identifier. */
  readonly idPartenaire: string;
  /** The PRONOTE person's `IDPN`. */
  readonly idpn: string;
}

/**
 * An administrator's exclusion, applied before the automatic pass. With both identifiers, the
 * two people are never linked to each other (each may still be linked to someone else); with
 * one, that person is left out of automatic matching (reported `unmatched`, reason `excluded`).
 */
export interface MatchExclusion {
  readonly population: Population;
  readonly idPartenaire?: string;
  readonly idpn?: string;
}

/** The administrator's manual decisions. */
export interface ManualDecisions {
  readonly pairs?: readonly ForcedPair[];
  readonly exclusions?: readonly MatchExclusion[];
}

/** Options of {@link matchAccounts}. */
export interface MatchOptions {
  /**
   * `complet`: conflicting identifiers are replaced (their pairs are to be stored);
   * `partiel`: they are reported, not replaced. Defaults to the PRONOTE file's `mode`, else `complet`.
   */
  readonly mode?: MatchMode;
  /** Forced pairs and exclusions. */
  readonly manual?: ManualDecisions;
  /**
   * Most candidates listed for an ambiguous person (default {@link DEFAULT_CANDIDATE_LIMIT});
   * `candidateCount` gives how many there are in all. Caps the size of the result (and of its
   * reports) when a large group of homonyms makes every member a candidate of every other.
   */
  readonly candidateLimit?: number;
}

/** The default {@link MatchOptions.candidateLimit}. */
export const DEFAULT_CANDIDATE_LIMIT = 10;

// ---------------------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------------------

/**
 * An ENT account in the result: the input object itself (not a copy; the renderers read only
 * `ident`, `idPartenaire`, `nom`, `prenom` and `dateNaissance` from it).
 */
export type EntPerson = EntAccountLike;

/**
 * A PRONOTE person in the result: the input object itself (not a copy; the renderers read only
 * `ident`, `idpn`, `nom`, `prenom`, `dateNaissance` and `idPartenaire` from it; an empty
 * `idPartenaire` means none).
 */
export type PronotePerson = PronotePersonLike;

/** A link between an ENT account and a PRONOTE person. */
export interface MatchPair {
  readonly population: Population;
  readonly status: LinkStatus;
  /** The ENT identifier to store in PRONOTE. */
  readonly idPartenaire: string;
  /** The PRONOTE identifier to store in the ENT; undefined for a member of staff without one. */
  readonly idpn: string | undefined;
  /**
   * True when the link is to be stored. False only for a `conflict` in `partiel` mode, where the
   * identifier PRONOTE holds is kept.
   */
  readonly apply: boolean;
  /** For `conflict` (and `manual` over a held identifier): the identifier PRONOTE held. */
  readonly previousIdPartenaire?: string;
  readonly ent: EntPerson;
  readonly pronote: PronotePerson;
}

/**
 * Why a person has several candidates:
 * - `homonyms`: several people share the identity (on either side);
 * - `parents`: a parent's students link it to several homonym parents (or the reverse).
 */
export type AmbiguousReason = 'homonyms' | 'parents';

/**
 * Why a person is not linked:
 * - `no-candidate`: nobody with the same identity on the other side (or only people excluded
 *   from being linked with it, or people already linked);
 * - `incomplete-identity`: empty name or first name after normalisation, or a student without a
 *   valid birth date;
 * - `no-linked-student`: a parent none of whose students is linked (parents are matched only
 *   among the parents of linked students);
 * - `excluded`: an administrator's exclusion.
 */
export type UnmatchedReason = 'no-candidate' | 'incomplete-identity' | 'no-linked-student' | 'excluded';

/** An ENT account left ambiguous, with its PRONOTE candidates. */
export interface EntAmbiguous {
  readonly population: Population;
  readonly side: 'ent';
  readonly reason: AmbiguousReason;
  readonly person: EntPerson;
  /**
   * The PRONOTE people it could be, at most {@link MatchOptions.candidateLimit} of them (may be
   * shared between the entries of one homonym group).
   */
  readonly candidates: readonly PronotePerson[];
  /** How many candidates there are in all (`candidates` lists the first ones). */
  readonly candidateCount: number;
}

/** A PRONOTE person left ambiguous, with its ENT candidates. */
export interface PronoteAmbiguous {
  readonly population: Population;
  readonly side: 'pronote';
  readonly reason: AmbiguousReason;
  readonly person: PronotePerson;
  /**
   * The ENT accounts it could be, at most {@link MatchOptions.candidateLimit} of them (may be
   * shared between the entries of one homonym group).
   */
  readonly candidates: readonly EntPerson[];
  /** How many candidates there are in all (`candidates` lists the first ones). */
  readonly candidateCount: number;
}

/** A person left ambiguous. */
export type AmbiguousEntry = EntAmbiguous | PronoteAmbiguous;

/** An ENT account left unmatched. */
export interface EntUnmatched {
  readonly population: Population;
  readonly side: 'ent';
  readonly reason: UnmatchedReason;
  readonly person: EntPerson;
}

/** A PRONOTE person left unmatched. */
export interface PronoteUnmatched {
  readonly population: Population;
  readonly side: 'pronote';
  readonly reason: UnmatchedReason;
  readonly person: PronotePerson;
}

/** A person left unmatched. */
export type UnmatchedEntry = EntUnmatched | PronoteUnmatched;

/**
 * The matching counts of one population (or of all). Invariants:
 * `ent = matched + confirmed + conflict + manual + entAmbiguous + entUnmatched`, same for `pronote`;
 * `ambiguous = entAmbiguous + pronoteAmbiguous`; `unmatched = entUnmatched + pronoteUnmatched`.
 */
export interface MatchCounts {
  /** ENT accounts read. */
  readonly ent: number;
  /** PRONOTE people read. */
  readonly pronote: number;
  /** Links by status. */
  readonly matched: number;
  readonly confirmed: number;
  readonly conflict: number;
  readonly manual: number;
  /** People (both sides) left ambiguous. */
  readonly ambiguous: number;
  /** People (both sides) left unmatched. */
  readonly unmatched: number;
  readonly entAmbiguous: number;
  readonly pronoteAmbiguous: number;
  readonly entUnmatched: number;
  readonly pronoteUnmatched: number;
}

/** The result of one population. */
export interface PopulationResult {
  readonly counts: MatchCounts;
  /** Links, in the ENT input order. */
  readonly pairs: readonly MatchPair[];
  /** ENT entries (input order) then PRONOTE entries (input order). */
  readonly ambiguous: readonly AmbiguousEntry[];
  /** ENT entries (input order) then PRONOTE entries (input order). */
  readonly unmatched: readonly UnmatchedEntry[];
}

/** A manual decision that named nobody of the inputs, so was not applied. */
export interface IgnoredDecision {
  readonly kind: 'pair' | 'exclusion';
  /** Index in `manual.pairs` or `manual.exclusions`. */
  readonly index: number;
  /** Which side's identifier is unknown (`ent` when both are). */
  readonly unknown: MatchSide;
}

/** The result of {@link matchAccounts}: the report of the matching. */
export interface MatchResult {
  readonly mode: MatchMode;
  /** Per population, in document order (`personnels`, `professeurs`, `responsables`, `eleves`). */
  readonly populations: Readonly<Record<Population, PopulationResult>>;
  /** Counts of all populations together. */
  readonly totals: MatchCounts;
  /** Every link of every population (population order, then ENT input order). */
  readonly pairs: readonly MatchPair[];
  /** Manual decisions that named nobody of the inputs. */
  readonly ignoredDecisions: readonly IgnoredDecision[];
}
