/**
 * The CSV reader's row steps: the header's column index, then each row read as a school or a
 * person, its cells per the vocabulary (required strings, optional strings, dates, the sex
 * enumeration, the child references `civilite` and `parents`), problems at the cell.
 *
 * @internal
 * @module
 */

import { normalizeBirthDate } from '../../common/dates';
import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { limitError, type Limits } from '../../limits';
import type { AccountInput, EtablissementInput } from '../../partenaire-index/assemble';
import { CHILDREN, type HolderAttribute, TABLES } from '../../partenaire-index/vocabulary';
import { addressLines, civiliteFromTitle, foldLabel, parseSexe, sexeFromTitle, valueDefect } from '../fields';
import { type InputProblem, type ProblemLog, textPath } from '../problems';
import { CSV_COLUMNS, CSV_POPULATIONS, CSV_REQUIRED_COLUMNS, CSV_USED, type CsvColumn, type CsvPopulation, csvHolder } from './columns';
import type { CsvRow } from './parse';

/** A population of people (schools aside). */
export type PersonPopulation = Exclude<CsvPopulation, 'etablissement'>;

/**
 * A person row kept until the end (parent links and the school filter need every row): the
 * account and, instead of the whole row, where its `uai` and `parents` cells are (for later
 * problems). About 400 bytes per person with short values.
 */
export interface PersonRow {
  /** Line and column of the `uai` cell, then of the `parents` cell (the row's line and 1 when absent). */
  at: readonly [number, number, number, number];
  population: PersonPopulation;
  uai: string;
  account: AccountInput;
  parents: string[];
}

/** Where the steps report. */
export interface CsvContext {
  readonly file: string | undefined;
  readonly where: { file?: string };
  readonly log: ProblemLog;
  readonly limits: Limits;
}

const COLUMNS: ReadonlySet<string> = new Set(CSV_COLUMNS);
function isCsvColumn(name: string): name is CsvColumn {
  return COLUMNS.has(name);
}

/**
 * The header's columns → their index. Unknown columns are reported only once the header is
 * known to be one (it names the required columns): a file without a header line has values
 * there, which must not be quoted. A column twice, or a required one missing: `ERR_INPUT`.
 */
export function readHeader(ctx: CsvContext, header: CsvRow): Map<CsvColumn, number> {
  const { file, where } = ctx;
  const index = new Map<CsvColumn, number>();
  const unknownColumns: InputProblem[] = [];
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const line = header.lines[i] ?? header.line;
    const column = header.columns[i] ?? 1;
    if (name === '') return;
    if (!isCsvColumn(name)) {
      unknownColumns.push({ severity: 'warning', rule: 'unknown-column', path: textPath(file, line, column), message: 'this column is not part of the CSV contract: ignored', line, column, ...where, attribute: raw.trim().slice(0, 40) });
      return;
    }
    if (index.has(name)) throw new EntPronoteError('ERR_INPUT', `column ${name} appears twice in the header`, { ...where, line, column });
    index.set(name, i);
  });
  const missing = CSV_REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new EntPronoteError('ERR_INPUT', `the header line lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected: ${CSV_COLUMNS.join(';')})`, {
      ...where,
      line: header.line,
    });
  }
  for (const p of unknownColumns) ctx.log.add(p);
  return index;
}

const POPULATION_OF: ReadonlyMap<string, CsvPopulation> = new Map(CSV_POPULATIONS.flatMap((p) => [[p, p], [`${p}s`, p]]));
const ADDRESS_LINES: ReadonlySet<string> = new Set(['adresse1', 'adresse2', 'adresse3', 'adresse4']);

/** The vocabulary's cells of each population: optional plain strings (address lines aside), then typed values. */
interface PopulationCells {
  readonly strings: readonly { readonly field: string; readonly column: CsvColumn }[];
  readonly typed: readonly { readonly attribute: HolderAttribute; readonly column: CsvColumn }[];
  readonly children: readonly { readonly field: string; readonly column: CsvColumn }[];
}

function populationCells(population: CsvPopulation): PopulationCells {
  const holder = csvHolder(population);
  const strings: { field: string; column: CsvColumn }[] = [];
  const typed: { attribute: HolderAttribute; column: CsvColumn }[] = [];
  for (const a of TABLES[holder].attributes) {
    const column = a.spec.csv;
    if (column === undefined || !isCsvColumn(column)) continue;
    if (a.type === 'string' && !a.required && !ADDRESS_LINES.has(column)) strings.push({ field: a.field, column });
    else if (a.type === 'date' || a.type === 'enum') typed.push({ attribute: a, column });
  }
  const children = CHILDREN.filter((c) => c.on === holder).map((c) => ({ field: c.field, column: c.csv }));
  return { strings, typed, children };
}

const CELLS: ReadonlyMap<CsvPopulation, PopulationCells> = new Map(CSV_POPULATIONS.map((p) => [p, populationCells(p)]));

/** Why a required typed cell is needed, for messages. */
const REQUIRED_WHY: Readonly<Record<string, string>> = { dateNaissance: 'a student needs a birth date' };

