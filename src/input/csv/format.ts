/**
 * Writes CSV text that {@link parseCsv} (and spreadsheets) read back exactly.
 *
 * @module
 */

import { argumentError, expectOptions } from '../../common/arguments';
import { EntPronoteError } from '../../errors';
import type { CsvSeparator } from './parse';

/** Options of {@link formatCsv}. */
export interface FormatCsvOptions {
  /** Default `;` (what French spreadsheets expect). */
  separator?: CsvSeparator;
  /** Line break after each record; default CRLF (RFC 4180). */
  eol?: '\r\n' | '\n';
}

const NEEDS_QUOTES = /[;,\t"\r\n]|^\uFEFF/;

/**
 * Formats rows as CSV: a field is quoted (its quotes doubled) when it holds a separator
 * (`;`, `,` or tab, whichever is used, so that the separator can be detected back), a quote or a
 * line break, or when it is the only, empty field of its row. Values are written as given:
 * no formula neutralisation (prefixing `=`, `+`, `-`, `@` would change the data); open the file
 * in a spreadsheet with care.
 *
 * @example
 * ```ts
 * formatCsv([[...CSV_COLUMNS], ['eleve', 'e-91c2', "D'ALMEIDA", 'Noé', '31/12/2010', 'M', '', '', '', '', '', '', '', '', '', '0410017W', 'r-7f3a|r-8b1d']])
 * ```
 */
export function formatCsv(rows: readonly (readonly string[])[], options: FormatCsvOptions = {}): string {
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))) throw argumentError('rows', 'an array of rows, each an array of strings', rows);
  expectOptions(options);
  const sep = options.separator ?? ';';
  const eol = options.eol ?? '\r\n';
  if (sep !== ';' && sep !== ',' && sep !== '\t') throw new EntPronoteError('ERR_ARGUMENT', 'separator must be ";", "," or a tab');
  let out = '';
  for (const row of rows) {
    if (row.length === 0) throw new EntPronoteError('ERR_ARGUMENT', 'a CSV row needs at least one field');
    if (row.length === 1 && row[0] === '') {
      out += `""${eol}`;
      continue;
    }
    out += row.map((f) => (NEEDS_QUOTES.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(sep) + eol;
  }
  return out;
}
