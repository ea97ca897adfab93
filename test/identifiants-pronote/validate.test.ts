import { describe, expect, it } from 'vitest';
import { validateIdentifiantsPronote, type IdentifiantsPronote, type PronoteEleve } from '../../src/index';
import { completeDoc, partialDoc } from './samples';

const SECRET = ['SECRETNOM', 'SECRETPRENOM', 'SECRETIDPN', 'SECRET-ENT-ID', '1999-09-09'];

function rulesAndPaths(doc: IdentifiantsPronote): [string, string, string][] {
  return validateIdentifiantsPronote(doc).map((p) => [p.severity, p.rule, p.path]);
}

describe('validateIdentifiantsPronote', () => {
  it('finds nothing in the sample complete and partial documents', () => {
    expect(validateIdentifiantsPronote(completeDoc())).toEqual([]);
    expect(validateIdentifiantsPronote(partialDoc())).toEqual([]);
  });

  it('checks the root attributes', () => {
    const doc = { ...completeDoc(), version: '', date: '2026-09-01', uai: '041001W', socle: '../etc', mode: 'complet' as 'Complet' };
    expect(rulesAndPaths(doc)).toEqual([
      ['error', 'required', '/IDENTIFIANTS_PRONOTE/@Version'],
      ['error', 'datetime', '/IDENTIFIANTS_PRONOTE/@Date'],
      ['error', 'uai', '/IDENTIFIANTS_PRONOTE/@UAI'],
      ['warning', 'socle', '/IDENTIFIANTS_PRONOTE/@Socle'],
      ['error', 'enum', '/IDENTIFIANTS_PRONOTE/@Mode'],
    ]);
    expect(rulesAndPaths({ ...completeDoc(), version: '2', uai: '0410017A' })).toEqual([
      ['warning', 'version', '/IDENTIFIANTS_PRONOTE/@Version'],
      ['warning', 'uai', '/IDENTIFIANTS_PRONOTE/@UAI'],
    ]);
  });

  it('checks every person, with paths like /IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/@DateNaissance', () => {
    const doc = completeDoc();
    doc.personnels[0] = { ...doc.personnels[0]!, idpn: '' };
    doc.professeurs[1] = { ...doc.professeurs[1]!, dateNaissance: '1975-7-14' };
    doc.responsables[2] = { ...doc.responsables[2]!, ident: 1.5, idPartenaire: '' };
    doc.eleves[2] = { ...doc.eleves[2]!, dateNaissance: '2011-02-29', sexe: 'M' as 'Masculin', prenom: '\t\n' };
    expect(rulesAndPaths(doc)).toEqual([
      ['error', 'required', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]/@IDPN'],
      ['error', 'date', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[2]/@DateNaissance'],
      ['error', 'ident', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[3]/@Ident'],
      ['error', 'required', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[3]/@ID_Partenaire'],
      ['error', 'required', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/@Prenom'],
      ['error', 'date', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/@DateNaissance'],
      ['error', 'enum', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/@Sexe'],
      // The reference to the parent whose Ident is invalid no longer resolves.
      ['error', 'ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/Responsable[1]/@Ident'],
    ]);
  });

  it('checks uniqueness: Idents across the file, IDPNs within a population', () => {
    const doc = completeDoc();
    doc.eleves[0] = { ...doc.eleves[0]!, ident: 1 };
    doc.eleves[1] = { ...doc.eleves[1]!, idpn: 'PN-E-0001' };
    doc.professeurs[0] = { ...doc.professeurs[0]!, idpn: 'PN-P-0001' };
    expect(rulesAndPaths(doc)).toEqual([
      ['error', 'unique', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@Ident'],
      ['error', 'unique', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]/@IDPN'],
    ]);
  });

  it('requires references to parents, and warns on a parent listed twice', () => {
    const doc = completeDoc();
    doc.eleves[0] = { ...doc.eleves[0]!, responsables: [5, 3, 5, -1] };
    expect(rulesAndPaths(doc)).toEqual([
      ['error', 'ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[2]/@Ident'],
      ['warning', 'duplicate-ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[3]/@Ident'],
      ['error', 'ident', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[4]/@Ident'],
    ]);
  });

  it('refuses ID_Partenaire in a Partiel document', () => {
    const doc = { ...completeDoc(), mode: 'Partiel' as const };
    expect(rulesAndPaths(doc).map((p) => p[2])).toEqual([
      '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]/@ID_Partenaire',
      '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[1]/@ID_Partenaire',
      '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]/@ID_Partenaire',
      '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[3]/@ID_Partenaire',
      '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@ID_Partenaire',
    ]);
  });

  it('checks the extra bags so that they write and read back identically', () => {
    const doc = completeDoc();
    doc.extra = { attributes: { 'p:Socle': 'x', 'xmlns:p': 'urn:p', '1bad': 'x' }, text: '  \n' };
    doc.containerExtra = { eleves: { elements: [{ name: 'eleve', attributes: {}, children: [] }] } };
    const e = doc.eleves[0] as PronoteEleve;
    e.responsablesExtra = [undefined];
    doc.personnels[0] = { ...doc.personnels[0]!, extra: { elements: [{ name: 'Responsable', attributes: {}, children: [{ name: 'ok', attributes: { Nom: 'fine here' }, children: [], text: ' ' }] }] } };
    expect(rulesAndPaths(doc)).toEqual([
      ['error', 'extra', '/IDENTIFIANTS_PRONOTE/@p:Socle'],
      ['error', 'extra', '/IDENTIFIANTS_PRONOTE/@1bad'],
      ['error', 'extra', '/IDENTIFIANTS_PRONOTE/text()'],
      ['error', 'extra', '/IDENTIFIANTS_PRONOTE/Eleves/eleve[1]'],
      ['error', 'extra', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]/Responsable[1]/ok[1]/text()'],
      ['error', 'extra', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/responsablesExtra'],
    ]);
  });

  it('refuses extras nested deeper than a reader accepts', () => {
    const doc = completeDoc();
    let el = { name: 'd', attributes: {}, children: [] as never[] };
    for (let i = 0; i < 70; i++) el = { name: 'd', attributes: {}, children: [el as never] };
    doc.extra = { elements: [el] };
    expect(rulesAndPaths(doc).map((p) => p[1])).toEqual(['depth']);
  });

  it('reports wrong JavaScript types instead of crashing (JavaScript callers)', () => {
    const doc = completeDoc() as unknown as Record<string, unknown>;
    doc.professeurs = undefined;
    (doc.personnels as Record<string, unknown>[])[0]!.nom = 42;
    (doc.personnels as Record<string, unknown>[])[1]!.sexe = 'Masculin';
    (doc.eleves as Record<string, unknown>[])[0]!.responsables = undefined;
    expect(rulesAndPaths(doc as unknown as IdentifiantsPronote)).toEqual([
      ['error', 'type', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]/@Nom'],
      ['error', 'type', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[2]/@Sexe'],
      ['error', 'type', '/IDENTIFIANTS_PRONOTE/Professeurs'],
      ['error', 'type', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable'],
    ]);
    expect(rulesAndPaths(null as unknown as IdentifiantsPronote)).toEqual([['error', 'type', '/IDENTIFIANTS_PRONOTE']]);
  });

  it('never quotes a nominative value in its messages', () => {
    const doc: IdentifiantsPronote = {
      ...completeDoc(),
      mode: 'Partiel',
      eleves: [
        { ident: 1, idpn: 'SECRETIDPN', nom: 'SECRETNOM\u0001', prenom: 'SECRETPRENOM', dateNaissance: '1999-09-09T', idPartenaire: 'SECRET-ENT-ID', responsables: [] },
        { ident: 1, idpn: 'SECRETIDPN', nom: 'SECRETNOM', prenom: 'SECRETPRENOM', dateNaissance: '1999-09-09', idPartenaire: 'SECRET-ENT-ID', responsables: [] },
      ],
    };
    const problems = validateIdentifiantsPronote(doc);
    expect(problems.length).toBeGreaterThan(4);
    for (const p of problems) for (const s of SECRET) expect(`${p.path} ${p.message}`).not.toContain(s);
  });
});
