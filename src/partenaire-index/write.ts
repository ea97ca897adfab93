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

import { StringSet } from '../internal/string-index';
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
/** Parts gathered before a chunk is yielded (chunks of about 64 KiB). */
const PARTS = 1 << 13;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const REPLACE = /[&<>"\t\n\r]/g;
const replacer = (c: string): string => ENTITY[c] ?? c;

/** Writes a value as an attribute value, or throws `INVALID` (not a string, too long, forbidden character). */
function esc(v: unknown, max: number): string {
  if (typeof v !== 'string' || v.length > max) throw INVALID;
  const n = v.length;
  let i = 0;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x3f) {
      if (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e) break;
    } else if (c >= 0xd800) break;
  }
  if (i === n) return v;
  if (findForbiddenChar(v, i) !== -1) throw INVALID;
  return v.replace(REPLACE, replacer);
}

/** Unchecked escaping (the model was validated by the caller; anything else is written as `Array.join` writes it). */
function escFast(v: unknown): string {
  if (typeof v !== 'string') return [v].join('');
  const s = v;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x3f && (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e)) return s.replace(REPLACE, replacer);
  }
  return s;
}

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

/** The value checks of the vocabulary's types (string length and characters are checked by `esc`). */
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

/** The population elements, in document order. */
const POPULATION_ELEMENTS = POPULATION_NAMES.map((n) => ({ ...n, table: TABLES[n.holder] }));

/**
 * One run of the writer: the output gathered as parts in `o` and joined once per chunk (no
 * intermediate string per attribute or element: far less garbage than concatenating templates),
 * with the sets of `Ident`s the checks need.
 */
class Writer {
  readonly o: string[] = [];
  readonly e: (v: unknown) => string;
  readonly i1: string;
  readonly i2: string;
  readonly i3: string;
  readonly civilites = new IdentSet();
  hasCivilites = false;
  readonly schools = new IdentSet();
  readonly people = new IdentSet();
  readonly parents = new IdentSet();
  count = 0;

  constructor(
    readonly check: boolean,
    indent: boolean,
    readonly limits: Limits,
  ) {
    const max = limits.maxAttributeLength;
    this.e = check ? (v: unknown) => esc(v, max) : escFast;
    this.i1 = indent ? '\n  ' : '';
    this.i2 = indent ? '\n    ' : '';
    this.i3 = indent ? '\n      ' : '';
  }

  /** The element's attributes in the vocabulary's order, each ` Name="value"`, checked with `check`. */
  attributes(table: HolderTable, x: Record<string, unknown>): void {
    const o = this.o;
    for (const a of table.attributes) {
      const v = x[a.field];
      if (v === undefined) {
        if (this.check && a.required) throw INVALID;
        continue;
      }
      if (a.type === 'ident') {
        o.push(a.pre, String(this.check ? ident(v) : (v as number)), '"');
        continue;
      }
      if (this.check) checkValue(a, v);
      o.push(a.pre, this.e(v), '"');
    }
  }

  /** `<?xml …?>` and the root's start tag. */
  root(d: Record<string, unknown>): void {
    this.o.push(`<?xml version="1.0" encoding="UTF-8"?>\n<PARTENAIRE_INDEX xmlns="${PARTENAIRE_INDEX_NAMESPACE}"`);
    this.attributes(TABLES.root, d);
    this.o.push('>');
  }

  /** `Nomenclatures`, when present. */
  nomenclatures(value: unknown): void {
    if (value === undefined) return;
    const { o, i1, i2, i3, check } = this;
    const nomenclatures = check ? record(value) : trustedRecord(value);
    if (nomenclatures.civilites === undefined) {
      o.push(`${i1}<Nomenclatures/>`);
      return;
    }
    this.hasCivilites = true;
    o.push(`${i1}<Nomenclatures>${i2}<Civilites>`);
    for (const item of check ? list(nomenclatures.civilites, true) : trustedList(nomenclatures.civilites)) {
      const c = check ? record(item) : trustedRecord(item);
      o.push(`${i3}<Civilite`);
      this.attributes(TABLES.civilite, c);
      if (check && !this.civilites.add(ident(c.ident))) throw INVALID;
      o.push('/>');
    }
    o.push(`${i2}</Civilites>${i1}</Nomenclatures>`);
  }

  /** `Etablissements` and `EtablissementsGeres`. */
  schoolLists(d: Record<string, unknown>): void {
    const { o, i1, i2, check } = this;
    o.push(`${i1}<Etablissements>`);
    for (const item of check ? list(d.etablissements, true) : trustedList(d.etablissements)) {
      const x = check ? record(item) : trustedRecord(item);
      o.push(`${i2}<Etablissement`);
      this.attributes(TABLES.etablissement, x);
      if (check && !this.schools.add(ident(x.ident))) throw INVALID;
      o.push('/>');
    }
    o.push(`${i1}</Etablissements>${i1}<EtablissementsGeres>`);
    const managed = new IdentSet();
    for (const item of check ? list(d.etablissementsGeres, true) : trustedList(d.etablissementsGeres)) {
      const x = check ? record(item) : trustedRecord(item);
      o.push(`${i2}<Etablissement`);
      this.attributes(TABLES.etablissementGere, x);
      if (check) {
        const n = ident(x.ident);
        if (!this.schools.has(n) || !managed.add(n)) throw INVALID;
      }
      o.push('/>');
    }
    o.push(`${i1}</EtablissementsGeres>`);
  }

