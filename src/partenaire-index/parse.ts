/**
 * Reads a `PARTENAIRE_INDEX` v2.0 document into the typed model.
 *
 * @module
 */

import { expectOptions, expectText } from '../common/arguments';
import { isXsDate, isXsDateTime } from '../common/dates';
import { EntPronoteError, type Problem, schemaError } from '../errors';
import { decodeXmlBytesLatin1 } from '../internal/xml/decode';
import { addKeptShape, keepShapes } from '../internal/keep-shapes';
import { shownName, type StartTag, type XmlHandler, XmlTokenizer, XSI_NS } from '../internal/xml/tokenizer';
import { type Limits, limitError, resolveLimits } from '../limits';
import type { ReadResult } from '../common/result';
import type { Civilite, Eleve, Etablissement, EtablissementGere, Nomenclatures, PartenaireIndex, Personnel, Professeur, Responsable } from './model';
import { PARTENAIRE_INDEX_NAMESPACE } from './model';
import { validatePartenaireIndex } from './validate';
import { CHILDREN, describeType, type Holder, type HolderAttribute, type HolderTable, TABLES } from './vocabulary';

/** Options of {@link parsePartenaireIndex}. */
export interface ParsePartenaireIndexOptions {
  /** Resource limits (input size, people, attribute length, depth). */
  limits?: Partial<Limits>;
  /**
   * Also run {@link validatePartenaireIndex} without its advisory lint (references, uniqueness,
   * UAI, …) and refuse the document on any error-level problem. Default false: parsing checks
   * what the schema says (structure, order, cardinalities, required attributes, types).
   */
  validate?: boolean;
  /** Stop collecting after this many problems (default 100). */
  maxProblems?: number;
  /**
   * When the document breaks the schema, also run {@link validatePartenaireIndex} on what was
   * read and add its problems (at paths the schema problems do not name) to the `ERR_SCHEMA`
   * error, so that one run lists every problem (`ent-pronote validate`).
   * @internal
   */
  allProblems?: boolean;
}

/**
 * What {@link parsePartenaireIndex} returns: the model, and `problems`, the warnings found while
 * reading, the shape of every parse, read and open. The reader is strict (any schema finding, and
 * with `validate` any semantic error, refuses the document with `ERR_SCHEMA`), and the advisory
 * checks (an `ID_Partenaire` that is not opaque, a UAI check letter that does not match, a parent
 * listed twice) are those of {@link validatePartenaireIndex}, run separately, so `problems` is
 * empty today.
 */
export type ParsedPartenaireIndex = ReadResult<PartenaireIndex>;

const WHAT = 'a PARTENAIRE_INDEX document';
const ROOT = '/PARTENAIRE_INDEX';
const SECTIONS = ['Nomenclatures', 'Etablissements', 'EtablissementsGeres', 'Personnels', 'Professeurs', 'Responsables', 'Eleves'] as const;
type Section = (typeof SECTIONS)[number];
const ITEM: Record<Section, string> = {
  Nomenclatures: 'Civilites',
  Etablissements: 'Etablissement',
  EtablissementsGeres: 'Etablissement',
  Personnels: 'Personnel',
  Professeurs: 'Professeur',
  Responsables: 'Responsable',
  Eleves: 'Eleve',
};

/**
 * The path of an element in problems: a string, or a function building it, called only when a
 * problem is reported (most documents have none: no string is built per person).
 */
type Path = string | (() => string);

function pathText(path: Path): string {
  return typeof path === 'string' ? path : path();
}

/** The problems found while parsing. */
class ParseState {
  readonly problems: Problem[] = [];
  errors = 0;
  tokenizer: XmlTokenizer | undefined;
  constructor(readonly maxProblems: number) {}
  /** Reports a problem at `path` (+ `suffix`, e.g. `/@Ident`). */
  problem(path: Path, rule: string, message: string, offset: number, suffix = ''): void {
    if (this.errors >= this.maxProblems) return;
    this.errors++;
    const { line, column } = (this.tokenizer as XmlTokenizer).locate(offset);
    this.problems.push({ severity: 'error', rule, path: pathText(path) + suffix, message, line, column });
  }
}

