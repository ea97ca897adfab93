/**
 * The files the supervision page saves, as contents (the caller writes them): the decisions
 * file that `ent-pronote match --decisions` reads, and the links each side stores.
 *
 * @module
 */

import { expectManualDecisions, expectMatchResult } from '../common/arguments';
import { entLinks, pronoteLinks } from '../match/links';
import type { ManualDecisions, MatchResult, PronotePerson } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { csvField } from '../report/csv';
import { frenchDate, POPULATION_LABELS } from '../report/labels';

/** What a saved file is. */
export type ReviewFileKind = 'decisions' | 'ent-links' | 'pronote-links' | 'pronote-cas';

/** A file to save (the library writes nothing: the caller does, atomically, with mode 0600). */
export interface ReviewFile {
  /** A plain file name (no directory), e.g. `decisions.json`. */
  readonly name: string;
  readonly kind: ReviewFileKind;
  /** For `pronote-cas`: the population of the file. */
  readonly population?: Population;
  /** What the file is for, in French (shown on the page). */
  readonly description: string;
  /** UTF-8 text. */
  readonly content: string;
  /** Always true: every file names people or holds their identifiers (write it with mode 0600). */
  readonly sensitive: true;
}

/** The decisions file: `{ "pairs": [...], "exclusions": [...] }`, the format `match --decisions` reads. */
export function decisionsFileContent(d: ManualDecisions): string {
  expectManualDecisions(d);
  const pairs = (d.pairs ?? []).map((p) => ({ population: p.population, idPartenaire: p.idPartenaire, idpn: p.idpn }));
  const exclusions = (d.exclusions ?? []).map((e) => ({
    population: e.population,
    ...(e.idPartenaire !== undefined ? { idPartenaire: e.idPartenaire } : {}),
    ...(e.idpn !== undefined ? { idpn: e.idpn } : {}),
  }));
  return `${JSON.stringify({ pairs, exclusions }, null, 2)}\n`;
}

function csv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/**
 * The files of a matching and its decisions:
 * - `decisions.json`: the administrator's decisions;
 * - `liens-ent.csv`: for the ENT, the PRONOTE identifier (IDPN) of each linked account;
 * - `liens-pronote.csv`: for PRONOTE, the ENT identifier (ID_Partenaire) of each linked person;
 * - `identifiant-cas-<population>.csv`: per population, name, first name, birth date and
 *   "Identifiant CAS", the column PRONOTE's manual import of ENT identifiers reads.
 *
 * Only the links to store are listed (a conflict in `partiel` mode is not).
 */
export function reviewFiles(result: MatchResult, decisions: ManualDecisions): ReviewFile[] {
  expectMatchResult(result);
  expectManualDecisions(decisions);
  const files: ReviewFile[] = [
    {
      name: 'decisions.json',
      kind: 'decisions',
      description: 'Vos décisions (liens forcés, exclusions), relues par « ent-pronote match --decisions » et « ent-pronote review --decisions ».',
      content: decisionsFileContent(decisions),
      sensitive: true,
    },
  ];
  const ent = entLinks(result);
  files.push({
    name: 'liens-ent.csv',
    kind: 'ent-links',
    description: 'Pour l’ENT : l’identifiant PRONOTE de chaque compte rapproché.',
    content: csv([['Population', 'Identifiant ENT (ID_Partenaire)', 'Identifiant PRONOTE (IDPN)', 'Statut'], ...ent.map((l) => [l.population, l.idPartenaire, l.idpn ?? '', l.status])]),
    sensitive: true,
  });
  const pro = pronoteLinks(result);
  files.push({
    name: 'liens-pronote.csv',
    kind: 'pronote-links',
    description: 'Pour PRONOTE : l’identifiant ENT de chaque personne rapprochée (et celui qu’il remplace).',
    content: csv([
      ['Population', 'Ident', 'Identifiant PRONOTE (IDPN)', 'Identifiant ENT (ID_Partenaire)', 'Identifiant remplacé', 'Statut'],
      ...pro.map((l) => [l.population, String(l.ident), l.idpn ?? '', l.idPartenaire, l.previousIdPartenaire ?? '', l.status]),
    ]),
    sensitive: true,
  });
  const people = new Map<Population, [PronotePerson, string][]>();
  for (const p of result.pairs) {
    if (!p.apply) continue;
    let l = people.get(p.population);
    if (l === undefined) people.set(p.population, (l = []));
    l.push([p.pronote, p.idPartenaire]);
  }
  for (const population of POPULATIONS) {
    const l = people.get(population);
    if (l === undefined) continue;
    files.push({
      name: `identifiant-cas-${population}.csv`,
      kind: 'pronote-cas',
      population,
      description: `Pour l’import manuel dans PRONOTE (${POPULATION_LABELS[population]}) : nom, prénom, date de naissance et « Identifiant CAS ».`,
      content: csv([['Nom', 'Prénom', 'Né(e) le', 'Identifiant CAS'], ...l.map(([p, id]) => [p.nom, p.prenom, frenchDate(p.dateNaissance), id])]),
      sensitive: true,
    });
  }
  return files;
}
