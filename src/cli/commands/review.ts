/**
 * `ent-pronote review`: serves the supervision page of a matching on 127.0.0.1 (see
 * `src/review/`), from the same inputs as `match` or from a saved JSON report, and writes the
 * files the page saves into `--out`, atomically (temporary file in the same folder, then
 * rename), mode 0600, never through a link, never over a file it did not write itself unless
 * `--force`.
 *
 * @internal
 * @module
 */

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EntPronoteError, type EntAccounts, type ManualDecisions, type MatchMode, type PronotePeople } from '../../index';
import { reviewInputsFromMatchJson } from '../../review/from-json';
import { type ReviewFile, type SavedFile, startReviewServer } from '../../review/index';
import { type CliState, subcommand } from '../command';
import { fileError, readFileText } from '../io';
import { integerParser, modeOf } from '../options';
import { printLine } from '../output';
import { loadMatchInputs, type MatchCommandOptions, matchInputOptions, readDecisions } from './match';

/** Options of `review`. */
export interface ReviewCommandOptions extends Partial<MatchCommandOptions> {
  /** A saved JSON report (`match --json-report`), instead of `--ent` and `--pronote`. */
  result?: string;
  /** Where the saved files go (default: the current folder). */
  out?: string;
  port?: number;
  force?: boolean;
  candidates?: number;
}

/**
 * Writes files atomically: each to a temporary file of its folder (mode 0600, `O_EXCL`,
 * `O_NOFOLLOW`), synced, then moved over its name (a new name with `link`, which never replaces;
 * an existing file only when `replace` allows it). A symbolic link at the destination is refused.
 */
