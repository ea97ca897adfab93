/**
 * `ent-pronote match`: matches ENT accounts with PRONOTE people ("rapprochement") and reports
 * the result: counts on stdout (or the JSON report with `--json`, identifiers only), and the
 * reports with names (HTML, CSV, JSON) in files written with mode 0600.
 *
 * @internal
 * @module
 */

import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import {
  EntPronoteError,
  isEntPronoteError,
  type ManualDecisions,
  MATCH_STATUSES,
  matchAccounts,
  type IdentifiantsPronote,
  type MatchResult,
  POPULATIONS,
  type PrivateKey,
} from '../../index';
import { renderMatchCsv, renderMatchHtml, renderMatchJson } from '../../report';
import { type AccountSourceKind, loadEntAccounts, type LoadedAccounts } from '../accounts';
import { type CliState, subcommand } from '../command';
import { inCommandWords, withFile } from '../errors';
import { checkOutputs, type OutputFile, readFileBytes, writeOutputs } from '../io';
import { loadPrivateKey } from '../keys';
import { addDeprecatedAlias, addEntNameOption, addForceOption, addPrivateKeyOption, exportDate, integerParser, modeOf, parseUai } from '../options';
import { formatCount, printLine, type Reporter, stderrReporter, table, warnProblems } from '../output';
import { loadPronotePeople, type PronoteSourceKind, pronoteKind } from '../pronote';

/** Options of {@link runMatch}. */
export interface MatchCommandOptions {
  /** ENT side: PARTENAIRE_INDEX (plain or sealed ImportChiffre), CSV, JSON or AAF accounts. */
  ent: string;
  /** PRONOTE side: IDENTIFIANTS_PRONOTE (plain or sealed in EXPORT_INDEX_EDUCATION), CSV of PRONOTE people or JSON model. */
  pronote: string;
  /** Private key opening whichever side is sealed (`--private-key`). */
  privateKey?: string;
  /** Private key for the ENT side only (overrides `privateKey`). */
  entPrivateKey?: string;
  /** Private key for the PRONOTE side only (overrides `privateKey`). */
  pronotePrivateKey?: string;
  passphraseFile?: string;
  /** The ENT's name: EXPORT_INDEX_EDUCATION key block to use; `Socle` of a CSV or JSON PRONOTE source. */
  entName?: string;
  /** `--mode`, as typed on the command line (`complet` or `partiel`); default: the PRONOTE file's mode. */
  mode?: 'complet' | 'partiel';
  /** ENT accounts from CSV/AAF: the school to keep (default: the PRONOTE file's UAI when the accounts cover several schools). */
  uai?: string;
  /** Administrator's decisions: JSON `{ "pairs": [...], "exclusions": [...] }`. */
  decisions?: string;
  /** AAF identifier resolution, as for `export`. */
  idMap?: string;
  idSecretFile?: string;
  skipInvalid?: boolean;
  /** HTML report (names; mode 0600). */
  report?: string;
  /** CSV report (names; mode 0600). */
  csv?: string;
  /** Full JSON report (names; mode 0600). */
  jsonReport?: string;
  /** Replace existing report files. */
  force?: boolean;
  /** Most candidates listed per ambiguous person (default 10). */
  candidates?: number;
}

/** What {@link runMatch} returns. */
export interface MatchRun {
  result: MatchResult;
  ent: { kind: AccountSourceKind; accounts: number };
  pronote: { kind: PronoteSourceKind; people: number; uai: string; mode: string };
  /** Report files written. */
  written: string[];
}

function keyLoader(path: string | undefined, passphraseFile: string | undefined, side: 'ent' | 'pronote'): () => PrivateKey {
  let key: PrivateKey | undefined;
  return () => {
    if (path === undefined) throw new EntPronoteError('ERR_ARGUMENT', `the --${side} file is sealed: give --private-key (or --${side}-private-key) FILE to open it`);
    key ??= loadPrivateKey(path, passphraseFile);
    return key;
  };
}