  /** The checks across people: `Ident` unique in the file, `ID_Partenaire` unique in the population. */
  unique(p: Record<string, unknown>, ids: StringSet): void {
    if (!this.people.add(ident(p.ident))) throw INVALID;
    if (!ids.add(text(p.idPartenaire))) throw INVALID;
  }

  /** A parent's `Civilite` child, or the end of its empty element. */
  civiliteChild(p: Record<string, unknown>, close: string): void {
    if (p.civilite === undefined) {
      this.o.push('/>');
      return;
    }
    // Trusted (validate: false) documents are written as given.
    const c = this.check ? ident(p.civilite) : (p.civilite as number);
    if (this.check && (!this.hasCivilites || !this.civilites.has(c))) throw INVALID;
    this.o.push(`>${this.i3}<Civilite Ident="`, String(c), '"/>', close);
  }

  /** A student's `Responsable` children, or the end of its empty element. */
  responsableChildren(p: Record<string, unknown>, close: string): void {
    const refs = this.check ? list(p.responsables, true, true) : trustedList(p.responsables);
    if (refs.length === 0) {
      this.o.push('/>');
      return;
    }
    this.o.push('>');
    const ref3 = `${this.i3}<Responsable Ident="`;
    for (const ref of refs) {
      if (this.check && !this.parents.has(ident(ref))) throw INVALID;
      this.o.push(ref3, String(ref), '"/>');
    }
    this.o.push(close);
  }

  /** One population, yielding a chunk whenever enough parts are gathered. */
  *population(d: Record<string, unknown>, names: (typeof POPULATION_ELEMENTS)[number]): Generator<string, void, undefined> {
    const { o, i1, i2, check } = this;
    const arr = check ? list(d[names.population], false) : trustedList(d[names.population]);
    if (arr.length === 0) return;
    this.count += arr.length;
    if (check && this.count > this.limits.maxPeople) throw INVALID;
    const ids = new StringSet(check ? arr.length : 0);
    const table = names.table;
    const population = names.population;
    o.push(`${i1}<${names.container}>`);
    const open = `${i2}<${names.element}`;
    const close = `${i2}</${names.element}>`;
    for (const item of arr) {
      const p = check ? record(item) : trustedRecord(item);
      o.push(open);
      this.attributes(table, p);
      if (check) this.unique(p, ids);
      if (population === 'responsables') {
        this.parents.add(Number(p.ident));
        this.civiliteChild(p, close);
      } else if (population === 'eleves') this.responsableChildren(p, close);
      else o.push('/>');
      if (o.length > PARTS) {
        yield o.join('');
        o.length = 0;
      }
    }
    o.push(`${i1}</${names.container}>`);
  }
}

/**
 * The document as chunks of about 64 KiB. With `check`, every error-level rule of the validation
 * is applied on the way and a failure throws an internal error (use {@link writePartenaireIndex},
 * which turns it into the `ERR_SCHEMA` of the validation).
 */
function* chunks(doc: PartenaireIndex, indent: boolean, check: boolean, limits: Limits): Generator<string, void, undefined> {
  const w = new Writer(check, indent, limits);
  const d = check ? record(doc) : trustedRecord(doc);
  w.root(d);
  w.nomenclatures(d.nomenclatures);
  w.schoolLists(d);
  for (const names of POPULATION_ELEMENTS) yield* w.population(d, names);
  w.o.push(`${indent ? '\n' : ''}</PARTENAIRE_INDEX>\n`);
  yield w.o.join('');
}

/** Options of {@link writePartenaireIndex}. */
export interface WriteOptions {
  indent?: boolean;
  /** Check the model while writing (default true). */
  validate?: boolean;
  limits?: Partial<Limits>;
}

/**
 * The document as string chunks of about 64 KiB, checked while written (unless
 * `validate: false`). An invalid model fails with the `ERR_SCHEMA` of
 * {@link validatePartenaireIndex}, listing every problem, before the last chunk is produced:
 * callers must not use the chunks of a failed run.
 */
export function* writePartenaireIndex(doc: PartenaireIndex, options: WriteOptions = {}): Generator<string, void, undefined> {
  const limits = options.limits === undefined ? DEFAULT_LIMITS : resolveLimits(options.limits);
  const indent = options.indent ?? true;
  if (options.validate === false) {
    yield* chunks(doc, indent, false, limits);
    return;
  }
  try {
    yield* chunks(doc, indent, true, limits);
  } catch (e) {
    if (!(e instanceof Invalid) && !(e instanceof TypeError)) throw e;
    const problems = validatePartenaireIndex(doc, { lint: false, limits });
    if (problems.some((p) => p.severity === 'error')) throw schemaError('the PARTENAIRE_INDEX model', problems);
    // The writer's checks mirror the validation's: reaching this line is a bug.
    throw new EntPronoteError('ERR_SCHEMA', 'the PARTENAIRE_INDEX model could not be written (internal check mismatch: please report it)', { cause: e });
  }
}
