import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExpectedMatching } from '../../src/fixtures';
import { expectError, KEYS, modeOf, run, useCli } from './helpers';
import { makeWorld, type World } from './world';

const cli = useCli();

interface MatchJson {
  version: number;
  mode: string;
  counts: Record<string, Record<string, number>>;
  totals: Record<string, number>;
  pairs: { population: string; idPartenaire: string; idpn: string | null; status: string; apply: boolean; ent: Record<string, unknown>; pronote: Record<string, unknown> }[];
  ambiguous: unknown[];
  unmatched: { population: string; side: string; reason: string; person: Record<string, unknown> }[];
}

const LINKED = new Set(['matched', 'confirmed', 'conflict']);
// PRONOTE people keyed by Ident (staff have no IDPN: `idpn` is null in the JSON report).
const pairKeys = (j: MatchJson) => j.pairs.map((p) => `${p.population}|${String(p.pronote.ident)}|${p.idPartenaire}|${p.status}`).sort();
const truthKeys = (m: ExpectedMatching) =>
  m.pronote
    .filter((p) => LINKED.has(p.status))
    .map((p) => `${p.population}|${p.ident}|${p.idPartenaire}|${p.status}`)
    .sort();

let world: World;
let sealedWorld: World;
beforeAll(async () => {
  world = await makeWorld(join(cli.dir(), 'world'), { students: 80, schools: 2 });
  sealedWorld = await makeWorld(join(cli.dir(), 'sealed'), { students: 40, seed: 'sealed', extra: ['--index-education-public-key', KEYS.public, '--ent-name', 'KOSMOS', '--ent-public-key', KEYS.otherPublic] });
});

