/**
 * The PRONOTE profile: the CAS user and the attributes PRONOTE reads, for an ENT account of
 * this library's model (any population, one or several profiles).
 *
 * PRONOTE (*Déléguer l'authentification > Interconnexion CAS*) reads, at first connection, the
 * attributes whose names its administrator typed: name, first name, birth date, postal code,
 * categories, or an attribute carrying the person's PRONOTE identifier (`IDPN`). Later
 * connections only use the CAS user, which PRONOTE stores as `Id. CAS`.
 *
 * @module
 */

import { normalizeBirthDate, toFrenchDate } from '../common/dates';
import { deriveOpaqueId } from '../input/opaque-id';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { argError, checkEnum, checkObject, checkOptionalString, checkOptions, checkString } from './args';
import type { CasLayout } from './service-validate';
import type { CasIdentity } from './types';

export type { CasIdentity } from './types';

/**
 * Kinds of staff (`Personnel`) that some ENTs tell PRONOTE apart: `direction` (head teachers),
 * `vie-scolaire` (CPE, AED, EVS), `administratif` (administrative and technical staff), `autre`.
 */
export type StaffKind = 'direction' | 'vie-scolaire' | 'administratif' | 'autre';
/** Every {@link StaffKind}. */
export const STAFF_KINDS: readonly StaffKind[] = Object.freeze(['direction', 'vie-scolaire', 'administratif', 'autre'] as const);

/** One profile of an account: a population, and for staff its kind. */
export type CasProfile = Population | { population: Population; staff?: StaffKind };

/** The category value PRONOTE reads for each population, and for each kind of staff. */
export interface CategoryTable {
  eleves: string;
  responsables: string;
  professeurs: string;
  /** Staff without a kind, or of a kind missing from {@link CategoryTable.staff}. */
  personnels: string;
  /** Staff by kind, when the ENT tells them apart. */
  staff?: Partial<Record<StaffKind, string>>;
}

/**
 * PRONOTE's national categories: `National_1` student, `National_2` parent, `National_3`
 * teacher, `National_4` staff (as edificeio/entcore sends them; staff kinds not told apart).
 */
export const NATIONAL_CATEGORIES: Readonly<CategoryTable> = Object.freeze({
  eleves: 'National_1',
  responsables: 'National_2',
  professeurs: 'National_3',
  personnels: 'National_4',
});

/**
 * The national categories with the staff kinds, as laclasse.com sends them: `National_4`
 * direction, `National_5` CPE/AED/EVS, `National_6` administrative and technical staff,
 * `National_7` other staff.
 */
export const NATIONAL_CATEGORIES_WITH_STAFF_KINDS: Readonly<CategoryTable> = Object.freeze({
  ...NATIONAL_CATEGORIES,
  staff: Object.freeze({ direction: 'National_4', 'vie-scolaire': 'National_5', administratif: 'National_6', autre: 'National_7' }),
});

/** Names of the released attributes (an empty string leaves one out). */
export interface CasAttributeNames {
  nom: string;
  prenom: string;
  dateNaissance: string;
  codePostal: string;
  categories: string;
  /** The attribute carrying the PRONOTE identifier (`IDPN`), released when the account has one. */
  idpn: string;
}

/** Default attribute names: the ones the ENTs above send (`IDPN` for the PRONOTE identifier). */
export const DEFAULT_CAS_ATTRIBUTE_NAMES: Readonly<CasAttributeNames> = Object.freeze({
  nom: 'nom',
  prenom: 'prenom',
  dateNaissance: 'dateNaissance',
  codePostal: 'codePostal',
  categories: 'categories',
  idpn: 'IDPN',
});

/** What becomes the CAS user. */
export type CasUserSource = 'idPartenaire' | 'login' | 'derived';

