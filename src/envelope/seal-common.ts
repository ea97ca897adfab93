/**
 * Argument checks and helpers shared by the sealers.
 *
 * @internal
 * @module
 */

import { formatXsDateTime, isXsDateTime } from '../common/dates';
import { EntPronoteError } from '../errors';
import { findForbiddenChar } from '../internal/xml/chars';
import { codeUnitName } from '../common/code-unit';

/**
 * Index of the first lone surrogate half in `text` (a code unit UTF-8 cannot encode), or -1.
 * @internal
 */
export function findLoneSurrogate(text: string): number {
  const screen = /[\uD800-\uDFFF]/g;
  let m: RegExpExecArray | null;
  while ((m = screen.exec(text)) !== null) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        screen.lastIndex = i + 2;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/**
 * The plaintext as bytes (strings are encoded as UTF-8). A string holding a lone surrogate half
 * is refused (`ERR_ENCODING`): UTF-8 cannot encode it, and replacing it with U+FFFD would seal
 * something else than what was given.
 */
export function plainBytes(plain: string | Uint8Array): Buffer {
  if (typeof plain === 'string') {
    const bad = findLoneSurrogate(plain);
    if (bad !== -1) {
      throw new EntPronoteError('ERR_ENCODING', `the content to seal holds a lone surrogate half (U+${plain.charCodeAt(bad).toString(16).toUpperCase()} at position ${bad + 1}), which UTF-8 cannot encode`);
    }
    return Buffer.from(plain, 'utf8');
  }
  if (plain instanceof Uint8Array) return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  throw new EntPronoteError('ERR_ARGUMENT', 'the content to seal must be a string or bytes');
}

/** Checks an option that is written as XML text. */
export function textOption(name: string, value: unknown, options: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
  if (value === undefined) {
    if (options.required === true) throw new EntPronoteError('ERR_ARGUMENT', `option ${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new EntPronoteError('ERR_ARGUMENT', `option ${name} must be a string`);
  if (options.nonEmpty === true && value.trim() === '') throw new EntPronoteError('ERR_ARGUMENT', `option ${name} must not be empty`);
  const bad = findForbiddenChar(value);
  if (bad !== -1) {
    throw new EntPronoteError('ERR_ARGUMENT', `option ${name} holds a character XML 1.0 cannot represent (${codeUnitName(value, bad)} at position ${bad + 1})`);
  }
  return value;
}

/** Checks a date option (`xs:dateTime`), defaulting to now with the local offset. */
export function dateOption(name: string, value: unknown): string {
  if (value === undefined) return formatXsDateTime(new Date());
  if (typeof value !== 'string' || !isXsDateTime(value)) {
    throw new EntPronoteError('ERR_ARGUMENT', `option ${name} must be an xs:dateTime such as 2026-09-01T08:00:00+02:00`);
  }
  return value;
}

/** Checks that the options argument is an object. */
export function optionsObject<T extends object>(options: T | undefined, required: boolean): T {
  if (options === undefined && !required) return {} as T;
  if (options === null || typeof options !== 'object') throw new EntPronoteError('ERR_ARGUMENT', 'the options must be an object');
  return options;
}
