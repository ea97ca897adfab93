import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdentifiantsPronote, parsePartenaireIndex, POPULATIONS } from '../../src/index';
import { DATA, expectError, KEYS, run, useCli, writeIn } from './helpers';
import { makeWorld, type World } from './world';

const cli = useCli();
const PI = join(DATA, 'partenaire-index', 'sample.xml');
const IDPN = join(DATA, 'identifiants-pronote', 'IdPN_To_KOSMOS-complet.xml');

let world: World;
/** Every name of the world (last and first names of at least 4 letters). */
let names: string[];
beforeAll(async () => {
  world = await makeWorld(join(cli.dir(), 'world'), { students: 40 });
  const pi = parsePartenaireIndex(readFileSync(world.partenaireIndex)).document;
  const idpn = parseIdentifiantsPronote(readFileSync(world.complet)).document;
  names = [...new Set([...POPULATIONS.flatMap((p) => pi[p]), ...POPULATIONS.flatMap((p) => idpn[p])].flatMap((x) => [x.nom, x.prenom]).filter((n) => n.trim().length >= 4))];
  expect(names.length).toBeGreaterThan(50);
});

function expectNoNames(text: string): void {
  for (const n of names) expect(text, `name ${n}`).not.toContain(n.trim());
}

describe('ent-pronote inspect', () => {
  it('describes an envelope from its clear metadata, without a key', async () => {
    const sealed = join(cli.dir(), 'ic.xml');
    expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', '--date', '2026-09-01T08:00:00+02:00', PI, '--out', sealed])).code).toBe(0);
    const r = await run(['inspect', sealed, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['file', 'kind', 'version', 'date', 'uai', 'partenaire', 'description', 'logiciel', 'partners', 'compressed', 'nomEtablissement', 'codePostalVille', 'encryptedBytes', 'keyBlockBytes']);
    expect(json).toMatchObject({ file: sealed, kind: 'ImportChiffre', version: '1.0', date: '2026-09-01T08:00:00+02:00', uai: '0410017W', partenaire: 'ENT-TEST-42', logiciel: null, partners: null, compressed: true, keyBlockBytes: [256] });
    const text = await run(['inspect', sealed]);
    expect(text.stdout).toContain('kind:             ImportChiffre container');
    expect(text.stdout).toContain('key block sizes:  256 bytes (2048-bit RSA)');
  });

  it('counts the people of a PARTENAIRE_INDEX and an IDENTIFIANTS_PRONOTE, never naming them', async () => {
    const pi = await run(['inspect', world.partenaireIndex, '--json']);
    expect(pi.code, pi.stderr).toBe(0);
    const doc = parsePartenaireIndex(readFileSync(world.partenaireIndex)).document;
    const piJson = JSON.parse(pi.stdout) as Record<string, unknown>;
    expect(Object.keys(piJson)).toEqual(['file', 'kind', 'date', 'partenaire', 'protocole', 'etablissements', 'etablissementsGeres', 'counts']);
    expect(piJson.counts).toEqual({ etablissements: 1, personnels: doc.personnels.length, professeurs: doc.professeurs.length, responsables: doc.responsables.length, eleves: doc.eleves.length });
    expect(piJson.etablissementsGeres).toEqual([world.uai]);
    const id = await run(['inspect', world.complet, '--json']);
    const idDoc = parseIdentifiantsPronote(readFileSync(world.complet)).document;
    const idJson = JSON.parse(id.stdout) as Record<string, unknown>;
    expect(Object.keys(idJson)).toEqual(['file', 'kind', 'version', 'date', 'uai', 'socle', 'mode', 'counts', 'withIdPartenaire', 'notices']);
    expect(idJson).toMatchObject({ kind: 'IDENTIFIANTS_PRONOTE', uai: world.uai, socle: world.socle, mode: 'Complet' });
    expect(idJson.counts).toEqual(Object.fromEntries(POPULATIONS.map((p) => [p, idDoc[p].length])));
    expect(idJson.withIdPartenaire).toEqual(Object.fromEntries(POPULATIONS.map((p) => [p, idDoc[p].filter((x) => x.idPartenaire !== undefined).length])));
    for (const path of [world.partenaireIndex, world.complet, world.csv, world.json, world.aafDir]) {
      const r = await run(['inspect', path]);
      expect(r.code, r.stderr).toBe(0);
      expectNoNames(r.stdout);
      expectNoNames(r.stderr);
    }
  });

  it('describes AAF files, CSV and JSON accounts', async () => {
    const aaf = JSON.parse((await run(['inspect', world.aafDir, '--json'])).stdout) as { kind: string; files: { name: string; kind: string }[]; counts: Record<string, number> };
    expect(aaf.kind).toBe('AAF');
    expect(aaf.files.map((f) => f.kind)).toEqual(['EtabEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve']);
    const doc = parsePartenaireIndex(readFileSync(world.partenaireIndex)).document;
    expect(aaf.counts.eleves).toBe(doc.eleves.length);
    const csv = JSON.parse((await run(['inspect', world.csv, '--json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(csv)).toEqual(['file', 'kind', 'files', 'counts', 'problems']);
    expect(csv).toMatchObject({ kind: 'CSV', files: null });
    expect((JSON.parse((await run(['inspect', world.json, '--json'])).stdout) as { kind: string }).kind).toBe('JSON');
  });

  it('refuses a file it does not know (exit 1)', async () => {
    const r = await run(['inspect', writeIn(cli.dir(), 'what.txt', 'hello')]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toContain('not a file this tool knows');
  });
});

describe('ent-pronote validate', () => {
  it('accepts valid documents (exit 0)', async () => {
    for (const f of [PI, IDPN, world.partenaireIndex, world.complet, world.partiel, world.csv, world.json]) {
      const r = await run(['validate', f, '--json']);
      expect(r.code, `${f}: ${r.stdout}`).toBe(0);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(json)).toEqual(['file', 'kind', 'envelope', 'valid', 'errors', 'warnings', 'problems']);
      expect(json.valid).toBe(true);
      expect(json.errors).toBe(0);
    }
  });

  it('lists the errors with paths and lines, exit 1', async () => {
    const bad = writeIn(cli.dir(), 'bad.xml', readFileSync(PI, 'utf8').replace(/DateNaissance="(\d{4})-(\d\d)-(\d\d)"/g, 'DateNaissance="$3/$2/$1"'));
    const r = await run(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${bad}: PARTENAIRE_INDEX is INVALID: 3 errors, 0 warnings`);
    expect(lines[2]).toMatch(/^ {2}error \/PARTENAIRE_INDEX\/Eleves\/Eleve\[1\]\/@DateNaissance \(line \d+, column \d+\): must be a date/);
    const json = JSON.parse((await run(['validate', bad, '--json'])).stdout) as { valid: boolean; problems: Record<string, unknown>[] };
    expect(json.valid).toBe(false);
    expect(Object.keys(json.problems[0] as object)).toEqual(['severity', 'rule', 'path', 'line', 'column', 'attribute', 'message']);
    expect(json.problems[0]).toMatchObject({ severity: 'error', rule: 'date', path: '/PARTENAIRE_INDEX/Professeurs/Professeur[1]/@DateNaissance' });
    expect(typeof json.problems[0]?.line).toBe('number');
  });

  it('finds semantic errors (references) as well as schema errors', async () => {
    const bad = writeIn(cli.dir(), 'ref.xml', readFileSync(PI, 'utf8').replace(/(<Eleve [^>]*>\s*<Responsable Ident=")\d+/, '$1999'));
    const r = await run(['validate', bad, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { problems: { rule: string; severity: string }[] };
    expect(json.problems.some((p) => p.rule === 'ref' && p.severity === 'error')).toBe(true);
  });

  it('warnings alone keep exit 0', async () => {
    const warn = writeIn(cli.dir(), 'warn.xml', readFileSync(PI, 'utf8').replace(/Numero="0410017W"/, 'Numero="0410017A"'));
    const r = await run(['validate', warn, '--json']);
    const json = JSON.parse(r.stdout) as { valid: boolean; warnings: number; problems: { severity: string; rule: string }[] };
    expect(r.code).toBe(0);
    expect(json.valid).toBe(true);
    expect(json.warnings).toBeGreaterThan(0);
    expect(json.problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('validates the content of an envelope with --key, asks for it without (exit 2)', async () => {
    const sealed = join(cli.dir(), 'v.xml');
    expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'export-index-education', IDPN, '--out', sealed])).code).toBe(0);
    expectError(await run(['validate', sealed]), 2, 'ERR_ARGUMENT');
    const r = await run(['validate', sealed, '--private-key', KEYS.private, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'IDENTIFIANTS_PRONOTE', envelope: 'EXPORT_INDEX_EDUCATION', valid: true });
  });

  it('checks account sources like the readers do', async () => {
    const csv = writeIn(cli.dir(), 'acc.csv', 'population;id_partenaire;nom;prenom;date_naissance;uai\netablissement;;L;;;0410017W\neleve;e1;N;P;31/02/2010;0410017W\neleve;e2;N;Q;01/02/2010;0410017W\n');
    const r = await run(['validate', csv, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { kind: string; errors: number; problems: { path: string; attribute: string | null }[] };
    expect(json.kind).toBe('CSV');
    expect(json.errors).toBe(1);
    expect(json.problems[0]).toMatchObject({ path: 'acc.csv:3:14', attribute: 'date_naissance' });
  });
});
