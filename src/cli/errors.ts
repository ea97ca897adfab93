/**
 * How the command line reports failures: exit codes, the one-line error, the problem list,
 * `--json` and `--debug`.
 *
 * Exit codes:
 * - `0` success (also `validate` with warnings only);
 * - `1` invalid input or failed verification: every {@link EntPronoteError} except
 *   `ERR_ARGUMENT` (a bad file, a wrong key, an altered envelope, an invalid document);
 * - `2` usage error: unknown command or option, missing required option, bad option value
 *   (commander's errors and `ERR_ARGUMENT`, whether raised by the CLI's own checks or by the
 *   library for a value taken from an option);
 * - `70` internal error (a bug: anything that is not an {@link EntPronoteError}), as `EX_SOFTWARE`
 *   of sysexits.h; the message is not shown (it could quote data), run with `--debug`.
 *
 * @internal
 * @module
 */

import { CommanderError } from 'commander';
import { EntPronoteError, isEntPronoteError, type Problem } from '../errors';

/** The program name used in messages. */
export const PROGRAM = 'ent-pronote';

/** Exit code of a success. */
export const EXIT_OK = 0;
/** Exit code of invalid input or failed verification. */
export const EXIT_INVALID = 1;
/** Exit code of a usage error. */
export const EXIT_USAGE = 2;
/** Exit code of an internal error (sysexits.h `EX_SOFTWARE`). */
export const EXIT_INTERNAL = 70;

/** Most problems listed under an error line. */
export const MAX_LISTED_PROBLEMS = 10;

/** A usage error (exit 2): `ERR_ARGUMENT` with a message naming the option. */
export function usageError(message: string): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', message);
}

/** The one `withFile` (the library's): the same error with `file` set, so that messages name the file. */
export { withFile } from '../errors';

/**
 * Library words in messages and problem paths, and the command line's words for them (option
 * names, the decisions file), applied to everything the command line shows ({@link inCommandWords}).
 */
