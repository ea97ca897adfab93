/**
 * File input and output of the command line (the library itself never touches files). Every
 * command reads and writes through this module, so that the same rules hold everywhere:
 *
 * **Inputs** ({@link readFileBytes}): the size is checked before anything is read: a regular file
 * by `fstat`, a device, a pipe or standard input (`-`) by a running count while it is read, so
 * that `validate /dev/zero` or a 1.5 GB file end quickly in `ERR_LIMIT`, in bounded memory. The
 * cap is the library's `DEFAULT_LIMITS.maxInputBytes`, lowered by the environment variable
 * `ENT_PRONOTE_MAX_INPUT_BYTES` (see {@link maxInputBytes}).
 *
 * **Outputs** ({@link writeOutputs}, {@link writeOutputFile}):
 * - never over an existing file unless `force` (`ERR_CONFLICT`, naming `--force`);
 * - never through a symbolic link nor onto a file with other hard links (`ERR_INPUT`, even with
 *   `force`), never onto a directory, never onto one of the command's own inputs;
 * - atomic: each file is written to a temporary file in the same folder (mode 0600 while written;
 *   0600 at the end for nominative data or keys), flushed with `fsync`, then renamed over the
 *   destination. All the files of one command are written first and renamed together: when
 *   anything fails, every temporary file (and every folder created for them) is removed, and no
 *   destination is touched;
 * - devices and pipes given as the destination (`/dev/null`, `/dev/full`, a FIFO) are written in
 *   place (they cannot be renamed over), after the temporary files are complete.
 *
 * Commands that run long should call {@link checkOutputs} (or {@link checkOutputFolder}) before
 * the work, so that a refused destination is reported at once; {@link writeOutputs} checks again.
 *
 * @internal
 * @module
 */

import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_LIMITS, EntPronoteError } from '../index';

const { constants } = nodeFs;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** The environment variable that lowers the input size cap of the command line (bytes). */
export const MAX_INPUT_BYTES_ENV = 'ENT_PRONOTE_MAX_INPUT_BYTES';

/**
 * The largest input file the command line reads: the library's `DEFAULT_LIMITS.maxInputBytes`,
 * or the lower value of the environment variable {@link MAX_INPUT_BYTES_ENV} (a positive integer;
 * a higher or invalid value is ignored).
 */
export function maxInputBytes(): number {
  const cap = DEFAULT_LIMITS.maxInputBytes;
  const env = process.env[MAX_INPUT_BYTES_ENV];
  if (env === undefined || !/^\s*\d+\s*$/.test(env)) return cap;
  const n = Number(env);
  return Number.isSafeInteger(n) && n > 0 && n < cap ? n : cap;
}

/** Options of {@link readFileBytes}. */
export interface ReadOptions {
  /** Largest size accepted (default {@link maxInputBytes}). */
  maxBytes?: number;
}

/** The most a key file may hold (the largest JWK or certificate chain is far smaller). */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** The most a passphrase or secret file may hold. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** The name of standard input in place of a file path. */
export const STDIN = '-';

function limitError(path: string, max: number): EntPronoteError {
  const name = path === STDIN ? 'standard input' : path;
  return new EntPronoteError(
    'ERR_LIMIT',
    `${name} is larger than ${max.toLocaleString('en-US')} bytes, the most this command reads (refused before reading it whole; ${MAX_INPUT_BYTES_ENV} can only lower this limit)`,
  );
}

/** Sleeps a little without the event loop (standard input opened in non-blocking mode). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads a whole file (or standard input for `-`), refusing with `ERR_LIMIT` what is larger than
 * `maxBytes`: regular files by their size before reading, devices and pipes by a running count
 * (at most `maxBytes` + 64 KiB held).
 *
 * @throws EntPronoteError `ERR_LIMIT` when too large; `ERR_INPUT` when it cannot be read (the
 *   message names the path and why: missing, permission denied, a directory…).
 */
