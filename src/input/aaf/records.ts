/**
 * Streaming reader of one AAF file (`ficAlimMENESR`): bytes in, one {@link AafRequest} out
 * per `addRequest`, `modifyRequest` or `deleteRequest`, as soon as its end tag is read. Only the
 * attributes the caller asks for are kept, so memory does not grow with the file.
 *
 * The declared encoding is honoured (AAF files are `ISO-8859-15`); the external
 * `<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">` is accepted and never loaded; an
 * internal subset or an entity other than the predefined ones is refused (`ERR_DOCTYPE`).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../../errors';
import { StreamingXmlDecoder } from '../../internal/xml/decode';
import { type StartTag, type XmlHandler, XmlTokenizer } from '../../internal/xml/tokenizer';
import { limitError, type Limits } from '../../limits';

/** The three AAF request kinds. */
export type AafOperation = 'add' | 'modify' | 'delete';

/** One `modifications/modification` of a `modifyRequest`. */
export interface AafModification {
  /** Canonical attribute name. */
  name: string;
  /** `add`, `delete` or `replace` as written (lower-cased). */
  operation: string;
  /** The values, trimmed, empty ones left out. */
  values: string[];
}

/** One request of an AAF file. */
export interface AafRequest {
  operation: AafOperation;
  /** `identifier/id`, trimmed; undefined when missing or empty. */
  id: string | undefined;
  /** Value of `operationalAttributes/attr[@name='categoriePersonne']`. */
  categoriePersonne: string | undefined;
  /** Value of `operationalAttributes/attr[@name='categorieStructure']`. */
  categorieStructure: string | undefined;
  /** Kept attributes of an `addRequest` (canonical name → trimmed non-empty values). */
  attributes: AafAttributes;
  /** Modifications of a `modifyRequest` on kept attributes. */
  modifications: AafModification[];
  /** 1-based line and column of the request's start tag. */
  line: number;
  column: number;
}

/**
 * The kept attributes of a record: canonical name → values. A flat array rather than a `Map`:
 * a record has about ten of them, and a feed hundreds of thousands of records, so two objects
 * per record instead of four matter to the garbage collector. Names are the canonical string
 * constants, compared by identity first.
 */
export class AafAttributes {
  private readonly items: (string | string[])[] = [];

  private indexOf(name: string): number {
    const items = this.items;
    for (let i = 0; i < items.length; i += 2) if (items[i] === name) return i;
    return -1;
  }

  /** The values of an attribute, or undefined. */
  get(name: string): string[] | undefined {
    const i = this.indexOf(name);
    return i === -1 ? undefined : (this.items[i + 1] as string[]);
  }

  /** True when the attribute has values. */
  has(name: string): boolean {
    return this.indexOf(name) !== -1;
  }

  /** Sets the values of an attribute. */
  set(name: string, values: string[]): void {
    const i = this.indexOf(name);
    if (i === -1) this.items.push(name, values);
    else this.items[i + 1] = values;
  }

  /** Removes an attribute. */
  delete(name: string): void {
    const i = this.indexOf(name);
    if (i !== -1) this.items.splice(i, 2);
  }

  /** The attribute names, in order. */
  keys(): string[] {
    return this.items.filter((_, i) => i % 2 === 0) as string[];
  }
}

/** Options of {@link AafFileReader}. */
export interface AafFileReaderOptions {
  /** File name, for errors. */
  file: string;
  /** Canonical name of an attribute to keep, or undefined to skip it. */
  keep: (name: string) => string | undefined;
  /** Receives each request when its end tag is read. */
  onRequest: (request: AafRequest) => void;
  /** Receives the name of each unexpected element skipped at request level. */
  onUnknownElement?: (name: string, line: number, column: number) => void;
  limits: Limits;
}

/** Line/column of absolute text offsets, for offsets that only move forward. */
class LineCursor {
  private readonly segs: string[] = [];
  private readonly starts: number[] = [];
  private head = 0;
  private end = 0;
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /**
   * The next line feed already found beyond the cursor: its segment's start and its absolute
   * offset (-1: none in that segment). Without it, every locate on a long line searched to the
   * line's end again: quadratic on a one-line file of many elements.
   */
  private nlSegStart = -1;
  private nlAt = -1;

  push(text: string): void {
    // Offsets are located at request and section starts; when a huge section spans more than
    // 1 MiB of text, move on (keeping the last 64 KiB for a start tag not yet complete) so that
    // old chunks are not kept.
    if (this.end - this.offset > 1 << 20) this.advance(this.end - (1 << 16));
    this.segs.push(text);
    this.starts.push(this.end);
    this.end += text.length;
  }

  locate(target: number): { line: number; column: number } {
    this.advance(target);
    return { line: this.line, column: target - this.lineStart + 1 };
  }

