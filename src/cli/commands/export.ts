/**
 * `ent-pronote export`: ENT accounts (CSV, JSON, AAF feed) → a `PARTENAIRE_INDEX` sealed in an
 * `ImportChiffre` container for Index-Education.
 *
 * @internal
 * @module
 */

import { Option, type Command } from 'commander';
import { sealPartenaireIndex } from '../../index';
import { type PopulationCounts } from '../../input';
import { countsText, documentCounts } from '../counts';
import { type AccountSourceKind, loadEntAccounts, requireSchool } from '../accounts';
import { type CliState, subcommand } from '../command';
import { checkOutputs, writeOutputFile } from '../io';
import { loadPublicKey } from '../keys';
import { addEntNameOption, addForceOption, addPublicKeyOption, exportDate, parseDateTime, parseNonEmpty } from '../options';
import { usageError } from '../errors';
import { addExportAllOptions, type ExportAllCliOptions, exportAllAction, parseUaiList } from './export-all';
import { plural, printJson, printLine, type Reporter, stderrReporter, warnProblems } from '../output';

/** Options of {@link runExport}. */
export interface ExportOptions {
  /** CSV, JSON, AAF directory or file (or a plain PARTENAIRE_INDEX). */
  accounts: string;
  /** Index-Education's public key file (`--public-key`). */
  publicKey: string;
  /** Container `Partenaire`: the ENT's name (`--ent-name`). */
  entName: string;
  /** Document `Partenaire`: the partner ID issued by Index-Education. */
  partenaireId: string;
  /** The school: container `UAI`, and the school kept from CSV and AAF sources. */
  uai: string;
  /** The sealed file to write. */
  out: string;
  /** Container `Description`. */
  description?: string;
  /** `ProtocoleDelegationAuthentification`. */
  protocol?: 'CAS' | 'ADFS';
  /** Container `Version` (default `1.0`). */
  version?: string;
  /** Export date (`xs:dateTime`), default now. */
  date?: string;
  /** AAF: CSV `aaf_id;ent_id`. */
  idMap?: string;
  /** AAF: secret to derive opaque identifiers from. */
  idSecretFile?: string;
  /** Leave invalid records out (reported on stderr) instead of failing. */
  skipInvalid?: boolean;
  /** Replace an existing `out`. */
  force?: boolean;
}

/** What {@link runExport} did. */
export interface ExportResult {
  out: string;
  source: AccountSourceKind;
  uai: string;
  partenaire: string;
  partenaireId: string;
  date: string;
  fingerprint: string;
  bits: number;
  counts: PopulationCounts;
  problems: { errors: number; warnings: number };
  bytes: number;
}

/** The default container description. */
export const DEFAULT_DESCRIPTION = 'PARTENAIRE_INDEX';

/** Reads the accounts, builds the document, seals it and writes the container (not sensitive). */
export async function runExport(options: ExportOptions, reporter: Reporter = stderrReporter): Promise<ExportResult> {
  const inputs = [options.accounts, options.publicKey, ...(options.idMap !== undefined ? [options.idMap] : []), ...(options.idSecretFile !== undefined ? [options.idSecretFile] : [])];
  const output = { force: options.force === true, inputs };
  // Refused destinations are reported before the work (onto an input: refused even with --force).
  checkOutputs([options.out], output);
  const key = loadPublicKey(options.publicKey);
  const date = exportDate(options.date);
  const loaded = await loadEntAccounts(
    options.accounts,
    {
      date,
      partenaire: options.partenaireId,
      uai: options.uai,
      overrideHeader: true,
      ...(options.protocol !== undefined ? { protocole: options.protocol } : {}),
      ...(options.idMap !== undefined ? { idMap: options.idMap } : {}),
      ...(options.idSecretFile !== undefined ? { idSecretFile: options.idSecretFile } : {}),
      ...(options.skipInvalid === true ? { skipInvalid: true } : {}),
    },
    reporter,
  );
  warnProblems(reporter, loaded.problems, `${options.accounts}`, `details: ent-pronote validate ${options.accounts}`);
  requireSchool(loaded.document, options.uai, options.accounts);
  // The one place where the CLI builds and seals a PARTENAIRE_INDEX (pipelined by the library).
  const progress = reporter.progress('export');
  progress.status(`sealing ${countsText(documentCounts(loaded.document))}…`);
  let sealed: string;
  try {
    sealed = await sealPartenaireIndex(loaded.document, key, {
    partenaire: options.entName,
    uai: options.uai,
    description: options.description ?? DEFAULT_DESCRIPTION,
    date,
    ...(options.version !== undefined ? { version: options.version } : {}),
  });
  } finally {
    progress.done();
  }
  writeOutputFile(options.out, sealed, { sensitive: false, ...output });
  const errors = loaded.problems.filter((p) => p.severity === 'error').length;
  return {
    out: options.out,
    source: loaded.kind,
    uai: options.uai,
    partenaire: options.entName,
    partenaireId: options.partenaireId,
    date,
    fingerprint: key.fingerprint,
    bits: key.bits,
    counts: documentCounts(loaded.document),
    problems: { errors, warnings: loaded.problems.length - errors },
    bytes: Buffer.byteLength(sealed),
  };
}

