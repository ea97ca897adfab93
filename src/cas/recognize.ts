/**
 * What PRONOTE does when a CAS user arrives for the first time (*Paramètres d'identification
 * des utilisateurs*): already linked, recognised (which person), ambiguous, or unknown (the
 * first-connection screen).
 *
 * Recognition by identity is the account matching engine itself ({@link matchAccounts}): the
 * CAS user becomes one ENT account (name, first name, birth date read from the attributes)
 * matched against PRONOTE's people of each candidate population, with the engine's
 * normalisation and ambiguity rules (unique both ways, homonyms never guessed). Never a wrong
 * person: anything less than one candidate in one population is `ambiguous` or `unknown`.
 *
 * Parents carry no birth date and the CAS names none of their children, so a name alone could
 * name a homonym parent of another family (the user's own record missing from PRONOTE): by
 * default parents are not recognised by identity (`unknown`, reason `parent-identity`: the
 * first-connection screen, where they can use mode 3). `parentsByName: true` matches them on
 * name and first name, unique both ways, as the engine matches staff: what PRONOTE does, with
 * that risk.
 *
 * @module
 */

import { matchAccounts } from '../match/match';
import type { EntAccountLike, EntAccounts, PronotePeople, PronotePersonLike } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { argError, checkEnum, checkObject, checkOptions, checkString } from './args';
import { DEFAULT_CAS_ATTRIBUTE_NAMES, NATIONAL_CATEGORIES, populationsOfCategories, type CasAttributeNames, type CategoryTable } from './profile';
import type { CasValidation } from './types';
import { isArrayValue } from '../common/arguments';
import { lookupTable } from '../common/records';

/**
 * PRONOTE's three modes of first-connection recognition: `identite` (identity attributes),
 * `identite-pronote` (an attribute carrying the PRONOTE identifier `IDPN`),
 * `double-authentification` (the user types their PRONOTE login and password once).
 */
export type RecognitionMode = 'identite' | 'identite-pronote' | 'double-authentification';
/** Every {@link RecognitionMode}. */
export const RECOGNITION_MODES: readonly RecognitionMode[] = Object.freeze(['identite', 'identite-pronote', 'double-authentification'] as const);

/** A PRONOTE person named by its population and `Ident`. */
export interface PronotePersonRef {
  population: Population;
  ident: number;
}

/** Options of {@link recognizeCasUser}. */
export interface RecognizeOptions {
  /** The mode set in PRONOTE. */
  mode: RecognitionMode;
  /** Names of the attributes PRONOTE reads (partial; default {@link DEFAULT_CAS_ATTRIBUTE_NAMES}). */
  attributeNames?: Partial<Pick<CasAttributeNames, 'nom' | 'prenom' | 'dateNaissance' | 'categories' | 'idpn'>>;
  /** The category table, to read the populations from the categories attribute. */
  categories?: CategoryTable;
  /** Separator of joined categories; default `;`. */
  separator?: string;
  /**
   * Restrict to these populations (the PRONOTE space the user opened: `eleve.html` → `eleves`).
   * By default, the populations of the categories attribute, else all.
   */
  populations?: readonly Population[];
  /** The `Id. CAS` PRONOTE stored at earlier first connections: CAS user → person. */
  links?: ReadonlyMap<string, PronotePersonRef> | Readonly<Record<string, PronotePersonRef>>;
  /**
   * Mode 3: the person whose PRONOTE login and password the user just typed (checked by the
   * caller). Without it, mode 3 answers `unknown` (`credentials-required`).
   */
  authenticated?: PronotePersonRef;
  /**
   * The ENT's accounts, when known (a test harness): the identity of the CAS user must then be
   * unique among them too, as the matching engine requires both ways. The account whose
   * `idPartenaire` is {@link RecognizeOptions.entId} (default: the CAS user) is the user.
   */
  ent?: EntAccounts;
  /** The user's `idPartenaire` among {@link RecognizeOptions.ent}; default the CAS user. */
  entId?: string;
  /**
   * Mode 1: recognise parents on name and first name alone (default false: a homonym parent of
   * another family could be named; see the module documentation).
   */
  parentsByName?: boolean;
}

/**
 * The status of a recognition:
 * - `linked`: PRONOTE already knows the CAS user (a person holds it as `ID_Partenaire`, or an
 *   `Id. CAS` was stored): direct connection;
 * - `recognized`: one person, who gets the CAS user stored as `Id. CAS`;
 * - `ambiguous`: several candidates; PRONOTE recognises nobody (first-connection screen);
 * - `unknown`: nobody; first-connection screen (or the login form of mode 3).
 */
export type RecognitionStatus = 'linked' | 'recognized' | 'ambiguous' | 'unknown';

