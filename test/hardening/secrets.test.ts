/**
 * Secrets hygiene of the library (the CLI's own tests come with the CLI):
 *
 * - the library never logs: a full run (build → seal → inspect → open → parse of every format,
 *   the three input readers, generated fixtures read back, matching and reports, and thousands of
 *   error paths) writes nothing to console.* nor to process.stdout/stderr;
 * - no error (message, reason, JSON view with its problems) and no notice produced from
 *   documents full of distinctive fake names contains any of them;
 * - key material never appears in messages, in JSON.stringify or util.inspect of key objects;
 * - the library touches no file (no temporary file, no clear file): the same full run passes in a
 *   child process under Node's permission model, where every file write, child process and
 *   worker is denied and only the bundle itself may be read; and the sources (outside src/cli)
 *   import no file system, process, network or console API.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImportChiffre, sealImportChiffre, generateKeyPair, importPrivateKey, importPublicKey } from '../../src/index';
import { keyText, PASSPHRASE } from '../keys/helpers';
import { leakedSecrets, libraryError, type OutputSpy, SECRETS, spyOutput } from './helpers';
import { type PipelineKeys, type PipelineSummary, runPipeline } from './pipeline';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const KEYS: PipelineKeys = {
  publicPem: keyText('rsa2048.spki.pem'),
  privatePem: keyText('rsa2048.pkcs8.pem'),
  encryptedPem: keyText('rsa2048.pkcs8-encrypted.pem'),
  passphrase: PASSPHRASE,
  otherPrivatePem: keyText('rsa2048b.pkcs8.pem'),
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Checks a run's summary: everything coded, nothing leaked, every round trip exact. */
function checkSummary(s: PipelineSummary): void {
  expect(s.foreign, 'only library errors are thrown').toEqual([]);
  expect(s.mismatches, 'round trips give back what went in').toEqual([]);
  expect(s.steps.length, 'the run went through').toBeGreaterThan(1000);
  expect(s.errors.length, 'the error paths were reached').toBeGreaterThan(1000);
  const codes = new Set(s.errors.map((e) => e.code));
  for (const code of ['ERR_XML', 'ERR_SCHEMA', 'ERR_DOCTYPE', 'ERR_LIMIT', 'ERR_INPUT', 'ERR_DECRYPT', 'ERR_INTEGRITY', 'ERR_KEY_PASSPHRASE', 'ERR_KEY_FORMAT', 'ERR_PARTNER']) {
    expect(codes, `an ${code} was met`).toContain(code);
  }
  const leaks = s.errors.filter((e) => leakedSecrets(`${e.message}\n${e.json}`).length > 0);
  expect(leaks.slice(0, 5), `${leaks.length} errors quote a value`).toEqual([]);
  const noticeLeaks = s.notices.filter((n) => leakedSecrets(n.text).length > 0);
  expect(noticeLeaks.slice(0, 5), `${noticeLeaks.length} notices quote a value`).toEqual([]);
  expect(s.notices.length, 'lenient reads returned notices').toBeGreaterThan(100);
  expect(s.fixtureNames.length, 'fixture names were collected').toBeGreaterThan(20);
}

describe('the library never logs and never quotes a value', () => {
  let spy: OutputSpy;
  let summary: PipelineSummary;

  beforeAll(async () => {
    spy = spyOutput();
    try {
      summary = await runPipeline(KEYS);
    } finally {
      spy.restore();
    }
  }, 120_000);

  it('nothing was written to console.* or process.stdout/stderr during the whole run', () => {
    expect(spy.calls()).toEqual([]);
  });

  it('no fixture name appears in anything written (belt and braces)', () => {
    const written = spy.calls().join('\n');
    for (const name of [...summary.fixtureNames, ...SECRETS]) expect(written).not.toContain(name);
  });

  it('every error is coded, no error nor notice quotes a distinctive value, round trips are exact', () => {
    checkSummary(summary);
  });
});

describe('sources', () => {
  it('the test servers (src/cas/server): HTTP only; no console, standard streams, file system, process or debug API', () => {
    const sources = files(join(SRC, 'cas', 'server')).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(3);
    for (const file of sources) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\bconsole\.|process\.(stdout|stderr|env|exit)|debuglog|from 'node:(fs|fs\/promises|os|child_process|worker_threads|cluster)'|from '(fs|os|child_process)'|\bmkdtemp|\btmpdir\(/);
    }
  });

  it('outside src/cli, no console, standard streams, file system, process, network or debug API', () => {
    // The supervision server of `ent-pronote review` is a loopback HTTP server by design (no file
    // system, no console), and its page's script calls its own JSON API with fetch(). src/cas/server
    // holds the single sign-on test servers (loopback HTTP by design): checked above.
    // The batch export's thread pool starts worker threads from its own worker file, found beside
    // the bundle (node:worker_threads, node:os for the parallelism, node:fs to find the file);
    // nothing else is read or written.
    const servers = [join(SRC, 'review', 'server.ts'), join(SRC, 'review', 'assets.ts'), join(SRC, 'batch', 'pool.ts'), join(SRC, 'batch', 'worker.ts')];
    const sources = files(SRC).filter((f) => !f.startsWith(join(SRC, 'cli')) && !f.startsWith(join(SRC, 'cas', 'server')) && f.endsWith('.ts') && !servers.includes(f));
    expect(sources.length).toBeGreaterThan(50);
    for (const file of sources) {
      // Code only: TSDoc examples may show console.log or fs on the caller's side.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(
        /\bconsole\.|process\.(stdout|stderr|env|exit)|debuglog|from 'node:(fs|fs\/promises|os|child_process|net|http|https|http2|dgram|tls|worker_threads|cluster)'|from '(fs|os|child_process|net|http|https)'|\bfetch\(|\bmkdtemp|\btmpdir\(/,
      );
    }
  });
});