/** Reads a decisions file (`{ "pairs": [...], "exclusions": [...] }`). */
export function readDecisions(path: string): ManualDecisions {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(readFileBytes(path)).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    if (isEntPronoteError(e)) throw e;
    throw new EntPronoteError('ERR_INPUT', 'malformed JSON (expected { "pairs": [...], "exclusions": [...] })', { file: path });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EntPronoteError('ERR_INPUT', 'the decisions must be an object { "pairs": [...], "exclusions": [...] }', { file: path });
  }
  return value;
}

/** The inputs of a matching, read from the files of the options. */
export interface MatchInputs {
  ent: LoadedAccounts;
  pronote: { doc: IdentifiantsPronote; kind: PronoteSourceKind };
  manual: ManualDecisions | undefined;
}

/** The files a matching reads (never to be overwritten by its outputs). */
export function matchInputFiles(options: Partial<MatchCommandOptions>): string[] {
  const inputs = [options.ent, options.pronote, options.decisions, options.idMap, options.idSecretFile, options.privateKey, options.entPrivateKey, options.pronotePrivateKey, options.passphraseFile];
  return inputs.filter((p): p is string => p !== undefined);
}

/** Reads both sides and the decisions of the options (shared by `match` and `review`). */
export async function loadMatchInputs(options: MatchCommandOptions, reporter: Reporter = stderrReporter): Promise<MatchInputs> {
  const date = exportDate(undefined);
  const pronoteBytes = readFileBytes(options.pronote);
  const pronoteSource = pronoteKind(pronoteBytes, options.pronote);
  const load = (uai: string | undefined): Promise<LoadedAccounts> =>
    loadEntAccounts(
      options.ent,
      {
        date,
        partenaire: 'match',
        privateKey: keyLoader(options.entPrivateKey ?? options.privateKey, options.passphraseFile, 'ent'),
        ...(uai !== undefined ? { uai } : {}),
        ...(options.idMap !== undefined ? { idMap: options.idMap } : {}),
        ...(options.idSecretFile !== undefined ? { idSecretFile: options.idSecretFile } : {}),
        ...(options.skipInvalid === true ? { skipInvalid: true } : {}),
      },
      reporter,
    );
  // A CSV of PRONOTE people names no school: --uai, else the ENT accounts' one school.
  let ent: LoadedAccounts | undefined;
  let pronoteUai = options.uai;
  if (pronoteSource === 'CSV' && pronoteUai === undefined) {
    ent = await load(undefined);
    if (ent.document.etablissements.length === 1) pronoteUai = ent.document.etablissements[0]?.numero;
  }
  const pronote = await loadPronotePeople(pronoteBytes, options.pronote, {
    date,
    ...(pronoteUai !== undefined ? { uai: pronoteUai } : {}),
    uaiOption: '--uai (the ENT accounts hold several schools)',
    ...(options.entName !== undefined ? { entName: options.entName } : {}),
    privateKey: keyLoader(options.pronotePrivateKey ?? options.privateKey, options.passphraseFile, 'pronote'),
  });
  warnProblems(reporter, pronote.problems, options.pronote, `details: ent-pronote validate ${options.pronote}`);
  ent ??= await load(options.uai);
  if (
    options.uai === undefined &&
    (ent.kind === 'CSV' || ent.kind === 'AAF') &&
    ent.document.etablissements.length > 1 &&
    ent.document.etablissements.some((e) => e.numero === pronote.document.uai)
  ) {
    ent = await load(pronote.document.uai);
  }
  warnProblems(reporter, ent.problems, options.ent, `details: ent-pronote validate ${options.ent}`);
  const manual = options.decisions === undefined ? undefined : readDecisions(options.decisions);
  return { ent, pronote: { doc: pronote.document, kind: pronote.kind }, manual };
}

