/**
 * `ent-pronote validate FILE`: schema and semantic checks of a plain document (or of the content
 * of an envelope, with `--private-key`), or the checks of the account readers for a CSV, JSON or AAF
 * source. Exit 1 when there is an error-level problem; warnings alone keep exit 0.
 *
 * @internal
 * @module
 */

import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  detectFileKind,
  EntPronoteError,
  type FileKind,
  isEntPronoteError,
  openEnvelope,
  parseIdentifiantsPronote,
  parsePartenaireIndex,
  type Problem,
  validatePartenaireIndex,
} from '../../index';
import { loadEntAccounts } from '../accounts';
import { type CliState, subcommand } from '../command';
import { EXIT_INVALID, formatProblem, inCommandWords, usageError, withFile } from '../errors';
import { isDirectory, readFileBytes } from '../io';
import { loadPrivateKey } from '../keys';
import { addEntNameOption, addPrivateKeyOption, exportDate } from '../options';
import { printJson, printLine, type Reporter, stderrReporter } from '../output';
import { isPronotePeopleCsv, loadPronotePeople } from '../pronote';
import { NO_SCHOOL } from './inspect';

/** Options of {@link runValidate}. */
export interface ValidateCommandOptions {
  /** The file (or AAF directory). */
  input: string;
  /** Private key, to validate the content of an envelope (`--private-key`). */
  privateKey?: string;
  /** EXPORT_INDEX_EDUCATION: the ENT's name, naming the key block to use. */
  entName?: string;
  passphraseFile?: string;
  /** AAF: as for `export` (default: AAF identifiers are taken as they are). */
  idMap?: string;
  idSecretFile?: string;
}

/** A problem in the `--json` output (fixed keys; `null` when unknown). */
export interface ProblemJson {
  severity: 'error' | 'warning';
  rule: string;
  path: string;
  line: number | null;
  column: number | null;
  attribute: string | null;
  message: string;
}

/** The `--json` output of `validate`. */
export interface ValidationResult {
  file: string;
  /** What was validated (for an envelope: its content's kind). */
  kind: 'PARTENAIRE_INDEX' | 'IDENTIFIANTS_PRONOTE' | 'CSV' | 'JSON' | 'AAF' | 'PRONOTE_CSV';
  /** The envelope the content came from, when one was opened. */
  envelope: 'ImportChiffre' | 'EXPORT_INDEX_EDUCATION' | null;
  valid: boolean;
  errors: number;
  warnings: number;
  problems: ProblemJson[];
}

function problemJson(p: Problem): ProblemJson {
  const attribute = (p as { attribute?: unknown }).attribute;
  return {
    severity: p.severity,
    rule: p.rule,
    path: inCommandWords(p.path),
    line: p.line ?? null,
    column: p.column ?? null,
    attribute: typeof attribute === 'string' ? attribute : null,
    message: inCommandWords(p.message),
  };
}

/** The problems of a document refused by its reader (`ERR_SCHEMA` with problems), else rethrows. */
function refusedProblems(e: unknown): Problem[] {
  if (isEntPronoteError(e, 'ERR_SCHEMA') && e.problems.length > 0) return [...e.problems];
  throw e;
}

function validatePlain(kind: FileKind, bytes: Uint8Array, file: string): { kind: 'PARTENAIRE_INDEX' | 'IDENTIFIANTS_PRONOTE'; problems: Problem[] } | undefined {
  if (kind === 'PARTENAIRE_INDEX') {
    let doc;
    try {
      doc = parsePartenaireIndex(bytes, { maxProblems: 1000, allProblems: true }).document;
    } catch (e) {
      return { kind, problems: refusedProblems(e) };
    }
    return { kind, problems: validatePartenaireIndex(doc) };
  }
  if (kind === 'IDENTIFIANTS_PRONOTE') {
    try {
      return { kind, problems: parseIdentifiantsPronote(bytes, { file }).problems };
    } catch (e) {
      return { kind, problems: refusedProblems(e) };
    }
  }
  return undefined;
}

