/**
 * A CSV of schools and accounts (the contract of {@link CSV_COLUMNS}) → `PARTENAIRE_INDEX`.
 *
 * @module
 */

import { normalizeBirthDate } from '../../common/dates';
import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { limitError, resolveLimits } from '../../limits';
import type {
  AccountInput,
  EleveInput,
  EtablissementInput,
  PartenaireIndexInput,
  ProfesseurInput,
  ResponsableInput,
} from '../../partenaire-index/assemble';
import { addressLines, checkInputOptions, civiliteFromTitle, foldLabel, parseSexe, sexeFromTitle, uaiFilter, valueDefect } from '../fields';
import { finishInput } from '../finish';
import { type InputOptions, type InputProblem, type InputResult, type PopulationCounts, ProblemLog, textPath } from '../problems';
import { CSV_COLUMNS, CSV_POPULATIONS, CSV_REQUIRED_COLUMNS, CSV_USED, type CsvColumn, type CsvPopulation, csvHolder } from './columns';
import { TABLES } from '../../partenaire-index/vocabulary';
import { type CsvEncoding, decodeCsvBytes } from './decode';
import { type CsvSeparator, csvRecords, detectCsvSeparator } from './parse';

/** Options of {@link readCsvAccounts}. */
export interface CsvAccountsOptions extends InputOptions {
  /** File name, used in problems and errors. */
  file?: string;
  /**
   * Encoding of byte input: `auto` (default) reads UTF-8 (byte order mark or not) when the bytes
   * are valid UTF-8, Windows-1252 otherwise (what French spreadsheets save); or force one.
   */
  encoding?: CsvEncoding;
  /** The separator; default: detected from the header line (`;` or `,`). */
  separator?: CsvSeparator;
  /**
   * Keep only the schools with these UAIs, the students and staff whose `uai` is one of them and
   * the parents of the students kept (or whose own `uai` is one of them).
   */
  uai?: string | readonly string[];
}

/** Counts of {@link readCsvAccounts}. */
export interface CsvStats {
  /** The separator used. */
  separator: CsvSeparator;
  /** The encoding used (`utf-8` for string input). */
  encoding: string;
  /** Data rows read (empty rows excluded). */
  rows: number;
  /** Rows left out because invalid (reported). */
  invalid: number;
  /** Rows left out by the school filter. */
  filteredOut: number;
  /** What the document holds. */
  exported: PopulationCounts;
}

const WHAT = 'the CSV';
const POPULATION_OF: Record<string, CsvPopulation> = Object.fromEntries(CSV_POPULATIONS.flatMap((p) => [[p, p], [`${p}s`, p]]));

/**
 * The columns each population exports (a value in another column is ignored, with a warning):
 * derived from the vocabulary (see {@link CSV_USED}).
 * @internal
 */
export const CSV_USED_COLUMNS: Readonly<Record<CsvPopulation, ReadonlySet<CsvColumn>>> = CSV_USED;
const ADDRESS_LINES: ReadonlySet<string> = new Set(['adresse1', 'adresse2', 'adresse3', 'adresse4']);

function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

/**
 * A person row kept until the end (parent links and the school filter need every row): the
 * account and, instead of the whole row, where its `uai` and `parents` cells are (for later
 * problems). About 400 bytes per person with short values.
 */
interface PersonRow {
  /** Line and column of the `uai` cell, then of the `parents` cell (the row's line and 1 when absent). */
  at: readonly [number, number, number, number];
  population: Exclude<CsvPopulation, 'etablissement'>;
  uai: string;
  account: AccountInput;
  parents: string[];
}

/**
 * Reads a CSV of schools and accounts into a `PARTENAIRE_INDEX` model.
 *
 * The contract (shared with the fixture generator): a header line naming the columns of
 * {@link CSV_COLUMNS} (case-insensitive, any order; `population`, `id_partenaire`, `nom`,
 * `prenom` required, the others optional; unknown columns ignored with a warning), then one row
 * per school or person. Separator `;` or `,` detected from the header line; RFC 4180 quoting;
 * UTF-8 with or without byte order mark, or Windows-1252 (detected: bytes that are not valid
 * UTF-8), see `encoding`. Cells are trimmed; empty rows are skipped. Rows keep their order within
 * each population; schools come from `etablissement` rows (`uai`, `nom`, address).
 *
 * Values: `date_naissance` `dd/mm/yyyy` or `yyyy-mm-dd`; `sexe` `M`/`F`/`Masculin`/`Feminin`
 * (a student without `sexe` takes it from `civilite`: `M` → `Masculin`, `Mme` → `Feminin`);
 * `civilite` `M`/`Mme` (`Mlle` → `Mme`); `parents` the `id_partenaire`s of the student's parents
 * separated by `|`. An invalid optional value (teacher's birth date, `sexe`, `civilite`) is
 * left out with a warning; a filled column the population does not use is reported once per
 * population and column.
 *
 * Problems point at the physical line and column (1-based) of the cell, never quoting it.
 * A row missing what the export needs (or a parent reference naming no `responsable` row) is an
 * error: left out with `onInvalidRecord: 'skip'` (a bad parent reference: the link is dropped),
 * or the whole read fails with `ERR_INPUT` after every row is checked (`'error'`, the default).
 * Malformed CSV (unterminated quote, quote inside an unquoted cell) fails at once with
 * `ERR_INPUT` and its line and column.
 *
 * @example
 * ```ts
 * const { document, problems } = readCsvAccounts(await readFile('comptes.csv'), {
 *   file: 'comptes.csv', date: formatXsDateTime(new Date()), partenaire: 'MONENT',
 * });
 * ```
 */
