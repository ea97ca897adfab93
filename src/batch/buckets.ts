/**
 * The people of each file of a batch, as they are routed from the source.
 *
 * @internal
 * @module
 */

import type { EtablissementInput } from '../partenaire-index/assemble';
import type { PartenaireIndex } from '../partenaire-index/model';
import type { GroupPlan } from './plan';
import type { BatchProblem } from './types';

/** One file's content, filled while routing. */
export interface Bucket {
  plan: GroupPlan;
  /** Name of the main school. */
  nom: string;
  etablissements: EtablissementInput[];
  /** Accounts packed (`packAccount`): one string per person, shared by the files they are in. */
  personnels: string[];
  professeurs: string[];
  responsables: string[];
  /** Students: indexes in the routed feed's `students` (packed with their parents at the end). */
  eleves: number[];
  problems: BatchProblem[];
  /** People left out (error-level problems on a person). */
  leftOut: number;
  /** Why the file cannot be built, if so. */
  skipReason?: string;
  /** The document when the source gives one whole (CSV): the lists above are then unused. */
  document?: PartenaireIndex;
}

/** Empty buckets for the plan. */
export function bucketsOf(groups: readonly GroupPlan[]): Bucket[] {
  return groups.map((plan) => ({
    plan,
    nom: '',
    etablissements: [],
    personnels: [],
    professeurs: [],
    responsables: [],
    eleves: [],
    problems: [],
    leftOut: 0,
    ...(plan.skipReason !== undefined ? { skipReason: plan.skipReason } : {}),
  }));
}

/** Most problems kept per file (all are passed to `onProblem` and counted). */
export const MAX_PROBLEMS_PER_SCHOOL = 1000;

/** Adds a problem to a bucket (kept up to {@link MAX_PROBLEMS_PER_SCHOOL}). */
export function addProblem(bucket: Bucket, problem: BatchProblem, person: boolean): void {
  if (person && problem.severity === 'error') bucket.leftOut++;
  if (bucket.problems.length < MAX_PROBLEMS_PER_SCHOOL) bucket.problems.push(problem);
}
