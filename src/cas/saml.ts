/**
 * SAML 1.1 ticket validation (`/samlValidate`), which PRONOTE still uses with some Apereo CAS
 * servers: the SOAP request carrying the ticket (`samlp:AssertionArtifact`), and the answer
 * (`samlp:Response` with an `Assertion`, its `AttributeStatement` and
 * `AuthenticationStatement`, or a failure `samlp:Status`).
 *
 * The shapes follow the CAS protocol specification's SAML 1.1 appendix, as phpCAS
 * (`CAS_Client::validateSA`: root `Envelope`, `NameIdentifier`, `//saml:Attribute` with its
 * `saml:AttributeValue` children) and django-cas-server read and write them.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { attr, escapeText } from '../internal/xml/escape';
import { getAttribute, type XmlElement } from '../internal/xml/tree';
import { argError, checkObject, checkOptionalString, checkOptions, checkString, checkValidation, failureCode } from './args';
import { readXml, schemaError, textOnly } from './read';
import { checkToken, trimXml, type ParseCasOptions } from './service-validate';
import { CAS_NAMESPACE, type CasFailureCode, type CasValidation, type CasValidationFailure } from './types';

/** SOAP 1.1 envelope namespace. */
export const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
/** SAML 1.x protocol namespace (`samlp`). */
export const SAMLP_NAMESPACE = 'urn:oasis:names:tc:SAML:1.0:protocol';
/** SAML 1.x assertion namespace (`saml`). */
export const SAML_NAMESPACE = 'urn:oasis:names:tc:SAML:1.0:assertion';
/** The `AttributeNamespace` CAS servers write. */
export const CAS_SAML_ATTRIBUTE_NAMESPACE = 'http://www.ja-sig.org/products/cas/';

const ARTIFACT_METHOD = 'urn:oasis:names:tc:SAML:1.0:cm:artifact';
const PASSWORD_METHOD = 'urn:oasis:names:tc:SAML:1.0:am:password';

/** A fresh `xs:ID` (`_` and 32 hex digits, CSPRNG). */
function newId(): string {
  return `_${randomBytes(16).toString('hex')}`;
}

function instant(date: Date): string {
  return date.toISOString();
}

function checkId(value: unknown, path: string): void {
  checkOptionalString(value, path, true);
  if (typeof value === 'string' && !/^[A-Za-z_][A-Za-z0-9._-]*$/.test(value)) throw argError(path, 'must be an xs:ID (a letter or "_" then letters, digits, ".", "-", "_")');
}

function checkDate(value: unknown, path: string): void {
  if (value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime()))) throw argError(path, 'expected a valid Date');
}

/** Options of {@link buildSamlValidateRequest}. */
export interface SamlValidateRequestOptions {
  /** `RequestID`; a fresh random id by default. */
  requestId?: string;
  /** `IssueInstant`; now by default. */
  issueInstant?: Date;
}

/**
 * The SOAP body a CAS client POSTs to `/samlValidate?TARGET=<service>`: a SAML 1.1
 * `samlp:Request` whose `samlp:AssertionArtifact` is the ticket (`SOAP-ENV:Header` first, as
 * django-cas-server expects).
 *
 * @throws `ERR_ARGUMENT` for an empty ticket or bad options.
 */
