import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIdentifiantsPronote, openIdentifiantsPronote, parseIdentifiantsPronote, POPULATIONS, selectIdentifiantsPronote } from '../../src/index';
import { DATA, expectError, expectNoSecrets, KEYS, modeOf, run, useCli, writeIn } from './helpers';

const cli = useCli();
const COMPLET = join(DATA, 'identifiants-pronote', 'IdPN_To_KOSMOS-complet.xml');
const DATE = '2026-09-02T09:30:00+02:00';
const base = ['--ent-name', 'KOSMOS', '--uai', '0410017W', '--date', DATE];

describe('ent-pronote identifiers', () => {
  it('derives a partial file from a complete one (plain, mode 0600), named IdPN_To_<SOCLE>.xml in a directory', async () => {
    const dir = join(cli.dir(), 'partiel/');
    const r = await run(['identifiers', '--people', COMPLET, ...base, '--mode', 'partiel', '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'IdPN_To_KOSMOS.xml');
    expect(modeOf(out)).toBe(0o600);
    const complete = parseIdentifiantsPronote(readFileSync(COMPLET)).document;
    const expected = buildIdentifiantsPronote({ ...complete, date: DATE }, { mode: 'Partiel' });
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(readFileSync(out, 'utf8')).not.toContain('ID_Partenaire');
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['out', 'source', 'uai', 'socle', 'mode', 'sealed', 'fingerprint', 'counts', 'bytes']);
    const partial = selectIdentifiantsPronote(complete, 'Partiel');
    expect(json).toEqual({
      out,
      source: 'IDENTIFIANTS_PRONOTE',
      uai: '0410017W',
      socle: 'KOSMOS',
      mode: 'Partiel',
      sealed: false,
      fingerprint: null,
      counts: Object.fromEntries(POPULATIONS.map((p) => [p, partial[p].length])),
      bytes: Buffer.byteLength(expected),
    });
  });

  it('seals the file for the ENT partner --socle with --key (not sensitive: 0644)', async () => {
    const out = join(cli.dir(), 'sealed.xml');
    const r = await run(['identifiers', '--people', COMPLET, ...base, '--mode', 'complet', '--public-key', KEYS.public, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(modeOf(out)).toBe(0o644);
    const opened = await openIdentifiantsPronote(readFileSync(out), readFileSync(KEYS.private), { partner: 'KOSMOS' });
    expect(opened.envelope?.partners).toEqual(['KOSMOS']);
    expect(opened.document).toEqual({ ...parseIdentifiantsPronote(readFileSync(COMPLET)).document, date: DATE });
    const plain = await run(['open', '--private-key', KEYS.private, out]);
    expect(plain.stdout).toBe(buildIdentifiantsPronote({ ...parseIdentifiantsPronote(readFileSync(COMPLET)).document, date: DATE }));
  });

  it('reads a JSON model (root fields from the options)', async () => {
    const model = parseIdentifiantsPronote(readFileSync(COMPLET)).document;
    const { version: _v, date: _d, uai: _u, socle: _s, mode: _m, ...lists } = model;
    const json = writeIn(cli.dir(), 'people.json', JSON.stringify(lists));
    const out = join(cli.dir(), 'from-json.xml');
    const r = await run(['identifiers', '--people', json, ...base, '--mode', 'complet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(buildIdentifiantsPronote({ ...model, date: DATE }));
  });

  it('reads a CSV of PRONOTE people', async () => {
    const csv = writeIn(
      cli.dir(),
      'people.csv',
      'population;ident;idpn;nom;prenom;date_naissance;sexe;id_partenaire;parents\n' +
        'responsable;;PN-R-1;MARTIN;Zoé;;;ent-r1;\n' +
        'responsable;;PN-R-2;MARTIN;Paul;;;;\n' +
        'eleve;;PN-E-1;MARTIN;Noé;31/12/2010;M;;PN-R-1|PN-R-2\n' +
        'Professeurs;40;PN-T-1;NGUYEN;Minh;1975-07-14;;;\n' +
        'personnel;;PN-P-1;DURAND;Claire;;;ent-p1;\n',
    );
    const out = join(cli.dir(), 'from-csv.xml');
    const r = await run(['identifiers', '--people', csv, ...base, '--mode', 'complet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseIdentifiantsPronote(readFileSync(out)).document;
    expect(doc.responsables.map((p) => [p.ident, p.idpn, p.idPartenaire])).toEqual([
      [1, 'PN-R-1', 'ent-r1'],
      [2, 'PN-R-2', undefined],
    ]);
    expect(doc.eleves).toEqual([{ ident: 3, idpn: 'PN-E-1', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', sexe: 'Masculin', responsables: [1, 2] }]);
    expect(doc.professeurs[0]).toMatchObject({ ident: 40, idpn: 'PN-T-1', dateNaissance: '1975-07-14' });
    expect(doc.personnels[0]).toMatchObject({ ident: 4, idpn: 'PN-P-1', idPartenaire: 'ent-p1' });
    const partial = join(cli.dir(), 'from-csv-partiel.xml');
    expect((await run(['identifiers', '--people', csv, ...base, '--mode', 'partiel', '--out', partial])).code).toBe(0);
    const p = parseIdentifiantsPronote(readFileSync(partial)).document;
    expect(p.mode).toBe('Partiel');
    expect(p.responsables.map((x) => x.idpn)).toEqual(['PN-R-2']);
    expect(p.eleves[0]?.responsables).toEqual([2]);
    expect(p.personnels).toEqual([]);
  });

  it('refuses invalid people (exit 1, lines, no names) and another school (exit 1)', async () => {
    const csv = writeIn(cli.dir(), 'bad.csv', 'population;idpn;nom;prenom;date_naissance\neleve;E1;ZORGLUBIAN;Séraphîna;\neleve;E1;ZORGLUBIAN;Quaxwellina;17/02/2011\n');
    const r = await run(['identifiers', '--people', csv, ...base, '--mode', 'complet', '--out', join(cli.dir(), 'x.xml')]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toContain('bad.csv:2:');
    expect(r.stderr).toContain('bad.csv:3:');
    expectNoSecrets(r.stderr);
    const other = await run(['identifiers', '--people', COMPLET, '--ent-name', 'KOSMOS', '--uai', '0410959V', '--mode', 'complet', '--out', join(cli.dir(), 'y.xml')]);
    expectError(other, 1, 'ERR_CONFLICT');
    expect(other.stderr).toContain('0410017W');
  });
});
