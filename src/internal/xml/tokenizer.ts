/**
 * A strict, fast, incremental XML 1.0 tokenizer with namespace support.
 *
 * It never loads anything, never expands an entity other than the five predefined ones and
 * character references, and refuses DTDs by default. It checks well-formedness: names, matching
 * end tags, a single root, unique attributes, legal characters, references, comments, CDATA,
 * processing instructions and the XML declaration.
 *
 * Used through a handler (SAX style). The {@link StartTag} passed to the handler is reused
 * between calls: copy what you keep.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../../errors';
import { limitError, type Limits } from '../../limits';
import { findForbiddenChar, isQName, isXmlChar, isXmlName, isXmlSpaceCode, isXmlWhitespace } from './chars';

/** The XML namespace, bound to the `xml` prefix. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The namespace of `xmlns` declarations. */
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** The XML Schema instance namespace (`xsi:` attributes are allowed everywhere). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A start tag as seen by the handler. Reused between calls. */
export interface StartTag {
  /** Qualified name as written (`ns:Eleve`). */
  qname: string;
  /** Local part (`Eleve`). */
  local: string;
  /** Namespace URI ('' when none or when namespaces are off). */
  ns: string;
  /** Number of attributes, `xmlns` declarations excluded when namespaces are on. */
  attrCount: number;
  attrQNames: string[];
  attrLocals: string[];
  attrNs: string[];
  attrValues: string[];
  /** `<a/>` form. */
  selfClosing: boolean;
  /** Absolute offset (UTF-16 code units) of the `<` in the input. */
  offset: number;
  /** Depth of this element (the root is 1). */
  depth: number;
}

/** Receives the document's events. Throwing aborts parsing. */
export interface XmlHandler {
  startElement(tag: StartTag): void;
  /** Also called right after `startElement` for a self-closing tag. */
  endElement(qname: string, local: string, ns: string, depth: number): void;
  /** Character data (entities decoded, line ends normalised); not called for empty text. */
  text?(text: string, offset: number, depth: number): void;
  /** The DOCTYPE, when `doctype: 'external-only'` accepted one. */
  doctype?(name: string, publicId: string | undefined, systemId: string | undefined): void;
  /** The XML declaration, when present. */
  xmlDeclaration?(version: string, encoding: string | undefined, standalone: string | undefined): void;
}

/** Tokenizer options. */
export interface TokenizerOptions {
  /** Resolve namespaces (default true). */
  namespaces?: boolean;
  /**
   * What to do with a `<!DOCTYPE`: `refuse` (default) fails with `ERR_DOCTYPE`;
   * `external-only` accepts a declaration with a SYSTEM/PUBLIC identifier, which is never
   * loaded, and refuses any internal subset.
   */
  doctype?: 'refuse' | 'external-only';
  /** Resource limits. */
  limits: Limits;
  /** Report white-space-only text between elements (default false). */
  keepWhitespace?: boolean;
  /** Name of the format, for messages ("a PARTENAIRE_INDEX document"). */
  what?: string;
  /** A stream of records (an AAF file): its size is bounded by `limits.maxStreamedFileBytes`, not `limits.maxInputBytes`. */
  streamed?: boolean;
  /**
   * The text given to {@link XmlTokenizer.write} is valid UTF-8 read one character per byte
   * (`buffer.toString('latin1')`, see `decodeXmlBytesLatin1`): the tokenizer decodes the names,
   * values and text that hold non-ASCII bytes, and only those. Much faster than decoding the
   * whole input (one-byte strings, no decoding of the ASCII majority). Offsets are then byte
   * offsets; reported columns are still counted in characters.
   */
  utf8Latin1?: boolean;
}

const NEED_MORE = -1;
const PROLOG = 0;
const CONTENT = 1;
const EPILOG = 2;

type NsScope = Record<string, string>;

const ROOT_SCOPE: NsScope = Object.freeze(Object.assign(Object.create(null) as NsScope, { xml: XML_NS, '': '' }));

/** Scopes declared in the root scope, shared by every parse (see {@link sharedRootScope}). */
const ROOT_DECLARATIONS = new Map<string, NsScope>();
const MAX_ROOT_DECLARATIONS = 64;
/** Longer declaration lists are not kept (the cache must not hold a hostile document's long URIs). */
const MAX_ROOT_DECLARATIONS_KEY = 4096;

/**
 * The scope made by declarations in the root scope (`key` lists them), the same frozen object in
 * every parse. A scope made per parse had a new hidden class that died with the document; the
 * compiled tokenizer depends on it and was thrown away and compiled again in the next parse.
 */
function sharedRootScope(key: string, made: NsScope): NsScope {
  const known = ROOT_DECLARATIONS.get(key);
  if (known !== undefined) return known;
  if (ROOT_DECLARATIONS.size >= MAX_ROOT_DECLARATIONS || key.length > MAX_ROOT_DECLARATIONS_KEY) return made;
  Object.freeze(made);
  ROOT_DECLARATIONS.set(internalize(key), made);
  return made;
}

/** Namespace URIs internalised per parse outside the root scope (each new one adds a transition to V8's map of `{}`). */
const MAX_INTERNED_URIS = 64;

/**
 * The internalised copy of `s` (V8 makes property names internalised strings): a string of its
 * own, not a slice of the text it came from, and compared with other internalised strings
 * (string literals) by pointer.
 */