/** Options of {@link pronoteProfile} (every field optional; see the presets). */
export interface PronoteProfileOptions {
  /**
   * The CAS user: the account's `idPartenaire` (default; PRONOTE then links a person holding
   * that `ID_Partenaire` from the first click), its `login`, or an opaque per-service id
   * derived with {@link deriveOpaqueId} from `derive.secret` and `derive.service` + the
   * `idPartenaire`.
   */
  user?: CasUserSource;
  /** Secret and service name of `user: 'derived'`. */
  derive?: { secret: string | Uint8Array; service: string };
  /** Attribute names (partial: the others keep their default). */
  attributeNames?: Partial<CasAttributeNames>;
  /** `dd/mm/yyyy` (default, what PRONOTE's documentation shows) or `yyyy-mm-dd`. */
  dateFormat?: 'dd/mm/yyyy' | 'yyyy-mm-dd';
  /** Category values; default {@link NATIONAL_CATEGORIES}. */
  categories?: CategoryTable;
  /**
   * How several profiles are released: `multi` (default, one value each), `join` (one value,
   * joined with {@link PronoteProfileOptions.separator}, as entcore does), `first` (only the
   * first profile, as laclasse.com does).
   */
  multipleProfiles?: 'multi' | 'join' | 'first';
  /** Separator of `multipleProfiles: 'join'`; default `;`. */
  separator?: string;
  /** The account's PRONOTE identifier, when not carried by the account itself (`account.idpn`). */
  idpn?: string;
}

/** An ENT account as the profile reads it: any person of this library's models fits. */
export interface CasAccountLike {
  readonly idPartenaire: string;
  readonly nom: string;
  readonly prenom: string;
  /** `yyyy-mm-dd` or `dd/mm/yyyy`. */
  readonly dateNaissance?: string;
  readonly codePostal?: string;
  /** The login the user types at the ENT (for `user: 'login'`). */
  readonly login?: string;
  /** The PRONOTE identifier stored on the account after an identifier-file import (mode 2). */
  readonly idpn?: string;
}

/** A profile preset: the options reproducing one ENT's CAS answer, and its layout. */
export interface CasPreset {
  /** The preset's name. */
  readonly name: 'entcore' | 'laclasse' | 'apereo';
  /** Options for {@link pronoteProfile}. */
  readonly profile: Readonly<PronoteProfileOptions>;
  /** The attribute layout of the validation answer (see `buildCasValidationResponse`). */
  readonly layout: CasLayout;
  /** The protocol the ENT's PRONOTE services use. */
  readonly validation: 'cas2' | 'cas3' | 'saml1.1';
}

/**
 * edificeio/entcore (`PronoteRegisteredService`): the CAS user is the login; `nom`, `prenom`,
 * `dateNaissance` as `dd/mm/yyyy`, `codePostal`, `categories` (several profiles joined with
 * `;`), inside `cas:attributes`.
 */
export const ENTCORE_PRESET: CasPreset = Object.freeze({
  name: 'entcore',
  profile: Object.freeze({ user: 'login', dateFormat: 'dd/mm/yyyy', categories: NATIONAL_CATEGORIES, multipleProfiles: 'join', separator: ';' }),
  layout: 'entcore',
  validation: 'cas2',
} as const);

/**
 * laclasse.com: the CAS user is the opaque ENT id (`idPartenaire`); the same names,
 * `dateNaissance` as `yyyy-mm-dd`, staff kinds (`National_5` to `National_7`), one profile;
 * every attribute directly under `cas:authenticationSuccess` and in `cas:attributes`.
 */
export const LACLASSE_PRESET: CasPreset = Object.freeze({
  name: 'laclasse',
  profile: Object.freeze({ user: 'idPartenaire', dateFormat: 'yyyy-mm-dd', categories: NATIONAL_CATEGORIES_WITH_STAFF_KINDS, multipleProfiles: 'first' }),
  layout: 'laclasse',
  validation: 'cas2',
} as const);

/**
 * GIP-RECIA (Apereo CAS): the CAS user is a per-service opaque id (pass `derive` with the
 * secret and the service name), multi-valued categories, Apereo's layout, SAML 1.1
 * `/samlValidate` kept for PRONOTE.
 */
export const APEREO_PRESET: CasPreset = Object.freeze({
  name: 'apereo',
  profile: Object.freeze({ user: 'derived', dateFormat: 'dd/mm/yyyy', categories: NATIONAL_CATEGORIES, multipleProfiles: 'multi' }),
  layout: 'apereo',
  validation: 'saml1.1',
} as const);

