/**
 * The single sign-on part of a fixtures folder (`ground-truth.json`, `sso`): the ENT login,
 * harness password and staff kind of every account, the PRONOTE login and password of every
 * person (test-only credentials derived from the seed).
 *
 * @internal
 * @module
 */

import { EntPronoteError, POPULATIONS } from '../index';
import type { PronoteLogin } from '../cas/server/index';
import type { StaffKind } from '../cas/profile';
import type { FixturesFolder } from './sso-inputs';

/** What the test servers take from a fixtures folder. */
export interface FixtureSso {
  /** ENT login by `idPartenaire`. */
  logins: Map<string, string>;
  /** Harness password by `idPartenaire`. */
  passwords: Map<string, string>;
  /** Staff kind by `idPartenaire`. */
  staffKinds: Map<string, StaffKind>;
  /** PRONOTE logins, with their school. */
  pronoteLogins: (PronoteLogin & { uai: string })[];
}

const STAFF_KINDS: readonly string[] = ['direction', 'vie-scolaire', 'administratif', 'autre'];

function bad(folder: FixturesFolder, what: string): EntPronoteError {
  return new EntPronoteError('ERR_INPUT', `the sso part of the ground truth is malformed (${what}); regenerate the folder with ent-pronote fixtures`, { file: `${folder.dir}/ground-truth.json` });
}

function str(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** The `sso` part of the ground truth; undefined when the folder has none (written by an older version). */
export function fixtureSsoAccounts(folder: FixturesFolder): FixtureSso | undefined {
  const sso = folder.groundTruth.sso as { schools?: unknown } | undefined;
  if (sso === undefined) return undefined;
  if (typeof sso !== 'object' || sso === null || !Array.isArray(sso.schools)) throw bad(folder, 'no schools');
  const out: FixtureSso = { logins: new Map(), passwords: new Map(), staffKinds: new Map(), pronoteLogins: [] };
  for (const school of sso.schools as Record<string, unknown>[]) {
    if (typeof school !== 'object' || school === null || !str(school.uai) || !Array.isArray(school.accounts) || !Array.isArray(school.pronote)) throw bad(folder, 'a school');
    for (const a of school.accounts as Record<string, unknown>[]) {
      if (typeof a !== 'object' || a === null || !str(a.idPartenaire) || !str(a.login) || !str(a.password)) throw bad(folder, 'an account');
      out.logins.set(a.idPartenaire, a.login);
      out.passwords.set(a.idPartenaire, a.password);
      if (typeof a.staffKind === 'string' && STAFF_KINDS.includes(a.staffKind)) out.staffKinds.set(a.idPartenaire, a.staffKind as StaffKind);
    }
    for (const p of school.pronote as Record<string, unknown>[]) {
      if (typeof p !== 'object' || p === null || !str(p.login) || !str(p.password) || typeof p.ident !== 'number' || !(POPULATIONS as readonly unknown[]).includes(p.population)) throw bad(folder, 'a PRONOTE login');
      out.pronoteLogins.push({ uai: school.uai, login: p.login, password: p.password, population: p.population as PronoteLogin['population'], ident: p.ident });
    }
  }
  return out;
}