describe('keys never leak', () => {
  const privatePem = keyText('rsa2048.pkcs8.pem');
  const body = privatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  /** Every 12-character window of the key's base64, at a stride: what a partial echo would show. */
  const fragments = Array.from({ length: Math.floor(body.length / 12) }, (_, i) => body.slice(i * 12, i * 12 + 12));

  it('private key objects show no key material in JSON.stringify, util.inspect, String or toJSON', () => {
    const key = importPrivateKey(privatePem);
    const generated = generateKeyPair().privateKey;
    for (const k of [key, generated]) {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what String() shows of a key object is the point of the test
      const shown = [JSON.stringify(k), inspect(k, { depth: 10, showHidden: true }), String(k), JSON.stringify({ k })].join('\n');
      expect(shown).not.toMatch(/PRIVATE KEY/);
      if (k === key) for (const f of fragments) expect(shown).not.toContain(f);
      const jwk = k.publicKey.toJwk();
      expect(Object.keys(jwk).sort()).toEqual(['e', 'kty', 'n']);
    }
  });

  it('key errors never echo the key text, the passphrase or a decrypted block', () => {
    const encrypted = keyText('rsa2048.pkcs8-encrypted.pem');
    const sealed = sealImportChiffre('<a/>', importPublicKey(keyText('rsa2048.spki.pem')), { partenaire: 'P', uai: '0410017W' });
    const cases: Array<[() => unknown, string]> = [
      [() => importPrivateKey(encrypted, { passphrase: 'ZORGLUB-passphrase' }), 'ERR_KEY_PASSPHRASE'],
      [() => importPrivateKey(encrypted), 'ERR_KEY_PASSPHRASE'],
      [() => importPrivateKey(privatePem.replace(/\n[^\n]+/, (line) => `\n${'A'.repeat(line.length - 1)}`)), 'ERR_KEY_FORMAT'],
      [() => importPrivateKey(privatePem.slice(0, 600)), 'ERR_KEY_FORMAT'],
      [() => importPublicKey(privatePem), 'ERR_KEY_FORMAT'],
      [() => importPrivateKey(keyText('rsa2048.spki.pem')), 'ERR_KEY_FORMAT'],
      [() => openImportChiffre(sealed, keyText('rsa2048b.pkcs8.pem')), 'ERR_DECRYPT'],
    ];
    for (const [fn, code] of cases) {
      const e = libraryError(fn, code as never);
      const shown = `${e.message}\n${JSON.stringify(e.toJSON())}\n${inspect(e.cause ?? '')}`;
      expect(shown).not.toContain('ZORGLUB');
      expect(shown).not.toContain(PASSPHRASE);
      for (const f of fragments) expect(shown).not.toContain(f);
      expect(shown).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    }
  });
});

describe('the library touches no file: a full run under the permission model', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ent-pronote-sandbox-'));
    bundle = join(dir, 'run-pipeline.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./child/run-pipeline.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
      // node-forge is only loaded when the platform refuses raw RSA (not here).
      external: ['node-forge'],
    });
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with file writes, child processes and workers denied, reading nothing but itself', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--experimental-permission', `--allow-fs-read=${bundle}`, bundle],
        { cwd: dir, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '' } },
        (error, out, err) => resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), stdout: out, stderr: err }),
      );
      child.stdin?.end(JSON.stringify(KEYS));
    });
    const unexpectedStderr = stderr.split('\n').filter((l) => l.trim() !== '' && !/ExperimentalWarning: Permission|--trace-warnings/.test(l));
    expect(unexpectedStderr, stderr).toEqual([]);
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines, 'the library printed nothing of its own').toHaveLength(1);
    expect(lines[0]).toMatch(/^PIPELINE-SUMMARY /);
    const summary = JSON.parse((lines[0] as string).slice('PIPELINE-SUMMARY '.length)) as PipelineSummary & { writeDenied: boolean };
    expect(summary.writeDenied, 'the sandbox refuses writes (control)').toBe(true);
    checkSummary(summary);
    expect(readdirSync(dir)).toEqual(['run-pipeline.mjs']);
  }, 120_000);
});
