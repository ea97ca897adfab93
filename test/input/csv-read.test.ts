import { describe, expect, it } from 'vitest';
import { formatCsv, readCsvAccounts } from '../../src/input';
import { cp1252, errorOf, expectNoValues } from './helpers';

const header = { date: '2026-09-01T08:00:00+02:00', partenaire: 'MONENT' };
const SCHOOL = 'etablissement;;LYCEE;;;;;;;;;;;;;0410017W;';
/** The contract's columns as of version 0.1 (rows below are positional; later optional columns come after these). */
const H = 'population;id_partenaire;nom;prenom;date_naissance;sexe;civilite;numero_national;adresse1;adresse2;adresse3;adresse4;code_postal;ville;pays;uai;parents';
const csv = (...rows: string[]) => `${[H, SCHOOL, ...rows].join('\r\n')}\r\n`;

describe('readCsvAccounts', () => {
  it('accepts header names in any order and case, a comma separator, unknown columns (reported) and short rows', () => {
    const text = [
      'Nom,PRENOM,Population,id_partenaire,Classe,uai,date_naissance,parents',
      'LYCEE,,etablissement,,,0410017W',
      'MARTIN,Zoé,responsable,r1,,0410017W',
      '"D\'ALMEIDA, fils",Noé,ELEVES,e1,2NDE3,0410017W,31/12/2010,r1',
    ].join('\n');
    const r = readCsvAccounts(text, { ...header, file: 'comptes.csv' });
    expect(r.stats).toMatchObject({ separator: ',', rows: 3 });
    expect(r.document.eleves).toEqual([{ ident: 2, nom: "D'ALMEIDA, fils", prenom: 'Noé', idPartenaire: 'e1', dateNaissance: '2010-12-31', responsables: [1] }]);
    expect(r.problems).toEqual([
      {
        severity: 'warning',
        rule: 'unknown-column',
        path: 'comptes.csv:1:37',
        message: 'this column is not part of the CSV contract: ignored',
        line: 1,
        column: 37,
        file: 'comptes.csv',
        attribute: 'Classe',
      },
    ]);
  });

  it('refuses a header without the required columns or with a column twice', async () => {
    let e = await errorOf(() => readCsvAccounts('population;nom;uai\netablissement;X;0410017W', header));
    expect([e.code, e.line]).toEqual(['ERR_INPUT', 1]);
    expect(e.message).toContain('id_partenaire, prenom');
    e = await errorOf(() => readCsvAccounts(`${H};NOM\n`, { ...header, file: 'f.csv' }));
    expect([e.code, e.file, e.line, e.column]).toEqual(['ERR_INPUT', 'f.csv', 1, H.length + 2]);
    e = await errorOf(() => readCsvAccounts('', header));
    expect(e.code).toBe('ERR_INPUT');
  });

  it('maps sexe, civilite, dates and addresses; a student without sexe takes it from civilite', () => {
    const r = readCsvAccounts(
      csv(
        'responsable;r1;A;B;;F;mme;;;;;;;;;;',
        'responsable;r2;C;D;;;Monsieur;;"1 RUE\nDU PORT";;;;41000;BLOIS;FRANCE;;',
        'eleve;e1;E;F;2010-01-02;feminin;M;INE1;;;;;;;;0410017W;r2|r1|r2',
        'eleve;e2;G;H;2/3/2011;;M;;;;;;;;;0410017W;',
        'eleve;e3;I;J;03/04/2012;;;;;;;;;;;0410017W;',
        'professeur;t1;K;L;1970-13-01;M;M;;;;;;;;;0410017W;',
        'personnel;p1;M;N;;;;;;Bât. 2;;;;;;0410017W;',
      ),
      header,
    );
    expect(r.document.responsables.map((x) => [x.civilite, x.adresse1, x.codePostal, x.ville, x.pays])).toEqual([
      [1, undefined, undefined, undefined, undefined],
      [2, '1 RUE\nDU PORT', '41000', 'BLOIS', 'FRANCE'],
    ]);
    expect(r.document.eleves.map((x) => [x.dateNaissance, x.sexe, x.numeroNational, x.responsables])).toEqual([
      ['2010-01-02', 'Feminin', 'INE1', [4, 3]],
      ['2011-03-02', 'Masculin', undefined, []],
      ['2012-04-03', undefined, undefined, []],
    ]);
    expect(r.document.professeurs[0]?.dateNaissance).toBeUndefined();
    expect(r.document.personnels[0]?.adresse1).toBe('Bât. 2');
    expect(r.problems.map((p) => [p.rule, p.line, p.column, p.attribute])).toEqual([
      ['date', 9, 19, 'date_naissance'],
      ['ignored', undefined, undefined, 'sexe'],
      ['ignored', undefined, undefined, 'sexe'],
      ['ignored', undefined, undefined, 'civilite'],
    ]);
    expect(r.problems.slice(1).map((p) => p.message)).toEqual([
      'column sexe is not exported for responsable rows: ignored in 1 row',
      'column sexe is not exported for professeur rows: ignored in 1 row',
      'column civilite is not exported for professeur rows: ignored in 1 row',
    ]);
  });

  it('reports bad rows at the physical line and column of the cell, without quoting values', async () => {
    const text = csv(
      'responsable;r1;"LONG\nNOM";B;;;;;;;;;;;;;', // lines 3-4
      'eleve;e1;DUPONT;Jean;;M;;;;;;;;;;0410017W;r1', // line 5: no birth date
      'eleve;e2;DURAND;Léa;31/02/2011;F;;;;;;;;;;0410017W;r1|r9', // line 6: bad date, unknown parent
      'eleve;e5;MOREAU;Paul;01/01/2011;M;;;;;;;;;;0410017W;', // line 7: fine
      'eleves;e4;;Luc;01/01/2011;M;;;;;;;;;;0410017W;', // line 8: no name
      'enseignant;t1;PETIT;Ana;;;;;;;;;;;;;', // line 9: population
      'eleve;e5;ROUX;Eva;01/01/2011;F;;;;;;;;;;0410017W;;extra', // line 10: one cell too many
      'eleve;e6;BLANC;Noa;01/01/2011;F;;;;;;;;;;0410017W;r1', // line 11: fine
      'eleve;e7;NOIR;Ily;01/01/2011;F;;;;;;;;;;0410017W;r9', // line 12: unknown parent
      'eleve;e5;VERT;Max;01/01/2011;M;;;;;;;;;;0410017W;', // line 13: id taken
    );
    const r = readCsvAccounts(text, { ...header, onInvalidRecord: 'skip', file: 'a.csv' });
    expect(r.problems.map((p) => [p.severity, p.rule, p.path, p.attribute ?? null])).toEqual([
      ['error', 'required', 'a.csv:5:22', 'date_naissance'],
      ['error', 'date', 'a.csv:6:21', 'date_naissance'],
      ['error', 'required', 'a.csv:8:11', 'nom'],
      ['error', 'enum', 'a.csv:9:1', 'population'],
      ['error', 'columns', 'a.csv:10:1', null],
      ['error', 'unique', 'a.csv:13:7', 'id_partenaire'],
      ['error', 'ref', 'a.csv:12:50', 'parents'],
    ]);
    expect(r.document.eleves.map((e) => [e.idPartenaire, e.responsables])).toEqual([
      ['e5', []],
      ['e6', [1]],
      ['e7', []],
    ]);
    expect(r.stats.invalid).toBe(6);
    expectNoValues(JSON.stringify(r.problems), ['DUPONT', 'DURAND', '31/02/2011', 'r9', 'VERT', 'enseignant', 'extra', 'LONG']);

    const e = await errorOf(() => readCsvAccounts(text, { ...header, file: 'a.csv' }));
    expect([e.code, e.file, e.line, e.column]).toEqual(['ERR_INPUT', 'a.csv', 5, 22]);
    expect(e.problems).toHaveLength(7);
    expect(e.message).toMatch(/^a\.csv, line 5, column 22: the CSV has 7 invalid records: a\.csv:5:22 \(date_naissance\): is empty/);
  });

  it('keeps spreadsheet formula characters as data', () => {
    const nasty = ['=HYPERLINK("http://x";"clic")', "+33 1 23", '-1', "@SUM(A1:A2)", "'=1"];
    const rows = [H.split(';'), ['etablissement', '', 'LYCEE', '', '', '', '', '', '', '', '', '', '', '', '', '0410017W', '']];
    nasty.forEach((n, i) => rows.push(['personnel', `p${i}`, n, n, '', '', '', '', n, '', '', '', '', n, '', '0410017W', '']));
    const r = readCsvAccounts(formatCsv(rows), header);
    expect(r.document.personnels.map((p) => [p.nom, p.prenom, p.adresse1, p.ville])).toEqual(nasty.map((n) => [n, n, n, n]));
  });

  describe('encodings', () => {
    const text = csv("responsable;r1;CŒUR;Zoé’s;;;Mme;;12 € RUE;;;;;;;;");
    const expectRead = (r: ReturnType<typeof readCsvAccounts>, encoding: string) => {
      expect(r.stats.encoding).toBe(encoding);
      expect(r.document.responsables[0]).toMatchObject({ nom: 'CŒUR', prenom: 'Zoé’s', adresse1: '12 € RUE' });
    };
    it('reads UTF-8 with or without BOM, Windows-1252 (detected or forced), UTF-16 with BOM', () => {
      expectRead(readCsvAccounts(new TextEncoder().encode(text), header), 'utf-8');
      expectRead(readCsvAccounts(new TextEncoder().encode(`\uFEFF${text}`), header), 'utf-8');
      expectRead(readCsvAccounts(`\uFEFF${text}`, header), 'utf-8');
      expectRead(readCsvAccounts(cp1252(text), header), 'windows-1252');
      expectRead(readCsvAccounts(cp1252(text), { ...header, encoding: 'windows-1252' }), 'windows-1252');
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      expectRead(readCsvAccounts(utf16, header), 'utf-16');
    });
    it('locates bytes that are not in the encoding', async () => {
      let e = await errorOf(() => readCsvAccounts(cp1252(text), { ...header, encoding: 'utf-8', file: 'w.csv' }));
      expect([e.code, e.file, e.line]).toEqual(['ERR_ENCODING', 'w.csv', 3]);
      const bad = Buffer.concat([Buffer.from(csv('personnel;p1;A;B;;;;;;;;;;;;;').replace('A;B', 'A;B'), 'latin1')]);
      bad[bad.indexOf(0x41, H.length + SCHOOL.length)] = 0x81;
      e = await errorOf(() => readCsvAccounts(bad, header));
      expect([e.code, e.line]).toEqual(['ERR_ENCODING', 3]);
    });
  });

  it('filters by school: staff and students by uai, parents by their children', () => {
    const text = [
      H,
      'etablissement;;LYCEE A;;;;;;;;;;;;;0410017W;',
      'etablissement;;COLLEGE B;;;;;;;;;;;;;0410959V;',
      'professeur;t1;A;A;;;;;;;;;;;;0410017W;',
      'professeur;t2;B;B;;;;;;;;;;;;0410959V;',
      'personnel;p1;C;C;;;;;;;;;;;;;',
      'responsable;r1;D;D;;;;;;;;;;;;;',
      'responsable;r2;E;E;;;;;;;;;;;;;',
      'responsable;r3;F;F;;;;;;;;;;;;0410959V;',
      'eleve;e1;G;G;01/01/2011;;;;;;;;;;;0410959V;r2',
      'eleve;e2;H;H;01/01/2011;;;;;;;;;;;0410017W;r1',
    ].join('\n');
    const r = readCsvAccounts(text, { ...header, uai: '0410959V' });
    const d = r.document;
    expect(d.etablissements.map((x) => x.numero)).toEqual(['0410959V']);
    expect([d.professeurs, d.personnels, d.responsables, d.eleves].map((l) => l.map((x) => x.idPartenaire))).toEqual([['t2'], [], ['r2', 'r3'], ['e1']]);
    expect(r.stats.filteredOut).toBe(4);
    const all = readCsvAccounts(text.replace('0410959V;r2', '0410959X;r2'), header);
    expect(all.problems.map((p) => [p.rule, p.line, p.attribute])).toEqual([['ref', 10, 'uai']]);
  });

  it('checks its options', async () => {
    expect((await errorOf(() => readCsvAccounts(csv(), { ...header, partenaire: ' ' }))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => readCsvAccounts(csv(), { ...header, encoding: 'latin1' as never }))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => readCsvAccounts(csv(), { ...header, uai: [] }))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => readCsvAccounts(csv(), { ...header, limits: { maxInputBytes: 10 } }))).code).toBe('ERR_LIMIT');
    expect((await errorOf(() => readCsvAccounts(`${H}\n`, header))).code).toBe('ERR_INPUT');
    const geres = await errorOf(() => readCsvAccounts(csv(), { ...header, etablissementsGeres: ['0410959V'] }));
    expect([geres.code, geres.path]).toEqual(['ERR_INPUT', 'etablissementsGeres[0]']);
    expect(readCsvAccounts(csv(), { ...header, etablissementsGeres: ['0410017w'], protocoleDelegationAuthentification: 'CAS' }).document).toMatchObject({
      etablissementsGeres: [{ ident: 1 }],
      protocoleDelegationAuthentification: 'CAS',
    });
  });

  it('reports a population cell that names an Object property (constructor, __proto__) like any unknown population', () => {
    for (const population of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = readCsvAccounts(csv(`${population};a1;DUPONT;Jean;;;;;;;;;;;;0410017W;`), { ...header, onInvalidRecord: 'skip' });
      expect(r.stats).toMatchObject({ rows: 2, invalid: 1 });
      expect(r.problems).toEqual([
        { severity: 'error', rule: 'enum', path: '3:1', message: 'must be one of etablissement, personnel, professeur, responsable, eleve', line: 3, column: 1, attribute: 'population' },
      ]);
    }
  });
});
