/**
 * Reads both sides of a matching into indexed columns: normalised identity as integers, birth
 * date, parent links resolved to indexes, identifier maps. Checks what would make the output
 * meaningless (wrong types, duplicate identifiers in a population) and fails with
 * `ERR_ARGUMENT`, naming the input path, never a value.
 *
 * Every distinct name string is normalised once and numbered; a person's name key is the
 * number of its (name, first name) pair, a student's identity the number of its (name, first
 * name, birth date) triple (one lookup per student). Columns are integer arrays rather than one object per person: the engine
 * handles hundreds of thousands of people, and allocations are its main cost. They are heap
 * arrays of small integers, not typed arrays: a typed array's external memory forces full
 * garbage collections of the whole heap, inputs included (`src/internal/int-array.ts`).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { isArrayValue } from '../common/arguments';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { intArray } from '../internal/int-array';
import { keepShapes } from '../internal/keep-shapes';
import { StringIndex } from '../internal/string-index';
import { StringTable } from '../internal/string-table';
import { normalizeMatchDate, normalizeName } from './normalize';
import { PairTable } from './pair-table';
import type { EntAccountLike, EntAccounts, EntStudentLike, PronotePeople, PronotePersonLike, PronoteStudentLike } from './types';

/** The columns of one side of one population. */
export interface Side {
  /** Number of people. */
  readonly n: number;
  /**
   * Number of the normalised (name, first name) pair, dense in the population
   * (`0 … keySpace-1`); -1 when either is empty. Empty (never read) for students.
   */
  readonly nameKey: readonly number[];
  /** Number of the normalised birth date; -1 when absent or invalid. Teachers only (empty for the others). */
  readonly date: readonly number[];
  /**
   * What identity matching groups on, in `0 … keySpace-1`: for students the number of the
   * (name, first name, birth date) triple, -1 when one is empty or invalid; for the others the
   * name key.
   */
  readonly identity: readonly number[];
  /**
   * Students only: the parents of person `i` are `parentList[parentStart[i] .. parentStart[i+1]-1]`,
   * indexes in the population `responsables`, without repetition.
   */
  readonly parentStart: readonly number[];
  readonly parentList: readonly number[];
}

/** One population of both sides. */
export interface PreparedPopulation {
  readonly population: Population;
  readonly entSrc: readonly EntAccountLike[];
  readonly proSrc: readonly PronotePersonLike[];
  readonly ent: Side;
  readonly pro: Side;
  /** Identity numbers are below this. */
  readonly keySpace: number;
  /**
   * The PRONOTE people of the population who hold an identifier (a non-empty `idPartenaire`),
   * by index, ascending: the held-identifier pass reads only them, not the whole population again.
   */
  readonly held: readonly number[];
  /** ENT index by `idPartenaire` (entry number = index; `get` gives -1 for none). */
  readonly entById: StringIndex;
  /** PRONOTE index by `idpn` (entry number = index; `get` gives -1 for none). */
  readonly pronoteByIdpn: StringIndex;
}

const NO_LINKS: readonly number[] = intArray(0, 0);

function argError(path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', reason, { path });
}

function list<T>(value: readonly T[] | undefined, path: string): readonly T[] {
  if (value === undefined) return [];
  if (!isArrayValue(value)) throw argError(path, 'expected an array of people (or undefined)');
  return value;
}

/** The input path of a person, e.g. `ent.eleves[3]`. */
function personPath(population: Population, i: number, pronote: boolean): string {
  return `${pronote ? 'pronote' : 'ent'}.${population}[${i}]`;
}

