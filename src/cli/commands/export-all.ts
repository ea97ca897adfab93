/**
 * `ent-pronote export --all-schools --out-dir DIR`: the nightly export of a whole academy, one
 * sealed `ImportChiffre_<UAI>.xml` per school (or regroupement) and a `manifest.json` beside them.
 *
 * Files are written atomically (a hidden `.partial` file in the same folder, synced, then renamed;
 * mode 0600, never through a link); the manifest is rewritten the same way as schools complete,
 * so a killed run leaves only complete files and a manifest listing what is done. `--resume`
 * completes such a directory: the schools the manifest lists as sealed, whose file is there with
 * the recorded SHA-256, are kept; the others are exported again.
 *
 * Exit codes: 0 every school sealed and nobody left out; 3 the batch completed but something was
 * left out (a person, a school skipped or refused, a UAI asked for that is not in the source);
 * 1 and 2 as for every command (the source cannot be read; a usage error).
 *
 * @internal
 * @module
 */

import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { type BatchProblem, exportAll, type ExportAllSummary, type SchoolResult } from '../../batch';
import { detectFileKind, EntPronoteError, isUaiFormat } from '../../index';
import { compareAafFileNames, type PopulationCounts } from '../../input';
import { aafFilesOf, aafResolver } from '../accounts';
import type { CliState } from '../command';
import type { ExportOptions } from './export';
import { usageError } from '../errors';
import { ensureDirectory, fileError, isDirectory, readFileBytes } from '../io';
import { loadPublicKey } from '../keys';
import { exportDate } from '../options';
import { formatCount, plural, printJson, printLine, type Reporter, stderrReporter } from '../output';
import { createReadStream } from 'node:fs';

/** Exit code of a batch that completed with something left out. */
export const EXIT_PARTIAL = 3;

/** The manifest's file name. */
export const MANIFEST = 'manifest.json';

/** Most problems of one school listed in the manifest (all are counted). */
const MAX_MANIFEST_PROBLEMS = 200;

/** Options of {@link runExportAll}: those of `export` (`--uai` a list, no `--out`), plus the batch's. */
export interface ExportAllCliOptions extends Omit<ExportOptions, 'uai' | 'out' | 'skipInvalid'> {
  outDir?: string;
  /** Comma-separated UAIs. */
  uai?: string;
  regroupements?: string;
  refuseInvalid?: boolean;
  resume?: boolean;
  workers?: number;
}

/** One school in the manifest. */
export interface ManifestSchool {
  uai: string;
  uais: string[];
  nom: string;
  status: SchoolResult['status'];
  file: string | null;
  bytes: number | null;
  sha256: string | null;
  counts: PopulationCounts;
  leftOut: number;
  problems: BatchProblem[];
  ms: number;
}

/** The manifest written beside the files. */
export interface Manifest {
  format: 'ent-pronote-batch';
  version: 1;
  /** False while the batch runs (or after it was killed): the listed schools are done. */
  complete: boolean;
  date: string;
  partenaire: string;
  partenaireId: string;
  source: { kind: 'AAF' | 'CSV'; path: string };
  key: { fingerprint: string; bits: number };
  regroupements: string | null;
  uai: string[] | null;
  refuseInvalid: boolean;
  workers: number;
  schools: ManifestSchool[];
  problems: BatchProblem[];
  totals: ExportAllSummary['totals'] | null;
}

/** Parses `--uai A,B,C` (one UAI for the single-school export). */
export function parseUaiList(value: string): string {
  const list = value
    .split(',')
    .map((u) => u.trim().toUpperCase())
    .filter((u) => u !== '');
  if (list.length === 0 || list.some((u) => !isUaiFormat(u))) throw new InvalidArgumentError('a UAI is 7 digits and a letter, e.g. 0410017W (a list: 0410017W,0410018X).');
  return [...new Set(list)].join(',');
}

/** Adds the batch options to `export`. */
export function addExportAllOptions(command: Command): Command {
  return command
    .option('--all-schools', 'export every school of the accounts: one sealed file per school (or regroupement) in --out-dir, with a manifest')
    .option('--out-dir <dir>', '--all-schools: the folder of the sealed files and manifest.json (must be empty, unless --resume)')
    .option('--regroupements <file>', '--all-schools: JSON { "MAIN_UAI": ["MEMBER_UAI", …] }: one file per regroupement')
    .option('--refuse-invalid', '--all-schools: refuse (write no file for) a school where someone would be left out')
    .option('--resume', '--all-schools: complete the batch of --out-dir (its manifest says what is done)')
    .addOption(new Option('--workers <n>', '--all-schools: worker threads building and sealing (default: the machine\'s parallelism)').argParser((v) => {
      if (!/^\d+$/.test(v.trim()) || Number(v) > 256) throw new InvalidArgumentError('expected an integer from 0 to 256.');
      return Number(v);
    }));
}