/** Validates the file and returns every problem found. */
export async function runValidate(options: ValidateCommandOptions, reporter: Reporter = stderrReporter): Promise<ValidationResult> {
  const path = options.input;
  const result = (kind: ValidationResult['kind'], envelope: ValidationResult['envelope'], problems: readonly Problem[]): ValidationResult => {
    const errors = problems.filter((p) => p.severity === 'error').length;
    return { file: path, kind, envelope, valid: errors === 0, errors, warnings: problems.length - errors, problems: problems.map(problemJson) };
  };
  const accounts = async (): Promise<ValidationResult> => {
    const loaded = await loadEntAccounts(
      path,
      {
        date: exportDate(undefined),
        partenaire: 'validate',
        skipInvalid: true,
        identity: options.idMap === undefined && options.idSecretFile === undefined,
        ...(options.idMap !== undefined ? { idMap: options.idMap } : {}),
        ...(options.idSecretFile !== undefined ? { idSecretFile: options.idSecretFile } : {}),
      },
      reporter,
    );
    return result(loaded.kind as 'CSV' | 'JSON' | 'AAF', null, loaded.problems);
  };
  if (isDirectory(path)) return accounts();
  const bytes = readFileBytes(path);
  const kind = detectFileKind(bytes);
  const file = basename(path);
  try {
    if (kind === 'CSV' && isPronotePeopleCsv(bytes)) {
      // A CSV of PRONOTE people (the --people of identifiers): every problem of its reader.
      try {
        return result('PRONOTE_CSV', null, (await loadPronotePeople(bytes, path, { date: exportDate(undefined), uai: NO_SCHOOL })).problems);
      } catch (e) {
        if (isEntPronoteError(e, 'ERR_INPUT') && e.problems.length > 0) return result('PRONOTE_CSV', null, e.problems);
        throw e;
      }
    }
    const checking = reporter.progress('validate');
    checking.status(`checking ${kind}…`);
    let plain;
    try {
      plain = validatePlain(kind, bytes, file);
    } finally {
      checking.done();
    }
    if (plain !== undefined) return result(plain.kind, null, plain.problems);
    if (kind === 'CSV' || kind === 'JSON' || kind === 'AAF') return await accounts();
    if (kind === 'ImportChiffre' || kind === 'EXPORT_INDEX_EDUCATION') {
      if (options.privateKey === undefined) {
        throw usageError(`this is a sealed ${kind}: give --private-key FILE to validate its content, or run 'ent-pronote inspect' for its metadata`);
      }
      const key = loadPrivateKey(options.privateKey, options.passphraseFile);
      const progress = reporter.progress('validate');
      progress.status('decrypting and verifying…');
      let opened;
      try {
        opened = openEnvelope(bytes, key, options.entName !== undefined ? { partner: options.entName } : {});
      } finally {
        progress.done();
      }
      const innerKind = detectFileKind(opened.content);
      const checkingInner = reporter.progress('validate');
      checkingInner.status(`checking the ${innerKind} inside…`);
      let inner;
      try {
        inner = validatePlain(innerKind, opened.content, file);
      } finally {
        checkingInner.done();
      }
      if (inner === undefined) throw new EntPronoteError('ERR_INPUT', `the content of the ${kind} is neither a PARTENAIRE_INDEX nor an IDENTIFIANTS_PRONOTE`);
      return result(inner.kind, kind, inner.problems);
    }
    throw new EntPronoteError('ERR_INPUT', 'not a document this tool validates: expected a PARTENAIRE_INDEX, an IDENTIFIANTS_PRONOTE, an envelope (with --private-key), or a CSV/JSON/AAF of accounts');
  } catch (e) {
    throw withFile(e, path);
  }
}

/** Declares `validate`. */
export function registerValidate(program: Command, state: CliState): void {
  const command = subcommand(program, 'validate', 'check a plain document (schema and semantics) or an account source; exit 1 when invalid').argument(
    '<file>',
    'a PARTENAIRE_INDEX, an IDENTIFIANTS_PRONOTE, an envelope (with --private-key), a CSV/JSON of accounts, AAF files, or - for standard input',
  );
  addPrivateKeyOption(command, { description: 'open an envelope with this private key and validate its content', aliases: ['--key'] });
  addEntNameOption(command, { description: "EXPORT_INDEX_EDUCATION: the ENT's name, which names the key block to use", aliases: ['--partner'] });
  command
    .option('--id-map <file>', 'AAF: CSV "aaf_id;ent_id" (checks that every person has an ENT identifier)')
    .option('--id-secret-file <file>', 'AAF: secret to derive ENT identifiers from')
    .option('--json', 'print the result as JSON');
  command.action(async (input: string, opts: Omit<ValidateCommandOptions, 'input'> & { json?: boolean }) => {
      const r = await runValidate({ ...opts, input });
      if (!r.valid) state.exitCode = EXIT_INVALID;
      if (opts.json === true) {
        printJson(r);
        return;
      }
      const what = r.envelope !== null ? `${r.kind} (in ${r.envelope})` : r.kind;
      const counts = `${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}`;
      printLine(`${r.file}: ${what} is ${r.valid ? 'valid' : 'INVALID'}: ${counts}`);
      for (const p of r.problems) printLine(`  ${formatProblem({ ...p, line: p.line ?? undefined, column: p.column ?? undefined, attribute: p.attribute ?? undefined })}`);
    });
}
