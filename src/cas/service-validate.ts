/**
 * The answers of CAS ticket validation (`/serviceValidate`, `/proxyValidate`,
 * `/p3/serviceValidate`, `/p3/proxyValidate`): built in the three attribute layouts ENTs send
 * PRONOTE today, and read whatever the layout.
 *
 * Layouts (see `docs/sso.md`):
 * - `entcore` (edificeio/entcore): `cas:user`, then the attributes inside `cas:attributes`, then
 *   the proxy-granting ticket IOU and the proxies;
 * - `laclasse` (laclasse.com): `cas:user`, then every attribute written directly under
 *   `cas:authenticationSuccess` and again inside `cas:attributes`;
 * - `apereo` (Apereo CAS's view): `cas:user`, the proxy-granting ticket IOU, the proxies, then
 *   `cas:attributes`;
 * - `flat` (older servers, for tests): attributes only directly under
 *   `cas:authenticationSuccess`.
 *
 * @module
 */

import type { Limits } from '../limits';
import { escapeAttribute, escapeText } from '../internal/xml/escape';
import { isXmlName } from '../internal/xml/chars';
import { getAttribute, type XmlElement } from '../internal/xml/tree';
import { argError, checkEnum, checkOptions, checkValidation, failureCode } from './args';
import { looksLikeJson, oneChild, readJson, readXml, schemaError, textOnly } from './read';
import { CAS_NAMESPACE, type CasValidation, type CasValidationFailure, type CasValidationSuccess } from './types';
import { isRecord } from '../common/arguments';

/** The CAS protocol version of an answer. */
export type CasVersion = '2.0' | '3.0';
/** Every {@link CasVersion}. */
export const CAS_VERSIONS: readonly CasVersion[] = Object.freeze(['2.0', '3.0'] as const);

/** Where a builder writes the attributes (see the module documentation). */
export type CasLayout = 'entcore' | 'laclasse' | 'apereo' | 'flat';
/** Every {@link CasLayout}. */
export const CAS_LAYOUTS: readonly CasLayout[] = Object.freeze(['entcore', 'laclasse', 'apereo', 'flat'] as const);

/** `xml`, or CAS 3.0's JSON form. */
export type CasFormat = 'xml' | 'json';
/** Every {@link CasFormat}. */
export const CAS_FORMATS: readonly CasFormat[] = Object.freeze(['xml', 'json'] as const);

/** Options of {@link buildCasValidationResponse}. */
export interface BuildCasValidationOptions {
  /** `2.0` (`/serviceValidate`) or `3.0` (`/p3/serviceValidate`); default `3.0`. JSON needs `3.0`. */
  version?: CasVersion;
  /** Where the attributes go; default `apereo`. Ignored by the JSON form (always `attributes`). */
  layout?: CasLayout;
  /** Default `xml`. */
  format?: CasFormat;
}

/** Options of the CAS readers. */
export interface ParseCasOptions {
  /** `xml` or `json`; by default, JSON when the text starts with `{`, else XML. */
  format?: CasFormat;
  /** Resource limits; the input size defaults to 1 MiB here. */
  limits?: Partial<Limits>;
}

/** Element names a flat layout cannot use for an attribute (they mean something else there). */
const RESERVED = new Set(['user', 'attributes', 'attribute', 'proxyGrantingTicket', 'proxies', 'proxy']);

