/**
 * A CSV of PRONOTE people → an {@link IdentifiantsPronote} model (what a partner's test tool or
 * an administrator's spreadsheet holds), for building the identifier file.
 *
 * | column | content |
 * |---|---|
 * | `population` | `personnel`, `professeur`, `responsable` or `eleve` (plural, case and accents ignored) |
 * | `ident` | `Ident` (optional: empty cells get the next free numbers, in row order) |
 * | `idpn` | the PRONOTE identifier (`IDPN`), unique within its population; may be empty for staff |
 * | `nom`, `prenom` | last and first name |
 * | `date_naissance` | `dd/mm/yyyy` or `yyyy-mm-dd` (students: required) |
 * | `sexe` | `M`, `F`, `Masculin` or `Feminin`, may be empty (students) |
 * | `id_partenaire` | the ENT identifier PRONOTE already holds, may be empty |
 * | `parents` | a student's parents: their `idpn`, separated by `|` |
 *
 * The attributes' columns come from the vocabulary (`src/identifiants-pronote/vocabulary.ts`,
 * each attribute's `csv`), in its order: a column added there is read here.
 *
 * Required columns: `population`, `idpn`, `nom`, `prenom`. Separator `;`, `,` or tab (detected);
 * bytes are UTF-8 (BOM or not) or, when not valid UTF-8, Windows-1252.
 *
 * @module
 */

import { expectObject, expectText } from '../common/arguments';
import { normalizeBirthDate } from '../common/dates';
import type { ReadResult } from '../common/result';
import { EntPronoteError, type Problem } from '../errors';
import { decodeCsvBytes } from '../input/csv/decode';
import { csvRecords, detectCsvSeparator } from '../input/csv/parse';
import { ProblemLog } from '../input/problems';
import { type Limits, limitError, resolveLimits } from '../limits';
import { foldLabel } from '../input/fields';
import { recordOf } from '../common/records';
import { CSV_COLUMNS, CSV_REQUIRED, type CsvColumn, HOLDER, type HolderAttribute, POPULATIONS, type Population, REF, TABLES } from './vocabulary';
import { IDENTIFIANTS_PRONOTE_VERSION, type IdentifiantsPronote, type IdentifiantsPronoteMode, type PronotePersonne, type PronoteEleve } from './model';

/**
 * The columns of the PRONOTE people CSV, in the order to write them (`population`, the
 * attributes' columns of the vocabulary, `parents`).
 */
export const PRONOTE_CSV_COLUMNS: readonly PronoteCsvColumn[] = Object.freeze([...(CSV_COLUMNS as readonly PronoteCsvColumn[])]);

/** A column of the PRONOTE people CSV. */
export type PronoteCsvColumn = CsvColumn;

function isColumn(name: string): name is PronoteCsvColumn {
  return (PRONOTE_CSV_COLUMNS as readonly string[]).includes(name);
}

const REQUIRED = CSV_REQUIRED as readonly PronoteCsvColumn[];

/** What the messages call one person of each population. */
const NOUN: Readonly<Record<Population, string>> = { personnels: 'member of staff', professeurs: 'teacher', responsables: 'parent', eleves: 'student' };

/** The column of an attribute that has one. */
function columnOf(a: HolderAttribute): PronoteCsvColumn {
  return (a.spec.csv as { name: PronoteCsvColumn }).name;
}

/** The attributes of each population that the CSV carries, in the vocabulary's order. */
const CSV_TABLE: Readonly<Record<Population, readonly HolderAttribute[]>> = recordOf(POPULATIONS, (p) => TABLES[HOLDER[p]].attributes.filter((a) => a.spec.csv !== undefined));

/** Reads an enumerated cell: a value or a CSV variant, letter case and accents ignored. */
function enumCell(a: HolderAttribute, cell: string): string | undefined {
  const key = foldLabel(cell);
  const variant = a.spec.csvVariants === undefined || !Object.hasOwn(a.spec.csvVariants, key) ? undefined : a.spec.csvVariants[key];
  return variant ?? (a.spec.values as readonly string[]).find((v) => foldLabel(v) === key);
}

/** `M, F, Masculin or Feminin`: what an enumerated cell may hold, for messages. */
function enumChoices(a: HolderAttribute): string {
  const all = [...Object.keys(a.spec.csvVariants ?? {}).map((k) => k.toUpperCase()), ...(a.spec.values as readonly string[])];
  return `${all.slice(0, -1).join(', ')} or ${all[all.length - 1] as string}`;
}

const POPULATION_OF: Record<string, Population> = {
  personnel: 'personnels',
  personnels: 'personnels',
  professeur: 'professeurs',
  professeurs: 'professeurs',
  responsable: 'responsables',
  responsables: 'responsables',
  eleve: 'eleves',
  eleves: 'eleves',
};