export function readCsvAccounts(input: string | Uint8Array, options: CsvAccountsOptions): InputResult<CsvStats> {
  checkInputOptions(options, true);
  const limits = resolveLimits(options.limits);
  const selected = uaiFilter(options.uai);
  const policy = options.onInvalidRecord ?? 'error';
  const log = new ProblemLog(options.onProblem);
  const file = options.file;
  const encodingOption = options.encoding ?? 'auto';
  if (!['auto', 'utf-8', 'windows-1252', 'iso-8859-15'].includes(encodingOption)) {
    throw new EntPronoteError('ERR_ARGUMENT', "options.encoding must be 'auto', 'utf-8', 'windows-1252' or 'iso-8859-15'");
  }
  const size = typeof input === 'string' ? input.length : input instanceof Uint8Array ? input.byteLength : -1;
  if (size < 0) throw new EntPronoteError('ERR_ARGUMENT', 'the CSV must be a string or bytes');
  if (size > limits.maxInputBytes) throw limitError('the CSV size', limits.maxInputBytes, 'maxInputBytes');
  let text: string;
  let encoding: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    encoding = 'utf-8';
  } else {
    ({ text, encoding } = decodeCsvBytes(input, encodingOption, file));
  }
  // Records are read one at a time: empty and invalid rows are not kept.
  const separator = options.separator ?? detectCsvSeparator(text);
  const records = csvRecords(text, { separator, maxFieldLength: limits.maxAttributeLength, ...(file !== undefined ? { file } : {}) });
  const first = records.next();
  const header = first.done === true ? undefined : first.value;
  const where = file !== undefined ? { file } : {};
  if (header === undefined) throw new EntPronoteError('ERR_INPUT', 'the CSV is empty: a header line naming the columns is needed', where);

  // Header. Unknown columns are reported only once the header is known to be one (it names the
  // required columns): a file without a header line has values there, which must not be quoted.
  const index = new Map<CsvColumn, number>();
  const unknownColumns: InputProblem[] = [];
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase() as CsvColumn;
    const line = header.lines[i] as number;
    const column = header.columns[i] as number;
    if (name === ('' as CsvColumn)) return;
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
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
  for (const p of unknownColumns) log.add(p);

  let invalid = 0;
  let dataRows = 0;
  /** Rows of people (schools are not people), valid or not: bounded by `limits.maxPeople`. */
  let personRows = 0;
  let filteredOut = 0;
  const ignoredColumns = new Map<string, number>();
  const schools: { school: EtablissementInput }[] = [];
  const people: PersonRow[] = [];
  const seenIds = new Set<string>();

  // Per-row helpers, defined once (they read the current row).
  let row = header;
  let bad = false;
  const at = (col: CsvColumn | undefined): { line: number; column: number } => {
    const i = col === undefined ? undefined : index.get(col);
    if (i === undefined || i >= row.fields.length) return { line: row.line, column: 1 };
    return { line: row.lines[i] as number, column: row.columns[i] as number };
  };
  const report = (severity: 'error' | 'warning', col: CsvColumn | undefined, rule: string, message: string): void => {
    if (severity === 'error') bad = true;
    const { line, column } = at(col);
    log.add({ severity, rule, path: textPath(file, line, column), message, line, column, ...where, ...(col !== undefined ? { attribute: col } : {}) });
  };
  const get = (col: CsvColumn): string => {
    const i = index.get(col);
    if (i === undefined) return '';
    const v = (row.fields[i] ?? '').trim();
    if (v === '') return '';
    const defect = valueDefect(v, limits.maxAttributeLength);
    if (defect !== undefined) {
      report('error', col, defect.rule, defect.message);
      return '';
    }
    return v;
  };
  const required = (col: CsvColumn, why: string): string => {
    const v = get(col);
    if (v === '' && !bad) report('error', col, 'required', `is empty (${why})`);
    return v;
  };
  /** The address lines, then every other optional plain-string attribute of the vocabulary that has a column (`code_postal`, `numero_national`…). */
  const optionalStrings = (population: CsvPopulation, to: AccountInput | EtablissementInput): void => {
    addressLines([get('adresse1'), get('adresse2'), get('adresse3'), get('adresse4')], to);
    for (const a of TABLES[csvHolder(population)].attributes) {
      const col = a.spec.csv as CsvColumn | undefined;
      if (col === undefined || a.required || a.type !== 'string' || ADDRESS_LINES.has(col)) continue;
      const v = get(col);
      if (v !== '') (to as unknown as Record<string, string>)[a.field] = v;
    }
  };
  const columns = [...index];
  /** `id_partenaire` of every responsable row, valid or not (links to an invalid one are dropped quietly: it is reported). */
  const allParentRows = new Set<string>();

  for (row of records) {
    if (isBlank(row.fields)) continue;
    dataRows++;
    bad = false;
    if (row.fields.length > header.fields.length && !isBlank(row.fields.slice(header.fields.length))) {
      report('error', undefined, 'columns', `this row has ${row.fields.length} cells but the header names ${header.fields.length} columns (an unquoted separator inside a value?)`);
      invalid++;
      continue;
    }
    const popRaw = get('population');
    const population = POPULATION_OF[popRaw] ?? POPULATION_OF[foldLabel(popRaw)];
    if (population === undefined) {
      report('error', 'population', popRaw === '' ? 'required' : 'enum', `must be one of ${CSV_POPULATIONS.join(', ')}`);
      invalid++;
      continue;
    }
    const used = CSV_USED_COLUMNS[population];
    for (const [col, i] of columns) {
      if (!used.has(col) && (row.fields[i] ?? '').trim() !== '') {
        const key = `${population}\u0000${col}`;
        ignoredColumns.set(key, (ignoredColumns.get(key) ?? 0) + 1);
      }
    }

    if (population === 'etablissement') {
      const uai = required('uai', "the school's UAI is its Numero").toUpperCase();
      if (uai !== '' && !isUaiFormat(uai)) report('error', 'uai', 'uai', 'is not a UAI (7 digits and a letter)');
      const nom = required('nom', 'the school name is required');
      const school: EtablissementInput = { numero: uai, nom };
      optionalStrings(population, school);
      if (!bad && schools.some((s) => s.school.numero === uai)) report('error', 'uai', 'unique', 'another etablissement row has the same UAI');
      if (bad) invalid++;
      else schools.push({ school });
      continue;
    }

    if (++personRows > limits.maxPeople) {
      const e = limitError('number of people', limits.maxPeople, 'maxPeople');
      throw new EntPronoteError('ERR_LIMIT', e.reason, { ...where, line: row.line });
    }
    const idPartenaire = required('id_partenaire', "it is the ENT's identifier of the account");
    if (population === 'responsable' && idPartenaire !== '') allParentRows.add(idPartenaire);
    const nom = required('nom', 'PRONOTE matches people on their last name');
    const prenom = required('prenom', 'PRONOTE matches people on their first name');
    const account: AccountInput = { idPartenaire, nom, prenom };
    optionalStrings(population, account);
    const uai = get('uai').toUpperCase();
    let parents: string[] = [];
    if (population === 'professeur') {
      const raw = get('date_naissance');
      if (raw !== '') {
        const date = normalizeBirthDate(raw);
        if (date !== undefined) (account as ProfesseurInput).dateNaissance = date;
        else report('warning', 'date_naissance', 'date', 'is not a date (dd/mm/yyyy or yyyy-mm-dd): no DateNaissance is exported');
      }
    } else if (population === 'responsable') {
      const raw = get('civilite');
      if (raw !== '') {
        const civ = civiliteFromTitle(raw);
        if (civ !== undefined) (account as ResponsableInput).civilite = civ;
        else report('warning', 'civilite', 'enum', 'is neither M nor Mme: no Civilite is exported');
      }
    } else if (population === 'eleve') {
      const e = account as EleveInput;
      const raw = required('date_naissance', 'a student needs a birth date');
      if (raw !== '') {
        const date = normalizeBirthDate(raw);
        if (date === undefined) report('error', 'date_naissance', 'date', 'is not a date (dd/mm/yyyy or yyyy-mm-dd)');
        e.dateNaissance = date ?? '';
      }
      const sexe = get('sexe');
      const civilite = get('civilite');
      if (sexe !== '') {
        const s = parseSexe(sexe);
        if (s !== undefined) e.sexe = s;
        else report('warning', 'sexe', 'enum', 'is not M, F, Masculin or Feminin: no Sexe is exported');
      } else if (civilite !== '') {
        const s = sexeFromTitle(civilite);
        if (s !== undefined) e.sexe = s;
        else report('warning', 'civilite', 'enum', 'is neither M nor Mme: no Sexe is exported');
      }
      parents = [];
      for (const p of get('parents').split('|')) {
        const id = p.trim();
        if (id !== '' && !parents.includes(id)) parents.push(id);
      }
    }
    const idKey = `${population}\u0000${idPartenaire}`;
    if (!bad && seenIds.has(idKey)) report('error', 'id_partenaire', 'unique', `another ${population} row has the same id_partenaire`);
    if (!bad) seenIds.add(idKey);
    if (bad) invalid++;
    else {
      const u = at('uai');
      const r = at('parents');
      people.push({ at: [u.line, u.column, r.line, r.column], population, uai, account, parents });
    }
  }

  for (const [key, n] of ignoredColumns) {
    const [population, col] = key.split('\u0000') as [string, string];
    log.add({ severity: 'warning', rule: 'ignored', path: textPath(file), message: `column ${col} is not exported for ${population} rows: ignored in ${n} row${n === 1 ? '' : 's'}`, ...where, attribute: col });
  }

  // Schools and the school filter.
  const etablissements = schools.filter((s) => selected === undefined || selected.has(s.school.numero)).map((s) => s.school);
  const known = new Set(schools.map((s) => s.school.numero));
  if (selected !== undefined) {
    for (const uai of selected) {
      if (!known.has(uai)) log.add({ severity: 'error', rule: 'uai', path: 'options.uai', message: `no valid etablissement row has the UAI ${isUaiFormat(uai) ? uai : '(malformed)'}`, ...where });
    }
  }
  const personWarn = (p: PersonRow, col: 'uai' | 'parents', severity: 'error' | 'warning', rule: string, message: string): void => {
    const [line, column] = col === 'uai' ? [p.at[0], p.at[1]] : [p.at[2], p.at[3]];
    log.add({ severity, rule, path: textPath(file, line, column), message, line, column, ...where, attribute: col });
  };
  const keptStudents = new Set<string>();
  const linked = new Set<string>();
  const kept: PersonRow[] = [];
  for (const p of people) {
    if (p.uai !== '' && !known.has(p.uai) && selected === undefined) personWarn(p, 'uai', 'warning', 'ref', 'names no etablissement row');
    if (p.population === 'responsable') continue;
    if (selected !== undefined && !selected.has(p.uai)) {
      filteredOut++;
      continue;
    }
    if (p.population === 'eleve') {
      keptStudents.add(p.account.idPartenaire);
      for (const r of p.parents) linked.add(r);
    }
  }
  for (const p of people) {
    if (p.population === 'responsable') {
      if (selected !== undefined && !linked.has(p.account.idPartenaire) && !selected.has(p.uai)) {
        filteredOut++;
        continue;
      }
    } else if (selected !== undefined && !selected.has(p.uai)) continue;
    kept.push(p);
  }

  // Parent references.
  const parentIds = new Set(kept.filter((p) => p.population === 'responsable').map((p) => p.account.idPartenaire));
  for (const p of kept) {
    if (p.population !== 'eleve') continue;
    const links: string[] = [];
    for (const r of p.parents) {
      if (parentIds.has(r)) links.push(r);
      else if (!allParentRows.has(r)) personWarn(p, 'parents', 'error', 'ref', 'names an id_partenaire that is no responsable row: this link is dropped');
    }
    (p.account as EleveInput).responsables = links;
  }

  const of = <T extends AccountInput>(population: PersonRow['population']): T[] => kept.filter((p) => p.population === population).map((p) => p.account as T);
  const geres = options.etablissementsGeres?.map((u) => u.trim().toUpperCase());
  const doc: PartenaireIndexInput = {
    date: options.date,
    partenaire: options.partenaire,
    etablissements,
    personnels: of<AccountInput>('personnel'),
    professeurs: of<ProfesseurInput>('professeur'),
    responsables: of<ResponsableInput>('responsable'),
    eleves: of<EleveInput>('eleve'),
    ...(geres !== undefined ? { etablissementsGeres: geres } : {}),
    ...(options.protocoleDelegationAuthentification !== undefined ? { protocoleDelegationAuthentification: options.protocoleDelegationAuthentification } : {}),
  };
  if (etablissements.length === 0 && !(policy === 'error' && log.errors > 0)) {
    throw new EntPronoteError('ERR_INPUT', `${WHAT} has no valid etablissement row${selected !== undefined ? ' for a selected UAI' : ''}: at least one school is needed`, {
      ...where,
      problems: log.list,
    });
  }
  const document = finishInput(doc, log, policy, WHAT, limits);
  return {
    document,
    problems: log.list,
    stats: {
      separator,
      encoding,
      rows: dataRows,
      invalid,
      filteredOut,
      exported: {
        etablissements: document.etablissements.length,
        personnels: document.personnels.length,
        professeurs: document.professeurs.length,
        responsables: document.responsables.length,
        eleves: document.eleves.length,
      },
    },
  };
}