/** The problem of a person whose fields the engine cannot read, undefined when none. */
function personProblem(p: unknown, pronote: boolean, optionalId: boolean): [field: string, reason: string] | undefined {
  if (typeof p !== 'object' || p === null) return ['', 'expected a person object'];
  const o = p as Record<string, unknown>;
  const idField = pronote ? 'idpn' : 'idPartenaire';
  if (typeof o[idField] !== 'string' && !(optionalId && o[idField] === undefined)) {
    return [`.${idField}`, optionalId ? 'expected a string or undefined' : 'expected a string'];
  }
  if (typeof o.nom !== 'string') return ['.nom', 'expected a string'];
  if (typeof o.prenom !== 'string') return ['.prenom', 'expected a string'];
  if (o.dateNaissance !== undefined && typeof o.dateNaissance !== 'string') return ['.dateNaissance', 'expected a string or undefined'];
  if (pronote) {
    if (typeof o.ident !== 'number') return ['.ident', 'expected a number'];
    if (o.idPartenaire !== undefined && typeof o.idPartenaire !== 'string') return ['.idPartenaire', 'expected a string or undefined'];
  }
  return undefined;
}

/** Checks the fields the engine reads; fails with `ERR_ARGUMENT` naming the path (built only then). */
function checkPerson(p: unknown, population: Population, i: number, pronote: boolean): void {
  // Staff may have no IDPN in the identifier file (they are matched by identity only).
  const problem = personProblem(p, pronote, pronote && population === 'personnels');
  if (problem !== undefined) throw argError(`${personPath(population, i, pronote)}${problem[0]}`, problem[1]);
}

/**
 * People (both sides) from which a run numbers raw names with {@link StringTable}s rather than
 * `Map`s: where the tables outgrow the processor's cache (measured on the benchmark's worlds:
 * the same time at 400,000 people, about 18 % less for these lookups at 3.8 million).
 */
export const LARGE_RUN = 1_000_000;

/** Numbers names, dates and identities; one per matching run. */
class Numbering {
  /**
   * Raw name strings → number of their normal form (-1 when empty). In a large run (at least
   * {@link LARGE_RUN} people), a {@link StringTable} numbers the raw strings and `rawNorm` holds
   * their normal forms' numbers: one slot read per lookup, where a `Map` reads several places of
   * memory (hundreds of thousands of spellings at 2M people: about 18 % less time for these
   * lookups). In a smaller run, `Map`s: as fast while the map fits in the cache, and their
   * lookups are built-ins, fast before the engine's code is optimised (a school's run is over
   * before it is), where the table's hashing is JavaScript.
   */
  private readonly rawIds: Map<string, number> | undefined;
  private readonly normIds: Map<string, number> | undefined;
  private readonly raws: StringTable | undefined;
  private readonly rawNorm: number[] = [];
  private readonly norms: StringTable | undefined;
  private readonly dateIds = new Map<string, number>(); // raw date → id of yyyy-mm-dd, -1 if invalid
  private readonly normalDateIds = new Map<string, number>();
  /** (name, first name) pairs of everyone but students. */
  readonly names: PairTable;
  /** (name, first name, birth date) triples of students. */
  readonly students: PairTable;

  /**
   * `others`: the most people but students of one side; `students`: the most students of one
   * side; `large`: a large run (raw names in tables rather than maps). Each side's people have
   * about as many distinct identities as the larger side (the other side mostly repeats them):
   * the pair tables are sized for that, and grow (by rehashing) in the rare run that has more.
   */
  constructor(others: number, students: number, large: boolean) {
    if (large) {
      this.raws = new StringTable(4096);
      this.norms = new StringTable(4096);
    } else {
      this.rawIds = new Map();
      this.normIds = new Map();
    }
    this.names = new PairTable(Math.max(16, Math.ceil(others * 1.125)));
    this.students = new PairTable(Math.max(16, Math.ceil(students * 1.125)));
  }

  name(raw: string): number {
    const raws = this.raws;
    if (raws === undefined) return this.nameByMap(raw);
    const known = raws.size;
    const r = raws.numberOf(raw);
    if (r < known) return this.rawNorm[r] as number;
    const norm = normalizeName(raw);
    const id = norm === '' ? -1 : (this.norms as StringTable).numberOf(norm);
    this.rawNorm.push(id);
    return id;
  }

