/**
 * Validation of a {@link PartenaireIndex} model: what the vendor schema requires and what
 * PRONOTE needs beyond it.
 *
 * @module
 */

import { StringIndex } from '../internal/string-index';
import { expectOptions, isRecord } from '../common/arguments';
import { isXsDate, isXsDateTime } from '../common/dates';
import { isUaiFormat, isValidUai } from '../common/uai';
import type { Problem } from '../errors';
import { findForbiddenChar } from '../internal/xml/chars';
import { DEFAULT_LIMITS, type Limits, resolveLimits } from '../limits';
import { foldForLint } from './opacity';
import { recordOf } from '../common/records';
import { type PartenaireIndex, type Population, POPULATIONS } from './model';
import { describeType, type Holder, type HolderAttribute, type HolderTable, POPULATION_NAMES, TABLES } from './vocabulary';
import { codeUnitName } from '../common/code-unit';

/** The holder of each population's people. */
const HOLDER: Readonly<Record<Population, Holder>> = recordOf(POPULATIONS, (p) => POPULATION_NAMES.find((n) => n.population === p)?.holder ?? 'eleve');

/** Options of {@link validatePartenaireIndex}. */
export interface ValidateOptions {
  /**
   * Run the advisory checks that produce warnings (opacity of `ID_Partenaire`, UAI check letter,
   * surrounding spaces in identifiers). Default true. `buildPartenaireIndex` turns it off for
   * speed.
   */
  lint?: boolean;
  /** Limits (longest attribute, number of people). */
  limits?: Partial<Limits>;
  /** Stop after this many error-level problems (default 1000). */
  maxErrors?: number;
}

const ROOT = '/PARTENAIRE_INDEX';
const UINT_MAX = 4294967295;

type Kind = 'string' | 'optString' | 'ident' | 'date' | 'optDate';

/** Collects problems; paths are built only when a problem is found. */
class Collector {
  readonly problems: Problem[] = [];
  errors = 0;
  constructor(
    readonly maxErrors: number,
    readonly maxLength: number,
  ) {}
  get full(): boolean {
    return this.errors >= this.maxErrors;
  }
  error(path: string, rule: string, message: string): void {
    if (this.errors >= this.maxErrors) return;
    this.errors++;
    this.problems.push({ severity: 'error', rule, path, message });
  }
  warning(path: string, rule: string, message: string): void {
    this.problems.push({ severity: 'warning', rule, path, message });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Checks one field; `at()` builds the element path lazily. */
function field(c: Collector, obj: Record<string, unknown>, key: string, attrName: string, kind: Kind, at: () => string): void {
  const v = obj[key];
  if (v === undefined) {
    if (kind === 'string' || kind === 'ident' || kind === 'date') c.error(`${at()}/@${attrName}`, 'required', 'required attribute is missing');
    return;
  }
  if (kind === 'ident') {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > UINT_MAX) {
      c.error(`${at()}/@${attrName}`, 'type', `must be an integer from 0 to ${UINT_MAX} (xs:unsignedInt), got ${typeof v === 'number' ? 'an out-of-range number' : describe(v)}`);
    }
    return;
  }
  if (typeof v !== 'string') {
    c.error(`${at()}/@${attrName}`, 'type', `must be a string, got ${describe(v)}`);
    return;
  }
  if (kind === 'date' || kind === 'optDate') {
    if (!isXsDate(v)) c.error(`${at()}/@${attrName}`, 'date', 'must be a date written YYYY-MM-DD (xs:date)');
    return;
  }
  if (v.length > c.maxLength) {
    c.error(`${at()}/@${attrName}`, 'length', `is longer than ${c.maxLength} characters (limits.maxAttributeLength)`);
    return;
  }
  const bad = findForbiddenChar(v);
  if (bad !== -1) {
    c.error(`${at()}/@${attrName}`, 'char', `character ${codeUnitName(v, bad)} at position ${bad + 1} is not allowed in XML 1.0`);
  }
}

/** True when `v` is a string of at most `max` characters, all allowed in XML 1.0 (fast path). */
function okString(v: unknown, max: number): boolean {
  if (typeof v !== 'string' || v.length > max) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    } else if (c >= 0xd800) {
      if (c <= 0xdbff) {
        const n = v.charCodeAt(i + 1);
        if (!(n >= 0xdc00 && n <= 0xdfff)) return false; // NaN past the end: a lone high surrogate
        i++;
      } else if (c <= 0xdfff || c >= 0xfffe) return false;
    }
  }
  return true;
}