/** Reads the `Ident` of the element at `path`: an `xs:unsignedInt` (white space collapsed, optional `+`), or -1 after a problem. */
function parseIdent(st: ParseState, raw: string, path: Path, offset: number, suffix = '/@Ident'): number {
  let i = 0;
  let end = raw.length;
  while (i < end && (raw.charCodeAt(i) === 0x20 || raw.charCodeAt(i) === 0x09 || raw.charCodeAt(i) === 0x0a || raw.charCodeAt(i) === 0x0d)) i++;
  while (end > i && (raw.charCodeAt(end - 1) === 0x20 || raw.charCodeAt(end - 1) === 0x09 || raw.charCodeAt(end - 1) === 0x0a || raw.charCodeAt(end - 1) === 0x0d)) end--;
  if (i < end && raw.charCodeAt(i) === 0x2b /* + */) i++;
  let n = 0;
  if (i === end) n = -1;
  for (; i < end; i++) {
    const d = raw.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) {
      n = -1;
      break;
    }
    n = n * 10 + d;
  }
  if (n < 0) {
    st.problem(path, 'type', 'must be an unsigned integer (xs:unsignedInt)', offset, suffix);
    return -1;
  }
  if (n > 4294967295) {
    st.problem(path, 'type', 'is larger than 4294967295 (xs:unsignedInt)', offset, suffix);
    return -1;
  }
  return n;
}

/**
 * Parses a `PARTENAIRE_INDEX` document (string, or bytes in their declared encoding) into the
 * model, checking what the schema says: root and namespace, element order and cardinalities,
 * no unknown element or attribute (`xsi:` attributes aside), required attributes, types
 * (`xs:unsignedInt`, `xs:date`, `xs:dateTime`, enumerations). Accepts a byte order mark,
 * indentation, the default namespace or any prefix bound to the namespace. Refuses a DOCTYPE.
 *
 * `buildPartenaireIndex` and `parsePartenaireIndex` round-trip: `parse(build(x)).document`
 * deep-equals `x` for every valid `x`.
 *
 * Returns `{ document, problems }`, the shape of every parse, read and open (see
 * {@link ParsedPartenaireIndex}).
 *
 * @throws EntPronoteError `ERR_ENCODING`, `ERR_XML` (not well-formed, with line and column),
 * `ERR_DOCTYPE`, `ERR_LIMIT`, or `ERR_SCHEMA` listing every problem found with its path, line
 * and column.
 *
 * @example
 * ```ts
 * const { document } = parsePartenaireIndex(readFileSync('PARTENAIRE_INDEX.xml'), { validate: true });
 * console.log(document.eleves.length);
 * ```
 */
export function parsePartenaireIndex(xml: string | Uint8Array, options: ParsePartenaireIndexOptions = {}): ParsedPartenaireIndex {
  expectText(xml, 'xml');
  expectOptions(options);
  const limits = resolveLimits(options.limits);
  const decoded = typeof xml === 'string' ? { text: xml, utf8Latin1: false } : decodeXmlBytesLatin1(xml, { limits, what: WHAT });
  const reader = createPartenaireIndexReader(options, limits, decoded.utf8Latin1);
  reader.write(decoded.text);
  return reader.end();
}

/**
 * An incremental `PARTENAIRE_INDEX` reader: text chunks in (UTF-8 read as Latin-1 when
 * `utf8Latin1`, see the tokenizer), the checked model out of `end()`. What
 * {@link parsePartenaireIndex} does, for input that arrives in chunks (decompression).
 *
 * @internal
 */
export interface PartenaireIndexReader {
  write(text: string): void;
  end(): ParsedPartenaireIndex;
}

/** The holder of each section's items. */
const ITEM_HOLDER: Readonly<Record<Exclude<Section, 'Nomenclatures'>, Holder>> = {
  Etablissements: 'etablissement',
  EtablissementsGeres: 'etablissementGere',
  Personnels: 'personnel',
  Professeurs: 'professeur',
  Responsables: 'responsable',
  Eleves: 'eleve',
};

