/**
 * The accounts of the test CAS server: who can log in (login name and harness password) and what
 * the CAS releases for them (the PRONOTE profile, with the PRONOTE identifier when an identifier
 * file links the account).
 *
 * @internal
 * @module
 */

import { randomBytes } from 'node:crypto';
import { EntPronoteError } from '../../errors';
import type { IdentifiantsPronote } from '../../identifiants-pronote/model';
import { matchAccounts } from '../../match/match';
import { type PartenaireIndex, type PersonneBase, POPULATIONS, type Population } from '../../partenaire-index/model';
import type { GeneratedFixtures } from '../../fixtures/generate';
import { type CasAccountLike, CAS_PRESETS, type CasAttributeNames, type CasProfile, pronoteProfile, type PronoteProfileOptions, type StaffKind } from '../profile';
import type { CasLayout } from '../service-validate';
import { idpnToStore } from '../store';
import type { CasIdentity } from '../types';
import { lookupTable } from '../../common/records';

/**
 * The ENT accounts a test CAS server serves: one `PartenaireIndex` or several (several schools),
 * or a generated fixture world (`generateFixtures`), whose accounts come with their ENT logins,
 * harness passwords and staff kinds, and whose complete identifier files give the IDPN.
 */
export type CasTestAccounts = PartenaireIndex | readonly PartenaireIndex[] | GeneratedFixtures;

/** An account as the password function and the login table see it (no names). */
export interface CasTestAccountInfo {
  /** The account's ENT identifier. */
  idPartenaire: string;
  /** Its populations (several for a teacher who is also a parent). */
  populations: Population[];
}

/** The harness password: one for everyone, or one per account (a fixture world gives one per account by default). */
export type PasswordOption = string | ((account: CasTestAccountInfo) => string);

/** The profile options of the test CAS server (see `pronoteProfile`). */
export interface ProfileOptionsOf {
  /**
   * Options of `pronoteProfile` (CAS user, attribute names, date format, categories, several
   * profiles). Default: the preset of `layout` (`CAS_PRESETS`); with the `apereo` preset and no
   * `derive`, the per-service identifiers are derived from a random secret drawn at start.
   */
  profile?: PronoteProfileOptions;
  /** Shortcut for `profile.dateFormat`. */
  dateFormat?: PronoteProfileOptions['dateFormat'];
  /** Shortcut for `profile.attributeNames`. */
  attributeNames?: Partial<CasAttributeNames>;
  /**
   * The ENT logins (what the user types at the CAS), by `idPartenaire`. An account without one
   * logs in with its `idPartenaire`; it is also its login when the profile's CAS user is the login.
   */
  logins?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Staff kinds by `idPartenaire` (categories `National_4` to `National_7` with the laclasse preset). */
  staffKinds?: ReadonlyMap<string, StaffKind> | Readonly<Record<string, StaffKind>>;
}

/** The directory built from the options. */
export interface CasTestDirectory {
  identifiants?: IdentifiantsPronote | readonly IdentifiantsPronote[];
  /** The released identity of a login name. */
  identity(login: string): CasIdentity | undefined;
  /** The expected password of a login name. */
  password(login: string): string | undefined;
  /** How many accounts. */
  size: number;
}

interface Account {
  person: PersonneBase & { dateNaissance?: string };
  populations: Population[];
}

function argument(path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', `${path}: ${reason}`);
}

function isGeneratedFixtures(value: unknown): value is GeneratedFixtures {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.schools) && typeof v.world === 'object' && v.world !== null && typeof v.groundTruth === 'object';
}

function lookup<T>(table: ReadonlyMap<string, T> | Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table === undefined ? undefined : lookupTable(table, key);
}

function isPartenaireIndex(value: unknown): value is PartenaireIndex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return POPULATIONS.every((p) => Array.isArray(v[p]));
}

/** The accounts of the documents, by `idPartenaire` (one account, several profiles). */
function accountsOf(documents: readonly PartenaireIndex[]): Map<string, Account> {
  const out = new Map<string, Account>();
  for (const doc of documents) {
    for (const population of POPULATIONS) {
      for (const person of doc[population] as (PersonneBase & { dateNaissance?: string })[]) {
        const known = out.get(person.idPartenaire);
        if (known === undefined) out.set(person.idPartenaire, { person, populations: [population] });
        else if (!known.populations.includes(population)) known.populations.push(population);
      }
    }
  }
  return out;
}

/** The PRONOTE identifiers to release: what an identifier-file import stores on each account. */
function idpnsOf(documents: readonly PartenaireIndex[], files: readonly IdentifiantsPronote[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    const doc = documents.find((d) => d.etablissements.some((e) => e.numero === file.uai)) ?? documents[0];
    if (doc === undefined) continue;
    for (const r of idpnToStore(matchAccounts(doc, file))) out.set(r.idPartenaire, r.idpn);
  }
  return out;
}

/**
 * Resolves the profile options: the preset of the layout with the account's `idPartenaire` as
 * CAS user (what PRONOTE links from the first click; `profile.user` chooses another), then the
 * caller's options.
 */
export function profileOptions(options: ProfileOptionsOf & { layout?: CasLayout }): PronoteProfileOptions {
  const layout = options.layout ?? 'entcore';
  const preset = layout === 'entcore' || layout === 'laclasse' || layout === 'apereo' ? CAS_PRESETS[layout].profile : {};
  const out: PronoteProfileOptions = { ...preset, user: 'idPartenaire', ...(options.profile ?? {}) };
  if (options.dateFormat !== undefined) out.dateFormat = options.dateFormat;
  if (options.attributeNames !== undefined) out.attributeNames = { ...(out.attributeNames ?? {}), ...options.attributeNames };
  if (out.user === 'derived' && out.derive === undefined) out.derive = { secret: randomBytes(32), service: 'pronote' };
  return out;
}

