/**
 * Reads the PRONOTE identifier file `IdPN_To_<ENT>.xml` (root `IDENTIFIANTS_PRONOTE`).
 *
 * Index-Education has not published this file's schema, so the reader is lenient where the
 * model is uncertain and strict on what matching needs (see {@link parseIdentifiantsPronote}).
 *
 * @module
 */

import { expectOptions, expectText } from '../common/arguments';
import { normalizeBirthDate } from '../common/dates';
import { isIsoDate } from '../common/dates';
import { EntPronoteError, type Problem, withFile } from '../errors';
import type { ReadResult } from '../common/result';
import { limitError, type Limits, resolveLimits } from '../limits';
import { decodeXmlBytes } from '../internal/xml/decode';
import { keepShapes } from '../internal/keep-shapes';
import { type StartTag, XmlTokenizer } from '../internal/xml/tokenizer';
import {
  type Extra,
  type ExtraElement,
  type IdentifiantsPronote,
  IDENTIFIANTS_PRONOTE_VERSION,
  type PronotePersonne,
  type PronoteEleve,
} from './model';
import { checkIdentifiantsPronote, type ModelLocation } from './validate';
import {
  ATTRIBUTE_NAMES,
  CONTAINER,
  containerPath,
  ELEMENT_NAMES,
  type EnumName,
  type EnumOf,
  ENUMS,
  HOLDER,
  type HolderAttribute,
  type HolderTable,
  isNamespaceDeclaration,
  type ModelOf,
  nameKey,
  PERSON,
  personPath,
  POPULATIONS,
  type Population,
  REF,
  refPath,
  ROOT,
  ROOT_PATH,
  TABLES,
  setOwn,
  shortName,
} from './vocabulary';

/**
 * Adapts the reader to a variant of the file. Keys are the names as the variant writes them
 * (matched case-insensitively); values are this model's canonical names.
 *
 * @example
 * ```ts
 * const mapping: IdentifiantsPronoteMapping = {
 *   elements: { ELEVES_PRONOTE: 'Eleves', ELEVE_PRONOTE: 'Eleve' },
 *   attributes: { NUMERO: 'IDPN', 'IDENTIFIANTS_PRONOTE@ETAB': 'UAI' },
 *   values: { Sexe: { G: 'Masculin' }, Mode: { COMPLETE: 'Complet' } },
 * };
 * ```
 */
export interface IdentifiantsPronoteMapping {
  /**
   * Element aliases: `{ ELEVES_PRONOTE: 'Eleves' }`. Targets: `IDENTIFIANTS_PRONOTE`,
   * `Personnels`, `Personnel`, `Professeurs`, `Professeur`, `Responsables`, `Responsable`,
   * `Eleves`, `Eleve` (a `Responsable` inside an `Eleve` is the parent reference).
   */
  readonly elements?: Readonly<Record<string, string>>;
  /**
   * Attribute aliases: `{ NUMERO: 'IDPN' }` applies on every element that has the target
   * attribute; `{ 'Eleve@NUMERO': 'IDPN' }` (or `'Eleve/@NUMERO'`) only on that element
   * (canonical element name), and wins over an unscoped alias. Targets: `Version`, `Date`,
   * `UAI`, `Socle`, `Mode`, `Ident`, `IDPN`, `Nom`, `Prenom`, `DateNaissance`, `Sexe`,
   * `ID_Partenaire`.
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * Extra spellings of enumerated values (`Sexe`, `Mode`), matched case-insensitively after
   * trimming.
   */
  readonly values?: { readonly [X in EnumName]?: Readonly<Record<string, EnumOf<X>>> };
}

/** Options of {@link parseIdentifiantsPronote}. */
export interface ParseIdentifiantsPronoteOptions {
  /** Aliases for a variant of the file (see {@link IdentifiantsPronoteMapping}). */
  mapping?: IdentifiantsPronoteMapping;
  /**
   * Values for root attributes a variant leaves out (or leaves empty). Without them, a missing
   * `Date`, `UAI`, `Socle` or `Mode` is an error and a missing `Version` reads as `1`. Each use
   * of a default is reported as a warning in `problems`.
   */
  defaults?: Partial<ModelOf<'root'>>;
  /** Resource limits (input size, number of people, attribute length, depth). */
  limits?: Partial<Limits>;
  /** Name of the input file, for messages only (the library never opens files). */
  file?: string;
}

/**
 * Result of {@link parseIdentifiantsPronote}: the shape of every parse, read and open
 * (`{ document, problems }`, see {@link ReadResult}).
 *
 * - `document`: the document, valid (no error-level problem of {@link validateIdentifiantsPronote}).
 * - `problems`: what the lenient reader accepted or kept without failing, each once per kind with
 *   the path and line of its first occurrence and the number of occurrences in the message; all
 *   have severity `warning`. Rules: `unknown-attribute`, `unknown-element`, `text`, `case`
 *   (another letter case or a namespace prefix), `date-format` (a birth date rewritten
 *   `YYYY-MM-DD`), `value` (a `Sexe` or `Mode` variant), `empty` (an empty optional attribute
 *   read as absent), `default`, `container` (a person outside its population element), `order`,
 *   `repeated`, plus the warnings of {@link validateIdentifiantsPronote}.
 */
