/**
 * The answer of the CAS `/proxy` endpoint (a proxy ticket for a proxy-granting ticket), and
 * CAS 1.0 `/validate` (`yes\nuser\n` / `no\n\n`).
 *
 * @module
 */

import { escapeText } from '../internal/xml/escape';
import { argError, checkEnum, checkFailureCode, checkObject, checkOptions, checkString } from './args';
import { readXml, oneChild, schemaError, textOnly, inputText } from './read';
import { casLimits } from './args';
import {
  CAS_FORMATS,
  checkToken,
  jsonAnswer,
  jsonFailure,
  readerFormat,
  readFailure,
  serviceResponseChild,
  trimXml,
  type CasFormat,
  type ParseCasOptions,
} from './service-validate';
import { readJson } from './read';
import { CAS_NAMESPACE, type CasProxyResult, type CasValidation } from './types';
import { xmlFailure } from './service-validate';

/** Options of {@link buildCasProxyResponse}. */
export interface BuildCasProxyOptions {
  /** Default `xml`; `json` is CAS 3.0's JSON form. */
  format?: CasFormat;
}

function checkProxyResult(result: unknown): asserts result is CasProxyResult {
  checkObject(result, 'result');
  if (result.ok === true) {
    checkString(result.proxyTicket, 'result.proxyTicket', true);
    checkToken(result.proxyTicket, 'result.proxyTicket');
  } else if (result.ok === false) {
    checkFailureCode(result.code, 'result.code');
    checkString(result.description, 'result.description');
  } else throw argError('result.ok', 'expected true or false');
}

/**
 * Writes the answer of `/proxy`: `proxySuccess` with the proxy ticket, or `proxyFailure` with
 * its code (`INVALID_REQUEST`, `UNAUTHORIZED_SERVICE`… see {@link CasFailureCode}).
 *
 * @example
 * ```ts
 * buildCasProxyResponse({ ok: true, proxyTicket: 'PT-1-abc' });
 * ```
 * @throws `ERR_ARGUMENT` for a malformed result or options.
 */
export function buildCasProxyResponse(result: CasProxyResult, options: BuildCasProxyOptions = {}): string {
  checkProxyResult(result);
  checkOptions(options);
  const format = options.format ?? 'xml';
  checkEnum(format, CAS_FORMATS, 'options.format');
  if (format === 'json') {
    const body = result.ok ? { proxySuccess: { proxyTicket: result.proxyTicket } } : { proxyFailure: { code: result.code, description: result.description } };
    return `${JSON.stringify({ serviceResponse: body }, null, 2)}\n`;
  }
  if (!result.ok) return xmlFailure('proxyFailure', result.code, result.description);
  return `<cas:serviceResponse xmlns:cas="${CAS_NAMESPACE}">\n  <cas:proxySuccess>\n    <cas:proxyTicket>${escapeText(result.proxyTicket, 'result.proxyTicket')}</cas:proxyTicket>\n  </cas:proxySuccess>\n</cas:serviceResponse>\n`;
}

const WHAT = 'the CAS proxy answer';

/**
 * Reads the answer of `/proxy` (XML or JSON).
 *
 * @throws `ERR_DOCTYPE`, `ERR_LIMIT`, `ERR_XML`, `ERR_ENCODING`, `ERR_SCHEMA`, `ERR_ARGUMENT`.
 */
export function parseCasProxyResponse(text: string | Uint8Array, options?: ParseCasOptions): CasProxyResult {
  const format = readerFormat(text, options);
  if (format === 'json') {
    const [key, o] = jsonAnswer(readJson(text, options?.limits, WHAT), ['proxySuccess', 'proxyFailure'], WHAT);
    if (key === 'proxyFailure') return jsonFailure(o, WHAT, '$.serviceResponse.proxyFailure');
    const t = o.proxyTicket;
    if (typeof t !== 'string' || trimXml(t) === '') throw schemaError(WHAT, '$.serviceResponse.proxySuccess.proxyTicket', 'expected a non-empty string');
    return { ok: true, proxyTicket: trimXml(t) };
  }
  const answer = serviceResponseChild(readXml(text, options?.limits, WHAT), ['proxySuccess', 'proxyFailure'], WHAT);
  if (answer.local === 'proxyFailure') return readFailure(answer, WHAT, '/serviceResponse/proxyFailure');
  const path = '/serviceResponse/proxySuccess/proxyTicket';
  const el = oneChild(answer, 'proxyTicket', CAS_NAMESPACE, WHAT, '/serviceResponse/proxySuccess');
  if (el === undefined) throw schemaError(WHAT, path, 'the proxy ticket is missing');
  const ticket = trimXml(textOnly(el, WHAT, path));
  if (ticket === '') throw schemaError(WHAT, path, 'the proxy ticket is empty');
  return { ok: true, proxyTicket: ticket };
}

/**
 * Writes the CAS 1.0 `/validate` answer: `yes\n<user>\n` on success, `no\n\n` on failure (the
 * 1.0 protocol carries neither attributes nor failure codes).
 *
 * @throws `ERR_ARGUMENT` for a malformed validation or a user holding a line break.
 */
export function buildCas10ValidateResponse(validation: CasValidation): string {
  checkObject(validation, 'validation');
  if (validation.ok !== true) {
    if (validation.ok !== false) throw argError('validation.ok', 'expected true or false');
    return 'no\n\n';
  }
  checkString(validation.user, 'validation.user', true);
  if (/[\r\n]/.test(validation.user)) throw argError('validation.user', 'a CAS 1.0 user cannot hold a line break');
  checkToken(validation.user, 'validation.user');
  return `yes\n${validation.user}\n`;
}

/**
 * Reads a CAS 1.0 `/validate` answer. `no` gives `{ ok: false, code: 'INVALID_TICKET' }` (the
 * only failure 1.0 can say); the success has no attributes.
 *
 * @throws `ERR_SCHEMA` when the text is neither a `yes` nor a `no` answer; `ERR_LIMIT`.
 */
export function parseCas10ValidateResponse(text: string | Uint8Array, options?: Pick<ParseCasOptions, 'limits'>): CasValidation {
  checkOptions(options);
  const body = inputText(text, casLimits(options?.limits), 'the CAS 1.0 answer');
  const lines = body.split(/\r?\n/);
  const what = 'the CAS 1.0 answer';
  if (lines[0] === 'no') return { ok: false, code: 'INVALID_TICKET', description: '' };
  if (lines[0] !== 'yes') throw schemaError(what, 'line 1', 'expected "yes" or "no"');
  const user = trimXml(lines[1] ?? '');
  if (user === '') throw schemaError(what, 'line 2', 'the user is missing');
  if (lines.slice(2).some((l) => l !== '')) throw schemaError(what, 'line 3', 'unexpected text after the user');
  return { ok: true, user, attributes: {}, proxies: [] };
}