  private nameByMap(raw: string): number {
    const rawIds = this.rawIds as Map<string, number>;
    let id = rawIds.get(raw);
    if (id === undefined) {
      const norm = normalizeName(raw);
      if (norm === '') id = -1;
      else {
        const normIds = this.normIds as Map<string, number>;
        id = normIds.get(norm);
        if (id === undefined) normIds.set(norm, (id = normIds.size));
      }
      rawIds.set(raw, id);
    }
    return id;
  }

  date(raw: string | undefined): number {
    if (raw === undefined) return -1;
    let id = this.dateIds.get(raw);
    if (id === undefined) {
      const norm = normalizeMatchDate(raw);
      if (norm === undefined) id = -1;
      else {
        id = this.normalDateIds.get(norm);
        if (id === undefined) this.normalDateIds.set(norm, (id = this.normalDateIds.size));
      }
      this.dateIds.set(raw, id);
    }
    return id;
  }

  nameKey(nom: string, prenom: string): number {
    const a = this.name(nom);
    if (a < 0) return -1;
    const b = this.name(prenom);
    return b < 0 ? -1 : this.names.id(a, b, 0);
  }

  /** A student's identity: the number of its (name, first name, birth date) triple; -1 when one is missing. */
  studentKey(nom: string, prenom: string, date: string | undefined): number {
    const a = this.name(nom);
    if (a < 0) return -1;
    const b = this.name(prenom);
    if (b < 0) return -1;
    const d = this.date(date);
    return d < 0 ? -1 : this.students.id(a, b, d);
  }
}

/**
 * The columns read from the people: students have only `identity` (numbers of the students
 * table); the others `nameKey` (numbers of the names table, renumbered in place afterwards),
 * which is also their `identity`, and teachers `date`.
 */
interface Columns {
  readonly n: number;
  readonly nameKey: number[];
  readonly date: number[];
  readonly identity: number[];
}

function newColumns(n: number, population: Population): Columns {
  if (population === 'eleves') return { n, nameKey: intArray(0, 0), date: intArray(0, 0), identity: intArray(n, 0) };
  const nameKey = intArray(n, 0);
  return { n, nameKey, date: intArray(population === 'professeurs' ? n : 0, 0), identity: nameKey };
}

/** Fills the identity columns of person `i`. */
function readIdentity(c: Columns, i: number, s: EntAccountLike | PronotePersonLike, population: Population, num: Numbering): void {
  if (population === 'eleves') {
    c.identity[i] = num.studentKey(s.nom, s.prenom, s.dateNaissance);
    return;
  }
  c.nameKey[i] = num.nameKey(s.nom, s.prenom);
  if (population === 'professeurs') c.date[i] = num.date(s.dateNaissance);
}

function entColumns(src: readonly EntAccountLike[], population: Population, num: Numbering, byId: StringIndex): Columns {
  const c = newColumns(src.length, population);
  for (let i = 0; i < src.length; i++) {
    const s = src[i] as EntAccountLike;
    checkPerson(s, population, i, false);
    const prev = byId.add(s.idPartenaire, i);
    if (prev !== -1) {
      throw argError(
        `ent.${population}[${i}].idPartenaire`,
        `duplicate ID_Partenaire in population ${population} (also at ent.${population}[${prev}]); every ENT account needs its own identifier`,
      );
    }
    readIdentity(c, i, s, population, num);
  }
  return c;
}

function proColumns(
  src: readonly PronotePersonLike[],
  population: Population,
  num: Numbering,
  byIdpn: StringIndex,
): { c: Columns; held: number[] } {
  const c = newColumns(src.length, population);
  const held: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const s = src[i] as PronotePersonLike;
    checkPerson(s, population, i, true);
    const prev = s.idpn === undefined ? -1 : byIdpn.add(s.idpn, i);
    if (prev !== -1) {
      throw argError(
        `pronote.${population}[${i}].idpn`,
        `duplicate IDPN in population ${population} (also at pronote.${population}[${prev}]); every PRONOTE person needs its own identifier`,
      );
    }
    readIdentity(c, i, s, population, num);
    if (s.idPartenaire !== undefined && s.idPartenaire !== '') held.push(i);
  }
  return { c, held };
}

