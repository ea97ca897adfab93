/**
 * `ent-pronote/batch`: the nightly export of a whole academy ({@link exportAll}): one pass over
 * the accounts, one sealed `ImportChiffre` per school or regroupement, built on worker threads.
 *
 * @packageDocumentation
 */

export { exportAll, importChiffreFileName } from './export-all';
export type {
  AafBatchSource,
  BatchProblem,
  BatchProgress,
  CsvBatchSource,
  ExportAllOptions,
  ExportAllSummary,
  Regroupements,
  SchoolResult,
  SchoolStatus,
  SealedSchool,
} from './types';
