/**
 * The `PARTENAIRE_INDEX` writer: the document as string chunks, checked while written.
 *
 * Checking while writing (instead of validating first, then writing) reads every value once:
 * the scan that decides whether a value needs escaping also finds the characters XML 1.0 forbids.
 * The checks are exactly the error-level rules of {@link validatePartenaireIndex}; on the first
 * failure the writer stops and the full validation runs to report every problem with its path.
 *
 * @internal
 * @module
 */

import { StringSet } from '../internal/string-table';
import { keepShapes } from '../internal/keep-shapes';
import { isXsDate, isXsDateTime } from '../common/dates';
import { isRecord } from '../common/arguments';
import { isUaiFormat } from '../common/uai';
import { EntPronoteError, schemaError } from '../errors';
import { findForbiddenChar } from '../internal/xml/chars';
import { DEFAULT_LIMITS, type Limits, resolveLimits } from '../limits';
import { type PartenaireIndex, PARTENAIRE_INDEX_NAMESPACE } from './model';
import { validatePartenaireIndex } from './validate';
import { type HolderAttribute, type HolderTable, POPULATION_NAMES, TABLES } from './vocabulary';

/** Thrown inside the writer when a check fails; never escapes this module. */
class Invalid extends Error {}
const INVALID = new Invalid('invalid model');

const UINT_MAX = 4294967295;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const REPLACE = /[&<>"\t\n\r]/g;
const replacer = (c: string): string => ENTITY[c] ?? c;

/**
 * Chunks are handed over once they hold at least this many bytes: small at first (a small
 * document still gets compressed while the rest is written), doubling up to {@link MAX_PIECE}.
 */
const FIRST_PIECE = 64 * 1024;
const MAX_PIECE = 512 * 1024;
/** The size of a chunk's buffer: a piece and room for the element that ends past it. */
const CAPACITY = MAX_PIECE + 64 * 1024;
const QUOTE = 0x22;
const EMPTY_END = ascii('/>');
const REF_END = ascii('"/>');

/** A set of `Ident`s: a bitmap for the usual small, dense values, a `Set` beyond. */
class IdentSet {
  private bits = new Uint8Array(1 << 12);
  private big: Set<number> | undefined;
  /** Adds `n`; false when it was already there. */
  add(n: number): boolean {
    if (n < 1 << 24) {
      const byte = n >>> 3;
      if (byte >= this.bits.length) {
        let size = this.bits.length;
        while (size <= byte) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.bits);
        this.bits = grown;
      }
      const mask = 1 << (n & 7);
      const bits = this.bits[byte] ?? 0;
      if (bits & mask) return false;
      this.bits[byte] = bits | mask;
      return true;
    }
    this.big ??= new Set();
    if (this.big.has(n)) return false;
    this.big.add(n);
    return true;
  }
  /** Removes every `Ident` (and lets go of the memory). */
  clear(): void {
    this.bits = new Uint8Array(1 << 12);
    this.big = undefined;
  }
  has(n: number): boolean {
    if (n < 1 << 24) {
      const byte = n >>> 3;
      return ((this.bits[byte] ?? 0) & (1 << (n & 7))) !== 0;
    }
    return this.big?.has(n) ?? false;
  }
}

function ident(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > UINT_MAX) throw INVALID;
  return v;
}

/** A list of the model: an array, not empty when required (an empty one allowed with `emptyOk`). */
function list(v: unknown, required: boolean, emptyOk = false): unknown[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v) || (required && !emptyOk && v.length === 0)) throw INVALID;
  return v;
}

function record(v: unknown): Record<string, unknown> {
  if (!isRecord(v)) throw INVALID;
  return v;
}

function text(v: unknown): string {
  if (typeof v !== 'string') throw INVALID;
  return v;
}

/** A model object the caller vouches for (`validate: false`): not checked. */
function trustedRecord(v: unknown): Record<string, unknown> {
  return v as Record<string, unknown>;
}

/** A model list the caller vouches for (`validate: false`): not checked. */
function trustedList(v: unknown): unknown[] {
  return v as unknown[];
}

