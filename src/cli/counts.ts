/**
 * Counts of people per population (what the CLI prints instead of names).
 *
 * @internal
 * @module
 */

import type { IdentifiantsPronote, PartenaireIndex } from '../index';
import type { PopulationCounts } from '../input';
import { plural } from './output';

/** Counts of the four populations of people, in document order. */
export interface PeopleCounts {
  personnels: number;
  professeurs: number;
  responsables: number;
  eleves: number;
}

/** Counts of a `PARTENAIRE_INDEX` (schools, then people), in document order. */
export function documentCounts(doc: PartenaireIndex): PopulationCounts {
  return {
    etablissements: doc.etablissements.length,
    personnels: doc.personnels.length,
    professeurs: doc.professeurs.length,
    responsables: doc.responsables.length,
    eleves: doc.eleves.length,
  };
}

/** People counts of an identifier file; with `held`, only those holding an ENT identifier. */
export function peopleCounts(doc: IdentifiantsPronote, held = false): PeopleCounts {
  const n = (list: readonly { idPartenaire?: string }[]) => (held ? list.filter((p) => p.idPartenaire !== undefined).length : list.length);
  return { personnels: n(doc.personnels), professeurs: n(doc.professeurs), responsables: n(doc.responsables), eleves: n(doc.eleves) };
}

/** `1 school, 10 staff members, …` */
export function countsText(c: PopulationCounts): string {
  return [
    plural(c.etablissements, 'school'),
    plural(c.personnels, 'staff member'),
    plural(c.professeurs, 'teacher'),
    plural(c.responsables, 'parent'),
    plural(c.eleves, 'student'),
  ].join(', ');
}
