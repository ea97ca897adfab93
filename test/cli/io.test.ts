/**
 * The CLI's file writer (`src/cli/io.ts`): never through a symbolic link at the destination,
 * sensitive files 0600 even when they already existed with a wider mode.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { checkOutputFolder, type OutputFileSystem, readFileBytes, writeOutputFile, writeOutputs } from '../../src/cli/io';
import { EntPronoteError } from '../../src/index';
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

/** A file system whose `writeSync` fails with ENOSPC after `budget` bytes (a full disk). */
function fullDisk(budget: number): OutputFileSystem {
  let left = budget;
  return {
    ...fs,
    writeSync: ((fd: number, buffer: Uint8Array, offset?: number, length?: number) => {
      const n = Math.min(length ?? buffer.length, left);
      if (n === 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      left -= n;
      return fs.writeSync(fd, buffer, offset ?? 0, n);
    }) as OutputFileSystem['writeSync'],
  };
}

describe('writeOutputs: atomic, all or none', () => {
  it('a full disk in the middle of a file leaves nothing: no destination, no temporary file, no folder created for it', () => {
    const dir = join(cli.dir(), 'full-disk');
    mkdirSync(dir);
    const out = join(dir, 'new', 'opened.xml');
    const e = thrown(() => writeOutputFile(out, 'x'.repeat(10_000), { sensitive: true }, fullDisk(4096)));
    expect(e.code).toBe('ERR_INPUT');
    expect(e.message).toBe(`cannot write ${out}: no space left on the device (nothing was left behind)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a full disk on the second output leaves neither the first nor the second', () => {
    const dir = join(cli.dir(), 'full-disk-2');
    mkdirSync(dir);
    const files = [
      { path: join(dir, 'r.html'), data: 'a'.repeat(1000), sensitive: true },
      { path: join(dir, 'r.csv'), data: 'b'.repeat(1000), sensitive: true },
    ];
    expect(thrown(() => writeOutputs(files, {}, fullDisk(1500))).code).toBe('ERR_INPUT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a rename failing for the second output removes the first, already renamed, and keeps a replaced file as it was', () => {
    const dir = join(cli.dir(), 'rename-fails');
    mkdirSync(dir);
    const kept = join(dir, 'kept.csv');
    writeFileSync(kept, 'old');
    let renames = 0;
    const failing: OutputFileSystem = {
      ...fs,
      linkSync: (() => {
        throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      }),
      renameSync: ((from: string, to: string) => {
        if (++renames === 2) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        fs.renameSync(from, to);
      }) as OutputFileSystem['renameSync'],
    };
    const files = [
      { path: join(dir, 'first.html'), data: 'first', sensitive: true },
      { path: kept, data: 'new', sensitive: true },
    ];
    const e = thrown(() => writeOutputs(files, { force: true }, failing));
    expect(e.message).toBe(`cannot write ${kept}: EIO`);
    expect(readdirSync(dir)).toEqual(['kept.csv']);
    expect(readFileSync(kept, 'utf8')).toBe('old');
  });

  it('refuses one path given for two outputs, and a non-empty folder without force', () => {
    const dir = join(cli.dir(), 'twice');
    mkdirSync(dir);
    const p = join(dir, 'same.csv');
    expect(thrown(() => writeOutputs([{ path: p, data: 'a', sensitive: false }, { path: join(dir, '.', 'same.csv'), data: 'b', sensitive: false }])).code).toBe('ERR_ARGUMENT');
    expect(readdirSync(dir)).toEqual([]);
    checkOutputFolder(dir);
    checkOutputFolder(join(dir, 'missing'));
    writeFileSync(join(dir, 'x'), '');
    expect(thrown(() => checkOutputFolder(dir)).code).toBe('ERR_CONFLICT');
    checkOutputFolder(dir, { force: true });
  });
});

describe('readFileBytes', () => {
  it('refuses a regular file larger than the limit from its size, and reads one within it', () => {
    const p = join(cli.dir(), 'sized.bin');
    writeFileSync(p, Buffer.alloc(1000, 7));
    const e = thrown(() => readFileBytes(p, { maxBytes: 999 }));
    expect(e.code).toBe('ERR_LIMIT');
    expect(e.message).toBe(`${p} is larger than 999 bytes, the most this command reads (refused before reading it whole; ENT_PRONOTE_MAX_INPUT_BYTES can only lower this limit)`);
    expect(Buffer.from(readFileBytes(p, { maxBytes: 1000 })).equals(Buffer.alloc(1000, 7))).toBe(true);
  });

  it.runIf(existsSync('/dev/zero'))('counts what a device gives and stops past the limit', () => {
    expect(thrown(() => readFileBytes('/dev/zero', { maxBytes: 100_000 })).code).toBe('ERR_LIMIT');
  });

  it('names a directory and a missing file in its own words', () => {
    expect(thrown(() => readFileBytes(cli.dir())).message).toBe(`cannot read ${cli.dir()}: is a directory`);
    expect(thrown(() => readFileBytes(join(cli.dir(), 'nope'))).message).toBe(`cannot read ${join(cli.dir(), 'nope')}: no such file or directory`);
  });
});
