/**
 * The typed model of the PRONOTE identifier file `IdPN_To_<ENT>.xml` (root
 * `IDENTIFIANTS_PRONOTE`), as modelled by this project: Index-Education has not published its
 * schema (see the README). Attribute names mirror the XML in camel case (`IDPN` → `idpn`,
 * `ID_Partenaire` → `idPartenaire`).
 *
 * Conventions: every list is present (possibly empty); optional attributes are `undefined` when
 * absent; `date` is an `xs:dateTime`; birth dates are `YYYY-MM-DD`.
 *
 * @module
 */

import type { Sexe } from '../partenaire-index/model';

/** The model version this library writes (`Version` attribute). */
export const IDENTIFIANTS_PRONOTE_VERSION = '1';

/** `Complet` (everyone, start of year) or `Partiel` (only people without an ENT identifier). */
export type ModeIdentifiants = 'Complet' | 'Partiel';

/** An element the model does not know, kept as read (lenient reader). */
export interface ExtraElement {
  /** Name as written. */
  name: string;
  /** Attributes as written, in order. */
  attributes: Record<string, string>;
  /** Child elements. */
  children: ExtraElement[];
  /** Character data, when not empty. */
  text?: string;
}

/** Unknown attributes and elements met on an element, kept so that nothing is lost. */
export interface Extra {
  /** Unknown attributes by name as written. */
  attributes?: Record<string, string>;
  /** Unknown child elements, in order. */
  elements?: ExtraElement[];
}

/** What every person of the identifier file carries. */
export interface PersonnePronote {
  /** Unique in the file. */
  ident: number;
  /** The PRONOTE identifier of the person (`IDPN`). */
  idpn: string;
  nom: string;
  prenom: string;
  /** `YYYY-MM-DD`; required for students. */
  dateNaissance?: string;
  /** The ENT (CAS) identifier PRONOTE already holds for the person; absent when none. */
  idPartenaire?: string;
  /** Unknown attributes/elements kept by the lenient reader. */
  extra?: Extra;
}

/** A member of staff (`Personnels/Personnel`). */
export type PronotePersonnel = PersonnePronote;

/** A teacher (`Professeurs/Professeur`). */
export type PronoteProfesseur = PersonnePronote;

/** A parent (`Responsables/Responsable`). */
export type PronoteResponsable = PersonnePronote;

/** A student (`Eleves/Eleve`). */
export interface PronoteEleve extends PersonnePronote {
  /** `YYYY-MM-DD`, required. */
  dateNaissance: string;
  sexe?: Sexe;
  /** Idents of the student's `Responsables/Responsable`, in order. */
  responsables: number[];
}

/** The whole `IDENTIFIANTS_PRONOTE` document. */
export interface IdentifiantsPronote {
  /** Model version (`1`). */
  version: string;
  /** Export date, `xs:dateTime`. */
  date: string;
  /** UAI of the school. */
  uai: string;
  /** The ENT name chosen in PRONOTE (`KOSMOS`, …); also names the file `IdPN_To_<Socle>.xml`. */
  socle: string;
  mode: ModeIdentifiants;
  personnels: PronotePersonnel[];
  professeurs: PronoteProfesseur[];
  responsables: PronoteResponsable[];
  eleves: PronoteEleve[];
  /** Unknown root attributes/elements kept by the lenient reader. */
  extra?: Extra;
}
