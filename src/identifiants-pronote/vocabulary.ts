/**
 * The vocabulary of the PRONOTE identifier file `IdPN_To_<ENT>.xml` (root `IDENTIFIANTS_PRONOTE`),
 * declared once: every attribute with its XML name, model field, value type, the elements that
 * carry it (required or optional there), its column in the PRONOTE people CSV and the value
 * variants the lenient reader accepts. Derived from this table: the model types
 * ({@link ModelOf}, used by `model.ts`), the reader's name tables ({@link TABLES},
 * {@link knownAttributes}), the writer's attribute order, the validator's per-field rules, the
 * CSV columns ({@link CSV_COLUMNS}) and `schema/identifiants-pronote.xsd`
 * (`src/identifiants-pronote/xsd.ts`, written by `npm run schema`);
 * `test/identifiants-pronote/vocabulary.test.ts` checks it against that schema.
 *
 * Adding an optional attribute to a population: add one entry to {@link ATTRIBUTES} (in the
 * position it is written) and its tests, then run `npm run schema`. See
 * `docs/formats/identifiants-pronote.md`.
 *
 * Not exported from the package.
 *
 * @internal
 * @module
 */

import { recordOf } from '../common/records';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { IDENTIFIANTS_PRONOTE_ROOT } from './model';

export { POPULATIONS };
export type { Population };

/**
 * The value types of attributes:
 * - `ident`: `xs:unsignedInt`, a number 0…4294967295 in the model;
 * - `string`: any string (`xs:string`);
 * - `nonBlank`: a string holding something other than white space;
 * - `idPartenaire`: the ENT's identifier, never empty, white space preserved; never written in a
 *   `Partiel` document;
 * - `uai`: a UAI, 7 digits and an upper-case letter;
 * - `birthDate`: a calendar date `YYYY-MM-DD` without time zone (the reader also takes
 *   `DD/MM/YYYY`);
 * - `dateTime`: `xs:dateTime`;
 * - `enum`: one of {@link AttributeSpec.values}.
 */
export type ValueType = 'ident' | 'string' | 'nonBlank' | 'idPartenaire' | 'uai' | 'birthDate' | 'dateTime' | 'enum';

/**
 * The elements that carry attributes: the root `IDENTIFIANTS_PRONOTE`, the person of each
 * population (`personnel` is `Personnels/Personnel`, …) and `ref`, the student's parent
 * reference `Eleves/Eleve/Responsable`.
 */
export type Holder = 'root' | 'personnel' | 'professeur' | 'responsable' | 'eleve' | 'ref';

/** The holders of people. */
export type PersonHolder = 'personnel' | 'professeur' | 'responsable' | 'eleve';

/** The holders, in document order. */
export const HOLDERS: readonly Holder[] = ['root', 'personnel', 'professeur', 'responsable', 'eleve', 'ref'];

/** Whether an attribute must be present on a holder. */
export type Use = 'required' | 'optional';

/** One attribute of the vocabulary. */
export interface AttributeSpec {
  /** Attribute name in the XML (`DateNaissance`). */
  readonly xml: string;
  /** Field of the model (`dateNaissance`). */
  readonly field: string;
  /** Value type. */
  readonly type: ValueType;
  /** The allowed values of an `enum`. */
  readonly values?: readonly string[];
  /** The elements that carry it, and whether it is required there. */
  readonly on: Readonly<Partial<Record<Holder, Use>>>;
  /**
   * `population`: unique within each population (`IDPN`); `file`: unique in the whole file,
   * all populations together (`Ident`).
   */
  readonly unique?: 'population' | 'file';
  /** Column of the PRONOTE people CSV, when it has one; `required`: the header must have it. */
  readonly csv?: { readonly name: string; readonly required?: boolean };
  /**
   * Other spellings of an `enum`'s values the lenient XML reader accepts, keys in lower case
   * (besides the values themselves in any letter case).
   */
  readonly variants?: Readonly<Record<string, string>>;
  /** Other spellings the CSV reader accepts (keys folded: lower case, no accents). */
  readonly csvVariants?: Readonly<Record<string, string>>;
  /** Why an empty value of this optional attribute reads as absent (end of the reader's notice). */
  readonly whenEmpty?: string;
  /** Part of a person's identity: a merge reports a person whose value changed (`MergeConflict.fields`). */
  readonly identity?: true;
  /** A warning-level check of the validator: `version` (not the known model version), `fileName` (cannot name the file). */
  readonly warn?: 'version' | 'fileName';
  /** What it holds, for the schema's annotations and the documentation. */
  readonly doc?: string;
}

const PEOPLE_OPTIONAL = { personnel: 'optional', professeur: 'optional', responsable: 'optional', eleve: 'optional' } as const;
const PEOPLE_REQUIRED = { personnel: 'required', professeur: 'required', responsable: 'required', eleve: 'required' } as const;