  /** Moves the cursor to `target` (counting the lines on the way). */
  advance(target: number): void {
    const segs = this.segs;
    while (this.offset < target && this.head < segs.length) {
      const s = segs[this.head] as string;
      const start = this.starts[this.head] as number;
      const segEnd = start + s.length;
      const to = target < segEnd ? target : segEnd;
      let i = this.nlSegStart === start ? (this.nlAt === -1 ? -1 : this.nlAt - start) : s.indexOf('\n', this.offset - start);
      while (i !== -1 && start + i < to) {
        this.line++;
        this.lineStart = start + i + 1;
        i = s.indexOf('\n', i + 1);
      }
      this.nlSegStart = start;
      this.nlAt = i === -1 ? -1 : start + i;
      this.offset = to;
      if (to === segEnd) this.head++;
    }
    if (this.head > 32 || (this.head > 0 && this.head === segs.length)) {
      segs.splice(0, this.head);
      this.starts.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** Shared empty list (never pushed to): most attributes are skipped, and need no array. */
const NO_VALUES: string[] = [];

/** Most values of one attribute of one AAF record (a few in real feeds; each costs about 40 bytes): `ERR_LIMIT` beyond. */
export const MAX_AAF_VALUES = 10_000;

/** Shared empty list for the requests that have no modifications (never pushed to). */
const NO_MODIFICATIONS: AafModification[] = [];

const S_NONE = 0;
const S_OPER = 1;
const S_IDENT = 2;
const S_ATTRS = 3;
const S_MODS = 4;

/** Reads one AAF file. Call {@link AafFileReader.write} with byte chunks, then {@link AafFileReader.end}. */
export class AafFileReader implements XmlHandler {
  private readonly decoder: StreamingXmlDecoder;
  private readonly tokenizer: XmlTokenizer;
  private readonly cursor = new LineCursor();
  private readonly maxValue: number;

  private req: AafRequest | undefined;
  /** Depth of an element whose subtree is skipped (0: none). */
  private skipDepth = 0;
  private section = S_NONE;
  /** Canonical name of the `attr`/`modification` being read; undefined: not kept. */
  private attrName: string | undefined;
  private operational: 'p' | 's' | undefined;
  private modOperation = '';
  private values: string[] = NO_VALUES;
  private capturing = false;
  private captureDepth = 0;
  private buffer = '';
  /** Kind of text being captured: value of an attr, value of a modification, or the id. */
  private captureKind: 'value' | 'id' = 'value';

  constructor(private readonly options: AafFileReaderOptions) {
    this.maxValue = options.limits.maxAttributeLength;
    this.decoder = new StreamingXmlDecoder({ limits: options.limits, what: 'an AAF file', streamed: true });
    this.tokenizer = new XmlTokenizer(this, { namespaces: false, doctype: 'external-only', limits: options.limits, what: 'an AAF file', streamed: true });
  }

  /** Feeds the next byte chunk. */
  write(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) {
      throw new EntPronoteError('ERR_ARGUMENT', 'AAF chunks must be bytes (Uint8Array or Buffer), not decoded text', { file: this.options.file });
    }
    try {
      this.feed(this.decoder.write(chunk));
    } catch (e) {
      throw this.located(e);
    }
  }

  /** Signals the end of the file. */
  end(): void {
    try {
      this.feed(this.decoder.end());
      this.tokenizer.end();
    } catch (e) {
      throw this.located(e);
    }
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    this.cursor.push(text);
    this.tokenizer.write(text);
  }

  /** Adds the file name to an error of the decoder or tokenizer. */
  private located(e: unknown): unknown {
    if (!(e instanceof EntPronoteError) || e.file !== undefined) return e;
    return new EntPronoteError(e.code, e.reason, {
      file: this.options.file,
      ...(e.record !== undefined ? { record: e.record } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
      problems: e.problems,
      cause: e,
    });
  }

  startElement(tag: StartTag): void {
    const depth = tag.depth;
    if (this.skipDepth !== 0) return;
    const name = tag.local;
    if (depth === 1) {
      if (name !== 'ficAlimMENESR') {
        const { line, column } = this.cursor.locate(tag.offset);
        throw new EntPronoteError('ERR_INPUT', 'not an AAF file: the root element must be ficAlimMENESR', { file: this.options.file, line, column });
      }
      return;
    }
    if (depth === 2) {
      const op = name === 'addRequest' ? 'add' : name === 'modifyRequest' ? 'modify' : name === 'deleteRequest' ? 'delete' : undefined;
      const { line, column } = this.cursor.locate(tag.offset);
      if (op === undefined) {
        this.options.onUnknownElement?.(name, line, column);
        this.skipDepth = depth;
        return;
      }
      this.req = {
        operation: op,
        id: undefined,
        categoriePersonne: undefined,
        categorieStructure: undefined,
        attributes: new AafAttributes(),
        modifications: op === 'modify' ? [] : NO_MODIFICATIONS,
        line,
        column,
      };
      return;
    }
    if (depth === 3) {
      this.section =
        name === 'operationalAttributes' ? S_OPER : name === 'identifier' ? S_IDENT : name === 'attributes' ? S_ATTRS : name === 'modifications' ? S_MODS : S_NONE;
      if (this.section === S_NONE) this.skipDepth = depth;
      return;
    }
    if (depth === 4) {
      this.attrName = undefined;
      this.operational = undefined;
      this.values = NO_VALUES;
      switch (this.section) {
        case S_IDENT:
          if (name === 'id') this.capture('id', depth);
          else this.skipDepth = depth;
          return;
        case S_OPER:
          if (name !== 'attr') break;
          {
            const n = attribute(tag, 'name');
            this.operational = n === 'categoriePersonne' ? 'p' : n === 'categorieStructure' ? 's' : undefined;
          }
          return;
        case S_ATTRS:
          if (name !== 'attr') break;
          this.attrName = this.options.keep(attribute(tag, 'name') ?? '');
          return;
        case S_MODS:
          if (name !== 'modification') break;
          this.attrName = this.options.keep(attribute(tag, 'name') ?? '');
          this.modOperation = (attribute(tag, 'operation') ?? '').trim().toLowerCase();
          return;
      }
      this.skipDepth = depth;
      return;
    }
    if (depth === 5 && name === 'value' && (this.attrName !== undefined || this.operational !== undefined)) {
      this.capture('value', depth);
      return;
    }
    this.skipDepth = depth;
  }

  private capture(kind: 'value' | 'id', depth: number): void {
    this.capturing = true;
    this.captureKind = kind;
    this.captureDepth = depth;
    this.buffer = '';
  }

  text(text: string, _offset: number, depth: number): void {
    if (!this.capturing || depth !== this.captureDepth) return;
    this.buffer += text;
    if (this.buffer.length > this.maxValue) {
      const err = limitError(`a value of an AAF attribute`, this.maxValue, 'maxAttributeLength');
      throw new EntPronoteError(err.code, err.reason, {
        file: this.options.file,
        ...(this.req?.id !== undefined ? { record: this.req.id } : {}),
        ...(this.req !== undefined ? { line: this.req.line, column: this.req.column } : {}),
      });
    }
  }

  endElement(_qname: string, _local: string, _ns: string, depth: number): void {
    if (this.skipDepth !== 0) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      return;
    }
    const req = this.req;
    if (this.capturing && depth === this.captureDepth) {
      this.capturing = false;
      const value = detach(this.buffer.trim());
      this.buffer = '';
      if (req === undefined) return;
      if (this.captureKind === 'id') {
        if (req.id === undefined && value !== '') req.id = value;
      } else if (value !== '') {
        if (this.values === NO_VALUES) this.values = [value];
        else if (this.values.length >= MAX_AAF_VALUES) {
          throw new EntPronoteError('ERR_LIMIT', `an AAF attribute has more than ${MAX_AAF_VALUES.toLocaleString('en-US')} values: this is not a real AAF record`, {
            file: this.options.file,
            ...(req.id !== undefined ? { record: req.id } : {}),
            line: req.line,
            column: req.column,
          });
        } else this.values.push(value);
      }
      return;
    }
    if (req === undefined) return;
    if (depth === 4) {
      if (this.section === S_OPER && this.operational !== undefined) {
        const v = this.values[0];
        if (this.operational === 'p') req.categoriePersonne ??= v;
        else req.categorieStructure ??= v;
      } else if (this.section === S_ATTRS && this.attrName !== undefined) {
        if (this.values !== NO_VALUES) {
          const prev = req.attributes.get(this.attrName);
          if (prev === undefined) req.attributes.set(this.attrName, this.values);
          else prev.push(...this.values);
        }
      } else if (this.section === S_MODS && this.attrName !== undefined) {
        req.modifications.push({ name: this.attrName, operation: this.modOperation, values: this.values === NO_VALUES ? [] : this.values });
      }
      this.attrName = undefined;
      this.operational = undefined;
      this.values = NO_VALUES;
      return;
    }
    if (depth === 3) {
      this.section = S_NONE;
      return;
    }
    if (depth === 2) {
      this.req = undefined;
      this.options.onRequest(req);
    }
  }
}

/**
 * A copy of a string that does not keep alive the large chunk of text it was sliced from (V8
 * represents `slice`s of long strings as views of their parent): kept values must not retain
 * the whole file.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function attribute(tag: StartTag, name: string): string | undefined {
  for (let i = 0; i < tag.attrCount; i++) if (tag.attrQNames[i] === name) return tag.attrValues[i];
  return undefined;
}