export function readFileBytes(path: string, options: ReadOptions = {}): Uint8Array {
  const max = options.maxBytes ?? maxInputBytes();
  let fd: number;
  let own = true;
  try {
    if (path === STDIN) {
      try {
        fd = nodeFs.openSync('/dev/stdin', 'r');
      } catch {
        fd = 0;
        own = false;
      }
    } else {
      fd = nodeFs.openSync(path, 'r');
    }
  } catch (e) {
    throw fileError(path, e, 'read');
  }
  try {
    const st = nodeFs.fstatSync(fd);
    if (st.isDirectory()) throw fileError(path, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), 'read');
    if (st.isFile() && st.size > max) throw limitError(path, max);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunkSize = st.isFile() && st.size > 0 ? Math.min(st.size + 1, max + 1) : 64 * 1024;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(chunkSize, max + 1 - total));
      let n: number;
      try {
        n = nodeFs.readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') {
          pause(5);
          continue;
        }
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > max) throw limitError(path, max);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof EntPronoteError) throw e;
    throw fileError(path, e, 'read');
  } finally {
    if (own) nodeFs.closeSync(fd);
  }
}

/** Reads a text file as UTF-8 (see {@link readFileBytes} for the size check). */
export function readFileText(path: string, options: ReadOptions = {}): string {
  return Buffer.from(readFileBytes(path, options)).toString('utf8');
}

/**
 * Checks, without reading it, that a file to be streamed (an AAF file) is not larger than
 * {@link maxInputBytes}, and returns its size.
 */
export function checkInputSize(path: string, max: number = maxInputBytes()): number {
  let st: nodeFs.Stats;
  try {
    st = nodeFs.statSync(path);
  } catch (e) {
    throw fileError(path, e, 'read');
  }
  if (st.isFile() && st.size > max) throw limitError(path, max);
  return st.size;
}

/** True when `path` is a directory (`-`, standard input, is not). */
export function isDirectory(path: string): boolean {
  if (path === STDIN) return false;
  try {
    return nodeFs.statSync(path).isDirectory();
  } catch (e) {
    throw fileError(path, e, 'read');
  }
}

