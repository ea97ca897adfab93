import { assemblePartenaireIndex, type PartenaireIndex } from '../../src/index';

/** A small school with every element and attribute of the format. */
export function sampleDocument(): PartenaireIndex {
  return assemblePartenaireIndex({
    date: '2026-09-01T08:00:00+02:00',
    partenaire: 'ENT-TEST-42',
    protocoleDelegationAuthentification: 'CAS',
    etablissements: [
      {
        numero: '0410017W',
        nom: 'LYCÉE CLAUDE DE FRANCE',
        adresse1: '9 AVENUE DE PARIS',
        codePostal: '41206',
        ville: 'ROMORANTIN LANTHENAY CEDEX',
        pays: 'FRANCE',
        telSecretariat: '02 54 00 00 00',
        telScolarite: '02 54 00 00 01',
        fax: '02 54 00 00 02',
        email: 'ce.0410017w@example.invalid',
      },
    ],
    personnels: [{ idPartenaire: 'p-5c1e0b', nom: 'OEHLENSCHLÄGER', prenom: 'Jean-François' }],
    professeurs: [{ idPartenaire: 'p-77ad19', nom: 'LEFÈVRE', prenom: 'Hélène', dateNaissance: '1979-07-14' }],
    responsables: [
      {
        idPartenaire: 'r-0a4f2c',
        nom: "D'ALMEIDA",
        prenom: 'João',
        civilite: 'M',
        adresse1: 'RÉSIDENCE LES ORMES',
        adresse2: 'BÂT. B',
        adresse3: '12 RUE DES ŒILLETS',
        codePostal: '41000',
        ville: 'BLOIS',
        pays: 'FRANCE',
      },
      { idPartenaire: 'r-93b7e5', nom: 'MARTIN', prenom: 'Zoé', civilite: 'Mme', adresse1: '3 PLACE DU CHÂTEAU', codePostal: '41100', ville: 'VENDÔME' },
    ],
    eleves: [
      {
        idPartenaire: 'e-6d02aa',
        nom: "D'ALMEIDA MARTIN",
        prenom: 'Noé',
        dateNaissance: '2010-12-31',
        sexe: 'Masculin',
        numeroNational: '123456789AB',
        responsables: ['r-0a4f2c', 'r-93b7e5'],
      },
      { idPartenaire: 'e-1f9c3d', nom: "D'ALMEIDA", prenom: 'Maëlle', dateNaissance: '2012-03-01', sexe: 'Feminin', responsables: ['r-0a4f2c'] },
    ],
  });
}
