import { describe, expect, it } from 'vitest';
import { AAF_KINDS, aafFileName } from '../../src/fixtures/aaf-writer';
import { quoteCsvField } from '../../src/common/csv';
import { ACCOUNT_CSV_HEADER } from '../../src/fixtures/csv-writer';
import { encodeXmlIso885915, isIso885915 } from '../../src/fixtures/iso-8859-15';
import { formatJsonLines } from '../../src/fixtures/json-writer';
import type { FixturePerson } from '../../src/fixtures';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { assemblePartenaireIndex, type PartenaireIndexInput, type PartenaireIndex, type Population } from '../../src/index';
import { boosted, generated } from './helpers';

const latin9 = new TextDecoder('iso-8859-15', { fatal: true });
const options = boosted('writer-tests', 600, 2);

/** A comparable view of a PARTENAIRE_INDEX: accounts by idPartenaire, parents by idPartenaire. */
function canonical(doc: PartenaireIndex, withAddresses = true): Record<string, unknown> {
  const parentId = new Map(doc.responsables.map((r) => [r.ident, r.idPartenaire]));
  const civ = new Map((doc.nomenclatures?.civilites ?? []).map((c) => [c.ident, c.libelle]));
  const out: Record<string, unknown> = {
    etablissements: doc.etablissements.map((e) => [e.numero, e.nom, e.adresse1, e.codePostal, e.ville]),
  };
  for (const pop of ['personnels', 'professeurs', 'responsables', 'eleves'] as Population[]) {
    const rows = (doc[pop] as unknown as Record<string, unknown>[]).map((p) => {
      const row: Record<string, unknown> = { id: p.idPartenaire, nom: p.nom, prenom: p.prenom };
      if (pop === 'professeurs' || pop === 'eleves') row.date = p.dateNaissance;
      if (pop === 'eleves') {
        row.sexe = p.sexe;
        row.ine = p.numeroNational;
        row.parents = [...((p.responsables as number[]) ?? [])].map((i) => parentId.get(i)).sort();
      }
      if (pop === 'responsables') {
        row.civilite = civ.get(p.civilite as number);
        if (withAddresses) row.adresse = [p.adresse1, p.adresse2, p.adresse3, p.adresse4, p.codePostal, p.ville, p.pays];
      }
      return row;
    });
    out[pop] = rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}

describe('ISO-8859-15 encoding', () => {
  it('encodes the Latin-9 letters and references the others', () => {
    expect([...encodeXmlIso885915('Œuvre €5 Šž Ÿ é')]).toEqual([0xbc, ...Buffer.from('uvre '), 0xa4, ...Buffer.from('5 '), 0xa6, 0xb8, 0x20, 0xbe, 0x20, 0xe9]);
    expect(Buffer.from(encodeXmlIso885915('l’école ½ 😀')).toString('latin1')).toBe('l&#8217;\u00e9cole &#189; &#128512;');
    expect(isIso885915('Œillet Noé')).toBe(true);
    expect(isIso885915('l’école')).toBe(false);
    expect(isIso885915('½')).toBe(false);
  });
});

describe('AAF files', () => {
  const { files, world, groundTruth, schools } = generated(options);
  const aaf = files.filter((f) => f.kind === 'aaf');

  it('are four per school, named like academy feeds', () => {
    expect(aaf.map((f) => f.path)).toEqual(world.schools.flatMap((s) => AAF_KINDS.map((k) => `aaf/${aafFileName(s.uai, '2026-09-01', k)}`)));
    expect(aafFileName('0410017W', '2026-09-01T08:00:00+02:00', 'Eleve')).toBe('ENT_0410017W_Complet_20260901_Eleve_0000.xml');
    for (const f of aaf) expect(f.sensitive).toBe(true);
  });

  it('are ISO-8859-15 with the ficAlimMENESR DOCTYPE, round-tripping byte for byte', () => {
    let highBytes = 0;
    for (const f of aaf) {
      const bytes = f.content as Uint8Array;
      expect(bytes).toBeInstanceOf(Uint8Array);
      const text = latin9.decode(bytes);
      expect(text.startsWith('<?xml version="1.0" encoding="ISO-8859-15"?>\n<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<ficAlimMENESR>\n')).toBe(true);
      expect(text.endsWith('</ficAlimMENESR>\n')).toBe(true);
      expect(text).not.toContain('&#');
      expect(encodeXmlIso885915(text)).toEqual(bytes);
      highBytes += bytes.filter((b) => b >= 0x80).length;
    }
    expect(highBytes).toBeGreaterThan(100);
    const all = aaf.map((f) => latin9.decode(f.content as Uint8Array)).join('');
    expect(all).toMatch(/Œ/);
    expect(all).toMatch(/<attr name="ENTElevePersRelEleve"><value>\d+<\/value><value>\d+<\/value><\/attr>/);
    expect(all).toMatch(/<attr name="ENTPersonAdresse"><value>[^<$]+\$[^<]+<\/value>/);
  });

  it('hold one record per ENT account, with the ENT spelling', () => {
    for (const school of world.schools) {
      const text = (kind: string): string => latin9.decode(aaf.find((f) => f.path.includes(`${school.uai}_Complet_20260901_${kind}_`))?.content as Uint8Array);
      const count = (kind: string): number => (text(kind).match(/<addRequest>/g) ?? []).length;
      const here = (pop: FixturePerson['population']) => world.people.filter((p) => p.school === school.index && p.population === pop && p.ent !== undefined);
      expect(count('EtabEducNat')).toBe(1);
      expect(count('PersEducNat')).toBe(here('personnels').length + here('professeurs').length);
      expect(count('Eleve')).toBe(here('eleves').length);
      expect(count('PersRelEleve')).toBe(here('responsables').length);
      const p = here('eleves')[0] as FixturePerson;
      expect(text('Eleve')).toContain(`<identifier><id>${p.aafId}</id></identifier>`);
      expect(text('Eleve')).toContain(`<attr name="sn"><value>${p.nom.replace(/&/g, '&amp;')}</value></attr>`);
    }
    expect(Object.keys(groundTruth.aafIds).length).toBe(world.people.filter((p) => p.ent !== undefined).length);
    expect(schools).toHaveLength(2);
  });

  it('read back through the AAF reader into the same accounts as the PARTENAIRE_INDEX', async () => {
    for (const [i, school] of world.schools.entries()) {
      const mine = aaf.filter((f) => f.uai === school.uai).map((f) => ({ name: f.path.slice(4), chunks: f.content as Uint8Array }));
      const { document } = await readAafFeed(mine, {
        resolveId: (id) => groundTruth.aafIds[id],
        date: world.date,
        partenaire: world.partenaire,
        uai: school.uai,
      });
      expect(canonical(document)).toEqual(canonical(schools[i]?.partenaireIndex as PartenaireIndex));
    }
  });
});

describe('account CSV', () => {
  const { files, world, schools } = generated(options);
  const csv = files.find((f) => f.kind === 'csv')?.content as string;

  it('follows the contract: BOM, header, ; separator, CRLF, one row per school and account', () => {
    expect(csv.startsWith(`\uFEFF${ACCOUNT_CSV_HEADER}\r\n`)).toBe(true);
    expect(ACCOUNT_CSV_HEADER).toBe(
      'population;id_partenaire;nom;prenom;date_naissance;sexe;civilite;numero_national;adresse1;adresse2;adresse3;adresse4;code_postal;ville;pays;uai;parents',
    );
    const lines = csv.slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    const rows = lines.slice(1).map((l) => l.split(';'));
    for (const r of rows) expect(r).toHaveLength(17);
    expect(rows.filter((r) => r[0] === 'etablissement').map((r) => r[15])).toEqual(world.schools.map((s) => s.uai));
    expect(rows.length - world.schools.length).toBe(world.people.filter((p) => p.ent !== undefined).length);
    const byId = new Map(rows.map((r) => [r[1], r]));
    for (const p of world.people) {
      if (p.ent === undefined) continue;
      const r = byId.get(p.idPartenaire) as string[];
      expect(r[0]).toBe({ personnels: 'personnel', professeurs: 'professeur', responsables: 'responsable', eleves: 'eleve' }[p.population]);
      // Only the columns the population exports are filled (the reader warns about any other).
      const sexe = p.population === 'eleves' ? (p.sexe === 'Masculin' ? 'M' : 'F') : '';
      const civilite = p.population === 'eleves' || p.population === 'responsables' ? p.civilite : '';
      expect([r[2], r[3], r[5], r[6], r[15]]).toEqual([p.nom, p.prenom, sexe, civilite, p.uai]);
      if (p.population === 'personnels') expect(r[4]).toBe('');
      if (p.population === 'eleves') {
        expect(r[4]).toBe(`${p.dateNaissance.slice(8)}/${p.dateNaissance.slice(5, 7)}/${p.dateNaissance.slice(0, 4)}`);
        expect(r[7]).toBe(p.numeroNational);
        for (const id of (r[16] as string).split('|').filter((x) => x !== '')) expect(byId.get(id)?.[0]).toBe('responsable');
      }
      if (p.population === 'responsables') expect(r[4]).toBe('');
    }
    expect(schools).toHaveLength(2);
  });

  it('quotes fields as RFC 4180 says', () => {
    expect(quoteCsvField('a;b')).toBe('"a;b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(quoteCsvField("N'DIAYE")).toBe("N'DIAYE");
    
  });

  it('reads back through the CSV reader into the same accounts as each PARTENAIRE_INDEX', () => {
    for (const [i, school] of world.schools.entries()) {
      const { document } = readCsvAccounts(csv, { date: world.date, partenaire: world.partenaire, uai: school.uai });
      expect(canonical(document)).toEqual(canonical(schools[i]?.partenaireIndex as PartenaireIndex));
    }
  });
});

describe('account JSON', () => {
  const { files, schools } = generated(options);

  it('is the PartenaireIndexInput of each school, one account per line', () => {
    for (const s of schools) {
      const f = files.find((x) => x.path === `ent/${s.uai}/comptes-ent.json`);
      const text = f?.content as string;
      const input = JSON.parse(text) as PartenaireIndexInput;
      expect(input).toEqual(s.partenaireIndexInput);
      expect(assemblePartenaireIndex(input)).toEqual(s.partenaireIndex);
      expect(text.split('\n').length).toBeGreaterThan((s.partenaireIndexInput.eleves?.length ?? 0) + (s.partenaireIndexInput.responsables?.length ?? 0));
      expect(readJsonAccounts(text).document).toEqual(s.partenaireIndex);
    }
  });

  it('formats any value, one array entry per line', () => {
    expect(formatJsonLines({ a: [1, { b: 2 }], c: { d: 'x' }, e: [] })).toBe('{\n  "a": [\n    1,\n    {"b":2}\n  ],\n  "c": {"d":"x"},\n  "e": []\n}\n');
    expect(formatJsonLines({ s: [{ n: 1, l: [{ x: 1 }] }] })).toBe('{\n  "s": [\n    {\n      "n": 1,\n      "l": [\n        {"x":1}\n      ]\n    }\n  ]\n}\n');
    const big = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]));
    expect(formatJsonLines({ big }).split('\n')).toHaveLength(14);
    const v = { x: [{ y: [1, 2] }, [3, [4]]], z: null, w: { a: { b: [1] } } };
    expect(JSON.parse(formatJsonLines(v))).toEqual(v);
  });
});