/** The value checks of the vocabulary's types (string length and characters are checked by `Writer.value`). */
function checkValue(a: HolderAttribute, v: unknown): void {
  switch (a.type) {
    case 'name':
    case 'idPartenaire':
      if (v === '') throw INVALID;
      return;
    case 'uai':
      if (typeof v !== 'string' || !isUaiFormat(v)) throw INVALID;
      return;
    case 'date':
      if (typeof v !== 'string' || !isXsDate(v)) throw INVALID;
      return;
    case 'dateTime':
      if (typeof v !== 'string' || !isXsDateTime(v)) throw INVALID;
      return;
    case 'enum': {
      const values: readonly unknown[] = a.spec.values ?? [];
      if (!values.includes(v)) throw INVALID;
      return;
    }
    default:
      return;
  }
}

/** The number of decimal digits of an integer from 0 to 4294967295. */
function digits(n: number): number {
  if (n < 1e5) return n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : 5;
  return n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
}

/**
 * Markup as bytes (it is ASCII). Copying bytes is several times faster than reading a string's
 * characters: strings made by concatenation are ropes, slow to index.
 */
function ascii(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}

/** The markup around the people of a population, as bytes. */
interface PopulationMarkup {
  readonly open: Uint8Array;
  readonly close: Uint8Array;
  readonly civiliteRef: Uint8Array;
  readonly civiliteClose: Uint8Array;
  readonly responsableRef: Uint8Array;
}

function populationMarkup(element: string, indent: boolean): PopulationMarkup {
  const i2 = indent ? '\n    ' : '';
  const i3 = indent ? '\n      ' : '';
  return {
    open: ascii(`${i2}<${element}`),
    close: ascii(`${i2}</${element}>`),
    civiliteRef: ascii(`>${i3}<Civilite Ident="`),
    civiliteClose: ascii(`"/>${i2}</${element}>`),
    responsableRef: ascii(`${i3}<Responsable Ident="`),
  };
}

/** The population elements, in document order, with their markup written flat and indented. */
const POPULATION_ELEMENTS = POPULATION_NAMES.map((n) => ({
  ...n,
  table: TABLES[n.holder],
  markup: [populationMarkup(n.element, false), populationMarkup(n.element, true)] as const,
}));

/** Each table's ` Name="` prefixes, as bytes, in the order of its attributes. */
const PRE = new Map<HolderTable, readonly Uint8Array[]>(Object.values(TABLES).map((t) => [t, t.attributes.map((a) => ascii(a.pre))]));

/**
 * One run of the writer: the output written as UTF-8 straight into byte buffers (no string per
 * part, no joined chunk to encode afterwards: little garbage), with the sets of `Ident`s the
 * checks need. ASCII values are copied byte by byte in the same loop that looks for characters
 * to escape or to refuse; the rare others are escaped and encoded by Node.
 */
class Writer {
  buf: Buffer;
  pos = 0;
  /** Buffers the consumer has given back (see {@link writePartenaireIndexBytes}). */
  spare: ArrayBufferLike[];
  /** The chunk is handed over once it holds this many bytes. */
  piece = FIRST_PIECE;
  readonly max: number;
  readonly i1: string;
  readonly i2: string;
  readonly i3: string;
  readonly civilites = new IdentSet();
  hasCivilites = false;
  readonly schools = new IdentSet();
  readonly people = new IdentSet();
  readonly parents = new IdentSet();
  count = 0;
  /** The `ID_Partenaire`s of the population being written (one set, kept with the writer for the same reason). */
  readonly ids = new StringSet(0);

  constructor(
    readonly check: boolean,
    indent: boolean,
    readonly limits: Limits,
    spare: ArrayBufferLike[],
  ) {
    this.spare = spare;
    this.max = limits.maxAttributeLength;
    this.i1 = indent ? '\n  ' : '';
    this.i2 = indent ? '\n    ' : '';
    this.i3 = indent ? '\n      ' : '';
    this.buf = this.fresh();
  }

  /** A buffer given back, or a new one (never from Node's shared pool: it is handed over whole). */
  private fresh(): Buffer {
    const ab = this.spare.pop();
    return ab === undefined ? Buffer.allocUnsafeSlow(CAPACITY) : Buffer.from(ab);
  }

