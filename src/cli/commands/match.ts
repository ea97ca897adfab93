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
  detectFileKind,
  EntPronoteError,
  type IdentifiantsPronote,
  isEntPronoteError,
  type ManualDecisions,
  MATCH_STATUSES,
  matchAccounts,
  type MatchMode,
  type MatchResult,
  openIdentifiantsPronote,
  parseIdentifiantsPronote,
  POPULATIONS,
  type PrivateKey,
  renderMatchCsv,
  renderMatchHtml,
  renderMatchJson,
} from '../../index';
import { type AccountSourceKind, loadEntAccounts, type LoadedAccounts } from '../accounts';
import { type CliState, subcommand } from '../command';
import { withFile } from '../errors';
import { readFileBytes, writeOutputFile } from '../io';
import { loadPrivateKey } from '../keys';
import { exportDate, integerParser, parseNonEmpty, parseUai } from '../options';
import { formatCount, printLine, type Reporter, stderrReporter, table, warnProblems } from '../output';

/** Options of {@link runMatch}. */
export interface MatchCommandOptions {
  /** ENT side: PARTENAIRE_INDEX (plain or sealed ImportChiffre), CSV, JSON or AAF accounts. */
  ent: string;
  /** PRONOTE side: IDENTIFIANTS_PRONOTE, plain or sealed in EXPORT_INDEX_EDUCATION. */
  pronote: string;
  /** Private key opening whichever side is sealed. */
  key?: string;
  /** Private key for the ENT side only (overrides `key`). */
  entKey?: string;
  /** Private key for the PRONOTE side only (overrides `key`). */
  pronoteKey?: string;
  passphraseFile?: string;
  /** EXPORT_INDEX_EDUCATION: the key block to use. */
  partner?: string;
  /** Default: the PRONOTE file's mode. */
  mode?: MatchMode;
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
  /** Most candidates listed per ambiguous person (default 10). */
  candidates?: number;
}

/** What {@link runMatch} returns. */
export interface MatchRun {
  result: MatchResult;
  ent: { kind: AccountSourceKind; accounts: number };
  pronote: { kind: 'IDENTIFIANTS_PRONOTE' | 'EXPORT_INDEX_EDUCATION'; people: number; uai: string; mode: string };
  /** Report files written. */
  written: string[];
}

function keyLoader(path: string | undefined, passphraseFile: string | undefined, side: string): () => PrivateKey {
  let key: PrivateKey | undefined;
  return () => {
    if (path === undefined) throw new EntPronoteError('ERR_ARGUMENT', `the ${side} file is sealed: give --key (or --${side}-key) PRIVATE_KEY to open it`);
    key ??= loadPrivateKey(path, passphraseFile);
    return key;
  };
}

function loadPronote(options: MatchCommandOptions): { doc: IdentifiantsPronote; kind: MatchRun['pronote']['kind'] } {
  const bytes = readFileBytes(options.pronote);
  const kind = detectFileKind(bytes);
  const file = basename(options.pronote);
  try {
    if (kind === 'IDENTIFIANTS_PRONOTE') return { doc: parseIdentifiantsPronote(bytes, { file }).document, kind };
    if (kind === 'EXPORT_INDEX_EDUCATION') {
      const key = keyLoader(options.pronoteKey ?? options.key, options.passphraseFile, 'pronote')();
      return { doc: openIdentifiantsPronote(bytes, key, options.partner, { file }).document, kind };
    }
  } catch (e) {
    throw withFile(e, options.pronote);
  }
  throw new EntPronoteError('ERR_INPUT', 'expected a PRONOTE identifier file: an IDENTIFIANTS_PRONOTE, plain or sealed in EXPORT_INDEX_EDUCATION', { file: options.pronote });
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
  return value as ManualDecisions;
}

/** The inputs of a matching, read from the files of the options. */
export interface MatchInputs {
  ent: LoadedAccounts;
  pronote: { doc: IdentifiantsPronote; kind: MatchRun['pronote']['kind'] };
  manual: ManualDecisions | undefined;
}

/** Reads both sides and the decisions of the options (shared by `match` and `review`). */
export async function loadMatchInputs(options: MatchCommandOptions, reporter: Reporter = stderrReporter): Promise<MatchInputs> {
  const pronote = loadPronote(options);
  const date = exportDate(undefined);
  const load = (uai: string | undefined): Promise<LoadedAccounts> =>
    loadEntAccounts(
      options.ent,
      {
        date,
        partenaire: 'match',
        privateKey: keyLoader(options.entKey ?? options.key, options.passphraseFile, 'ent'),
        ...(uai !== undefined ? { uai } : {}),
        ...(options.idMap !== undefined ? { idMap: options.idMap } : {}),
        ...(options.idSecretFile !== undefined ? { idSecretFile: options.idSecretFile } : {}),
        ...(options.skipInvalid === true ? { skipInvalid: true } : {}),
      },
      reporter,
    );
  let ent = await load(options.uai);
  if (
    options.uai === undefined &&
    (ent.kind === 'CSV' || ent.kind === 'AAF') &&
    ent.document.etablissements.length > 1 &&
    ent.document.etablissements.some((e) => e.numero === pronote.doc.uai)
  ) {
    ent = await load(pronote.doc.uai);
  }
  warnProblems(reporter, ent.problems, options.ent, `details: ent-pronote validate ${options.ent}`);
  const manual = options.decisions === undefined ? undefined : readDecisions(options.decisions);
  return { ent, pronote, manual };
}

