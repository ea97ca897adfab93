/**
 * The library's error family: every failure the library reports is an
 * {@link EntPronoteError} with a stable {@link ErrorCode}.
 *
 * Messages say what to fix and where (XML path, line, column, input file,
 * record); they never quote a nominative value (names, birth dates, addresses)
 * nor key material.
 *
 * @module
 */

/**
 * Stable error codes. New codes may be added in minor versions; existing codes
 * keep their meaning.
 *
 * - `ERR_ARGUMENT`: a caller passed an invalid argument or option (a programming error).
 * - `ERR_ENCODING`: the bytes are not valid in their encoding (invalid UTF-8, unsupported
 *   declared encoding).
 * - `ERR_XML`: the text is not well-formed XML (with line and column).
 * - `ERR_DOCTYPE`: a document type declaration or entity declaration was refused
 *   (protection against entity expansion and external entities).
 * - `ERR_SCHEMA`: the document does not follow its format: wrong root or namespace, unknown,
 *   missing, duplicated or misplaced element, missing or invalid attribute; or a model failed
 *   validation (see {@link EntPronoteError.problems}).
 * - `ERR_LIMIT`: a configured resource limit was exceeded (input size, decompressed size,
 *   number of people, attribute length, depth).
 * - `ERR_KEY_FORMAT`: key text or bytes are not a recognised key encoding, or are malformed.
 * - `ERR_KEY_UNSUPPORTED`: the key is valid but not usable here (not RSA, modulus too small).
 * - `ERR_KEY_PASSPHRASE`: an encrypted private key needs a passphrase, or the passphrase is wrong.
 * - `ERR_BASE64`: an envelope field is not valid base64.
 * - `ERR_KEY_BLOCK`: the encrypted key block has the wrong size for the private key
 *   (`Cle` truncated or altered, or a key of another size).
 * - `ERR_DECRYPT`: the key block could not be decrypted with this private key: wrong key,
 *   or `Cle` altered. Deliberately uniform: padding, length and MD5 failures look the same.
 * - `ERR_INTEGRITY`: the content does not verify against its SHA-256: `Contenu` or
 *   `Verification` altered or truncated. Deliberately uniform: AES padding and digest failures
 *   look the same.
 * - `ERR_DECOMPRESS`: the verified content is not a valid zlib stream (the sender's bug).
 * - `ERR_PARTNER`: the envelope holds no key block for the requested partner, or several
 *   and none was named.
 * - `ERR_INPUT`: an input file (CSV, AAF, JSON) has a bad line, record or value.
 * - `ERR_CONFLICT`: inputs contradict each other in a way the caller must resolve
 *   (e.g. merging identifier files with incompatible people).
 */
export type ErrorCode =
  | 'ERR_ARGUMENT'
  | 'ERR_ENCODING'
  | 'ERR_XML'
  | 'ERR_DOCTYPE'
  | 'ERR_SCHEMA'
  | 'ERR_LIMIT'
  | 'ERR_KEY_FORMAT'
  | 'ERR_KEY_UNSUPPORTED'
  | 'ERR_KEY_PASSPHRASE'
  | 'ERR_BASE64'
  | 'ERR_KEY_BLOCK'
  | 'ERR_DECRYPT'
  | 'ERR_INTEGRITY'
  | 'ERR_DECOMPRESS'
  | 'ERR_PARTNER'
  | 'ERR_INPUT'
  | 'ERR_CONFLICT';

/** Every code of {@link ErrorCode}, for exhaustive checks. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'ERR_ARGUMENT',
  'ERR_ENCODING',
  'ERR_XML',
  'ERR_DOCTYPE',
  'ERR_SCHEMA',
  'ERR_LIMIT',
  'ERR_KEY_FORMAT',
  'ERR_KEY_UNSUPPORTED',
  'ERR_KEY_PASSPHRASE',
  'ERR_BASE64',
  'ERR_KEY_BLOCK',
  'ERR_DECRYPT',
  'ERR_INTEGRITY',
  'ERR_DECOMPRESS',
  'ERR_PARTNER',
  'ERR_INPUT',
  'ERR_CONFLICT',
];

/** Severity of a {@link Problem}: errors make a document invalid, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * One finding of a validation, a parse, a read or an open: where, what, how bad. Every parse,
 * read and open returns its problems in this one shape (`{ document, problems }`). `path` is an
 * XPath-like location (`/PARTENAIRE_INDEX/Eleves/Eleve[3]/@DateNaissance`, 1-based indexes) or,
 * for input files, `file:line:column` (CSV, AAF) or `file#$.json.path` (JSON). The message never
 * quotes a nominative value: the location and the attribute, column or field name say where to
 * look.
 */