export function buildSamlValidateRequest(ticket: string, options: SamlValidateRequestOptions = {}): string {
  checkString(ticket, 'ticket', true);
  checkToken(ticket, 'ticket');
  checkOptions(options);
  checkId(options.requestId, 'options.requestId');
  checkDate(options.issueInstant, 'options.issueInstant');
  const id = options.requestId ?? newId();
  const at = instant(options.issueInstant ?? new Date());
  return (
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NAMESPACE}"><SOAP-ENV:Header/><SOAP-ENV:Body>` +
    `<samlp:Request xmlns:samlp="${SAMLP_NAMESPACE}" MajorVersion="1" MinorVersion="1"${attr('RequestID', id)}${attr('IssueInstant', at)}>` +
    `<samlp:AssertionArtifact>${escapeText(ticket, 'ticket')}</samlp:AssertionArtifact>` +
    `</samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

const REQUEST = 'the SAML 1.1 validation request';
const RESPONSE = 'the SAML 1.1 validation answer';

function child(el: XmlElement, local: string, ns: string, what: string, path: string, required: true): XmlElement;
function child(el: XmlElement, local: string, ns: string, what: string, path: string, required: false): XmlElement | undefined;
function child(el: XmlElement, local: string, ns: string, what: string, path: string, required: boolean): XmlElement | undefined {
  const found = el.children.filter((c) => c.local === local && c.ns === ns);
  if (found.length > 1) throw schemaError(what, `${path}/${local}`, `more than one ${local} element`);
  if (found.length === 0 && required) throw schemaError(what, `${path}/${local}`, `the ${local} element is missing`);
  return found[0];
}

/** The SOAP body's single element. */
function soapBody(root: XmlElement, what: string): XmlElement {
  if (root.local !== 'Envelope' || root.ns !== SOAP_ENVELOPE_NAMESPACE) throw schemaError(what, `/${root.name}`, `expected a SOAP Envelope (namespace ${SOAP_ENVELOPE_NAMESPACE})`);
  const body = child(root, 'Body', SOAP_ENVELOPE_NAMESPACE, what, '/Envelope', true);
  if (body.children.length !== 1) throw schemaError(what, '/Envelope/Body', 'expected exactly one element in the SOAP body');
  return body.children[0] as XmlElement;
}

/**
 * Reads the body a CAS client POSTs to `/samlValidate` (as phpCAS, django-cas-server's tests
 * or {@link buildSamlValidateRequest} write it).
 *
 * @returns the ticket (trimmed) and the `RequestID` (undefined when absent).
 * @throws `ERR_DOCTYPE`, `ERR_LIMIT`, `ERR_XML`, `ERR_ENCODING`, `ERR_SCHEMA` (not a SAML 1.1
 * request, no ticket), `ERR_ARGUMENT`.
 */
export function parseSamlValidateRequest(text: string | Uint8Array, options?: Pick<ParseCasOptions, 'limits'>): { ticket: string; requestId: string | undefined } {
  checkOptions(options);
  const request = soapBody(readXml(text, options?.limits, REQUEST), REQUEST);
  if (request.local !== 'Request' || request.ns !== SAMLP_NAMESPACE) throw schemaError(REQUEST, '/Envelope/Body', `expected a samlp:Request (namespace ${SAMLP_NAMESPACE})`);
  const artifact = child(request, 'AssertionArtifact', SAMLP_NAMESPACE, REQUEST, '/Envelope/Body/Request', true);
  const ticket = trimXml(textOnly(artifact, REQUEST, '/Envelope/Body/Request/AssertionArtifact'));
  if (ticket === '') throw schemaError(REQUEST, '/Envelope/Body/Request/AssertionArtifact', 'the ticket is empty');
  return { ticket, requestId: getAttribute(request, 'RequestID') };
}

/** Options of {@link buildSamlValidateResponse}. */
export interface SamlValidateResponseOptions {
  /** The service URL (`TARGET`): the `Recipient` and the `Audience`. */
  recipient: string;
  /** `Issuer` of the assertion; default `localhost` (as the CAS servers write it). */
  issuer?: string;
  /** `IssueInstant`, `NotBefore` and `AuthenticationInstant`; now by default. */
  issueInstant?: Date;
  /** Seconds from `NotBefore` to `NotOnOrAfter`; default 30. */
  validitySeconds?: number;
  /** `ResponseID`; random by default. */
  responseId?: string;
  /** `AssertionID`; random by default. */
  assertionId?: string;
  /** `InResponseTo`: the request's `RequestID`, when known. */
  inResponseTo?: string;
  /** `AttributeNamespace` of every attribute; default {@link CAS_SAML_ATTRIBUTE_NAMESPACE}. */
  attributeNamespace?: string;
}

/** SAML 1.1 top-level status of a CAS failure code. */
function statusOf(code: CasFailureCode): string {
  return code === 'INVALID_REQUEST' || code === 'INVALID_TICKET_SPEC' ? 'Requester' : 'Responder';
}

function subject(user: string, indent: string): string {
  return (
    `${indent}<saml:Subject>\n${indent}  <saml:NameIdentifier>${escapeText(user, 'validation.user')}</saml:NameIdentifier>\n` +
    `${indent}  <saml:SubjectConfirmation>\n${indent}    <saml:ConfirmationMethod>${ARTIFACT_METHOD}</saml:ConfirmationMethod>\n${indent}  </saml:SubjectConfirmation>\n${indent}</saml:Subject>\n`
  );
}

/**
 * The answer of `/samlValidate`, in a SOAP envelope. Success: `samlp:Status` `Success` and an
 * `Assertion` with `Conditions` (audience: the recipient), an `AttributeStatement` (one
 * `saml:Attribute` per attribute, one `saml:AttributeValue` per value: phpCAS keeps only the
 * last element of a repeated name) and an `AuthenticationStatement` (password). Failure:
 * `samlp:Status` with `samlp:Requester` (`INVALID_REQUEST`, `INVALID_TICKET_SPEC`) or
 * `samlp:Responder`, the description as `StatusMessage` and the CAS code in `StatusDetail`.
 *
 * @throws `ERR_ARGUMENT` for a malformed validation or options; `ERR_SCHEMA` for a character
 * XML 1.0 cannot carry.
 */
export function buildSamlValidateResponse(validation: CasValidation, options: SamlValidateResponseOptions): string {
  checkValidation(validation);
  checkObject(options, 'options');
  checkString(options.recipient, 'options.recipient', true);
  checkOptionalString(options.issuer, 'options.issuer', true);
  checkOptionalString(options.attributeNamespace, 'options.attributeNamespace', true);
  checkOptionalString(options.inResponseTo, 'options.inResponseTo', true);
  checkDate(options.issueInstant, 'options.issueInstant');
  checkId(options.responseId, 'options.responseId');
  checkId(options.assertionId, 'options.assertionId');
  const validity = options.validitySeconds ?? 30;
  if (!Number.isSafeInteger(validity) || validity <= 0) throw argError('options.validitySeconds', 'expected a positive integer');
  const now = options.issueInstant ?? new Date();
  const at = instant(now);
  const head =
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NAMESPACE}">\n  <SOAP-ENV:Header/>\n  <SOAP-ENV:Body>\n` +
    `    <samlp:Response xmlns:samlp="${SAMLP_NAMESPACE}" xmlns:saml="${SAML_NAMESPACE}"${attr('InResponseTo', options.inResponseTo)} IssueInstant="${at}" MajorVersion="1" MinorVersion="1"${attr('Recipient', options.recipient, 'options.recipient')} ResponseID="${options.responseId ?? newId()}">\n`;
  const tail = `    </samlp:Response>\n  </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>\n`;
  if (!validation.ok) {
    return (
      head +
      `      <samlp:Status>\n        <samlp:StatusCode Value="samlp:${statusOf(validation.code)}"/>\n` +
      `        <samlp:StatusMessage>${escapeText(validation.description, 'validation.description')}</samlp:StatusMessage>\n` +
      `        <samlp:StatusDetail>\n          <cas:code xmlns:cas="${CAS_NAMESPACE}">${validation.code}</cas:code>\n        </samlp:StatusDetail>\n      </samlp:Status>\n` +
      tail
    );
  }
  checkToken(validation.user, 'validation.user');
  if (validation.proxies !== undefined && validation.proxies.length > 0) throw argError('validation.proxies', 'SAML 1.1 validation carries no proxies');
  const ns = options.attributeNamespace ?? CAS_SAML_ATTRIBUTE_NAMESPACE;
  const end = instant(new Date(now.getTime() + validity * 1000));
  let attributes = '';
  for (const [name, values] of Object.entries(validation.attributes)) {
    attributes += `          <saml:Attribute${attr('AttributeName', name, 'validation.attributes')}${attr('AttributeNamespace', ns, 'options.attributeNamespace')}>\n`;
    for (const v of values) attributes += `            <saml:AttributeValue>${escapeText(v, `validation.attributes.${name}`)}</saml:AttributeValue>\n`;
    attributes += `          </saml:Attribute>\n`;
  }
  const statement = attributes === '' ? '' : `        <saml:AttributeStatement>\n${subject(validation.user, '          ')}${attributes}        </saml:AttributeStatement>\n`;
  return (
    head +
    `      <samlp:Status>\n        <samlp:StatusCode Value="samlp:Success"/>\n      </samlp:Status>\n` +
    `      <saml:Assertion AssertionID="${options.assertionId ?? newId()}" IssueInstant="${at}"${attr('Issuer', options.issuer ?? 'localhost', 'options.issuer')} MajorVersion="1" MinorVersion="1">\n` +
    `        <saml:Conditions NotBefore="${at}" NotOnOrAfter="${end}">\n          <saml:AudienceRestrictionCondition>\n` +
    `            <saml:Audience>${escapeText(options.recipient, 'options.recipient')}</saml:Audience>\n          </saml:AudienceRestrictionCondition>\n        </saml:Conditions>\n` +
    statement +
    `        <saml:AuthenticationStatement AuthenticationInstant="${at}" AuthenticationMethod="${PASSWORD_METHOD}">\n${subject(validation.user, '          ')}        </saml:AuthenticationStatement>\n` +
    `      </saml:Assertion>\n` +
    tail
  );
}