/** Reads both sides, matches them and writes the requested reports. */
export async function runMatch(options: MatchCommandOptions, reporter: Reporter = stderrReporter): Promise<MatchRun> {
  const { ent, pronote, manual } = await loadMatchInputs(options, reporter);
  let result: MatchResult;
  try {
    result = matchAccounts(ent.document, pronote.doc, {
      ...(options.mode !== undefined ? { mode: options.mode } : {}),
      ...(manual !== undefined ? { manual } : {}),
      ...(options.candidates !== undefined ? { candidateLimit: options.candidates } : {}),
    });
  } catch (e) {
    // The inputs come from files: a malformed input is invalid input (exit 1), not a usage error.
    if (isEntPronoteError(e, 'ERR_ARGUMENT')) {
      throw new EntPronoteError('ERR_INPUT', `the inputs cannot be matched: ${e.reason}`, { ...(e.path !== undefined ? { path: e.path } : {}), cause: e });
    }
    throw e;
  }
  const written: string[] = [];
  const etab = ent.document.etablissements.find((e) => e.numero === pronote.doc.uai);
  const info = {
    generatedAt: new Date(),
    school: { uai: pronote.doc.uai, ...(etab?.nom !== undefined ? { nom: etab.nom } : {}) },
    sources: { ent: basename(options.ent), pronote: basename(options.pronote), ...(options.decisions !== undefined ? { decisions: basename(options.decisions) } : {}) },
  };
  if (options.report !== undefined) {
    writeOutputFile(options.report, renderMatchHtml(result, info), { sensitive: true });
    written.push(options.report);
  }
  if (options.csv !== undefined) {
    writeOutputFile(options.csv, renderMatchCsv(result, info), { sensitive: true });
    written.push(options.csv);
  }
  if (options.jsonReport !== undefined) {
    writeOutputFile(options.jsonReport, renderMatchJson(result, info), { sensitive: true });
    written.push(options.jsonReport);
  }
  const d = ent.document;
  const p = pronote.doc;
  return {
    result,
    ent: { kind: ent.kind, accounts: d.personnels.length + d.professeurs.length + d.responsables.length + d.eleves.length },
    pronote: { kind: pronote.kind, people: p.personnels.length + p.professeurs.length + p.responsables.length + p.eleves.length, uai: p.uai, mode: p.mode },
    written,
  };
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
  return command
    .option('--key <privkey>', 'private key opening whichever file is sealed')
    .option('--ent-key <privkey>', 'private key for the ENT file (Index-Education side)')
    .option('--pronote-key <privkey>', 'private key for the PRONOTE file (ENT side)')
    .option('--passphrase-file <file>', "file holding the private key's passphrase")
    .option('--partner <name>', 'EXPORT_INDEX_EDUCATION: the key block to use', parseNonEmpty)
    .addOption(new Option('--mode <mode>', "complet or partiel (default: the PRONOTE file's mode)").choices(['complet', 'partiel']))
    .option('--uai <uai>', "CSV/AAF accounts: the school to keep (default: the PRONOTE file's when they cover several)", parseUai)
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
    .requiredOption('--pronote <path>', 'PRONOTE identifier file: IDENTIFIANTS_PRONOTE, plain or sealed EXPORT_INDEX_EDUCATION');
  matchInputOptions(command)
    .option('--report <file>', 'write the HTML report (with names; mode 0600)')
    .option('--csv <file>', 'write the CSV report (with names; mode 0600)')
    .option('--json-report <file>', 'write the full JSON report (with names; mode 0600; review --result reads it)')
    .option('--json', 'print the JSON report without names (counts, pairs, ambiguous, unmatched: identifiers only)')
    .action(async (opts: MatchCommandOptions & { json?: boolean }) => {
      const r = await runMatch(opts);
      if (opts.json === true) {
        process.stdout.write(renderMatchJson(r.result, { people: false }));
        return;
      }
      printLine(
        `matching (${r.result.mode}) of ${r.ent.accounts} ENT accounts (${r.ent.kind}) with ${r.pronote.people} PRONOTE people (${r.pronote.mode.toLowerCase()} file, UAI ${r.pronote.uai})`,
      );
      for (const line of matchTable(r.result)) printLine(`  ${line}`);
      const toStore = r.result.pairs.filter((p) => p.apply).length;
      printLine(`links to store: ${formatCount(toStore)}`);
      for (const f of r.written) printLine(`report written to ${f} (names; mode 0600)`);
    });
}