function okIdent(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= UINT_MAX;
}

function okValue(a: HolderAttribute, v: unknown, max: number): boolean {
  if (v === undefined) return !a.required;
  switch (a.type) {
    case 'ident':
      return okIdent(v);
    case 'name':
    case 'idPartenaire':
      return v !== '' && okString(v, max);
    case 'date':
      return typeof v === 'string' && isXsDate(v);
    case 'dateTime':
      return typeof v === 'string' && isXsDateTime(v);
    case 'uai':
      return typeof v === 'string' && isUaiFormat(v);
    case 'enum':
      return (a.spec.values as readonly unknown[]).includes(v);
    case 'string':
      return okString(v, max);
  }
}

/** Fast path: true when a person has no problem of its own (references and uniqueness aside). */
function personLooksValid(p: Record<string, unknown>, table: HolderTable, max: number): boolean {
  const attrs = table.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i] as HolderAttribute;
    if (!okValue(a, p[a.field], max)) return false;
  }
  switch (table.holder) {
    case 'responsable':
      return p.civilite === undefined || okIdent(p.civilite);
    case 'eleve':
      return Array.isArray(p.responsables);
    default:
      return true;
  }
}

/** Why a `name` or `idPartenaire` attribute must not be empty. */
function whyNotEmpty(holder: Holder, a: HolderAttribute): string {
  if (a.type === 'idPartenaire') return "it is the ENT's identifier of the account";
  if (holder === 'root') return 'the partner ID issued by Index-Education';
  if (holder === 'etablissement') return 'the school name';
  return 'PRONOTE matches people on it';
}

/**
 * Checks the attributes of one element against the vocabulary: presence, types, enumerations,
 * dates, non-empty names and identifiers, UAI form (and, with `lint`, its check letter).
 */
function attributeFields(c: Collector, obj: Record<string, unknown>, holder: Holder, at: () => string, lint: boolean): void {
  for (const a of TABLES[holder].attributes) {
    const v = obj[a.field];
    if (v === undefined && !a.required) continue;
    switch (a.type) {
      case 'ident':
        field(c, obj, a.field, a.xml, 'ident', at);
        break;
      case 'date':
        field(c, obj, a.field, a.xml, a.required ? 'date' : 'optDate', at);
        break;
      case 'enum':
        if (v === undefined) field(c, obj, a.field, a.xml, 'string', at);
        else if (!(a.spec.values as readonly unknown[]).includes(v)) c.error(`${at()}/@${a.xml}`, 'enum', `must be ${describeType(a.spec)}`);
        break;
      default:
        field(c, obj, a.field, a.xml, a.required ? 'string' : 'optString', at);
        if (a.type === 'name' || a.type === 'idPartenaire') nonEmpty(c, obj, a.field, a.xml, at, whyNotEmpty(holder, a));
        else if (a.type === 'dateTime' && typeof v === 'string' && !isXsDateTime(v)) c.error(`${at()}/@${a.xml}`, 'date', `must be ${describeType(a.spec)}`);
        else if (a.type === 'uai' && typeof v === 'string') {
          if (!isUaiFormat(v)) c.error(`${at()}/@${a.xml}`, 'uai', `must be ${describeType(a.spec)}`);
          else if (lint && !isValidUai(v)) c.warning(`${at()}/@${a.xml}`, 'uai', 'the UAI check letter does not match its digits: check the UAI');
        }
    }
  }
}