/** XML 1.0 white space trimmed (what readers strip around tokens). */
export function trimXml(value: string): string {
  return value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** Checks that a token (user, ticket, IOU, proxy URL) reads back as written. */
export function checkToken(value: string, path: string): void {
  if (trimXml(value) !== value) throw argError(path, 'must not start or end with white space (readers trim it)');
}

function checkAttributeName(name: string, layout: CasLayout): void {
  if (!isXmlName(name) || name.includes(':')) {
    throw argError('validation.attributes', 'every attribute name must be an XML name without a colon (it becomes an element name)');
  }
  if ((layout === 'laclasse' || layout === 'flat') && RESERVED.has(name)) {
    throw argError('validation.attributes', `the ${layout} layout cannot carry an attribute named like a protocol element (user, attributes, attribute, proxyGrantingTicket, proxies, proxy)`);
  }
}

function attributeLines(attributes: Record<string, string[]>, indent: string): string {
  let out = '';
  for (const [name, values] of Object.entries(attributes)) {
    for (const v of values) out += `${indent}<cas:${name}>${escapeText(v, `validation.attributes.${name}`)}</cas:${name}>\n`;
  }
  return out;
}

function xmlSuccess(v: CasValidationSuccess, layout: CasLayout): string {
  const user = `    <cas:user>${escapeText(v.user, 'validation.user')}</cas:user>\n`;
  const pgt = v.proxyGrantingTicket === undefined ? '' : `    <cas:proxyGrantingTicket>${escapeText(v.proxyGrantingTicket, 'validation.proxyGrantingTicket')}</cas:proxyGrantingTicket>\n`;
  const proxies = (v.proxies ?? []).length === 0 ? '' : `    <cas:proxies>\n${(v.proxies ?? []).map((p) => `      <cas:proxy>${escapeText(p, 'validation.proxies')}</cas:proxy>\n`).join('')}    </cas:proxies>\n`;
  const hasAttributes = Object.keys(v.attributes).length > 0;
  const container = hasAttributes ? `    <cas:attributes>\n${attributeLines(v.attributes, '      ')}    </cas:attributes>\n` : '';
  const direct = attributeLines(v.attributes, '    ');
  let body: string;
  switch (layout) {
    case 'entcore':
      body = user + container + pgt + proxies;
      break;
    case 'laclasse':
      body = user + direct + container + pgt + proxies;
      break;
    case 'apereo':
      body = user + pgt + proxies + container;
      break;
    case 'flat':
      body = user + direct + pgt + proxies;
      break;
  }
  return `<cas:serviceResponse xmlns:cas="${CAS_NAMESPACE}">\n  <cas:authenticationSuccess>\n${body}  </cas:authenticationSuccess>\n</cas:serviceResponse>\n`;
}

/** `<cas:serviceResponse>` around one failure element (`authenticationFailure`, `proxyFailure`). */
export function xmlFailure(element: string, code: string, description: string): string {
  return `<cas:serviceResponse xmlns:cas="${CAS_NAMESPACE}">\n  <cas:${element} code="${escapeAttribute(code)}">${escapeText(description, 'description')}</cas:${element}>\n</cas:serviceResponse>\n`;
}

function jsonValidation(v: CasValidation): string {
  if (!v.ok) return `${JSON.stringify({ serviceResponse: { authenticationFailure: { code: v.code, description: v.description } } }, null, 2)}\n`;
  const success: Record<string, unknown> = { user: v.user };
  if (v.proxyGrantingTicket !== undefined) success.proxyGrantingTicket = v.proxyGrantingTicket;
  if ((v.proxies ?? []).length > 0) success.proxies = v.proxies;
  success.attributes = v.attributes;
  return `${JSON.stringify({ serviceResponse: { authenticationSuccess: success } }, null, 2)}\n`;
}

/**
 * Writes the answer of a ticket validation, as a CAS server sends it.
 *
 * Every attribute value is written once per value (multi-valued attributes repeat the
 * element); values read back exactly (`&`, `<`, `>`, CR escaped). The user, the IOU and the
 * proxies must not start or end with white space (readers trim it). Attribute names must be XML
 * names without a colon; the `laclasse` and `flat` layouts refuse the protocol's own element
 * names. A failure is written with its code and description (whatever the layout).
 *
 * @example
 * ```ts
 * const xml = buildCasValidationResponse(
 *   { ok: true, user: 'e-91c2d0', attributes: { nom: ['MARTIN'], categories: ['National_1'] }, proxies: [] },
 *   { version: '2.0', layout: 'entcore' },
 * );
 * ```
 * @throws `ERR_ARGUMENT` for a malformed validation or options; `ERR_SCHEMA` for a character
 * XML 1.0 cannot carry.
 */
export function buildCasValidationResponse(validation: CasValidation, options: BuildCasValidationOptions = {}): string {
  checkValidation(validation);
  checkOptions(options);
  const version = options.version ?? '3.0';
  const layout = options.layout ?? 'apereo';
  const format = options.format ?? 'xml';
  checkEnum(version, CAS_VERSIONS, 'options.version');
  checkEnum(layout, CAS_LAYOUTS, 'options.layout');
  checkEnum(format, CAS_FORMATS, 'options.format');
  if (format === 'json' && version !== '3.0') throw argError('options.format', 'the JSON form exists only in CAS 3.0 (version "3.0")');
  if (validation.ok) {
    checkToken(validation.user, 'validation.user');
    if (validation.proxyGrantingTicket !== undefined) checkToken(validation.proxyGrantingTicket, 'validation.proxyGrantingTicket');
    (validation.proxies ?? []).forEach((p, i) => checkToken(p, `validation.proxies[${i}]`));
    for (const name of Object.keys(validation.attributes)) checkAttributeName(name, layout);
  }
  if (format === 'json') return jsonValidation(validation);
  return validation.ok ? xmlSuccess(validation, layout) : xmlFailure('authenticationFailure', validation.code, validation.description);
}

// ---------------------------------------------------------------------------------------------
// Reading

const WHAT = 'the CAS validation answer';

/** Reads the `<cas:serviceResponse>` root and returns its single answer element. */
export function serviceResponseChild(root: XmlElement, allowed: readonly string[], what: string): XmlElement {
  if (root.local !== 'serviceResponse' || root.ns !== CAS_NAMESPACE) {
    throw schemaError(what, `/${root.name}`, `expected a serviceResponse element in the CAS namespace ${CAS_NAMESPACE}`);
  }
  const answers = root.children.filter((c) => c.ns === CAS_NAMESPACE && allowed.includes(c.local));
  if (answers.length !== 1 || root.children.length !== 1) {
    throw schemaError(what, '/serviceResponse', `expected exactly one of ${allowed.join(', ')}`);
  }
  return answers[0] as XmlElement;
}

function addValue(map: Map<string, string[]>, name: string, value: string): void {
  const list = map.get(name);
  if (list === undefined) map.set(name, [value]);
  else list.push(value);
}

/** Reads a `<cas:attribute name=".." value=".."/>` element (the name/value form). */
function nameValue(el: XmlElement, into: Map<string, string[]>, path: string): void {
  const name = getAttribute(el, 'name');
  const value = getAttribute(el, 'value');
  if (name === undefined || name === '' || value === undefined) throw schemaError(WHAT, path, 'an attribute element needs name and value');
  addValue(into, name, value);
}

function readSuccess(el: XmlElement): CasValidationSuccess {
  const path = '/serviceResponse/authenticationSuccess';
  const userEl = oneChild(el, 'user', CAS_NAMESPACE, WHAT, path);
  if (userEl === undefined) throw schemaError(WHAT, `${path}/user`, 'the user is missing');
  const user = trimXml(textOnly(userEl, WHAT, `${path}/user`));
  if (user === '') throw schemaError(WHAT, `${path}/user`, 'the user is empty');
  const inContainer = new Map<string, string[]>();
  const direct = new Map<string, string[]>();
  const pairs = new Map<string, string[]>();
  let proxyGrantingTicket: string | undefined;
  const proxies: string[] = [];
  let seenPgt = false;
  let seenProxies = false;
  for (const child of el.children) {
    const own = child.ns === CAS_NAMESPACE;
    if (own && child.local === 'user') continue;
    if (own && child.local === 'attributes') {
      for (const a of child.children) {
        if (a.local === 'attribute' && a.ns === CAS_NAMESPACE && getAttribute(a, 'name') !== undefined) nameValue(a, pairs, `${path}/attributes/attribute`);
        else addValue(inContainer, a.local, textOnly(a, WHAT, `${path}/attributes/${a.local}`));
      }
    } else if (own && child.local === 'proxyGrantingTicket') {
      if (seenPgt) throw schemaError(WHAT, `${path}/proxyGrantingTicket`, 'more than one proxyGrantingTicket element');
      seenPgt = true;
      const t = trimXml(textOnly(child, WHAT, `${path}/proxyGrantingTicket`));
      if (t !== '') proxyGrantingTicket = t;
    } else if (own && child.local === 'proxies') {
      if (seenProxies) throw schemaError(WHAT, `${path}/proxies`, 'more than one proxies element');
      seenProxies = true;
      for (const p of child.children) {
        if (p.local !== 'proxy' || p.ns !== CAS_NAMESPACE) throw schemaError(WHAT, `${path}/proxies/${p.local}`, 'expected proxy elements only');
        const url = trimXml(textOnly(p, WHAT, `${path}/proxies/proxy`));
        if (url === '') throw schemaError(WHAT, `${path}/proxies/proxy`, 'empty proxy');
        proxies.push(url);
      }
    } else if (own && child.local === 'attribute' && getAttribute(child, 'name') !== undefined) {
      nameValue(child, pairs, `${path}/attribute`);
    } else if (child.children.length === 0) {
      addValue(direct, child.local, child.text);
    }
    // An unknown element with element children is an extension this reader does not know: skipped.
  }
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const source of [inContainer, direct, pairs]) {
    for (const [name, values] of source) if (!(name in attributes)) attributes[name] = values;
  }
  const out: CasValidationSuccess = { ok: true, user, attributes: { ...attributes }, proxies };
  if (proxyGrantingTicket !== undefined) out.proxyGrantingTicket = proxyGrantingTicket;
  return out;
}

