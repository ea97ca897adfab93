/**
 * The vocabulary of `PARTENAIRE_INDEX` v2.0, declared once: every attribute with its XML name,
 * model field (also its JSON name), value type, the elements that carry it (required or
 * optional there) and its CSV column. The model types ({@link ModelOf}), the reader's name
 * tables, the writer's attribute order, the validator's field rules and the account inputs'
 * field lists are derived from this table, and so is `schema/partenaire-index.xsd`
 * (`src/partenaire-index/xsd.ts`, written by `npm run schema`);
 * `test/partenaire-index/vocabulary.test.ts` checks it against that schema.
 *
 * Adding an optional attribute to a population: add one entry to {@link ATTRIBUTES} (in the
 * position it is written) and its tests, then run `npm run schema`. See
 * `docs/formats/partenaire-index.md`.
 *
 * @module
 */

import { recordOf } from '../common/records';

/**
 * The value types of attributes:
 * - `ident`: `xs:unsignedInt`, a number 0…4294967295 in the model;
 * - `string`: any string (`xs:string`);
 * - `name`: a string that must not be empty;
 * - `idPartenaire`: the ENT's opaque identifier, never empty, white space preserved;
 * - `uai`: a UAI, 7 digits and an upper-case letter;
 * - `date`: `xs:date` (`YYYY-MM-DD`); `dateTime`: `xs:dateTime`;
 * - `enum`: one of {@link AttributeSpec.values}.
 */
export type ValueType = 'ident' | 'string' | 'name' | 'idPartenaire' | 'uai' | 'date' | 'dateTime' | 'enum';

/** The elements that carry attributes (`eleve` is `Eleves/Eleve`, `root` is `PARTENAIRE_INDEX`). */
export type Holder = 'root' | 'civilite' | 'etablissement' | 'etablissementGere' | 'personnel' | 'professeur' | 'responsable' | 'eleve';

/** The holders, in document order. */
export const HOLDERS: readonly Holder[] = ['root', 'civilite', 'etablissement', 'etablissementGere', 'personnel', 'professeur', 'responsable', 'eleve'];

/** Whether an attribute must be present on a holder. */
export type Use = 'required' | 'optional';

/** One attribute of the vocabulary. */
export interface AttributeSpec {
  /** Attribute name in the XML (`NumeroNational`). */
  readonly xml: string;
  /** Field of the model and key of the JSON input (`numeroNational`). */
  readonly field: string;
  /** Value type. */
  readonly type: ValueType;
  /** The allowed values of an `enum`. */
  readonly values?: readonly string[];
  /** The elements that carry it, and whether it is required there. */
  readonly on: Readonly<Partial<Record<Holder, Use>>>;
  /** Column of the CSV input (people and schools), when it has one. */
  readonly csv?: string;
}

const ADDRESS_ON = { etablissement: 'optional', personnel: 'optional', professeur: 'optional', responsable: 'optional', eleve: 'optional' } as const;
const PEOPLE_REQUIRED = { personnel: 'required', professeur: 'required', responsable: 'required', eleve: 'required' } as const;

/**
 * Every attribute of `PARTENAIRE_INDEX`, in the order the writer writes them on each element.
 * (The child elements `Responsable/Civilite` and `Eleve/Responsable` are in {@link CHILDREN}.)
 */