export type ParsedIdentifiantsPronote = ReadResult<IdentifiantsPronote>;

const WHAT = 'the IDENTIFIANTS_PRONOTE document';
const MAX_IDENT = 0xffffffff;
/** Most kinds of notices kept (each about 300 bytes); the occurrences of further kinds are counted in a last `truncated` notice. */
const MAX_NOTICE_KINDS = 1_000;
/** Most unknown elements and attributes kept in `extra` bags (each about 150 bytes): `ERR_LIMIT` beyond. */
const MAX_EXTRA_ITEMS = 100_000;
/** Most errors kept (each about 300 bytes); the others are counted. */
const MAX_KEPT_ERRORS = 10_000;

// ---------------------------------------------------------------------------------------------
// Mapping

interface ResolvedMapping {
  elements: Map<string, string>;
  /** Key: lower-case canonical element name + '@' + lower-case alias, or '@' + alias. */
  attributes: Map<string, string>;
  /** Value spellings of each enumerated attribute (XML name), trimmed lower-case key → value. */
  values: Map<string, Map<string, string>>;
}

function canonicalOf(names: readonly string[], value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

function resolveMapping(mapping: IdentifiantsPronoteMapping | undefined): ResolvedMapping {
  const out: ResolvedMapping = { elements: new Map(), attributes: new Map(), values: new Map() };
  if (mapping === undefined) return out;
  for (const [alias, target] of Object.entries(mapping.elements ?? {})) {
    const canonical = canonicalOf(ELEMENT_NAMES, target);
    if (canonical === undefined) {
      throw new EntPronoteError('ERR_ARGUMENT', `mapping.elements: the target of alias ${JSON.stringify(shortName(alias))} is not an element of the model (${ELEMENT_NAMES.join(', ')})`);
    }
    out.elements.set(alias.toLowerCase(), canonical);
  }
  for (const [key, target] of Object.entries(mapping.attributes ?? {})) {
    const canonical = canonicalOf(ATTRIBUTE_NAMES, target);
    if (canonical === undefined) {
      throw new EntPronoteError('ERR_ARGUMENT', `mapping.attributes: the target of alias ${JSON.stringify(shortName(key))} is not an attribute of the model (${ATTRIBUTE_NAMES.join(', ')})`);
    }
    const at = key.indexOf('@');
    if (at === -1) {
      out.attributes.set(`@${key.toLowerCase()}`, canonical);
      continue;
    }
    const element = canonicalOf(ELEMENT_NAMES, key.slice(0, at).replace(/\/$/, ''));
    const alias = key.slice(at + 1);
    if (element === undefined || alias === '') {
      throw new EntPronoteError('ERR_ARGUMENT', `mapping.attributes: key ${JSON.stringify(shortName(key))} must be "NAME" or "Element@NAME" with a canonical element name`);
    }
    out.attributes.set(`${element.toLowerCase()}@${alias.toLowerCase()}`, canonical);
  }
  for (const spec of ENUMS.values()) {
    const values = spec.values as readonly string[];
    const spellings = new Map<string, string>();
    for (const [variant, value] of Object.entries((mapping.values as Record<string, Record<string, unknown>> | undefined)?.[spec.xml] ?? {})) {
      if (typeof value !== 'string' || !values.includes(value)) throw new EntPronoteError('ERR_ARGUMENT', `mapping.values.${spec.xml} values must be ${values.join(' or ')}`);
      spellings.set(variant.trim().toLowerCase(), value);
    }
    out.values.set(spec.xml, spellings);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lines

/** Line/column of offsets in a text, from a line index built on first use. */
class Lines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  locate(offset: number): { line: number; column: number } {
    if (this.starts === undefined) {
      const starts = [0];
      const t = this.text;
      let i = t.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = t.indexOf('\n', i + 1);
      }
      this.starts = starts;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// The reader

const F_ROOT = 0;
const F_CONTAINER = 1;
const F_PERSON = 2;
const F_REF = 3;
const F_EXTRA = 4;

interface Frame {
  kind: number;
  population: Population;
  /** The person (F_PERSON), the student (F_REF). */
  person: PronotePersonne | undefined;
  /** Index of the person or of the reference. */
  index: number;
  /** The element (F_EXTRA). */
  element: ExtraElement | undefined;
  /** Offset of the start tag, for lines in messages. */
  offset: number;
}

interface ElementName {
  canonical: string | undefined;
  /** True when written in another letter case or with a prefix (and not through an alias). */
  inexact: boolean;
  /** Key of the `case` notice. */
  caseKey: string;
}

interface AttributeName {
  canonical: string | undefined;
  /** The attribute of the holder's table (undefined when unknown). */
  attribute: HolderAttribute | undefined;
  inexact: boolean;
  /** Key of the `case` notice. */
  caseKey: string;
  /** Key of the `unknown-attribute` notice. */
  unknownKey: string;
}

interface NoticeAggregate {
  rule: string;
  path: string;
  message: string;
  offset: number;
  count: number;
}

const PERSON_KEYS: ReadonlyMap<string, Population> = new Map(POPULATIONS.map((p) => [PERSON[p].toLowerCase(), p]));
const CONTAINER_KEYS: ReadonlyMap<string, Population> = new Map(POPULATIONS.map((p) => [CONTAINER[p].toLowerCase(), p]));

/** The spellings of each enumerated attribute's values (XML name → trimmed lower-case spelling → value). */
const ENUM_SPELLINGS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  [...ENUMS.values()].map((spec) => [
    spec.xml,
    new Map([...(spec.values ?? []).map((v) => [v.toLowerCase(), v] as const), ...Object.entries(spec.variants ?? {})]),
  ]),
);

/** What an absent attribute reads as before validation: `NaN` or `''` when required (validation reports it), absent otherwise. */
function initialValue(a: HolderAttribute): unknown {
  if (!a.required) return undefined;
  return a.type === 'ident' ? NaN : '';
}

/** The initial values of each holder's attributes, by position. */
const INITIAL: Readonly<Record<string, readonly unknown[]>> = Object.fromEntries(Object.values(TABLES).map((t) => [t.holder, t.attributes.map(initialValue)]));

const ROOT_PATH_OF = (): string => ROOT_PATH;

/** xs:unsignedInt lexical form (surrounding white space and leading zeros allowed), or NaN. */
function parseIdent(value: string): number {
  const len = value.length;
  if (len > 0 && len < 10) {
    let n = 0;
    let i = 0;
    for (; i < len; i++) {
      const c = value.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    if (i === len) return n;
  }
  const v = value.trim();
  if (!/^\+?[0-9]{1,20}$/.test(v)) return NaN;
  const n = Number(v);
  return n <= MAX_IDENT ? n : NaN;
}

class Reader {
  readonly doc: IdentifiantsPronote;
  readonly errors: Problem[] = [];
  readonly personOffsets: Record<Population, number[]> = { personnels: [], professeurs: [], responsables: [], eleves: [] };
  readonly containerOffsets: Partial<Record<Population, number>> = {};
  /** Offsets of the references, flattened; refFirst[i] = index of eleve i's first reference. */
  readonly refOffsets: number[] = [];
  readonly refFirst: number[] = [];
  rootOffset = 0;
  private readonly rootSeen = new Set<string>();
  /** The values of the person being read, by position in its holder's table (reused). */
  private readonly values: unknown[] = [];
  /** Frames by depth, reused from one element to the next (large documents). */
  private readonly frames: Frame[] = [];
  private depth = 0;
  private readonly elementNames = new Map<string, ElementName>();
  private readonly attributeNames = new Map<string, Map<string, AttributeName>>();
  private readonly notices = new Map<string, NoticeAggregate>();
  /** Occurrences of notices of kinds beyond {@link MAX_NOTICE_KINDS}, and errors beyond {@link MAX_KEPT_ERRORS}: counted only. */
  private droppedNotices = 0;
  droppedErrors = 0;
  /** Unknown elements and attributes kept in `extra` bags. */
  private extraItems = 0;
  private people = 0;
  private curPopulation: Population = 'personnels';
  private curIndex = 0;
  private lastContainer = -1;
  private readonly containersSeen = new Set<Population>();

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly limits: Limits,
    private readonly lines: Lines,
    private readonly file: string | undefined,
  ) {
    const doc: Record<string, unknown> = {};
    for (const a of TABLES.root.attributes) if (a.required) doc[a.field] = initialValue(a);
    for (const population of POPULATIONS) doc[population] = [];
    this.doc = doc as unknown as IdentifiantsPronote;
  }

  // -- names --------------------------------------------------------------------------------

  private elementName(name: string): ElementName {
    let r = this.elementNames.get(name);
    if (r === undefined) {
      const caseKey = `c\u0000${name}`;
      const alias = this.mapping.elements.get(name.toLowerCase());
      if (alias !== undefined) r = { canonical: alias, inexact: false, caseKey };
      else if (ELEMENT_NAMES.includes(name)) r = { canonical: name, inexact: false, caseKey };
      else {
        const key = nameKey(name);
        const canonical = ELEMENT_NAMES.find((n) => n.toLowerCase() === key);
        r = { canonical, inexact: canonical !== undefined, caseKey };
      }
      this.elementNames.set(name, r);
    }
    return r;
  }

  /** The name cache of a context (canonical element name, or `ref` for a parent reference). */
  private attributeCache(context: string): Map<string, AttributeName> {
    let cache = this.attributeNames.get(context);
    if (cache === undefined) {
      cache = new Map();
      this.attributeNames.set(context, cache);
    }
    return cache;
  }

  /** Resolves an attribute name in a context (and its holder's table), through its cache. */
  private attributeName(cache: Map<string, AttributeName>, context: string, table: HolderTable, name: string): AttributeName {
    let r = cache.get(name);
    if (r === undefined) {
      const lower = name.toLowerCase();
      const scoped = this.mapping.attributes.get(`${(context === 'ref' ? REF.xml : context).toLowerCase()}@${lower}`);
      const global = this.mapping.attributes.get(`@${lower}`);
      const known = table.known;
      const knownValues = [...known.values()];
      const keys = { caseKey: `c\u0000${name}`, unknownKey: `a\u0000${context}\u0000${name}`, attribute: undefined };
      if (scoped !== undefined && knownValues.includes(scoped)) r = { canonical: scoped, inexact: false, ...keys };
      else if (global !== undefined && knownValues.includes(global)) r = { canonical: global, inexact: false, ...keys };
      else if (isNamespaceDeclaration(name)) r = { canonical: undefined, inexact: false, ...keys };
      else {
        const canonical = known.get(nameKey(name));
        r = { canonical, inexact: canonical !== undefined && canonical !== name, ...keys };
      }
      r.attribute = r.canonical === undefined ? undefined : table.byKey.get(r.canonical.toLowerCase());
      cache.set(name, r);
    }
    return r;
  }

  // -- notices ------------------------------------------------------------------------------

  /** Counts a notice; its path and message are only built the first time. */
  private notice(key: string, rule: string, path: string | (() => string), offset: number, message: string | (() => string)): void {
    const n = this.notices.get(key);
    if (n !== undefined) n.count++;
    else if (this.notices.size >= MAX_NOTICE_KINDS) {
      // Bounded memory (hostile input: 100,000 distinct unknown attributes per element): the
      // notices of further kinds are only counted.
      this.droppedNotices++;
    } else {
      this.notices.set(key, {
        rule,
        path: typeof path === 'string' ? path : path(),
        message: typeof message === 'string' ? message : message(),
        offset,
        count: 1,
      });
    }
  }

  noticeList(): Problem[] {
    const out: Problem[] = [];
    for (const n of this.notices.values()) {
      const { line, column } = this.lines.locate(n.offset);
      const times = n.count > 1 ? ` (${n.count.toLocaleString('en-US')} occurrences; first one here)` : '';
      out.push({ severity: 'warning', rule: n.rule, path: n.path, message: `${n.message}${times}`, line, column });
    }
    if (this.droppedNotices > 0) {
      out.push({ severity: 'warning', rule: 'truncated', path: ROOT_PATH, message: `more than ${MAX_NOTICE_KINDS.toLocaleString('en-US')} kinds of notices: ${this.droppedNotices.toLocaleString('en-US')} more occurrences of other kinds were not kept` });
    }
    if (this.droppedErrors > 0) {
      out.push({ severity: 'warning', rule: 'truncated', path: ROOT_PATH, message: `more than ${MAX_KEPT_ERRORS.toLocaleString('en-US')} errors: ${this.droppedErrors.toLocaleString('en-US')} more were not kept` });
    }
    return out;
  }

  private error(rule: string, path: string, offset: number, message: string): void {
    if (this.errors.length >= MAX_KEPT_ERRORS) {
      this.droppedErrors++;
      return;
    }
    const { line, column } = this.lines.locate(offset);
    this.errors.push({ severity: 'error', rule, path, message, line, column });
  }

  private fail(reason: string, offset: number, path?: string): EntPronoteError {
    const { line, column } = this.lines.locate(offset);
    return new EntPronoteError('ERR_SCHEMA', reason, { line, column, ...(path !== undefined ? { path } : {}), ...(this.file !== undefined ? { file: this.file } : {}) });
  }

  // -- helpers -------------------------------------------------------------------------------

  /** The frame of the element being opened (at the next depth), filled in. */
  private openFrame(kind: number, population: Population, person: PronotePersonne | undefined, index: number, element: ExtraElement | undefined, offset: number): Frame {
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = { kind, population, person, index, element, offset };
      this.frames.push(frame);
    } else {
      frame.kind = kind;
      frame.population = population;
      frame.person = person;
      frame.index = index;
      frame.element = element;
      frame.offset = offset;
    }
    this.depth++;
    return frame;
  }

  private hostExtra(frame: Frame): Extra {
    switch (frame.kind) {
      case F_ROOT:
        return (this.doc.extra ??= {});
      case F_CONTAINER: {
        const bag = (this.doc.containerExtra ??= {});
        return (bag[frame.population] ??= {});
      }
      case F_PERSON: {
        const p = frame.person as PronotePersonne;
        return (p.extra ??= {});
      }
      default: {
        const e = frame.person as PronoteEleve;
        const list = (e.responsablesExtra ??= []);
        while (list.length <= frame.index) list.push(undefined);
        return (list[frame.index] ??= {});
      }
    }
  }

  private framePath(frame: Frame): string {
    switch (frame.kind) {
      case F_ROOT:
        return ROOT_PATH;
      case F_CONTAINER:
        return containerPath(frame.population);
      case F_PERSON:
        return personPath(frame.population, frame.index);
      case F_REF:
        return refPath(this.doc.eleves.length - 1, frame.index);
      default:
        return '';
    }
  }

  /** Counts kept extra items (unknown elements and attributes): `ERR_LIMIT` beyond {@link MAX_EXTRA_ITEMS}. */
  private keepExtra(items: number, offset: number): void {
    this.extraItems += items;
    if (this.extraItems > MAX_EXTRA_ITEMS) {
      const { line, column } = this.lines.locate(offset);
      throw new EntPronoteError('ERR_LIMIT', `more than ${MAX_EXTRA_ITEMS.toLocaleString('en-US')} unknown elements and attributes to keep in extra: this is not an identifier file of a real school`, {
        line,
        column,
        ...(this.file !== undefined ? { file: this.file } : {}),
      });
    }
  }

  private extraElement(tag: StartTag): ExtraElement {
    this.keepExtra(1 + tag.attrCount, tag.offset);
    const attributes: Record<string, string> = {};
    for (let k = 0; k < tag.attrCount; k++) setOwn(attributes, tag.attrQNames[k] as string, tag.attrValues[k] as string);
    return { name: tag.qname, attributes, children: [] };
  }

  private pushExtraElement(host: Frame, tag: StartTag, path: () => string): void {
    const el = this.extraElement(tag);
    const extra = this.hostExtra(host);
    (extra.elements ??= []).push(el);
    this.notice(`e\u0000${host.kind}\u0000${tag.qname}`, 'unknown-element', () => `${path()}/${shortName(tag.qname)}`, tag.offset, () => `unknown element ${shortName(tag.qname)} kept in extra.elements`);
    this.openFrame(F_EXTRA, host.population, undefined, 0, el, tag.offset);
  }

  /** Path of the person being read. */
  private curPath(): string {
    return personPath(this.curPopulation, this.curIndex);
  }

  /** {@link curPath} as a function made once (messages are built only when needed). */
  private readonly curPathOf = (): string => this.curPath();

  private caseNotice(r: { caseKey: string }, name: string, canonical: string, offset: number, path: string | (() => string)): void {
    this.notice(r.caseKey, 'case', path, offset, () => `name ${shortName(name)} read as ${canonical} (names are matched case-insensitively, prefixes ignored)`);
  }

  // -- elements ------------------------------------------------------------------------------

  startElement(tag: StartTag): void {
    const top = this.depth === 0 ? undefined : this.frames[this.depth - 1];
    if (top === undefined) return this.startRoot(tag);
    if (top.kind === F_EXTRA) {
      const el = this.extraElement(tag);
      (top.element as ExtraElement).children.push(el);
      this.openFrame(F_EXTRA, top.population, undefined, 0, el, tag.offset);
      return;
    }
    const resolved = this.elementName(tag.qname);
    const key = resolved.canonical?.toLowerCase();
    if (top.kind === F_ROOT) {
      const containerPop = key === undefined ? undefined : CONTAINER_KEYS.get(key);
      if (containerPop !== undefined) return this.startContainer(tag, containerPop, resolved);
      const personPop = key === undefined ? undefined : PERSON_KEYS.get(key);
      if (personPop !== undefined) {
        this.notice(`o\u0000${personPop}`, 'container', () => personPath(personPop, this.doc[personPop].length), tag.offset, `${PERSON[personPop]} found outside ${CONTAINER[personPop]}: read as one of its people`);
        return this.startPerson(tag, personPop, resolved);
      }
      return this.pushExtraElement(top, tag, () => ROOT_PATH);
    }
    if (top.kind === F_CONTAINER) {
      if (key === PERSON[top.population].toLowerCase()) return this.startPerson(tag, top.population, resolved);
      return this.pushExtraElement(top, tag, () => containerPath(top.population));
    }
    if (top.kind === F_PERSON && top.population === 'eleves' && key === 'responsable') return this.startRef(tag, top, resolved);
    return this.pushExtraElement(top, tag, () => this.framePath(top));
  }

  endElement(): void {
    this.depth--;
  }

  text(value: string): void {
    const top = this.depth === 0 ? undefined : this.frames[this.depth - 1];
    if (top === undefined) return;
    if (top.kind === F_EXTRA) {
      const el = top.element as ExtraElement;
      el.text = el.text === undefined ? value : el.text + value;
      return;
    }
    const extra = this.hostExtra(top);
    extra.text = extra.text === undefined ? value : extra.text + value;
    this.notice(`t\u0000${top.kind}`, 'text', () => `${this.framePath(top)}/text()`, top.offset, 'unexpected character data kept in extra.text');
  }

  private startRoot(tag: StartTag): void {
    const resolved = this.elementName(tag.qname);
    if (resolved.canonical !== ROOT) {
      throw this.fail(`the root element must be ${ROOT} (this does not look like a PRONOTE identifier file; use mapping.elements for a variant)`, tag.offset, `/${shortName(tag.qname)}`);
    }
    if (resolved.inexact) this.caseNotice(resolved, tag.qname, ROOT, tag.offset, ROOT_PATH);
    this.rootOffset = tag.offset;
    const doc = this.doc as unknown as Record<string, unknown>;
    const table = TABLES.root;
    const cache = this.attributeCache(ROOT);
    const path = ROOT_PATH_OF;
    for (let k = 0; k < tag.attrCount; k++) {
      const name = tag.attrQNames[k] as string;
      const value = tag.attrValues[k] as string;
      const a = this.attributeName(cache, ROOT, table, name);
      const attribute = a.attribute;
      if (attribute === undefined) {
        this.unknownAttribute(this.hostExtraRoot(), name, value, ROOT_PATH, tag.offset, a.unknownKey);
        continue;
      }
      if (a.inexact) this.caseNotice(a, name, attribute.xml, tag.offset, `${ROOT_PATH}/@${attribute.xml}`);
      if (this.rootSeen.has(attribute.xml)) {
        this.error('unique', `${ROOT_PATH}/@${attribute.xml}`, tag.offset, `attribute ${attribute.xml} is given twice (names are matched case-insensitively)`);
        continue;
      }
      this.rootSeen.add(attribute.xml);
      const v = this.readValue(attribute, value, ROOT, tag.offset, path);
      if (v !== undefined) doc[attribute.field] = v;
    }
    this.openFrame(F_ROOT, 'personnels', undefined, 0, undefined, tag.offset);
  }

  private hostExtraRoot(): Extra {
    return (this.doc.extra ??= {});
  }

  private unknownAttribute(extra: Extra, name: string, value: string, path: string | (() => string), offset: number, key: string): void {
    this.keepExtra(1, offset);
    setOwn((extra.attributes ??= {}), name, value);
    this.notice(key, 'unknown-attribute', () => `${typeof path === 'string' ? path : path()}/@${shortName(name)}`, offset, () => `unknown attribute ${shortName(name)} kept in extra.attributes`);
  }

  private startContainer(tag: StartTag, population: Population, resolved: ElementName): void {
    const path = containerPath(population);
    if (resolved.inexact) this.caseNotice(resolved, tag.qname, CONTAINER[population], tag.offset, path);
    const order = POPULATIONS.indexOf(population);
    if (this.containersSeen.has(population)) {
      this.notice(`r\u0000${population}`, 'repeated', path, tag.offset, `${CONTAINER[population]} appears more than once: its people are read together`);
    } else if (order < this.lastContainer) {
      this.notice(`p\u0000${population}`, 'order', path, tag.offset, `${CONTAINER[population]} is out of the order Personnels, Professeurs, Responsables, Eleves`);
    }
    this.containersSeen.add(population);
    this.lastContainer = Math.max(this.lastContainer, order);
    if (this.containerOffsets[population] === undefined) this.containerOffsets[population] = tag.offset;
    const frame = this.openFrame(F_CONTAINER, population, undefined, 0, undefined, tag.offset);
    for (let k = 0; k < tag.attrCount; k++) {
      const name = tag.attrQNames[k] as string;
      this.unknownAttribute(this.hostExtra(frame), name, tag.attrValues[k] as string, path, tag.offset, `a\u0000${CONTAINER[population]}\u0000${name}`);
    }
  }

  private startPerson(tag: StartTag, population: Population, resolved: ElementName): void {
    if (++this.people > this.limits.maxPeople) throw limitError('number of people', this.limits.maxPeople, 'maxPeople');
    const list = this.doc[population] as PronotePersonne[];
    const index = list.length;
    const element = PERSON[population];
    this.curPopulation = population;
    this.curIndex = index;
    if (resolved.inexact) this.caseNotice(resolved, tag.qname, element, tag.offset, () => this.curPath());
    const eleve = population === 'eleves';
    const table = TABLES[HOLDER[population]];
    const attributes = table.attributes;
    const cache = this.attributeCache(element);
    const values = this.values;
    const initial = INITIAL[table.holder] as readonly unknown[];
    for (let i = 0; i < initial.length; i++) values[i] = initial[i];
    let extra: Extra | undefined;
    let seen = 0;
    const path = this.curPathOf;
    for (let k = 0; k < tag.attrCount; k++) {
      const name = tag.attrQNames[k] as string;
      const value = tag.attrValues[k] as string;
      const a = this.attributeName(cache, element, table, name);
      const attribute = a.attribute;
      if (attribute === undefined) {
        this.unknownAttribute((extra ??= {}), name, value, path, tag.offset, a.unknownKey);
        continue;
      }
      if (a.inexact) this.caseNotice(a, name, attribute.xml, tag.offset, () => `${this.curPath()}/@${attribute.xml}`);
      if ((seen & attribute.bit) !== 0) {
        this.error('unique', `${this.curPath()}/@${attribute.xml}`, tag.offset, `attribute ${attribute.xml} is given twice (names are matched case-insensitively)`);
        continue;
      }
      seen |= attribute.bit;
      // The common cases inline (large documents): an Ident, a non-empty text.
      const type = attribute.type;
      if (type === 'ident') values[attribute.index] = parseIdent(value);
      else if (value !== '' && (type === 'nonBlank' || type === 'idPartenaire' || type === 'string')) values[attribute.index] = value;
      else values[attribute.index] = this.readValue(attribute, value, element, tag.offset, path);
    }
    // Fields in the vocabulary's order for every person of a population (one object shape).
    const p: Record<string, unknown> = {};
    for (let i = 0; i < attributes.length; i++) {
      const v = values[i];
      if (v !== undefined) p[(attributes[i] as HolderAttribute).field] = v;
    }
    if (eleve) p[REF.field] = [];
    if (extra !== undefined) p.extra = extra;
    list.push(p as unknown as PronotePersonne);
    this.personOffsets[population].push(tag.offset);
    if (eleve) this.refFirst.push(this.refOffsets.length);
    this.openFrame(F_PERSON, population, p as unknown as PronotePersonne, index, undefined, tag.offset);
  }

  /**
   * The model value of an attribute written `value` (undefined: read as absent), with the
   * notices of the lenient reader; wrong values are kept for validation to report.
   */
  private readValue(a: HolderAttribute, value: string, element: string, offset: number, path: () => string): unknown {
    switch (a.type) {
      case 'ident':
        return parseIdent(value);
      case 'enum':
        return this.enumValue(a, value, element, offset, path);
      default:
        if (value === '' && !a.required) {
          this.emptyNotice(a, element, offset, path);
          return undefined;
        }
        return a.type === 'birthDate' ? this.birthDate(value, element, offset) : value;
    }
  }

  private emptyNotice(a: HolderAttribute, element: string, offset: number, path: () => string): void {
    this.notice(`0\u0000${element}\u0000${a.xml}`, 'empty', () => `${path()}/@${a.xml}`, offset, `empty ${a.xml} ${a.spec.whenEmpty ?? 'read as absent'}`);
  }

  private birthDate(value: string, element: string, offset: number): string {
    if (isIsoDate(value)) return value;
    const normalized = normalizeBirthDate(value);
    if (normalized === undefined) return value; // reported by validation
    if (normalized !== value) {
      this.notice(`d\u0000${element}`, 'date-format', () => `${this.curPath()}/@DateNaissance`, offset, 'DateNaissance not written YYYY-MM-DD: read and normalised to YYYY-MM-DD');
    }
    return normalized;
  }

  /**
   * An enumerated value: exact, or another spelling (letter case, `options.mapping.values`, the
   * vocabulary's variants) with a notice. An unrecognised value of a required attribute is kept
   * for validation to report; of an optional one, left out with a notice. Values of people are
   * never quoted.
   */
  private enumValue(a: HolderAttribute, value: string, element: string, offset: number, path: () => string): string | undefined {
    const values = a.spec.values as readonly string[];
    if (values.includes(value)) return value;
    const key = value.trim().toLowerCase();
    if (key === '' && !a.required) {
      this.emptyNotice(a, element, offset, path);
      return undefined;
    }
    const xml = a.xml;
    const mapped = this.mapping.values.get(xml)?.get(key) ?? ENUM_SPELLINGS.get(xml)?.get(key);
    if (mapped === undefined) {
      if (a.required) return value; // reported by validation
      this.notice(`x\u0000${xml}`, 'value', () => `${path()}/@${xml}`, offset, `${xml} value not recognised: left out (map it with mapping.values.${xml})`);
      return undefined;
    }
    const shown = element === ROOT ? mapped : values.join(' or ');
    this.notice(`v\u0000${xml}`, 'value', () => `${path()}/@${xml}`, offset, `${xml} written in a variant form, read as ${shown}`);
    return mapped;
  }

  private startRef(tag: StartTag, top: Frame, resolved: ElementName): void {
    const e = top.person as PronoteEleve;
    const index = e.responsables.length;
    const path = (): string => refPath(top.index, index);
    if (resolved.inexact) this.caseNotice(resolved, tag.qname, 'Responsable', tag.offset, path);
    const frame = this.openFrame(F_REF, 'eleves', e, index, undefined, tag.offset);
    const table = TABLES.ref;
    const cache = this.attributeCache('ref');
    let ident = NaN;
    let seen = false;
    for (let k = 0; k < tag.attrCount; k++) {
      const name = tag.attrQNames[k] as string;
      const value = tag.attrValues[k] as string;
      const a = this.attributeName(cache, 'ref', table, name);
      if (a.canonical === undefined) {
        this.unknownAttribute(this.hostExtra(frame), name, value, path, tag.offset, a.unknownKey);
        continue;
      }
      if (a.inexact) this.caseNotice(a, name, a.canonical, tag.offset, () => `${path()}/@Ident`);
      if (seen) {
        this.error('unique', `${path()}/@Ident`, tag.offset, 'attribute Ident is given twice (names are matched case-insensitively)');
        continue;
      }
      seen = true;
      ident = parseIdent(value);
    }
    e.responsables.push(ident);
    if (e.responsablesExtra !== undefined) while (e.responsablesExtra.length < e.responsables.length) e.responsablesExtra.push(undefined);
    this.refOffsets.push(tag.offset);
  }

  // -- end of document ------------------------------------------------------------------------

  /** Applies the defaults for missing root attributes. */
  finish(defaults: ParseIdentifiantsPronoteOptions['defaults']): void {
    const doc = this.doc;
    const fields = doc as unknown as Record<string, unknown>;
    const given = defaults as Record<string, unknown> | undefined;
    for (const a of TABLES.root.attributes) {
      if (!a.required || fields[a.field] !== '') continue;
      const value = given?.[a.field] ?? (a.field === 'version' ? IDENTIFIANTS_PRONOTE_VERSION : undefined);
      if (value === undefined) continue; // reported by validation
      fields[a.field] = value;
      this.notice(`f\u0000${a.xml}`, 'default', `${ROOT_PATH}/@${a.xml}`, this.rootOffset, `${a.xml} missing or empty: the default value is used`);
    }
    // Trailing plain references after the last reference with extras.
    for (const e of doc.eleves) {
      if (e.responsablesExtra !== undefined) while (e.responsablesExtra.length < e.responsables.length) e.responsablesExtra.push(undefined);
    }
  }

  /** Offset of a model location, for lines in messages. */
  offsetOf(where: ModelLocation): number {
    if (where.population === undefined) return this.rootOffset;
    if (where.container === true || where.index === undefined) return this.containerOffsets[where.population] ?? this.rootOffset;
    if (where.population === 'eleves' && where.ref !== undefined) {
      const first = this.refFirst[where.index];
      const offset = first === undefined ? undefined : this.refOffsets[first + where.ref];
      if (offset !== undefined) return offset;
    }
    return this.personOffsets[where.population][where.index] ?? this.rootOffset;
  }
}


function invalid(problems: readonly Problem[], file: string | undefined): EntPronoteError {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0] as Problem;
  const others = errors.length > 1 ? ` (and ${errors.length - 1} more: ${errors.slice(1, 4).map((p) => p.path).join(', ')}${errors.length > 4 ? ', …' : ''}; see problems)` : '';
  return new EntPronoteError('ERR_SCHEMA', `${WHAT} is invalid: ${first.message}${others}`, {
    problems,
    path: first.path,
    ...(first.line !== undefined ? { line: first.line } : {}),
    ...(first.column !== undefined ? { column: first.column } : {}),
    ...(file !== undefined ? { file } : {}),
  });
}

/**
 * Reads an identifier file (`IdPN_To_<ENT>.xml`) from text or bytes.
 *
 * **Lenient** where the model is uncertain (Index-Education has not published the schema):
 * - element and attribute names are matched case-insensitively (a namespace prefix is ignored);
 * - unknown attributes, elements and character data are kept in the `extra` bags of the
 *   element they appear on (see {@link Extra}) and reported as warnings with their path;
 * - a byte order mark is accepted, and bytes are decoded following it or the XML declaration
 *   (UTF-8, UTF-16, ISO-8859-1/15, Windows-1252);
 * - birth dates written `DD/MM/YYYY` (or `D/M/YYYY`) are read and normalised to `YYYY-MM-DD`;
 * - `Sexe` variants are read: `Masculin`/`Feminin` in any case, `Féminin`, `M`/`H`/`Homme`/
 *   `Garçon`/`1` for `Masculin`, `F`/`Femme`/`Fille`/`2` for `Feminin`; an unrecognised value is
 *   left out with a warning; `Mode` is read in any letter case;
 * - empty optional attributes (`DateNaissance` of an adult, `Sexe`, `ID_Partenaire`) read as
 *   absent; population elements may be repeated or out of order; a person outside its
 *   population element is still read;
 * - `options.mapping` adds aliases for a variant (see {@link IdentifiantsPronoteMapping}) and
 *   `options.defaults` supplies missing root attributes.
 *
 * **Strict** on what matching needs: the document must then pass
 * {@link validateIdentifiantsPronote} without error (every person has `Ident`, `Nom`, `Prenom`,
 * and an `IDPN` except staff, who may have none; students a valid birth date; `Ident`s unique; `IDPN`s unique per population;
 * references resolve; a `Partiel` file carries no `ID_Partenaire`; root `Date`, `UAI`, `Socle`,
 * `Mode` valid), and an attribute may not be given twice in different letter cases. Otherwise it
 * fails with `ERR_SCHEMA`: `path`, `line` and `column` locate the first problem, `problems`
 * lists them all. Comments and processing instructions are ignored.
 *
 * Other failures: `ERR_XML` (not well-formed, with line and column), `ERR_DOCTYPE` (a DOCTYPE
 * is always refused), `ERR_ENCODING`, `ERR_LIMIT`, `ERR_ARGUMENT` (bad mapping).
 *
 * @returns `{ document, problems }`: the document and the warnings (never thrown, never logged).
 * @example
 * ```ts
 * const { document, problems } = parseIdentifiantsPronote(bytes, {
 *   mapping: { elements: { ELEVES_PRONOTE: 'Eleves' }, attributes: { NUMERO: 'IDPN' } },
 * });
 * for (const p of problems) console.warn(`${p.path} (line ${p.line}): ${p.message}`);
 * ```
 */
export function parseIdentifiantsPronote(input: string | Uint8Array, options: ParseIdentifiantsPronoteOptions = {}): ParsedIdentifiantsPronote {
  expectText(input, 'input');
  expectOptions(options);
  const limits = resolveLimits(options.limits);
  const mapping = resolveMapping(options.mapping);
  const file = options.file;
  try {
    let text: string;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) text = decodeXmlBytes(input, { limits, what: WHAT }).text;
    else throw new EntPronoteError('ERR_ARGUMENT', 'input must be a string or a Uint8Array');
    const lines = new Lines(text);
    const reader = new Reader(mapping, limits, lines, file);
    const tokenizer = new XmlTokenizer(reader, { namespaces: false, limits, what: WHAT });
    try {
      tokenizer.write(text);
      tokenizer.end();
    } finally {
      // New objects of the reader's classes, kept until the next document (see keepShapes).
      keepShapes('identifiants-pronote', [new XmlTokenizer(new Reader(mapping, limits, new Lines(''), undefined), { namespaces: false, limits, what: WHAT }), limits]);
    }
    reader.finish(options.defaults);
    const problems = checkIdentifiantsPronote(reader.doc, {
      maxDepth: limits.maxDepth,
      locate: (where) => lines.locate(reader.offsetOf(where)),
    });
    const all = [...reader.errors, ...problems];
    if (all.some((p) => p.severity === 'error')) throw invalid(reader.droppedErrors > 0 ? [...all, ...reader.noticeList().filter((n) => n.rule === 'truncated')] : all, file);
    return { document: reader.doc, problems: [...reader.noticeList(), ...problems] };
  } catch (e) {
    throw withFile(e, file);
  }
}