/**
 * Every attribute of `IDENTIFIANTS_PRONOTE`, in the order the writer writes them on each element.
 * (The child element `Eleve/Responsable` is the student's parent references: {@link REF}.)
 */
export const ATTRIBUTES = [
  { xml: 'Version', field: 'version', type: 'nonBlank', on: { root: 'required' }, warn: 'version', doc: 'Model version: 1.' },
  { xml: 'Date', field: 'date', type: 'dateTime', on: { root: 'required' } },
  { xml: 'UAI', field: 'uai', type: 'uai', on: { root: 'required' } },
  { xml: 'Socle', field: 'socle', type: 'nonBlank', on: { root: 'required' }, warn: 'fileName', doc: 'The ENT name chosen in PRONOTE; names the file IdPN_To_<Socle>.xml.' },
  { xml: 'Mode', field: 'mode', type: 'enum', values: ['Complet', 'Partiel'], on: { root: 'required' }, doc: 'Complet: everyone. Partiel: only people without ID_Partenaire.' },
  { xml: 'Ident', field: 'ident', type: 'ident', unique: 'file', on: { ...PEOPLE_REQUIRED, ref: 'required' }, csv: { name: 'ident' } },
  {
    xml: 'IDPN',
    field: 'idpn',
    type: 'nonBlank',
    unique: 'population',
    on: { ...PEOPLE_REQUIRED, personnel: 'optional' },
    csv: { name: 'idpn', required: true },
    whenEmpty: 'of a Personnel read as absent (staff may have none)',
    doc: "The PRONOTE identifier of the person, unique within its population (staff may have none: PRONOTE's partner exports carry no IDPN for staff, who are matched by identity).",
  },
  { xml: 'Nom', field: 'nom', type: 'nonBlank', on: PEOPLE_REQUIRED, csv: { name: 'nom', required: true }, identity: true },
  { xml: 'Prenom', field: 'prenom', type: 'nonBlank', on: PEOPLE_REQUIRED, csv: { name: 'prenom', required: true }, identity: true },
  { xml: 'DateNaissance', field: 'dateNaissance', type: 'birthDate', on: { ...PEOPLE_OPTIONAL, eleve: 'required' }, csv: { name: 'date_naissance' }, identity: true },
  {
    xml: 'Sexe',
    field: 'sexe',
    type: 'enum',
    values: ['Masculin', 'Feminin'],
    on: { eleve: 'optional' },
    csv: { name: 'sexe' },
    identity: true,
    variants: { m: 'Masculin', h: 'Masculin', homme: 'Masculin', garçon: 'Masculin', garcon: 'Masculin', '1': 'Masculin', féminin: 'Feminin', f: 'Feminin', femme: 'Feminin', fille: 'Feminin', '2': 'Feminin' },
    csvVariants: { m: 'Masculin', f: 'Feminin' },
  },
  {
    xml: 'ID_Partenaire',
    field: 'idPartenaire',
    type: 'idPartenaire',
    on: PEOPLE_OPTIONAL,
    csv: { name: 'id_partenaire' },
    whenEmpty: 'read as absent (no ENT identifier)',
  },
] as const satisfies readonly AttributeSpec[];

/** The student's parent references `Eleves/Eleve/Responsable` (0..n): model field `responsables`, their `Ident`s. */
export const REF = { xml: 'Responsable', on: 'eleve', field: 'responsables', csv: 'parents', refers: 'responsables' } as const;

// ---------------------------------------------------------------------------------------------
// Types derived from the table.

type Spec = (typeof ATTRIBUTES)[number];
type SpecOn<H extends Holder> = Extract<Spec, { on: { readonly [K in H]: Use } }>;
type ValueOf<S extends Spec> = S['type'] extends 'ident' ? number : S extends { values: readonly (infer V)[] } ? V : string;
type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * The model of a holder's attributes (or of the attributes all holders `H` share, a union),
 * derived from {@link ATTRIBUTES}: an attribute required on every holder of `H` is a required
 * field, one optional on any of them an optional field (`undefined` when absent).
 */
export type ModelOf<H extends Holder> = Simplify<
  { -readonly [S in SpecOn<H> as S['on'] extends { readonly [K in H]: 'required' } ? S['field'] : never]: ValueOf<S> } & {
    -readonly [S in SpecOn<H> as S['on'] extends { readonly [K in H]: 'required' } ? never : S['field']]?: ValueOf<S>;
  }
>;

/** The fields of a person's identity (`nom`, `prenom`, `dateNaissance`, `sexe`). */
export type IdentityField = Extract<Spec, { identity: true }>['field'];

