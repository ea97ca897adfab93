/**
 * The vocabulary of the matching, in the administrator's language (French), shared by the HTML
 * and CSV reports and the supervision page of `ent-pronote review`, so that a population, a
 * status, a mode or a count is spelled the same way everywhere. The JSON report and the
 * decisions file write the stable codes (`eleves`, `matched`, `complet`…) instead; the CLI prints
 * the codes too.
 *
 * @module
 */

import type { AmbiguousReason, MatchMode, MatchStatus, UnmatchedReason } from '../match/types';
import type { Population } from '../partenaire-index/model';
import { toFrenchDate } from '../common/dates';

/** Population names, as PRONOTE and the ENT show them (the codes are `eleves`, `responsables`…). */
export const POPULATION_LABELS: Readonly<Record<Population, string>> = Object.freeze({
  personnels: 'Personnels',
  professeurs: 'Professeurs',
  responsables: 'Responsables',
  eleves: 'Élèves',
});

/** Status names. A person "rapproché" has a link, whatever its status among the first four. */
export const STATUS_LABELS: Readonly<Record<MatchStatus, string>> = Object.freeze({
  matched: 'Nouveau lien',
  confirmed: 'Lien déjà connu',
  conflict: 'Conflit',
  manual: 'Lien manuel',
  ambiguous: 'Ambigu',
  unmatched: 'Non rapproché',
});

/** Mode names (the codes are `Complet` and `Partiel`, as in the identifier file). */
export const MODE_LABELS: Readonly<Record<MatchMode, string>> = Object.freeze({
  Complet: 'complet (tout le monde ; un identifiant en conflit est remplacé)',
  Partiel: 'partiel (nouveaux arrivants ; un conflit est signalé, non appliqué)',
});

/** Reasons of ambiguous and unmatched people. */
export const REASON_LABELS: Readonly<Record<AmbiguousReason | UnmatchedReason, string>> = Object.freeze({
  homonyms: 'Plusieurs candidats de même identité (homonymes)',
  parents: 'Plusieurs responsables homonymes parmi ceux des élèves rapprochés',
  'no-candidate': 'Aucun candidat de même identité de l’autre côté',
  'incomplete-identity': 'Identité incomplète (nom, prénom ou date de naissance)',
  'no-linked-student': 'Aucun de ses élèves n’est rapproché',
  excluded: 'Exclu par une décision manuelle',
});

/** Side names. */
export const SIDE_LABELS: Readonly<Record<'ent' | 'pronote' | 'both', string>> = Object.freeze({
  ent: 'ENT',
  pronote: 'PRONOTE',
  both: 'ENT et PRONOTE',
});

/**
 * The count names of a summary, each saying which side it counts. `linked` is every link
 * (`matched + confirmed + conflict + manual`): the same number as the "Rapprochés" filter.
 */
export const COUNT_LABELS = Object.freeze({
  ent: 'Comptes ENT',
  pronote: 'Personnes PRONOTE',
  linked: 'Rapprochés (liens)',
  matched: 'dont nouveaux liens',
  confirmed: 'dont liens déjà connus',
  conflict: 'dont conflits',
  manual: 'dont liens manuels',
  entAmbiguous: 'Ambigus côté ENT',
  pronoteAmbiguous: 'Ambigus côté PRONOTE',
  entUnmatched: 'Non rapprochés côté ENT',
  pronoteUnmatched: 'Non rapprochés côté PRONOTE',
} as const);

/** The filters of a population's list (report and supervision page), with their labels. */
export const FILTER_LABELS = Object.freeze({
  all: 'Tous',
  linked: 'Rapprochés',
  conflict: 'Conflits',
  ambiguous: 'Ambigus',
  'unmatched-ent': 'Non rapprochés côté ENT',
  'unmatched-pronote': 'Non rapprochés côté PRONOTE',
} as const);

/** A filter of a population's list. */
export type ReportFilter = keyof typeof FILTER_LABELS;

/** The technical names, explained once (glossary of the reports and the page). */
export const GLOSSARY: readonly (readonly [string, string])[] = Object.freeze([
  ['Identifiant ENT', 'l’identifiant du compte dans l’ENT (ID_Partenaire dans les fichiers) ; PRONOTE le range dans la colonne « Identifiant CAS »'],
  ['Identifiant PRONOTE', 'l’identifiant de la personne dans PRONOTE (IDPN dans les fichiers) ; l’ENT le range sur le compte'],
  ['Ident', 'le numéro de la personne dans le fichier PRONOTE'],
  ['Identifiant déjà dans PRONOTE', 'l’identifiant ENT que PRONOTE avait déjà pour cette personne'],
]);

/**
 * What the administrator does next, in plain French: shown by the reports and the supervision
 * page.
 */
export const NEXT_STEPS: readonly string[] = Object.freeze([
  'Traitez les personnes ambiguës et non rapprochées (commande « ent-pronote review » : choisir le bon compte, valider, confirmer, enregistrer). Les décisions enregistrées se rejouent avec « ent-pronote match --decisions decisions.json ».',
  'Avant tout import, faites une sauvegarde de la base PRONOTE.',
  'Importez ensuite les liens : dans PRONOTE, l’identifiant ENT de chaque personne (colonne « Identifiant CAS ») ; dans l’ENT, l’identifiant PRONOTE de chaque compte.',
  'Une fois l’import vérifié, supprimez les fichiers en clair (CSV, JSON, rapports) : ils contiennent des noms et des dates de naissance.',
  'Plus tard dans l’année, un export partiel de PRONOTE ne contiendra que les personnes sans identifiant ENT (les nouveaux arrivants) : relancez le rapprochement sur ce fichier avec le même decisions.json ; les liens déjà importés ne sont pas remis en cause.',
]);

/** The note of a link: what happens to the identifier PRONOTE held. */
export function linkNote(status: 'matched' | 'confirmed' | 'conflict' | 'manual', apply: boolean, previous: string | undefined): string {
  if (status === 'conflict') return apply ? 'L’identifiant ENT remplace celui que PRONOTE avait' : 'Non appliqué (mode partiel) : PRONOTE garde son identifiant';
  if (status === 'manual') return previous !== undefined ? 'Décision manuelle ; remplace l’identifiant que PRONOTE avait' : 'Décision manuelle';
  return '';
}

/** A birth date as the French views show it: `dd/mm/yyyy` (a value of another form is shown as it is). */
export function frenchDate(value: string | undefined): string {
  if (value === undefined) return '';
  return toFrenchDate(value.trim()) ?? value;
}

/** A generation date as `dd/mm/yyyy à hh:mm` (local time). */
export function frenchDateTime(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(date.getDate())}/${p(date.getMonth() + 1)}/${date.getFullYear()} à ${p(date.getHours())}:${p(date.getMinutes())}`;
}
