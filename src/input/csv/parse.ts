/**
 * A strict RFC 4180 CSV parser that keeps where each field starts.
 *
 * @module
 */

import { expectOptions, expectString } from '../../common/arguments';
import { EntPronoteError } from '../../errors';
import { limitError } from '../../limits';

/** A CSV separator. */
export type CsvSeparator = ';' | ',' | '\t';

/** One record of a CSV text. */
export interface CsvRow {
  /** The fields, unquoted (quotes undoubled), not trimmed. */
  fields: string[];
  /** 1-based physical line where each field starts. */
  lines: number[];
  /** 1-based column (in characters) where each field starts. */
  columns: number[];
  /** 1-based physical line where the record starts. */
  line: number;
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** The separator; default: detected from the first line (see {@link detectCsvSeparator}). */
  separator?: CsvSeparator;
  /** Longest field accepted, in characters (`ERR_LIMIT` beyond). Default: no limit. */
  maxFieldLength?: number;
  /** File name, for errors. */
  file?: string;
}

/** What {@link parseCsv} returns. */
export interface ParsedCsv {
  separator: CsvSeparator;
  rows: CsvRow[];
}

/**
 * The separator of a CSV text, from its first line (outside quotes): `;`, `,` or tab, whichever
 * occurs most; `;` when none does or on a tie.
 */
export function detectCsvSeparator(text: string): CsvSeparator {
  expectString(text, 'text');
  let semi = 0;
  let comma = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x0a || c === 0x0d) break;
    else if (c === 0x3b) semi++;
    else if (c === 0x2c) comma++;
    else if (c === 0x09) tab++;
  }
  if (tab > semi && tab > comma) return '\t';
  return comma > semi ? ',' : ';';
}

/**
 * Parses CSV text (RFC 4180): fields separated by `separator`, records by CRLF, LF or CR;
 * a field that starts with `"` is quoted and may hold separators, line breaks and doubled
 * quotes `""`. Lines and columns are 1-based and physical (a quoted line break starts a new
 * line). Empty lines are skipped. Nothing is interpreted: a field starting with `=`, `+`, `-`
 * or `@` is data.
 *
 * Fails with `ERR_INPUT` (line, column) on a quote inside an unquoted field, characters after a
 * closing quote, or an unterminated quoted field; `ERR_LIMIT` on a field longer than
 * `maxFieldLength`.
 *
 * @example
 * ```ts
 * parseCsv('nom;prenom\r\n"D\'ALMEIDA; fils";Noé\r\n').rows[1].fields // ["D'ALMEIDA; fils", 'Noé']
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): ParsedCsv {
  expectString(text, 'text');
  expectOptions(options);
  const separator = options.separator ?? detectCsvSeparator(text);
  return { separator, rows: [...csvRecords(text, { ...options, separator })] };
}

/**
 * The records of CSV text one at a time (see {@link parseCsv}), so that a reader keeps only what
 * it needs: a file of millions of empty or invalid rows then costs no memory per row.
 * @internal
 */
export function* csvRecords(text: string, options: ParseCsvOptions & { separator: CsvSeparator }): Generator<CsvRow, void, undefined> {
  const sep = options.separator;
  const sepCode = sep.charCodeAt(0);
  const max = options.maxFieldLength ?? Infinity;
  const file = options.file;
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (reason: string, l: number, col: number): never => {
    throw new EntPronoteError('ERR_INPUT', reason, { ...(file !== undefined ? { file } : {}), line: l, column: col });
  };
  const tooLong = (l: number, col: number): never => {
    const e = limitError('a CSV field length', max, 'maxAttributeLength');
    throw new EntPronoteError('ERR_LIMIT', e.reason, { ...(file !== undefined ? { file } : {}), line: l, column: col });
  };

  while (i < n) {
    const fields: string[] = [];
    const lines: number[] = [];
    const columns: number[] = [];
    const recordLine = line;
    let quotedAny = false;
    for (;;) {
      const fLine = line;
      const fCol = i - lineStart + 1;
      let value: string;
      if (i < n && text.charCodeAt(i) === 0x22) {
        quotedAny = true;
        i++;
        value = '';
        let segStart = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) return fail('this quoted field is not closed (a quote is missing)', fLine, fCol);
          for (let k = i; k < q; k++) {
            const c = text.charCodeAt(k);
            if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
              line++;
              lineStart = k + 1;
            }
          }
          if (text.charCodeAt(q + 1) === 0x22) {
            value += text.slice(segStart, q + 1);
            i = q + 2;
            segStart = i;
          } else {
            value += text.slice(segStart, q);
            i = q + 1;
            break;
          }
          if (value.length > max) tooLong(fLine, fCol);
        }
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== sepCode && c !== 0x0a && c !== 0x0d) {
            fail('unexpected character after the closing quote (a quote inside a quoted field must be doubled)', line, i - lineStart + 1);
          }
        }
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === sepCode || c === 0x0a || c === 0x0d) break;
          if (c === 0x22) fail('a quote inside an unquoted field: quote the whole field and double the quote', line, k - lineStart + 1);
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      if (value.length > max) tooLong(fLine, fCol);
      fields.push(value);
      lines.push(fLine);
      columns.push(fCol);
      if (i < n && text.charCodeAt(i) === sepCode) {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      if (text.charCodeAt(i) === 0x0d) i++;
      if (i < n && text.charCodeAt(i) === 0x0a) i++;
      line++;
      lineStart = i;
    }
    if (fields.length === 1 && fields[0] === '' && !quotedAny) continue;
    yield { fields, lines, columns, line: recordLine };
  }
}
