/**
 * Documents of every format full of distinctive fake names, so that a leak into a message or a
 * log line is easy to spot. No test framework here: the sandbox bundle imports this file.
 */

import type { AafFile } from '../../src/input';
import { type IdentifiantsPronote, assemblePartenaireIndex, type PartenaireIndex } from '../../src/index';

/**
 * Distinctive fake personal values. None of them is a word of the formats' vocabulary, of the
 * library's messages or of base64 at a plausible position, so finding one in a message or a log
 * line means a value leaked.
 */
export const SECRET_NAMES = ['ZORGLUB', 'Ébénézer', 'QUAXWELL', 'Hœrnglütz', 'PLUMPUDDING', 'Séraphîne', 'KRZYWDONIX', 'Yggdrasilia'] as const;
/** A distinctive birth date (and its French form), also a nominative value. */
export const SECRET_DATE = '2011-02-17';
export const SECRET_DATE_FR = '17/02/2011';
/** A distinctive opaque identifier (identifiers of people are nominative too). */
export const SECRET_ID = 'idp-MOOFLEBERRY-7';
/** Street and town, for the address fields. */
export const SECRET_ADDRESS = ['17 ALLÉE DU WOMBATORIUM', 'VILLEFRAMBOISINE'] as const;

/** Every distinctive value above, and the fragments (≥ 5 characters) a truncation could keep. */
export const SECRETS: readonly string[] = [...SECRET_NAMES, SECRET_DATE, SECRET_DATE_FR, SECRET_ID, ...SECRET_ADDRESS, 'MOOFLEBERRY', 'WOMBATORIUM', 'FRAMBOISINE'];

const DATE = '2026-09-01T08:00:00+02:00';

/** A valid PARTENAIRE_INDEX model whose every nominative value is distinctive. */
export function secretPartenaireIndex(): PartenaireIndex {
  const [a, b, c, d, e, f, g, h] = SECRET_NAMES;
  return assemblePartenaireIndex({
    date: DATE,
    partenaire: 'ENT-HARDENING',
    protocoleDelegationAuthentification: 'CAS',
    etablissements: [{ numero: '0410017W', nom: 'LYCEE TEST', adresse1: SECRET_ADDRESS[0], ville: SECRET_ADDRESS[1] }],
    personnels: [{ idPartenaire: `${SECRET_ID}-p`, nom: a, prenom: b }],
    professeurs: [{ idPartenaire: `${SECRET_ID}-t`, nom: c, prenom: d, dateNaissance: SECRET_DATE }],
    responsables: [
      { idPartenaire: `${SECRET_ID}-r1`, nom: e, prenom: f, civilite: 'Mme', adresse1: SECRET_ADDRESS[0], ville: SECRET_ADDRESS[1] },
      { idPartenaire: `${SECRET_ID}-r2`, nom: `${g} ${e}`, prenom: h, civilite: 'M' },
    ],
    eleves: [
      {
        idPartenaire: SECRET_ID,
        nom: `${a} ${c}`,
        prenom: `${b} ${h}`,
        dateNaissance: SECRET_DATE,
        sexe: 'Feminin',
        numeroNational: 'KRZYWDONIX11',
        adresse1: SECRET_ADDRESS[0],
        responsables: [`${SECRET_ID}-r1`, `${SECRET_ID}-r2`],
      },
    ],
  });
}

/** A valid identifier file model whose every nominative value is distinctive. */
export function secretIdentifiantsPronote(mode: 'Complet' | 'Partiel' = 'Complet'): IdentifiantsPronote {
  const [a, b, c, d, e, f, g, h] = SECRET_NAMES;
  const held = (id: string) => (mode === 'Complet' ? { idPartenaire: id } : {});
  return {
    version: '1',
    date: DATE,
    uai: '0410017W',
    socle: 'HARDENING',
    mode,
    personnels: [{ ident: 1, idpn: 'PN-P-1', nom: a, prenom: b, ...held(`${SECRET_ID}-p`) }],
    professeurs: [{ ident: 2, idpn: 'PN-T-1', nom: c, prenom: d, dateNaissance: SECRET_DATE }],
    responsables: [
      { ident: 3, idpn: 'PN-R-1', nom: e, prenom: f, ...held(`${SECRET_ID}-r1`) },
      { ident: 4, idpn: 'PN-R-2', nom: g, prenom: h },
    ],
    eleves: [{ ident: 5, idpn: 'PN-E-1', nom: `${a} ${c}`, prenom: `${b} ${h}`, dateNaissance: SECRET_DATE, sexe: 'Feminin', responsables: [3, 4], ...held(SECRET_ID) }],
  };
}

/** The CSV contract's header. */
export const CSV_HEADER = 'population;id_partenaire;nom;prenom;date_naissance;sexe;civilite;numero_national;adresse1;adresse2;adresse3;adresse4;code_postal;ville;pays;uai;parents';