/**
 * The attribute found last at each position of an element of a holder, by its (interned) name:
 * elements of one kind list their attributes in the same order, so that the name at position `k`
 * is usually the very string seen there before, and the lookup by name is spared. A cache only
 * (any reader may update it); at most `MAX_XML_ATTRIBUTES` entries.
 */
interface AttributeMemo {
  readonly names: (string | undefined)[];
  readonly attributes: (HolderAttribute | undefined)[];
  /** The attribute sets whose object shape is kept alive (see {@link keepShape}). */
  readonly kept: Set<number>;
  /** The attribute set of the last element of the kind. */
  lastHas: number;
}

const MEMOS = new Map<HolderTable, AttributeMemo>(Object.values(TABLES).map((t) => [t, { names: [], attributes: [], kept: new Set(), lastHas: -1 }]));

/** At most this many shapes kept per element kind (a handful in real documents). */
const MAX_KEPT_SHAPES = 64;

/**
 * Keeps the object shape of `target` alive between parses (see `src/internal/keep-shapes.ts`).
 * The model's objects get their shape (V8's hidden class) from the attributes read, in order;
 * when a document is dropped and collected, these shapes die with it, and the compiled code of
 * the reader that depends on them is thrown away and compiled again in the next parse (measured:
 * most of a school's open time when a full collection runs between two opens). A copy made by
 * the same steps with neutral values (0, '', []) has the same shape and holds none of the
 * document's values.
 */
function keepShape(memo: AttributeMemo, table: HolderTable, has: number, target: Record<string, unknown>): void {
  if (memo.kept.has(has) || memo.kept.size >= MAX_KEPT_SHAPES) return;
  memo.kept.add(has);
  // The child references are added after the attributes: `responsables` always, `civilite` when present.
  for (const c of CHILDREN) {
    if (c.on !== table.holder) continue;
    if (c.multiple) {
      addKeptShape('partenaire-index-model', neutralCopy(table.holder, target, c.field, []));
      return;
    }
    addKeptShape('partenaire-index-model', neutralCopy(table.holder, target, c.field, 0));
  }
  addKeptShape('partenaire-index-model', neutralCopy(table.holder, target));
}

/** An object made by the same steps as `target` (then `child` if given), with neutral values. */
function neutralCopy(holder: Holder, target: Record<string, unknown>, child?: string, childValue?: unknown): Record<string, unknown> {
  const copy = new MAKE[holder]();
  for (const key in target) {
    const v = target[key];
    copy[key] = typeof v === 'number' ? 0 : typeof v === 'string' ? '' : [];
  }
  if (child !== undefined) copy[child] = childValue;
  return copy;
}

/** A constructor of plain objects (see {@link plainObjectMaker}). */
type PlainObjectMaker = new () => Record<string, unknown>;

/**
 * A constructor of plain objects (their prototype is `Object.prototype`, as for `{}`) that V8
 * sizes for the properties they get. An object made by `{}` has room for four properties; the
 * fifth and later ones go to a separate array, reallocated as it grows: two more allocations per
 * person, kept or collected (a fifth of the model's memory). Objects made by a constructor start
 * with room for the properties its body assigns (the assignments below never run), and V8 trims
 * that room to what the objects use after the first few. Each call gives a new constructor, so
 * each holder's objects are sized for that holder.
 */
function plainObjectMaker(): PlainObjectMaker {
  function PlainObject(this: Record<string, unknown>, never?: true): void {
    if (never === true) {
      // Room for 16 properties: the most a holder has is 14 attributes and one child list.
      this.a = this.b = this.c = this.d = this.e = this.f = this.g = this.h = 0;
      this.i = this.j = this.k = this.l = this.m = this.n = this.o = this.p = 0;
    }
  }
  PlainObject.prototype = Object.prototype;
  return PlainObject as unknown as PlainObjectMaker;
}

/** The constructor of each holder's objects. */
const MAKE: Readonly<Record<Holder, PlainObjectMaker>> = {
  root: plainObjectMaker(),
  civilite: plainObjectMaker(),
  etablissement: plainObjectMaker(),
  etablissementGere: plainObjectMaker(),
  personnel: plainObjectMaker(),
  professeur: plainObjectMaker(),
  responsable: plainObjectMaker(),
  eleve: plainObjectMaker(),
};

