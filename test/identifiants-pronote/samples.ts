/**
 * Sample identifier documents for one fictional school (UAI 0410017W, ENT KOSMOS): the complete
 * export of the start of the year and the partial export of the new arrivals.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IdentifiantsPronote } from '../../src/index';

export const DATA = fileURLToPath(new URL('../data/identifiants-pronote/', import.meta.url));

export function data(name: string): Buffer {
  return readFileSync(`${DATA}${name}`);
}

/** Everyone PRONOTE knows; those already linked carry an ENT identifier. */
export function completeDoc(): IdentifiantsPronote {
  return {
    version: '1',
    date: '2026-09-01T08:00:00+02:00',
    uai: '0410017W',
    socle: 'KOSMOS',
    mode: 'Complet',
    personnels: [
      { ident: 1, idpn: 'PN-P-0001', nom: 'DURAND', prenom: 'Claire', idPartenaire: 'ent-7c1e' },
      { ident: 2, idpn: 'PN-P-0002', nom: "L'HÔTE", prenom: 'Jean-Noël' },
    ],
    professeurs: [
      { ident: 3, idpn: 'PN-T-0001', nom: 'BERNARD', prenom: 'Éloïse', dateNaissance: '1980-02-29', idPartenaire: 'ent-91aa' },
      { ident: 4, idpn: 'PN-T-0002', nom: 'NGUYEN', prenom: 'Minh', dateNaissance: '1975-07-14' },
    ],
    responsables: [
      { ident: 5, idpn: 'PN-R-0001', nom: 'MARTIN', prenom: 'Zoé', idPartenaire: 'ent-3f02' },
      { ident: 6, idpn: 'PN-R-0002', nom: 'MARTIN', prenom: 'Paul' },
      { ident: 7, idpn: 'PN-R-0003', nom: 'Ó SÚILLEABHÁIN', prenom: 'Aoife', idPartenaire: 'ent-e55d' },
    ],
    eleves: [
      { ident: 8, idpn: 'PN-E-0001', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', sexe: 'Masculin', idPartenaire: 'ent-0b17', responsables: [5, 6] },
      { ident: 9, idpn: 'PN-E-0002', nom: 'MARTIN', prenom: 'Léa', dateNaissance: '2012-03-01', sexe: 'Feminin', responsables: [5, 6] },
      { ident: 10, idpn: 'PN-E-0003', nom: 'Ó SÚILLEABHÁIN', prenom: 'Cian', dateNaissance: '2011-06-15', responsables: [7] },
    ],
  };
}

/** What the partial export of {@link completeDoc} carries: the people without an identifier. */
export function partialDoc(): IdentifiantsPronote {
  return {
    version: '1',
    date: '2026-09-01T08:00:00+02:00',
    uai: '0410017W',
    socle: 'KOSMOS',
    mode: 'Partiel',
    personnels: [{ ident: 2, idpn: 'PN-P-0002', nom: "L'HÔTE", prenom: 'Jean-Noël' }],
    professeurs: [{ ident: 4, idpn: 'PN-T-0002', nom: 'NGUYEN', prenom: 'Minh', dateNaissance: '1975-07-14' }],
    responsables: [{ ident: 6, idpn: 'PN-R-0002', nom: 'MARTIN', prenom: 'Paul' }],
    eleves: [
      { ident: 9, idpn: 'PN-E-0002', nom: 'MARTIN', prenom: 'Léa', dateNaissance: '2012-03-01', sexe: 'Feminin', responsables: [6] },
      { ident: 10, idpn: 'PN-E-0003', nom: 'Ó SÚILLEABHÁIN', prenom: 'Cian', dateNaissance: '2011-06-15', responsables: [] },
    ],
  };
}
