/**
 * What the input adapters (AAF feed, CSV, JSON) report: {@link InputProblem}s located in the
 * input (file, line, column, record, attribute), the options every adapter shares and the
 * shape of their result.
 *
 * @module
 */

import { EntPronoteError, type Problem } from '../errors';
import type { Limits } from '../limits';
import type { PartenaireIndex, ProtocoleDelegationAuthentification } from '../partenaire-index/model';

/**
 * A problem found in an input file. `path` is `file:line:column` (or `line:column` without a
 * file name) for CSV and AAF, and `file#$.json.path` for JSON. Messages never quote a value
 * of the input: the location and the attribute or column name say where to look.
 */
export interface InputProblem extends Problem {
  /** Name of the input file, as the caller gave it. */
  readonly file?: string;
  /** AAF `identifier/id` of the record, when the problem concerns one. */
  readonly record?: string;
  /** The AAF attribute, CSV column or JSON field concerned, when there is one. */
  readonly attribute?: string;
}

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

/** What an input adapter returns. */
export interface InputResult<S> {
  /** The model, `Ident`s assigned, valid for {@link validatePartenaireIndex}. */
  document: PartenaireIndex;
  /**
   * Every problem found: warnings (value adjusted or ignored) and, with `onInvalidRecord:
   * 'skip'`, the errors of the records left out. At most 10,000 are kept (all are passed to
   * `onProblem`); a last `truncated` warning says so.
   */
  problems: InputProblem[];
  /** Counts, for a report. */
  stats: S;
}

/** Most problems kept in a result (all are passed to `onProblem`). */
export const MAX_KEPT_PROBLEMS = 10_000;

/**
 * Collects problems, forwards them to `onProblem`, and builds the final `ERR_INPUT` error.
 * @internal
 */
export class ProblemLog {
  readonly list: InputProblem[] = [];
  errors = 0;
  private truncated = false;

  constructor(private readonly onProblem?: (p: InputProblem) => void) {}

  add(problem: InputProblem): void {
    if (problem.severity === 'error') this.errors++;
    this.onProblem?.(problem);
    if (this.list.length < MAX_KEPT_PROBLEMS) this.list.push(problem);
    else if (!this.truncated) {
      this.truncated = true;
      this.list.push({
        severity: 'warning',
        rule: 'truncated',
        path: '',
        message: `more than ${MAX_KEPT_PROBLEMS} problems: the others were passed to onProblem only`,
      });
    }
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
