/**
 * `ent-pronote export --all-schools`: the command on a generated academy feed, the manifest, the
 * exit code, the refusal of a non-empty folder, and a batch killed (SIGKILL) after its first file:
 * only complete files are left with a manifest saying what is done, and `--resume` completes it.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAcademy } from '../../src/fixtures';
import { openPartenaireIndex } from '../../src/index';
import { CLI, run, useCli } from '../cli/helpers';
import { keyText } from '../keys/helpers';
import { checkSealedFile, DATE, expectMatchesTruth, PUBLIC_KEY_FILE, smallAcademy, writeAcademy } from './helpers';

const cli = useCli();

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

interface ManifestSchool {
  uai: string;
  status: string;
  file: string | null;
  sha256: string | null;
  bytes: number | null;
  leftOut: number;
  counts: Record<string, number>;
  problems: { rule: string; uai?: string; record?: string }[];
}
interface Manifest {
  complete: boolean;
  date: string;
  key: { fingerprint: string };
  schools: ManifestSchool[];
  totals: { sealed: number; skipped: number; leftOut: number; schools: number } | null;
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

function args(paths: { aaf: string; idMap: string; regroupements: string }, out: string): string[] {
  return ['export', '--all-schools', '--accounts', paths.aaf, '--public-key', PUBLIC_KEY_FILE, '--ent-name', 'MONENT', '--partenaire-id', '1234', '--id-map', paths.idMap, '--regroupements', paths.regroupements, '--date', DATE, '--out-dir', out];
}

describe('export --all-schools', () => {
  it('writes one verified file per school and a manifest; exit code 3 says people were left out', async () => {
    const academy = smallAcademy('cli');
    const paths = writeAcademy(academy, join(cli.dir(), 'small'));
    const out = join(cli.dir(), 'small-out');
    const r = await run([...args(paths, out), '--workers', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('sealed 4 files of 5 schools');
    const m = readManifest(out);
    expect(m.complete).toBe(true);
    expect(m.key.fingerprint).toMatch(/^SHA256:/);
    expect(m.date).toBe(DATE);
    const names = readdirSync(out).sort();
    const expectedFiles = academy.groundTruth.files.filter((f) => !f.skipped).map((f) => `ImportChiffre_${f.uai}.xml`);
    expect(names).toEqual([...expectedFiles, 'manifest.json'].sort());
    for (const f of academy.groundTruth.files) {
      const s = m.schools.find((x) => x.uai === f.uai) as ManifestSchool;
      if (f.skipped) {
        expect(s.status).toBe('skipped');
        expect(s.file).toBeNull();
        continue;
      }
      const path = join(out, s.file as string);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(s.sha256).toBe(sha256(path));
      expect(s.bytes).toBe(statSync(path).size);
      expectMatchesTruth(await checkSealedFile(readFileSync(path)), f);
    }
    expect(m.totals?.leftOut).toBe(academy.groundTruth.defects.filter((d) => d.defect !== 'unknown-parent').length);
    // Nothing nominative in the manifest.
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    for (const p of academy.world.people.slice(0, 300)) expect(text.includes(`"${p.nom}"`)).toBe(false);

    // A non-empty folder is refused without --resume.
    const again = await run(args(paths, out));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--resume');
  });

  it('exit code 0 when nothing is left out; --json prints the manifest; --uai chooses', async () => {
    const academy = generateAcademy({ seed: 'clean', schools: 3, students: 60, defects: false, regroupements: 0 });
    const paths = writeAcademy(academy, join(cli.dir(), 'clean'));
    const out = join(cli.dir(), 'clean-out');
    const uai = academy.groundTruth.files[1]?.uai as string;
    const r = await run([...args(paths, out), '--json', '--uai', uai, '--workers', '1']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as Manifest;
    expect(m.schools.map((s) => s.uai)).toEqual([uai]);
    expect(readdirSync(out).sort()).toEqual([`ImportChiffre_${uai}.xml`, 'manifest.json']);
  });

  it('killed after its first file, leaves complete files and a true manifest; --resume completes it', async () => {
    const academy = generateAcademy({ seed: 'kill', schools: 60, students: 1800, regroupements: 3 });
    const paths = writeAcademy(academy, join(cli.dir(), 'kill'));
    const out = join(cli.dir(), 'kill-out');
    mkdirSync(out);
    const code = await new Promise<number | string | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args(paths, out), '--workers', '1'], { stdio: 'ignore' });
      const watcher = watch(out, (_event, name) => {
        if (typeof name === 'string' && /^ImportChiffre_.*\.xml$/.test(name)) {
          child.kill('SIGKILL');
          watcher.close();
        }
      });
      child.on('exit', (c, signal) => {
        watcher.close();
        resolve(signal ?? c);
      });
    });
    expect(code).toBe('SIGKILL');
    const m = readManifest(out);
    expect(m.complete).toBe(false);
    const files = readdirSync(out).filter((n) => n.startsWith('ImportChiffre_'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThan(academy.groundTruth.files.length - 1);
    // Every file left is complete (it opens), and every school the manifest lists is there with its SHA-256.
    for (const name of files) await openPartenaireIndex(readFileSync(join(out, name)), keyText('rsa2048.pkcs8.pem'));
    for (const s of m.schools) expect(sha256(join(out, s.file as string))).toBe(s.sha256);
    const before = new Map(m.schools.map((s) => [s.uai, s.sha256]));

    const r = await run([...args(paths, out), '--resume']);
    expect(r.code).toBe(3);
    const done = readManifest(out);
    expect(done.complete).toBe(true);
    const sealed = academy.groundTruth.files.filter((f) => !f.skipped);
    expect(done.totals?.sealed).toBe(sealed.length);
    expect(readdirSync(out).filter((n) => n.startsWith('ImportChiffre_')).length).toBe(sealed.length);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    for (const s of done.schools) {
      if (s.status === 'skipped') continue;
      expect(sha256(join(out, s.file as string))).toBe(s.sha256);
      if (before.has(s.uai)) expect(s.sha256).toBe(before.get(s.uai)); // kept, not redone
    }
    // The resumed batch holds exactly the ground truth.
    for (const f of sealed.slice(0, 8)) {
      const { document } = await openPartenaireIndex(readFileSync(join(out, `ImportChiffre_${f.uai}.xml`)), keyText('rsa2048.pkcs8.pem'));
      expectMatchesTruth(document, f);
    }
  });

  it('a usage error without --out-dir, and for a JSON source', async () => {
    const r = await run(['export', '--all-schools', '--accounts', 'x', '--public-key', PUBLIC_KEY_FILE, '--ent-name', 'A', '--partenaire-id', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out-dir');
    const json = join(cli.dir(), 'a.json');
    writeFileSync(json, '{"etablissements":[]}');
    const r2 = await run(['export', '--all-schools', '--accounts', json, '--public-key', PUBLIC_KEY_FILE, '--ent-name', 'A', '--partenaire-id', '1', '--out-dir', join(cli.dir(), 'json-out')]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('--all-schools reads an AAF feed');
    expect(existsSync(join(cli.dir(), 'json-out', 'manifest.json'))).toBe(false);
  });
});
