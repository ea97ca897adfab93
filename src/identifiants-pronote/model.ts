/**
 * The typed model of the PRONOTE identifier file `IdPN_To_<ENT>.xml` (root
 * `IDENTIFIANTS_PRONOTE`), as modelled by this project: Index-Education has not published its
 * schema (see the README). Attribute names mirror the XML in camel case (`IDPN` → `idpn`,
 * `ID_Partenaire` → `idPartenaire`).
 *
 * Conventions:
 * - every population list is present (possibly empty); an empty list is simply not written;
 * - optional attributes are `undefined` when absent (the reader turns an empty optional
 *   attribute into an absent one);
 * - `date` is an `xs:dateTime`; birth dates are `YYYY-MM-DD`;
 * - `Ident`s are integers 0…4294967295 (`xs:unsignedInt`), unique in the file;
 * - what the lenient reader does not know is kept in `extra` bags (see {@link Extra}) and written
 *   back by the builder; empty bags are never produced by the reader (leave them `undefined`).
 *
 * @module
 */

import type { Population, Sexe } from '../partenaire-index/model';

/** The model version this library writes (`Version` attribute). */
export const IDENTIFIANTS_PRONOTE_VERSION = '1';

/** Name of the root element. */
export const IDENTIFIANTS_PRONOTE_ROOT = 'IDENTIFIANTS_PRONOTE';

/** `Complet` (everyone, start of year) or `Partiel` (only people without an ENT identifier). */
export type IdentifiantsPronoteMode = 'Complet' | 'Partiel';

/** The two modes, as written in the `Mode` attribute. */
export const IDENTIFIANTS_PRONOTE_MODES: readonly IdentifiantsPronoteMode[] = ['Complet', 'Partiel'];

/** An element the model does not know, kept as read (lenient reader). */
export interface ExtraElement {
  /** Name as written (an XML `Name`; a prefix, if any, is kept as written). */
  name: string;
  /** Attributes as written, in order (possibly empty). */
  attributes: Record<string, string>;
  /** Child elements, in order (possibly empty). */
  children: ExtraElement[];
  /**
   * Character data directly inside the element (all pieces concatenated), when it holds
   * something other than white space; undefined otherwise.
   */
  text?: string;
}

/** Unknown attributes, elements and text met on a known element, kept so that nothing is lost. */
export interface Extra {
  /** Unknown attributes by name as written. */
  attributes?: Record<string, string>;
  /** Unknown child elements, in order. */
  elements?: ExtraElement[];
  /** Character data found directly inside the known element (not expected by the model). */
  text?: string;
}

/** What every person of the identifier file carries. */
export interface PronotePersonne {
  /** Unique in the file. */
  ident: number;
  /**
   * The PRONOTE identifier of the person (`IDPN`, 16 upper-case letters and digits in PRONOTE's
   * exports), unique within its population. Required for teachers, parents and students; staff
   * (`Personnel`) may have none (PRONOTE's partner exports carry no `IDPN` for staff, who are
   * matched by identity).
   */
  idpn?: string;
  /** Last name (`Nom`), as PRONOTE holds it. */
  nom: string;
  /** First name (`Prenom`). */
  prenom: string;
  /** `YYYY-MM-DD`; required for students. */
  dateNaissance?: string;
  /** The ENT (CAS) identifier PRONOTE already holds for the person; absent when none. */
  idPartenaire?: string;
  /** Unknown attributes/elements kept by the lenient reader. */
  extra?: Extra;
}

/** A member of staff (`Personnels/Personnel`): `idpn` may be absent. */
export type PronotePersonnel = PronotePersonne;

/** A teacher (`Professeurs/Professeur`): `idpn` required. */
export type PronoteProfesseur = PronotePersonne & { idpn: string };

/** A parent (`Responsables/Responsable`): `idpn` required. */
export type PronoteResponsable = PronotePersonne & { idpn: string };

/** A student (`Eleves/Eleve`): `idpn` required. */
export interface PronoteEleve extends PronotePersonne {
  idpn: string;
  /** `YYYY-MM-DD`, required. */
  dateNaissance: string;
  /** `Masculin` or `Feminin` (the reader also accepts the variants listed in its documentation). */
  sexe?: Sexe;
  /** Idents of the student's `Responsables/Responsable`, in order (`Eleve/Responsable/@Ident`). */
  responsables: number[];
  /**
   * Unknown attributes/elements of the `Eleve/Responsable` reference elements, parallel to
   * {@link PronoteEleve.responsables} (same length; `undefined` entries for plain references).
   * Absent when no reference has any.
   */
  responsablesExtra?: (Extra | undefined)[];
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
  /** `Complet` or `Partiel`: a `Partiel` document carries no `ID_Partenaire`. */
  mode: IdentifiantsPronoteMode;
  /** Staff (`Personnels/Personnel`). */
  personnels: PronotePersonnel[];
  /** Teachers (`Professeurs/Professeur`). */
  professeurs: PronoteProfesseur[];
  /** Parents (`Responsables/Responsable`). */
  responsables: PronoteResponsable[];
  /** Students (`Eleves/Eleve`). */
  eleves: PronoteEleve[];
  /** Unknown root attributes/elements kept by the lenient reader. */
  extra?: Extra;
  /**
   * Unknown attributes/elements/text of the population elements (`Personnels`, `Professeurs`,
   * `Responsables`, `Eleves`), by population. A population element carrying extras is written
   * even when its list is empty.
   */
  containerExtra?: Partial<Record<Population, Extra>>;
}