function internalize(s: string): string {
  return Object.keys({ [s]: 0 })[0] as string;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/**
 * Bound on an unfinished tag, comment, processing instruction, CDATA section or DOCTYPE carried
 * from one {@link XmlTokenizer.write} to the next: at least 1 MiB, and 256 attributes' worth of
 * `limits.maxAttributeLength`. Such a token is rescanned when the next chunk arrives: without the
 * bound, streamed input that never closes one would take quadratic time (and memory up to
 * `maxInputBytes`). Runs of text are not rescanned (see `XmlTokenizer.parts`), so they are
 * bounded by `maxInputBytes` only. A single `write` of a whole document is not affected.
 */
function maxPendingLength(limits: Limits): number {
  return Math.max(1024 * 1024, 256 * limits.maxAttributeLength);
}

/**
 * Longest element or attribute name accepted, in characters (`ERR_LIMIT` beyond). The formats
 * read here use names of a few dozen characters; without a bound a hostile name (64 MiB) would be
 * kept, interned and quoted in messages.
 */
export const MAX_XML_NAME_LENGTH = 1024;

/** Most attributes on one element (`ERR_LIMIT` beyond): the formats read here use a few dozen at most. */
export const MAX_XML_ATTRIBUTES = 1024;

/** Longest part of a name quoted in a message; longer names are cut and marked with `…`. */
const SHOWN_NAME_LENGTH = 64;

/** A name as quoted in messages: at most {@link SHOWN_NAME_LENGTH} characters. */
export function shownName(name: string): string {
  return name.length <= SHOWN_NAME_LENGTH ? name : `${name.slice(0, SHOWN_NAME_LENGTH)}…`;
}

/** Starts of the markup declarations, refused with ERR_DOCTYPE whatever the chunking. */
const MARKUP_DECLARATIONS = ['<!ENTITY', '<!ELEMENT', '<!ATTLIST', '<!NOTATION'];

/** An attribute name seen before, whether it needs namespace processing, and how its values use the value cache. */
interface AttrName {
  readonly name: string;
  readonly special: boolean;
  /** Values of this attribute go through the cache of values (until they prove not to repeat). */
  cache: boolean;
  /** Cache look-ups, and those that found the value. */
  tries: number;
  hits: number;
}

/** Depths whose last element name is remembered (the formats read here nest a few levels). */
const MAX_EXPECTED_DEPTH = 16;

/** True for a character that ends an element name in a start tag: ">", "/" or white space. */
function isNameEnd(c: number): boolean {
  return c === 0x3e || c === 0x2f || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/**
 * Slots of the cache of attribute values (a power of two): the repeated values of a directory
 * (thousands of names, dates, towns) fit, and the table (128 KiB) stays in the processor's cache.
 */
const VALUE_CACHE_SIZE = 8192;
/**
 * Longest value kept in the cache. Longer slices share the characters of the input instead of
 * copying them (V8's sliced strings, from 13 characters): keeping them would keep the input's
 * chunks alive. Names, first names, dates, postcodes, towns are shorter.
 */
const MAX_CACHED_VALUE = 12;
/** After this many look-ups, an attribute whose values were found less than one time in eight stops using the cache. */
const VALUE_CACHE_TRIAL = 4096;
/** An empty slot of the cache: longer than any cached value, so never found. */
const NO_VALUE = ' '.repeat(MAX_CACHED_VALUE + 1);
/** A non-ASCII byte, in `utf8Latin1` mode. */
const NON_ASCII = /[\u0080-\u00FF]/;

/**
 * Bytes minus UTF-16 code units of the valid UTF-8 `bytes[from, to)` read as Latin-1: one per
 * continuation byte, less one per four-byte sequence (two code units).
 */
function utf16Shrink(bytes: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes.charCodeAt(i);
    if (b >= 0x80) {
      if (b < 0xc0) n++;
      else if (b >= 0xf0) n--;
    }
  }
  return n;
}

/**
 * `buf.startsWith(name, at)` for the short names of tags and attributes: a loop the compiler
 * inlines is faster there than the built-in call.
 */
function sameAt(buf: string, at: number, name: string): boolean {
  for (let i = name.length - 1; i >= 0; i--) {
    if (buf.charCodeAt(at + i) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Scratch bytes of {@link utf8FromLatin1}: names, values and text are short, and copying them
 * into one reused buffer instead of a new `Buffer` per value removes an allocation and most of
 * the call's cost. Overwritten by the next call (never holds more than one value).
 */
const SCRATCH = Buffer.alloc(4096);

/** UTF-8 bytes read as Latin-1 → the characters they encode. */
export function utf8FromLatin1(bytes: string): string {
  const n = bytes.length;
  if (n > SCRATCH.length) return Buffer.from(bytes, 'latin1').toString('utf8');
  SCRATCH.write(bytes, 0, n, 'latin1');
  return SCRATCH.toString('utf8', 0, n);
}

/** Up to this many attributes, duplicates are found by a linear scan; beyond, with a set. */
const SMALL_ATTRIBUTE_COUNT = 16;

/** The incremental tokenizer. Call {@link XmlTokenizer.write} with text chunks, then {@link XmlTokenizer.end}. */
export class XmlTokenizer {
  private buf = '';
  private pos = 0;
  /** Absolute offset of buf[0]. */
  private base = 0;
  private linesBefore = 0;
  /**
   * utf8Latin1 mode: bytes minus UTF-16 code units from `lineStartBefore` to `base` (the part of
   * the current line already dropped from `buf`), for columns.
   */
  private lineShrink = 0;
  private lineStartBefore = 0;
  private state = PROLOG;
  private started = false;
  /** The input started with a byte order mark (skipped). */
  private bom = false;
  private sawDoctype = false;
  private pendingHigh = '';
  private totalLength = 0;
  /** True when the unconsumed part of `buf` is the start of a run of text (no "<" seen yet). */
  private textRun = false;
  /** Chunks of that run of text received since, without a "<": joined once, when one comes. */
  private parts: string[] = [];
  private readonly stack: string[] = [];
  private readonly scopes: NsScope[] = [];
  private scope: NsScope = ROOT_SCOPE;
  private readonly tag: StartTag = {
    qname: '',
    local: '',
    ns: '',
    attrCount: 0,
    attrQNames: [],
    attrLocals: [],
    attrNs: [],
    attrValues: [],
    selfClosing: false,
    offset: 0,
    depth: 0,
  };
  private readonly names = new Map<number, string | string[]>();
  /**
   * Attribute names already validated, by (length, first and last character): a name followed
   * by "=" is recognised with one `startsWith` instead of a scan and a hash.
   */
  private readonly attrNames = new Map<number, AttrName>();
  /**
   * The attribute names of the last start tag of each element name, in order (a list without
   * duplicates): elements of one kind list their attributes in the same order, and a name found
   * where it was expected is recognised with one comparison. At most 4,096 element names.
   */
  private readonly elementAttrs = new Map<string, AttrName[]>();
  /**
   * The name of the last start tag at each depth, and its expected attributes: elements follow
   * elements of the same name (a list of people), recognised with one comparison.
   */
  private readonly lastNames: (string | undefined)[] = [];
  private readonly lastAttrs: (AttrName[] | undefined)[] = [];
  /** The attribute names of the start tag being read. */
  private readonly tagAttrs: AttrName[] = [];
  /**
   * The cache of short attribute values (see {@link cachedValue}): slot `i` is the raw characters
   * at `2i` and the value they give at `2i + 1`, side by side (one place of memory read per
   * look-up). Made on first use.
   */
  private valueCache: string[] | undefined;
  /** `''` repeated: the namespaces of the attributes of a start tag without prefixed attributes. */
  private readonly noNamespaces: string[] = [];
  /** The local names and namespaces of the attributes of a start tag with prefixed attributes or declarations. */
  private readonly ownLocals: string[] = [];
  private readonly ownNs: string[] = [];
  /** Namespace URIs internalised so far outside the root scope (see {@link MAX_INTERNED_URIS}). */
  private internedUris = 0;
  private pendingScope: NsScope | undefined;
  private readonly namespaces: boolean;
  private readonly doctypePolicy: 'refuse' | 'external-only';
  private readonly keepWhitespace: boolean;
  private readonly limits: Limits;
  private readonly what: string;
  private readonly streamed: boolean;
  private readonly maxLength: number;
  private readonly latin1: boolean;

  constructor(
    private readonly handler: XmlHandler,
    options: TokenizerOptions,
  ) {
    this.namespaces = options.namespaces ?? true;
    this.doctypePolicy = options.doctype ?? 'refuse';
    this.keepWhitespace = options.keepWhitespace ?? false;
    this.limits = options.limits;
    this.what = options.what ?? 'the document';
    this.streamed = options.streamed === true;
    this.maxLength = this.streamed ? options.limits.maxStreamedFileBytes : options.limits.maxInputBytes;
    this.latin1 = options.utf8Latin1 ?? false;
  }

  /** `buf[start, end)` as characters (decoded in `utf8Latin1` mode). */
  private chars(buf: string, start: number, end: number): string {
    const raw = buf.slice(start, end);
    return this.latin1 && NON_ASCII.test(raw) ? utf8FromLatin1(raw) : raw;
  }

  /** Feeds the next chunk of text. */
  write(chunk: string): void {
    if (chunk.length === 0) return;
    this.totalLength += chunk.length;
    if (this.totalLength > this.maxLength) {
      throw limitError(`${this.what} size`, this.maxLength, this.streamed ? 'maxStreamedFileBytes' : 'maxInputBytes');
    }
    let text = this.pendingHigh + chunk;
    this.pendingHigh = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingHigh = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (this.textRun) {
      // Inside a long run of text: keep the chunk aside until a "<" ends the run, instead of
      // appending and rescanning the whole run on every chunk.
      if (text.indexOf('<') === -1) {
        this.parts.push(text);
        return;
      }
      if (this.parts.length > 0) {
        text = this.parts.join('') + text;
        this.parts = [];
      }
    }
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.countLines(this.buf, 0, this.buf.length, this.base - this.buf.length);
      this.buf = text;
      this.pos = 0;
    } else {
      const pending = this.buf.length - this.pos;
      const max = maxPendingLength(this.limits);
      if (!this.textRun && pending > max) {
        throw this.error(
          'ERR_LIMIT',
          limitError(`the length of a single tag, comment, processing instruction or CDATA section in ${this.what}`, max, 'maxAttributeLength').reason,
          this.base + this.pos,
        );
      }
      this.compact();
      // One flat string (join copies; `+` would make a rope that every character read then
      // walks through): the tokenizer reads it character by character.
      this.buf = [this.buf, text].join('');
    }
    this.run(false);
  }

  /** Signals the end of input: checks that the document is complete. */
  end(): void {
    if (this.parts.length > 0) {
      this.buf += this.parts.join('');
      this.parts = [];
    }
    if (this.pendingHigh !== '') {
      throw this.error('ERR_XML', 'lone surrogate character at the end of the input', this.base + this.buf.length);
    }
    this.run(true);
    if (this.pos < this.buf.length) {
      throw this.error('ERR_XML', 'unexpected end of input inside markup: the file is truncated', this.base + this.pos);
    }
    if (this.stack.length > 0) {
      throw this.error(
        'ERR_XML',
        `unexpected end of input: ${this.stack.length === 1 ? 'the root element is' : `${this.stack.length} elements are`} not closed (the file is truncated)`,
        this.base + this.buf.length,
      );
    }
    if (this.state === PROLOG) {
      throw this.error('ERR_XML', `${this.what} has no root element (empty or truncated input)`, this.base + this.buf.length);
    }
  }

  /** Line and column (1-based) of an absolute offset still in (or after) the current buffer. */
  locate(offset: number): { line: number; column: number } {
    let line = this.linesBefore + 1;
    let lineStart = this.lineStartBefore;
    const end = Math.min(offset - this.base, this.buf.length);
    let i = this.buf.indexOf('\n', 0);
    while (i !== -1 && i < end) {
      line++;
      lineStart = this.base + i + 1;
      i = this.buf.indexOf('\n', i + 1);
    }
    return { line, column: this.column(lineStart, offset) };
  }

  /** Column (1-based, in UTF-16 code units as in text mode) of `offset` on the line starting at `lineStart`. */
  private column(lineStart: number, offset: number): number {
    if (!this.latin1) return offset - lineStart + 1;
    const end = Math.min(offset - this.base, this.buf.length);
    if (lineStart >= this.base) return offset - lineStart + 1 - utf16Shrink(this.buf, lineStart - this.base, end);
    // The line started in an earlier chunk, already dropped.
    return offset - lineStart + 1 - this.lineShrink - utf16Shrink(this.buf, 0, end);
  }

  /** `ERR_LIMIT` for a name longer than {@link MAX_XML_NAME_LENGTH}, located at its start (never quoted). */
  private nameTooLong(what: string, at: number): EntPronoteError {
    return this.error('ERR_LIMIT', `the name of ${what} is longer than ${MAX_XML_NAME_LENGTH.toLocaleString('en-US')} characters`, this.base + at);
  }

  /** Builds an error located at an absolute offset. */
  error(code: 'ERR_XML' | 'ERR_DOCTYPE' | 'ERR_SCHEMA' | 'ERR_LIMIT', reason: string, offset: number, text?: string): EntPronoteError {
    let loc: { line: number; column: number };
    if (text === undefined) {
      loc = this.locate(offset);
    } else {
      // `text` starts at this.base (used before the chunk is appended).
      let line = this.linesBefore + 1;
      let lineStart = this.lineStartBefore;
      const end = offset - this.base;
      let i = text.indexOf('\n');
      while (i !== -1 && i < end) {
        line++;
        lineStart = this.base + i + 1;
        i = text.indexOf('\n', i + 1);
      }
      loc = { line, column: offset - lineStart + 1 };
    }
    return new EntPronoteError(code, reason, loc);
  }

  private countLines(text: string, from: number, to: number, absStart: number): void {
    let i = text.indexOf('\n', from);
    let lineStart = from;
    while (i !== -1 && i < to) {
      this.linesBefore++;
      this.lineStartBefore = absStart + i + 1;
      lineStart = i + 1;
      this.lineShrink = 0;
      i = text.indexOf('\n', i + 1);
    }
    if (this.latin1) this.lineShrink += utf16Shrink(text, lineStart, to);
  }

  private compact(): void {
    if (this.pos === 0) return;
    this.countLines(this.buf, 0, this.pos, this.base);
    this.buf = this.buf.slice(this.pos);
    this.base += this.pos;
    this.pos = 0;
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    let textRun = false;
    while (pos < len) {
      if (!this.started) {
        this.started = true;
        if (buf.charCodeAt(pos) === 0xfeff && this.base + pos === 0) {
          this.bom = true;
          pos++;
          continue;
        }
      }
      const c = buf.charCodeAt(pos);
      if (c !== 0x3c /* < */) {
        const lt = buf.indexOf('<', pos);
        if (lt === -1 && !final) {
          textRun = true;
          break;
        }
        const end = lt === -1 ? len : lt;
        this.handleText(buf, pos, end);
        pos = end;
        continue;
      }
      if (pos + 1 >= len) {
        if (final) throw this.error('ERR_XML', 'unexpected end of input after "<"', this.base + pos);
        break;
      }
      const c1 = buf.charCodeAt(pos + 1);
      let next: number;
      if (c1 === 0x2f /* / */) next = this.parseEndTag(buf, pos);
      else if (c1 === 0x21 /* ! */) next = this.parseBang(buf, pos, final);
      else if (c1 === 0x3f /* ? */) next = this.parsePI(buf, pos);
      else next = this.parseStartTag(buf, pos);
      if (next === NEED_MORE) {
        if (final) throw this.error('ERR_XML', 'unexpected end of input inside markup: the file is truncated', this.base + pos);
        break;
      }
      pos = next;
    }
    this.pos = pos;
    this.textRun = textRun;
  }

  private handleText(buf: string, start: number, end: number): void {
    const abs = this.base + start;
    if (this.state !== CONTENT) {
      // Outside the root only white space is allowed.
      for (let i = start; i < end; i++) {
        if (!isXmlSpaceCode(buf.charCodeAt(i))) {
          throw this.error(
            'ERR_XML',
            this.state === PROLOG ? 'text before the root element (is this an XML document?)' : 'text after the end of the root element',
            this.base + i,
          );
        }
      }
      return;
    }
    if (!this.keepWhitespace) {
      // Indentation between elements: skip it without allocating a string.
      let i = start;
      while (i < end && isXmlSpaceCode(buf.charCodeAt(i))) i++;
      if (i === end) return;
    }
    let raw = this.chars(buf, start, end);
    this.checkValue(raw, abs);
    if (raw.indexOf(']]>') !== -1) {
      throw this.error('ERR_XML', '"]]>" is not allowed in text', this.offsetIn(raw, abs, raw.indexOf(']]>')));
    }
    if (raw.indexOf('\r') !== -1) raw = raw.replace(/\r\n?/g, '\n');
    const value = raw.indexOf('&') === -1 ? raw : this.decodeReferences(raw, abs);
    if (!this.keepWhitespace && isXmlWhitespace(value)) return;
    this.handler.text?.(value, abs, this.stack.length);
  }

  private decodeReferences(raw: string, abs: number): string {
    let out = '';
    let last = 0;
    let amp = raw.indexOf('&');
    while (amp !== -1) {
      const semi = raw.indexOf(';', amp + 1);
      if (semi === -1 || semi - amp > 12) {
        throw this.error('ERR_XML', 'a "&" must start an entity or character reference ending with ";" (write "&amp;" for a literal "&")', this.offsetIn(raw, abs, amp));
      }
      const name = raw.slice(amp + 1, semi);
      let rep: string | undefined;
      if (name.charCodeAt(0) === 0x23 /* # */) {
        const hex = name.charCodeAt(1) === 0x78; /* x */
        const digits = name.slice(hex ? 2 : 1);
        const ok = hex ? /^[0-9A-Fa-f]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const cp = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (!ok || !isXmlChar(cp)) {
          throw this.error('ERR_XML', 'a character reference does not denote a character allowed in XML 1.0', this.offsetIn(raw, abs, amp));
        }
        rep = String.fromCodePoint(cp);
      } else {
        rep = PREDEFINED[name];
        if (rep === undefined || !Object.prototype.hasOwnProperty.call(PREDEFINED, name)) {
          throw this.error(
            'ERR_DOCTYPE',
            'undefined entity reference: only the five predefined entities (&lt; &gt; &amp; &apos; &quot;) and character references are accepted (no DTD is ever loaded)',
            this.offsetIn(raw, abs, amp),
          );
        }
      }
      out += raw.slice(last, amp) + rep;
      last = semi + 1;
      amp = raw.indexOf('&', last);
    }
    return out + raw.slice(last);
  }

  /**
   * Returns the interned name `buf[start, end)` (hash `hash`), validating it the first time it
   * is seen. Interning avoids allocating a string per tag and attribute name.
   */
  private intern(buf: string, start: number, end: number, hash: number, what: string): string {
    const len = end - start;
    const hit = this.names.get(hash);
    if (hit !== undefined) {
      if (typeof hit === 'string') {
        if (hit.length === len && sameAt(buf, start, hit)) return hit;
      } else {
        for (const h of hit) if (h.length === len && sameAt(buf, start, h)) return h;
      }
    }
    // Using the name as a property key makes V8 internalise it: later `===` comparisons with
    // string literals (switch statements in handlers) are then pointer comparisons. Only for the
    // names that will be cached: each new property name adds a transition to the empty object's
    // map, and hundreds of thousands of distinct names (hostile input) made that quadratic.
    const raw = this.chars(buf, start, end);
    const cached = this.names.size < 4096 && raw.length === len;
    const name = cached ? internalize(raw) : raw;
    const ok = this.namespaces ? isQName(name) : isXmlName(name);
    if (!ok) {
      throw this.error('ERR_XML', `invalid ${what} name (a stray "<" or quote in a value?)`, this.base + start);
    }
    // A decoded non-ASCII name (utf8Latin1 mode) no longer matches its bytes: not cached.
    if (cached) {
      if (hit === undefined) this.names.set(hash, name);
      else if (typeof hit === 'string') this.names.set(hash, [hit, name]);
      else hit.push(name);
    }
    return name;
  }

  /** Offset in the input of `value[index]`, where the decoded `value` starts at `abs`. */
  private offsetIn(value: string, abs: number, index: number): number {
    return abs + (this.latin1 ? Buffer.byteLength(value.slice(0, index), 'utf8') : index);
  }

  /** Checks the characters of `value` (decoded), which starts at `abs` in the input. */
  private checkValue(value: string, abs: number): void {
    const bad = findForbiddenChar(value);
    if (bad !== -1) {
      throw this.error(
        'ERR_XML',
        `character U+${value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0`,
        this.offsetIn(value, abs, bad),
      );
    }
  }

  private parseStartTag(buf: string, start: number): number {
    const len = buf.length;
    let p = start + 1;
    let h = 0;
    let c = 0;
    const depth = this.stack.length;
    let qname = this.lastNames[depth];
    let expected: AttrName[] | undefined;
    if (qname !== undefined && isNameEnd(buf.charCodeAt(p + qname.length)) && sameAt(buf, p, qname)) {
      // The name of the last start tag at this depth, followed by the end of a name.
      p += qname.length;
      c = buf.charCodeAt(p);
      expected = this.lastAttrs[depth];
    } else {
      const nameLimit = Math.min(len, p + MAX_XML_NAME_LENGTH + 1);
      while (p < nameLimit) {
        c = buf.charCodeAt(p);
        if (c === 0x3e || c === 0x2f || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
        h = (Math.imul(h, 31) + c) | 0;
        p++;
      }
      if (p - start - 1 > MAX_XML_NAME_LENGTH) throw this.nameTooLong('an element', start + 1);
      if (p >= len) return NEED_MORE;
      qname = this.intern(buf, start + 1, p, h, 'element');
      expected = this.elementAttrs.get(qname);
      // Only a name whose characters are its bytes (not a decoded non-ASCII one) can be expected.
      if (qname.length === p - start - 1 && depth < MAX_EXPECTED_DEPTH) {
        this.lastNames[depth] = qname;
        this.lastAttrs[depth] = expected;
      }
    }
    const tag = this.tag;
    const names = tag.attrQNames;
    const values = tag.attrValues;
    const infos = this.tagAttrs;
    /** Every attribute so far had the name expected at its position: no duplicate among them. */
    let asExpected = true;
    /** Every attribute name so far is ASCII (the list may then be kept as the next expectation). */
    let ascii = true;
    let count = 0;
    let selfClosing = false;
    let special = false;
    let seen: Set<string> | undefined;
    const maxAttr = this.limits.maxAttributeLength;
    /** Code units from this one on send a value to the slow path (non-ASCII bytes, or surrogates and U+FFFE/U+FFFF). */
    const high = this.latin1 ? 0x80 : 0xd800;
    for (;;) {
      const ws = p;
      while (p < len) {
        c = buf.charCodeAt(p);
        if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) break;
        p++;
      }
      if (p >= len) return NEED_MORE;
      if (c === 0x3e /* > */) {
        p++;
        break;
      }
      if (c === 0x2f /* / */) {
        if (p + 1 >= len) return NEED_MORE;
        if (buf.charCodeAt(p + 1) !== 0x3e) throw this.error('ERR_XML', 'expected ">" after "/" in a start tag', this.base + p);
        selfClosing = true;
        p += 2;
        break;
      }
      if (p === ws) throw this.error('ERR_XML', 'expected white space before an attribute (an unescaped quote in a value?)', this.base + p);
      if (count >= MAX_XML_ATTRIBUTES) {
        throw this.error('ERR_LIMIT', `<${shownName(qname)}> has more than ${MAX_XML_ATTRIBUTES.toLocaleString('en-US')} attributes`, this.base + p);
      }
      const nameStart = p;
      let info = expected === undefined ? undefined : expected[count];
      if (info !== undefined && buf.charCodeAt(p + info.name.length) === 0x3d /* = */ && sameAt(buf, p, info.name)) {
        // The name the last tag of this name had at this position, directly followed by "=".
        p += info.name.length + 1;
      } else {
        asExpected = false;
        const eq = buf.indexOf('=', p);
        const known = eq > p ? this.attrNames.get(((eq - p) << 16) ^ (c << 8) ^ buf.charCodeAt(eq - 1)) : undefined;
        if (known !== undefined && known.name.length === eq - p && sameAt(buf, p, known.name)) {
          // A name seen before, directly followed by "=".
          info = known;
          p = eq + 1;
        } else {
          h = 0;
          let colon = false;
          const attrNameLimit = Math.min(len, p + MAX_XML_NAME_LENGTH + 1);
          while (p < attrNameLimit) {
            c = buf.charCodeAt(p);
            if (c === 0x3d || c === 0x3e || c === 0x2f || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
            if (c === 0x3a /* : */) colon = true;
            h = (Math.imul(h, 31) + c) | 0;
            p++;
          }
          if (p - nameStart > MAX_XML_NAME_LENGTH) throw this.nameTooLong(`an attribute of <${shownName(qname)}>`, nameStart);
          if (p >= len) return NEED_MORE;
          const aname = this.intern(buf, nameStart, p, h, 'attribute');
          const isSpecial = colon || (aname.charCodeAt(0) === 0x78 /* x */ && aname.startsWith('xmlns'));
          const isAscii = aname.length === p - nameStart;
          info = { name: aname, special: isSpecial, cache: isAscii, tries: 0, hits: 0 };
          if (this.attrNames.size < 4096 && isAscii) {
            this.attrNames.set((aname.length << 16) ^ (aname.charCodeAt(0) << 8) ^ aname.charCodeAt(aname.length - 1), info);
          }
          if (!isAscii) ascii = false;
          while (p < len && isXmlSpaceCode(buf.charCodeAt(p))) p++;
          if (p >= len) return NEED_MORE;
          if (buf.charCodeAt(p) !== 0x3d) throw this.error('ERR_XML', 'expected "=" after an attribute name (an unescaped quote in a value?)', this.base + p);
          p++;
        }
      }
      const aname = info.name;
      if (info.special) special = true;
      while (p < len && isXmlSpaceCode(buf.charCodeAt(p))) p++;
      if (p >= len) return NEED_MORE;
      const q = buf.charCodeAt(p);
      if (q !== 0x22 && q !== 0x27) {
        throw this.error('ERR_XML', 'an attribute value must be quoted', this.base + p);
      }
      // One pass over the value: its end, its hash (for the cache of values), and whether it
      // needs the slow path ("&", "<", control characters, non-ASCII bytes or surrogates).
      const vstart = p + 1;
      const vlimit = Math.min(len, vstart + maxAttr + 1);
      let vend = vstart;
      let plain = true;
      h = 0;
      for (; vend < vlimit; vend++) {
        const v = buf.charCodeAt(vend);
        if (v === q) break;
        if (v < 0x20 || v >= high || v === 0x26 || v === 0x3c) plain = false;
        h = (Math.imul(h, 31) + v) | 0;
      }
      if (vend === vlimit) {
        if (vend - vstart > maxAttr) {
          throw limitError(`attribute ${shownName(aname)} of <${shownName(qname)}> length`, maxAttr, 'maxAttributeLength');
        }
        return NEED_MORE;
      }
      if (!asExpected) {
        if (count < SMALL_ATTRIBUTE_COUNT) {
          for (let k = 0; k < count; k++) {
            if (names[k] === aname) throw this.error('ERR_XML', `attribute ${shownName(aname)} appears twice in <${shownName(qname)}>`, this.base + nameStart);
          }
        } else {
          // Many attributes (hostile input): a set keeps the check linear.
          seen ??= new Set(names.slice(0, count));
          if (seen.has(aname)) throw this.error('ERR_XML', `attribute ${shownName(aname)} appears twice in <${shownName(qname)}>`, this.base + nameStart);
          seen.add(aname);
        }
      }
      names[count] = aname;
      values[count] = info.cache && vend - vstart <= MAX_CACHED_VALUE ? this.cachedValue(buf, vstart, vend, h, plain, info) : this.value(buf, vstart, vend, plain, aname);
      infos[count] = info;
      count++;
      p = vend + 1;
    }
    tag.attrCount = count;
    if (!asExpected && ascii) this.expectAttributes(qname, count);
    this.openElement(qname, count, selfClosing, start, special);
    return p;
  }

  /**
   * Keeps the attribute names of the start tag just read (`tagAttrs[0, count)`, no duplicate) as
   * what the next start tag of the name `qname` is expected to have.
   */
  private expectAttributes(qname: string, count: number): void {
    if (this.elementAttrs.size >= 4096 && !this.elementAttrs.has(qname)) return;
    const list = this.tagAttrs.slice(0, count);
    this.elementAttrs.set(qname, list);
    const depth = this.stack.length;
    if (this.lastNames[depth] === qname) this.lastAttrs[depth] = list;
  }

  /** The value `buf[start, end)` of attribute `aname` (`plain`: no character needs the slow path). */
  private value(buf: string, start: number, end: number, plain: boolean, aname: string): string {
    const raw = buf.slice(start, end);
    return plain ? raw : this.attributeValue(raw, this.base + start, aname);
  }

  /**
   * {@link value} through the cache of short values: a value seen before (same characters) is
   * the same string, not a new one. Most values of a directory repeat (first names, birth dates,
   * towns): one string each instead of one per person, less to allocate and to collect. An
   * attribute whose values rarely repeat (identifiers) stops using the cache.
   */
  private cachedValue(buf: string, start: number, end: number, hash: number, plain: boolean, info: AttrName): string {
    let cache = this.valueCache;
    if (cache === undefined) cache = this.valueCache = new Array<string>(2 * VALUE_CACHE_SIZE).fill(NO_VALUE);
    const slot = ((hash ^ (hash >>> 15)) & (VALUE_CACHE_SIZE - 1)) << 1;
    const raw = cache[slot] as string;
    info.tries++;
    if (raw.length === end - start && sameAt(buf, start, raw)) {
      info.hits++;
      return cache[slot + 1] as string;
    }
    const fresh = buf.slice(start, end);
    const value = plain ? fresh : this.attributeValue(fresh, this.base + start, info.name);
    cache[slot] = fresh;
    cache[slot + 1] = value;
    if (info.tries >= VALUE_CACHE_TRIAL && info.hits * 8 < info.tries) info.cache = false;
    return value;
  }

  /** Slow path of attribute values: checks characters, normalises white space, decodes references. */
  private attributeValue(bytes: string, abs: number, aname: string): string {
    const raw = this.latin1 && NON_ASCII.test(bytes) ? utf8FromLatin1(bytes) : bytes;
    this.checkValue(raw, abs);
    const lt = raw.indexOf('<');
    if (lt !== -1) throw this.error('ERR_XML', `"<" is not allowed in the value of attribute ${shownName(aname)} (write "&lt;")`, this.offsetIn(raw, abs, lt));
    let value = raw;
    if (/[\t\n\r]/.test(value)) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
    return value.indexOf('&') === -1 ? value : this.decodeReferences(value, abs);
  }

  private openElement(qname: string, count: number, selfClosing: boolean, start: number, special: boolean): void {
    const abs = this.base + start;
    if (this.state === EPILOG) throw this.error('ERR_XML', 'a document has a single root element: found another element after it', abs);
    if (this.stack.length >= this.limits.maxDepth) {
      throw limitError('element nesting depth', this.limits.maxDepth, 'maxDepth');
    }
    this.state = CONTENT;
    const tag = this.tag;
    tag.qname = qname;
    tag.selfClosing = selfClosing;
    tag.offset = abs;
    tag.depth = this.stack.length + 1;
    if (!special || !this.namespaces) {
      // No declaration and no prefixed attribute (or namespaces off): the attributes' local names
      // are their names, in no namespace (the arrays are shared, not copied).
      tag.attrLocals = tag.attrQNames;
      const none = this.noNamespaces;
      while (none.length < count) none.push('');
      tag.attrNs = none;
    }
    if (!this.namespaces || (!special && this.scope[''] === '' && qname.indexOf(':') === -1)) {
      // Fast path: no prefixes, no declarations, no default namespace in scope.
      tag.local = qname;
      tag.ns = '';
    } else if (!special) {
      // No declaration on this element and no prefixed attribute: resolve the element only.
      const colon = qname.indexOf(':');
      const prefix = colon === -1 ? '' : qname.slice(0, colon);
      const ns = this.scope[prefix];
      if (ns === undefined) throw this.error('ERR_XML', `namespace prefix ${shownName(prefix)} of <${shownName(qname)}> is not declared`, abs);
      tag.local = colon === -1 ? qname : qname.slice(colon + 1);
      tag.ns = ns;
    } else {
      tag.attrLocals = this.ownLocals;
      tag.attrNs = this.ownNs;
      this.resolveNamespaces(tag, count, abs);
    }
    if (selfClosing) {
      this.handler.startElement(tag);
      this.handler.endElement(qname, tag.local, tag.ns, tag.depth);
      if (this.stack.length === 0) this.state = EPILOG;
    } else {
      this.stack.push(qname);
      this.scopes.push(this.scope);
      this.scope = this.pendingScope ?? this.scope;
      this.pendingScope = undefined;
      this.handler.startElement(tag);
    }
    this.pendingScope = undefined;
  }

  private resolveNamespaces(tag: StartTag, count: number, abs: number): void {
    const qname = tag.qname;
    const qnames = tag.attrQNames;
    const values = tag.attrValues;
    let scope = this.scope;
    /** The declarations of an element in the root scope (the document element's, usually), as a cache key. */
    let rootKey = this.scope === ROOT_SCOPE ? '' : undefined;
    for (let k = 0; k < count; k++) {
      const n = qnames[k] as string;
      if (n === 'xmlns' || n.startsWith('xmlns:')) {
        // The new scope inherits from the current one (not a copy: copying every prefix in scope
        // on every declaring element is quadratic on hostile input). Lookups walk at most
        // `maxDepth` scopes.
        if (scope === this.scope) scope = Object.create(this.scope) as NsScope;
        const prefix = n === 'xmlns' ? '' : n.slice(6);
        // Internalised: `tag.ns === NAMESPACE` is then a pointer comparison in the handlers (not
        // one of every character per element), and a scope shared between parses holds no slice
        // of a document's text (which would keep that text alive).
        const uri = rootKey !== undefined || this.internedUris++ < MAX_INTERNED_URIS ? internalize(values[k] as string) : (values[k] as string);
        if (prefix === 'xmlns' || (prefix === 'xml' && uri !== XML_NS) || (prefix !== 'xml' && uri === XML_NS) || uri === XMLNS_NS) {
          throw this.error('ERR_XML', `illegal namespace declaration ${n}`, abs);
        }
        if (prefix !== '' && uri === '') throw this.error('ERR_XML', `namespace prefix ${shownName(prefix)} cannot be undeclared in XML 1.0`, abs);
        // Defined, not assigned: the root scope is frozen, and assigning over an inherited
        // read-only property throws.
        Object.defineProperty(scope, prefix, { value: uri, writable: true, enumerable: true, configurable: true });
        if (rootKey !== undefined) rootKey += `${prefix}\u0000${uri}\u0000`;
      }
    }
    if (rootKey !== undefined && scope !== this.scope) scope = sharedRootScope(rootKey, scope);
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const ns = scope[prefix];
    if (ns === undefined) throw this.error('ERR_XML', `namespace prefix ${shownName(prefix)} of <${shownName(qname)}> is not declared`, abs);
    tag.local = colon === -1 ? qname : qname.slice(colon + 1);
    tag.ns = ns;
    let n = 0;
    let prefixed = false;
    for (let k = 0; k < count; k++) {
      const an = qnames[k] as string;
      if (an === 'xmlns' || an.startsWith('xmlns:')) continue;
      const value = values[k] as string;
      const ac = an.indexOf(':');
      qnames[n] = an;
      values[n] = value;
      if (ac === -1) {
        tag.attrLocals[n] = an;
        tag.attrNs[n] = '';
      } else {
        const ap = an.slice(0, ac);
        const ans = scope[ap];
        if (ans === undefined || ap === '') throw this.error('ERR_XML', `namespace prefix ${ap} of attribute ${an} is not declared`, abs);
        tag.attrLocals[n] = an.slice(ac + 1);
        tag.attrNs[n] = ans;
        prefixed = true;
      }
      n++;
    }
    tag.attrCount = n;
    if (prefixed) {
      // Linear (a set of namespace + local name): hostile tags may carry many attributes.
      const seen = new Set<string>();
      for (let a = 0; a < n; a++) {
        const key = `${tag.attrNs[a] ?? ''}\u0000${tag.attrLocals[a] ?? ''}`;
        if (seen.has(key)) throw this.error('ERR_XML', `attribute ${shownName(tag.attrLocals[a] ?? '')} appears twice (same namespace) in <${shownName(qname)}>`, abs);
        seen.add(key);
      }
    }
    if (scope !== this.scope) this.pendingScope = scope;
  }

  private parseEndTag(buf: string, start: number): number {
    const stack = this.stack;
    const top = stack.length === 0 ? undefined : stack[stack.length - 1];
    let qname: string;
    let gt: number;
    if (top !== undefined && buf.charCodeAt(start + 2 + top.length) === 0x3e /* > */ && buf.startsWith(top, start + 2)) {
      // `</name>` closing the open element (non-ASCII names take the general path in utf8Latin1 mode).
      qname = top;
      gt = start + 2 + top.length;
    } else {
      gt = buf.indexOf('>', start + 2);
      if (gt === -1) {
        let k = start + 2;
        while (k < buf.length && !isXmlSpaceCode(buf.charCodeAt(k))) k++;
        if (k - start - 2 > MAX_XML_NAME_LENGTH) throw this.nameTooLong('an end tag', start + 2);
        return NEED_MORE;
      }
      let nameEnd = start + 2;
      while (nameEnd < gt && !isXmlSpaceCode(buf.charCodeAt(nameEnd))) nameEnd++;
      if (nameEnd - start - 2 > MAX_XML_NAME_LENGTH) throw this.nameTooLong('an end tag', start + 2);
      qname = this.chars(buf, start + 2, nameEnd);
      for (let i = nameEnd; i < gt; i++) {
        if (!isXmlSpaceCode(buf.charCodeAt(i))) throw this.error('ERR_XML', 'malformed end tag', this.base + i);
      }
    }
    const open = stack.pop();
    if (open === undefined) throw this.error('ERR_XML', 'end tag without a matching start tag', this.base + start);
    if (open !== qname) {
      throw this.error('ERR_XML', 'end tag does not match the open element (misspelt, or an element left open; a stray "<" in a value?)', this.base + start);
    }
    const depth = this.stack.length + 1;
    let local = qname;
    let ns = '';
    if (this.namespaces) {
      const colon = qname.indexOf(':');
      local = colon === -1 ? qname : qname.slice(colon + 1);
      ns = this.scope[colon === -1 ? '' : qname.slice(0, colon)] ?? '';
    }
    this.scope = this.scopes.pop() ?? ROOT_SCOPE;
    this.handler.endElement(qname, local, ns, depth);
    if (this.stack.length === 0) this.state = EPILOG;
    return gt + 1;
  }

  private parseBang(buf: string, start: number, final: boolean): number {
    const len = buf.length;
    if (buf.startsWith('<!--', start)) {
      const end = buf.indexOf('--', start + 4);
      if (end === -1) return NEED_MORE;
      if (end + 2 >= len) return NEED_MORE;
      if (buf.charCodeAt(end + 2) !== 0x3e) throw this.error('ERR_XML', '"--" is not allowed inside a comment', this.base + end);
      this.checkValue(this.chars(buf, start + 4, end), this.base + start + 4);
      return end + 3;
    }
    if (buf.startsWith('<![CDATA[', start)) {
      if (this.state !== CONTENT) throw this.error('ERR_XML', 'CDATA section outside the root element', this.base + start);
      const end = buf.indexOf(']]>', start + 9);
      if (end === -1) return NEED_MORE;
      let text = this.chars(buf, start + 9, end);
      this.checkValue(text, this.base + start + 9);
      if (text.indexOf('\r') !== -1) text = text.replace(/\r\n?/g, '\n');
      if (text.length > 0 && (this.keepWhitespace || !isXmlWhitespace(text))) {
        this.handler.text?.(text, this.base + start, this.stack.length);
      }
      return end + 3;
    }
    if (start + 9 > len && !final && '<!DOCTYPE'.startsWith(buf.slice(start))) return NEED_MORE;
    if (start + 9 > len && !final && '<![CDATA['.startsWith(buf.slice(start))) return NEED_MORE;
    if (start + 4 > len && !final && '<!--'.startsWith(buf.slice(start))) return NEED_MORE;
    if (start + 10 > len && !final && MARKUP_DECLARATIONS.some((d) => d.startsWith(buf.slice(start)))) return NEED_MORE;
    if (buf.startsWith('<!DOCTYPE', start)) return this.parseDoctype(buf, start);
    if (/^<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(buf.slice(start, start + 12))) {
      throw this.error('ERR_DOCTYPE', 'markup declarations (<!ENTITY, <!ELEMENT, …) are refused', this.base + start);
    }
    throw this.error('ERR_XML', 'unexpected "<!" markup', this.base + start);
  }

  private parseDoctype(buf: string, start: number): number {
    const abs = this.base + start;
    if (this.state !== PROLOG || this.sawDoctype) throw this.error('ERR_XML', 'a DOCTYPE is only allowed once, before the root element', abs);
    if (this.doctypePolicy === 'refuse') {
      throw this.error(
        'ERR_DOCTYPE',
        `${this.what} must not contain a DOCTYPE declaration: refused to protect against entity expansion and external entities (XXE)`,
        abs,
      );
    }
    // <!DOCTYPE S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'
    const gt = buf.indexOf('>', start);
    if (gt === -1) {
      const bracket = buf.indexOf('[', start);
      if (bracket !== -1) throw this.error('ERR_DOCTYPE', 'DOCTYPE internal subsets (entity declarations) are refused', this.base + bracket);
      return NEED_MORE;
    }
    const decl = this.chars(buf, start + 9, gt);
    this.checkValue(decl, this.base + start + 9);
    if (decl.indexOf('[') !== -1) {
      throw this.error('ERR_DOCTYPE', 'DOCTYPE internal subsets (entity declarations) are refused', this.base + start + 9 + decl.indexOf('['));
    }
    const m = /^\s+([^\s"']+)(?:\s+(?:SYSTEM\s+("[^"]*"|'[^']*')|PUBLIC\s+("[^"]*"|'[^']*')\s+("[^"]*"|'[^']*')))?\s*$/.exec(decl);
    if (m === null || !isXmlName(m[1] ?? '')) throw this.error('ERR_XML', 'malformed DOCTYPE declaration', abs);
    const unquote = (s: string | undefined) => (s === undefined ? undefined : s.slice(1, -1));
    this.sawDoctype = true;
    this.handler.doctype?.(m[1] ?? '', unquote(m[3]), unquote(m[2] ?? m[4]));
    return gt + 1;
  }

  private parsePI(buf: string, start: number): number {
    const end = buf.indexOf('?>', start + 2);
    if (end === -1) return NEED_MORE;
    const body = this.chars(buf, start + 2, end);
    this.checkValue(body, this.base + start + 2);
    let t = 0;
    while (t < body.length && !isXmlSpaceCode(body.charCodeAt(t))) t++;
    const target = body.slice(0, t);
    const abs = this.base + start;
    if (!isXmlName(target)) throw this.error('ERR_XML', 'malformed processing instruction', abs);
    if (target.toLowerCase() === 'xml') {
      // After a byte order mark, which may have come in an earlier chunk.
      const atStart = abs === (this.bom ? 1 : 0);
      if (target !== 'xml' || !atStart) {
        throw this.error('ERR_XML', 'the XML declaration is only allowed at the very start of the document', abs);
      }
      const m = /^\s+version\s*=\s*(["'])(1\.[0-9]+)\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\3)?(?:\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.exec(
        body.slice(3),
      );
      if (m === null) throw this.error('ERR_XML', 'malformed XML declaration', abs);
      if (m[2] !== '1.0') throw this.error('ERR_XML', `XML version ${m[2] ?? ''} is not supported (expected 1.0)`, abs);
      this.handler.xmlDeclaration?.(m[2], m[4], m[6]);
    }
    return end + 2;
  }
}

/** Parses a whole string with a handler. */
export function tokenizeXml(text: string, handler: XmlHandler, options: TokenizerOptions): XmlTokenizer {
  const t = new XmlTokenizer(handler, options);
  t.write(text);
  t.end();
  return t;
}