/**
 * Renumbers the name keys of one population in place, densely from 0 (so that the engine's
 * per-key arrays are as small as the population); returns how many there are. `dense` is a
 * scratch table over all name keys, all -1, left all -1.
 */
function renumber(columns: readonly number[][], dense: number[]): number {
  let next = 0;
  const touched: number[] = [];
  for (const col of columns) {
    for (let i = 0; i < col.length; i++) {
      const g = col[i] as number;
      if (g < 0) continue;
      let d = dense[g] as number;
      if (d === -1) {
        d = next++;
        dense[g] = d;
        touched.push(g);
      }
      col[i] = d;
    }
  }
  for (let i = 0; i < touched.length; i++) dense[touched[i] as number] = -1;
  return next;
}

/** Builds the parent columns of students: `resolve` maps a reference to an index or -1. */
function parentColumns<T>(
  students: readonly T[],
  refsOf: (s: T) => readonly (number | string)[] | undefined,
  resolve: (ref: number | string) => number,
  side: 'ent' | 'pronote',
): { parentStart: number[]; parentList: number[] } {
  let total = 0;
  for (let i = 0; i < students.length; i++) {
    const refs = refsOf(students[i] as T);
    if (refs === undefined) continue;
    if (!isArrayValue(refs)) throw argError(`${side}.eleves[${i}].responsables`, 'expected an array of parent references');
    total += refs.length;
  }
  const parentStart = intArray(students.length + 1, 0);
  const out = intArray(total, 0);
  let n = 0;
  for (let i = 0; i < students.length; i++) {
    parentStart[i] = n;
    const refs = refsOf(students[i] as T);
    if (refs === undefined) continue;
    const start = n;
    for (let k = 0; k < refs.length; k++) {
      const j = resolve(refs[k] as number | string);
      if (j < 0) continue;
      let dup = false;
      for (let m = start; m < n; m++) if (out[m] === j) dup = true;
      if (!dup) out[n++] = j;
    }
  }
  parentStart[students.length] = n;
  out.length = n;
  return { parentStart, parentList: out };
}

/**
 * Index of people by `Ident`: a typed array when the `Ident`s are compact integers (a shared
 * counter, as files have them), else a map. Returns -1 for an unknown `Ident`.
 */
function identIndex(people: readonly { readonly ident?: unknown }[]): (ident: number) => number {
  const identOf = (i: number): number | undefined => {
    const id = (people[i] as { readonly ident?: unknown }).ident;
    return typeof id === 'number' ? id : undefined;
  };
  let max = -1;
  let compact = true;
  for (let i = 0; i < people.length; i++) {
    const id = identOf(i);
    if (id === undefined) continue;
    if (!Number.isInteger(id) || id < 0) compact = false;
    else if (id > max) max = id;
  }
  if (compact && max < 4 * people.length + 1024) {
    const table = intArray(max + 1, -1);
    for (let i = people.length - 1; i >= 0; i--) {
      const id = identOf(i);
      if (id !== undefined) table[id] = i; // the first occurrence wins
    }
    return (ident) => (Number.isInteger(ident) && ident >= 0 && ident <= max ? (table[ident] as number) : -1);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < people.length; i++) {
    const id = identOf(i);
    if (id !== undefined && !map.has(id)) map.set(id, i);
  }
  return (ident) => map.get(ident) ?? -1;
}

/**
 * Prepares every population of both sides. `largeRun` (tests only) forces the choice that the
 * run's size makes otherwise (at least {@link LARGE_RUN} people): the same columns either way.
 */
