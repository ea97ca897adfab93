// A reference for the "open large" goal: the least a streaming JavaScript reader must do to turn
// a PARTENAIRE_INDEX of students and parents into a model like ours, written only for this
// benchmark (the library never uses it). The bench times it beside our open, alternated with the
// same floor, so that the table shows what a JavaScript reader of this model costs on this
// machine when it skips almost every check.
//
// What it does, in one pass per chunk of the inflated stream (1 MiB chunks, as our open):
// - UTF-8 validated natively per chunk (a character cut by a chunk boundary carried over), then
//   read as Latin-1 (one character per byte), as our open;
// - markup: the XML declaration skipped; start tags with their attributes (quoted values, the
//   names of the previous element of the same name expected at each position, a duplicate check
//   otherwise); end tags matched against the open elements; only white space between tags;
// - values: one scan per value that finds its end and its hash and sees whether it is plain
//   (ASCII, no "&", "<" or control character); short values through a cache (8,192 slots), so
//   that repeated names, towns and dates are one string each; a value that is not plain decoded
//   from UTF-8 (references are not decoded: the benchmark's documents have none);
// - the model: one object per element, made by a constructor per element name (sized, as ours),
//   `Ident` read as a number, every other attribute stored under its XML name; a student's
//   `Responsable` children as a list of numbers, a parent's `Civilite` as a number (the other items
//   of the sections, schools and civilities, in one list).
//
// What it does not do (our reader does all of it): comments, CDATA, DOCTYPE, processing
// instructions other than the declaration, namespaces, character references, the vocabulary
// (known and required attributes, types of dates and enumerations, sections and their order,
// field names), the limits (sizes, depth, people), lines and columns for errors, the problems.
// On anything it does not handle, it throws.
import { isUtf8 } from 'node:buffer';

const CACHE_SLOTS = 8192;
const MAX_CACHED = 12;
const NO_VALUE = ' '.repeat(MAX_CACHED + 1);

/** A constructor of plain objects sized for up to 16 properties (see `plainObjectMaker` in src/partenaire-index/parse.ts). */
function maker() {
  function Item(never) {
    if (never === true) {
      this.a = this.b = this.c = this.d = this.e = this.f = this.g = this.h = 0;
      this.i = this.j = this.k = this.l = this.m = this.n = this.o = this.p = 0;
    }
  }
  Item.prototype = Object.prototype;
  return Item;
}

function sameAt(s, at, name) {
  for (let i = name.length - 1; i >= 0; i--) if (s.charCodeAt(at + i) !== name.charCodeAt(i)) return false;
  return true;
}

const isSpace = (c) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** Length of an incomplete UTF-8 sequence at the end of `bytes` (0 to 3). */
function incompleteTail(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? back : 0;
    }
  }
  return 0;
}

/** The minimal reader: `write(bytes)` per chunk, then `end()` returns `{ root, eleves, responsables, other }`. */
export class MinimalReader {
  constructor() {
    this.buf = '';
    this.pos = 0;
    this.carry = undefined;
    this.stack = [];
    this.cache = new Array(2 * CACHE_SLOTS).fill(NO_VALUE);
    this.names = new Map();
    this.makers = new Map();
    this.expected = new Map();
    this.lastName = [];
    this.doc = { root: undefined, responsables: [], eleves: [], other: [] };
    this.person = undefined;
  }

  write(bytes) {
    let chunk = bytes;
    if (this.carry !== undefined) {
      chunk = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    const tail = incompleteTail(chunk);
    if (tail > 0) {
      this.carry = Buffer.from(chunk.subarray(chunk.length - tail));
      chunk = chunk.subarray(0, chunk.length - tail);
    }
    if (!isUtf8(chunk)) throw new Error('minimal reader: invalid UTF-8');
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).latin1Slice(0, chunk.byteLength);
    this.buf = this.pos < this.buf.length ? [this.buf.slice(this.pos), text].join('') : text;
    this.pos = 0;
    this.run();
  }

  end() {
    if (this.carry !== undefined || this.pos < this.buf.length || this.stack.length > 0 || this.doc.root === undefined) {
      throw new Error('minimal reader: truncated document');
    }
    return this.doc;
  }

  /** The interned name `s[a, b)`. */
  name(s, a, b) {
    const key = ((b - a) << 16) ^ (s.charCodeAt(a) << 8) ^ s.charCodeAt(b - 1);
    let n = this.names.get(key);
    if (n === undefined || n.length !== b - a || !sameAt(s, a, n)) {
      n = s.slice(a, b);
      if (!/^[A-Za-z_][\w.-]*$/.test(n)) throw new Error(`minimal reader: unsupported name ${JSON.stringify(n)}`);
      this.names.set(key, n);
    }
    return n;
  }

  run() {
    const s = this.buf;
    const len = s.length;
    let p = this.pos;
    for (;;) {
      const lt = s.indexOf('<', p);
      const end = lt === -1 ? len : lt;
      for (let i = p; i < end; i++) if (!isSpace(s.charCodeAt(i))) throw new Error('minimal reader: text is not supported');
      if (lt === -1) {
        this.pos = len;
        return;
      }
      const next = this.markup(s, lt, len);
      if (next === -1) {
        this.pos = lt;
        return;
      }
      p = next;
    }
  }