/** Reads both sides, matches them and writes the requested reports (all or none). */
export async function runMatch(options: MatchCommandOptions, reporter: Reporter = stderrReporter): Promise<MatchRun> {
  const reports = [options.report, options.csv, options.jsonReport].filter((p): p is string => p !== undefined);
  const output = { force: options.force === true, inputs: matchInputFiles(options) };
  // Refused destinations are reported before the work.
  checkOutputs(reports, output);
  const { ent, pronote, manual } = await loadMatchInputs(options, reporter);
  let result: MatchResult;
  const progress = reporter.progress('match');
  progress.status(`matching ${formatCount(peopleOf(ent.document))} ENT accounts with ${formatCount(peopleOf(pronote.doc))} PRONOTE people…`);
  try {
    result = matchAccounts(ent.document, pronote.doc, {
      ...(options.mode !== undefined ? { mode: modeOf(options.mode) } : {}),
      ...(manual !== undefined ? { manual } : {}),
      ...(options.candidates !== undefined ? { candidateLimit: options.candidates } : {}),
    });
  } catch (e) {
    // The inputs come from files: a malformed input is invalid input (exit 1), not a usage error.
    if (isEntPronoteError(e, 'ERR_ARGUMENT')) throw decisionsError(e, options.decisions);
    if (isEntPronoteError(e, 'ERR_CONFLICT') && options.decisions !== undefined) throw withFile(e, options.decisions);
    throw e;
  } finally {
    progress.done();
  }
  const etab = ent.document.etablissements.find((e) => e.numero === pronote.doc.uai);
  const info = {
    generatedAt: new Date(),
    school: { uai: pronote.doc.uai, ...(etab?.nom !== undefined ? { nom: etab.nom } : {}) },
    sources: { ent: basename(options.ent), pronote: basename(options.pronote), ...(options.decisions !== undefined ? { decisions: basename(options.decisions) } : {}) },
  };
  const files: OutputFile[] = [];
  if (options.report !== undefined) files.push({ path: options.report, data: renderMatchHtml(result, info), sensitive: true });
  if (options.csv !== undefined) files.push({ path: options.csv, data: renderMatchCsv(result, info), sensitive: true });
  if (options.jsonReport !== undefined) files.push({ path: options.jsonReport, data: renderMatchJson(result, info), sensitive: true });
  // All the reports, or none.
  writeOutputs(files, output);
  const p = pronote.doc;
  return {
    result,
    ent: { kind: ent.kind, accounts: peopleOf(ent.document) },
    pronote: { kind: pronote.kind, people: peopleOf(p), uai: p.uai, mode: p.mode },
    written: files.map((f) => f.path),
  };
}

function peopleOf(d: { personnels: readonly unknown[]; professeurs: readonly unknown[]; responsables: readonly unknown[]; eleves: readonly unknown[] }): number {
  return d.personnels.length + d.professeurs.length + d.responsables.length + d.eleves.length;
}

/**
 * The matcher's argument error (exit 1: the values come from files): about the decisions when its
 * path is `manual…` (the message then names the decisions file), else about the inputs. Shown in
 * the command's words by `inCommandWords`.
 */
function decisionsError(e: EntPronoteError, decisions: string | undefined): EntPronoteError {
  const path = e.path !== undefined ? inCommandWords(e.path) : undefined;
  if (decisions !== undefined && (e.path ?? '').startsWith('manual')) {
    return new EntPronoteError('ERR_INPUT', `${path !== undefined ? `${path}: ` : ''}${e.reason}`, { file: decisions, cause: e });
  }
  return new EntPronoteError('ERR_INPUT', `the inputs cannot be matched: ${e.reason}`, { ...(path !== undefined ? { path } : {}), cause: e });
}