const COMMAND_WORDS: readonly (readonly [RegExp, (...groups: string[]) => string])[] = [
  [/\bmanual\.(pairs|exclusions)\[(\d+)\](?:\.(\w+))?/g, (_m, list, i, field) =>
    `${list === 'pairs' ? 'pair' : 'exclusion'} #${Number(i) + 1}${field !== undefined ? ` (field ${field})` : ''} of the decisions file`],
  [/\bmanual\.(pairs|exclusions)\b/g, (_m, list) => `"${list}" of the decisions file`],
  [/\bmanual\b(?![-\w])/g, () => 'the decisions file'],
  [/\s*\(resolveId returned nothing\)/g, () => ' (no line of the --id-map file maps it)'],
  [/\bresolveId returned an ENT identifier\b/g, () => 'the --id-map file gives an ENT identifier'],
  [/\bresolveId\b/g, () => 'the identifier mapping (--id-map or --id-secret-file)'],
  [/\boptions\.partenaire\b/g, () => '--partenaire-id'],
  [/\boptions\.protocoleDelegationAuthentification\b/g, () => '--protocol'],
  [/\boptions\.(\w+)\b/g, (_m, name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`],
];

/**
 * A message or problem path of the library in the command's own words: `manual.pairs[0]` becomes
 * `pair #1 of the decisions file`, `options.uai` becomes `--uai`, `resolveId returned nothing`
 * becomes `no line of the --id-map file maps it`.
 */
export function inCommandWords(text: string): string {
  let out = text;
  for (const [re, to] of COMMAND_WORDS) out = out.replace(re, (...args: unknown[]) => to(...(args.slice(0, -2).map((a) => (typeof a === 'string' ? a : undefined)) as string[])));
  return out;
}

/** Commander's error as an `ERR_ARGUMENT`, its message without commander's `error: ` prefix. */
function fromCommander(e: CommanderError): EntPronoteError {
  const text = e.message.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ').trim();
  return new EntPronoteError('ERR_ARGUMENT', text === '' ? 'invalid command line' : text, { cause: e });
}

/**
 * Node's and OpenSSL's resource errors, which no input should turn into an internal error: a
 * string or array beyond V8's limits (`ERR_STRING_TOO_LONG`, "Invalid string length"), a buffer
 * too large, and OpenSSL refusing a key. Returned as the coded error the command reports
 * (`ERR_LIMIT`, `ERR_KEY_UNSUPPORTED`); anything else is returned as it is.
 */
export function codedResourceError(e: unknown): unknown {
  if (!(e instanceof Error) || isEntPronoteError(e)) return e;
  const code = (e as { code?: unknown }).code;
  if (
    code === 'ERR_STRING_TOO_LONG' ||
    code === 'ERR_BUFFER_TOO_LARGE' ||
    (e instanceof RangeError && /^(Invalid (string|array|typed array) length|Array buffer allocation failed)/.test(e.message))
  ) {
    return new EntPronoteError(
      'ERR_LIMIT',
      `the input or a result is too large to be held in memory (lower ${'ENT_PRONOTE_MAX_INPUT_BYTES'}, split the input, or ask for fewer outputs)`,
      { cause: e },
    );
  }
  if (typeof code === 'string' && code.startsWith('ERR_OSSL')) {
    return new EntPronoteError('ERR_KEY_UNSUPPORTED', 'the cryptographic library refused this key (an impossible or unsupported RSA key?)', { cause: e });
  }
  return e;
}

/** The exit code of an error (see the module documentation). */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (isEntPronoteError(e)) return e.code === 'ERR_ARGUMENT' ? EXIT_USAGE : EXIT_INVALID;
  return EXIT_INTERNAL;
}

/** One problem as a line: `error /PATH (line 3, column 5): message [rule]`. */
export function formatProblem(p: Problem): string {
  const where: string[] = [];
  if (p.line !== undefined) where.push(p.column !== undefined ? `line ${p.line}, column ${p.column}` : `line ${p.line}`);
  const attribute = (p as { attribute?: unknown }).attribute;
  const loc = p.path === '' ? '' : ` ${p.path}`;
  // Input problems have `file:line:column` paths already.
  const at = where.length > 0 && !/:\d+(:\d+)?$/.test(p.path) ? ` (${where.join(', ')})` : '';
  const attr = typeof attribute === 'string' ? ` [${attribute}]` : '';
  return inCommandWords(`${p.severity}${loc}${at}${attr}: ${p.message} (${p.rule})`);
}

/** What {@link describeError} returns: the lines for stderr and the `--json` value. */
export interface DescribedError {
  /** Lines for stderr, without line ends. */
  lines: string[];
  /** `{ error: … }` for stdout with `--json`. */
  json: { error: Record<string, unknown> };
  /** The exit code. */
  exitCode: number;
}

/**
 * Describes an error for the user: one line `ent-pronote: ERR_CODE: message` (the message holds
 * the file, path, line and column when known), then, for `ERR_SCHEMA`/`ERR_INPUT` errors with
 * several problems, up to {@link MAX_LISTED_PROBLEMS} problem lines. Internal errors show only
 * their class name: their message could quote data. With `debug`, the stack follows (frames,
 * and the messages of the library's own errors only).
 */
export function describeError(raw: unknown, options: { debug: boolean; subcommand?: string }): DescribedError {
  const e = codedResourceError(raw);
  const error = e instanceof CommanderError ? fromCommander(e) : e;
  const exitCode = exitCodeOf(e);
  const lines: string[] = [];
  let json: Record<string, unknown>;
  if (isEntPronoteError(error)) {
    let head = `${PROGRAM}: ${error.code}: ${inCommandWords(error.message)}`;
    if (e instanceof CommanderError) head += ` (see '${PROGRAM}${options.subcommand !== undefined ? ` ${options.subcommand}` : ''} --help')`;
    lines.push(head);
    json = error.toJSON();
    if (typeof json.message === 'string') json.message = inCommandWords(json.message);
    if (typeof json.path === 'string') json.path = inCommandWords(json.path);
    if ((error.code === 'ERR_SCHEMA' || error.code === 'ERR_INPUT') && error.problems.length > 1) {
      const shown = error.problems.slice(0, MAX_LISTED_PROBLEMS);
      for (const p of shown) lines.push(`  ${formatProblem(p)}`);
      const more = error.problems.length - shown.length;
      if (more > 0) lines.push(`  … and ${more} more (use --json for the full list)`);
    }
  } else {
    const name = error instanceof Error ? error.name : typeof error;
    lines.push(`${PROGRAM}: internal error (${name}); run with --debug for details`);
    json = { code: 'ERR_INTERNAL', message: `internal error (${name})` };
  }
  if (options.debug) {
    // Stack frames only: messages of errors that are not ours (and of causes) could quote data.
    lines.push(...debugLines(e, 0));
  }
  return { lines, json: { error: json }, exitCode };
}

/** `--debug` lines: the error's class, code and frames, then its causes, never foreign messages. */
function debugLines(e: unknown, depth: number): string[] {
  if (!(e instanceof Error) || depth > 5) return [];
  const code = (e as { code?: unknown }).code;
  const head = `${depth === 0 ? 'stack' : 'caused by'}: ${e.name}${typeof code === 'string' ? ` [${code}]` : ''}${isEntPronoteError(e) ? `: ${e.message}` : ''}`;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [head, ...frames, ...debugLines(e.cause, depth + 1)];
}