  /** Reads the markup at `lt`; returns the offset after it, or -1 when the chunk ends inside it. */
  markup(s, lt, len) {
    if (lt + 1 >= len) return -1;
    const c1 = s.charCodeAt(lt + 1);
    if (c1 === 0x3f /* ? */) {
      if (this.doc.root !== undefined || !s.startsWith('<?xml ', lt)) throw new Error('minimal reader: processing instructions are not supported');
      const e = s.indexOf('?>', lt);
      return e === -1 ? -1 : e + 2;
    }
    if (c1 === 0x2f /* / */) {
      const open = this.stack[this.stack.length - 1];
      if (open === undefined) throw new Error('minimal reader: end tag without a start tag');
      const after = lt + 2 + open.length;
      if (after >= len) return -1;
      if (!sameAt(s, lt + 2, open) || s.charCodeAt(after) !== 0x3e) throw new Error(`minimal reader: expected </${open}>`);
      this.stack.pop();
      return after + 1;
    }
    if (c1 === 0x21 /* ! */) throw new Error('minimal reader: comments, CDATA and DOCTYPE are not supported');
    return this.startTag(s, lt, len);
  }

  startTag(s, lt, len) {
    const depth = this.stack.length;
    let q = lt + 1;
    let c = 0;
    let element = this.lastName[depth];
    if (element !== undefined && q + element.length < len && sameAt(s, q, element) && (isSpace((c = s.charCodeAt(q + element.length))) || c === 0x3e || c === 0x2f)) {
      q += element.length;
    } else {
      for (;;) {
        if (q >= len) return -1;
        c = s.charCodeAt(q);
        if (isSpace(c) || c === 0x3e || c === 0x2f) break;
        q++;
      }
      element = this.name(s, lt + 1, q);
      this.lastName[depth] = element;
    }
    let make = this.makers.get(element);
    if (make === undefined) this.makers.set(element, (make = maker()));
    const item = new make();
    const expected = this.expected.get(element);
    let names;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const ws = q;
      while (q < len && isSpace((c = s.charCodeAt(q)))) q++;
      if (q >= len) return -1;
      if (c === 0x3e) {
        q++;
        break;
      }
      if (c === 0x2f) {
        if (q + 1 >= len) return -1;
        if (s.charCodeAt(q + 1) !== 0x3e) throw new Error('minimal reader: expected "/>"');
        q += 2;
        selfClosing = true;
        break;
      }
      if (q === ws) throw new Error('minimal reader: expected white space before an attribute');
      let attribute = expected?.[count];
      if (attribute !== undefined && s.charCodeAt(q + attribute.length) === 0x3d && sameAt(s, q, attribute)) {
        q += attribute.length + 1;
      } else {
        const eq = s.indexOf('=', q);
        if (eq === -1) return -1;
        attribute = this.name(s, q, eq);
        names ??= expected === undefined ? [] : expected.slice(0, count);
        if (names.includes(attribute)) throw new Error(`minimal reader: attribute ${attribute} twice`);
        q = eq + 1;
      }
      if (names !== undefined) names.push(attribute);
      if (q >= len) return -1;
      const quote = s.charCodeAt(q);
      if (quote !== 0x22 && quote !== 0x27) throw new Error('minimal reader: unquoted value');
      const from = q + 1;
      let to = from;
      let h = 0;
      let plain = true;
      for (;; to++) {
        if (to >= len) return -1;
        const v = s.charCodeAt(to);
        if (v === quote) break;
        if (v < 0x20 || v >= 0x80 || v === 0x26 || v === 0x3c) plain = false;
        h = (Math.imul(h, 31) + v) | 0;
      }
      if (attribute === 'Ident') {
        let n = 0;
        for (let i = from; i < to; i++) {
          const d = s.charCodeAt(i) - 0x30;
          if (d < 0 || d > 9 || to - from > 9) throw new Error('minimal reader: Ident must be a number');
          n = n * 10 + d;
        }
        if (to === from) throw new Error('minimal reader: empty Ident');
        item.Ident = n;
      } else {
        item[attribute] = this.value(s, from, to, h, plain);
      }
      count++;
      q = to + 1;
    }
    if (names !== undefined) this.expected.set(element, names);
    this.attach(element, item, depth);
    if (!selfClosing) this.stack.push(element);
    return q;
  }

  value(s, from, to, h, plain) {
    const n = to - from;
    if (n > MAX_CACHED) return plain ? s.slice(from, to) : this.slow(s.slice(from, to));
    const cache = this.cache;
    const slot = ((h ^ (h >>> 15)) & (CACHE_SLOTS - 1)) << 1;
    const raw = cache[slot];
    if (raw.length === n && sameAt(s, from, raw)) return cache[slot + 1];
    const fresh = s.slice(from, to);
    const value = plain ? fresh : this.slow(fresh);
    cache[slot] = fresh;
    cache[slot + 1] = value;
    return value;
  }

  /** A value with non-ASCII bytes (or a character the reader refuses). */
  slow(raw) {
    if (/[\x00-\x08\x0b\x0c\x0e-\x1f&<]/.test(raw)) throw new Error('minimal reader: references and control characters are not supported');
    return Buffer.from(raw, 'latin1').toString('utf8');
  }

  /** Puts an element's object in the model: the root, a person (or another item of a section), a person's child. */
  attach(element, item, depth) {
    if (depth === 0) {
      if (element !== 'PARTENAIRE_INDEX') throw new Error('minimal reader: not a PARTENAIRE_INDEX');
      this.doc.root = item;
    } else if (depth === 2) {
      this.person = undefined;
      if (element === 'Eleve') {
        item.responsables = [];
        this.doc.eleves.push(item);
        this.person = item;
      } else if (element === 'Responsable') {
        this.doc.responsables.push(item);
        this.person = item;
      } else {
        this.doc.other.push(item);
      }
    } else if (depth === 3) {
      if (this.person === undefined) this.doc.other.push(item);
      else if (element === 'Responsable') this.person.responsables.push(item.Ident);
      else if (element === 'Civilite') this.person.civilite = item.Ident;
      else throw new Error(`minimal reader: <${element}> is not supported in a person`);
    } else if (depth > 3) {
      throw new Error('minimal reader: too deep');
    }
  }
}
