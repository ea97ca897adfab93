/**
 * `ent-pronote cas-server` and `ent-pronote pronote-server` as a harness runs them: on a folder
 * written by `ent-pronote fixtures`, the base URL as the first line of stdout, the TEST banner on
 * stderr, a login through both, a clean stop on SIGTERM; refused hosts and missing inputs.
 */

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroundTruth } from '../../src/fixtures';
import { CLI, run, useCli } from '../cli/helpers';
import { casLogin, get } from './helpers';

/** A server command running: its URL (first stdout line), its stderr so far, a stop. */
interface Running {
  url: string;
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  stop(): Promise<number | null>;
}

function start(args: readonly string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed in 30 s; stderr: ${err}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      resolve({
        url: out.slice(0, nl),
        child,
        stderr: () => err,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing its URL; stderr: ${err}`));
    });
  });
}

describe('cas-server and pronote-server commands', () => {
  const cli = useCli();
  let dir: string;
  let truth: GroundTruth;

  beforeAll(async () => {
    dir = join(cli.dir(), 'world');
    const r = await run(['fixtures', '--students', '40', '--seed', 'sso-cli', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth;
  });

  const running: Running[] = [];
  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null) await r.stop();
  });

  it('serve a fixtures folder: URL first on stdout, TEST banner, recognition by identity, stop on SIGTERM', async () => {
    const cas = await start(['cas-server', '--accounts', dir, '--layout', 'laclasse']);
    running.push(cas);
    expect(cas.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cas.stderr()).toContain('cas-server is a TEST server');
    const pronote = await start(['pronote-server', '--cas', cas.url, '--pronote', dir, '--mode', 'identite', '--protocol', 'cas3']);
    running.push(pronote);
    expect(pronote.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(pronote.stderr()).toContain('pronote-server is a TEST server');

    const sso = truth.sso!.schools[0]!;
    const account = sso.accounts.find((a) => a.population === 'eleves' && a.expected.identite.status === 'recognized')!;
    const service = `${pronote.url}/pronote/`;
    expect((await get(service)).location).toBe(`${cas.url}/login?service=${encodeURIComponent(service)}`);
    expect((await casLogin(cas.url, account.login, 'wrong', service)).status).toBe(401);
    const login = await casLogin(cas.url, account.login, account.password, service);
    expect(login.status).toBe(302);
    const back = await get(login.location as string, { accept: 'application/json' });
    const person = sso.pronote.find((p) => p.population === 'eleves' && p.ident === account.expected.identite.ident)!;
    expect(JSON.parse(back.body)).toEqual({ status: 'recognized', population: 'eleves', ident: person.ident, idpn: person.idpn, via: 'cas' });

    expect(await pronote.stop()).toBe(0);
    expect(await cas.stop()).toBe(0);
    // Nothing nominative on stderr.
    for (const text of [cas.stderr(), pronote.stderr()]) expect(text).not.toContain(account.idPartenaire);
  });

  it('serve a PARTENAIRE_INDEX with a harness password; refuse a non-loopback host', async () => {
    const uai = truth.schools[0]!.uai;
    const cas = await start(['cas-server', '--accounts', join(dir, 'ent', uai, 'PARTENAIRE_INDEX.xml'), '--password', 'harness', '--port', '0']);
    running.push(cas);
    const eleve = truth.schools[0]!.complet.pronote.find((p) => p.population === 'eleves' && p.idPartenaire !== undefined)!;
    const r = await casLogin(cas.url, eleve.idPartenaire as string, 'harness', 'http://127.0.0.1:9/pronote/');
    expect(r.status).toBe(302);
    expect(await cas.stop()).toBe(0);

    const refused = await run(['cas-server', '--accounts', dir, '--host', '0.0.0.0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('loopback');
    expect(refused.stdout).toBe('');
    const noPassword = await run(['cas-server', '--accounts', join(dir, 'ent', uai, 'PARTENAIRE_INDEX.xml')]);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('--password');
    const noLogins = await run(['pronote-server', '--cas', 'http://127.0.0.1:9', '--pronote', join(dir, 'pronote', uai, 'complet', `IdPN_To_${truth.socle}.xml`), '--mode', 'double-authentification']);
    expect(noLogins.code).toBe(2);
    expect(noLogins.stderr).toContain('--logins');
  });
});