/** The identity fields, in the vocabulary's order. */
export const IDENTITY_FIELDS = (ATTRIBUTES as readonly AttributeSpec[]).filter((a) => a.identity === true).map((a) => a.field) as readonly IdentityField[];

/** A column of the PRONOTE people CSV: `population`, an attribute's column, `parents`. */
export type CsvColumn = 'population' | Extract<Spec, { csv: unknown }>['csv']['name'] | typeof REF.csv;

/** The value type of the enumerated attribute named `X` (`'Complet' | 'Partiel'` for `Mode`). */
export type EnumOf<X extends string> = ValueOf<Extract<Spec, { xml: X; type: 'enum' }>>;

/** The XML names of the enumerated attributes (`Mode`, `Sexe`). */
export type EnumName = Extract<Spec, { type: 'enum' }>['xml'];

// ---------------------------------------------------------------------------------------------
// Element names.

/** Root element name. */
export const ROOT = IDENTIFIANTS_PRONOTE_ROOT;

/** Population element (`Eleves`) of each population. */
export const CONTAINER: Readonly<Record<Population, string>> = {
  personnels: 'Personnels',
  professeurs: 'Professeurs',
  responsables: 'Responsables',
  eleves: 'Eleves',
};

/** Person element (`Eleve`) of each population. */
export const PERSON: Readonly<Record<Population, string>> = {
  personnels: 'Personnel',
  professeurs: 'Professeur',
  responsables: 'Responsable',
  eleves: 'Eleve',
};

/** The holder of each population's people. */
export const HOLDER: Readonly<Record<Population, PersonHolder>> = {
  personnels: 'personnel',
  professeurs: 'professeur',
  responsables: 'responsable',
  eleves: 'eleve',
};

/** Every canonical element name. */
export const ELEMENT_NAMES: readonly string[] = [ROOT, ...POPULATIONS.map((p) => CONTAINER[p]), ...POPULATIONS.map((p) => PERSON[p])];

/** Every canonical attribute name (targets of the reader's attribute aliases). */
export const ATTRIBUTE_NAMES: readonly string[] = (ATTRIBUTES as readonly AttributeSpec[]).map((a) => a.xml);

// ---------------------------------------------------------------------------------------------
// Tables derived from the vocabulary for the reader, the writer and the validator.

/** An attribute as a holder sees it. */
export interface HolderAttribute {
  readonly spec: AttributeSpec;
  readonly xml: string;
  readonly field: string;
  readonly type: ValueType;
  readonly required: boolean;
  /** Position in the holder's table. */
  readonly index: number;
  /** The bit of the attribute in the reader's "seen" mask. */
  readonly bit: number;
  /** ` Name="`, what the writer writes before the value. */
  readonly pre: string;
}

/** The attributes of one holder, in writing order, with lookup tables. */
export interface HolderTable {
  readonly holder: Holder;
  readonly attributes: readonly HolderAttribute[];
  /** Name key (lower case) → attribute, for the case-insensitive reader. */
  readonly byKey: ReadonlyMap<string, HolderAttribute>;
  /** Model field → attribute. */
  readonly byField: ReadonlyMap<string, HolderAttribute>;
  /** Name key → canonical name (the known attributes of {@link knownAttributes}). */
  readonly known: ReadonlyMap<string, string>;
  /**
   * The person attributes of other populations that this one does not carry (`Sexe` for
   * everyone but `Eleve`): the validator refuses them in the model.
   */
  readonly foreign: readonly AttributeSpec[];
}

const PERSON_HOLDERS: readonly PersonHolder[] = ['personnel', 'professeur', 'responsable', 'eleve'];

function holderTable(holder: Holder): HolderTable {
  const attributes: HolderAttribute[] = [];
  const foreign: AttributeSpec[] = [];
  for (const spec of ATTRIBUTES as readonly AttributeSpec[]) {
    const use = spec.on[holder];
    if (use === undefined) {
      if ((PERSON_HOLDERS as readonly Holder[]).includes(holder) && PERSON_HOLDERS.some((h) => spec.on[h] !== undefined)) foreign.push(spec);
      continue;
    }
    const index = attributes.length;
    attributes.push({ spec, xml: spec.xml, field: spec.field, type: spec.type, required: use === 'required', index, bit: 1 << index, pre: ` ${spec.xml}="` });
  }
  if (attributes.length > 30) throw new Error(`vocabulary: too many attributes on ${holder} for the reader's mask`);
  const byKey = new Map(attributes.map((a) => [a.xml.toLowerCase(), a]));
  return { holder, attributes, byKey, byField: new Map(attributes.map((a) => [a.field, a])), known: new Map(attributes.map((a) => [a.xml.toLowerCase(), a.xml])), foreign };
}

/** The table of every holder. */
export const TABLES: Readonly<Record<Holder, HolderTable>> = recordOf(HOLDERS, holderTable);