/** True when `path` is an existing directory (false when missing or unreadable). */
export function isExistingDirectory(path: string): boolean {
  try {
    return nodeFs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/** Options of {@link writeOutputFile}. */
export interface WriteOptions {
  /**
   * The content is nominative data in clear (names, birth dates) or a private key: the file gets
   * mode 0600 (others: 0644, less the umask).
   */
  sensitive: boolean;
  /** Replace an existing file (`--force`). Links are refused even then. */
  force?: boolean;
  /** The command's input files: an output onto one of them is refused, even with `force`. */
  inputs?: readonly string[];
}

/** One file of {@link writeOutputs}. */
export interface OutputFile {
  /** The destination. */
  path: string;
  /** The content (a string is written as UTF-8). */
  data: string | Uint8Array;
  /** See {@link WriteOptions.sensitive}. */
  sensitive: boolean;
}

/** Options of {@link writeOutputs} and {@link checkOutputs}. */
export interface OutputOptions {
  /** Replace existing files (`--force`). Links are refused even then. */
  force?: boolean;
  /** The command's input files: an output onto one of them is refused, even with `force`. */
  inputs?: readonly string[];
}

/**
 * The file system calls {@link writeOutputs} uses: the tests replace some of them to inject
 * failures (a full disk, a failing rename).
 */
export type OutputFileSystem = Pick<
  typeof nodeFs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'fchmodSync' | 'closeSync' | 'renameSync' | 'linkSync' | 'unlinkSync' | 'lstatSync' | 'statSync' | 'mkdirSync' | 'rmdirSync'
>;

/** `O_NOFOLLOW` where the platform has it; 0 elsewhere (Windows), where `lstat` is the check. */
const NO_FOLLOW: number = constants.O_NOFOLLOW ?? 0;

/** What is at a destination. */
type Destination = { kind: 'new' } | { kind: 'file' } | { kind: 'device' };

function conflictError(path: string): EntPronoteError {
  return new EntPronoteError('ERR_CONFLICT', `refusing to overwrite ${path}: it exists (use --force to replace it)`);
}

function symlinkError(path: string, cause?: unknown): EntPronoteError {
  return new EntPronoteError(
    'ERR_INPUT',
    `cannot write ${path}: it is a symbolic link, and output files are never written through one; remove the link or choose another output path`,
    cause === undefined ? {} : { cause },
  );
}

function hardLinkError(path: string): EntPronoteError {
  return new EntPronoteError(
    'ERR_INPUT',
    `cannot write ${path}: the file has other hard links, and output files are never written through one; remove it or choose another output path`,
  );
}

/** Device and inode of the inputs that exist (to refuse an output onto an input). */
function inputIdentities(inputs: readonly string[] | undefined, fs: OutputFileSystem): Set<string> {
  const ids = new Set<string>();
  for (const p of inputs ?? []) {
    if (p === STDIN) continue;
    try {
      const st = fs.statSync(p);
      if (st.isFile()) ids.add(`${st.dev}:${st.ino}`);
    } catch {
      // a missing input is reported by its reader
    }
  }
  return ids;
}

/** Checks one destination (see the module documentation) and says what is there. */
function inspectDestination(path: string, options: OutputOptions, inputs: Set<string>, fs: OutputFileSystem): Destination {
  let st: nodeFs.Stats;
  try {
    st = fs.lstatSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return { kind: 'new' };
    if (code === 'ENOTDIR') throw fileError(path, e, 'write');
    throw fileError(path, e, 'write');
  }
  if (st.isSymbolicLink()) throw symlinkError(path);
  if (st.isDirectory()) throw new EntPronoteError('ERR_INPUT', `cannot write ${path}: it is a directory; give a file name`);
  if (!st.isFile()) return { kind: 'device' };
  if (inputs.has(`${st.dev}:${st.ino}`)) {
    throw new EntPronoteError('ERR_ARGUMENT', `refusing to write ${path}: it is one of this command's inputs; choose another output path`);
  }
  if (st.nlink > 1) throw hardLinkError(path);
  if (options.force !== true) throw conflictError(path);
  return { kind: 'file' };
}

/** Checks every destination (see {@link checkOutputs}) and says what is at each. */
function destinationsOf(paths: readonly string[], options: OutputOptions, fs: OutputFileSystem): Destination[] {
  const inputs = inputIdentities(options.inputs, fs);
  const seen = new Set<string>();
  return paths.map((p) => {
    const key = resolve(p);
    if (seen.has(key)) throw new EntPronoteError('ERR_ARGUMENT', `${p} is given for two outputs: choose a different path for each`);
    seen.add(key);
    return inspectDestination(p, options, inputs, fs);
  });
}

/**
 * Checks destinations before a long piece of work, without writing anything: the same refusals
 * as {@link writeOutputs} (an existing file without `force`, a link, a directory, an input, one
 * path given twice).
 */
export function checkOutputs(paths: readonly string[], options: OutputOptions = {}, fs: OutputFileSystem = nodeFs): void {
  destinationsOf(paths, options, fs);
}

/**
 * Checks an output folder: missing (it will be created), or an empty directory; a non-empty one
 * only with `force` (`ERR_CONFLICT` otherwise: two generated worlds must not mix unnoticed).
 */
export function checkOutputFolder(dir: string, options: { force?: boolean } = {}): void {
  let entries: string[];
  try {
    const st = nodeFs.lstatSync(dir);
    if (st.isSymbolicLink()) throw symlinkError(dir);
    if (!st.isDirectory()) throw new EntPronoteError('ERR_INPUT', `cannot write into ${dir}: it is not a directory`);
    entries = nodeFs.readdirSync(dir);
  } catch (e) {
    if (e instanceof EntPronoteError) throw e;
    if ((e as { code?: string }).code === 'ENOENT') return;
    throw fileError(dir, e, 'write');
  }
  if (entries.length > 0 && options.force !== true) {
    throw new EntPronoteError('ERR_CONFLICT', `refusing to write into ${dir}: it is not empty (use --force to write into it anyway, replacing files of the same names)`);
  }
}

/** A temporary file being written, or written. */
interface Pending {
  file: OutputFile;
  destination: Destination;
  temp?: string;
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

function writeAll(fs: OutputFileSystem, fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Creates the missing parent folders of `dir`; returns the topmost folder created. */
function makeParents(dir: string, fs: OutputFileSystem): string | undefined {
  try {
    return fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw fileError(dir, e, 'write');
  }
}

/** Removes the folders created (innermost first), when they are empty again. */
function removeFolders(created: readonly { top: string; leaf: string }[], fs: OutputFileSystem): void {
  for (const { top, leaf } of created) {
    let d = resolve(leaf);
    const stop = dirname(resolve(top));
    while (d !== stop && d.length > 1) {
      try {
        fs.rmdirSync(d);
      } catch {
        break;
      }
      d = dirname(d);
    }
  }
}

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // cleaning up after a failure: the first error is the one reported
  }
}

/** Moves a complete temporary file to its destination (no-clobber unless replacing). */
function commit(p: Pending, fs: OutputFileSystem): void {
  const temp = p.temp as string;
  if (p.destination.kind === 'file') {
    fs.renameSync(temp, p.file.path);
    return;
  }
  // A new file: link() fails when the name appeared meanwhile, where rename() would replace it.
  try {
    fs.linkSync(temp, p.file.path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EEXIST') throw conflictError(p.file.path);
    // File systems without hard links: check again, then rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EXDEV' || code === 'EMLINK') {
      let exists = true;
      try {
        fs.lstatSync(p.file.path);
      } catch {
        exists = false;
      }
      if (exists) throw conflictError(p.file.path);
      fs.renameSync(temp, p.file.path);
      return;
    }
    throw e;
  }
  fs.unlinkSync(temp);
}

function syncFolder(dir: string, fs: OutputFileSystem): void {
  quietly(() => {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
}

/**
 * Writes the files of one command all or nothing (see the module documentation): checks every
 * destination, writes each content to a temporary file in its destination's folder (created
 * when missing), `fsync`s it, then renames them all. On any failure nothing is left: temporary
 * files, folders created for them and files already renamed in this call are removed, and the
 * error names the file and the cause.
 *
 * @param fs the file system calls (tests inject failures; default `node:fs`)
 * @throws EntPronoteError `ERR_CONFLICT` for an existing file without `force`; `ERR_INPUT` for a
 *   link, a directory, or a write that failed (full disk, permission denied…); `ERR_ARGUMENT`
 *   for an output onto an input, or one path given twice.
 */
export function writeOutputs(files: readonly OutputFile[], options: OutputOptions = {}, fs: OutputFileSystem = nodeFs): void {
  const destinations = destinationsOf(
    files.map((f) => f.path),
    options,
    fs,
  );
  const pending: Pending[] = files.map((file, i) => ({ file, destination: destinations[i] as Destination }));
  const created: { top: string; leaf: string }[] = [];
  const committed: string[] = [];
  try {
    for (const p of pending) {
      if (p.destination.kind === 'device') continue;
      const dir = dirname(p.file.path);
      const top = makeParents(dir, fs);
      if (top !== undefined) created.push({ top, leaf: dir });
      writeTemp(p, fs);
    }
    for (const p of pending) {
      if (p.destination.kind !== 'device') continue;
      writeInPlace(p, fs);
    }
    for (const p of pending) {
      if (p.temp === undefined) continue;
      try {
        commit(p, fs);
      } catch (e) {
        if (e instanceof EntPronoteError) throw e;
        throw fileError(p.file.path, e, 'write');
      }
      if (p.destination.kind === 'new') committed.push(p.file.path);
      p.temp = undefined;
    }
  } catch (e) {
    for (const p of pending) if (p.temp !== undefined) quietly(() => fs.unlinkSync(p.temp as string));
    for (const path of committed) quietly(() => fs.unlinkSync(path));
    removeFolders(created, fs);
    throw e;
  }
  for (const dir of new Set(pending.filter((p) => p.destination.kind !== 'device').map((p) => dirname(p.file.path)))) syncFolder(dir, fs);
}

function writeTemp(p: Pending, fs: OutputFileSystem): void {
  const temp = tempPathFor(p.file.path);
  let fd: number;
  try {
    fd = fs.openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | NO_FOLLOW, p.file.sensitive ? 0o600 : 0o644);
  } catch (e) {
    throw fileError(p.file.path, e, 'write');
  }
  p.temp = temp;
  try {
    if (p.file.sensitive) fs.fchmodSync(fd, 0o600);
    writeAll(fs, fd, bytesOf(p.file.data));
    fs.fsyncSync(fd);
  } catch (e) {
    throw fileError(p.file.path, e, 'write');
  } finally {
    quietly(() => fs.closeSync(fd));
  }
}

function writeInPlace(p: Pending, fs: OutputFileSystem): void {
  let fd: number;
  try {
    fd = fs.openSync(p.file.path, constants.O_WRONLY | NO_FOLLOW);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (NO_FOLLOW !== 0 && (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE')) throw symlinkError(p.file.path, e);
    throw fileError(p.file.path, e, 'write');
  }
  try {
    writeAll(fs, fd, bytesOf(p.file.data));
  } catch (e) {
    throw fileError(p.file.path, e, 'write');
  } finally {
    quietly(() => fs.closeSync(fd));
  }
}

/** {@link writeOutputs} for one file. */
export function writeOutputFile(path: string, data: string | Uint8Array, options: WriteOptions, fs: OutputFileSystem = nodeFs): void {
  writeOutputs([{ path, data, sensitive: options.sensitive }], { ...(options.force !== undefined ? { force: options.force } : {}), ...(options.inputs !== undefined ? { inputs: options.inputs } : {}) }, fs);
}

/**
 * The former name of {@link writeOutputFile}, kept for code written against it: it now refuses
 * an existing file unless `force` (it used to replace it) and writes atomically.
 * @deprecated use {@link writeOutputFile} (or {@link writeOutputs} for several files).
 */
export const writeFileSecure: (path: string, data: string | Uint8Array, options: WriteOptions) => void = (path, data, options) => writeOutputFile(path, data, options);

/** Creates a directory and its parents when missing (`mode` applies to the directories created). */
export function ensureDirectory(dir: string, mode = 0o755): string | undefined {
  try {
    return nodeFs.mkdirSync(dir, { recursive: true, mode });
  } catch (e) {
    throw fileError(dir, e, 'write');
  }
}

/**
 * Removes the folders that {@link ensureDirectory} created for `dir` (`top`: what it returned),
 * innermost first, as long as they are empty: a failed command leaves no folder of its own.
 */
export function removeCreatedDirectory(top: string | undefined, dir: string): void {
  if (top !== undefined) removeFolders([{ top, leaf: dir }], nodeFs);
}

/** An {@link EntPronoteError} (`ERR_INPUT`) for a file system failure, naming the path and the cause. */
export function fileError(path: string, e: unknown, verb: 'read' | 'write'): EntPronoteError {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'ENOTDIR'
            ? 'a parent is not a directory'
            : code === 'ENOSPC'
              ? 'no space left on the device (nothing was left behind)'
              : code === 'EDQUOT'
                ? 'disk quota exceeded (nothing was left behind)'
                : code === 'EROFS'
                  ? 'read-only file system'
                  : (code ?? 'I/O error');
  const name = path === STDIN ? 'standard input' : path;
  return new EntPronoteError('ERR_INPUT', `cannot ${verb} ${name}: ${why}`, { cause: e });
}
