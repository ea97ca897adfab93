/**
 * French labels of the report (the administrator's language), shared by the CSV and HTML
 * renderers. The JSON renderer writes the stable codes instead.
 *
 * @internal
 * @module
 */

import type { AmbiguousReason, MatchStatus, UnmatchedReason } from '../match/types';
import type { Population } from '../partenaire-index/model';

/** Population names, as PRONOTE and the ENT show them. */
export const POPULATION_LABELS: Readonly<Record<Population, string>> = Object.freeze({
  personnels: 'Personnels',
  professeurs: 'Professeurs',
  responsables: 'Responsables',
  eleves: 'Élèves',
});

/** Status names. */
export const STATUS_LABELS: Readonly<Record<MatchStatus, string>> = Object.freeze({
  matched: 'Rapproché',
  confirmed: 'Confirmé',
  conflict: 'Conflit',
  manual: 'Manuel',
  ambiguous: 'Ambigu',
  unmatched: 'Non rapproché',
});

/** Reasons of ambiguous and unmatched people. */
export const REASON_LABELS: Readonly<Record<AmbiguousReason | UnmatchedReason, string>> = Object.freeze({
  homonyms: 'Homonymes : plusieurs candidats',
  parents: 'Plusieurs responsables homonymes parmi ceux des élèves rapprochés',
  'no-candidate': 'Aucun candidat de même identité',
  'incomplete-identity': 'Identité incomplète (nom, prénom ou date de naissance)',
  'no-linked-student': 'Aucun de ses élèves n’est rapproché',
  excluded: 'Exclu manuellement',
});

/** Side names. */
export const SIDE_LABELS: Readonly<Record<'ent' | 'pronote' | 'both', string>> = Object.freeze({
  ent: 'ENT',
  pronote: 'PRONOTE',
  both: 'ENT et PRONOTE',
});

/** The note of a link: what happens to the identifier PRONOTE held. */
export function linkNote(status: 'matched' | 'confirmed' | 'conflict' | 'manual', apply: boolean, previous: string | undefined): string {
  if (status === 'conflict') return apply ? 'L’identifiant ENT remplace celui que PRONOTE détenait' : 'Non appliqué (mode partiel) : PRONOTE garde son identifiant';
  if (status === 'manual') return previous !== undefined ? 'Décision manuelle ; remplace l’identifiant que PRONOTE détenait' : 'Décision manuelle';
  return '';
}
