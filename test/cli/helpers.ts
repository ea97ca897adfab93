/**
 * Helpers of the CLI tests: spawn the built command, temporary directories, file modes, the
 * test keys and inputs full of distinctive fake names (so that a leak to stderr is easy to see).
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { CLI, ensureBuilt, ROOT } from './build';

export { CLI, ROOT };

/** What a run of the command gave. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes (for byte-for-byte checks). */
  stdoutBytes: Buffer;
}

/** Options of {@link run}. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Runs `node dist/cli.js ARGS` (stdin closed, stdout and stderr pipes: not terminals). */
export function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
  });
}

/** Builds `dist/` when stale (once per run with the global setup) and gives a temporary directory removed after the file's tests. */
export function useCli(): { dir: () => string } {
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ent-pronote-cli-'));
  });
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}

/** The permission bits of a file (`0o600`…). */
export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Test data. */
export const DATA = join(ROOT, 'test', 'data');
/** The main 2048-bit test key pair (committed, test only). */
export const KEYS = {
  public: join(DATA, 'keys', 'rsa2048.ssh2.pub'),
  publicPem: join(DATA, 'keys', 'rsa2048.spki.pem'),
  private: join(DATA, 'keys', 'rsa2048.pkcs8.pem'),
  privateEncrypted: join(DATA, 'keys', 'rsa2048.pkcs8-encrypted.pem'),
  passphrase: 'test-only-passphrase',
  otherPublic: join(DATA, 'keys', 'rsa2048b.spki.pem'),
  otherPrivate: join(DATA, 'keys', 'rsa2048b.pkcs8.pem'),
  fingerprint: readFileSync(join(DATA, 'keys', 'rsa2048.fingerprint.txt'), 'utf8').match(/SHA256:[A-Za-z0-9+/]+/)?.[0] as string,
};

/**
 * Distinctive fake personal values used in the inputs of error tests: none of them may ever
 * appear on stderr.
 */
export const SECRET_NAMES = ['ZORGLUBIAN', 'Quaxwellina', 'PLUMPUDDINGTON', 'Yggdrasilio', 'KRZYWDONIAK', 'Séraphîna'] as const;
/** A distinctive birth date (two forms) and identifiers. */
export const SECRET_VALUES = [...SECRET_NAMES, '17/02/2011', '2011-02-17', 'idp-MOOFLEBERRY', 'WOMBATORIUM'] as const;

/** Fails when any distinctive value appears in `text`. */
export function expectNoSecrets(text: string): void {
  for (const s of SECRET_VALUES) expect(text, `leaked ${s}`).not.toContain(s);
}

/** A valid CSV of accounts (one school) made of the distinctive values. */
export const SECRET_CSV =
  'population;id_partenaire;nom;prenom;date_naissance;sexe;civilite;uai;parents\n' +
  'etablissement;;LYCEE DU TEST;;;;;0410017W;\n' +
  'responsable;idp-MOOFLEBERRY-r;ZORGLUBIAN;Quaxwellina;;;Mme;0410017W;\n' +
  'eleve;idp-MOOFLEBERRY-e;ZORGLUBIAN;Séraphîna;17/02/2011;F;;0410017W;idp-MOOFLEBERRY-r\n' +
  'professeur;idp-MOOFLEBERRY-p;PLUMPUDDINGTON;Yggdrasilio;;;;0410017W;\n' +
  'personnel;idp-MOOFLEBERRY-s;KRZYWDONIAK;Quaxwellina;;;;0410017W;\n';

/** Writes a file in `dir` and returns its path. */
export function writeIn(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Asserts a failed run: exit code, one `ent-pronote: CODE: …` line first, no stack trace. */
export function expectError(r: RunResult, exitCode: number, code: string): void {
  expect(r.code, `stderr: ${r.stderr}`).toBe(exitCode);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^ent-pronote: ${code}: \\S`));
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain('EntPronoteError');
}