/** The three presets by name. */
export const CAS_PRESETS: Readonly<Record<CasPreset['name'], CasPreset>> = Object.freeze({
  entcore: ENTCORE_PRESET,
  laclasse: LACLASSE_PRESET,
  apereo: APEREO_PRESET,
});

function checkProfile(p: unknown, path: string): { population: Population; staff?: StaffKind } {
  if (typeof p === 'string') {
    checkEnum(p, POPULATIONS, path);
    return { population: p };
  }
  checkObject(p, path);
  checkEnum(p.population, POPULATIONS, `${path}.population`);
  if (p.staff !== undefined) {
    checkEnum(p.staff, STAFF_KINDS, `${path}.staff`);
    if (p.population !== 'personnels') throw argError(`${path}.staff`, 'a staff kind is for the personnels population only');
    return { population: p.population, staff: p.staff };
  }
  return { population: p.population };
}

function checkCategories(t: unknown): CategoryTable {
  checkObject(t, 'options.categories');
  for (const p of POPULATIONS) checkString(t[p], `options.categories.${p}`, true);
  if (t.staff !== undefined) {
    checkObject(t.staff, 'options.categories.staff');
    for (const [k, v] of Object.entries(t.staff)) {
      checkEnum(k, STAFF_KINDS, 'options.categories.staff (key)');
      checkString(v, `options.categories.staff.${k}`, true);
    }
  }
  return t as unknown as CategoryTable;
}

/** The category value of one profile. */
export function categoryOf(profile: CasProfile, table: CategoryTable = NATIONAL_CATEGORIES): string {
  const p = checkProfile(profile, 'profile');
  const t = checkCategories(table);
  if (p.population === 'personnels' && p.staff !== undefined) return t.staff?.[p.staff] ?? t.personnels;
  return t[p.population];
}

/** The resolved names (checked). */
function attributeNames(partial: unknown): CasAttributeNames {
  if (partial === undefined) return DEFAULT_CAS_ATTRIBUTE_NAMES;
  checkObject(partial, 'options.attributeNames');
  const out = { ...DEFAULT_CAS_ATTRIBUTE_NAMES };
  for (const [k, v] of Object.entries(partial)) {
    if (!(k in DEFAULT_CAS_ATTRIBUTE_NAMES)) throw argError(`options.attributeNames.${k}`, `unknown attribute (${Object.keys(DEFAULT_CAS_ATTRIBUTE_NAMES).join(', ')})`);
    checkString(v, `options.attributeNames.${k}`);
    out[k as keyof CasAttributeNames] = v;
  }
  const used = Object.values(out).filter((v) => v !== '');
  if (new Set(used).size !== used.length) throw argError('options.attributeNames', 'two attributes have the same name');
  return out;
}

/**
 * The CAS user and attributes PRONOTE reads for an ENT account.
 *
 * `profiles` is the account's population, or several (a teacher who is also a parent), each
 * optionally with its staff kind: `['professeurs', 'responsables']`,
 * `{ population: 'personnels', staff: 'vie-scolaire' }`. Empty values are not released; the
 * birth date is written in `dateFormat`; the PRONOTE identifier (`account.idpn`, else
 * `options.idpn`) is released under `attributeNames.idpn` when there is one.
 *
 * @example
 * ```ts
 * const { user, attributes } = pronoteProfile(eleve, 'eleves');
 * // user: eleve.idPartenaire; attributes: { nom: […], prenom: […], dateNaissance: ['31/12/2010'], categories: ['National_1'] }
 * pronoteProfile(account, ['professeurs', 'responsables'], ENTCORE_PRESET.profile); // categories: ['National_3;National_2']
 * ```
 * @throws `ERR_ARGUMENT` for a malformed account, profile or option, an invalid birth date, a
 * missing login (`user: 'login'`) or derivation secret (`user: 'derived'`).
 */