/**
 * Why:
 * `id-partenaire` (linked: held `ID_Partenaire`), `stored-link` (linked: stored `Id. CAS`),
 * `identity`, `idpn`, `credentials` (recognised), `homonyms`, `several-populations`,
 * `several-links` (ambiguous), `no-candidate`, `incomplete-identity`, `no-idpn`,
 * `credentials-required`, `unknown-link`, `parent-identity` (unknown).
 */
export type RecognitionReason =
  | 'id-partenaire'
  | 'stored-link'
  | 'identity'
  | 'idpn'
  | 'credentials'
  | 'homonyms'
  | 'several-populations'
  | 'several-links'
  | 'no-candidate'
  | 'incomplete-identity'
  | 'no-idpn'
  | 'credentials-required'
  | 'unknown-link'
  | 'parent-identity';

/** A candidate of an ambiguous recognition. */
export interface RecognitionCandidate {
  population: Population;
  person: PronotePersonLike;
}

/** The result of {@link recognizeCasUser}. */
export interface Recognition {
  status: RecognitionStatus;
  reason: RecognitionReason;
  /** The person (`linked`, `recognized`): the input object itself. */
  person?: PronotePersonLike;
  population?: Population;
  /** The candidates of an `ambiguous` recognition. */
  candidates?: RecognitionCandidate[];
}

const SELF = '\u0000cas-user';

function single(values: readonly string[] | undefined): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const first = values[0] as string;
  return values.every((v) => v === first) ? first : undefined;
}

function peopleOf(people: PronotePeople, population: Population): readonly PronotePersonLike[] {
  const list = people[population];
  if (list === undefined) return [];
  if (!isArrayValue(list)) throw argError(`people.${population}`, 'expected an array of people (or undefined)');
  return list;
}

function byRef(people: PronotePeople, ref: unknown, path: string): RecognitionCandidate | undefined {
  checkObject(ref, path);
  checkEnum(ref.population, POPULATIONS, `${path}.population`);
  if (typeof ref.ident !== 'number') throw argError(`${path}.ident`, 'expected a number');
  const person = peopleOf(people, ref.population).find((p) => p.ident === ref.ident);
  return person === undefined ? undefined : { population: ref.population, person };
}

function outcome(found: RecognitionCandidate[], one: RecognitionStatus, reason: RecognitionReason, severalReason: RecognitionReason): Recognition | undefined {
  if (found.length === 0) return undefined;
  if (found.length === 1) {
    const f = found[0] as RecognitionCandidate;
    return { status: one, reason, person: f.person, population: f.population };
  }
  return { status: 'ambiguous', reason: severalReason, candidates: found };
}

/** Identity matching of the CAS user in one population, by the matching engine. */
function byIdentity(
  identity: { nom: string; prenom: string; dateNaissance: string | undefined },
  population: Population,
  people: PronotePeople,
  options: RecognizeOptions,
  user: string,
): { linked?: PronotePersonLike; candidates: PronotePersonLike[]; incomplete: boolean } {
  const self: EntAccountLike = { idPartenaire: SELF, nom: identity.nom, prenom: identity.prenom, ...(identity.dateNaissance !== undefined ? { dateNaissance: identity.dateNaissance } : {}) };
  const entId = options.entId ?? user;
  const others = (options.ent?.[population] ?? []).filter((a) => a.idPartenaire !== entId);
  // Parents: name and first name over every parent (the CAS names no student), as staff.
  const as: Population = population === 'responsables' ? 'personnels' : population;
  const pro = peopleOf(people, population);
  const result = matchAccounts({ [as]: [self, ...others] }, { [as]: pro }, { mode: 'Complet' });
  const r = result.populations[as];
  const pair = r.pairs.find((p) => p.ent === self);
  if (pair !== undefined) return { linked: pair.pronote, candidates: [], incomplete: false };
  const amb = r.ambiguous.find((a) => a.side === 'ent' && a.person === self);
  if (amb !== undefined && amb.side === 'ent') return { candidates: [...amb.candidates], incomplete: false };
  const un = r.unmatched.find((u) => u.side === 'ent' && u.person === self);
  return { candidates: [], incomplete: un?.reason === 'incomplete-identity' };
}

/**
 * Says what PRONOTE does with a validated CAS user at its first connection.
 *
 * Order: a stored `Id. CAS` (`links`) or a person holding the CAS user as `ID_Partenaire` →
 * `linked`; then by mode: `identite` → the matching engine on name, first name and birth date
 * (students; teachers when both sides have one), `identite-pronote` → the person whose `IDPN`
 * is the value of the `idpn` attribute, `double-authentification` → the person given as
 * `authenticated`. Candidates are looked for in the populations of the categories attribute
 * (or `populations`); a person found in several populations is `ambiguous`.
 *
 * @param validation a successful validation (a failure is refused: there is nobody to recognise)
 * @param people PRONOTE's people (an `IdentifiantsPronote` fits)
 * @example
 * ```ts
 * const r = recognizeCasUser(parseCasValidationResponse(xml), identifiants, { mode: 'identite' });
 * if (r.status === 'recognized') store(r.population, r.person.ident, validation.user);
 * ```
 * @throws `ERR_ARGUMENT` for a failed validation, malformed people or options.
 */