/**
 * Reads the rows one by one: {@link CsvRowReader.read} classifies a row, reads its cells and
 * keeps it (schools, people) or counts it as invalid; problems point at the cell.
 */
export class CsvRowReader {
  /** Rows with a value (empty rows aside). */
  dataRows = 0;
  /** Rows left out because invalid. */
  invalid = 0;
  readonly schools: EtablissementInput[] = [];
  readonly people: PersonRow[] = [];
  /** `id_partenaire` of every responsable row, valid or not (links to an invalid one are dropped quietly: it is reported). */
  readonly allParentRows = new Set<string>();
  /** Filled cells of columns a population does not use: `population\0column` → rows. */
  readonly ignoredColumns = new Map<string, number>();
  /** Rows of people (schools are not people), valid or not: bounded by `limits.maxPeople`. */
  private personRows = 0;
  private readonly seenIds = new Set<string>();
  private readonly schoolUais = new Set<string>();
  private readonly columns: [CsvColumn, number][];
  private row: CsvRow;
  private bad = false;

  constructor(
    private readonly ctx: CsvContext,
    private readonly header: CsvRow,
    private readonly index: ReadonlyMap<CsvColumn, number>,
  ) {
    this.row = header;
    this.columns = [...index];
  }

  /** Reads one row. */
  read(row: CsvRow): void {
    if (isBlank(row.fields)) return;
    this.row = row;
    this.dataRows++;
    this.bad = false;
    const width = this.header.fields.length;
    if (row.fields.length > width && !isBlank(row.fields.slice(width))) {
      this.report('error', undefined, 'columns', `this row has ${row.fields.length} cells but the header names ${width} columns (an unquoted separator inside a value?)`);
      this.invalid++;
      return;
    }
    const population = this.population();
    if (population === undefined) {
      this.invalid++;
      return;
    }
    this.countIgnored(population);
    if (population === 'etablissement') this.school();
    else this.person(population);
  }

  /** The `population` cell (`eleve`, `eleves`, `Élève`…), or undefined (reported). */
  private population(): CsvPopulation | undefined {
    const raw = this.get('population');
    const population = POPULATION_OF.get(raw) ?? POPULATION_OF.get(foldLabel(raw));
    if (population === undefined) this.report('error', 'population', raw === '' ? 'required' : 'enum', `must be one of ${CSV_POPULATIONS.join(', ')}`);
    return population;
  }

  /** Counts the filled cells of columns the population does not export. */
  private countIgnored(population: CsvPopulation): void {
    const used = CSV_USED[population];
    for (const [col, i] of this.columns) {
      if (!used.has(col) && (this.row.fields[i] ?? '').trim() !== '') {
        const key = `${population}\u0000${col}`;
        this.ignoredColumns.set(key, (this.ignoredColumns.get(key) ?? 0) + 1);
      }
    }
  }

  /** An `etablissement` row: UAI and name required, the UAI unique. */
  private school(): void {
    const uai = this.required('uai', "the school's UAI is its Numero").toUpperCase();
    if (uai !== '' && !isUaiFormat(uai)) this.report('error', 'uai', 'uai', 'is not a UAI (7 digits and a letter)');
    const nom = this.required('nom', 'the school name is required');
    const school: EtablissementInput = { numero: uai, nom };
    this.optionalStrings('etablissement', school);
    if (!this.bad && this.schoolUais.has(uai)) this.report('error', 'uai', 'unique', 'another etablissement row has the same UAI');
    if (this.bad) this.invalid++;
    else {
      this.schoolUais.add(uai);
      this.schools.push(school);
    }
  }

  /** A person row: the account's cells per the vocabulary, its `id_partenaire` unique in its population. */
  private person(population: PersonPopulation): void {
    const { ctx, row } = this;
    if (++this.personRows > ctx.limits.maxPeople) {
      const e = limitError('number of people', ctx.limits.maxPeople, 'maxPeople');
      throw new EntPronoteError('ERR_LIMIT', e.reason, { ...ctx.where, line: row.line });
    }
    const idPartenaire = this.required('id_partenaire', "it is the ENT's identifier of the account");
    if (population === 'responsable' && idPartenaire !== '') this.allParentRows.add(idPartenaire);
    const nom = this.required('nom', 'PRONOTE matches people on their last name');
    const prenom = this.required('prenom', 'PRONOTE matches people on their first name');
    const account: AccountInput = { idPartenaire, nom, prenom };
    this.optionalStrings(population, account);
    const uai = this.get('uai').toUpperCase();
    const cells = CELLS.get(population);
    let parents: string[] = [];
    for (const { attribute, column } of cells?.typed ?? []) this.typedCell(attribute, column, account);
    for (const child of cells?.children ?? []) {
      if (child.field === 'civilite') this.civiliteCell(account);
      else parents = this.parentsCell();
    }
    const idKey = `${population}\u0000${idPartenaire}`;
    if (!this.bad && this.seenIds.has(idKey)) this.report('error', 'id_partenaire', 'unique', `another ${population} row has the same id_partenaire`);
    if (this.bad) {
      this.invalid++;
      return;
    }
    this.seenIds.add(idKey);
    const u = this.at('uai');
    const r = this.at('parents');
    this.people.push({ at: [u.line, u.column, r.line, r.column], population, uai, account, parents });
  }