export const ATTRIBUTES = [
  { xml: 'Date', field: 'date', type: 'dateTime', on: { root: 'required' } },
  { xml: 'Partenaire', field: 'partenaire', type: 'name', on: { root: 'required' } },
  { xml: 'ProtocoleDelegationAuthentification', field: 'protocoleDelegationAuthentification', type: 'enum', values: ['CAS', 'ADFS'], on: { root: 'optional' } },
  { xml: 'Ident', field: 'ident', type: 'ident', on: { civilite: 'required', etablissement: 'required', etablissementGere: 'required', ...PEOPLE_REQUIRED } },
  { xml: 'Libelle', field: 'libelle', type: 'string', on: { civilite: 'required' } },
  { xml: 'Numero', field: 'numero', type: 'uai', on: { etablissement: 'required' }, csv: 'uai' },
  { xml: 'Nom', field: 'nom', type: 'name', on: { etablissement: 'required', ...PEOPLE_REQUIRED }, csv: 'nom' },
  { xml: 'Prenom', field: 'prenom', type: 'name', on: PEOPLE_REQUIRED, csv: 'prenom' },
  { xml: 'DateNaissance', field: 'dateNaissance', type: 'date', on: { professeur: 'optional', eleve: 'required' }, csv: 'date_naissance' },
  { xml: 'Sexe', field: 'sexe', type: 'enum', values: ['Masculin', 'Feminin'], on: { eleve: 'optional' }, csv: 'sexe' },
  { xml: 'ID_Partenaire', field: 'idPartenaire', type: 'idPartenaire', on: PEOPLE_REQUIRED, csv: 'id_partenaire' },
  { xml: 'NumeroNational', field: 'numeroNational', type: 'string', on: { eleve: 'optional' }, csv: 'numero_national' },
  { xml: 'Adresse1', field: 'adresse1', type: 'string', on: ADDRESS_ON, csv: 'adresse1' },
  { xml: 'Adresse2', field: 'adresse2', type: 'string', on: ADDRESS_ON, csv: 'adresse2' },
  { xml: 'Adresse3', field: 'adresse3', type: 'string', on: ADDRESS_ON, csv: 'adresse3' },
  { xml: 'Adresse4', field: 'adresse4', type: 'string', on: ADDRESS_ON, csv: 'adresse4' },
  { xml: 'CodePostal', field: 'codePostal', type: 'string', on: ADDRESS_ON, csv: 'code_postal' },
  { xml: 'Ville', field: 'ville', type: 'string', on: ADDRESS_ON, csv: 'ville' },
  { xml: 'Pays', field: 'pays', type: 'string', on: ADDRESS_ON, csv: 'pays' },
  { xml: 'TelSecretariat', field: 'telSecretariat', type: 'string', on: { etablissement: 'optional' } },
  { xml: 'TelScolarite', field: 'telScolarite', type: 'string', on: { etablissement: 'optional' } },
  { xml: 'Fax', field: 'fax', type: 'string', on: { etablissement: 'optional' } },
  { xml: 'EMail', field: 'email', type: 'string', on: { etablissement: 'optional' } },
] as const satisfies readonly AttributeSpec[];

/** The child elements of people that reference another element by its `Ident`. */
export const CHILDREN = [
  /** `Responsable/Civilite/@Ident` → `civilite` (0..1, a nomenclature `Civilite`). */
  { xml: 'Civilite', field: 'civilite', on: 'responsable', multiple: false, csv: 'civilite' },
  /** `Eleve/Responsable/@Ident` → `responsables` (0..n, idents of `Responsables/Responsable`). */
  { xml: 'Responsable', field: 'responsables', on: 'eleve', multiple: true, csv: 'parents' },
] as const;

/** The four populations of people (model keys), in document order. */
export type Population = 'personnels' | 'professeurs' | 'responsables' | 'eleves';

/** Names of a population: its list element, item element, holder. */
export interface PopulationNames {
  readonly population: Population;
  /** List element (`Eleves`). */
  readonly container: string;
  /** Item element (`Eleve`). */
  readonly element: string;
  /** Holder of its attributes in {@link ATTRIBUTES} (`eleve`). */
  readonly holder: Holder;
  /** Value of the CSV `population` column (`eleve`). */
  readonly csv: string;
}

/** The lists of a `PartenaireIndex` model (argument checks tell a model from a reader's result by them). */
export const MODEL_LISTS: readonly string[] = ['etablissements', 'etablissementsGeres', 'personnels', 'professeurs', 'responsables', 'eleves'];

/** The populations with their names, in document order. */
export const POPULATION_NAMES: readonly PopulationNames[] = [
  { population: 'personnels', container: 'Personnels', element: 'Personnel', holder: 'personnel', csv: 'personnel' },
  { population: 'professeurs', container: 'Professeurs', element: 'Professeur', holder: 'professeur', csv: 'professeur' },
  { population: 'responsables', container: 'Responsables', element: 'Responsable', holder: 'responsable', csv: 'responsable' },
  { population: 'eleves', container: 'Eleves', element: 'Eleve', holder: 'eleve', csv: 'eleve' },
];