/** The CAS failure of a SAML status code (local part) without a CAS code detail. */
function failureOfStatus(value: string): { code: CasFailureCode; rawCode?: string } {
  switch (value) {
    case 'Requester':
    case 'VersionMismatch':
      return { code: 'INVALID_REQUEST', rawCode: value };
    case 'RequestDenied':
    case 'AuthnFailed':
      return { code: 'INVALID_TICKET', rawCode: value };
    default:
      return { code: 'INTERNAL_ERROR', rawCode: value };
  }
}

function readStatus(status: XmlElement): CasValidationFailure | undefined {
  const path = '/Envelope/Body/Response/Status';
  const codeEl = child(status, 'StatusCode', SAMLP_NAMESPACE, RESPONSE, path, true);
  const value = getAttribute(codeEl, 'Value');
  if (value === undefined) throw schemaError(RESPONSE, `${path}/StatusCode/@Value`, 'the status code is missing');
  const local = value.trim().replace(/^.*:/, '');
  if (local === 'Success') return undefined;
  const message = child(status, 'StatusMessage', SAMLP_NAMESPACE, RESPONSE, path, false);
  const description = trimXml(message !== undefined ? textOnly(message, RESPONSE, `${path}/StatusMessage`) : codeEl.text);
  const detail = child(status, 'StatusDetail', SAMLP_NAMESPACE, RESPONSE, path, false);
  const casCode = detail?.children.find((c) => c.local === 'code' && c.ns === CAS_NAMESPACE);
  if (casCode !== undefined) {
    const fc = failureCode(casCode.text);
    if (fc.rawCode === undefined) return { ok: false, code: fc.code, description };
  }
  return { ok: false, ...failureOfStatus(local), description };
}