  /**
   * A date or enumeration cell of the vocabulary: a required date must be there and valid
   * (error); an optional one is left out with a warning when invalid. The sex (`M`, `F`,
   * `Masculin`, `Feminin`) falls back on the `civilite` cell (`M` → `Masculin`, `Mme` → `Feminin`).
   */
  private typedCell(a: HolderAttribute, column: CsvColumn, to: AccountInput): void {
    if (a.type === 'date') {
      if (a.required) {
        const raw = this.required(column, REQUIRED_WHY[a.field] ?? `${a.xml} is required`);
        if (raw === '') return;
        const date = normalizeBirthDate(raw);
        if (date === undefined) this.report('error', column, 'date', 'is not a date (dd/mm/yyyy or yyyy-mm-dd)');
        Reflect.set(to, a.field, date ?? '');
        return;
      }
      const raw = this.get(column);
      if (raw === '') return;
      const date = normalizeBirthDate(raw);
      if (date !== undefined) Reflect.set(to, a.field, date);
      else this.report('warning', column, 'date', `is not a date (dd/mm/yyyy or yyyy-mm-dd): no ${a.xml} is exported`);
      return;
    }
    // The one enumeration of people: the sex.
    const sexe = this.get(column);
    const civilite = this.get('civilite');
    if (sexe !== '') {
      const s = parseSexe(sexe);
      if (s !== undefined) Reflect.set(to, a.field, s);
      else this.report('warning', column, 'enum', `is not M, F, ${(a.spec.values ?? []).join(' or ')}: no ${a.xml} is exported`);
    } else if (civilite !== '') {
      const s = sexeFromTitle(civilite);
      if (s !== undefined) Reflect.set(to, a.field, s);
      else this.report('warning', 'civilite', 'enum', `is neither M nor Mme: no ${a.xml} is exported`);
    }
  }

  /** A parent's `civilite` cell: `M`, `Mme` (`Mlle` → `Mme`…), else left out with a warning. */
  private civiliteCell(to: AccountInput): void {
    const raw = this.get('civilite');
    if (raw === '') return;
    const civ = civiliteFromTitle(raw);
    if (civ !== undefined) Reflect.set(to, 'civilite', civ);
    else this.report('warning', 'civilite', 'enum', 'is neither M nor Mme: no Civilite is exported');
  }

  /** A student's `parents` cell: `id_partenaire`s separated by `|`, each once. */
  private parentsCell(): string[] {
    const parents: string[] = [];
    for (const p of this.get('parents').split('|')) {
      const id = p.trim();
      if (id !== '' && !parents.includes(id)) parents.push(id);
    }
    return parents;
  }

  /** The address lines, then every other optional plain-string attribute of the vocabulary that has a column (`code_postal`, `numero_national`…). */
  private optionalStrings(population: CsvPopulation, to: AccountInput | EtablissementInput): void {
    addressLines([this.get('adresse1'), this.get('adresse2'), this.get('adresse3'), this.get('adresse4')], to);
    for (const { field, column } of CELLS.get(population)?.strings ?? []) {
      const v = this.get(column);
      if (v !== '') Reflect.set(to, field, v);
    }
  }

  /** Line and column of a cell of the current row (the row's line and 1 when absent). */
  private at(col: CsvColumn | undefined): { line: number; column: number } {
    const i = col === undefined ? undefined : this.index.get(col);
    const { row } = this;
    if (i === undefined || i >= row.fields.length) return { line: row.line, column: 1 };
    return { line: row.lines[i] ?? row.line, column: row.columns[i] ?? 1 };
  }

  private report(severity: 'error' | 'warning', col: CsvColumn | undefined, rule: string, message: string): void {
    if (severity === 'error') this.bad = true;
    const { line, column } = this.at(col);
    this.ctx.log.add({ severity, rule, path: textPath(this.ctx.file, line, column), message, line, column, ...this.ctx.where, ...(col !== undefined ? { attribute: col } : {}) });
  }

  /** A cell, trimmed ('' when absent); a value XML cannot carry is reported and read as ''. */
  private get(col: CsvColumn): string {
    const i = this.index.get(col);
    if (i === undefined) return '';
    const v = (this.row.fields[i] ?? '').trim();
    if (v === '') return '';
    const defect = valueDefect(v, this.ctx.limits.maxAttributeLength);
    if (defect !== undefined) {
      this.report('error', col, defect.rule, defect.message);
      return '';
    }
    return v;
  }

  /** A required cell: empty is reported (once per row: the first problem says enough). */
  private required(col: CsvColumn, why: string): string {
    const v = this.get(col);
    if (v === '' && !this.bad) this.report('error', col, 'required', `is empty (${why})`);
    return v;
  }
}

function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}
