import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectEnvelope, openImportChiffre, type PartenaireIndex, parsePartenaireIndex, POPULATIONS } from '../../src/index';
import { deriveOpaqueId, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { DATA, expectError, KEYS, modeOf, run, useCli } from './helpers';
import { makeWorld, type World } from './world';

const cli = useCli();
const CSV = join(DATA, 'input', 'equivalence', 'accounts.csv');
const JSON_INPUT = join(DATA, 'input', 'equivalence', 'accounts-input.json');
const DATE = '2026-09-01T08:00:00+02:00';
const common = ['--public-key', KEYS.public, '--ent-name', 'MONENT', '--partenaire-id', 'IE-PARTNER-7', '--date', DATE];

function opened(path: string): PartenaireIndex {
  return parsePartenaireIndex(openImportChiffre(readFileSync(path), readFileSync(KEYS.private)).content).document;
}

function ids(doc: PartenaireIndex): Record<string, string[]> {
  return Object.fromEntries(POPULATIONS.map((p) => [p, doc[p].map((x) => x.idPartenaire).sort()]));
}

let world: World;
beforeAll(async () => {
  world = await makeWorld(join(cli.dir(), 'world'));
});

describe('ent-pronote export', () => {
  it('exports a CSV: the sealed document is what the library reads from it, for the school of --uai', async () => {
    const out = join(cli.dir(), 'csv.xml');
    const r = await run(['export', '--accounts', CSV, ...common, '--uai', '0410017W', '--protocol', 'CAS', '--description', 'Comptes ENT', '--version', '1.1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(modeOf(out)).toBe(0o644);
    const expected = readCsvAccounts(readFileSync(CSV), { date: DATE, partenaire: 'IE-PARTNER-7', uai: '0410017W', protocoleDelegationAuthentification: 'CAS', file: 'accounts.csv' }).document;
    expect(opened(out)).toEqual(expected);
    expect(inspectEnvelope(readFileSync(out))).toMatchObject({ kind: 'ImportChiffre', version: '1.1', partenaire: 'MONENT', description: 'Comptes ENT', uai: '0410017W', date: DATE });
    expect(r.stdout).toContain(KEYS.fingerprint);
  });

  it('exports a JSON, and prints --json in the documented shape', async () => {
    const out = join(cli.dir(), 'json.xml');
    const r = await run(['export', '--accounts', JSON_INPUT, ...common, '--uai', '0410959V', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['out', 'source', 'uai', 'partenaire', 'partenaireId', 'date', 'fingerprint', 'bits', 'counts', 'problems', 'bytes']);
    const doc = readJsonAccounts(readFileSync(JSON_INPUT), { date: DATE, partenaire: 'IE-PARTNER-7' }).document;
    expect(json).toEqual({
      out,
      source: 'JSON',
      uai: '0410959V',
      partenaire: 'MONENT',
      partenaireId: 'IE-PARTNER-7',
      date: DATE,
      fingerprint: KEYS.fingerprint,
      bits: 2048,
      counts: { etablissements: 2, personnels: doc.personnels.length, professeurs: doc.professeurs.length, responsables: doc.responsables.length, eleves: doc.eleves.length },
      problems: { errors: 0, warnings: 0 },
      bytes: readFileSync(out).length,
    });
    expect(opened(out)).toEqual(doc);
  });

  it('refuses a UAI the accounts do not hold', async () => {
    const r = await run(['export', '--accounts', JSON_INPUT, ...common, '--uai', '0999999Z', '--out', join(cli.dir(), 'none.xml')]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toContain('no school with the UAI 0999999Z');
  });

  it('exports an AAF directory with --id-map', async () => {
    const map = join(cli.dir(), 'idmap.csv');
    writeFileSync(map, `aaf_id;ent_id\n${Object.entries(world.truth.aafIds).map(([a, e]) => `${a};${e}`).join('\n')}\n`);
    const out = join(cli.dir(), 'aaf.xml');
    const r = await run(['export', '--accounts', world.aafDir, ...common, '--uai', world.uai, '--id-map', map, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(ids(opened(out))).toEqual(ids(parsePartenaireIndex(readFileSync(world.partenaireIndex)).document));
  });

  it('exports an AAF directory with --id-secret-file (opaque identifiers)', async () => {
    const secretFile = join(cli.dir(), 'secret');
    const secret = 'a-test-secret-of-more-than-16-bytes';
    writeFileSync(secretFile, `${secret}\n`);
    const out = join(cli.dir(), 'aaf-secret.xml');
    const r = await run(['export', '--accounts', world.aafDir, ...common, '--uai', world.uai, '--id-secret-file', secretFile, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const expected = Object.keys(world.truth.aafIds).map((a) => deriveOpaqueId(secret, a));
    const got = POPULATIONS.flatMap((p) => opened(out)[p].map((x) => x.idPartenaire));
    expect(got.length).toBe(expected.length);
    expect(new Set(expected)).toEqual(new Set(got));
    const short = join(cli.dir(), 'short');
    writeFileSync(short, 'short\n');
    expectError(await run(['export', '--accounts', world.aafDir, ...common, '--uai', world.uai, '--id-secret-file', short, '--out', `${out}.2`]), 2, 'ERR_ARGUMENT');
  });

  it('says clearly that AAF accounts need an identifier resolver (exit 2)', async () => {
    const r = await run(['export', '--accounts', world.aafDir, ...common, '--uai', world.uai, '--out', join(cli.dir(), 'x.xml')]);
    expectError(r, 2, 'ERR_ARGUMENT');
    expect(r.stderr).toContain('--id-map FILE');
    expect(r.stderr).toContain('--id-secret-file FILE');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('lists an incomplete id map, or leaves the unknown people out with --skip-invalid', async () => {
    const entries = Object.entries(world.truth.aafIds);
    const map = join(cli.dir(), 'partial-map.csv');
    writeFileSync(map, entries.slice(3).map(([a, e]) => `${a};${e}`).join('\n'));
    const out = join(cli.dir(), 'partial.xml');
    const args = ['export', '--accounts', world.aafDir, ...common, '--uai', world.uai, '--id-map', map, '--out', out];
    const strict = await run(args);
    expectError(strict, 1, 'ERR_INPUT');
    const skip = await run([...args, '--skip-invalid']);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toMatch(/^ent-pronote: warning: .*3 records left out/m);
    const got = POPULATIONS.flatMap((p) => opened(out)[p].map((x) => x.idPartenaire));
    expect(got.length).toBe(entries.length - 3);
  });
});
