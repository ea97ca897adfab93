import { describe, expect, it } from 'vitest';
import { type Problem, type PartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { deriveOpaqueId } from '../../src/input';
import { sampleDocument } from './sample';

const P = '/PARTENAIRE_INDEX';

function problems(mutate: (d: PartenaireIndex) => void, options = {}): string[] {
  const doc = sampleDocument();
  mutate(doc);
  return validatePartenaireIndex(doc, options).map((p: Problem) => `${p.severity} ${p.rule} ${p.path}`);
}

describe('validatePartenaireIndex', () => {
  it('finds nothing in the sample document', () => {
    expect(validatePartenaireIndex(sampleDocument())).toEqual([]);
  });

  it.each<[string, (d: PartenaireIndex) => void, string[]]>([
    ['missing Date', (d) => delete (d as Partial<PartenaireIndex>).date, [`error required ${P}/@Date`]],
    ['bad Date', (d) => (d.date = '2026-02-30T10:00:00'), [`error date ${P}/@Date`]],
    ['empty Partenaire', (d) => (d.partenaire = ''), [`error empty ${P}/@Partenaire`]],
    ['bad protocol', (d) => ((d as { protocoleDelegationAuthentification: string }).protocoleDelegationAuthentification = 'SAML'), [`error enum ${P}/@ProtocoleDelegationAuthentification`]],
    ['no school', (d) => (d.etablissements = []), [`error cardinality ${P}/Etablissements`, `error ref ${P}/EtablissementsGeres/Etablissement[1]/@Ident`]],
    ['malformed UAI', (d) => ((d.etablissements[0] as { numero: string }).numero = '041017W'), [`error uai ${P}/Etablissements/Etablissement[1]/@Numero`]],
    ['wrong UAI check letter', (d) => ((d.etablissements[0] as { numero: string }).numero = '0410017A'), [`warning uai ${P}/Etablissements/Etablissement[1]/@Numero`]],
    ['managed school listed twice', (d) => d.etablissementsGeres.push({ ident: 1 }), [`error unique ${P}/EtablissementsGeres/Etablissement[2]/@Ident`]],
    ['negative Ident', (d) => ((d.personnels[0] as { ident: number }).ident = -1), [`error type ${P}/Personnels/Personnel[1]/@Ident`]],
    ['Ident too large', (d) => ((d.personnels[0] as { ident: number }).ident = 2 ** 32), [`error type ${P}/Personnels/Personnel[1]/@Ident`]],
    ['duplicate Ident across populations', (d) => ((d.eleves[1] as { ident: number }).ident = 2), [`error unique ${P}/Eleves/Eleve[2]/@Ident`]],
    ['duplicate ID_Partenaire', (d) => ((d.responsables[1] as { idPartenaire: string }).idPartenaire = 'r-0a4f2c'), [`error unique ${P}/Responsables/Responsable[2]/@ID_Partenaire`]],
    ['same ID_Partenaire in two populations is allowed', (d) => ((d.professeurs[0] as { idPartenaire: string }).idPartenaire = 'p-5c1e0b'), []],
    ['empty name', (d) => ((d.professeurs[0] as { nom: string }).nom = ''), [`error empty ${P}/Professeurs/Professeur[1]/@Nom`]],
    ['empty ID_Partenaire', (d) => ((d.personnels[0] as { idPartenaire: string }).idPartenaire = ''), [`error empty ${P}/Personnels/Personnel[1]/@ID_Partenaire`]],
    ['number as a name', (d) => ((d.personnels[0] as unknown as { nom: number }).nom = 3), [`error type ${P}/Personnels/Personnel[1]/@Nom`]],
    ['student birth date dd/mm/yyyy', (d) => ((d.eleves[0] as { dateNaissance: string }).dateNaissance = '31/12/2010'), [`error date ${P}/Eleves/Eleve[1]/@DateNaissance`]],
    ['teacher birth date invalid', (d) => ((d.professeurs[0] as { dateNaissance: string }).dateNaissance = '1979-02-29'), [`error date ${P}/Professeurs/Professeur[1]/@DateNaissance`]],
    ['bad Sexe', (d) => ((d.eleves[0] as unknown as { sexe: string }).sexe = 'M'), [`error enum ${P}/Eleves/Eleve[1]/@Sexe`]],
    ['unknown parent', (d) => d.eleves[1]?.responsables.push(42), [`error ref ${P}/Eleves/Eleve[2]/Responsable[2]/@Ident`]],
    ['a student as parent', (d) => d.eleves[1]?.responsables.push(5), [`error ref ${P}/Eleves/Eleve[2]/Responsable[2]/@Ident`]],
    ['parent listed twice', (d) => d.eleves[1]?.responsables.push(3), [`warning duplicate ${P}/Eleves/Eleve[2]/Responsable[2]/@Ident`]],
    ['responsables not an array', (d) => delete (d.eleves[0] as Partial<PartenaireIndex['eleves'][number]>).responsables, [`error type ${P}/Eleves/Eleve[1]/Responsable`]],
    ['unknown civility', (d) => ((d.responsables[0] as { civilite: number }).civilite = 7), [`error ref ${P}/Responsables/Responsable[1]/Civilite/@Ident`]],
    ['civility without nomenclature', (d) => delete d.nomenclatures, [`error ref ${P}/Responsables/Responsable[1]/Civilite/@Ident`, `error ref ${P}/Responsables/Responsable[2]/Civilite/@Ident`]],
    ['empty civility list', (d) => (d.nomenclatures = { civilites: [] }), [`error cardinality ${P}/Nomenclatures/Civilites`, `error ref ${P}/Responsables/Responsable[1]/Civilite/@Ident`, `error ref ${P}/Responsables/Responsable[2]/Civilite/@Ident`]],
    ['duplicate civility Ident', (d) => d.nomenclatures?.civilites?.push({ ident: 1, libelle: 'Mlle' }), [`error unique ${P}/Nomenclatures/Civilites/Civilite[4]/@Ident`]],
    ['forbidden character', (d) => ((d.responsables[0] as { ville: string }).ville = 'BLOIS\u0000'), [`error char ${P}/Responsables/Responsable[1]/@Ville`]],
    ['lone surrogate', (d) => ((d.eleves[0] as { prenom: string }).prenom = 'No\uD800é'), [`error char ${P}/Eleves/Eleve[1]/@Prenom`]],
    ['population not an array', (d) => ((d as unknown as { eleves: unknown }).eleves = {}), [`error type ${P}/Eleves`]],
    ['opaque id holding the name', (d) => ((d.eleves[1] as { idPartenaire: string }).idPartenaire = 'maelle.dalmeida'), [`warning opacity ${P}/Eleves/Eleve[2]/@ID_Partenaire`]],
    [
      'random-shaped id holding a short first name by chance: no warning',
      (d) => Object.assign(d.eleves[1] as object, { prenom: 'Léa', idPartenaire: 'x7lea2q4kzm9rt3w' }),
      [],
    ],
    [
      'random-shaped id holding a long last name: a warning',
      (d) => ((d.eleves[1] as { idPartenaire: string }).idPartenaire = 'k2dalmeida9x4qz'),
      [`warning opacity ${P}/Eleves/Eleve[2]/@ID_Partenaire`],
    ],
    ['short id holding a short first name: a warning', (d) => Object.assign(d.eleves[1] as object, { prenom: 'Léa', idPartenaire: 'lea.x42' }), [`warning opacity ${P}/Eleves/Eleve[2]/@ID_Partenaire`]],
    ['opaque id holding an e-mail', (d) => ((d.personnels[0] as { idPartenaire: string }).idPartenaire = 'x42@ent.example.fr'), [`warning opacity ${P}/Personnels/Personnel[1]/@ID_Partenaire`]],
    ['opaque id holding a date', (d) => ((d.eleves[0] as { idPartenaire: string }).idPartenaire = 'E20101231X'), [`warning opacity ${P}/Eleves/Eleve[1]/@ID_Partenaire`]],
    ['opaque id with spaces', (d) => ((d.eleves[0] as { idPartenaire: string }).idPartenaire = ' e-6d02aa'), [`warning spaces ${P}/Eleves/Eleve[1]/@ID_Partenaire`]],
  ])('%s', (_name, mutate, expected) => {
    expect(problems(mutate)).toEqual(expected);
  });

  it('no opacity warning on identifiers derived by deriveOpaqueId, whatever short names they contain by chance', () => {
    const doc = sampleDocument();
    const template = doc.eleves[0] as (typeof doc.eleves)[number];
    const names = ['Léa', 'Lou', 'Jean', 'Noé', 'Eva', 'Zoé', 'Ali', 'Tom'];
    doc.eleves = Array.from({ length: 3000 }, (_, i) => ({
      ...template,
      ident: 1000 + i,
      nom: names[(i * 3) % names.length] as string,
      prenom: names[i % names.length] as string,
      idPartenaire: deriveOpaqueId('a-test-secret-of-32-bytes-000000', `aaf-${i}`),
    }));
    const derived = doc.eleves.map((e) => e.idPartenaire);
    // The test would prove nothing if no identifier held a name: many do.
    expect(derived.filter((id) => /lea|lou|jean|noe|eva|zoe|ali|tom/.test(id)).length).toBe(23);
    expect(validatePartenaireIndex(doc).filter((p) => p.rule === 'opacity')).toEqual([]);
  });

  it('lint: false keeps only the errors', () => {
    expect(problems((d) => ((d.eleves[1] as { idPartenaire: string }).idPartenaire = 'maelle'), { lint: false })).toEqual([]);
  });

  it('applies limits', () => {
    expect(problems(() => undefined, { limits: { maxPeople: 5 } })).toEqual([`error limit ${P}`]);
    expect(problems(() => undefined, { limits: { maxAttributeLength: 10 } })).toContain(`error length ${P}/Etablissements/Etablissement[1]/@Nom`);
  });

  it('stops after maxErrors', () => {
    expect(problems((d) => d.eleves.forEach((e) => (e.nom = '')), { maxErrors: 1 })).toHaveLength(1);
  });

  it('never quotes a value in its messages', () => {
    const doc = sampleDocument();
    for (const e of doc.eleves) e.dateNaissance = `${e.nom}!`;
    doc.responsables.forEach((r) => (r.idPartenaire = `${r.prenom.toLowerCase()}@mail.example`));
    const messages = validatePartenaireIndex(doc).map((p) => p.message).join('\n');
    expect(messages).not.toMatch(/ALMEIDA|João|Zoé|MARTIN|mail\.example/);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('does not accept a non-object document', () => {
    expect(validatePartenaireIndex(null as unknown as PartenaireIndex).map((p) => p.rule)).toEqual(['type']);
  });
});