/** Options of {@link readIdentifiantsPronoteCsv}: the root attributes of the document. */
export interface ReadIdentifiantsPronoteCsvOptions {
  /** `Date` (`xs:dateTime`). */
  date: string;
  /** `UAI` of the school. */
  uai: string;
  /** `Socle`: the ENT name chosen in PRONOTE. */
  socle: string;
  /** `Mode` of the model (default `Complet`: the CSV lists everyone). */
  mode?: IdentifiantsPronoteMode;
  /** File name, used in problems and errors. */
  file?: string;
  /** Resource limits (`maxInputBytes`, `maxAttributeLength` per cell, `maxPeople` rows). */
  limits?: Partial<Limits>;
}

/**
 * What {@link readIdentifiantsPronoteCsv} returns: the shape of every parse, read and open
 * (`ReadResult`). `document`: the model (validate it, or let `buildIdentifiantsPronote` do it);
 * `problems`: warnings (unknown columns, unknown `sexe` values dropped), at most 10,000, then a
 * `truncated` warning counting the others.
 */
export type IdentifiantsPronoteCsvResult = ReadResult<IdentifiantsPronote>;

/**
 * Reads a CSV of PRONOTE people (see the module documentation) into a model. Every row is
 * checked; any error (missing column or value, bad date or `ident`, duplicate `idpn` in a
 * population or `ident`, a parent reference naming no `responsable` row) fails with
 * `ERR_INPUT` carrying every problem with its line and column. Messages never quote a value.
 *
 * @example
 * ```ts
 * const { document } = readIdentifiantsPronoteCsv(bytes, { date, uai: '0410017W', socle: 'KOSMOS' });
 * const xml = buildIdentifiantsPronote(document, { mode: 'Partiel' });
 * ```
 */
