/**
 * `ent-pronote/input`: the account input readers, that turn what an ENT holds into the models of
 * the main entry.
 *
 * - `readAafFeed`: the AAF feed (`ENT_<UAI>_Complet_<date>_<kind>_<n>.xml` files) into a
 *   `PARTENAIRE_INDEX` model;
 * - `readCsvAccounts`, `readJsonAccounts`: a CSV or JSON file of accounts into a
 *   `PARTENAIRE_INDEX` model;
 * - `readIdentifiantsPronoteCsv`: a CSV of PRONOTE people into an `IDENTIFIANTS_PRONOTE` model;
 * - the CSV tools (`parseCsv`, `formatCsv`, `detectCsvSeparator`, the column lists) and
 *   `deriveOpaqueId` (an opaque, stable `ID_Partenaire` from a secret and a directory id).
 *
 * Every reader returns `{ document, problems }` (plus `stats` for the account readers), the shape
 * of every parse, read and open of the library, with the main entry's `Problem` type.
 *
 * @example
 * ```ts
 * import { sealPartenaireIndex } from 'ent-pronote';
 * import { readCsvAccounts } from 'ent-pronote/input';
 *
 * const { document, problems } = readCsvAccounts(bytes, { date, partenaire: 'MONENT', file: 'comptes.csv' });
 * const sealed = sealPartenaireIndex(document, indexEducationKey, { uai: '0410017W' });
 * ```
 *
 * @packageDocumentation
 */

export { readAafFeed } from './aaf/read';
export type { AafFile, AafFeedOptions, AafFeedStats, AafResolveContext } from './aaf/read';
export { parseAafFileName, compareAafFileNames, AAF_FILE_KINDS } from './aaf/file-name';
export type { AafFileKind, AafFileName } from './aaf/file-name';
export { readCsvAccounts } from './csv/read';
export type { CsvAccountsOptions, CsvStats } from './csv/read';
export { parseCsv, detectCsvSeparator } from './csv/parse';
export type { CsvRow, CsvSeparator, ParseCsvOptions, ParsedCsv } from './csv/parse';
export { formatCsv } from './csv/format';
export type { FormatCsvOptions } from './csv/format';
export { CSV_COLUMNS, CSV_REQUIRED_COLUMNS, CSV_POPULATIONS } from './csv/columns';
export type { CsvColumn, CsvPopulation } from './csv/columns';
export type { CsvEncoding } from './csv/decode';
export { readJsonAccounts } from './json/read';
export type { JsonAccountsOptions, JsonStats } from './json/read';
export { deriveOpaqueId, OPAQUE_ID_LENGTH, OPAQUE_ID_MIN_SECRET_BYTES } from './opaque-id';
export { MAX_KEPT_PROBLEMS } from './problems';
export type { InputOptions, InputResult, InvalidRecordPolicy, PopulationCounts } from './problems';
export { readIdentifiantsPronoteCsv, PRONOTE_CSV_COLUMNS } from '../identifiants-pronote/read-csv';
export type { PronoteCsvColumn, ReadIdentifiantsPronoteCsvOptions, IdentifiantsPronoteCsvResult } from '../identifiants-pronote/read-csv';
