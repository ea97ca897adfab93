/**
 * Escaping for the XML writers. Values are written inside double quotes; `&`, `<`, `>`, `"`
 * and the white space characters that attribute-value normalisation would change (tab, LF, CR)
 * are written as references so that a reader gets the exact value back. Characters XML 1.0
 * forbids are refused, never dropped.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../../errors';
import { findForbiddenChar } from './chars';

const ATTR_SUSPECT = /[&<>"\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const TEXT_SUSPECT = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

const ATTR_REPLACE = /[&<>"\t\n\r]/g;
const TEXT_REPLACE = /[&<>\r]/g;
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const replacer = (c: string): string => ENTITY[c] as string;

/** Thrown (as `ERR_SCHEMA`) when a value holds a character XML 1.0 forbids. */
export function forbiddenCharError(path: string, value: string, index: number): EntPronoteError {
  const code = value.charCodeAt(index);
  return new EntPronoteError(
    'ERR_SCHEMA',
    `character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${index + 1} cannot be written in XML 1.0; remove it from the value`,
    { path },
  );
}

/** Escapes an attribute value (to be written between double quotes). */
export function escapeAttribute(value: string, path = ''): string {
  if (!ATTR_SUSPECT.test(value)) return value;
  const bad = findForbiddenChar(value);
  if (bad !== -1) throw forbiddenCharError(path, value, bad);
  return value.replace(ATTR_REPLACE, replacer);
}

/** Escapes character data. */
export function escapeText(value: string, path = ''): string {
  if (!TEXT_SUSPECT.test(value)) return value;
  const bad = findForbiddenChar(value);
  if (bad !== -1) throw forbiddenCharError(path, value, bad);
  return value.replace(TEXT_REPLACE, replacer);
}

/** ` name="escaped"`, or '' when `value` is undefined. */
export function attr(name: string, value: string | number | undefined, path = ''): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? ` ${name}="${value}"` : ` ${name}="${escapeAttribute(value, path)}"`;
}
