/**
 * Test helpers: the committed test-only keys of test/data/keys/, external tools (openssl,
 * ssh-keygen, python3), and error assertions.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { EntPronoteError, type ErrorCode } from '../../src/index';

/** Folder of the committed, test-only keys (see generate.sh there). */
export const KEYS_DIR = fileURLToPath(new URL('../data/keys/', import.meta.url));
/** Passphrase of the encrypted test keys. */
export const PASSPHRASE = 'test-only-passphrase';

/** Text of a test key file. */
export function keyText(name: string): string {
  return readFileSync(join(KEYS_DIR, name), 'utf8');
}

/** Bytes of a test key file. */
export function keyBytes(name: string): Buffer {
  return readFileSync(join(KEYS_DIR, name));
}

/** Path of a test key file. */
export function keyPath(name: string): string {
  return join(KEYS_DIR, name);
}

/** The fingerprint `ssh-keygen -l -E sha256` printed when the keys were generated. */
export function recordedFingerprint(base: string): string {
  return keyText(`${base}.fingerprint.txt`).trim();
}

/** Runs a tool; returns stdout bytes. Throws with stderr on failure. */
export function run(command: string, args: readonly string[], input?: Uint8Array | string): Buffer {
  return execFileSync(command, args, { input, maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; file(name: string, content?: Uint8Array | string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ent-pronote-keys-'));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts that `fn` throws an EntPronoteError with `code`; returns it. */
export function expectCode(fn: () => unknown, code: ErrorCode): EntPronoteError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof EntPronoteError)) throw new Error(`expected EntPronoteError ${code}, got ${String(e)}`);
    expect(e.code, e.message).toBe(code);
    return e;
  }
  throw new Error(`expected EntPronoteError ${code}, but nothing was thrown`);
}

/** Same as {@link expectCode} for a promise. */
export async function expectCodeAsync(promise: Promise<unknown>, code: ErrorCode): Promise<EntPronoteError> {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof EntPronoteError)) throw new Error(`expected EntPronoteError ${code}, got ${String(e)}`);
    expect(e.code, e.message).toBe(code);
    return e;
  }
  throw new Error(`expected EntPronoteError ${code}, but nothing was thrown`);
}
