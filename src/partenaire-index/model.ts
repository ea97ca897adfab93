/**
 * The typed model of `PARTENAIRE_INDEX` version 2.0, the ENT account export read by PRONOTE
 * (namespace {@link PARTENAIRE_INDEX_NAMESPACE}; see `docs/formats/partenaire-index.md`). Field names mirror the XML attributes in
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

import type { ModelOf, Population } from './vocabulary';

/** Namespace of `PARTENAIRE_INDEX` v2.0. */
export const PARTENAIRE_INDEX_NAMESPACE = 'http://www.index-education.com/rapprochementssoV2.0';

/** `Masculin` or `Feminin`, as the schema spells them. */
export type Sexe = NonNullable<ModelOf<'eleve'>['sexe']>;

/** Authentication delegation protocol announced by the ENT. */
export type ProtocoleDelegationAuthentification = NonNullable<ModelOf<'root'>['protocoleDelegationAuthentification']>;

/** The address attributes shared by schools and people (all optional). */
export type Adresse = Pick<ModelOf<'eleve'>, 'adresse1' | 'adresse2' | 'adresse3' | 'adresse4' | 'codePostal' | 'ville' | 'pays'>;

/** A civility of the nomenclature (`Nomenclatures/Civilites/Civilite`): `ident`, `libelle` (e.g. `M`, `Mme`). */
export type Civilite = ModelOf<'civilite'>;

/** The optional `Nomenclatures` element. */
export interface Nomenclatures {
  /** `Civilites`, absent when undefined; 1..n entries when present. */
  civilites?: Civilite[];
}

/**
 * A school (`Etablissements/Etablissement`): `ident`, `numero` (the UAI, 7 digits + 1 letter),
 * `nom`, the address, `telSecretariat`, `telScolarite`, `fax`, `email` (the `EMail` attribute).
 */
export type Etablissement = ModelOf<'etablissement'>;

/** A school to initialise in EDT/PRONOTE (`EtablissementsGeres/Etablissement`): the `ident` of an `Etablissements/Etablissement`. */
export type EtablissementGere = ModelOf<'etablissementGere'>;

/**
 * Common attributes of every person: `ident` (unique in the file, one counter shared by all
 * people by convention), `nom`, `prenom`, `idPartenaire` (the ENT's opaque identifier of the
 * account, white space preserved), the address.
 */
export type PersonneBase = ModelOf<'personnel'>;

/** A member of staff who is not a teacher (`Personnels/Personnel`). */
export type Personnel = ModelOf<'personnel'>;

/** A teacher (`Professeurs/Professeur`); `dateNaissance` is an optional `xs:date`. */
export type Professeur = ModelOf<'professeur'>;

/** A parent or legal guardian (`Responsables/Responsable`). */
export type Responsable = ModelOf<'responsable'> & {
  /** Ident of a nomenclature `Civilite` (the `Civilite` child element). */
  civilite?: number;
};

/**
 * A student (`Eleves/Eleve`): `dateNaissance` (`xs:date`, required), `sexe`, `numeroNational`
 * (SIECLE `ID_NATIONAL`, the INE) and the common attributes.
 */
export type Eleve = ModelOf<'eleve'> & {
  /** Idents of the student's `Responsables/Responsable`, in order (the `Responsable` children). */
  responsables: number[];
};

/**
 * The whole `PARTENAIRE_INDEX` document: `date` (the export date, `xs:dateTime`), `partenaire`
 * (the partner ID issued by Index-Education), the optional `protocoleDelegationAuthentification`
 * and the lists.
 */
export type PartenaireIndex = ModelOf<'root'> & {
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
};

export type { Population };

/** The populations in document order. */
export const POPULATIONS: readonly Population[] = ['personnels', 'professeurs', 'responsables', 'eleves'];

/** The civility nomenclature of the public ENT implementation: `M`=2, `Mme`=1, `undefined`=0. */
export const DEFAULT_CIVILITES: readonly Readonly<Civilite>[] = Object.freeze([
  Object.freeze({ ident: 2, libelle: 'M' }),
  Object.freeze({ ident: 1, libelle: 'Mme' }),
  Object.freeze({ ident: 0, libelle: 'undefined' }),
]);