// ---------------------------------------------------------------------------------------------
// Types derived from the table.

type Spec = (typeof ATTRIBUTES)[number];
type SpecOn<H extends Holder> = Extract<Spec, { on: { readonly [K in H]: Use } }>;
type ValueOf<S extends Spec> = S['type'] extends 'ident' ? number : S extends { values: readonly (infer V)[] } ? V : string;
type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * The model of a holder's attributes, derived from {@link ATTRIBUTES}: required attributes are
 * required fields, optional ones optional (`undefined` when absent).
 */
export type ModelOf<H extends Holder> = Simplify<
  { -readonly [S in SpecOn<H> as S['on'][H] extends 'required' ? S['field'] : never]: ValueOf<S> } & {
    -readonly [S in SpecOn<H> as S['on'][H] extends 'optional' ? S['field'] : never]?: ValueOf<S>;
  }
>;

/** The model fields of a holder (attributes only). */
export type FieldOf<H extends Holder> = keyof ModelOf<H> & string;

// ---------------------------------------------------------------------------------------------
// Tables derived from the vocabulary for the reader, the writer and the validator.

/** An attribute as a holder sees it. */
export interface HolderAttribute {
  readonly spec: AttributeSpec;
  readonly xml: string;
  readonly field: string;
  readonly type: ValueType;
  readonly required: boolean;
  /** The bit of the attribute in the reader's "seen" mask. */
  readonly bit: number;
  /** ` Name="`, what the writer writes before the value. */
  readonly pre: string;
}

/** The attributes of one holder, in writing order, with lookup tables. */
export interface HolderTable {
  readonly holder: Holder;
  readonly attributes: readonly HolderAttribute[];
  /** XML name → attribute. */
  readonly byXml: ReadonlyMap<string, HolderAttribute>;
  /** The bits of the required attributes. */
  readonly requiredMask: number;
}

function holderTable(holder: Holder): HolderTable {
  const attributes: HolderAttribute[] = [];
  for (const spec of ATTRIBUTES as readonly AttributeSpec[]) {
    const use = spec.on[holder];
    if (use === undefined) continue;
    attributes.push({ spec, xml: spec.xml, field: spec.field, type: spec.type, required: use === 'required', bit: 1 << attributes.length, pre: ` ${spec.xml}="` });
  }
  if (attributes.length > 30) throw new Error(`vocabulary: too many attributes on ${holder} for the reader's mask`);
  let requiredMask = 0;
  for (const a of attributes) if (a.required) requiredMask |= a.bit;
  return { holder, attributes, byXml: new Map(attributes.map((a) => [a.xml, a])), requiredMask };
}

/** The table of every holder. */
export const TABLES: Readonly<Record<Holder, HolderTable>> = recordOf(HOLDERS, holderTable);

/** The attributes of a holder, in writing order. */
export function attributesOf(holder: Holder): readonly HolderAttribute[] {
  return TABLES[holder].attributes;
}

/** The model fields of a holder (attributes, then its child reference if any), for input field lists. */
export function fieldsOf(holder: Holder): readonly string[] {
  const fields: string[] = TABLES[holder].attributes.map((a) => a.field);
  for (const c of CHILDREN) if (c.on === holder) fields.push(c.field);
  return fields;
}

/** What a value of `type` must be, for messages (`an xs:date written YYYY-MM-DD`). */
export function describeType(spec: AttributeSpec): string {
  switch (spec.type) {
    case 'ident':
      return 'an integer from 0 to 4294967295 (xs:unsignedInt)';
    case 'date':
      return 'a date written YYYY-MM-DD (xs:date)';
    case 'dateTime':
      return 'a date-time YYYY-MM-DDThh:mm:ss with an optional time zone (xs:dateTime)';
    case 'uai':
      return 'a UAI: 7 digits followed by an upper-case letter';
    case 'enum':
      return (spec.values ?? []).join(' or ');
    case 'name':
    case 'idPartenaire':
      return 'a non-empty string';
    case 'string':
      return 'a string';
  }
}
