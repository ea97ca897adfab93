/**
 * The first steps of the JSON reader: the text (bytes decoded, limits checked before parsing),
 * then the parsed root object (limits, duplicate keys).
 *
 * @internal
 * @module
 */

import { isUtf8 } from 'node:buffer';
import { isRecord } from '../../common/arguments';
import { EntPronoteError } from '../../errors';
import { findInvalidUtf8 } from '../../internal/xml/decode';
import { type Limits, limitError } from '../../limits';
import { lineColumn, locateJsonError } from './locate';

/** Where problems and errors point: the file, when named. */
export interface JsonWhere {
  file?: string;
}


/**
 * The text of the input: a string as is, bytes decoded as UTF-8 (`ERR_ENCODING` with the byte
 * and line of the first invalid sequence); the byte order mark dropped. `ERR_LIMIT` beyond
 * `maxInputBytes`, `ERR_ARGUMENT` for anything else.
 */
export function jsonText(input: string | Uint8Array, limits: Limits, where: JsonWhere): string {
  let text: string;
  if (typeof input === 'string') {
    if (input.length > limits.maxInputBytes) throw limitError('the JSON size', limits.maxInputBytes, 'maxInputBytes');
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > limits.maxInputBytes) throw limitError('the JSON size', limits.maxInputBytes, 'maxInputBytes');
    const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (!isUtf8(buf)) {
      const at = findInvalidUtf8(input);
      throw new EntPronoteError('ERR_ENCODING', `the JSON is not valid UTF-8: invalid byte sequence at byte ${at}`, { ...where, line: lineColumn(buf.toString('latin1', 0, at), at).line });
    }
    text = buf.toString('utf8');
  } else {
    throw new EntPronoteError('ERR_ARGUMENT', 'the JSON must be a string or bytes');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The root object of the text: its shape bounded before `JSON.parse` ({@link checkJsonShape}),
 * malformed JSON reported with its line and column, then the limits on the parsed value
 * ({@link enforceLimits}) and no key twice in one object.
 */
export function parseJsonRoot(text: string, limits: Limits, where: JsonWhere): Record<string, unknown> {
  checkJsonShape(text, limits, where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const found = locateJsonError(text);
    const loc = found === undefined ? {} : lineColumn(text, found.offset);
    throw new EntPronoteError('ERR_INPUT', `malformed JSON: ${found?.reason ?? 'syntax error'}`, { ...where, ...loc, cause });
  }
  if (!isRecord(value)) throw new EntPronoteError('ERR_INPUT', 'the JSON must be an object (a PARTENAIRE_INDEX model or its input form)', where);
  enforceLimits(value, limits, where.file);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    // JSON.parse keeps the last one silently; another tool may keep the first: refuse.
    throw new EntPronoteError('ERR_INPUT', 'a field appears twice in the same object (which one counts would depend on the reader)', { ...where, ...lineColumn(text, duplicate) });
  }
  return value;
}

/**
 * Offset of the first object key that repeats an earlier key of the same object, in a text that
 * `JSON.parse` accepted, or undefined. One linear pass; keys are compared after unescaping.
 */
function findDuplicateKey(text: string): number | undefined {
  const objects: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const keys = objects[objects.length - 1];
      if (expectKey && keys !== undefined) {
        const raw = text.slice(start + 1, i);
        const key = raw.indexOf('\\') === -1 ? raw : String(JSON.parse(`"${raw}"`));
        if (keys.has(key)) return start;
        keys.add(key);
        expectKey = false;
      }
    } else if (c === 0x7b /* { */) {
      objects.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      objects.push(undefined);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      objects.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = objects[objects.length - 1] !== undefined;
    }
  }
  return undefined;
}

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string | number;
}

function jsonPath(v: Visit): string {
  let out = '';
  for (let at: Visit | undefined = v; at?.parent !== undefined; at = at.parent) {
    out = typeof at.key === 'number' ? `[${at.key}]${out}` : `.${at.key.slice(0, 40)}${out}`;
  }
  return `$${out}`;
}

