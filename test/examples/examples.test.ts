/**
 * Runs the examples as a user would (`npx tsx examples/…`; `ent-pronote` resolves to the sources
 * through the tsconfig `paths`, to the package once installed).
 */

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKey, openEnvelope, openPartenaireIndex, sealPartenaireIndex, parsePartenaireIndex } from '../../src/index';
import { ROOT } from '../cli/build';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const KEYS = {
  public: join(ROOT, 'test', 'data', 'keys', 'rsa2048.ssh2.pub'),
  private: join(ROOT, 'test', 'data', 'keys', 'rsa2048.pkcs8.pem'),
  otherPrivate: join(ROOT, 'test', 'data', 'keys', 'rsa2048b.pkcs8.pem'),
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ent-pronote-examples-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runExample(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/export-service', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let url = '';
  let uais: string[] = [];
  let logs = '';

  beforeAll(async () => {
    const c = spawn(TSX, ['examples/export-service/main.ts', '--key', KEYS.public, '--port', '0', '--students', '80', '--schools', '2'], { cwd: ROOT });
    child = c;
    c.stderr.on('data', (d: Buffer) => (logs += d.toString('utf8')));
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      c.stdout.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        const nl = buf.indexOf('\n');
        if (nl !== -1) resolve(buf.slice(0, nl));
      });
      c.on('exit', (code) => reject(new Error(`the service exited (${code}): ${logs}`)));
    });
    ({ url, uais } = JSON.parse(line) as { url: string; uais: string[] });
  });

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('listens on a random loopback port', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    expect(uais).toHaveLength(2);
  });

  it('serves GET /export/:uai as a sealed ImportChiffre download that the private key opens', async () => {
    const uai = uais[1] as string;
    const res = await fetch(`${url}/export/${uai}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ImportChiffre_${uai}.xml"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(body.length));
    const { document, envelope } = await openPartenaireIndex(body, readFileSync(KEYS.private));
    expect(envelope).toMatchObject({ kind: 'ImportChiffre', uai, partenaire: 'EXAMPLE-ENT', description: 'PARTENAIRE_INDEX' });
    expect(document.etablissements.map((e) => e.numero)).toEqual([uai]);
    expect(document.eleves.length).toBeGreaterThan(10);
    await expect(openPartenaireIndex(body, readFileSync(KEYS.otherPrivate))).rejects.toMatchObject({ code: 'ERR_DECRYPT' });
  });

  it('answers 404 for an unknown school or path, 400 for a malformed UAI, 405 for other methods', async () => {
    expect((await fetch(`${url}/export/0999999Z`)).status).toBe(404);
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    expect((await fetch(`${url}/export/12AB`)).status).toBe(400);
    expect((await fetch(`${url}/export/0410017w`)).status).toBe(400);
    expect((await fetch(`${url}/export/%E0%A4%A`)).status).toBe(400);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${url}/export/${uais[0]}`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    }
  });

  it('logs UAIs and statuses only', () => {
    expect(logs).toMatch(/GET \/export\/\d{7}[A-Z] 200 \d+ bytes/);
    expect(logs).toContain('GET /export/0999999Z 404');
  });
});

describe('examples/pronote-side.ts', () => {
  it('opens, verifies and summarises an ImportChiffre without printing names', async () => {
    const doc = parsePartenaireIndex(readFileSync(join(ROOT, 'test', 'data', 'partenaire-index', 'sample.xml'))).document;
    const sealed = join(dir, 'export.xml');
    writeFileSync(sealed, await sealPartenaireIndex(doc, readFileSync(KEYS.public), { partenaire: 'MONENT' }));
    const r = await runExample(['examples/pronote-side.ts', '--key', KEYS.private, sealed]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ImportChiffre from MONENT for UAI 0410017W');
    expect(r.stdout).toContain(`eleves: ${doc.eleves.length}`);
    expect(r.stdout).toContain('validation: 0 errors');
    for (const p of [...doc.eleves, ...doc.responsables, ...doc.professeurs, ...doc.personnels]) expect(r.stdout).not.toContain(p.nom);
    const wrong = await runExample(['examples/pronote-side.ts', '--key', KEYS.otherPrivate, sealed]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^ERR_DECRYPT: /);
  });
});

describe('examples/test-harness.ts', () => {
  it('writes keys and a coherent world, private and clear files 0600, sealed files openable', async () => {
    const out = join(dir, 'harness');
    const r = await runExample(['examples/test-harness.ts', out, '--students', '40', '--socle', 'MONENT']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { schools: string[]; sealed: string[]; files: number };
    const uai = summary.schools[0] as string;
    expect(statSync(join(out, 'keys', 'index-education.private.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, 'ent', uai, 'PARTENAIRE_INDEX.xml')).mode & 0o777).toBe(0o600);
    expect(summary.sealed).toContain(`ent/${uai}/sealed/ImportChiffre_${uai}.xml`);
    const ie = importPrivateKey(readFileSync(join(out, 'keys', 'index-education.private.pem')));
    const ent = importPrivateKey(readFileSync(join(out, 'keys', 'ent.private.pem')));
    const ic = openEnvelope(readFileSync(join(out, 'ent', uai, 'sealed', `ImportChiffre_${uai}.xml`)), ie);
    expect(Buffer.from(ic.content).equals(readFileSync(join(out, 'ent', uai, 'PARTENAIRE_INDEX.xml')))).toBe(true);
    const idpn = openEnvelope(readFileSync(join(out, 'pronote', uai, 'complet', 'sealed', 'IdPN_To_MONENT.xml')), ent, { partner: 'MONENT' });
    expect(Buffer.from(idpn.content).equals(readFileSync(join(out, 'pronote', uai, 'complet', 'IdPN_To_MONENT.xml')))).toBe(true);
    for (const path of summary.sealed) expect(statSync(join(out, path)).mode & 0o777).toBe(0o644);
  });
});

// Every account of the generated school logs in through the test CAS server and the PRONOTE
// stand-in, in each of PRONOTE's three modes; the outcome matches the ground truth.
describe('examples/sso-harness.ts', () => {
  // 120 students with the seed "d" give homonym students: ambiguous users, never a guessed person.
  for (const [mode, protocol, students, seed] of [
    ['identite', 'cas2', 120, 'd'],
    ['identite-pronote', 'cas3', 40, 'examples'],
    ['double-authentification', 'saml11', 40, 'examples'],
  ] as const) {
    it(`mode ${mode} (${protocol}): every account ends as the ground truth says`, async () => {
      const r = await runExample(['examples/sso-harness.ts', '--mode', mode, '--protocol', protocol, '--students', String(students), '--seed', seed]);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const summary = JSON.parse(lines[0] as string) as { mode: string; protocol: string; checked: number; mismatches: number; counts: Record<string, number> };
      expect(summary).toMatchObject({ mode, protocol, mismatches: 0 });
      expect(summary.checked).toBeGreaterThan(40);
      expect(summary.counts.recognized).toBeGreaterThan(20);
      if (mode === 'identite') expect(summary.counts.ambiguous).toBeGreaterThan(0);
      expect(r.code).toBe(0);
    });
  }
});
