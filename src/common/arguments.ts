/**
 * The one argument-checking helper of the public functions: each check throws an
 * `EntPronoteError` `ERR_ARGUMENT` that names the argument and what was expected, never the value
 * (it may be nominative).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import type { ManualDecisions } from '../match/types';

/** What a value is, for messages (`null`, `an array`, `a number`…), never the value itself. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** Throws `ERR_ARGUMENT`: `name` must be `expected`, with what it was instead. */
export function argumentError(name: string, expected: string, value: unknown): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', `${name} must be ${expected}, got ${describeValue(value)}`);
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that `value` is an object (not null, not an array). */
export function expectObject(value: unknown, name: string, expected = 'an object'): asserts value is Record<string, unknown> {
  if (!isRecord(value)) throw argumentError(name, expected, value);
}

/** Checks an optional options object (undefined is allowed). */
export function expectOptions(value: unknown, name = 'options'): asserts value is Record<string, unknown> | undefined {
  if (value !== undefined) expectObject(value, name);
}

/** Checks that `value` is a string. */
export function expectString(value: unknown, name: string, expected = 'a string'): asserts value is string {
  if (typeof value !== 'string') throw argumentError(name, expected, value);
}

/** Checks that `value` is a string or bytes (`Uint8Array`, `Buffer`). */
export function expectText(value: unknown, name: string): asserts value is string | Uint8Array {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw argumentError(name, 'a string or bytes (Uint8Array)', value);
}

/** Checks that `value` is an integer from `min` to `max`. */
export function expectInteger(value: unknown, name: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw argumentError(name, `an integer from ${min} to ${max}`, value);
}

/**
 * Checks that `value` is an object with an array under each of `lists` (a model such as a
 * `PartenaireIndex`): the usual mistake is passing a reader's result (`{ document, problems }`)
 * instead of its `document`. The `required` lists must be present.
 */
export function expectModel(value: unknown, name: string, what: string, lists: readonly string[], required: readonly string[] = []): asserts value is Record<string, unknown> {
  if (isRecord(value) && isRecord(value.document) && !lists.some((l) => Array.isArray(value[l]))) {
    throw new EntPronoteError('ERR_ARGUMENT', `${name} must be ${what}; got a reader's result: pass its .document`, { path: name });
  }
  if (!isRecord(value)) throw new EntPronoteError('ERR_ARGUMENT', `${name} must be ${what}, got ${describeValue(value)}`, { path: name });
  const wrong = lists.filter((l) => (value[l] !== undefined || required.includes(l)) && !Array.isArray(value[l]));
  if (wrong.length > 0) throw new EntPronoteError('ERR_ARGUMENT', `${name} must be ${what}: ${wrong.map((m) => `${name}.${m}`).join(', ')} must be an array`, { path: `${name}.${wrong[0] ?? ''}` });
}

/** Checks that `value` looks like a `MatchResult` (what `matchAccounts` returns). */
export function expectMatchResult(value: unknown, name = 'result'): asserts value is Record<string, unknown> {
  if (!isRecord(value) || !isRecord(value.populations) || typeof value.mode !== 'string') throw argumentError(name, 'the result of matchAccounts', value);
}

/**
 * Checks that `value` looks like `ManualDecisions`: an object whose `pairs` and `exclusions`, when
 * given, are arrays of objects (their contents are checked where they are applied).
 */
export function expectManualDecisions(value: unknown, name = 'decisions'): asserts value is ManualDecisions {
  if (!isRecord(value)) throw argumentError(name, 'an object with pairs and exclusions (ManualDecisions)', value);
  for (const list of ['pairs', 'exclusions'] as const) {
    const items = value[list];
    if (items === undefined) continue;
    if (!Array.isArray(items)) throw argumentError(`${name}.${list}`, 'an array', items);
    items.forEach((item: unknown, i) => {
      if (!isRecord(item) || typeof item.population !== 'string') throw argumentError(`${name}.${list}[${i}]`, 'an object with a population', item);
    });
  }
}

/**
 * True for an array. Unlike `Array.isArray`, it does not narrow a typed argument to `any[]`: use it
 * to check, for plain-JavaScript callers, an argument whose type already says it is an array.
 */
export function isArrayValue(value: unknown): boolean {
  return Array.isArray(value);
}

/** `value` when it is an array, else an empty list: a typed optional list checked for plain-JavaScript callers. */
export function listOrEmpty<T>(value: readonly T[] | undefined): readonly T[] {
  return value !== undefined && isArrayValue(value) ? value : [];
}