/** Reads a failure element (`authenticationFailure`, `proxyFailure`). */
export function readFailure(el: XmlElement, what: string, path: string): CasValidationFailure {
  const raw = getAttribute(el, 'code');
  if (raw === undefined) throw schemaError(what, `${path}/@code`, 'the failure code is missing');
  const description = trimXml(textOnly(el, what, path));
  return { ok: false, ...failureCode(raw), description };
}

function jsonScalar(v: unknown, path: string, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw schemaError(what, path, 'expected a string, a number or a boolean');
}

function jsonString(v: unknown, path: string, what: string, trim = true): string {
  if (typeof v !== 'string') throw schemaError(what, path, 'expected a string');
  const t = trim ? trimXml(v) : v;
  if (t === '') throw schemaError(what, path, 'empty value');
  return t;
}

/** The single answer of a JSON `serviceResponse`. */
export function jsonAnswer(doc: unknown, allowed: readonly string[], what: string): [string, Record<string, unknown>] {
  if (!isRecord(doc) || !isRecord(doc.serviceResponse)) throw schemaError(what, '$.serviceResponse', 'expected a serviceResponse object');
  const keys = Object.keys(doc.serviceResponse);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !allowed.includes(key)) throw schemaError(what, '$.serviceResponse', `expected exactly one of ${allowed.join(', ')}`);
  const value = doc.serviceResponse[key];
  if (!isRecord(value)) throw schemaError(what, `$.serviceResponse.${key}`, 'expected an object');
  return [key, value];
}