describe('ent-pronote match', () => {
  it('prints the JSON report without names: counts per population and status, pairs, as the ground truth expects', async () => {
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as MatchJson;
    expect(Object.keys(json)).toEqual(['version', 'generatedAt', 'school', 'sources', 'mode', 'counts', 'totals', 'pairs', 'ambiguous', 'unmatched', 'ignoredDecisions']);
    expect(Object.keys(json.counts)).toEqual(['personnels', 'professeurs', 'responsables', 'eleves']);
    expect(Object.keys(json.counts.eleves as object).slice(0, 6)).toEqual(['matched', 'confirmed', 'conflict', 'manual', 'ambiguous', 'unmatched']);
    expect(Object.keys(json.pairs[0] as object).slice(0, 4)).toEqual(['population', 'idPartenaire', 'idpn', 'status']);
    expect(Object.keys(json.pairs[0]?.ent as object)).toEqual(['ident', 'idPartenaire']);
    expect(r.stdout).not.toMatch(/"(nom|prenom|dateNaissance)"/);
    const truth = world.truth.schools.find((s) => s.uai === world.uai)?.complet as ExpectedMatching;
    expect(json.mode).toBe('Complet');
    expect(pairKeys(json)).toEqual(truthKeys(truth));
    for (const pop of ['personnels', 'professeurs', 'responsables', 'eleves'] as const) {
      expect(json.counts[pop]?.matched).toBe(truth.counts[pop].pronote.matched);
      expect(json.counts[pop]?.conflict).toBe(truth.counts[pop].pronote.conflict);
    }
  });

  it("takes the PRONOTE file's mode by default (partiel)", async () => {
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.partiel, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as MatchJson;
    expect(json.mode).toBe('Partiel');
    expect(pairKeys(json)).toEqual(truthKeys(world.truth.schools.find((s) => s.uai === world.uai)?.partiel as ExpectedMatching));
  });

  it("keeps the PRONOTE file's school from a CSV of several schools", async () => {
    expect(world.truth.schools).toHaveLength(2);
    const fromCsv = JSON.parse((await run(['match', '--ent', world.csv, '--pronote', world.complet, '--json'])).stdout) as MatchJson;
    const fromPi = JSON.parse((await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--json'])).stdout) as MatchJson;
    expect(pairKeys(fromCsv)).toEqual(pairKeys(fromPi));
    expect(fromCsv.totals).toEqual(fromPi.totals);
  });

  it('opens sealed files on both sides, with one key per side', async () => {
    const s = sealedWorld;
    const ic = join(s.dir, 'ent', s.uai, 'sealed', `ImportChiffre_${s.uai}.xml`);
    const idpn = join(s.dir, 'pronote', s.uai, 'complet', 'sealed', 'IdPN_To_KOSMOS.xml');
    const r = await run(['match', '--ent', ic, '--pronote', idpn, '--ent-private-key', KEYS.private, '--pronote-private-key', KEYS.otherPrivate, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(pairKeys(JSON.parse(r.stdout) as MatchJson)).toEqual(truthKeys(s.truth.schools[0]?.complet as ExpectedMatching));
    expectError(await run(['match', '--ent', ic, '--pronote', idpn, '--private-key', KEYS.private]), 1, 'ERR_DECRYPT');
    const nokey = await run(['match', '--ent', ic, '--pronote', s.complet]);
    expectError(nokey, 2, 'ERR_ARGUMENT');
    expect(nokey.stderr).toContain('give --private-key (or --ent-private-key) FILE');
  });

  it('writes the reports with names with mode 0600, prints counts only', async () => {
    const html = join(cli.dir(), 'reports', 'r.html');
    const csv = join(cli.dir(), 'reports', 'r.csv');
    const full = join(cli.dir(), 'reports', 'r.json');
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--report', html, '--csv', csv, '--json-report', full]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of [html, csv, full]) expect(modeOf(f)).toBe(0o600);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(csv, 'utf8')).toMatch(/^\uFEFFRapprochement ENT ⇄ PRONOTE\r\nGénéré le;[^\r]+\r\nÉtablissement;[^\r]+\r\n[\s\S]*?\r\n\r\nPopulation;Statut;/);
    const report = JSON.parse(readFileSync(full, 'utf8')) as MatchJson;
    expect(Object.keys(report.pairs[0]?.ent as object)).toEqual(['ident', 'idPartenaire', 'nom', 'prenom', 'dateNaissance']);
    expect(r.stdout).toMatch(/^ {2}population +ENT {2}PRONOTE {2}matched {2}confirmed {2}conflict {2}manual {2}ambiguous {2}unmatched$/m);
    expect(r.stdout).toMatch(/^ {2}eleves +\d+/m); // population codes, as in the decisions file
    expect(r.stdout).toMatch(/^ {2}total\s+\d+/m);
    for (const p of report.pairs) {
      expect(r.stdout).not.toContain(String(p.ent.nom));
      expect(r.stdout).not.toContain(String(p.pronote.prenom));
    }
  });

  it('applies manual decisions (exclusions, forced pairs)', async () => {
    const base = JSON.parse((await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--json'])).stdout) as MatchJson;
    const victim = base.pairs.find((p) => p.population === 'eleves' && p.status === 'matched');
    expect(victim).toBeDefined();
    const decisions = join(cli.dir(), 'decisions.json');
    writeFileSync(decisions, JSON.stringify({ exclusions: [{ population: 'eleves', idpn: victim?.idpn }] }));
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--decisions', decisions, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as MatchJson;
    expect(json.pairs.some((p) => p.idpn === victim?.idpn)).toBe(false);
    expect(json.unmatched).toContainEqual(expect.objectContaining({ population: 'eleves', side: 'pronote', reason: 'excluded' }));
    writeFileSync(decisions, JSON.stringify({ pairs: [{ population: 'eleves', idPartenaire: victim?.idPartenaire, idpn: victim?.idpn }] }));
    const forced = JSON.parse((await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--decisions', decisions, '--json'])).stdout) as MatchJson;
    expect(forced.pairs.find((p) => p.idpn === victim?.idpn)?.status).toBe('manual');
    writeFileSync(decisions, '{ "pairs": [ { "population": "eleves" } ] }');
    expectError(await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--decisions', decisions]), 1, 'ERR_INPUT');
  });
});