/** Builds the directory of a test CAS server (`ERR_ARGUMENT` on unusable accounts or options). */
export function buildDirectory(options: ProfileOptionsOf & {
  accounts: unknown;
  identifiants?: unknown;
  password?: unknown;
  layout?: CasLayout;
}): CasTestDirectory {
  let fixtureLogins: Map<string, string> | undefined;
  let fixturePasswords: Map<string, string> | undefined;
  let fixtureKinds: Map<string, StaffKind> | undefined;
  let documents: unknown[];
  let defaultIdentifiants: IdentifiantsPronote[] = [];
  if (isGeneratedFixtures(options.accounts)) {
    const fixtures = options.accounts;
    documents = fixtures.schools.map((s) => s.partenaireIndex);
    defaultIdentifiants = fixtures.schools.map((s) => s.identifiantsComplet);
    fixtureLogins = new Map();
    fixturePasswords = new Map();
    fixtureKinds = new Map();
    for (const p of fixtures.world.people) {
      if (p.sso === undefined) continue;
      fixtureLogins.set(p.idPartenaire, p.sso.login);
      fixturePasswords.set(p.idPartenaire, p.sso.password);
      if (p.sso.staffKind !== undefined) fixtureKinds.set(p.idPartenaire, p.sso.staffKind);
    }
  } else {
    documents = Array.isArray(options.accounts) ? (options.accounts as unknown[]) : [options.accounts];
  }
  documents.forEach((d, i) => {
    if (!isPartenaireIndex(d)) throw argument(Array.isArray(options.accounts) ? `options.accounts[${i}]` : 'options.accounts', 'expected a PartenaireIndex (our ENT accounts model) or a generated fixture world');
  });
  const files = options.identifiants === undefined ? defaultIdentifiants : Array.isArray(options.identifiants) ? (options.identifiants as unknown[]) : [options.identifiants];
  files.forEach((f, i) => {
    if (!isIdentifiants(f)) throw argument(`options.identifiants${Array.isArray(options.identifiants) ? `[${i}]` : ''}`, 'expected an IdentifiantsPronote');
  });
  const password: unknown = options.password ?? (fixturePasswords !== undefined ? (a: CasTestAccountInfo): string | undefined => fixturePasswords.get(a.idPartenaire) : undefined);
  if (typeof password !== 'string' && typeof password !== 'function') throw argument('options.password', 'expected a string or a function of the account (a fixture world gives one per account)');
  if (typeof password === 'string' && password === '') throw argument('options.password', 'expected a non-empty password');
  const logins = options.logins;
  if (logins !== undefined && (typeof logins !== 'object' || logins === null)) throw argument('options.logins', 'expected a Map or a record of logins by idPartenaire');
  const staffKinds = options.staffKinds;
  if (staffKinds !== undefined && (typeof staffKinds !== 'object' || staffKinds === null)) throw argument('options.staffKinds', 'expected a Map or a record of staff kinds by idPartenaire');
  const loginOf = (id: string): string | undefined => lookup(logins as ReadonlyMap<string, string> | undefined, id) ?? fixtureLogins?.get(id);
  const kindOf = (id: string): StaffKind | undefined => lookup(staffKinds as ReadonlyMap<string, StaffKind> | undefined, id) ?? fixtureKinds?.get(id);

  const profile = profileOptions(options);
  const accounts = accountsOf(documents as PartenaireIndex[]);
  const idpns = idpnsOf(documents as PartenaireIndex[], files as IdentifiantsPronote[]);
  const byLogin = new Map<string, { identity: CasIdentity; password: string }>();
  for (const [idPartenaire, account] of accounts) {
    const login = loginOf(idPartenaire) ?? idPartenaire;
    if (typeof login !== 'string' || login === '') throw argument('options.logins', 'every login must be a non-empty string');
    const idpn = idpns.get(idPartenaire);
    const like: CasAccountLike = {
      idPartenaire,
      nom: account.person.nom,
      prenom: account.person.prenom,
      login,
      ...(account.person.dateNaissance !== undefined ? { dateNaissance: account.person.dateNaissance } : {}),
      ...(account.person.codePostal !== undefined ? { codePostal: account.person.codePostal } : {}),
      ...(idpn !== undefined ? { idpn } : {}),
    };
    const kind = kindOf(idPartenaire);
    const profiles: CasProfile[] = account.populations.map((p) => (p === 'personnels' && kind !== undefined ? { population: p, staff: kind } : p));
    const identity = pronoteProfile(like, profiles, profile);
    const info: CasTestAccountInfo = { idPartenaire, populations: [...account.populations] };
    const secret = typeof password === 'string' ? password : (password as (a: CasTestAccountInfo) => unknown)(info);
    if (typeof secret !== 'string' || secret === '') throw argument('options.password', 'the password function must return a non-empty string for every account');
    if (byLogin.has(login)) throw argument('options.logins', 'two accounts have the same login');
    byLogin.set(login, { identity, password: secret });
  }
  return {
    ...(options.identifiants !== undefined ? { identifiants: options.identifiants as IdentifiantsPronote } : {}),
    identity: (login) => byLogin.get(login)?.identity,
    password: (login) => byLogin.get(login)?.password,
    size: byLogin.size,
  };
}

function isIdentifiants(value: unknown): value is IdentifiantsPronote {
  return typeof value === 'object' && value !== null && typeof (value as { uai?: unknown }).uai === 'string' && isPartenaireIndexLike(value);
}

function isPartenaireIndexLike(value: object): boolean {
  const v = value as Record<string, unknown>;
  return POPULATIONS.every((p) => Array.isArray(v[p]));
}