function nonEmpty(c: Collector, obj: Record<string, unknown>, key: string, attrName: string, at: () => string, why: string): void {
  if (obj[key] === '') c.error(`${at()}/@${attrName}`, 'empty', `must not be empty (${why})`);
}

function list(c: Collector, doc: Record<string, unknown>, key: string, element: string, required: boolean): unknown[] {
  const v = doc[key];
  if (v === undefined) {
    if (required) c.error(`${ROOT}/${element}`, 'required', `required element is missing (give ${key} at least one entry)`);
    return [];
  }
  if (!Array.isArray(v)) {
    c.error(`${ROOT}/${element}`, 'type', `${key} must be an array, got ${describe(v)}`);
    return [];
  }
  if (required && v.length === 0) c.error(`${ROOT}/${element}`, 'cardinality', `needs at least one entry (${key} is empty)`);
  return v;
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const DATE_LIKE = /(?:19|20)\d\d[-/._]?(?:0[1-9]|1[0-2])[-/._]?(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])[-/._](?:0[1-9]|1[0-2])[-/._](?:19|20)?\d\d/;

/** One token of 12 or more letters and digits: the shape of a random or derived identifier. */
const RANDOM_SHAPED = /^[A-Za-z0-9]{12,}$/;

function lintOpacity(c: Collector, person: Record<string, unknown>, at: () => string): void {
  const id = person.idPartenaire;
  if (typeof id !== 'string' || id === '') return;
  const path = `${at()}/@ID_Partenaire`;
  if (id.trim() !== id) c.warning(path, 'spaces', 'has leading or trailing spaces (kept as written: check they are intended)');
  if (EMAIL.test(id)) {
    c.warning(path, 'opacity', 'looks like an e-mail address: the identifier must be opaque (use deriveOpaqueId or a random id)');
    return;
  }
  if (DATE_LIKE.test(id)) {
    c.warning(path, 'opacity', 'contains something that looks like a date: the identifier must not reveal a birth date');
    return;
  }
  const folded = foldForLint(id);
  // A long run of letters and digits without separators has the shape of a random or derived
  // identifier (deriveOpaqueId, the fixture generator): a short name such as "lea" appears in one
  // by chance, so only names of 5 letters or more count there.
  const shortest = RANDOM_SHAPED.test(id) ? 5 : 3;
  for (const key of ['nom', 'prenom'] as const) {
    const v = person[key];
    if (typeof v !== 'string') continue;
    for (const part of foldForLint(v).split(' ')) {
      if (part.length >= shortest && folded.includes(part)) {
        c.warning(path, 'opacity', `contains the person's ${key === 'nom' ? 'last name' : 'first name'}: the identifier must be opaque`);
        return;
      }
    }
  }
}

/**
 * Validates a `PARTENAIRE_INDEX` model and returns every problem found, errors and warnings,
 * each with an XPath-like location (1-based indexes) and a message that never quotes a value.
 *
 * Errors: what the schema requires (required attributes, types, enumerations, `xs:date` and
 * `xs:dateTime` forms, `xs:unsignedInt` range, cardinalities) and what PRONOTE needs: names and
 * identifiers not empty, `Ident`s unique among people and among schools, every
 * `Eleve/Responsable`, `EtablissementsGeres/Etablissement` and `Responsable/Civilite` reference
 * resolved, UAI well formed (7 digits and a letter), `ID_Partenaire` unique per population,
 * characters allowed in XML 1.0, limits.
 *
 * Warnings (with `lint`, the default): an `ID_Partenaire` that contains the person's name, an
 * e-mail or a date (identifiers must be opaque), a UAI whose check letter is wrong, identifiers
 * with surrounding spaces, a parent listed twice for one student.
 *
 * @example
 * ```ts
 * const problems = validatePartenaireIndex(doc);
 * for (const p of problems) console.log(p.severity, p.path, p.message);
 * ```
 */
