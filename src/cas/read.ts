/**
 * Reading of the small XML and JSON documents of the CAS protocol: input checks (type, size),
 * the project's strict tokenizer (DOCTYPE refused), and the coded errors.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { limitError, type Limits } from '../limits';
import { parseXmlTree, type XmlElement } from '../internal/xml/tree';
import { argError, casLimits } from './args';

/** Text or UTF-8 bytes → text, within the size limit. */
export function inputText(input: unknown, limits: Limits, what: string): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array) {
    if (input.byteLength > limits.maxInputBytes) throw limitError(`${what} size`, limits.maxInputBytes, 'maxInputBytes');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (cause) {
      throw new EntPronoteError('ERR_ENCODING', `${what} is not valid UTF-8`, { cause });
    }
  } else throw argError('text', 'expected a string or UTF-8 bytes');
  if (text.length > limits.maxInputBytes) throw limitError(`${what} size`, limits.maxInputBytes, 'maxInputBytes');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** Parses an XML CAS document into a tree (DOCTYPE refused, limits applied). */
export function readXml(input: unknown, limitsOption: unknown, what: string): XmlElement {
  const limits = casLimits(limitsOption);
  const text = inputText(input, limits, what);
  return parseXmlTree(text, { limits, what, keepWhitespace: true }).root;
}

/** Parses a JSON CAS document (size limit applied). */
export function readJson(input: unknown, limitsOption: unknown, what: string): unknown {
  const limits = casLimits(limitsOption);
  const text = inputText(input, limits, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new EntPronoteError('ERR_SCHEMA', `${what} is not valid JSON`, { cause });
  }
}

/** True when the text (after a BOM and white space) starts with `{`. */
export function looksLikeJson(input: unknown): boolean {
  const text = typeof input === 'string' ? input.slice(0, 64) : input instanceof Uint8Array ? Buffer.from(input.subarray(0, 64)).toString('utf8') : '';
  return /^\uFEFF?\s*\{/.test(text);
}

/** An `ERR_SCHEMA` error at `path`. */
export function schemaError(what: string, path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_SCHEMA', `${what}: ${reason}`, { path });
}

/** Element children with a local name (any namespace when `ns` is undefined). */
export function childrenNamed(el: XmlElement, local: string, ns?: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && (ns === undefined || c.ns === ns));
}

/** The single child with that local name, or undefined; more than one is an error. */
export function oneChild(el: XmlElement, local: string, ns: string | undefined, what: string, path: string): XmlElement | undefined {
  const found = childrenNamed(el, local, ns);
  if (found.length > 1) throw schemaError(what, `${path}/${local}`, `more than one ${local} element`);
  return found[0];
}

/** Text of an element that must hold only text (no child element). */
export function textOnly(el: XmlElement, what: string, path: string): string {
  if (el.children.length > 0) throw schemaError(what, path, `${el.local} must hold text only`);
  return el.text;
}