/**
 * Reads the attributes of `tag` into `target` with the holder's table of the vocabulary: types
 * checked (`Ident`, dates, enumerations), unknown and missing required attributes reported.
 */
function readAttributes(st: ParseState, tag: StartTag, table: HolderTable, target: Record<string, unknown>, path: Path): number {
  let has = 0;
  const byXml = table.byXml;
  const memo = MEMOS.get(table) as AttributeMemo;
  for (let k = 0; k < tag.attrCount; k++) {
    let a: HolderAttribute | undefined;
    if (tag.attrNs[k] === '') {
      const local = tag.attrLocals[k] as string;
      if (memo.names[k] === local) a = memo.attributes[k];
      else {
        a = byXml.get(local);
        memo.names[k] = local;
        memo.attributes[k] = a;
      }
    }
    if (a === undefined) {
      unknownAttribute(st, tag, k, path);
      continue;
    }
    has |= a.bit;
    const value = tag.attrValues[k] as string;
    switch (a.type) {
      case 'ident':
        target[a.field] = parseIdent(st, value, path, tag.offset, `/@${a.xml}`);
        break;
      case 'date': {
        if (isXsDate(value)) target[a.field] = value;
        else {
          const v = value.trim();
          if (!isXsDate(v)) st.problem(path, 'date', `must be ${describeType(a.spec)}`, tag.offset, `/@${a.xml}`);
          target[a.field] = v;
        }
        break;
      }
      case 'dateTime': {
        const v = value.trim();
        if (!isXsDateTime(v)) st.problem(path, 'date', `must be ${describeType(a.spec)}`, tag.offset, `/@${a.xml}`);
        target[a.field] = v;
        break;
      }
      case 'enum':
        if ((a.spec.values as readonly string[]).includes(value)) target[a.field] = value;
        else st.problem(path, 'enum', `must be ${describeType(a.spec)}`, tag.offset, `/@${a.xml}`);
        break;
      default:
        target[a.field] = value;
    }
  }
  if ((has & table.requiredMask) !== table.requiredMask) {
    for (const a of table.attributes) {
      if (a.required && (has & a.bit) === 0) st.problem(path, 'required', `required attribute of <${tag.local}> is missing`, tag.offset, `/@${a.xml}`);
    }
  }
  if (has !== memo.lastHas) {
    memo.lastHas = has;
    keepShape(memo, table, has, target);
  }
  return has;
}

/** Reports an attribute that is not part of the element (`xsi:` attributes are allowed). */
function unknownAttribute(st: ParseState, tag: StartTag, k: number, path: Path): void {
  if (tag.attrNs[k] === XSI_NS) return;
  st.problem(path, 'unknown', `attribute is not part of <${shownName(tag.local)}>`, tag.offset, `/@${shownName(tag.attrQNames[k] ?? '')}`);
}

/** Throws unless the root element is `PARTENAIRE_INDEX` in its namespace. */
function checkRootElement(st: ParseState, tag: StartTag): void {
  if (tag.local !== 'PARTENAIRE_INDEX') {
    throw new EntPronoteError('ERR_SCHEMA', `the root element is <${shownName(tag.local)}>, expected <PARTENAIRE_INDEX> (is this the right kind of file?)`, {
      path: `/${shownName(tag.local)}`,
      ...st.tokenizer?.locate(tag.offset),
    });
  }
  if (tag.ns !== PARTENAIRE_INDEX_NAMESPACE) {
    throw new EntPronoteError(
      'ERR_SCHEMA',
      tag.ns === ''
        ? `<PARTENAIRE_INDEX> has no namespace; it must be in ${PARTENAIRE_INDEX_NAMESPACE} (add xmlns="${PARTENAIRE_INDEX_NAMESPACE}")`
        : `<PARTENAIRE_INDEX> is in another namespace; expected ${PARTENAIRE_INDEX_NAMESPACE}`,
      { path: ROOT, ...st.tokenizer?.locate(tag.offset) },
    );
  }
}

/**
 * The reader's state machine, one method per level of the document: the root (depth 1), a
 * section (depth 2), an item of a section (depth 3), a child of an item (depth 4).
 */
