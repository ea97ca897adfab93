import { describe, expect, it } from 'vitest';
import { EntPronoteError, assemblePartenaireIndex, type PartenaireIndexInput, validatePartenaireIndex } from '../../src/index';
import { sampleDocument } from './sample';

const base: PartenaireIndexInput = {
  date: '2026-09-01T08:00:00+02:00',
  partenaire: 'P',
  etablissements: [
    { numero: '0410017W', nom: 'A' },
    { numero: '0410018X', nom: 'B', key: 'b' },
  ],
  responsables: [
    { idPartenaire: 'r1', nom: 'N', prenom: 'P1', civilite: 'Mme' },
    { idPartenaire: 'r2', nom: 'N', prenom: 'P2', key: 'k2', civilite: 0 },
  ],
  eleves: [{ idPartenaire: 'e1', nom: 'N', prenom: 'E', dateNaissance: '2011-01-01', responsables: ['r1', 'k2'] }],
  professeurs: [{ idPartenaire: 't1', nom: 'T', prenom: 'T' }],
  personnels: [{ idPartenaire: 's1', nom: 'S', prenom: 'S' }],
};

function inputError(input: PartenaireIndexInput, options = {}): EntPronoteError {
  try {
    assemblePartenaireIndex(input, options);
  } catch (e) {
    if (e instanceof EntPronoteError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('assemblePartenaireIndex', () => {
  it('shares one Ident counter across people, in population order, and another for schools', () => {
    const doc = assemblePartenaireIndex(base);
    expect(doc.etablissements.map((e) => e.ident)).toEqual([1, 2]);
    expect(doc.etablissementsGeres).toEqual([{ ident: 1 }, { ident: 2 }]);
    expect([doc.personnels, doc.professeurs, doc.responsables, doc.eleves].flat().map((p) => p.ident)).toEqual([1, 2, 3, 4, 5]);
    expect(doc.eleves[0]?.responsables).toEqual([3, 4]);
    expect(doc.responsables.map((r) => r.civilite)).toEqual([1, 0]);
    expect(doc.nomenclatures?.civilites).toEqual([
      { ident: 2, libelle: 'M' },
      { ident: 1, libelle: 'Mme' },
      { ident: 0, libelle: 'undefined' },
    ]);
    expect(validatePartenaireIndex(doc)).toEqual([]);
  });

  it('starts at firstIdent and keeps managed schools as asked', () => {
    const doc = assemblePartenaireIndex({ ...base, etablissementsGeres: ['b'] }, { firstIdent: 0 });
    expect(doc.etablissementsGeres).toEqual([{ ident: 1 }]);
    expect(doc.personnels[0]?.ident).toBe(0);
  });

  it('writes no nomenclature with civilites: false', () => {
    const doc = assemblePartenaireIndex({ ...base, civilites: false, responsables: [{ idPartenaire: 'r1', nom: 'N', prenom: 'P' }], eleves: [] });
    expect(doc.nomenclatures).toBeUndefined();
  });

  it('builds the sample document', () => {
    expect(validatePartenaireIndex(sampleDocument())).toEqual([]);
  });

  it.each<[string, PartenaireIndexInput, string]>([
    ['duplicate parent key', { ...base, responsables: [...(base.responsables ?? []), { idPartenaire: 'r1', nom: 'X', prenom: 'Y' }] }, 'responsables[2]'],
    ['unknown parent key', { ...base, eleves: [{ idPartenaire: 'e1', nom: 'N', prenom: 'E', dateNaissance: '2011-01-01', responsables: ['nope'] }] }, 'eleves[0].responsables[0]'],
    ['duplicate school', { ...base, etablissements: [{ numero: '0410017W', nom: 'A' }, { numero: '0410017W', nom: 'A2' }] }, 'etablissements[1]'],
    ['unknown managed school', { ...base, etablissementsGeres: ['zzz'] }, 'etablissementsGeres[0]'],
    ['unknown civility label', { ...base, responsables: [{ idPartenaire: 'r1', nom: 'N', prenom: 'P', civilite: 'Dr' }] }, 'responsables[0].civilite'],
  ])('refuses %s with ERR_INPUT naming the path', (_n, input, path) => {
    const e = inputError(input);
    expect([e.code, e.path]).toEqual(['ERR_INPUT', path]);
  });

  it('drops unknown parent links on request and reports them', () => {
    const dropped: string[] = [];
    const doc = assemblePartenaireIndex(
      { ...base, eleves: [{ idPartenaire: 'e1', nom: 'N', prenom: 'E', dateNaissance: '2011-01-01', responsables: ['r1', 'nope'] }] },
      { unknownResponsable: 'drop', onDroppedLink: (p) => dropped.push(p) },
    );
    expect(doc.eleves[0]?.responsables).toEqual([3]);
    expect(dropped).toEqual(['eleves[0].responsables[1]']);
  });

  it('refuses an invalid firstIdent', () => {
    expect(inputError(base, { firstIdent: -1 }).code).toBe('ERR_ARGUMENT');
  });
});
