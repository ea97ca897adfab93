/**
 * Argument checks shared by the CAS functions (every public function checks its arguments and
 * fails with `ERR_ARGUMENT`, naming the argument, never its value).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { type Limits, resolveLimits } from '../limits';
import { CAS_FAILURE_CODES, type CasFailureCode, type CasValidation } from './types';

/** An `ERR_ARGUMENT` error about `path`. */
export function argError(path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', `${path}: ${reason}`);
}

/** Throws unless `value` is a string (non-empty when `nonEmpty`). */
export function checkString(value: unknown, path: string, nonEmpty = false): asserts value is string {
  if (typeof value !== 'string') throw argError(path, 'expected a string');
  if (nonEmpty && value === '') throw argError(path, 'expected a non-empty string');
}

/** Throws unless `value` is undefined or a string. */
export function checkOptionalString(value: unknown, path: string, nonEmpty = false): asserts value is string | undefined {
  if (value !== undefined) checkString(value, path, nonEmpty);
}

/** Throws unless `value` is an object (not null, not an array). */
export function checkObject(value: unknown, path: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw argError(path, 'expected an object');
}

/** Throws unless `value` is undefined or an object. */
export function checkOptions(value: unknown, path = 'options'): void {
  if (value !== undefined) checkObject(value, path);
}

/** Throws unless `value` is one of `allowed`. */
export function checkEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw argError(path, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

/** Checks an attribute map: own keys non-empty, values non-empty arrays of strings. */
export function checkAttributes(value: unknown, path: string): asserts value is Record<string, string[]> {
  checkObject(value, path);
  for (const [name, values] of Object.entries(value)) {
    if (name === '') throw argError(path, 'attribute names must be non-empty');
    if (!Array.isArray(values) || values.length === 0) throw argError(`${path}[${JSON.stringify(name)}]`, 'expected a non-empty array of strings');
    for (let i = 0; i < values.length; i++) {
      if (typeof values[i] !== 'string') throw argError(`${path}[${JSON.stringify(name)}][${i}]`, 'expected a string');
    }
  }
}

/** Checks a failure code. */
export function checkFailureCode(value: unknown, path: string): asserts value is CasFailureCode {
  checkEnum(value, CAS_FAILURE_CODES, path);
}

/** Checks a {@link CasValidation} given to a builder. */
export function checkValidation(value: unknown, path = 'validation'): asserts value is CasValidation {
  checkObject(value, path);
  if (value.ok === true) {
    checkString(value.user, `${path}.user`, true);
    checkAttributes(value.attributes, `${path}.attributes`);
    checkOptionalString(value.proxyGrantingTicket, `${path}.proxyGrantingTicket`, true);
    if (value.proxies !== undefined) {
      if (!Array.isArray(value.proxies)) throw argError(`${path}.proxies`, 'expected an array of strings');
      value.proxies.forEach((p, i) => checkString(p, `${path}.proxies[${i}]`, true));
    }
  } else if (value.ok === false) {
    checkFailureCode(value.code, `${path}.code`);
    checkString(value.description, `${path}.description`);
  } else {
    throw argError(`${path}.ok`, 'expected true or false');
  }
}

/** Default size limit of a CAS document: 1 MiB (an answer is a few kilobytes). */
export const CAS_MAX_INPUT_BYTES = 1024 * 1024;

/** Limits of a CAS reader: the library's defaults with a 1 MiB input size. */
export function casLimits(limits: unknown): Limits {
  if (limits !== undefined) checkObject(limits, 'options.limits');
  return resolveLimits({ maxInputBytes: CAS_MAX_INPUT_BYTES, ...(limits as Partial<Limits> | undefined) });
}

/** Reads a failure code as a server wrote it. */
export function failureCode(raw: string): { code: CasFailureCode; rawCode?: string } {
  const code = raw.trim();
  return (CAS_FAILURE_CODES as readonly string[]).includes(code) ? { code: code as CasFailureCode } : { code: 'INTERNAL_ERROR', rawCode: code };
}