function nameIdentifier(statement: XmlElement, path: string): string | undefined {
  const subj = child(statement, 'Subject', SAML_NAMESPACE, RESPONSE, path, false);
  if (subj === undefined) return undefined;
  const id = child(subj, 'NameIdentifier', SAML_NAMESPACE, RESPONSE, `${path}/Subject`, false);
  return id === undefined ? undefined : trimXml(textOnly(id, RESPONSE, `${path}/Subject/NameIdentifier`));
}

/**
 * Reads the answer of `/samlValidate` (ours, Apereo CAS's, django-cas-server's): the user
 * (`NameIdentifier`, which must be the same in every statement), every attribute with all its
 * values (repeated `saml:Attribute` elements of one name are merged, values kept exactly), or
 * the failure (the CAS code of `StatusDetail` when present; otherwise `Requester` and
 * `VersionMismatch` read as `INVALID_REQUEST`, `RequestDenied` and `AuthnFailed` as
 * `INVALID_TICKET`, anything else as `INTERNAL_ERROR`, with `rawCode`).
 *
 * @throws `ERR_DOCTYPE`, `ERR_LIMIT`, `ERR_XML`, `ERR_ENCODING`, `ERR_SCHEMA` (not a SAML 1.1
 * answer, no assertion or user, users that differ), `ERR_ARGUMENT`.
 */
export function parseSamlValidateResponse(text: string | Uint8Array, options?: Pick<ParseCasOptions, 'limits'>): CasValidation {
  checkOptions(options);
  const response = soapBody(readXml(text, options?.limits, RESPONSE), RESPONSE);
  const base = '/Envelope/Body/Response';
  if (response.local !== 'Response' || response.ns !== SAMLP_NAMESPACE) throw schemaError(RESPONSE, '/Envelope/Body', `expected a samlp:Response (namespace ${SAMLP_NAMESPACE})`);
  const failure = readStatus(child(response, 'Status', SAMLP_NAMESPACE, RESPONSE, base, true));
  if (failure !== undefined) return failure;
  const assertion = child(response, 'Assertion', SAML_NAMESPACE, RESPONSE, base, true);
  const users = new Set<string>();
  const attributes = Object.create(null) as Record<string, string[]>;
  for (const statement of assertion.children) {
    if (statement.ns !== SAML_NAMESPACE) continue;
    const path = `${base}/Assertion/${statement.local}`;
    if (statement.local !== 'AttributeStatement' && statement.local !== 'AuthenticationStatement') continue;
    const user = nameIdentifier(statement, path);
    if (user !== undefined) users.add(user);
    if (statement.local !== 'AttributeStatement') continue;
    for (const a of statement.children) {
      if (a.local !== 'Attribute' || a.ns !== SAML_NAMESPACE) continue;
      const name = getAttribute(a, 'AttributeName');
      if (name === undefined || name === '') throw schemaError(RESPONSE, `${path}/Attribute/@AttributeName`, 'the attribute name is missing');
      for (const v of a.children) {
        if (v.local !== 'AttributeValue' || v.ns !== SAML_NAMESPACE) continue;
        const value = textOnly(v, RESPONSE, `${path}/Attribute/AttributeValue`);
        (attributes[name] ??= []).push(value);
      }
    }
  }
  if (users.size === 0) throw schemaError(RESPONSE, `${base}/Assertion`, 'no NameIdentifier: the user is missing');
  if (users.size > 1) throw schemaError(RESPONSE, `${base}/Assertion`, 'the statements name different users');
  const user = [...users][0] as string;
  if (user === '') throw schemaError(RESPONSE, `${base}/Assertion`, 'the user is empty');
  return { ok: true, user, attributes: { ...attributes }, proxies: [] };
}
