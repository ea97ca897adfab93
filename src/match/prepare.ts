/**
 * Reads both sides of a matching into indexed columns: normalised identity as integers, birth
 * date, parent links resolved to indexes, identifier maps. Checks what would make the output
 * meaningless (wrong types, duplicate identifiers in a population) and fails with
 * `ERR_ARGUMENT`, naming the input path, never a value.
 *
 * Every distinct name string is normalised once and numbered; a person's name key is the
 * number of its (name, first name) pair, a student's identity the number of its (name key,
 * birth date) pair. Columns are typed arrays rather than one object per person: the engine
 * handles hundreds of thousands of people, and allocations are its main cost.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { isArrayValue } from '../common/arguments';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { StringIndex } from '../internal/string-index';
import { normalizeMatchDate, normalizeName } from './normalize';
import { PairTable } from './pair-table';
import type { EntAccountLike, EntAccounts, EntStudentLike, PronotePeople, PronotePersonLike, PronoteStudentLike } from './types';

/** The columns of one side of one population. */
export interface Side {
  /** Number of people. */
  readonly n: number;
  /**
   * Number of the normalised (name, first name) pair; -1 when either is empty. For staff,
   * teachers and parents, numbers are dense in the population (`0 … keySpace-1`).
   */
  readonly nameKey: Int32Array;
  /** Number of the normalised birth date; -1 when absent or invalid. Empty (never read) for staff and parents. */
  readonly date: Int32Array;
  /**
   * What identity matching groups on, in `0 … keySpace-1`: for students the number of the
   * (name key, birth date) pair, -1 without a valid birth date; for the others the name key.
   */
  readonly identity: Int32Array;
  /**
   * Students only: the parents of person `i` are `parentList[parentStart[i] .. parentStart[i+1]-1]`,
   * indexes in the population `responsables`, without repetition.
   */
  readonly parentStart: Int32Array;
  readonly parentList: Int32Array;
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
  /** True when some PRONOTE person of the population holds an identifier. */
  readonly anyHeld: boolean;
  /** ENT index by `idPartenaire` (entry number = index; `get` gives -1 for none). */
  readonly entById: StringIndex;
  /** PRONOTE index by `idpn` (entry number = index; `get` gives -1 for none). */
  readonly pronoteByIdpn: StringIndex;
}

const NO_LINKS = new Int32Array(0);

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

/** Numbers names, dates and identities; one per matching run. */
class Numbering {
  private readonly nameIds = new Map<string, number>(); // raw string → id of its normal form, -1 if empty
  private readonly normalIds = new Map<string, number>();
  private readonly dateIds = new Map<string, number>(); // raw date → id of yyyy-mm-dd, -1 if invalid
  private readonly normalDateIds = new Map<string, number>();
  readonly names: PairTable;
  readonly students: PairTable;

  /**
   * `people`: how many people the run reads; `students`: the most students of one side (the
   * tables are sized once, without growing: large typed arrays are memory outside the heap, whose
   * growth triggers full garbage collections of the whole heap).
   */
  constructor(people: number, students: number) {
    this.names = new PairTable(Math.min(people, 1 << 16));
    this.students = new PairTable(Math.max(16, Math.ceil(students * 1.125)));
  }

  name(raw: string): number {
    let id = this.nameIds.get(raw);
    if (id === undefined) {
      const norm = normalizeName(raw);
      if (norm === '') id = -1;
      else {
        id = this.normalIds.get(norm);
        if (id === undefined) this.normalIds.set(norm, (id = this.normalIds.size));
      }
      this.nameIds.set(raw, id);
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
    return b < 0 ? -1 : this.names.id(a, b);
  }
}

type Columns = Omit<Side, 'identity' | 'parentStart' | 'parentList'>;

/** Only students and teachers are matched with birth dates. */
const usesDates = (population: Population): boolean => population === 'eleves' || population === 'professeurs';

function entColumns(src: readonly EntAccountLike[], population: Population, num: Numbering, byId: StringIndex): Columns {
  const nameKey = new Int32Array(src.length);
  const dates = usesDates(population);
  const date = dates ? new Int32Array(src.length) : NO_LINKS;
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
    nameKey[i] = num.nameKey(s.nom, s.prenom);
    if (dates) date[i] = num.date(s.dateNaissance);
  }
  return { n: src.length, nameKey, date };
}

function proColumns(
  src: readonly PronotePersonLike[],
  population: Population,
  num: Numbering,
  byIdpn: StringIndex,
): Columns & { anyHeld: boolean } {
  const nameKey = new Int32Array(src.length);
  const dates = usesDates(population);
  const date = dates ? new Int32Array(src.length) : NO_LINKS;
  let anyHeld = false;
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
    nameKey[i] = num.nameKey(s.nom, s.prenom);
    if (dates) date[i] = num.date(s.dateNaissance);
    if (s.idPartenaire !== undefined && s.idPartenaire !== '') anyHeld = true;
  }
  return { n: src.length, nameKey, date, anyHeld };
}

