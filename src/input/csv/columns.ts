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

/** The columns of the CSV contract, in the order {@link formatCsv} users should write them. */
export const CSV_COLUMNS = [
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
] as const;

/** A column of the CSV contract. */
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns every CSV header must have. */
export const CSV_REQUIRED_COLUMNS: readonly CsvColumn[] = ['population', 'id_partenaire', 'nom', 'prenom'];

/** The values of the `population` column. */
export const CSV_POPULATIONS = ['etablissement', 'personnel', 'professeur', 'responsable', 'eleve'] as const;

/** A value of the `population` column. */
export type CsvPopulation = (typeof CSV_POPULATIONS)[number];
