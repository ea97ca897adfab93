/**
 * File and stream helpers of the command line (the library itself never touches files).
 * @internal
 * @module
 */

import { closeSync, constants, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EntPronoteError } from '../errors';

/** Reads a whole file, with a clear error when it cannot. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(path, e, 'read');
  }
}

/** Reads a text file as UTF-8. */
export function readFileText(path: string): string {
  return Buffer.from(readFileBytes(path)).toString('utf8');
}

/** True when `path` is a directory. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    throw fileError(path, e, 'read');
  }
}

/** Options of {@link writeFileSecure}. */
export interface WriteOptions {
  /**
   * The content is nominative data in clear (names, birth dates) or a private key: the file is
   * created, or reset, with mode 0600 before anything is written to it.
   */
  sensitive: boolean;
}

/**
 * `O_NOFOLLOW` where the platform has it (Linux, macOS, the BSDs); 0 elsewhere (Windows), where
 * {@link writeFileSecure} checks the destination with `lstat` instead.
 */
const NO_FOLLOW: number = constants.O_NOFOLLOW ?? 0;
const WRITE_FLAGS = constants.O_CREAT | constants.O_WRONLY | constants.O_TRUNC | NO_FOLLOW;

function symlinkError(path: string, cause?: unknown): EntPronoteError {
  return new EntPronoteError(
    'ERR_INPUT',
    `cannot write ${path}: it is a symbolic link, and output files are never written through one; remove the link or choose another output path`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Writes a file, never through a symbolic link at `path` (opened with `O_NOFOLLOW`): a link
 * planted at the destination cannot redirect the output elsewhere. Sensitive files are created
 * with mode 0600, and a regular file that already exists is reset to 0600 (`fchmod` on the open
 * descriptor) before the first byte is written. No temporary file is used.
 *
 * @throws EntPronoteError `ERR_INPUT` when the file cannot be written (a symbolic link, a missing
 *   parent, permission denied…), the message naming the path and what to fix.
 */
export function writeFileSecure(path: string, data: string | Uint8Array, options: WriteOptions): void {
  if (NO_FOLLOW === 0) {
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      // Missing: created below.
    }
    if (link) throw symlinkError(path);
  }
  let fd: number;
  try {
    fd = openSync(path, WRITE_FLAGS, options.sensitive ? 0o600 : 0o644);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // O_NOFOLLOW on a symbolic link: ELOOP (Linux, macOS), EMLINK (FreeBSD), EFTYPE (NetBSD).
    if (NO_FOLLOW !== 0 && (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE')) throw symlinkError(path, e);
    throw fileError(path, e, 'write');
  }
  try {
    // Only regular files: never change the mode of a device or a pipe given as the output.
    if (options.sensitive && fstatSync(fd).isFile()) fchmodSync(fd, 0o600);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  } catch (e) {
    throw fileError(path, e, 'write');
  } finally {
    closeSync(fd);
  }
}

/** Creates a directory and its parents when missing (`mode` applies to the directories created). */
export function ensureDirectory(dir: string, mode = 0o755): void {
  try {
    mkdirSync(dir, { recursive: true, mode });
  } catch (e) {
    throw fileError(dir, e, 'write');
  }
}

/** {@link writeFileSecure}, creating the parent directories first. */
export function writeOutputFile(path: string, data: string | Uint8Array, options: WriteOptions): void {
  ensureDirectory(dirname(path));
  writeFileSecure(path, data, options);
}

/** An {@link EntPronoteError} for a file system failure, without a stack trace for the user. */
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
            : (code ?? 'I/O error');
  return new EntPronoteError('ERR_INPUT', `cannot ${verb} ${path}: ${why}`, { cause: e });
}