class Reader implements XmlHandler {
  readonly doc: PartenaireIndex = {
    etablissements: [],
    etablissementsGeres: [],
    personnels: [],
    professeurs: [],
    responsables: [],
    eleves: [],
  } as unknown as PartenaireIndex;
  sectionIndex = -1;
  section: Section | undefined;
  sectionCount = 0;
  sectionOffset = 0;
  /** Path of the current item of a section (built only for a problem). */
  itemSection: Section = 'Eleves';
  itemIndex = 0;
  readonly itemPathOf = (): string => `${ROOT}/${this.itemSection}/${ITEM[this.itemSection]}[${this.itemIndex}]`;
  itemPath: Path = '';
  /** Path of the current child of an item: `<name>[index]`, or `<name>` when index is 0. */
  childName = '';
  childIndex = 0;
  readonly childPathOf = (): string => `${pathText(this.itemPath)}/${this.childName}${this.childIndex === 0 ? '' : `[${this.childIndex}]`}`;
  civilites: Civilite[] | undefined;
  civilitesCount = 0;
  current: Responsable | Eleve | undefined;
  childCount = 0;
  skipDepth = 0;
  people = 0;
  /** The `Ident`s of the current student's `Responsable` children (copied at the end of the student). */
  readonly references: number[] = [];
  readonly seen = new Set<Section>();

  constructor(
    readonly st: ParseState,
    readonly limits: Limits,
  ) {}

  unexpected(tag: StartTag, parentPath: Path, expected: string): void {
    const where = tag.ns === PARTENAIRE_INDEX_NAMESPACE ? '' : tag.ns === '' ? ' (in no namespace)' : ' (in another namespace)';
    this.st.problem(parentPath, 'unexpected', `element <${shownName(tag.local)}>${where} is not allowed here; expected ${expected}`, tag.offset, `/${shownName(tag.local)}`);
    this.skipDepth = tag.depth;
  }

  startElement(tag: StartTag): void {
    if (this.skipDepth !== 0) return;
    switch (tag.depth) {
      case 1:
        checkRootElement(this.st, tag);
        readAttributes(this.st, tag, TABLES.root, this.doc, ROOT);
        return;
      case 2:
        return this.startSection(tag);
      case 3:
        return this.startItem(tag);
      case 4:
        return this.startChild(tag);
      default:
        return this.unexpected(tag, this.itemPath, 'no child element');
    }
  }

  /** `Etablissements`, `Eleves`…: order, duplicates. */
  startSection(tag: StartTag): void {
    const idx = tag.ns === PARTENAIRE_INDEX_NAMESPACE ? SECTIONS.indexOf(tag.local as Section) : -1;
    if (idx === -1) return this.unexpected(tag, ROOT, `one of ${SECTIONS.join(', ')}`);
    const name = SECTIONS[idx] as Section;
    if (this.seen.has(name)) {
      this.st.problem(`${ROOT}/${name}[2]`, 'duplicate', `<${name}> appears twice`, tag.offset);
      this.skipDepth = tag.depth;
      return;
    }
    if (idx < this.sectionIndex) {
      this.st.problem(`${ROOT}/${name}`, 'order', `<${name}> is out of order: expected order is ${SECTIONS.join(', ')}`, tag.offset);
    }
    for (let k = 0; k < tag.attrCount; k++) unknownAttribute(this.st, tag, k, `${ROOT}/${name}`);
    this.seen.add(name);
    this.sectionIndex = idx;
    this.section = name;
    this.sectionCount = 0;
    this.sectionOffset = tag.offset;
    if (name === 'Nomenclatures') this.doc.nomenclatures = {};
  }

