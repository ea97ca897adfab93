/**
 * Last step of every input adapter: refuse the input when records were invalid (policy
 * `error`), assemble the model, validate it.
 *
 * @internal
 * @module
 */

import { schemaError } from '../errors';
import type { Limits } from '../limits';
import { assemblePartenaireIndex, type PartenaireIndexInput } from '../partenaire-index/assemble';
import type { PartenaireIndex } from '../partenaire-index/model';
import { validatePartenaireIndex } from '../partenaire-index/validate';
import type { InvalidRecordPolicy, PopulationCounts, ProblemLog } from './problems';

/**
 * Throws `ERR_INPUT` when the policy is `error` and an error-level problem was found;
 * otherwise assembles `input` and validates the result: its warnings join the log, an error
 * (which the adapters' own checks should have prevented) fails with `ERR_INPUT`.
 */
export function finishInput(input: PartenaireIndexInput, log: ProblemLog, policy: InvalidRecordPolicy, what: string, limits: Limits): PartenaireIndex {
  if (policy === 'error' && log.errors > 0) throw log.toError(what);
  const doc = assemblePartenaireIndex(input);
  return validated(doc, log, what, limits);
}

/** Validates a model; warnings join the log, errors fail with `ERR_INPUT`. */
export function validated(doc: PartenaireIndex, log: ProblemLog, what: string, limits: Limits): PartenaireIndex {
  const problems = validatePartenaireIndex(doc, { limits });
  if (problems.some((p) => p.severity === 'error')) throw schemaError(`the document built from ${what}`, problems, 'ERR_INPUT');
  for (const p of problems) log.add(p);
  return doc;
}

/** What a document holds: the entries of each list (the readers' `stats.exported`). */
export function exportedCounts(d: PartenaireIndex): PopulationCounts {
  return {
    etablissements: d.etablissements.length,
    personnels: d.personnels.length,
    professeurs: d.professeurs.length,
    responsables: d.responsables.length,
    eleves: d.eleves.length,
  };
}