/** The counts table of a matching (no names). */
export function matchTable(result: MatchResult): string[] {
  const rows: (string | number)[][] = [['population', 'ENT', 'PRONOTE', ...MATCH_STATUSES]];
  for (const pop of POPULATIONS) {
    const c = result.populations[pop].counts;
    rows.push([pop, c.ent, c.pronote, ...MATCH_STATUSES.map((s) => c[s])]);
  }
  const t = result.totals;
  rows.push(['total', t.ent, t.pronote, ...MATCH_STATUSES.map((s) => t[s])]);
  return table(rows);
}

/** Declares the options that say how to read and match the inputs (shared by `match` and `review`), after `--ent` and `--pronote`. */
export function matchInputOptions(command: Command): Command {
  addPrivateKeyOption(command, { description: 'private key opening whichever file is sealed', aliases: ['--key'] });
  command
    .option('--ent-private-key <file>', 'private key for the --ent file only (Index-Education side)')
    .option('--pronote-private-key <file>', 'private key for the --pronote file only (ENT side)');
  addDeprecatedAlias(command, '--ent-key <file>', '--ent-private-key');
  addDeprecatedAlias(command, '--pronote-key <file>', '--pronote-private-key');
  addEntNameOption(command, { description: "the ENT's name: EXPORT_INDEX_EDUCATION key block to use; Socle of a CSV of PRONOTE people", aliases: ['--partner'] });
  return command
    .addOption(new Option('--mode <mode>', "complet or partiel (default: the PRONOTE file's mode)").choices(['complet', 'partiel']))
    .option('--uai <uai>', "CSV/AAF accounts: the school to keep (default: the PRONOTE file's when they cover several); a CSV of PRONOTE people: its school", parseUai)
    .option('--decisions <file>', 'manual decisions: JSON { "pairs": [{population, idPartenaire, idpn}], "exclusions": [...] }')
    .option('--id-map <file>', 'AAF: CSV "aaf_id;ent_id"')
    .option('--id-secret-file <file>', 'AAF: secret to derive ENT identifiers from')
    .option('--skip-invalid', 'leave invalid ENT records out instead of failing')
    .option('--candidates <n>', 'most candidates listed per ambiguous person (default 10; the reports give the count of the others)', integerParser(1, 1_000_000));
}

/** Declares `match`. */
export function registerMatch(program: Command, _state: CliState): void {
  const command = subcommand(program, 'match', 'match ENT accounts with PRONOTE people (rapprochement) and report the result')
    .requiredOption('--ent <path>', 'ENT accounts: PARTENAIRE_INDEX (plain or sealed ImportChiffre), CSV, JSON or AAF')
    .requiredOption('--pronote <path>', 'PRONOTE people: IDENTIFIANTS_PRONOTE (plain or sealed EXPORT_INDEX_EDUCATION), CSV of PRONOTE people, or JSON model');
  matchInputOptions(command)
    .option('--report <file>', 'write the HTML report (with names; mode 0600; all reports are written together or none)')
    .option('--csv <file>', 'write the CSV report (with names; mode 0600)')
    .option('--json-report <file>', 'write the full JSON report (with names; mode 0600; review --result reads it)')
    .option('--json', 'print the JSON report without names (counts, pairs, ambiguous, unmatched: identifiers only)');
  addForceOption(command, 'replace existing report files');
  command.action(async (opts: MatchCommandOptions & { json?: boolean }) => {
      const r = await runMatch(opts);
      if (opts.json === true) {
        process.stdout.write(renderMatchJson(r.result, { people: false }));
        return;
      }
      printLine(
        `matching (${r.result.mode.toLowerCase()}) of ${r.ent.accounts} ENT accounts (${r.ent.kind}) with ${r.pronote.people} PRONOTE people (${r.pronote.mode.toLowerCase()} file, UAI ${r.pronote.uai})`,
      );
      for (const line of matchTable(r.result)) printLine(`  ${line}`);
      const toStore = r.result.pairs.filter((p) => p.apply).length;
      printLine(`links to store: ${formatCount(toStore)}`);
      for (const f of r.written) printLine(`report written to ${f} (names; mode 0600)`);
    });
}
