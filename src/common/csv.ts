/**
 * CSV field quoting shared by the writers (fixture CSV, matching report).
 *
 * @internal
 * @module
 */

const NEEDS_QUOTES = /[;"\r\n]/;

/** One CSV field, quoted (RFC 4180, quotes doubled) when it holds `;`, `"`, CR or LF. */
export function quoteCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** White space a spreadsheet may trim on import (`\s`: space, tab, CR, LF, no-break spaces…), then a formula trigger; or a leading tab, CR, LF. */
const FORMULA = /^\s*[=+\-@]|^[\t\r\n]/;

/** A value neutralised against spreadsheet formula injection: a formula trigger (after white space a spreadsheet may trim) or a leading TAB, CR, LF gets a `'` prefix. */
export function neutralizeFormula(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}
