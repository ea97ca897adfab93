import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEnvelope, parseIdentifiantsPronote, parsePartenaireIndex, POPULATIONS } from '../../src/index';
import { KEYS, modeOf, run, useCli } from './helpers';

const cli = useCli();

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('ent-pronote fixtures', () => {
  it('writes the world: clear files 0600, sealed files 0644 and openable, --json listing them', async () => {
    const out = join(cli.dir(), 'fx');
    const r = await run(['fixtures', '--students', '50', '--schools', '2', '--seed', 's1', '--out', out, '--index-education-public-key', KEYS.public, '--ent-name', 'MONENT', '--ent-public-key', KEYS.otherPublic, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { out: string; seed: string; students: number; schools: string[]; socle: string; files: { path: string; kind: string; sensitive: boolean; uai: string | null; mode: string | null; bytes: number }[] };
    expect(Object.keys(json)).toEqual(['out', 'seed', 'students', 'schools', 'socle', 'files']);
    expect(json).toMatchObject({ out, seed: 's1', students: 50, socle: 'MONENT' });
    expect(json.schools).toHaveLength(2);
    expect(Object.keys(json.files[0] as object)).toEqual(['path', 'kind', 'sensitive', 'uai', 'mode', 'bytes']);
    expect(listFiles(out).map((f) => relative(out, f)).sort()).toEqual(json.files.map((f) => f.path).sort());
    for (const f of json.files) {
      const path = join(out, f.path);
      expect(modeOf(path), f.path).toBe(f.sensitive ? 0o600 : 0o644);
      expect(readFileSync(path).length).toBe(f.bytes);
    }
    const sealed = json.files.filter((f) => !f.sensitive);
    expect(sealed.map((f) => f.kind).sort()).toEqual(['export-index-education', 'export-index-education', 'export-index-education', 'export-index-education', 'import-chiffre', 'import-chiffre']);
    const uai = json.schools[0] as string;
    const ic = openEnvelope(readFileSync(join(out, 'ent', uai, 'sealed', `ImportChiffre_${uai}.xml`)), readFileSync(KEYS.private));
    expect(Buffer.from(ic.content).equals(readFileSync(join(out, 'ent', uai, 'PARTENAIRE_INDEX.xml')))).toBe(true);
    const eie = openEnvelope(readFileSync(join(out, 'pronote', uai, 'partiel', 'sealed', 'IdPN_To_MONENT.xml')), readFileSync(KEYS.otherPrivate), { partner: 'MONENT' });
    expect(Buffer.from(eie.content).equals(readFileSync(join(out, 'pronote', uai, 'partiel', 'IdPN_To_MONENT.xml')))).toBe(true);
  });

  it('is reproducible: the same seed gives the same plain files', async () => {
    const a = join(cli.dir(), 'ra');
    const b = join(cli.dir(), 'rb');
    expect((await run(['fixtures', '--students', '30', '--seed', 'same', '--out', a])).code).toBe(0);
    expect((await run(['fixtures', '--students', '30', '--seed', 'same', '--out', b])).code).toBe(0);
    const files = listFiles(a).map((f) => relative(a, f));
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('refuses a malformed deprecated --partner-key (exit 2), after its deprecation warning', async () => {
    const r = await run(['fixtures', '--students', '5', '--out', join(cli.dir(), 'x'), '--partner-key', KEYS.public]);
    expect(r.code).toBe(2);
    const [warning, error] = r.stderr.trimEnd().split('\n');
    expect(warning).toBe('ent-pronote: warning: --partner-key NAME=PUBKEY is deprecated: use --ent-name NAME --ent-public-key PUBKEY (the old spelling will be removed in 1.0)');
    expect(error).toBe('ent-pronote: ERR_ARGUMENT: --partner-key must be NAME=PUBKEY (better: --ent-name NAME --ent-public-key PUBKEY)');
  });
});

describe('ent-pronote demo', () => {
  it('runs the whole flow, prints one line per step and no names, labels the test keys', async () => {
    const out = join(cli.dir(), 'demo-out');
    const r = await run(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const steps = ['keys', 'fixtures', 'export', 'inspect', 'open', 'validate', 'identifiers', 'match'];
    steps.forEach((s, i) => expect(r.stdout).toMatch(new RegExp(`^ ?${i + 1}\\. ${s} `, 'm')));
    expect(r.stdout).toContain('INSECURE TEST KEY');
    expect(r.stdout).toMatch(/ground truth: as expected/);
    expect(r.stdout).toMatch(/PARTENAIRE_INDEX is valid: 0 errors/);
    for (const line of r.stdout.split('\n')) if (/SHA256:/.test(line)) expect(line).toContain('INSECURE TEST KEY');
    const keyFiles = readdirSync(join(out, 'keys'));
    expect(keyFiles.every((f) => f.startsWith('INSECURE-TEST-KEY.'))).toBe(true);
    expect(modeOf(join(out, 'keys', 'INSECURE-TEST-KEY.index-education.private.pem'))).toBe(0o600);
    expect(modeOf(join(out, 'opened', 'PARTENAIRE_INDEX.xml'))).toBe(0o600);
    expect(modeOf(join(out, 'rapprochement.html'))).toBe(0o600);
    const uai = /ImportChiffre_(\d{7}[A-Z])\.xml/.exec(r.stdout)?.[1] as string;
    expect(modeOf(join(out, `ImportChiffre_${uai}.xml`))).toBe(0o644);
    const pi = parsePartenaireIndex(readFileSync(join(out, 'opened', 'PARTENAIRE_INDEX.xml'))).document;
    const idpn = parseIdentifiantsPronote(readFileSync(join(out, 'fixtures', 'pronote', uai, 'complet', 'IdPN_To_DEMOENT.xml'))).document;
    const names = new Set([...POPULATIONS.flatMap((p) => pi[p]), ...POPULATIONS.flatMap((p) => idpn[p])].flatMap((x) => [x.nom.trim(), x.prenom.trim()]).filter((n) => n.length >= 4));
    expect(names.size).toBeGreaterThan(50);
    for (const n of names) expect(r.stdout, n).not.toContain(n);
    // Reproducible: the same plain files on a second run.
    const again = await run(['demo', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout.replace(/done in .*/, '')).toBe(r.stdout.replace(/done in .*/, ''));
  });
});