/** A valid accounts CSV whose every nominative value is distinctive. */
export function secretCsv(): string {
  const [a, b, c, d, e, f, g, h] = SECRET_NAMES;
  return [
    CSV_HEADER,
    'etablissement;;LYCEE TEST;;;;;;;;;;41000;BLOIS;;0410017W;',
    `personnel;${SECRET_ID}-p;${a};${b};;;;;;;;;;;;0410017W;`,
    `professeur;${SECRET_ID}-t;${c};${d};${SECRET_DATE_FR};;;;;;;;;;;0410017W;`,
    `responsable;${SECRET_ID}-r1;${e};${f};;;Mme;;${SECRET_ADDRESS[0]};;;;41000;${SECRET_ADDRESS[1]};;;`,
    `responsable;${SECRET_ID}-r2;${g};${h};;;M;;;;;;;;;;`,
    `eleve;${SECRET_ID};${a} ${c};${b} ${h};${SECRET_DATE_FR};F;;KRZYWDONIX11;;;;;;;;0410017W;${SECRET_ID}-r1|${SECRET_ID}-r2`,
    '',
  ].join('\r\n');
}

/** A valid accounts JSON (the input form of assemblePartenaireIndex) with distinctive values. */
export function secretJson(): string {
  const [a, b, c, d, e, f, g, h] = SECRET_NAMES;
  return JSON.stringify(
    {
      date: DATE,
      partenaire: 'ENT-HARDENING',
      etablissements: [{ numero: '0410017W', nom: 'LYCEE TEST', adresse1: SECRET_ADDRESS[0] }],
      personnels: [{ idPartenaire: `${SECRET_ID}-p`, nom: a, prenom: b }],
      professeurs: [{ idPartenaire: `${SECRET_ID}-t`, nom: c, prenom: d, dateNaissance: SECRET_DATE }],
      responsables: [
        { idPartenaire: `${SECRET_ID}-r1`, nom: e, prenom: f, civilite: 'Mme', ville: SECRET_ADDRESS[1] },
        { idPartenaire: `${SECRET_ID}-r2`, nom: g, prenom: h },
      ],
      eleves: [{ idPartenaire: SECRET_ID, nom: `${a} ${c}`, prenom: `${b} ${h}`, dateNaissance: SECRET_DATE, sexe: 'Feminin', responsables: [`${SECRET_ID}-r1`, `${SECRET_ID}-r2`] }],
    },
    null,
    2,
  );
}

/** The external DOCTYPE every AAF file declares. */
export const AAF_DOCTYPE = '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">';

function aafAttrs(map: Record<string, string | readonly string[]>): string {
  return Object.entries(map)
    .map(([name, v]) => `<attr name="${name}">${(typeof v === 'string' ? [v] : v).map((x) => `<value>${x}</value>`).join('')}</attr>`)
    .join('\n');
}

function aafRequest(category: string, id: string, attributes: Record<string, string | readonly string[]>): string {
  const op = category === 'EtabEducNat' ? 'categorieStructure' : 'categoriePersonne';
  return `<addRequest>\n<operationalAttributes><attr name="${op}"><value>${category}</value></attr></operationalAttributes>\n<identifier><id>${id}</id></identifier>\n<attributes>\n${aafAttrs(attributes)}\n</attributes>\n</addRequest>\n`;
}

/** The text of a UTF-8 AAF file: declaration, external DOCTYPE, root, `body`. */
export function aafText(body: string, doctype = AAF_DOCTYPE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}\n<ficAlimMENESR>\n${body}</ficAlimMENESR>\n`;
}

/** The body of a one-school AAF feed (school, teacher, parent, student) with distinctive values. */
export function secretAafBody(): string {
  const [a, b, c, d, e, f] = SECRET_NAMES;
  return (
    aafRequest('EtabEducNat', '5001', { ENTStructureUAI: '0410017W', ENTStructureNomCourant: 'LYCEE TEST' }) +
    aafRequest('PersEducNat', '6001', { sn: c, givenName: d, ENTPersonDateNaissance: SECRET_DATE_FR, ENTPersonStructRattach: '5001', ENTPersonCategorieEnseignant: 'true' }) +
    aafRequest('PersRelEleve', '7001', { sn: e, givenName: f, personalTitle: 'Mme', ENTPersonAdresse: `${SECRET_ADDRESS[0]}$$`, ENTPersonVille: SECRET_ADDRESS[1] }) +
    aafRequest('Eleve', '9001', { sn: a, givenName: b, ENTPersonDateNaissance: SECRET_DATE_FR, personalTitle: 'Mme', ENTPersonStructRattach: '5001', ENTElevePersRelEleve: '7001' })
  );
}

/** One AAF file of the secret feed, as the reader takes it. */
export function secretAafFile(text = aafText(secretAafBody())): AafFile {
  return { name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: new TextEncoder().encode(text) };
}

/** The options every AAF read of these suites uses (ids resolved to distinctive ENT ids). */
export const AAF_OPTIONS = { resolveId: (id: string) => `${SECRET_ID}-${id}`, date: DATE, partenaire: 'ENT-HARDENING' } as const;

/** The options every CSV/JSON read of these suites uses. */
export const INPUT_OPTIONS = { date: DATE, partenaire: 'ENT-HARDENING' } as const;

/** The secrets found in `text` (case-insensitive, also after Unicode normalisation). */
export function leakedSecrets(text: string, secrets: readonly string[] = SECRETS): string[] {
  const hay = text.normalize('NFC').toLowerCase();
  return secrets.filter((s) => hay.includes(s.normalize('NFC').toLowerCase()));
}
