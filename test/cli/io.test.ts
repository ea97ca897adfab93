/**
 * The CLI's file writer (`src/cli/io.ts`): never through a symbolic link at the destination,
 * sensitive files 0600 even when they already existed with a wider mode.
 */
import { chmodSync, existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from '../../src/cli/io';
import { EntPronoteError } from '../../src/errors';
import { DATA, expectError, KEYS, modeOf, run, useCli } from './helpers';

const cli = useCli();
const canLink = process.platform !== 'win32';

/** Calls `fn`, which must throw an EntPronoteError; returns it. */
function thrown(fn: () => unknown): EntPronoteError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EntPronoteError) return e;
    throw new Error(`expected an EntPronoteError, got ${String(e)}`);
  }
  throw new Error('expected an EntPronoteError, but nothing was thrown');
}

describe('writeFileSecure', () => {
  it('creates sensitive files with mode 0600 and others with 0644', () => {
    const secret = join(cli.dir(), 'new-secret.xml');
    const plain = join(cli.dir(), 'new-plain.xml');
    writeOutputFile(secret, 'secret', { sensitive: true });
    writeOutputFile(plain, new Uint8Array([1, 2, 3]), { sensitive: false });
    expect(modeOf(secret)).toBe(0o600);
    expect(modeOf(plain)).toBe(0o644);
    expect(readFileSync(secret, 'utf8')).toBe('secret');
    expect([...readFileSync(plain)]).toEqual([1, 2, 3]);
  });

  it('an existing 0644 file written as sensitive becomes 0600, its old content replaced', () => {
    const path = join(cli.dir(), 'existing.xml');
    writeFileSync(path, 'a much longer previous content that must not survive');
    chmodSync(path, 0o644);
    expect(modeOf(path)).toBe(0o644);
    writeOutputFile(path, "new", { sensitive: true, force: true });
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it.runIf(canLink)('refuses a symbolic link at the destination (ERR_INPUT) and leaves its target untouched', () => {
    const target = join(cli.dir(), 'target.txt');
    writeFileSync(target, 'original');
    chmodSync(target, 0o644);
    for (const sensitive of [true, false]) {
      const link = join(cli.dir(), `link-${sensitive ? 'secret' : 'plain'}.xml`);
      symlinkSync(target, link);
      const e = thrown(() => writeOutputFile(link, 'replaced', { sensitive }));
      expect(e.code).toBe('ERR_INPUT');
      expect(e.message).toBe(
        `cannot write ${link}: it is a symbolic link, and output files are never written through one; remove the link or choose another output path`,
      );
      expect(readFileSync(target, 'utf8')).toBe('original');
      expect(modeOf(target)).toBe(0o644);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    }
  });

  it.runIf(canLink)('refuses a dangling symbolic link, without creating its target', () => {
    const target = join(cli.dir(), 'not-there.txt');
    const link = join(cli.dir(), 'dangling.xml');
    symlinkSync(target, link);
    expect(thrown(() => writeOutputFile(link, 'x', { sensitive: true })).code).toBe('ERR_INPUT');
    expect(existsSync(target)).toBe(false);
  });

  it.runIf(canLink)('the command line refuses an --out that is a symbolic link (exit 1, ERR_INPUT)', async () => {
    const target = join(cli.dir(), 'cli-target.txt');
    writeFileSync(target, 'original');
    const link = join(cli.dir(), 'cli-link.xml');
    symlinkSync(target, link);
    const r = await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', join(DATA, 'partenaire-index', 'sample.xml'), '--out', link]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toContain('is a symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('original');
  });
});
