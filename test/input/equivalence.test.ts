import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { buildPartenaireIndex, type PartenaireIndex } from '../../src/index';
import { addRequest, aafFile, cp1252 } from './helpers';

const DIR = join(__dirname, '..', 'data', 'input', 'equivalence');
const expected = JSON.parse(readFileSync(join(DIR, 'expected-model.json'), 'utf8')) as PartenaireIndex;
const header = { date: '2026-09-01T08:00:00+02:00', partenaire: 'MONENT', protocoleDelegationAuthentification: 'CAS' } as const;

/** AAF id → ENT id, as an ENT's account store would answer. */
const ENT_IDS = new Map([
  ['5001', 't9a2b4'],
  ['5002', 'p7c1d2'],
  ['5003', 't4e6f8'],
  ['7001', 'r3f8e1'],
  ['7002', 'r5b0c9'],
  ['7003', 'r1d4a7'],
  ['9001', 'e2k9m3'],
  ['9002', 'e8n1q5'],
  ['9003', 'e6w3z7'],
]);

const S1 = '19410017800012';
const S2 = '19410959700011';

/** The same people as the CSV and JSON files, written as an academy's AAF feed. */
export function equivalenceFeed(): { name: string; chunks: Uint8Array }[] {
  const etab =
    addRequest('Etablissement', S1, {
      ENTStructureJointure: S1,
      ENTStructureUAI: '0410017W',
      ENTStructureNomCourant: 'LYCEE CLAUDE DE FRANCE',
      ENTStructureTypeStruct: 'LYCEE GENERAL ET TECHNOLOGIQUE',
      street: '9 AVENUE DE PARIS',
      postalCode: '41206',
      l: 'ROMORANTIN LANTHENAY CEDEX',
      telephoneNumber: '0254000000',
    }) +
    addRequest('Etablissement', S2, {
      ENTStructureJointure: S2,
      ENTStructureUAI: '0410959V',
      ENTStructureNomCourant: 'COLLEGE LES ŒILLETS',
      street: '1 RUE DU STADE$BP 12',
      postalCode: '41100',
      l: 'VENDÔME',
    });
  const pers =
    addRequest('PersEducNat', '5001', {
      ENTPersonJointure: '5001',
      personalTitle: 'Mme',
      sn: 'LEFÈVRE',
      givenName: ['Hélène', 'Marie'],
      ENTPersonDateNaissance: '14/07/1979',
      ENTPersonStructRattach: S1,
      PersEducNatPresenceDevantEleves: 'O',
      ENTPersonFonctions: `${S1}$ENS$ENSEIGNEMENT$L0201$LETTRES MODERNES`,
    }) +
    addRequest('PersEducNat', '5002', {
      personalTitle: 'M',
      sn: 'OEHLENSCHLÄGER',
      givenName: 'Jean-François',
      ENTPersonDateNaissance: '02/02/1971',
      ENTPersonStructRattach: S1,
      ENTPersonCategorieEnseignant: 'false',
      PersEducNatPresenceDevantEleves: 'N',
      ENTPersonFonctions: `${S1}$ADF$ADMINISTRATION$-$-`,
    }) +
    addRequest('PersEducNat', '5003', {
      personalTitle: 'Mme',
      sn: 'DUCŒUR',
      givenName: 'Anaïs',
      ENTPersonFonctions: `${S2}$ENS$ENSEIGNEMENT$L0201$LETTRES MODERNES`,
    });
  const eleves =
    addRequest('Eleve', '9001', {
      personalTitle: 'M',
      sn: "D'ALMEIDA MARTIN",
      givenName: 'Noé',
      ENTPersonDateNaissance: '31/12/2010',
      ENTEleveINE: '123456789AB',
      ENTPersonStructRattach: S1,
      ENTEleveClasses: `${S1}$2NDE3`,
      ENTElevePersRelEleve: ['7001$1$0$1$0$0', '7002$1$0$1$0$0'],
    }) +
    addRequest('Eleve', '9002', {
      personalTitle: 'Mme',
      sn: "D'ALMEIDA",
      givenName: 'Maëlle',
      ENTPersonDateNaissance: '01/03/2012',
      ENTPersonStructRattach: S1,
      ENTElevePersRelEleve: '7001',
    }) +
    addRequest('Eleve', '9003', {
      sn: 'SCHŒLCHER',
      givenName: 'Éloïse',
      ENTPersonDateNaissance: '20/05/2013',
      ENTPersonStructRattach: S2,
      ENTElevePersRelEleve: '7003',
    });
  const parents =
    addRequest('PersRelEleve', '7001', {
      personalTitle: 'M',
      sn: "D'ALMEIDA",
      givenName: 'João',
      ENTPersonAdresse: 'RÉSIDENCE LES ORMES$BÂT. B$12 RUE DES ŒILLETS',
      ENTPersonCodePostal: '41000',
      ENTPersonVille: 'BLOIS',
      ENTPersonPays: 'FRANCE',
      ENTAuxPersRelEleveEleve: ['9001', '9002'],
    }) +
    addRequest('PersRelEleve', '7002', {
      personalTitle: 'Mme',
      sn: 'MARTIN',
      givenName: 'Zoé',
      ENTPersonAdresse: '3 PLACE DU CHÂTEAU',
      ENTPersonCodePostal: '41100',
      ENTPersonVille: 'VENDÔME',
      ENTAuxPersRelEleveEleve: ['9001', '9002'],
    }) +
    addRequest('PersRelEleve', '7003', {
      personalTitle: 'Mlle',
      sn: 'SCHŒLCHER',
      givenName: 'Béatrice',
      ENTPersonAdresse: `12, rue de l'Église; bât. "C"`,
      ENTPersonCodePostal: '41000',
      ENTPersonVille: 'BLOIS',
    });
  const name = (kind: string) => `ENT_0410017W_Complet_20260901_${kind}_0000.xml`;
  return [
    { name: name('EtabEducNat'), chunks: aafFile(etab) },
    { name: name('PersEducNat'), chunks: aafFile(pers) },
    { name: name('Eleve'), chunks: aafFile(eleves) },
    { name: name('PersRelEleve'), chunks: aafFile(parents) },
  ];
}