export function recognizeCasUser(validation: CasValidation, people: PronotePeople, options: RecognizeOptions): Recognition {
  checkObject(validation, 'validation');
  if (validation.ok !== true) throw argError('validation', 'expected a successful validation (ok: true)');
  checkString(validation.user, 'validation.user', true);
  checkObject(validation.attributes, 'validation.attributes');
  checkObject(people, 'people');
  checkObject(options, 'options');
  checkOptions(options);
  checkEnum(options.mode, RECOGNITION_MODES, 'options.mode');
  if (options.attributeNames !== undefined) checkObject(options.attributeNames, 'options.attributeNames');
  if (options.ent !== undefined) checkObject(options.ent, 'options.ent');
  if (options.entId !== undefined) checkString(options.entId, 'options.entId', true);
  const names = { ...DEFAULT_CAS_ATTRIBUTE_NAMES, ...options.attributeNames };
  const user = validation.user;
  const attrs = validation.attributes;
  const get = (name: string): readonly string[] | undefined => (name === '' || !Object.hasOwn(attrs, name) ? undefined : attrs[name]);

  let populations: readonly Population[];
  if (options.populations !== undefined) {
    if (!Array.isArray(options.populations) || options.populations.length === 0) throw argError('options.populations', 'expected a non-empty array of populations');
    options.populations.forEach((p, i) => checkEnum(p, POPULATIONS, `options.populations[${i}]`));
    populations = options.populations;
  } else {
    const cats = get(names.categories);
    const fromCats = cats === undefined ? [] : populationsOfCategories(cats, options.categories ?? NATIONAL_CATEGORIES, options.separator ?? ';');
    populations = fromCats.length > 0 ? fromCats : POPULATIONS;
  }

  // Already linked: a stored Id. CAS, or the CAS user held as ID_Partenaire.
  if (options.links !== undefined) {
    checkObject(options.links, 'options.links');
    const ref = lookupTable(options.links, user);
    if (ref !== undefined) {
      const found = byRef(people, ref, `options.links[user]`);
      return found === undefined ? { status: 'unknown', reason: 'unknown-link' } : { status: 'linked', reason: 'stored-link', person: found.person, population: found.population };
    }
  }
  const held: RecognitionCandidate[] = [];
  for (const population of populations) {
    for (const person of peopleOf(people, population)) if (person.idPartenaire === user) held.push({ population, person });
  }
  const linked = outcome(held, 'linked', 'id-partenaire', 'several-links');
  if (linked !== undefined) return linked;

  if (options.mode === 'double-authentification') {
    if (options.authenticated === undefined) return { status: 'unknown', reason: 'credentials-required' };
    const found = byRef(people, options.authenticated, 'options.authenticated');
    return found === undefined ? { status: 'unknown', reason: 'no-candidate' } : { status: 'recognized', reason: 'credentials', person: found.person, population: found.population };
  }

  if (options.mode === 'identite-pronote') {
    const idpn = single(get(names.idpn));
    if (idpn === undefined || idpn === '') return { status: 'unknown', reason: 'no-idpn' };
    const found: RecognitionCandidate[] = [];
    for (const population of populations) {
      for (const person of peopleOf(people, population)) if (person.idpn === idpn) found.push({ population, person });
    }
    return outcome(found, 'recognized', 'idpn', 'several-populations') ?? { status: 'unknown', reason: 'no-candidate' };
  }

  const nom = single(get(names.nom));
  const prenom = single(get(names.prenom));
  const dateNaissance = single(get(names.dateNaissance));
  if (nom === undefined || prenom === undefined) return { status: 'unknown', reason: 'incomplete-identity' };
  if (options.parentsByName !== undefined && typeof options.parentsByName !== 'boolean') throw argError('options.parentsByName', 'expected a boolean');
  const searched = options.parentsByName === true ? populations : populations.filter((p) => p !== 'responsables');
  if (searched.length === 0) return { status: 'unknown', reason: 'parent-identity' };
  const found: RecognitionCandidate[] = [];
  const ambiguous: RecognitionCandidate[] = [];
  let incomplete = 0;
  for (const population of searched) {
    const r = byIdentity({ nom, prenom, dateNaissance }, population, people, options, user);
    if (r.linked !== undefined) found.push({ population, person: r.linked });
    for (const c of r.candidates) ambiguous.push({ population, person: c });
    if (r.incomplete) incomplete++;
  }
  if (ambiguous.length > 0) return { status: 'ambiguous', reason: 'homonyms', candidates: [...found, ...ambiguous] };
  const result = outcome(found, 'recognized', 'identity', 'several-populations');
  if (result !== undefined) return result;
  return { status: 'unknown', reason: incomplete === searched.length ? 'incomplete-identity' : 'no-candidate' };
}
