/**
 * The CSV contract of {@link readCsvAccounts}: one row per school or person, these columns.
 *
 * | column | content |
 * |---|---|
 * | `population` | `etablissement`, `personnel`, `professeur`, `responsable` or `eleve` (case and accents ignored) |
 * | `id_partenaire` | the ENT's opaque identifier of the account (people) |
 * | `nom`, `prenom` | last and first name (a school: `nom` is its name) |
 * | `date_naissance` | `dd/mm/yyyy` or `yyyy-mm-dd` (students: required; teachers: optional) |
 * | `sexe` | `M`, `F`, `Masculin` or `Feminin`, may be empty (students) |
 * | `civilite` | `M` or `Mme`, may be empty (parents; a student's `sexe` when `sexe` is empty) |
 * | `numero_national` | the student's INE |
 * | `adresse1` … `adresse4`, `code_postal`, `ville`, `pays` | address (schools and people) |
 * | `uai` | a school's UAI; for a person, the UAI of their school |
 * | `parents` | a student's parents: their `id_partenaire`, separated by `|` |
 *
 * @module
 */

import { recordOf } from '../../common/records';
import { ATTRIBUTES, CHILDREN, type Holder } from '../../partenaire-index/vocabulary';

type Spec = (typeof ATTRIBUTES)[number];

/** A column of the CSV contract. */
export type CsvColumn = 'population' | Extract<Spec, { csv: string }>['csv'] | (typeof CHILDREN)[number]['csv'];

/**
 * The order of the contract's first columns. Any other CSV name of the vocabulary (a new
 * optional attribute) comes after them, in the vocabulary's order: files written for an earlier
 * version keep their layout.
 */
const ORDER: readonly CsvColumn[] = [
  'population',
  'id_partenaire',
  'nom',
  'prenom',
  'date_naissance',
  'sexe',
  'civilite',
  'numero_national',
  'adresse1',
  'adresse2',
  'adresse3',
  'adresse4',
  'code_postal',
  'ville',
  'pays',
  'uai',
  'parents',
];

/**
 * The columns of the CSV contract, in the order {@link formatCsv} users should write them: the
 * CSV names of the `PARTENAIRE_INDEX` vocabulary (each attribute's, each child reference's) and
 * `population`.
 */
export const CSV_COLUMNS: readonly CsvColumn[] = Object.freeze([
  ...ORDER,
  ...[...ATTRIBUTES.flatMap((a): CsvColumn[] => ('csv' in a ? [a.csv] : [])), ...CHILDREN.map((c) => c.csv)].filter((c) => !ORDER.includes(c)),
]);

/** Columns every CSV header must have. */
export const CSV_REQUIRED_COLUMNS: readonly CsvColumn[] = ['population', 'id_partenaire', 'nom', 'prenom'];

/** The values of the `population` column. */
export const CSV_POPULATIONS = ['etablissement', 'personnel', 'professeur', 'responsable', 'eleve'] as const;

/** A value of the `population` column. */
export type CsvPopulation = (typeof CSV_POPULATIONS)[number];

const HOLDER_OF: Readonly<Record<CsvPopulation, Holder>> = {
  etablissement: 'etablissement',
  personnel: 'personnel',
  professeur: 'professeur',
  responsable: 'responsable',
  eleve: 'eleve',
};

/** The vocabulary's holder of a CSV population. */
export function csvHolder(population: CsvPopulation): Holder {
  return HOLDER_OF[population];
}

/**
 * Columns each population uses (the others are reported as ignored when filled): `population`,
 * the CSV names of its attributes and child references, `uai` (a person's school), and for
 * students `civilite` (their `Sexe` when `sexe` is empty).
 */
export const CSV_USED: Readonly<Record<CsvPopulation, ReadonlySet<CsvColumn>>> = recordOf(CSV_POPULATIONS, (p) => {
    const holder = HOLDER_OF[p];
    const cols = new Set<CsvColumn>(['population', 'uai']);
    for (const a of ATTRIBUTES) {
      const on: Readonly<Partial<Record<Holder, unknown>>> = a.on;
      if ('csv' in a && on[holder] !== undefined) cols.add(a.csv);
    }
    for (const c of CHILDREN) if (c.on === holder) cols.add(c.csv);
    if (p === 'eleve') cols.add('civilite');
    return cols;
});
