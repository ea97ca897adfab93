/**
 * A CSV of schools and accounts (the contract of `CSV_COLUMNS`) → `PARTENAIRE_INDEX`. The steps:
 * the text (decoded), the header, the rows (`./rows`: cells per the vocabulary), the school
 * filter, the parent links, the document.
 *
 * @module
 */

import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { limitError, type Limits, resolveLimits } from '../../limits';
import type {
  AccountInput,
  EleveInput,
  EtablissementInput,
  PartenaireIndexInput,
  ProfesseurInput,
  ResponsableInput,
} from '../../partenaire-index/assemble';
import { checkInputOptions, uaiFilter } from '../fields';
import { exportedCounts, finishInput } from '../finish';
import { type InputOptions, type InputResult, type PopulationCounts, ProblemLog, textPath } from '../problems';
import { CSV_USED, type CsvColumn, type CsvPopulation } from './columns';
import { type CsvEncoding, decodeCsvBytes } from './decode';
import { type CsvSeparator, csvRecords, detectCsvSeparator } from './parse';
import { type CsvContext, CsvRowReader, type PersonPopulation, type PersonRow, readHeader } from './rows';

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
const ENCODINGS: readonly string[] = ['auto', 'utf-8', 'windows-1252', 'iso-8859-15'];

/**
 * The columns each population exports (a value in another column is ignored, with a warning):
 * derived from the vocabulary (see `CSV_USED`).
 * @internal
 */
export const CSV_USED_COLUMNS: Readonly<Record<CsvPopulation, ReadonlySet<CsvColumn>>> = CSV_USED;

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
  const file = options.file;
  const ctx: CsvContext = { file, where: file !== undefined ? { file } : {}, log: new ProblemLog(options.onProblem), limits };
  const { text, encoding } = csvText(input, options.encoding ?? 'auto', limits, file);
  // Records are read one at a time: empty and invalid rows are not kept.
  const separator = options.separator ?? detectCsvSeparator(text);
  const records = csvRecords(text, { separator, maxFieldLength: limits.maxAttributeLength, ...ctx.where });
  const first = records.next();
  if (first.done === true) throw new EntPronoteError('ERR_INPUT', 'the CSV is empty: a header line naming the columns is needed', ctx.where);
  const rows = new CsvRowReader(ctx, first.value, readHeader(ctx, first.value));
  for (const row of records) rows.read(row);
  reportIgnoredColumns(ctx, rows.ignoredColumns);

  const { etablissements, kept, filteredOut } = filterBySchool(ctx, rows, selected);
  linkParents(ctx, kept, rows.allParentRows);
  const of = <T extends AccountInput>(population: PersonPopulation): T[] => kept.filter((p) => p.population === population).map((p) => p.account as T);
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
  const { log } = ctx;
  if (etablissements.length === 0 && !(policy === 'error' && log.errors > 0)) {
    throw new EntPronoteError('ERR_INPUT', `${WHAT} has no valid etablissement row${selected !== undefined ? ' for a selected UAI' : ''}: at least one school is needed`, {
      ...ctx.where,
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
      rows: rows.dataRows,
      invalid: rows.invalid,
      filteredOut,
      exported: exportedCounts(document),
    },
  };
}

function isCsvEncoding(v: string): v is CsvEncoding {
  return ENCODINGS.includes(v);
}

/** The text of the input (bytes decoded per `encoding`, byte order mark dropped), with the encoding used. */
function csvText(input: string | Uint8Array, encoding: string, limits: Limits, file: string | undefined): { text: string; encoding: string } {
  if (!isCsvEncoding(encoding)) {
    throw new EntPronoteError('ERR_ARGUMENT', "options.encoding must be 'auto', 'utf-8', 'windows-1252' or 'iso-8859-15'");
  }
  const size = typeof input === 'string' ? input.length : input instanceof Uint8Array ? input.byteLength : -1;
  if (size < 0) throw new EntPronoteError('ERR_ARGUMENT', 'the CSV must be a string or bytes');
  if (size > limits.maxInputBytes) throw limitError('the CSV size', limits.maxInputBytes, 'maxInputBytes');
  if (typeof input === 'string') return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, encoding: 'utf-8' };
  return decodeCsvBytes(input, encoding, file);
}