/** Declares `export`. */
export function registerExport(program: Command, state: CliState): void {
  const command = subcommand(program, 'export', 'build the ENT account export (PARTENAIRE_INDEX) and seal it in an ImportChiffre container for Index-Education').requiredOption(
    '--accounts <path>',
    'the accounts: a CSV, a JSON, a directory of AAF files (detected), a PARTENAIRE_INDEX, or - for standard input',
  );
  addPublicKeyOption(command, { description: "Index-Education's public key (SSH2/RFC 4716, OpenSSH, PEM, DER, JWK)", required: true, aliases: ['--key'] });
  addEntNameOption(command, { description: "the ENT's name (container Partenaire)", required: true, aliases: ['--partenaire'] });
  command
    .requiredOption('--partenaire-id <id>', 'document Partenaire: the partner ID issued by Index-Education', parseNonEmpty)
    .option('--uai <uai>', 'the school (container UAI; CSV and AAF accounts are filtered on it; required, unless --all-schools); with --all-schools, a list A,B', parseUaiList)
    .option('--out <file>', 'the sealed ImportChiffre file to write (required, unless --all-schools)')
    .option('--description <text>', 'container Description', DEFAULT_DESCRIPTION)
    .addOption(new Option('--protocol <protocol>', 'ProtocoleDelegationAuthentification').choices(['CAS', 'ADFS']))
    .option('--version <version>', 'container Version', '1.0')
    .option('--date <datetime>', 'export date (xs:dateTime), default now', parseDateTime)
    .option('--id-map <file>', 'AAF: CSV "aaf_id;ent_id" mapping AAF identifiers to ENT account identifiers')
    .option('--id-secret-file <file>', 'AAF: secret (16+ bytes) to derive opaque ENT identifiers from AAF identifiers')
    .option('--skip-invalid', 'leave invalid records out (listed on stderr) instead of failing')
    .option('--json', 'print the result as JSON');
  addExportAllOptions(command);
  addForceOption(command, 'replace an existing --out file');
  command.action(async (opts: ExportOptions & ExportAllCliOptions & { json?: boolean; allSchools?: boolean }) => {
      if (opts.allSchools === true) return exportAllAction(opts, state);
      if (opts.uai === undefined || opts.out === undefined || opts.uai.includes(',')) throw usageError('export needs --uai UAI (one school) and --out FILE, or --all-schools --out-dir DIR');
      const r = await runExport(opts);
      if (opts.json === true) {
        printJson(r);
        return;
      }
      printLine(`sealed ImportChiffre for UAI ${r.uai} written to ${r.out} (${plural(r.bytes, 'byte')})`);
      printLine(`  from ${r.source}: ${countsText(r.counts)}`);
      printLine(`  ENT ${r.partenaire}, partner ID ${r.partenaireId}, date ${r.date}`);
      printLine(`  sealed for key ${r.fingerprint} (${r.bits}-bit RSA): check it against Index-Education's published fingerprint`);
    });
}