/** Most objects and arrays per person allowed in a JSON input, before parsing (see {@link checkJsonShape}). */
const JSON_CONTAINERS_PER_PERSON = 4;
/** Most values per person allowed in a JSON input, before parsing. */
const JSON_VALUES_PER_PERSON = 32;

/**
 * Bounds the memory `JSON.parse` would use, before calling it: an empty object costs about 60
 * bytes of heap for 3 bytes of text (`{},`), so a text of `maxInputBytes` made of them would need
 * gigabytes. One linear pass counts the objects and arrays (at most
 * {@link JSON_CONTAINERS_PER_PERSON} × `maxPeople`) and the values (at most
 * {@link JSON_VALUES_PER_PERSON} × `maxPeople`) outside strings: `ERR_LIMIT` beyond, with the
 * line. Strings cost about their length, already bounded by `maxInputBytes`.
 */
function checkJsonShape(text: string, limits: Limits, where: { file?: string }): void {
  const maxContainers = JSON_CONTAINERS_PER_PERSON * limits.maxPeople;
  const maxValues = JSON_VALUES_PER_PERSON * limits.maxPeople;
  let containers = 0;
  let values = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string: to the next quote not escaped.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return; // unterminated: JSON.parse reports it
        let k = q - 1;
        while (text.charCodeAt(k) === 0x5c /* \ */) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
        j = q + 1;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++containers > maxContainers) throw jsonShapeError(text, i, `more than ${maxContainers.toLocaleString('en-US')} objects and arrays (${JSON_CONTAINERS_PER_PERSON} per person of limits.maxPeople)`, where);
    } else if (c === 0x2c /* , */) {
      if (++values > maxValues) throw jsonShapeError(text, i, `more than ${maxValues.toLocaleString('en-US')} values (${JSON_VALUES_PER_PERSON} per person of limits.maxPeople)`, where);
    }
  }
}

function jsonShapeError(text: string, offset: number, what: string, where: { file?: string }): EntPronoteError {
  return new EntPronoteError('ERR_LIMIT', `the JSON holds ${what}: refused before parsing (raise limits.maxPeople if this input is legitimate)`, { ...where, ...lineColumn(text, offset) });
}

/**
 * Enforces the resource limits on the parsed JSON, with `ERR_LIMIT` as in the other readers:
 * nesting (`maxDepth`), every string and object key (`maxAttributeLength`), the people of the
 * four population lists (`maxPeople`). Iterative: the nesting of hostile input is unbounded.
 */
function enforceLimits(root: Record<string, unknown>, limits: Limits, file: string | undefined): void {
  const fail = (what: string, limit: number, name: keyof Limits, at: Visit): never => {
    const e = limitError(what, limit, name);
    throw new EntPronoteError('ERR_LIMIT', e.reason, { ...(file !== undefined ? { file } : {}), path: jsonPath(at) });
  };
  let people = 0;
  for (const key of ['personnels', 'professeurs', 'responsables', 'eleves']) {
    const list = root[key];
    if (Array.isArray(list)) people += list.length;
  }
  if (people > limits.maxPeople) fail('number of people', limits.maxPeople, 'maxPeople', { value: root, depth: 1, parent: undefined, key: '' });
  const stack: Visit[] = [{ value: root, depth: 1, parent: undefined, key: '' }];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    const value = v.value;
    if (typeof value === 'string') {
      if (value.length > limits.maxAttributeLength) fail('a string length', limits.maxAttributeLength, 'maxAttributeLength', v);
    } else if (typeof value === 'object' && value !== null) {
      if (v.depth > limits.maxDepth) fail('nesting depth', limits.maxDepth, 'maxDepth', v);
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: v.depth + 1, parent: v, key: i });
      } else if (isRecord(value)) {
        for (const key of Object.keys(value)) {
          if (key.length > limits.maxAttributeLength) fail('a field name length', limits.maxAttributeLength, 'maxAttributeLength', v);
          stack.push({ value: value[key], depth: v.depth + 1, parent: v, key });
        }
      }
    }
  }
}