describe('the three input adapters', () => {
  it('produce the same PARTENAIRE_INDEX from an AAF feed, a CSV and a JSON of the same people', async () => {
    const feed = equivalenceFeed();
    // The feed really is ISO-8859-15 with the external DOCTYPE: Œ is the single byte 0xBC.
    const pers = feed[1]?.chunks as Uint8Array;
    expect(Buffer.from(pers).includes(Buffer.from([0x44, 0x55, 0x43, 0xbc, 0x55, 0x52]))).toBe(true);
    expect(Buffer.from(pers).toString('latin1')).toContain('<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">');

    const aaf = await readAafFeed(feed, { ...header, resolveId: (id) => ENT_IDS.get(id) });
    const csv = readCsvAccounts(readFileSync(join(DIR, 'accounts.csv')), { ...header, file: 'accounts.csv' });
    const json = readJsonAccounts(readFileSync(join(DIR, 'accounts-input.json')), { file: 'accounts-input.json' });

    expect(aaf.document).toEqual(expected);
    expect(csv.document).toEqual(expected);
    expect(json.document).toEqual(expected);
    expect(json.stats.form).toBe('input');
    // Same XML, byte for byte.
    const xml = buildPartenaireIndex(expected);
    expect(buildPartenaireIndex(aaf.document)).toBe(xml);
    expect(buildPartenaireIndex(csv.document)).toBe(xml);

    expect(aaf.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The only AAF remark: the teacher's second given name.
    expect(aaf.problems.map((p) => [p.rule, p.record, p.attribute])).toEqual([['multivalued', '5001', 'givenName']]);
    expect(csv.problems).toEqual([]);
    expect(json.problems).toEqual([]);
    expect(aaf.stats).toEqual({
      files: 4,
      requests: { add: 11, modify: 0, delete: 0 },
      ignored: 0,
      invalid: 0,
      unresolved: 0,
      filteredOut: 0,
      exported: { etablissements: 2, personnels: 1, professeurs: 2, responsables: 3, eleves: 3 },
    });
    expect(csv.stats).toMatchObject({ separator: ';', encoding: 'utf-8', rows: 11, invalid: 0, filteredOut: 0 });
  });

  it('read the model JSON back as the same model, and the Windows-1252 CSV as the UTF-8 one', () => {
    const model = readJsonAccounts(JSON.stringify(expected));
    expect(model.stats.form).toBe('model');
    expect(model.document).toEqual(expected);
    const text = readFileSync(join(DIR, 'accounts.csv'), 'utf8').replace(/^\uFEFF/, '');
    const win = readCsvAccounts(cp1252(text), { ...header });
    expect(win.stats.encoding).toBe('windows-1252');
    expect(win.document).toEqual(expected);
  });

  it('keep only one school and its people with the uai filter, the same way', async () => {
    const aaf = await readAafFeed(equivalenceFeed(), { ...header, resolveId: (id) => ENT_IDS.get(id), uai: '0410959V' });
    const csv = readCsvAccounts(readFileSync(join(DIR, 'accounts.csv')), { ...header, uai: ['0410959v'] });
    expect(aaf.document).toEqual(csv.document);
    expect(aaf.document.etablissements.map((e) => e.numero)).toEqual(['0410959V']);
    expect(aaf.document.professeurs.map((p) => p.idPartenaire)).toEqual(['t4e6f8']);
    expect(aaf.document.personnels).toEqual([]);
    expect(aaf.document.responsables.map((p) => p.idPartenaire)).toEqual(['r1d4a7']);
    expect(aaf.document.eleves.map((p) => [p.idPartenaire, p.responsables])).toEqual([['e6w3z7', [2]]]);
    expect(aaf.stats.filteredOut).toBe(6);
    expect(csv.stats.filteredOut).toBe(6);
  });
});