/** One warning per population and column whose filled cells were ignored. */
function reportIgnoredColumns(ctx: CsvContext, ignored: ReadonlyMap<string, number>): void {
  for (const [key, n] of ignored) {
    const [population = '', col = ''] = key.split('\u0000');
    ctx.log.add({ severity: 'warning', rule: 'ignored', path: textPath(ctx.file), message: `column ${col} is not exported for ${population} rows: ignored in ${n} row${n === 1 ? '' : 's'}`, ...ctx.where, attribute: col });
  }
}

/**
 * The school filter (`uai`): the schools selected (each must have a valid row), the students
 * and staff of those schools, the parents linked to a student kept or attached themselves.
 * Without a filter, every row is kept and a `uai` naming no school row is a warning.
 */
function filterBySchool(ctx: CsvContext, rows: CsvRowReader, selected: ReadonlySet<string> | undefined): { etablissements: EtablissementInput[]; kept: PersonRow[]; filteredOut: number } {
  const { log, file, where } = ctx;
  const etablissements = rows.schools.filter((s) => selected === undefined || selected.has(s.numero));
  const known = new Set(rows.schools.map((s) => s.numero));
  if (selected !== undefined) {
    for (const uai of selected) {
      if (!known.has(uai)) log.add({ severity: 'error', rule: 'uai', path: 'options.uai', message: `no valid etablissement row has the UAI ${isUaiFormat(uai) ? uai : '(malformed)'}`, ...where });
    }
  }
  let filteredOut = 0;
  const linked = new Set<string>();
  for (const p of rows.people) {
    if (p.uai !== '' && !known.has(p.uai) && selected === undefined) {
      const [line, column] = p.at;
      log.add({ severity: 'warning', rule: 'ref', path: textPath(file, line, column), message: 'names no etablissement row', line, column, ...where, attribute: 'uai' });
    }
    if (p.population === 'responsable') continue;
    if (selected !== undefined && !selected.has(p.uai)) {
      filteredOut++;
      continue;
    }
    if (p.population === 'eleve') for (const r of p.parents) linked.add(r);
  }
  const kept: PersonRow[] = [];
  for (const p of rows.people) {
    if (p.population === 'responsable') {
      if (selected !== undefined && !linked.has(p.account.idPartenaire) && !selected.has(p.uai)) {
        filteredOut++;
        continue;
      }
    } else if (selected !== undefined && !selected.has(p.uai)) continue;
    kept.push(p);
  }
  return { etablissements, kept, filteredOut };
}

/**
 * Each student's `responsables`: the parents of its `parents` cell that are kept; an id of no
 * `responsable` row is reported at the cell and dropped (an id of an invalid row quietly: it is reported).
 */
function linkParents(ctx: CsvContext, kept: readonly PersonRow[], allParentRows: ReadonlySet<string>): void {
  const parentIds = new Set(kept.filter((p) => p.population === 'responsable').map((p) => p.account.idPartenaire));
  for (const p of kept) {
    if (p.population !== 'eleve') continue;
    const links: string[] = [];
    for (const r of p.parents) {
      if (parentIds.has(r)) links.push(r);
      else if (!allParentRows.has(r)) {
        const [, , line, column] = p.at;
        ctx.log.add({ severity: 'error', rule: 'ref', path: textPath(ctx.file, line, column), message: 'names an id_partenaire that is no responsable row: this link is dropped', line, column, ...ctx.where, attribute: 'parents' });
      }
    }
    Reflect.set(p.account, 'responsables', links);
  }
}