export interface Problem {
  /** `error` makes the document invalid; `warning` is advice (e.g. the opacity lint). */
  readonly severity: Severity;
  /** Short stable rule name, e.g. `required`, `enum`, `date`, `unique`, `ref`, `uai`, `opacity`. */
  readonly rule: string;
  /** Where the problem is. */
  readonly path: string;
  /** What is wrong and what to do, without quoting personal data. */
  readonly message: string;
  /** 1-based line in the source text, when the problem comes from parsed text. */
  readonly line?: number;
  /** 1-based column in the source text, when known. */
  readonly column?: number;
  /** Name of the input file, as the caller gave it (input readers). */
  readonly file?: string;
  /** AAF `identifier/id` of the record, when the problem concerns one (AAF reader). */
  readonly record?: string;
  /** The AAF attribute, CSV column or JSON field concerned, when there is one (input readers). */
  readonly attribute?: string;
}

/** Where an error happened, when the library knows. */
export interface ErrorLocation {
  /** XPath-like location in a document. */
  readonly path?: string;
  /** 1-based line in the source text. */
  readonly line?: number;
  /** 1-based column in the source text. */
  readonly column?: number;
  /** Name of the input file (as given by the caller; the library never opens files). */
  readonly file?: string;
  /** Identifier of the input record (AAF `identifier/id`, CSV line). */
  readonly record?: string;
}

/** Options of the {@link EntPronoteError} constructor. */
export interface EntPronoteErrorOptions extends ErrorLocation {
  /** The problems found, for validation errors. */
  readonly problems?: readonly Problem[];
  /** The underlying error (never exposed in the message). */
  readonly cause?: unknown;
}

function locationText(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  if (loc.path !== undefined) parts.push(loc.path);
  if (loc.line !== undefined) {
    parts.push(loc.column !== undefined ? `line ${loc.line}, column ${loc.column}` : `line ${loc.line}`);
  }
  return parts.join(', ');
}

/**
 * The one error class of the library. Test `err.code` (stable) rather than the message.
 *
 * @example
 * ```ts
 * try { openImportChiffre(xml, key) }
 * catch (e) { if (isEntPronoteError(e, 'ERR_DECRYPT')) console.error('wrong private key?') }
 * ```
 */
export class EntPronoteError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** The message without its location prefix. */
  readonly reason: string;
  /** XPath-like location in the document, when known. */
  readonly path?: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /** Input file name, when known. */
  readonly file?: string;
  /** Input record identifier, when known. */
  readonly record?: string;
  /** Validation problems, for `ERR_SCHEMA` and `ERR_INPUT` errors that gather several. */
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, reason: string, options: EntPronoteErrorOptions = {}) {
    const where = locationText(options);
    super(where ? `${where}: ${reason}` : reason, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'EntPronoteError';
    this.code = code;
    this.reason = reason;
    if (options.path !== undefined) this.path = options.path;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
    if (options.file !== undefined) this.file = options.file;
    if (options.record !== undefined) this.record = options.record;
    this.problems = options.problems ?? [];
  }

  /** A JSON-friendly view (code, message, location, problems), e.g. for `--json` output. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.path !== undefined) out.path = this.path;
    if (this.line !== undefined) out.line = this.line;
    if (this.column !== undefined) out.column = this.column;
    if (this.file !== undefined) out.file = this.file;
    if (this.record !== undefined) out.record = this.record;
    if (this.problems.length > 0) out.problems = this.problems;
    return out;
  }
}

/** True when `value` is an {@link EntPronoteError}, optionally of the given code. */
export function isEntPronoteError(value: unknown, code?: ErrorCode): value is EntPronoteError {
  return value instanceof EntPronoteError && (code === undefined || value.code === code);
}

/**
 * Builds the `ERR_SCHEMA` error that refuses a document, from its error-level problems.
 * The message names the first problems so that a one-line display is useful.
 * @internal
 */
export function schemaError(what: string, problems: readonly Problem[], code: ErrorCode = 'ERR_SCHEMA'): EntPronoteError {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const shown = errors
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return new EntPronoteError(code, `${what} is invalid: ${shown}${more}`, {
    problems,
    ...(first?.line !== undefined ? { line: first.line } : {}),
    ...(first?.column !== undefined ? { column: first.column } : {}),
  });
}

/**
 * The same error with `file` set, so that its message names the file; other values, and
 * errors that already name a file (or when `file` is undefined), are returned as they are.
 * The one helper for this, shared by the readers and the command line.
 * @internal
 */
export function withFile(e: unknown, file: string | undefined): unknown {
  if (file === undefined || !(e instanceof EntPronoteError) || e.file !== undefined) return e;
  return new EntPronoteError(e.code, e.reason, {
    file,
    ...(e.path !== undefined ? { path: e.path } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    ...(e.record !== undefined ? { record: e.record } : {}),
    problems: e.problems,
    cause: e,
  });
}
