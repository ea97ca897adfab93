/**
 * The typed model of `PARTENAIRE_INDEX` version 2.0, the ENT account export read by PRONOTE
 * (namespace {@link PARTENAIRE_INDEX_NAMESPACE}). Field names mirror the XML attributes in
 * camel case (`ID_Partenaire` → `idPartenaire`).
 *
 * Conventions of the model:
 * - every list is present (possibly empty); an empty population list is simply not written
 *   (the schema wants 1..n children when the element is present);
 * - optional attributes are `undefined` when absent; an empty string is a value;
 * - dates are strings: `date` an `xs:dateTime`, `dateNaissance` an `xs:date` (`YYYY-MM-DD`);
 * - `Ident`s are integers 0…4294967295 (`xs:unsignedInt`).
 *
 * @module
 */

/** Namespace of `PARTENAIRE_INDEX` v2.0. */
export const PARTENAIRE_INDEX_NAMESPACE = 'http://www.index-education.com/rapprochementssoV2.0';

/** `Masculin` or `Feminin`, as the schema spells them. */
export type Sexe = 'Masculin' | 'Feminin';

/** Authentication delegation protocol announced by the ENT. */
export type ProtocoleDelegationAuthentification = 'CAS' | 'ADFS';

/** The address attributes shared by schools and people (all optional). */
export interface Adresse {
  adresse1?: string;
  adresse2?: string;
  adresse3?: string;
  adresse4?: string;
  codePostal?: string;
  ville?: string;
  pays?: string;
}

/** A civility of the nomenclature (`Nomenclatures/Civilites/Civilite`). */
export interface Civilite {
  /** Referenced by `Responsable/Civilite/@Ident`. */
  ident: number;
  /** Label, e.g. `M`, `Mme`. */
  libelle: string;
}

/** The optional `Nomenclatures` element. */
export interface Nomenclatures {
  /** `Civilites`, absent when undefined; 1..n entries when present. */
  civilites?: Civilite[];
}

/** A school (`Etablissements/Etablissement`). */
export interface Etablissement extends Adresse {
  ident: number;
  /** UAI (RNE) of the school, 7 digits + 1 letter. */
  numero: string;
  nom: string;
  telSecretariat?: string;
  telScolarite?: string;
  fax?: string;
  /** `EMail` attribute. */
  email?: string;
}

/** A school to initialise in EDT/PRONOTE (`EtablissementsGeres/Etablissement`). */
export interface EtablissementGere {
  /** Ident of an `Etablissements/Etablissement`. */
  ident: number;
}

/** Common attributes of every person. */
export interface PersonneBase extends Adresse {
  /** Unique in the file (one counter shared by all people, by convention). */
  ident: number;
  nom: string;
  prenom: string;
  /** The ENT's opaque identifier of the account (whitespace preserved). */
  idPartenaire: string;
}

/** A member of staff who is not a teacher (`Personnels/Personnel`). */
export type Personnel = PersonneBase;

/** A teacher (`Professeurs/Professeur`). */
export interface Professeur extends PersonneBase {
  /** `xs:date`. */
  dateNaissance?: string;
}

/** A parent or legal guardian (`Responsables/Responsable`). */
export interface Responsable extends PersonneBase {
  /** Ident of a nomenclature `Civilite` (the `Civilite` child element). */
  civilite?: number;
}

/** A student (`Eleves/Eleve`). */
export interface Eleve extends PersonneBase {
  /** `xs:date`, required. */
  dateNaissance: string;
  sexe?: Sexe;
  /** SIECLE `ID_NATIONAL` (the INE). */
  numeroNational?: string;
  /** Idents of the student's `Responsables/Responsable`, in order (the `Responsable` children). */
  responsables: number[];
}

/** The whole `PARTENAIRE_INDEX` document. */
export interface PartenaireIndex {
  /** Export date, `xs:dateTime`. */
  date: string;
  /** The partner ID issued by Index-Education. */
  partenaire: string;
  protocoleDelegationAuthentification?: ProtocoleDelegationAuthentification;
  /** `Nomenclatures`, absent when undefined. */
  nomenclatures?: Nomenclatures;
  /** 1..n schools. */
  etablissements: Etablissement[];
  /** 1..n schools to initialise (idents of `etablissements`). */
  etablissementsGeres: EtablissementGere[];
  personnels: Personnel[];
  professeurs: Professeur[];
  responsables: Responsable[];
  eleves: Eleve[];
}

/** The four populations of people, in document order. */
export type Population = 'personnels' | 'professeurs' | 'responsables' | 'eleves';

/** The populations in document order. */
export const POPULATIONS: readonly Population[] = ['personnels', 'professeurs', 'responsables', 'eleves'];

/** The civility nomenclature of the public ENT implementation: `M`=2, `Mme`=1, `undefined`=0. */
export const DEFAULT_CIVILITES: readonly Readonly<Civilite>[] = Object.freeze([
  Object.freeze({ ident: 2, libelle: 'M' }),
  Object.freeze({ ident: 1, libelle: 'Mme' }),
  Object.freeze({ ident: 0, libelle: 'undefined' }),
]);
