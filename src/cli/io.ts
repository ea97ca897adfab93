/**
 * File and stream helpers of the command line (the library itself never touches files).
 * @internal
 * @module
 */

import { closeSync, fchmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
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

/** Writes a file; sensitive files get mode 0600 before the first byte is written. */
export function writeFileSecure(path: string, data: string | Uint8Array, options: WriteOptions): void {
  let fd: number;
  try {
    fd = openSync(path, 'w', options.sensitive ? 0o600 : 0o644);
  } catch (e) {
    throw fileError(path, e, 'write');
  }
  try {
    if (options.sensitive) fchmodSync(fd, 0o600);
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