export function validatePartenaireIndex(doc: PartenaireIndex, options: ValidateOptions = {}): Problem[] {
  expectOptions(options);
  const limits = options.limits === undefined ? DEFAULT_LIMITS : resolveLimits(options.limits);
  const lint = options.lint ?? true;
  const c = new Collector(options.maxErrors ?? 1000, limits.maxAttributeLength);
  if (!isRecord(doc)) {
    c.error(ROOT, 'type', `the document must be an object, got ${describe(doc)}`);
    return c.problems;
  }
  const d = doc as unknown as Record<string, unknown>;
  attributeFields(c, d, 'root', () => ROOT, lint);

  // Nomenclatures
  const civiliteIdents = new Set<number>();
  let hasNomenclature = false;
  if (d.nomenclatures !== undefined) {
    if (!isRecord(d.nomenclatures)) {
      c.error(`${ROOT}/Nomenclatures`, 'type', `nomenclatures must be an object, got ${describe(d.nomenclatures)}`);
    } else if (d.nomenclatures.civilites !== undefined) {
      hasNomenclature = true;
      const civs = d.nomenclatures.civilites;
      if (!Array.isArray(civs)) {
        c.error(`${ROOT}/Nomenclatures/Civilites`, 'type', `civilites must be an array, got ${describe(civs)}`);
      } else {
        if (civs.length === 0) c.error(`${ROOT}/Nomenclatures/Civilites`, 'cardinality', 'needs at least one Civilite (or leave civilites undefined)');
        civs.forEach((civ, i) => {
          const at = () => `${ROOT}/Nomenclatures/Civilites/Civilite[${i + 1}]`;
          if (!isRecord(civ)) return c.error(at(), 'type', `must be an object, got ${describe(civ)}`);
          attributeFields(c, civ, 'civilite', at, lint);
          if (typeof civ.ident === 'number') {
            if (civiliteIdents.has(civ.ident)) c.error(`${at()}/@Ident`, 'unique', 'another Civilite has the same Ident');
            civiliteIdents.add(civ.ident);
          }
        });
      }
    }
  }

  // Etablissements
  const schoolIdents = new Set<number>();
  list(c, d, 'etablissements', 'Etablissements', true).forEach((e, i) => {
    const at = () => `${ROOT}/Etablissements/Etablissement[${i + 1}]`;
    if (!isRecord(e)) return c.error(at(), 'type', `must be an object, got ${describe(e)}`);
    attributeFields(c, e, 'etablissement', at, lint);
    if (typeof e.ident === 'number') {
      if (schoolIdents.has(e.ident)) c.error(`${at()}/@Ident`, 'unique', 'another Etablissement has the same Ident');
      schoolIdents.add(e.ident);
    }
  });
  const managed = new Set<number>();
  list(c, d, 'etablissementsGeres', 'EtablissementsGeres', true).forEach((g, i) => {
    const at = () => `${ROOT}/EtablissementsGeres/Etablissement[${i + 1}]`;
    if (!isRecord(g)) return c.error(at(), 'type', `must be an object, got ${describe(g)}`);
    attributeFields(c, g, 'etablissementGere', at, lint);
    if (typeof g.ident === 'number') {
      if (!schoolIdents.has(g.ident)) c.error(`${at()}/@Ident`, 'ref', 'names no Etablissements/Etablissement');
      if (managed.has(g.ident)) c.error(`${at()}/@Ident`, 'unique', 'this school is listed twice');
      managed.add(g.ident);
    }
  });

  // People
  const peopleIdents = new Set<number>();
  const responsableIdents = new Set<number>();
  let people = 0;
  let current: 'personnels' | 'professeurs' | 'responsables' | 'eleves' = 'personnels';
  const persons = (key: 'personnels' | 'professeurs' | 'responsables' | 'eleves', container: string, element: string) => {
    current = key;
    const arr = list(c, d, key, container, false);
    // Unique ID_Partenaire: a typed-array hash table over the identifiers (no entry objects);
    // only people whose identifier is a non-empty string are added, by their index.
    const ids = new StringIndex(arr.length, (i) => (arr[i] as Record<string, unknown>).idPartenaire as string);
    people += arr.length;
    for (let i = 0; i < arr.length && !c.full; i++) {
      const p = arr[i];
      const at = () => `${ROOT}/${container}/${element}[${i + 1}]`;
      if (!isRecord(p)) {
        c.error(at(), 'type', `must be an object, got ${describe(p)}`);
        continue;
      }
      const fast = personLooksValid(p, TABLES[HOLDER[key]], c.maxLength);
      if (!fast) checkPerson(p, at);
      const ident = p.ident;
      if (typeof ident === 'number') {
        if (peopleIdents.has(ident)) c.error(`${at()}/@Ident`, 'unique', 'another person has the same Ident (Idents are unique among all people of the file)');
        peopleIdents.add(ident);
        if (key === 'responsables') responsableIdents.add(ident);
      }
      const id = p.idPartenaire;
      if (typeof id === 'string' && id !== '') {
        if (ids.add(id, i) !== -1) c.error(`${at()}/@ID_Partenaire`, 'unique', `another ${element} has the same ID_Partenaire`);
      }
      if (key === 'responsables' && typeof p.civilite === 'number' && !civiliteIdents.has(p.civilite)) {
        c.error(
          `${at()}/Civilite/@Ident`,
          'ref',
          hasNomenclature ? 'names no Nomenclatures/Civilites/Civilite' : 'a Civilite needs the Nomenclatures/Civilites list (none is given)',
        );
      }
      if (lint) lintOpacity(c, p, at);
    }
  };
  /** Slow path: reports every problem of one person (references and uniqueness aside). */
  const checkPerson = (p: Record<string, unknown>, at: () => string) => {
    const key = current;
    attributeFields(c, p, HOLDER[key], at, lint);
    if (key === 'responsables' && p.civilite !== undefined) field(c, p, 'civilite', 'Ident', 'ident', () => `${at()}/Civilite`);
  };
  persons('personnels', 'Personnels', 'Personnel');
  persons('professeurs', 'Professeurs', 'Professeur');
  persons('responsables', 'Responsables', 'Responsable');
  persons('eleves', 'Eleves', 'Eleve');

  // Student → parent references (after every parent is known).
  const eleves: readonly unknown[] = Array.isArray(d.eleves) ? d.eleves : [];
  for (let i = 0; i < eleves.length && !c.full; i++) {
    const e = eleves[i];
    if (!isRecord(e)) continue;
    const at = () => `${ROOT}/Eleves/Eleve[${i + 1}]`;
    const refs = e.responsables;
    if (!Array.isArray(refs)) {
      c.error(`${at()}/Responsable`, 'type', `responsables must be an array of parent Idents (possibly empty), got ${describe(refs)}`);
      continue;
    }
    for (let j = 0; j < refs.length; j++) {
      const r: unknown = refs[j];
      const rAt = () => `${at()}/Responsable[${j + 1}]`;
      if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r > UINT_MAX) {
        c.error(`${rAt()}/@Ident`, 'type', `must be an integer from 0 to ${UINT_MAX} (xs:unsignedInt)`);
      } else if (!responsableIdents.has(r)) {
        c.error(`${rAt()}/@Ident`, 'ref', 'names no Responsables/Responsable');
      } else if (lint && refs.indexOf(r) !== j) {
        c.warning(`${rAt()}/@Ident`, 'duplicate', 'this parent is already listed for the student');
      }
    }
  }
  if (people > limits.maxPeople) {
    c.error(ROOT, 'limit', `holds ${people} people, more than limits.maxPeople (${limits.maxPeople})`);
  }
  return c.problems;
}