/** Writes a file atomically: a `.partial` file in the same folder (0600, exclusive, no link), synced, renamed. */
export function writeAtomic(dir: string, name: string, data: string | Uint8Array): void {
  const final = join(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.partial`);
  let fd: number;
  try {
    fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (e) {
    throw fileError(temp, e, 'write');
  }
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw fileError(final, e, 'write');
  }
  closeSync(fd);
  try {
    if (lstatSync(final, { throwIfNoEntry: false })?.isSymbolicLink() === true) throw new EntPronoteError('ERR_INPUT', `cannot write ${final}: it is a symbolic link`);
    renameSync(temp, final);
  } catch (e) {
    unlinkSync(temp);
    throw e instanceof EntPronoteError ? e : fileError(final, e, 'write');
  }
}

function readRegroupements(path: string): Record<string, string[]> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(readFileBytes(path)).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof EntPronoteError) throw e;
    throw new EntPronoteError('ERR_INPUT', 'the regroupements file is not JSON: expected { "MAIN_UAI": ["MEMBER_UAI", …] }', { file: path });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EntPronoteError('ERR_INPUT', 'the regroupements file must be a JSON object { "MAIN_UAI": ["MEMBER_UAI", …] }', { file: path });
  }
  return value as Record<string, string[]>;
}

function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (m.format !== 'ent-pronote-batch' || !Array.isArray(m.schools)) throw new Error('format');
    return m;
  } catch {
    throw new EntPronoteError('ERR_INPUT', 'manifest.json of --out-dir is not a batch manifest', { file: path });
  }
}

function sha256File(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

function manifestSchool(r: SchoolResult & { sha256?: string; bytes?: number }): ManifestSchool {
  return {
    uai: r.uai,
    uais: r.uais,
    nom: r.nom,
    status: r.status,
    file: r.status === 'sealed' || r.status === 'resumed' ? r.fileName : null,
    bytes: r.bytes ?? null,
    sha256: r.sha256 ?? null,
    counts: r.counts,
    leftOut: r.leftOut,
    problems: r.problems.slice(0, MAX_MANIFEST_PROBLEMS),
    ms: Math.round(r.ms),
  };
}

/** Runs the batch; returns the manifest and the exit code. */
export async function runExportAll(options: ExportAllCliOptions, reporter: Reporter = stderrReporter): Promise<{ manifest: Manifest; exitCode: number }> {
  const outDir = options.outDir;
  if (outDir === undefined) throw usageError('--all-schools needs --out-dir DIR');
  const key = loadPublicKey(options.publicKey);
  const regroupements = options.regroupements === undefined ? undefined : readRegroupements(options.regroupements);
  const uai = options.uai === undefined ? undefined : options.uai.split(',');

  // The folder: new or empty, or (--resume) a batch's folder.
  ensureDirectory(outDir, 0o700);
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch (e) {
    throw fileError(outDir, e, 'read');
  }
  const previous = readManifest(outDir);
  if (entries.length > 0 && options.resume !== true) {
    throw usageError(`--out-dir ${outDir} is not empty: choose an empty folder, or give --resume to complete the batch it holds`);
  }
  if (options.resume === true && entries.length > 0 && previous === undefined) {
    throw usageError(`--resume: ${outDir} holds no ${MANIFEST}: it is not a batch's folder`);
  }
  for (const name of entries) if (name.startsWith('.') && name.endsWith('.partial')) unlinkSync(join(outDir, name));
  if (previous !== undefined && previous.key.fingerprint !== key.fingerprint) {
    throw usageError(`--resume: the batch in ${outDir} was sealed for another key (${previous.key.fingerprint})`);
  }
  if (previous !== undefined && options.date !== undefined && options.date !== previous.date) {
    throw usageError(`--resume: the batch in ${outDir} has the export date ${previous.date}: give the same --date, or none`);
  }
  const date = previous?.date ?? exportDate(options.date);
  const done = new Map<string, ManifestSchool>();
  for (const s of previous?.schools ?? []) {
    if (s.status === 'sealed' && s.file !== null && s.sha256 !== null && sha256File(join(outDir, s.file)) === s.sha256) done.set(s.uai, { ...s });
  }

  // The source.
  const workers = options.workers ?? availableParallelism();
  let sourceKind: 'AAF' | 'CSV';
  let source: Parameters<typeof exportAll>[0]['source'];
  if (isDirectory(options.accounts)) {
    sourceKind = 'AAF';
    const paths = aafFilesOf(options.accounts).sort((a, b) => compareAafFileNames(basename(a), basename(b)));
    source = {
      kind: 'aaf',
      files: paths.map((p) => ({ name: basename(p), chunks: createReadStream(p, { highWaterMark: 256 * 1024 }) })),
      resolveId: aafResolver(options),
    };
  } else {
    const bytes = readFileBytes(options.accounts);
    const kind = detectFileKind(bytes);
    if (kind === 'AAF') {
      sourceKind = 'AAF';
      source = { kind: 'aaf', files: [{ name: basename(options.accounts), chunks: bytes }], resolveId: aafResolver(options) };
    } else if (kind === 'CSV') {
      sourceKind = 'CSV';
      source = { kind: 'csv', bytes, file: basename(options.accounts) };
    } else {
      throw new EntPronoteError('ERR_INPUT', '--all-schools reads an AAF feed (a directory of AAF files) or a CSV with a uai column', { file: options.accounts });
    }
  }

  const manifest: Manifest = {
    format: 'ent-pronote-batch',
    version: 1,
    complete: false,
    date,
    partenaire: options.entName,
    partenaireId: options.partenaireId,
    source: { kind: sourceKind, path: options.accounts },
    key: { fingerprint: key.fingerprint, bits: key.bits },
    regroupements: options.regroupements ?? null,
    uai: uai ?? null,
    refuseInvalid: options.refuseInvalid === true,
    workers,
    schools: [...done.values()],
    problems: [],
    totals: null,
  };
  let lastWrite = 0;
  const saveManifest = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastWrite < 250) return;
    lastWrite = now;
    writeAtomic(outDir, MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  };
  saveManifest(true);

  const progress = reporter.progress('export');
  let summary: ExportAllSummary;
  try {
    summary = await exportAll({
      source,
      publicKey: key,
      partenaire: options.entName,
      partenaireId: options.partenaireId,
      date,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.protocol !== undefined ? { protocole: options.protocol } : {}),
      ...(regroupements !== undefined ? { regroupements } : {}),
      ...(uai !== undefined ? { uai } : {}),
      onInvalidRecord: options.refuseInvalid === true ? 'error' : 'skip',
      workers,
      skip: (u) => done.has(u),
      sink: (school) => {
        writeAtomic(outDir, school.fileName, school.bytes);
        manifest.schools.push(manifestSchool({ ...school, bytes: school.bytes.byteLength }));
        saveManifest(false);
      },
      onProgress: (p) =>
        progress.status(p.phase === 'read' ? `reading: ${formatCount(p.peopleRead)} people` : `schools ${formatCount(p.schoolsDone)}/${formatCount(p.schoolsTotal)}, ${formatCount(p.peopleRead)} people read`),
    });
  } catch (e) {
    saveManifest(true);
    throw e;
  } finally {
    progress.done();
  }

  // The final manifest: every school in the source's order (resumed ones as they were recorded).
  manifest.schools = summary.schools.map((r) => {
    if (r.status === 'resumed') return done.get(r.uai) ?? manifestSchool(r);
    return manifestSchool(r);
  });
  manifest.problems = summary.problems.slice(0, MAX_MANIFEST_PROBLEMS);
  const totals = { ...summary.totals, sealed: summary.totals.sealed + summary.totals.resumed, bytes: 0 };
  for (const s of manifest.schools) totals.bytes += s.bytes ?? 0;
  manifest.totals = totals;
  manifest.complete = true;
  saveManifest(true);
  const leftSomething = summary.totals.leftOut > 0 || summary.totals.skipped > 0 || summary.totals.refused > 0 || summary.problems.some((p) => p.severity === 'error');
  return { manifest, exitCode: leftSomething ? EXIT_PARTIAL : 0 };
}

/** The action of `export --all-schools`. */
export async function exportAllAction(options: ExportAllCliOptions & { json?: boolean }, state: CliState): Promise<void> {
  const { manifest, exitCode } = await runExportAll(options);
  state.exitCode = exitCode;
  if (options.json === true) {
    printJson(manifest);
    return;
  }
  const t = manifest.totals;
  if (t === null) return;
  printLine(`sealed ${plural(t.sealed, 'file')} of ${plural(t.schools, 'school')} into ${options.outDir} (${plural(t.bytes, 'byte')}); manifest ${join(options.outDir ?? '', MANIFEST)}`);
  printLine(`  ${formatCount(t.peopleRead)} people read; ${plural(t.leftOut, 'person', 'people')} left out; ${t.skipped} skipped, ${t.refused} refused, ${t.resumed} kept from the previous run`);
  printLine(`  sealed for key ${manifest.key.fingerprint} (${manifest.key.bits}-bit RSA): check it against Index-Education's published fingerprint`);
  if (exitCode !== 0) printLine(`  something was left out (exit code ${EXIT_PARTIAL}): see the problems in the manifest`);
}