  /** An item of a section: `Civilites`, a school, a managed school, a person. */
  startItem(tag: StartTag): void {
    const sec = this.section as Section;
    const item = ITEM[sec];
    const parent = `${ROOT}/${sec}`;
    if (tag.ns !== PARTENAIRE_INDEX_NAMESPACE || tag.local !== item) return this.unexpected(tag, parent, `<${item}>`);
    this.sectionCount++;
    this.itemSection = sec;
    this.itemIndex = this.sectionCount;
    this.itemPath = this.itemPathOf;
    this.current = undefined;
    this.childCount = 0;
    if (sec === 'Nomenclatures') return this.startCivilites(tag, parent);
    const holder = ITEM_HOLDER[sec];
    const target = new MAKE[holder]();
    switch (sec) {
      case 'Etablissements':
        readAttributes(this.st, tag, TABLES.etablissement, target, this.itemPath);
        this.doc.etablissements.push(target as Etablissement);
        return;
      case 'EtablissementsGeres':
        readAttributes(this.st, tag, TABLES.etablissementGere, target, this.itemPath);
        this.doc.etablissementsGeres.push(target as EtablissementGere);
        return;
      default:
        return this.startPerson(tag, sec, holder, target);
    }
  }

  startCivilites(tag: StartTag, parent: string): void {
    if (this.sectionCount > 1) {
      this.st.problem(`${parent}/Civilites[2]`, 'duplicate', '<Civilites> appears twice', tag.offset);
      this.skipDepth = tag.depth;
      return;
    }
    for (let k = 0; k < tag.attrCount; k++) unknownAttribute(this.st, tag, k, `${parent}/Civilites`);
    this.civilites = [];
    this.civilitesCount = 0;
    (this.doc.nomenclatures as Nomenclatures).civilites = this.civilites;
    this.itemPath = `${parent}/Civilites`;
  }

  startPerson(tag: StartTag, sec: Section, holder: Holder, p: Record<string, unknown>): void {
    if (++this.people > this.limits.maxPeople) throw limitError('number of people', this.limits.maxPeople, 'maxPeople');
    readAttributes(this.st, tag, TABLES[holder], p, this.itemPath);
    switch (sec) {
      case 'Personnels':
        this.doc.personnels.push(p as Personnel);
        return;
      case 'Professeurs':
        this.doc.professeurs.push(p as Professeur);
        return;
      case 'Responsables':
        this.doc.responsables.push(p as Responsable);
        this.current = p as Responsable;
        return;
      default:
        p.responsables = [];
        this.doc.eleves.push(p as Eleve);
        this.current = p as Eleve;
    }
  }

  /** A child of an item: `Civilite` of the nomenclature, of a parent, `Responsable` of a student. */
  startChild(tag: StartTag): void {
    const sec = this.section as Section;
    const ours = tag.ns === PARTENAIRE_INDEX_NAMESPACE;
    if (sec === 'Nomenclatures') {
      if (!ours || tag.local !== 'Civilite') return this.unexpected(tag, this.itemPath, '<Civilite>');
      this.civilitesCount++;
      const c = new MAKE.civilite();
      readAttributes(this.st, tag, TABLES.civilite, c, `${pathText(this.itemPath)}/Civilite[${this.civilitesCount}]`);
      this.civilites?.push(c as Civilite);
      return;
    }
    if (sec === 'Responsables' && this.current !== undefined) {
      if (!ours || tag.local !== 'Civilite') return this.unexpected(tag, this.itemPath, '<Civilite>');
      this.childCount++;
      if (this.childCount > 1) {
        this.st.problem(this.itemPath, 'duplicate', '<Civilite> appears twice', tag.offset, '/Civilite[2]');
        return;
      }
      this.childName = 'Civilite';
      this.childIndex = 0;
      (this.current as Responsable).civilite = this.readReference(tag);
      return;
    }
    if (sec === 'Eleves' && this.current !== undefined) {
      if (!ours || tag.local !== 'Responsable') return this.unexpected(tag, this.itemPath, '<Responsable>');
      this.childCount++;
      this.childName = 'Responsable';
      this.childIndex = this.childCount;
      this.references[this.childCount - 1] = this.readReference(tag);
      return;
    }
    this.unexpected(tag, this.itemPath, 'no child element');
  }

  /** A child that references another element by its `Ident` (the same attributes as a managed school). */
  readReference(tag: StartTag): number {
    if (tag.attrCount === 1 && tag.attrLocals[0] === 'Ident' && tag.attrNs[0] === '') {
      // The usual reference, `Ident` alone: read without an object (the general path below
      // reports what else a reference may hold).
      return parseIdent(this.st, tag.attrValues[0] as string, this.childPathOf, tag.offset);
    }
    const ref = new MAKE.etablissementGere();
    readAttributes(this.st, tag, TABLES.etablissementGere, ref, this.childPathOf);
    return ref.ident as number;
  }

