/**
 * What the input adapters (AAF feed, CSV, JSON) report: {@link InputProblem}s located in the
 * input (file, line, column, record, attribute), the options every adapter shares and the
 * shape of their result.
 *
 * @module
 */

import { EntPronoteError, type Problem } from '../errors';
import type { Limits } from '../limits';
import type { ReadResult } from '../common/result';
import type { PartenaireIndex, ProtocoleDelegationAuthentification } from '../partenaire-index/model';

/**
 * A problem found in an input file: a {@link Problem} (the one problem type of the library), with
 * `file`, `record` and `attribute` filled in where they apply.
 * @internal The public name is `Problem`.
 */
export type InputProblem = Problem;

/**
 * What to do with an input record (AAF request, CSV row, JSON entry) that lacks what the
 * export needs or has an invalid value:
 * - `error` (default): read everything, report every problem, then fail with `ERR_INPUT`
 *   carrying the problems (nothing is exported from a partly wrong input);
 * - `skip`: leave the record out, report it as an error-level problem, go on.
 */
export type InvalidRecordPolicy = 'skip' | 'error';

/** Options shared by the input adapters. */
export interface InputOptions {
  /** `PARTENAIRE_INDEX/@Date`: the export date, an `xs:dateTime` (`2026-09-01T08:00:00+02:00`). */
  date: string;
  /** `PARTENAIRE_INDEX/@Partenaire`: the partner ID issued by Index-Education. */
  partenaire: string;
  /** `PARTENAIRE_INDEX/@ProtocoleDelegationAuthentification` (`CAS` or `ADFS`), optional. */
  protocoleDelegationAuthentification?: ProtocoleDelegationAuthentification;
  /**
   * UAIs of the schools to initialise (`EtablissementsGeres`); default: every exported school.
   */
  etablissementsGeres?: readonly string[];
  /** See {@link InvalidRecordPolicy}. Default `error`. */
  onInvalidRecord?: InvalidRecordPolicy;
  /** Called for every problem as it is found (also collected in the result). */
  onProblem?: (problem: InputProblem) => void;
  /** Resource limits. */
  limits?: Partial<Limits>;
}

/** Number of entries per population. */
export interface PopulationCounts {
  etablissements: number;
  personnels: number;
  professeurs: number;
  responsables: number;
  eleves: number;
}

/**
 * What an input adapter returns: the {@link ReadResult} of every reader (`document`, the model
 * with `Ident`s assigned, valid for {@link validatePartenaireIndex}; `problems`, every problem
 * found: warnings, value adjusted or ignored, and, with `onInvalidRecord: 'skip'`, the errors of
 * the records left out, at most 10,000 kept, all passed to `onProblem`, then a last `truncated`
 * warning), and its counts.
 */
export interface InputResult<S> extends ReadResult<PartenaireIndex> {
  /** Counts, for a report. */
  stats: S;
}

/** Most problems kept in a result (all are passed to `onProblem`). */
export const MAX_KEPT_PROBLEMS = 10_000;

/**
 * Collects problems, forwards them to `onProblem`, and builds the final `ERR_INPUT` error.
 *
 * Memory: at most {@link MAX_KEPT_PROBLEMS} problems are kept (a problem is a small object of a
 * few short strings: about 300 bytes, so about 3 MB at most), whatever the input. Errors are
 * kept before warnings: once the list is full, a new error takes the place of the last warning
 * kept, so that the error that fails a read is always named. What was left out is counted, and a
 * last `truncated` warning says how many errors and warnings were passed to `onProblem` only.
 * @internal
 */
export class ProblemLog {
  private readonly kept: InputProblem[] = [];
  private keptWarnings = 0;
  private droppedErrors = 0;
  private droppedWarnings = 0;
  private cached: InputProblem[] | undefined;
  errors = 0;

  constructor(private readonly onProblem?: (p: InputProblem) => void) {}

  /** The problems kept, in the order found, and a last `truncated` warning when some were left out. */
  get list(): InputProblem[] {
    if (this.cached !== undefined) return this.cached;
    const dropped = this.droppedErrors + this.droppedWarnings;
    this.cached =
      dropped === 0
        ? this.kept
        : [
            ...this.kept,
            {
              severity: 'warning',
              rule: 'truncated',
              path: '',
              message: `more than ${MAX_KEPT_PROBLEMS.toLocaleString('en-US')} problems: ${dropped.toLocaleString('en-US')} more (${this.droppedErrors.toLocaleString('en-US')} error${this.droppedErrors === 1 ? '' : 's'}, ${this.droppedWarnings.toLocaleString('en-US')} warning${this.droppedWarnings === 1 ? '' : 's'}) were passed to onProblem only; errors are kept before warnings`,
            },
          ];
    return this.cached;
  }

  /** Number of problems left out of {@link list} (passed to `onProblem` only). */
  get dropped(): { errors: number; warnings: number } {
    return { errors: this.droppedErrors, warnings: this.droppedWarnings };
  }

  add(problem: InputProblem): void {
    const isError = problem.severity === 'error';
    if (isError) this.errors++;
    this.onProblem?.(problem);
    if (this.kept.length < MAX_KEPT_PROBLEMS) {
      this.kept.push(problem);
      if (!isError) this.keptWarnings++;
    } else if (isError && this.keptWarnings > 0) {
      // Make room: the last warning kept goes.
      let i = this.kept.length - 1;
      while ((this.kept[i] as InputProblem).severity === 'error') i--;
      this.kept.splice(i, 1);
      this.keptWarnings--;
      this.droppedWarnings++;
      this.kept.push(problem);
    } else if (isError) this.droppedErrors++;
    else this.droppedWarnings++;
    this.cached = undefined;
  }

  /** The `ERR_INPUT` error refusing the input, naming the first errors. */
  toError(what: string): EntPronoteError {
    const errors = this.list.filter((p) => p.severity === 'error');
    const first = errors[0];
    const shown = errors
      .slice(0, 3)
      .map((p) => `${p.path}${p.attribute !== undefined ? ` (${p.attribute})` : ''}: ${p.message}`)
      .join('; ');
    const more = this.errors > 3 ? ` (and ${this.errors - 3} more)` : '';
    return new EntPronoteError('ERR_INPUT', `${what} has ${this.errors} invalid record${this.errors === 1 ? '' : 's'}: ${shown}${more}`, {
      problems: this.list,
      ...(first?.file !== undefined ? { file: first.file } : {}),
      ...(first?.record !== undefined ? { record: first.record } : {}),
      ...(first?.line !== undefined ? { line: first.line } : {}),
      ...(first?.column !== undefined ? { column: first.column } : {}),
    });
  }
}

/** `file:line:column`, `line:column`, or the file alone. @internal */
export function textPath(file: string | undefined, line?: number, column?: number): string {
  const pos = line === undefined ? '' : column === undefined ? `${line}` : `${line}:${column}`;
  if (file === undefined) return pos;
  return pos === '' ? file : `${file}:${pos}`;
}