  /** Room for `n` more bytes (a bigger buffer when an element is longer than the margin). */
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** The bytes written so far, as a chunk; writing goes on in another buffer. */
  take(): Buffer {
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = this.fresh();
    this.pos = 0;
    if (this.piece < MAX_PIECE) this.piece *= 2;
    return chunk;
  }

  /** Lets go of the document's bytes and of the consumer's buffers (the writer is kept: see `keepShapes`). */
  release(): void {
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.spare = [];
    this.ids.clear();
    this.civilites.clear();
    this.schools.clear();
    this.people.clear();
    this.parents.clear();
  }

  /** Markup (ASCII). */
  raw(s: string): void {
    this.bytes(ascii(s));
  }

  /** Markup already encoded. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i] as number;
    this.pos = p;
  }

  /** One byte of markup. */
  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Any string, encoded as UTF-8 without escaping (what `Buffer.from(s, 'utf8')` gives). */
  utf8(s: string): void {
    this.ensure(3 * s.length);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** An integer from 0 to 4294967295, in decimal. */
  uint(n: number): void {
    this.ensure(10);
    const buf = this.buf;
    let q = this.pos + digits(n);
    this.pos = q;
    let m = n;
    while (m >= 10) {
      const next = Math.floor(m / 10);
      buf[--q] = 0x30 + m - 10 * next;
      m = next;
    }
    buf[--q] = 0x30 + m;
  }

  /** An `Ident` of a document the caller vouches for: written as `String` writes it. */
  trustedUint(v: unknown): void {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= UINT_MAX) this.uint(v);
    else this.utf8(String(v));
  }

