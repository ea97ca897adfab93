/** The accounts and validations the golden CAS files are built from. */

import type { CasValidationSuccess } from '../../src/cas';

/** A student of an entcore ENT, a teacher-parent of laclasse, a GIP-RECIA student. */
export const ELEVE = { idPartenaire: 'e-91c2d0', login: 'noe.martin', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', codePostal: '41000' } as const;
export const PROF_PARENT = { idPartenaire: 'p-4d7a10', login: 'zoe.durand-lefevre', nom: "D'ARTAGNAN & FILS", prenom: 'Zoé', dateNaissance: '1980-02-29', codePostal: '69003' } as const;

/** A validation with a proxy-granting ticket IOU and two proxies (CAS 2.0 /proxyValidate). */
export const PROXIED: CasValidationSuccess = {
  ok: true,
  user: 'e-91c2d0',
  attributes: { nom: ['MARTIN'], prenom: ['Noé'], categories: ['National_1'] },
  proxyGrantingTicket: 'PGTIOU-84678-8a9d2sfa23casd',
  proxies: ['https://proxy2.example.org/pgtUrl', 'https://proxy1.example.org/pgtUrl'],
};
