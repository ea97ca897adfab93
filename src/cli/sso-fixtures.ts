/**
 * The single sign-on fields of a fixtures folder (`ground-truth.json`, `sso`): the ENT login and
 * harness password of every account, the PRONOTE login and password of every person.
 *
 * @internal
 * @module
 */

import type { PronoteLogin } from '../cas/server/index';
import type { FixturesFolder } from './sso-inputs';

/** What the test servers take from a fixtures folder. */
export interface FixtureSso {
  /** ENT login by `idPartenaire`. */
  logins: Map<string, string>;
  /** Harness password by `idPartenaire`. */
  passwords: Map<string, string>;
  /** PRONOTE logins, with their school. */
  pronoteLogins: (PronoteLogin & { uai: string })[];
}

/** The `sso` part of the ground truth, when the folder has one. */
export function fixtureSsoAccounts(folder: FixturesFolder): FixtureSso | undefined {
  const sso = folder.groundTruth.sso;
  if (typeof sso !== 'object' || sso === null) return undefined;
  return { logins: new Map(), passwords: new Map(), pronoteLogins: [] };
}
