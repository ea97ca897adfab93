/**
 * The Apereo CAS service definition (JSON service registry) of a PRONOTE service: which URLs
 * it covers, which attributes it releases under which names, and what the CAS user is.
 *
 * Shapes from Apereo CAS's documentation (*Service Management > JSON*, *Attribute Release
 * Policies*, *Principal-Id Attribute*): `org.apereo.cas.services.CasRegisteredService`,
 * `ReturnAllowedAttributeReleasePolicy` (`allowedAttributes` as `["java.util.ArrayList", […]]`)
 * or `ReturnMappedAttributeReleasePolicy` (`allowedAttributes` as a `java.util.TreeMap` from
 * the directory's attribute to the released name), and a username provider.
 *
 * @module
 */

import { argError, checkObject, checkOptionalString, checkString } from './args';
import { DEFAULT_CAS_ATTRIBUTE_NAMES, type CasAttributeNames, type PronoteProfileOptions } from './profile';

/** What Apereo puts in `cas:user` for PRONOTE. */
export type ApereoUsername =
  /** The principal id (Apereo's default provider). */
  | { kind: 'principal' }
  /** A principal attribute (e.g. the attribute holding the ENT's opaque id). */
  | { kind: 'attribute'; attribute: string }
  /** Apereo's persistent anonymous id (its own recipe: SHA-1 of service, user and salt, base64). */
  | { kind: 'anonymous'; salt: string; attribute?: string };

/** Options of {@link apereoServiceDefinition}. */
export interface ApereoServiceOptions {
  /** The PRONOTE URL (`https://0410017w.index-education.net/pronote/`); the service covers it and everything below. */
  pronoteUrl: string;
  /** The registry id (a positive integer, unique in the registry). */
  id: number;
  /** The service name shown by Apereo. */
  name: string;
  description?: string;
  /** Apereo's `evaluationOrder`; default 0. */
  evaluationOrder?: number;
  /**
   * The released attributes: by default the names of the profile (`nom`, `prenom`,
   * `dateNaissance`, `codePostal`, `categories`, `IDPN`), which the principal must carry.
   */
  attributeNames?: Partial<CasAttributeNames>;
  /** The profile released for PRONOTE (e.g. `APEREO_PRESET.profile`): its attribute names, unless `attributeNames` is given. */
  profile?: Readonly<PronoteProfileOptions>;
  /**
   * Directory attribute → released name (`{ sn: 'nom', givenName: 'prenom' }`): uses
   * `ReturnMappedAttributeReleasePolicy`. Without it, the principal's attributes already have
   * PRONOTE's names (`ReturnAllowedAttributeReleasePolicy`).
   */
  attributeMap?: Readonly<Record<string, string>>;
  /** The CAS user; default the principal id. */
  username?: ApereoUsername;
}

/** Escapes a string for a Java regular expression (the characters with a meaning, backslashed). */
export function escapeJavaRegex(value: string): string {
  checkString(value, 'value');
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The JSON object Apereo CAS reads from its service registry for a PRONOTE service
 * (`JSON.stringify(def, null, 2)` to a file named `<name>-<id>.json`).
 *
 * `serviceId` is `^` + the PRONOTE URL escaped + `.*` (the tutorial's `/**`): every PRONOTE
 * space (`eleve.html`, `parent.html`, `professeur.html`, …) with its query.
 *
 * @example
 * ```ts
 * const def = apereoServiceDefinition({ pronoteUrl: 'https://0410017w.index-education.net/pronote/', id: 1001, name: 'PRONOTE',
 *   username: { kind: 'attribute', attribute: 'ENTPersonUid' }, attributeMap: { sn: 'nom', givenName: 'prenom' } });
 * ```
 * @throws `ERR_ARGUMENT` for a URL that is not http(s), a bad id or malformed options.
 */
export function apereoServiceDefinition(options: ApereoServiceOptions): Record<string, unknown> {
  checkObject(options, 'options');
  checkString(options.pronoteUrl, 'options.pronoteUrl', true);
  let url: URL;
  try {
    url = new URL(options.pronoteUrl);
  } catch {
    throw argError('options.pronoteUrl', 'expected an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw argError('options.pronoteUrl', 'expected an http or https URL');
  if (!Number.isSafeInteger(options.id) || options.id <= 0) throw argError('options.id', 'expected a positive integer');
  checkString(options.name, 'options.name', true);
  checkOptionalString(options.description, 'options.description');
  const order = options.evaluationOrder ?? 0;
  if (!Number.isSafeInteger(order)) throw argError('options.evaluationOrder', 'expected an integer');
  if (options.profile !== undefined) checkObject(options.profile, 'options.profile');
  const chosen = options.attributeNames ?? options.profile?.attributeNames;
  if (chosen !== undefined) checkObject(chosen, 'options.attributeNames');
  const names = { ...DEFAULT_CAS_ATTRIBUTE_NAMES, ...chosen };
  Object.entries(names).forEach(([k, v]) => checkString(v, `options.attributeNames.${k}`));
  const released = Object.values(names).filter((n) => n !== '');

  let attributeReleasePolicy: Record<string, unknown>;
  if (options.attributeMap !== undefined) {
    checkObject(options.attributeMap, 'options.attributeMap');
    const map: Record<string, unknown> = { '@class': 'java.util.TreeMap' };
    for (const [from, to] of Object.entries(options.attributeMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (from === '' || from === '@class') throw argError('options.attributeMap', 'attribute names must be non-empty and not "@class"');
      checkString(to, `options.attributeMap.${from}`, true);
      map[from] = to;
    }
    attributeReleasePolicy = { '@class': 'org.apereo.cas.services.ReturnMappedAttributeReleasePolicy', allowedAttributes: map };
  } else {
    attributeReleasePolicy = { '@class': 'org.apereo.cas.services.ReturnAllowedAttributeReleasePolicy', allowedAttributes: ['java.util.ArrayList', released] };
  }

  const def: Record<string, unknown> = {
    '@class': 'org.apereo.cas.services.CasRegisteredService',
    serviceId: `^${escapeJavaRegex(options.pronoteUrl)}.*`,
    name: options.name,
    id: options.id,
  };
  if (options.description !== undefined) def.description = options.description;
  def.evaluationOrder = order;
  const username = options.username ?? { kind: 'principal' };
  checkObject(username, 'options.username');
  if (username.kind === 'attribute') {
    checkString(username.attribute, 'options.username.attribute', true);
    def.usernameAttributeProvider = { '@class': 'org.apereo.cas.services.PrincipalAttributeRegisteredServiceUsernameProvider', usernameAttribute: username.attribute };
  } else if (username.kind === 'anonymous') {
    checkString(username.salt, 'options.username.salt', true);
    checkOptionalString(username.attribute, 'options.username.attribute', true);
    def.usernameAttributeProvider = {
      '@class': 'org.apereo.cas.services.AnonymousRegisteredServiceUsernameAttributeProvider',
      persistentIdGenerator: {
        '@class': 'org.apereo.cas.authentication.principal.ShibbolethCompatiblePersistentIdGenerator',
        salt: username.salt,
        ...(username.attribute !== undefined ? { attribute: username.attribute } : {}),
      },
    };
  } else if (username.kind !== 'principal') {
    throw argError('options.username.kind', 'expected "principal", "attribute" or "anonymous"');
  }
  def.attributeReleasePolicy = attributeReleasePolicy;
  return def;
}