export function readIdentifiantsPronoteCsv(input: string | Uint8Array, options: ReadIdentifiantsPronoteCsvOptions): IdentifiantsPronoteCsvResult {
  expectText(input, 'input');
  expectObject(options, 'options');
  const file = options.file;
  const where = file !== undefined ? { file } : {};
  const limits = resolveLimits(options.limits);
  const size = typeof input === 'string' ? input.length : input instanceof Uint8Array ? input.byteLength : -1;
  if (size < 0) throw new EntPronoteError('ERR_ARGUMENT', 'the CSV must be a string or bytes');
  if (size > limits.maxInputBytes) throw limitError('the CSV size', limits.maxInputBytes, 'maxInputBytes');
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '');
  else text = decodeCsvBytes(input, 'auto', file).text;
  // Records one at a time (empty rows cost nothing); problems kept up to 10,000, errors first.
  const records = csvRecords(text, { separator: detectCsvSeparator(text), maxFieldLength: limits.maxAttributeLength, ...where });
  const first = records.next();
  const header = first.done === true ? undefined : first.value;
  if (header === undefined) throw new EntPronoteError('ERR_INPUT', `the CSV is empty: a header line is needed (${PRONOTE_CSV_COLUMNS.join(';')})`, where);
  const log = new ProblemLog();
  const loc = (line: number, column: number) => `${file !== undefined ? `${file}:` : ''}${line}:${column}`;
  const index = new Map<PronoteCsvColumn, number>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (isColumn(name)) {
      if (index.has(name)) throw new EntPronoteError('ERR_INPUT', `column ${name} appears twice in the header`, { ...where, line: header.line });
      index.set(name, i);
    } else if (name !== '') {
      const line = header.lines[i] as number;
      const column = header.columns[i] as number;
      log.add({ severity: 'warning', rule: 'unknown-column', path: loc(line, column), message: 'this column is not part of the PRONOTE people CSV: ignored', line, column });
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new EntPronoteError('ERR_INPUT', `the header line lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected: ${PRONOTE_CSV_COLUMNS.join(';')})`, {
      ...where,
      line: header.line,
    });
  }

  const doc: IdentifiantsPronote = {
    version: IDENTIFIANTS_PRONOTE_VERSION,
    date: options.date,
    uai: options.uai,
    socle: options.socle,
    mode: options.mode ?? 'Complet',
    personnels: [],
    professeurs: [],
    responsables: [],
    eleves: [],
  };
  const usedIdents = new Set<number>();
  const pendingIdent: PronotePersonne[] = [];
  const uniqueSeen: Record<string, Record<Population, Set<string>>> = {};
  const parentRefs: { eleve: PronoteEleve; refs: string[]; line: number; column: number }[] = [];
  const parentByIdpn = new Map<string, PronotePersonne>();

  let people = 0;
  for (const row of records) {
    if (row.fields.every((f) => f.trim() === '')) continue;
    if (++people > limits.maxPeople) {
      const e = limitError('number of people', limits.maxPeople, 'maxPeople');
      throw new EntPronoteError('ERR_LIMIT', e.reason, { ...where, line: row.line });
    }
    const cell = (col: PronoteCsvColumn): string => {
      const i = index.get(col);
      return i === undefined ? '' : (row.fields[i] ?? '').trim();
    };
    const at = (col: PronoteCsvColumn): { line: number; column: number } => {
      const i = index.get(col);
      if (i === undefined || i >= row.fields.length) return { line: row.line, column: 1 };
      return { line: row.lines[i] as number, column: row.columns[i] as number };
    };
    let bad = false;
    const report = (severity: 'error' | 'warning', col: PronoteCsvColumn, rule: string, message: string) => {
      if (severity === 'error') bad = true;
      const { line, column } = at(col);
      log.add({ severity, rule, path: `${loc(line, column)} (${col})`, message, line, column });
    };
    const population = POPULATION_OF[foldLabel(cell('population'))];
    if (population === undefined) {
      report('error', 'population', 'enum', 'must be personnel, professeur, responsable or eleve');
      continue;
    }
    const attributes = CSV_TABLE[population];
    for (const a of attributes) {
      // Staff may have no IDPN (PRONOTE's partner exports carry none for them).
      if (a.required && (a.type === 'nonBlank' || a.type === 'string') && cell(columnOf(a)) === '') report('error', columnOf(a), 'required', 'is empty');
    }
    for (const a of attributes) {
      const col = columnOf(a);
      const value = cell(col);
      if (a.spec.unique !== 'population' || value === '') continue;
      const seen = (uniqueSeen[a.field] ??= { personnels: new Set(), professeurs: new Set(), responsables: new Set(), eleves: new Set() })[population];
      if (seen.has(value)) report('error', col, 'unique', `another ${population.slice(0, -1)} row has the same ${col}`);
      seen.add(value);
    }
    // Typed values (Ident, birth date) by position in the population's attributes.
    const typed: unknown[] = [];
    let pending = false;
    for (const a of attributes) {
      const col = columnOf(a);
      const value = cell(col);
      if (a.type === 'ident') {
        if (value === '') {
          pending = true;
          typed[a.index] = -1;
          continue;
        }
        const ident = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
        typed[a.index] = ident;
        if (!Number.isSafeInteger(ident) || ident > 0xffffffff) report('error', col, 'ident', 'must be an integer from 0 to 4294967295');
        else if (usedIdents.has(ident)) report('error', col, 'unique', 'another row has the same ident');
        else usedIdents.add(ident);
      } else if (a.type === 'birthDate') {
        if (value !== '') {
          const date = normalizeBirthDate(value);
          typed[a.index] = date;
          if (date === undefined) report('error', col, 'date', 'is not a date (dd/mm/yyyy or yyyy-mm-dd)');
        } else if (a.required) report('error', col, 'required', `is empty (required for a ${NOUN[population]})`);
      }
    }
    if (bad) continue;
    // Fields in the vocabulary's order; empty cells of optional attributes are left out.
    const fields: Record<string, unknown> = {};
    for (const a of attributes) {
      const col = columnOf(a);
      const value = cell(col);
      if (a.type === 'ident' || a.type === 'birthDate') {
        if (typed[a.index] !== undefined) fields[a.field] = typed[a.index];
      } else if (a.type === 'enum') {
        if (value === '') continue;
        const v = enumCell(a, value);
        if (v !== undefined) fields[a.field] = v;
        else report('warning', col, 'enum', `is not ${enumChoices(a)}: no ${a.xml} is written`);
      } else if (value !== '') fields[a.field] = value;
    }
    const person = fields as unknown as PronotePersonne;
    if (pending) pendingIdent.push(person);
    if (population === 'eleves') {
      const eleve = person as PronoteEleve;
      eleve.responsables = [];
      const refs = cell(REF.csv)
        .split('|')
        .map((r) => r.trim())
        .filter((r) => r !== '');
      if (refs.length > 0) parentRefs.push({ eleve, refs, ...at(REF.csv) });
      doc.eleves.push(eleve);
    } else {
      (doc[population] as PronotePersonne[]).push(person);
      if (population === REF.refers && person.idpn !== undefined) parentByIdpn.set(person.idpn, person);
    }
  }

  let next = 1;
  for (const p of pendingIdent) {
    while (usedIdents.has(next)) next++;
    p.ident = next;
    usedIdents.add(next);
  }
  for (const { eleve, refs, line, column } of parentRefs) {
    for (const ref of refs) {
      const parent = parentByIdpn.get(ref);
      if (parent === undefined) {
        log.add({ severity: 'error', rule: 'ref', path: `${loc(line, column)} (parents)`, message: 'names no responsable row (parents are listed by their idpn, separated by |)', line, column });
      } else if (!eleve.responsables.includes(parent.ident)) eleve.responsables.push(parent.ident);
    }
  }
  const problems: Problem[] = log.list;
  const errors = problems.filter((p) => p.severity === 'error');
  if (log.errors > 0) {
    const first = errors[0] as Problem;
    const shown = errors
      .slice(0, 3)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ');
    throw new EntPronoteError('ERR_INPUT', `the CSV has ${log.errors} invalid value${log.errors === 1 ? '' : 's'}: ${shown}${log.errors > 3 ? ` (and ${log.errors - 3} more)` : ''}`, {
      ...where,
      ...(first.line !== undefined ? { line: first.line } : {}),
      problems,
    });
  }
  return { document: doc, problems };
}
