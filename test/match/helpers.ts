/** Small builders for matching tests. */
import type { EntAccountLike, EntStudentLike, MatchResult, PronotePersonLike, PronoteStudentLike, Population } from '../../src/index';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An ENT account: `e('id', 'Nom', 'Prénom', 'date?')`. */
export function e(idPartenaire: string, nom: string, prenom: string, dateNaissance?: string): Mutable<EntAccountLike> {
  return dateNaissance === undefined ? { idPartenaire, nom, prenom } : { idPartenaire, nom, prenom, dateNaissance };
}

/** An ENT student with parent keys (idPartenaire of parents). */
export function es(idPartenaire: string, nom: string, prenom: string, dateNaissance: string, responsables: string[] = []): Mutable<EntStudentLike> {
  return { idPartenaire, nom, prenom, dateNaissance, responsables };
}

let nextIdent = 1000;

/** Restarts the automatic PRONOTE `Ident`s (for reproducible outputs). */
export function resetIdents(first = 1000): void {
  nextIdent = first;
}

/** A PRONOTE person: `p('idpn', 'Nom', 'Prénom', 'date?', 'held id?')`. */
export function p(idpn: string, nom: string, prenom: string, dateNaissance?: string, idPartenaire?: string, ident = nextIdent++): Mutable<PronotePersonLike> {
  const out: Mutable<PronotePersonLike> = { ident, idpn, nom, prenom };
  if (dateNaissance !== undefined) out.dateNaissance = dateNaissance;
  if (idPartenaire !== undefined) out.idPartenaire = idPartenaire;
  return out;
}

/** A PRONOTE student with parent Idents. */
export function ps(idpn: string, nom: string, prenom: string, dateNaissance: string, responsables: number[] = [], idPartenaire?: string): Mutable<PronoteStudentLike> {
  const out: Mutable<PronoteStudentLike> = { ident: nextIdent++, idpn, nom, prenom, dateNaissance, responsables };
  if (idPartenaire !== undefined) out.idPartenaire = idPartenaire;
  return out;
}

/** `idPartenaire→idpn:status` strings of a population's pairs, sorted. */
export function links(result: MatchResult, population: Population): string[] {
  return result.populations[population].pairs.map((x) => `${x.idPartenaire}→${x.idpn}:${x.status}`).sort();
}

/** `side:id:reason` strings of a population's unmatched people, sorted. */
export function unmatched(result: MatchResult, population: Population): string[] {
  return result.populations[population].unmatched
    .map((x) => (x.side === 'ent' ? `ent:${x.person.idPartenaire}:${x.reason}` : `pronote:${x.person.idpn}:${x.reason}`))
    .sort();
}

/** `side:id:reason[candidate ids]` strings of a population's ambiguous people, sorted. */
export function ambiguous(result: MatchResult, population: Population): string[] {
  return result.populations[population].ambiguous
    .map((x) =>
      x.side === 'ent'
        ? `ent:${x.person.idPartenaire}:${x.reason}[${x.candidates.map((c) => c.idpn).sort().join(',')}]`
        : `pronote:${x.person.idpn}:${x.reason}[${x.candidates.map((c) => c.idPartenaire).sort().join(',')}]`,
    )
    .sort();
}
