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

import type { Population } from '../partenaire-index/model';
import type { EnumOf, ModelOf, PersonHolder } from './vocabulary';

/** The model version this library writes (`Version` attribute). */
export const IDENTIFIANTS_PRONOTE_VERSION = '1';

/** Name of the root element. */
export const IDENTIFIANTS_PRONOTE_ROOT = 'IDENTIFIANTS_PRONOTE';

/** `Complet` (everyone, start of year) or `Partiel` (only people without an ENT identifier). */
export type IdentifiantsPronoteMode = EnumOf<'Mode'>;

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

/** What the lenient reader keeps on a person besides its attributes. */
interface PersonExtra {
  /** Unknown attributes/elements kept by the lenient reader. */
  extra?: Extra;
}

/**
 * What every person of the identifier file carries: the attributes all populations share
 * (derived from the vocabulary, `src/identifiants-pronote/vocabulary.ts`): `ident` (unique in
 * the file), `idpn` (the PRONOTE identifier, unique within its population; staff may have none),
 * `nom`, `prenom`, `dateNaissance` (`YYYY-MM-DD`) and `idPartenaire` (the ENT identifier PRONOTE
 * already holds; absent when none).
 */
export interface PronotePersonne extends ModelOf<PersonHolder>, PersonExtra {}

/** A member of staff (`Personnels/Personnel`): `idpn` may be absent. Attributes from the vocabulary. */
export type PronotePersonnel = ModelOf<'personnel'> & PersonExtra;

/** A teacher (`Professeurs/Professeur`): `idpn` required. Attributes from the vocabulary. */
export type PronoteProfesseur = ModelOf<'professeur'> & PersonExtra;

/** A parent (`Responsables/Responsable`): `idpn` required. Attributes from the vocabulary. */
export type PronoteResponsable = ModelOf<'responsable'> & PersonExtra;

/**
 * A student (`Eleves/Eleve`): `idpn` and `dateNaissance` required, `sexe` (`Masculin` or
 * `Feminin`) optional; attributes from the vocabulary.
 */
export interface PronoteEleve extends ModelOf<'eleve'>, PersonExtra {
  /** Idents of the student's `Responsables/Responsable`, in order (`Eleve/Responsable/@Ident`). */
  responsables: number[];
  /**
   * Unknown attributes/elements of the `Eleve/Responsable` reference elements, parallel to
   * {@link PronoteEleve.responsables} (same length; `undefined` entries for plain references).
   * Absent when no reference has any.
   */
  responsablesExtra?: (Extra | undefined)[];
}

/**
 * The whole `IDENTIFIANTS_PRONOTE` document. Its root attributes come from the vocabulary:
 * `version` (`1`), `date` (`xs:dateTime`), `uai` (the school), `socle` (the ENT name chosen in
 * PRONOTE, which also names the file `IdPN_To_<Socle>.xml`) and `mode` (a `Partiel` document
 * carries no `ID_Partenaire`).
 */
export interface IdentifiantsPronote extends ModelOf<'root'> {
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