  /**
   * An attribute value, escaped; with `check`, refused (`INVALID`) when it is not a string, is
   * longer than the limit or holds a character XML 1.0 forbids. Unchecked, anything else is
   * written as `Array.join` writes it.
   */
  value(v: unknown): void {
    let s: string;
    if (typeof v === 'string') {
      if (this.check && v.length > this.max) throw INVALID;
      s = v;
    } else if (this.check) throw INVALID;
    else s = [v].join('');
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x3f) {
        if (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e) break;
      } else if (c >= 0x80) break;
      buf[p++] = c;
    }
    if (i === n) {
      this.pos = p;
      return;
    }
    // Something to escape, refuse or encode: the bytes copied so far are written again.
    if (this.check && findForbiddenChar(s, i) !== -1) throw INVALID;
    this.utf8(s.replace(REPLACE, replacer));
  }

  /** The element's attributes in the vocabulary's order, each ` Name="value"`, checked with `check`. */
  attributes(table: HolderTable, x: Record<string, unknown>): void {
    const check = this.check;
    const attributes = table.attributes;
    const pres = PRE.get(table) as readonly Uint8Array[];
    for (let k = 0; k < attributes.length; k++) {
      const a = attributes[k] as HolderAttribute;
      const pre = pres[k] as Uint8Array;
      const v = x[a.field];
      if (v === undefined) {
        if (check && a.required) throw INVALID;
        continue;
      }
      if (a.type === 'ident') {
        this.bytes(pre);
        if (check) this.uint(ident(v));
        else this.trustedUint(v);
      } else {
        if (check) checkValue(a, v);
        this.bytes(pre);
        this.value(v);
      }
      this.byte(QUOTE);
    }
  }

  /** `<?xml …?>` and the root's start tag. */
  root(d: Record<string, unknown>): void {
    this.raw(`<?xml version="1.0" encoding="UTF-8"?>\n<PARTENAIRE_INDEX xmlns="${PARTENAIRE_INDEX_NAMESPACE}"`);
    this.attributes(TABLES.root, d);
    this.raw('>');
  }

  /** `Nomenclatures`, when present. */
  nomenclatures(value: unknown): void {
    if (value === undefined) return;
    const { i1, i2, i3, check } = this;
    const nomenclatures = check ? record(value) : trustedRecord(value);
    if (nomenclatures.civilites === undefined) {
      this.raw(`${i1}<Nomenclatures/>`);
      return;
    }
    this.hasCivilites = true;
    this.raw(`${i1}<Nomenclatures>${i2}<Civilites>`);
    for (const item of check ? list(nomenclatures.civilites, true) : trustedList(nomenclatures.civilites)) {
      const c = check ? record(item) : trustedRecord(item);
      this.raw(`${i3}<Civilite`);
      this.attributes(TABLES.civilite, c);
      if (check && !this.civilites.add(ident(c.ident))) throw INVALID;
      this.raw('/>');
    }
    this.raw(`${i2}</Civilites>${i1}</Nomenclatures>`);
  }

  /** `Etablissements` and `EtablissementsGeres`. */
  schoolLists(d: Record<string, unknown>): void {
    const { i1, i2, check } = this;
    this.raw(`${i1}<Etablissements>`);
    for (const item of check ? list(d.etablissements, true) : trustedList(d.etablissements)) {
      const x = check ? record(item) : trustedRecord(item);
      this.raw(`${i2}<Etablissement`);
      this.attributes(TABLES.etablissement, x);
      if (check && !this.schools.add(ident(x.ident))) throw INVALID;
      this.raw('/>');
    }
    this.raw(`${i1}</Etablissements>${i1}<EtablissementsGeres>`);
    const managed = new IdentSet();
    for (const item of check ? list(d.etablissementsGeres, true) : trustedList(d.etablissementsGeres)) {
      const x = check ? record(item) : trustedRecord(item);
      this.raw(`${i2}<Etablissement`);
      this.attributes(TABLES.etablissementGere, x);
      if (check) {
        const n = ident(x.ident);
        if (!this.schools.has(n) || !managed.add(n)) throw INVALID;
      }
      this.raw('/>');
    }
    this.raw(`${i1}</EtablissementsGeres>`);
  }

  /** The checks across people: `Ident` unique in the file, `ID_Partenaire` unique in the population. */
  unique(p: Record<string, unknown>, ids: StringSet): void {
    if (!this.people.add(ident(p.ident))) throw INVALID;
    if (!ids.add(text(p.idPartenaire))) throw INVALID;
  }

  /** A parent's `Civilite` child, or the end of its empty element. */
  civiliteChild(p: Record<string, unknown>, ref: Uint8Array, close: Uint8Array): void {
    if (p.civilite === undefined) {
      this.bytes(EMPTY_END);
      return;
    }
    this.bytes(ref);
    if (this.check) {
      const c = ident(p.civilite);
      if (!this.hasCivilites || !this.civilites.has(c)) throw INVALID;
      this.uint(c);
    } else {
      // Trusted (validate: false) documents are written as given.
      this.trustedUint(p.civilite);
    }
    this.bytes(close);
  }

  /** A student's `Responsable` children, or the end of its empty element. */
  responsableChildren(p: Record<string, unknown>, ref: Uint8Array, close: Uint8Array): void {
    const refs = this.check ? list(p.responsables, true, true) : trustedList(p.responsables);
    if (refs.length === 0) {
      this.bytes(EMPTY_END);
      return;
    }
    this.byte(0x3e);
    for (const r of refs) {
      this.bytes(ref);
      if (this.check) {
        const n = ident(r);
        if (!this.parents.has(n)) throw INVALID;
        this.uint(n);
      } else this.trustedUint(r);
      this.bytes(REF_END);
    }
    this.bytes(close);
  }

  /** One population, yielding a chunk whenever a piece is written. */
  *population(d: Record<string, unknown>, names: (typeof POPULATION_ELEMENTS)[number]): Generator<Buffer, void, undefined> {
    const { i1, check } = this;
    const arr = check ? list(d[names.population], false) : trustedList(d[names.population]);
    if (arr.length === 0) return;
    this.count += arr.length;
    if (check && this.count > this.limits.maxPeople) throw INVALID;
    const ids = this.ids;
    ids.clear(check ? arr.length : 0);
    const table = names.table;
    const population = names.population;
    this.raw(`${i1}<${names.container}>`);
    const { open, close, civiliteRef, civiliteClose, responsableRef } = names.markup[this.i1 === '' ? 0 : 1];
    for (const item of arr) {
      const p = check ? record(item) : trustedRecord(item);
      this.bytes(open);
      this.attributes(table, p);
      if (check) this.unique(p, ids);
      if (population === 'responsables') {
        this.parents.add(Number(p.ident));
        this.civiliteChild(p, civiliteRef, civiliteClose);
      } else if (population === 'eleves') this.responsableChildren(p, responsableRef, close);
      else this.bytes(EMPTY_END);
      if (this.pos >= this.piece) yield this.take();
    }
    this.raw(`${i1}</${names.container}>`);
  }
}