/**
 * Renumbers the name keys of one population in place, densely from 0 (so that the engine's
 * per-key arrays are as small as the population); returns how many there are. `dense` is a
 * scratch table over all name keys, all -1, left all -1.
 */
function renumber(columns: readonly Int32Array[], dense: Int32Array): number {
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
  for (const g of touched) dense[g] = -1;
  return next;
}

/** Student identity: the number of the (name key, birth date) pair; -1 when either is missing. */
function studentIdentity(c: Columns, table: PairTable): Int32Array {
  const out = new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const k = c.nameKey[i] as number;
    const d = c.date[i] as number;
    out[i] = k < 0 || d < 0 ? -1 : table.id(k, d);
  }
  return out;
}

/** Builds the parent columns of students: `resolve` maps a reference to an index or -1. */
function parentColumns<T>(
  students: readonly T[],
  refsOf: (s: T) => readonly (number | string)[] | undefined,
  resolve: (ref: number | string) => number,
  side: 'ent' | 'pronote',
): { parentStart: Int32Array; parentList: Int32Array } {
  let total = 0;
  for (let i = 0; i < students.length; i++) {
    const refs = refsOf(students[i] as T);
    if (refs === undefined) continue;
    if (!isArrayValue(refs)) throw argError(`${side}.eleves[${i}].responsables`, 'expected an array of parent references');
    total += refs.length;
  }
  const parentStart = new Int32Array(students.length + 1);
  const out = new Int32Array(total);
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
  return { parentStart, parentList: n === total ? out : out.slice(0, n) };
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
    const table = new Int32Array(max + 1).fill(-1);
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

/** Prepares every population of both sides. */
export function preparePopulations(ent: EntAccounts, pronote: PronotePeople): Record<Population, PreparedPopulation> {
  if (typeof ent !== 'object' || ent === null) throw argError('ent', 'expected the ENT accounts (an object)');
  if (typeof pronote !== 'object' || pronote === null) throw argError('pronote', 'expected the PRONOTE people (an object)');

  let people = 0;
  for (const population of POPULATIONS) {
    const a = ent[population];
    const b = pronote[population];
    people += (Array.isArray(a) ? a.length : 0) + (Array.isArray(b) ? b.length : 0);
  }
  const studentCount = (side: EntAccounts | PronotePeople): number => (Array.isArray(side.eleves) ? side.eleves.length : 0);
  const num = new Numbering(people, Math.max(studentCount(ent), studentCount(pronote)));
  const columns = {} as Record<Population, { entSrc: readonly EntAccountLike[]; proSrc: readonly PronotePersonLike[]; e: Columns; p: Columns & { anyHeld: boolean }; entById: StringIndex; pronoteByIdpn: StringIndex }>;
  for (const population of POPULATIONS) {
    const entSrc = list(ent[population], `ent.${population}`);
    const proSrc = list(pronote[population], `pronote.${population}`);
    const entById = new StringIndex(entSrc.length, (i) => (entSrc[i] as EntAccountLike).idPartenaire);
    const pronoteByIdpn = new StringIndex(proSrc.length, (i) => (proSrc[i] as PronotePersonLike).idpn ?? ''); // only people with an IDPN are added
    const e = entColumns(entSrc, population, num, entById);
    const p = proColumns(proSrc, population, num, pronoteByIdpn);
    columns[population] = { entSrc, proSrc, e, p, entById, pronoteByIdpn };
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
  const dense = new Int32Array(num.names.size).fill(-1); // global name key → number in the population
  for (const population of POPULATIONS) {
    const c = columns[population];
    const pc: Columns = { n: c.p.n, nameKey: c.p.nameKey, date: c.p.date };
    let ent: Side;
    let pro: Side;
    let keySpace: number;
    if (population === 'eleves') {
      ent = { ...c.e, identity: studentIdentity(c.e, num.students), ...eParents };
      pro = { ...pc, identity: studentIdentity(pc, num.students), ...pParents };
      keySpace = num.students.size;
    } else {
      keySpace = renumber([c.e.nameKey, pc.nameKey], dense);
      ent = { ...c.e, identity: c.e.nameKey, parentStart: NO_LINKS, parentList: NO_LINKS };
      pro = { ...pc, identity: pc.nameKey, parentStart: NO_LINKS, parentList: NO_LINKS };
    }
    out[population] = {
      population,
      entSrc: c.entSrc,
      proSrc: c.proSrc,
      ent,
      pro,
      keySpace,
      anyHeld: c.p.anyHeld,
      entById: c.entById,
      pronoteByIdpn: c.pronoteByIdpn,
    };
  }
  return out;
}