/** The attribute specs that have a CSV column, in column order. */
export const CSV_ATTRIBUTES: readonly AttributeSpec[] = (ATTRIBUTES as readonly AttributeSpec[]).filter((a) => a.csv !== undefined);

/**
 * The columns of the PRONOTE people CSV, in the order to write them: `population`, the
 * attributes' columns, `parents` (a student's parents by their `idpn`).
 */
export const CSV_COLUMNS: readonly string[] = ['population', ...CSV_ATTRIBUTES.map((a) => (a.csv as { name: string }).name), REF.csv];

/** The columns the CSV header must have. */
export const CSV_REQUIRED: readonly string[] = ['population', ...CSV_ATTRIBUTES.filter((a) => a.csv?.required === true).map((a) => (a.csv as { name: string }).name)];

/** The `enum` attributes by XML name. */
export const ENUMS: ReadonlyMap<string, AttributeSpec> = new Map((ATTRIBUTES as readonly AttributeSpec[]).filter((a) => a.type === 'enum').map((a) => [a.xml, a]));

/** The holders of people that carry `spec`, as element names (`Eleve`), for messages. */
export function elementsCarrying(spec: AttributeSpec): string[] {
  return POPULATIONS.filter((p) => spec.on[HOLDER[p]] !== undefined).map((p) => PERSON[p]);
}

// ---------------------------------------------------------------------------------------------
// Names, contexts and paths.

/**
 * Where an element sits in the model, which decides the attributes and child elements it may
 * carry: the root, a population element, a person, or an `Eleve/Responsable` reference.
 */
export type Context = { kind: 'root' } | { kind: 'container'; population: Population } | { kind: 'person'; population: Population } | { kind: 'ref' };

/** The key names are compared by: local part (after the last colon), lower case. */
export function nameKey(name: string): string {
  const colon = name.lastIndexOf(':');
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

/** True for namespace declarations (`xmlns`, `xmlns:p`), which never match a known attribute. */
export function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

function keyMap(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n) => [n.toLowerCase(), n]));
}

const NO_KEYS: ReadonlyMap<string, string> = new Map();
const ROOT_CHILD_KEYS = keyMap([...POPULATIONS.map((p) => CONTAINER[p]), ...POPULATIONS.map((p) => PERSON[p])]);
const CONTAINER_CHILD_KEYS: Readonly<Record<Population, ReadonlyMap<string, string>>> = recordOf(POPULATIONS, (p) => keyMap([PERSON[p]]));
const PERSON_CHILD_KEYS: Readonly<Record<Population, ReadonlyMap<string, string>>> = recordOf(POPULATIONS, (p) => (HOLDER[p] === REF.on ? keyMap([REF.xml]) : NO_KEYS));

/** The holder of an element in `context`, if it carries attributes. */
export function holderOf(context: Context): Holder | undefined {
  switch (context.kind) {
    case 'root':
      return 'root';
    case 'container':
      return undefined;
    case 'person':
      return HOLDER[context.population];
    case 'ref':
      return 'ref';
  }
}

/** Known attributes of an element in `context`: name key → canonical name. */
export function knownAttributes(context: Context): ReadonlyMap<string, string> {
  const holder = holderOf(context);
  return holder === undefined ? NO_KEYS : TABLES[holder].known;
}

/** Known child elements of an element in `context`: name key → canonical name. */
export function knownChildren(context: Context): ReadonlyMap<string, string> {
  switch (context.kind) {
    case 'root':
      return ROOT_CHILD_KEYS;
    case 'container':
      return CONTAINER_CHILD_KEYS[context.population];
    case 'person':
      return PERSON_CHILD_KEYS[context.population];
    case 'ref':
      return NO_KEYS;
  }
}

/** Sets an own enumerable property, even one named `__proto__`. */
export function setOwn(record: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** A name shortened for messages and paths. */
export function shortName(name: string): string {
  return name.length > 64 ? `${name.slice(0, 63)}…` : name;
}

/** `/IDENTIFIANTS_PRONOTE`. */
export const ROOT_PATH = `/${ROOT}`;

/** `/IDENTIFIANTS_PRONOTE/Eleves`. */
export function containerPath(population: Population): string {
  return `${ROOT_PATH}/${CONTAINER[population]}`;
}

/** `/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]` for the index 2 (0-based). */
export function personPath(population: Population, index: number): string {
  return `${ROOT_PATH}/${CONTAINER[population]}/${PERSON[population]}[${index + 1}]`;
}

/** `/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/Responsable[1]` for the indexes 2, 0 (0-based). */
export function refPath(eleveIndex: number, refIndex: number): string {
  return `${personPath('eleves', eleveIndex)}/${REF.xml}[${refIndex + 1}]`;
}