export function pronoteProfile(account: CasAccountLike, profiles: CasProfile | readonly CasProfile[], options: PronoteProfileOptions = {}): CasIdentity {
  checkObject(account, 'account');
  checkString(account.idPartenaire, 'account.idPartenaire', true);
  checkString(account.nom, 'account.nom');
  checkString(account.prenom, 'account.prenom');
  checkOptionalString(account.dateNaissance, 'account.dateNaissance');
  checkOptionalString(account.codePostal, 'account.codePostal');
  checkOptionalString(account.login, 'account.login');
  checkOptionalString(account.idpn, 'account.idpn');
  checkOptions(options);
  checkOptionalString(options.idpn, 'options.idpn');
  const list = Array.isArray(profiles) ? profiles : [profiles];
  if (list.length === 0) throw argError('profiles', 'expected at least one profile');
  const resolved = list.map((p, i) => checkProfile(p, Array.isArray(profiles) ? `profiles[${i}]` : 'profiles'));
  const names = attributeNames(options.attributeNames);
  const table = options.categories === undefined ? NATIONAL_CATEGORIES : checkCategories(options.categories);
  const dateFormat = options.dateFormat ?? 'dd/mm/yyyy';
  checkEnum(dateFormat, ['dd/mm/yyyy', 'yyyy-mm-dd'] as const, 'options.dateFormat');
  const multiple = options.multipleProfiles ?? 'multi';
  checkEnum(multiple, ['multi', 'join', 'first'] as const, 'options.multipleProfiles');
  const separator = options.separator ?? ';';
  checkString(separator, 'options.separator', true);

  const source = options.user ?? 'idPartenaire';
  checkEnum(source, ['idPartenaire', 'login', 'derived'] as const, 'options.user');
  let user: string;
  if (source === 'idPartenaire') user = account.idPartenaire;
  else if (source === 'login') {
    if (account.login === undefined || account.login === '') throw argError('account.login', 'the account has no login (needed by user: "login")');
    user = account.login;
  } else {
    checkObject(options.derive, 'options.derive');
    checkString(options.derive.service, 'options.derive.service', true);
    user = deriveOpaqueId(options.derive.secret, `${options.derive.service}\u0000${account.idPartenaire}`);
  }

  const attributes = Object.create(null) as Record<string, string[]>;
  const put = (name: string, value: string | undefined): void => {
    if (name !== '' && value !== undefined && value !== '') attributes[name] = [value];
  };
  put(names.nom, account.nom);
  put(names.prenom, account.prenom);
  if (account.dateNaissance !== undefined && account.dateNaissance !== '') {
    const iso = normalizeBirthDate(account.dateNaissance);
    if (iso === undefined) throw argError('account.dateNaissance', 'not a valid date (yyyy-mm-dd or dd/mm/yyyy)');
    put(names.dateNaissance, dateFormat === 'yyyy-mm-dd' ? iso : toFrenchDate(iso));
  }
  put(names.codePostal, account.codePostal);
  let categories = resolved.map((p) => (p.population === 'personnels' && p.staff !== undefined ? (table.staff?.[p.staff] ?? table.personnels) : table[p.population]));
  categories = categories.filter((c, i) => categories.indexOf(c) === i);
  if (names.categories !== '') {
    if (multiple === 'first') attributes[names.categories] = [categories[0] as string];
    else if (multiple === 'join') attributes[names.categories] = [categories.join(separator)];
    else attributes[names.categories] = categories;
  }
  put(names.idpn, account.idpn ?? options.idpn);
  return { user, attributes: { ...attributes } };
}

/**
 * The populations a category value stands for (the reverse of the table): splits joined
 * values on `separator`, maps every value, ignores unknown ones. Used to read back the
 * `categories` attribute.
 */
export function populationsOfCategories(values: readonly string[], table: CategoryTable = NATIONAL_CATEGORIES, separator = ';'): Population[] {
  if (!Array.isArray(values)) throw argError('values', 'expected an array of strings');
  values.forEach((v, i) => checkString(v, `values[${i}]`));
  const t = checkCategories(table);
  checkString(separator, 'separator', true);
  const out: Population[] = [];
  const add = (p: Population): void => {
    if (!out.includes(p)) out.push(p);
  };
  for (const raw of values) {
    for (const v of String(raw).split(separator).map((s: string) => s.trim())) {
      for (const p of POPULATIONS) if (t[p] === v) add(p);
      for (const kind of STAFF_KINDS) if (t.staff?.[kind] === v) add('personnels');
    }
  }
  return out;
}