/** A JSON failure object. */
export function jsonFailure(o: Record<string, unknown>, what: string, path: string): CasValidationFailure {
  const code = jsonString(o.code, `${path}.code`, what);
  const description = o.description === undefined ? '' : typeof o.description === 'string' ? trimXml(o.description) : jsonScalar(o.description, `${path}.description`, what);
  return { ok: false, ...failureCode(code), description };
}

function jsonValidationRead(doc: unknown): CasValidation {
  const [key, o] = jsonAnswer(doc, ['authenticationSuccess', 'authenticationFailure'], WHAT);
  const path = `$.serviceResponse.${key}`;
  if (key === 'authenticationFailure') return jsonFailure(o, WHAT, path);
  const user = jsonString(o.user, `${path}.user`, WHAT);
  const attributes = Object.create(null) as Record<string, string[]>;
  if (o.attributes !== undefined) {
    if (!isRecord(o.attributes)) throw schemaError(WHAT, `${path}.attributes`, 'expected an object');
    for (const [name, value] of Object.entries(o.attributes)) {
      const p = `${path}.attributes[${JSON.stringify(name)}]`;
      const values = Array.isArray(value) ? value.map((v, i) => jsonScalar(v, `${p}[${i}]`, WHAT)) : [jsonScalar(value, p, WHAT)];
      if (values.length > 0) attributes[name] = values;
    }
  }
  const proxies: string[] = [];
  if (o.proxies !== undefined) {
    if (!Array.isArray(o.proxies)) throw schemaError(WHAT, `${path}.proxies`, 'expected an array');
    o.proxies.forEach((p, i) => proxies.push(jsonString(p, `${path}.proxies[${i}]`, WHAT)));
  }
  const out: CasValidationSuccess = { ok: true, user, attributes: { ...attributes }, proxies };
  if (o.proxyGrantingTicket !== undefined) out.proxyGrantingTicket = jsonString(o.proxyGrantingTicket, `${path}.proxyGrantingTicket`, WHAT);
  return out;
}

/** Resolves the format option of a reader. */
export function readerFormat(text: unknown, options: ParseCasOptions | undefined): CasFormat {
  checkOptions(options);
  if (options?.format !== undefined) checkEnum(options.format, CAS_FORMATS, 'options.format');
  return options?.format ?? (looksLikeJson(text) ? 'json' : 'xml');
}

/**
 * Reads the answer of a ticket validation (CAS 2.0 or 3.0, XML or JSON), whatever the
 * attribute layout: attributes inside `cas:attributes`, directly under
 * `cas:authenticationSuccess`, both (the same attribute is then taken from `cas:attributes`),
 * or as `<cas:attribute name value/>` elements. Multi-valued attributes keep every value in
 * order; attribute values are kept exactly, the user, IOU, proxies and failure description
 * are trimmed of XML white space.
 *
 * @example
 * ```ts
 * const v = parseCasValidationResponse(await (await fetch(validateUrl)).text());
 * if (v.ok) console.log(v.user, v.attributes.categories);
 * else console.log(v.code); // 'INVALID_TICKET', …
 * ```
 * @throws `ERR_DOCTYPE` (a DOCTYPE), `ERR_LIMIT` (over 1 MiB by default), `ERR_XML` (not
 * well-formed), `ERR_ENCODING`, `ERR_SCHEMA` (not a CAS answer), `ERR_ARGUMENT`.
 */
export function parseCasValidationResponse(text: string | Uint8Array, options?: ParseCasOptions): CasValidation {
  const format = readerFormat(text, options);
  if (format === 'json') return jsonValidationRead(readJson(text, options?.limits, WHAT));
  const root = readXml(text, options?.limits, WHAT);
  const answer = serviceResponseChild(root, ['authenticationSuccess', 'authenticationFailure'], WHAT);
  return answer.local === 'authenticationSuccess' ? readSuccess(answer) : readFailure(answer, WHAT, '/serviceResponse/authenticationFailure');
}
