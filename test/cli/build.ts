/**
 * Builds `dist/` once (`npm run build`) when `dist/cli.js` is missing or older than a source
 * file, so that the CLI tests spawn the real built command. A lock directory keeps parallel test
 * files (and parallel runs) from building at the same time.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
/** The built command. */
export const CLI = join(ROOT, 'dist', 'cli.js');

const LOCK = join(ROOT, 'node_modules', '.cache', 'ent-pronote-cli-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `dist/cli.js` or `dist/index.js` is missing or older than the sources. */
export function isStale(): boolean {
  const outputs = [CLI, join(ROOT, 'dist', 'index.js'), join(ROOT, 'dist', 'batch-worker.js')];
  if (outputs.some((p) => !existsSync(p))) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'package.json')), newestMtime(join(ROOT, 'tsup.config.ts')));
  return sources > built;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds when stale (see the module documentation); a no-op when the build is fresh. */
export function ensureBuilt(): void {
  if (process.env.ENT_PRONOTE_CLI_BUILT === '1' && existsSync(CLI)) return;
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmdirSync(LOCK);
      } catch {
        // released meanwhile
      }
      sleep(250);
    }
  }
  try {
    if (isStale()) {
      execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      if (!existsSync(CLI)) throw new Error('npm run build did not produce dist/cli.js (see the build errors above)');
    }
  } finally {
    rmdirSync(LOCK);
  }
}
