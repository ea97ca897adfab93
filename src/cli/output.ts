/**
 * Output of the command line: results on stdout (text or `--json`), warnings and progress on
 * stderr. Nothing written to stderr ever holds nominative data: warnings are built from the
 * library's problems (which never quote a value), counts, paths given by the user and
 * identifiers of files.
 *
 * @internal
 * @module
 */

import type { Problem } from '../errors';
import { formatProblem, PROGRAM } from './errors';
import { createProgress, type Progress } from './progress';

/** Where a command sends its warnings and progress bars (the demo passes its own). */
export interface Reporter {
  /** A warning for the user (stderr). */
  warn(message: string): void;
  /** A progress bar (silent when stderr is not a terminal). */
  progress(label: string): Progress;
}

/** The reporter of the command line: `ent-pronote: warning: …` lines and bars on stderr. */
export const stderrReporter: Reporter = {
  warn(message) {
    process.stderr.write(`${PROGRAM}: warning: ${message}\n`);
  },
  progress(label) {
    return createProgress(label);
  },
};

/** Writes a line to stdout. */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a JSON value to stdout, indented by 2, keys in the order they were built. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Most input problems repeated as warnings on stderr. */
export const MAX_WARNED_PROBLEMS = 10;

/**
 * Repeats up to {@link MAX_WARNED_PROBLEMS} problems of an input as warnings, then how many
 * more there are and where to see them all.
 */
export function warnProblems(reporter: Reporter, problems: readonly Problem[], what: string, hint: string): void {
  if (problems.length === 0) return;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} record${errors === 1 ? '' : 's'} left out`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  reporter.warn(`${what}: ${parts.join(', ')} (${hint})`);
  for (const p of problems.slice(0, MAX_WARNED_PROBLEMS)) reporter.warn(`  ${formatProblem(p)}`);
  if (problems.length > MAX_WARNED_PROBLEMS) reporter.warn(`  … and ${problems.length - MAX_WARNED_PROBLEMS} more`);
}

/** `1,234` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `n thing` / `n things`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** Left-aligned text table (columns separated by two spaces, numbers right-aligned). */
export function table(rows: readonly (readonly (string | number)[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(typeof cell === 'number' ? formatCount(cell) : cell).length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const text = typeof cell === 'number' ? formatCount(cell) : cell;
        const w = widths[i] ?? 0;
        return typeof cell === 'number' ? text.padStart(w) : text.padEnd(w);
      })
      .join('  ')
      .trimEnd(),
  );
}