/**
 * The document as chunks of bytes. With `check`, every error-level rule of the validation is
 * applied on the way and a failure throws an internal error (use {@link writePartenaireIndexBytes},
 * which turns it into the `ERR_SCHEMA` of the validation).
 */
function* chunks(doc: PartenaireIndex, indent: boolean, check: boolean, limits: Limits, spare: ArrayBufferLike[]): Generator<Buffer, void, undefined> {
  const w = new Writer(check, indent, limits, spare);
  try {
    const d = check ? record(doc) : trustedRecord(doc);
    w.root(d);
    w.nomenclatures(d.nomenclatures);
    w.schoolLists(d);
    for (const names of POPULATION_ELEMENTS) yield* w.population(d, names);
    w.raw(`${indent ? '\n' : ''}</PARTENAIRE_INDEX>\n`);
    yield w.take();
  } finally {
    w.release();
    // The writer of the last document, emptied of its bytes, kept until the next one (see
    // keepShapes): when each writer died at the full collection between two documents, every
    // document began in unoptimised code again (most of a school-sized document's writing time).
    keepShapes('partenaire-index-writer', [w]);
  }
}

/** Options of {@link writePartenaireIndex}. */
export interface WriteOptions {
  indent?: boolean;
  /** Check the model while writing (default true). */
  validate?: boolean;
  limits?: Partial<Limits>;
}

/**
 * The document as UTF-8 chunks (64 KiB at first, then up to 512 KiB; each ends between
 * elements), checked while written (unless `validate: false`). An invalid model fails with the
 * `ERR_SCHEMA` of {@link validatePartenaireIndex}, listing every problem, before the last chunk is
 * produced: callers must not use the chunks of a failed run.
 *
 * Each chunk is a view of a buffer of its own, which the consumer owns: once done with a chunk,
 * it may give its `buffer` back by pushing it on `spare`, and the writer writes the next chunks
 * there instead of allocating.
 */
export function* writePartenaireIndexBytes(doc: PartenaireIndex, options: WriteOptions = {}, spare: ArrayBufferLike[] = []): Generator<Buffer, void, undefined> {
  const limits = options.limits === undefined ? DEFAULT_LIMITS : resolveLimits(options.limits);
  const indent = options.indent ?? true;
  if (options.validate === false) {
    yield* chunks(doc, indent, false, limits, spare);
    return;
  }
  try {
    yield* chunks(doc, indent, true, limits, spare);
  } catch (e) {
    if (!(e instanceof Invalid) && !(e instanceof TypeError)) throw e;
    const problems = validatePartenaireIndex(doc, { lint: false, limits });
    if (problems.some((p) => p.severity === 'error')) throw schemaError('the PARTENAIRE_INDEX model', problems);
    // The writer's checks mirror the validation's: reaching this line is a bug.
    throw new EntPronoteError('ERR_SCHEMA', 'the PARTENAIRE_INDEX model could not be written (internal check mismatch: please report it)', { cause: e });
  }
}

/**
 * The document as string chunks (the chunks of {@link writePartenaireIndexBytes}, decoded), with
 * the same checks and failures.
 */
export function* writePartenaireIndex(doc: PartenaireIndex, options: WriteOptions = {}): Generator<string, void, undefined> {
  const spare: ArrayBufferLike[] = [];
  for (const chunk of writePartenaireIndexBytes(doc, options, spare)) {
    const text = chunk.toString('utf8');
    spare.push(chunk.buffer);
    yield text;
  }
}
