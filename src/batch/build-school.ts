/**
 * Builds and seals one school's document: the work a batch worker does (or the calling thread,
 * with `workers: 0`).
 *
 * @internal
 * @module
 */

import { createHash } from 'node:crypto';
import { EntPronoteError } from '../errors';
import type { PublicKey } from '../keys/types';
import { assemblePartenaireIndex, type EleveInput, type PartenaireIndexInput } from '../partenaire-index/assemble';
import { unpackAccount } from './packed-account';
import { sealPartenaireIndex } from '../partenaire-index/seal';
import { validatePartenaireIndex } from '../partenaire-index/validate';
import type { Problem } from '../errors';
import type { PartenaireIndex } from '../partenaire-index/model';
import type { PopulationCounts } from '../input/problems';

/** The container fields, the same for every school. */
export interface SealFields {
  partenaire: string;
  description: string;
  version: string;
  date: string;
}

/** One school to build. */
export interface SchoolJob {
  id: number;
  /** Container UAI. */
  uai: string;
  /** The accounts (packed: `packAccount`), or (CSV) the document already assembled. */
  input?: PackedInput;
  document?: PartenaireIndex;
}

/** A school's accounts as they cross to a worker: one string per person. */
export interface PackedInput extends Omit<PartenaireIndexInput, 'personnels' | 'professeurs' | 'responsables' | 'eleves'> {
  personnels: string[];
  professeurs: string[];
  responsables: string[];
  eleves: string[];
}

function unpacked(input: PackedInput): PartenaireIndexInput {
  return {
    ...input,
    personnels: input.personnels.map(unpackAccount),
    professeurs: input.professeurs.map(unpackAccount),
    responsables: input.responsables.map(unpackAccount),
    eleves: input.eleves.map(unpackAccount) as EleveInput[],
  };
}

/** What building a school gives. */
export type SchoolOutcome =
  | { id: number; ok: true; bytes: Uint8Array; sha256: string; counts: PopulationCounts; warnings: Problem[]; ms: number }
  | { id: number; ok: false; problems: Problem[]; message: string; ms: number };

/** Assembles, validates and seals a school; a document that cannot be built is an outcome, never a throw. */
export async function buildSchool(job: SchoolJob, key: PublicKey, fields: SealFields): Promise<SchoolOutcome> {
  const start = performance.now();
  try {
    const doc = job.document ?? assemblePartenaireIndex(unpacked(job.input as PackedInput));
    const problems = validatePartenaireIndex(doc);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      return { id: job.id, ok: false, problems: errors.slice(0, 20), message: 'the document does not validate', ms: performance.now() - start };
    }
    const sealed = await sealPartenaireIndex(doc, key, { ...fields, uai: job.uai, validate: false });
    const bytes = Buffer.from(sealed, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const counts: PopulationCounts = {
      etablissements: doc.etablissements.length,
      personnels: doc.personnels.length,
      professeurs: doc.professeurs.length,
      responsables: doc.responsables.length,
      eleves: doc.eleves.length,
    };
    // A copy that owns its memory, transferable to the main thread.
    const own = new Uint8Array(bytes.length);
    own.set(bytes);
    return { id: job.id, ok: true, bytes: own, sha256, counts, warnings: problems, ms: performance.now() - start };
  } catch (e) {
    const message = e instanceof EntPronoteError ? e.message : 'the document could not be built';
    const problems = e instanceof EntPronoteError ? [...(e.problems ?? [])].slice(0, 20) : [];
    return { id: job.id, ok: false, problems, message, ms: performance.now() - start };
  }
}