  endElement(_qname: string, local: string, _ns: string, depth: number): void {
    if (this.skipDepth !== 0) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      return;
    }
    if (depth === 3 && this.childCount > 0 && this.section === 'Eleves') {
      // The student's parents, in an array of their number (pushing one by one gives an array of 17 slots).
      (this.current as Eleve).responsables = this.references.slice(0, this.childCount);
      return;
    }
    if (depth === 2 && this.section !== undefined) {
      if (this.section !== 'Nomenclatures' && this.sectionCount === 0) {
        this.st.problem(`${ROOT}/${this.section}`, 'cardinality', `<${this.section}> must contain at least one <${ITEM[this.section]}>`, this.sectionOffset);
      }
      this.section = undefined;
    } else if (depth === 3 && this.section === 'Nomenclatures' && local === 'Civilites' && this.civilitesCount === 0) {
      this.st.problem(this.itemPath, 'cardinality', '<Civilites> must contain at least one <Civilite>', this.sectionOffset);
    }
  }

  text(_value: string, offset: number, depth: number): void {
    if (this.skipDepth !== 0) return;
    const path = depth === 1 ? ROOT : depth === 2 ? `${ROOT}/${this.section ?? ''}` : this.itemPath;
    this.st.problem(path, 'text', 'text content is not allowed here', offset);
  }

  /** The checks of the end of the document: required sections. */
  finish(length: number): void {
    for (const name of ['Etablissements', 'EtablissementsGeres'] as const) {
      if (!this.seen.has(name)) this.st.problem(`${ROOT}/${name}`, 'required', `required element <${name}> is missing`, length);
    }
  }
}

/** The schema problems, then the validator's problems on the partly read model at other paths. */
function withSemanticProblems(schema: readonly Problem[], doc: PartenaireIndex, limits: Limits): Problem[] {
  const reported = new Set(schema.map((p) => p.path));
  let semantic: Problem[];
  try {
    semantic = validatePartenaireIndex(doc, { limits });
  } catch {
    return [...schema];
  }
  return [...schema, ...semantic.filter((p) => !reported.has(p.path))];
}

/** @internal See {@link PartenaireIndexReader}. */
export function createPartenaireIndexReader(options: Omit<ParsePartenaireIndexOptions, 'limits'>, limits: Limits, utf8Latin1: boolean): PartenaireIndexReader {
  const st = new ParseState(options.maxProblems ?? 100);
  const reader = new Reader(st, limits);
  // The reader is the handler: the tokenizer then calls the same functions (the class's methods)
  // in every parse. Closures made per parse were new call targets each time, and the optimised
  // tokenizer was thrown away and compiled again in every parse (most of a school's time).
  const tokenizer = new XmlTokenizer(reader, { limits, what: WHAT, utf8Latin1 });
  st.tokenizer = tokenizer;
  let length = 0;
  return {
    write(text: string): void {
      length += text.length;
      tokenizer.write(text);
    },
    end(): ParsedPartenaireIndex {
      try {
        tokenizer.end();
      } finally {
        // New objects of the reader's classes, kept until the next document (see keepShapes).
        keepShapes('partenaire-index', [new XmlTokenizer(new Reader(new ParseState(0), limits), { limits, what: WHAT, utf8Latin1 }), limits]);
      }
      reader.finish(length);
      const doc = reader.doc;
      if (st.errors > 0) throw schemaError(WHAT, options.allProblems === true ? withSemanticProblems(st.problems, doc, limits) : st.problems);
      if (options.validate === true) {
        // Without the advisory lint (opacity, UAI check letter): it would add about half of the
        // parse time. The errors refuse the document; the warnings, if any, are returned.
        const problems = validatePartenaireIndex(doc, { limits, lint: false });
        if (problems.some((p) => p.severity === 'error')) throw schemaError(WHAT, problems);
        return { document: doc, problems };
      }
      return { document: doc, problems: [] };
    },
  };
}