export function preparePopulations(ent: EntAccounts, pronote: PronotePeople, largeRun?: boolean): Record<Population, PreparedPopulation> {
  if (typeof ent !== 'object' || ent === null) throw argError('ent', 'expected the ENT accounts (an object)');
  if (typeof pronote !== 'object' || pronote === null) throw argError('pronote', 'expected the PRONOTE people (an object)');

  const count = (side: EntAccounts | PronotePeople, population: Population): number => {
    const l = side[population];
    return Array.isArray(l) ? l.length : 0;
  };
  let entOthers = 0;
  let proOthers = 0;
  for (const population of POPULATIONS) {
    if (population === 'eleves') continue;
    entOthers += count(ent, population);
    proOthers += count(pronote, population);
  }
  const entStudents = count(ent, 'eleves');
  const proStudents = count(pronote, 'eleves');
  const people = entOthers + proOthers + entStudents + proStudents;
  const num = new Numbering(Math.max(entOthers, proOthers), Math.max(entStudents, proStudents), largeRun ?? people >= LARGE_RUN);
  const columns = {} as Record<Population, { entSrc: readonly EntAccountLike[]; proSrc: readonly PronotePersonLike[]; e: Columns; p: Columns; held: number[]; entById: StringIndex; pronoteByIdpn: StringIndex }>;
  for (const population of POPULATIONS) {
    const entSrc = list(ent[population], `ent.${population}`);
    const proSrc = list(pronote[population], `pronote.${population}`);
    const entById = new StringIndex(entSrc.length, (i) => (entSrc[i] as EntAccountLike).idPartenaire);
    const pronoteByIdpn = new StringIndex(proSrc.length, (i) => (proSrc[i] as PronotePersonLike).idpn ?? ''); // only people with an IDPN are added
    const e = entColumns(entSrc, population, num, entById);
    const { c: p, held } = proColumns(proSrc, population, num, pronoteByIdpn);
    columns[population] = { entSrc, proSrc, e, p, held, entById, pronoteByIdpn };
  }

  // Students' parents, resolved to indexes in `responsables`.
  const entParents = columns.responsables.entSrc;
  const entParentByIdent = identIndex(entParents);
  let entParentByKey: Map<string, number> | undefined; // built at the first reference by key
  const byKey = (ref: string): number => {
    if (entParentByKey === undefined) {
      entParentByKey = new Map();
      for (let i = 0; i < entParents.length; i++) {
        const r = entParents[i] as EntAccountLike;
        const key = typeof r.key === 'string' ? r.key : r.idPartenaire;
        if (!entParentByKey.has(key)) entParentByKey.set(key, i);
      }
    }
    return entParentByKey.get(ref) ?? -1;
  };
  const proParentByIdent = identIndex(columns.responsables.proSrc);
  const eParents = parentColumns(
    columns.eleves.entSrc as readonly EntStudentLike[],
    (s) => s.responsables,
    (ref) => (typeof ref === 'number' ? entParentByIdent(ref) : byKey(ref)),
    'ent',
  );
  const pParents = parentColumns(
    columns.eleves.proSrc as readonly PronoteStudentLike[],
    (s) => s.responsables,
    (ref) => (typeof ref === 'number' ? proParentByIdent(ref) : -1),
    'pronote',
  );

  const out = {} as Record<Population, PreparedPopulation>;
  const dense = intArray(num.names.size, -1); // global name key → number in the population
  for (const population of POPULATIONS) {
    const c = columns[population];
    let ent: Side;
    let pro: Side;
    let keySpace: number;
    if (population === 'eleves') {
      ent = { ...c.e, ...eParents };
      pro = { ...c.p, ...pParents };
      keySpace = num.students.size;
    } else {
      keySpace = renumber([c.e.nameKey, c.p.nameKey], dense);
      ent = { ...c.e, parentStart: NO_LINKS, parentList: NO_LINKS };
      pro = { ...c.p, parentStart: NO_LINKS, parentList: NO_LINKS };
    }
    out[population] = {
      population,
      entSrc: c.entSrc,
      proSrc: c.proSrc,
      ent,
      pro,
      keySpace,
      held: c.held,
      entById: c.entById,
      pronoteByIdpn: c.pronoteByIdpn,
    };
  }
  // New objects of the tables' classes, kept until the next run (see keepShapes).
  keepShapes('match-prepare', [new Numbering(0, 0, false), new StringIndex(0, () => ''), new StringTable(0)]);
  return out;
}