export function writeFilesAtomically(files: readonly { path: string; data: string }[], replace: (path: string) => boolean): void {
  const exists = files.map((f) => {
    try {
      const st = lstatSync(f.path);
      if (st.isSymbolicLink()) throw new EntPronoteError('ERR_INPUT', `cannot write ${f.path}: it is a symbolic link, and files are never written through one`);
      if (!st.isFile()) throw new EntPronoteError('ERR_INPUT', `cannot write ${f.path}: it is not a regular file`);
      if (st.nlink > 1) throw new EntPronoteError('ERR_INPUT', `cannot write ${f.path}: the file has other hard links`);
      return true;
    } catch (e) {
      if (e instanceof EntPronoteError) throw e;
      if ((e as { code?: string }).code === 'ENOENT') return false;
      throw fileError(f.path, e, 'write');
    }
  });
  files.forEach((f, i) => {
    if (exists[i] === true && !replace(f.path)) {
      throw new EntPronoteError('ERR_CONFLICT', `refusing to overwrite ${f.path}: it exists (start review with --force to replace it, or choose another --out folder)`);
    }
  });
  const temps: string[] = [];
  try {
    for (const f of files) {
      const temp = join(resolve(f.path, '..'), `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      let fd: number;
      try {
        fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600);
      } catch (e) {
        throw fileError(f.path, e, 'write');
      }
      temps.push(temp);
      try {
        const bytes = Buffer.from(f.data, 'utf8');
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fsyncSync(fd);
      } catch (e) {
        throw fileError(f.path, e, 'write');
      } finally {
        closeSync(fd);
      }
    }
    files.forEach((f, i) => {
      const temp = temps[i] as string;
      try {
        if (exists[i] === true) renameSync(temp, f.path);
        else {
          linkSync(temp, f.path); // never replaces a file that appeared meanwhile
          unlinkSync(temp);
        }
      } catch (e) {
        if ((e as { code?: string }).code === 'EEXIST') throw new EntPronoteError('ERR_CONFLICT', `refusing to overwrite ${f.path}: it appeared while saving`);
        throw fileError(f.path, e, 'write');
      }
    });
  } finally {
    for (const t of temps) {
      try {
        unlinkSync(t);
      } catch {
        // already moved
      }
    }
  }
}

interface Loaded {
  ent: EntAccounts;
  pronote: PronotePeople;
  mode?: MatchMode;
  decisions?: ManualDecisions;
  school?: { uai: string; nom?: string };
}

async function loadInputs(opts: ReviewCommandOptions): Promise<Loaded> {
  if (opts.result !== undefined) {
    if (opts.ent !== undefined || opts.pronote !== undefined) throw new EntPronoteError('ERR_ARGUMENT', 'give either --result or --ent and --pronote, not both');
    let json: unknown;
    try {
      json = JSON.parse(readFileText(opts.result).replace(/^\uFEFF/, ''));
    } catch (e) {
      if (e instanceof EntPronoteError) throw e;
      throw new EntPronoteError('ERR_INPUT', 'malformed JSON (expected a report written by ent-pronote match --json-report)', { file: opts.result });
    }
    let inputs: ReturnType<typeof reviewInputsFromMatchJson>;
    try {
      inputs = reviewInputsFromMatchJson(json);
    } catch (e) {
      if (e instanceof EntPronoteError) throw new EntPronoteError('ERR_INPUT', e.reason, { file: opts.result, ...(e.path !== undefined ? { path: e.path } : {}) });
      throw e;
    }
    const decisions = opts.decisions === undefined ? undefined : readDecisions(opts.decisions);
    return { ent: inputs.ent, pronote: inputs.pronote, mode: opts.mode !== undefined ? modeOf(opts.mode) : inputs.mode, ...(decisions !== undefined ? { decisions } : {}) };
  }
  if (opts.ent === undefined || opts.pronote === undefined) throw new EntPronoteError('ERR_ARGUMENT', 'give --ent and --pronote (the files of match), or --result (a report of match --json-report)');
  const inputs = await loadMatchInputs(opts as MatchCommandOptions);
  const etab = inputs.ent.document.etablissements.find((e) => e.numero === inputs.pronote.doc.uai);
  return {
    ent: inputs.ent.document,
    pronote: inputs.pronote.doc,
    ...(opts.mode !== undefined ? { mode: modeOf(opts.mode) } : {}),
    ...(inputs.manual !== undefined ? { decisions: inputs.manual } : {}),
    school: { uai: inputs.pronote.doc.uai, ...(etab?.nom !== undefined ? { nom: etab.nom } : {}) },
  };
}

/** Starts the server and waits until it is stopped (Ctrl+C). */
export async function runReview(opts: ReviewCommandOptions): Promise<void> {
  const loaded = await loadInputs(opts);
  const out = opts.out ?? '.';
  const written = new Set<string>(); // files this session wrote: saving again replaces them
  const onSave = (files: readonly ReviewFile[]): SavedFile[] => {
    try {
      mkdirSync(out, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw fileError(out, e, 'write');
    }
    const list = files.map((f) => ({ path: join(out, f.name), data: f.content }));
    writeFilesAtomically(list, (p) => opts.force === true || written.has(resolve(p)));
    for (const f of list) written.add(resolve(f.path));
    process.stderr.write(`review: ${files.length} files saved in ${out} (mode 0600)\n`);
    return files.map((f) => ({ path: join(out, f.name), description: f.description }));
  };
  let server;
  try {
    server = await startReviewServer({
      ent: loaded.ent,
      pronote: loaded.pronote,
      ...(loaded.decisions !== undefined ? { decisions: loaded.decisions } : {}),
      ...(loaded.mode !== undefined ? { mode: loaded.mode } : {}),
      ...(opts.candidates !== undefined ? { candidateLimit: opts.candidates } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      info: {
        generatedAt: new Date(),
        ...(loaded.school !== undefined ? { school: loaded.school } : {}),
        sources: {
          ...(opts.ent !== undefined ? { ent: basename(opts.ent) } : {}),
          ...(opts.pronote !== undefined ? { pronote: basename(opts.pronote) } : {}),
          ...(opts.result !== undefined ? { ent: basename(opts.result), pronote: basename(opts.result) } : {}),
          ...(opts.decisions !== undefined ? { decisions: basename(opts.decisions) } : {}),
        },
      },
      onSave,
    });
  } catch (e) {
    if (e instanceof EntPronoteError && e.code === 'ERR_ARGUMENT' && e.path !== undefined && !e.path.startsWith('options')) {
      throw new EntPronoteError('ERR_INPUT', `the inputs cannot be matched: ${e.reason}`, { path: e.path, cause: e });
    }
    throw e;
  }
  printLine(server.url);
  printLine('Local only: this page is served to this computer (127.0.0.1) and loads nothing from the network.');
  printLine(`Open the address above in a browser; saved files go to ${resolve(out)}. Stop with Ctrl+C.`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Declares `review`. */
export function registerReview(program: Command, _state: CliState): void {
  const command = subcommand(program, 'review', 'review, fix and confirm a matching in the browser (local supervision page on 127.0.0.1)')
    .option('--ent <path>', 'ENT accounts, as for match')
    .option('--pronote <path>', 'PRONOTE identifier file, as for match')
    .option('--result <file>', 'a saved report (match --json-report FILE) instead of --ent and --pronote');
  matchInputOptions(command)
    .option('--out <dir>', 'folder of the saved files (default: the current folder)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', integerParser(0, 65535))
    .option('--force', 'replace existing files of the same names when saving')
    .action(async (opts: ReviewCommandOptions) => {
      await runReview(opts);
    });
}
