/**
 * The links each side stores after a matching: for the ENT, the PRONOTE identifier (`IDPN`) of
 * each ENT account; for PRONOTE, the ENT identifier (`ID_Partenaire`) of each PRONOTE person.
 * Only links to be applied are listed (a `conflict` in `partiel` mode is reported, not applied).
 *
 * @module
 */

import { expectMatchResult } from '../common/arguments';
import type { Population } from '../partenaire-index/model';
import type { LinkStatus, MatchResult } from './types';

/** An ENT account and the `IDPN` to store on it. */
export interface EntLink {
  readonly population: Population;
  /** The ENT account. */
  readonly idPartenaire: string;
  /** The PRONOTE identifier to store; undefined for a member of staff without one. */
  readonly idpn: string | undefined;
  readonly status: LinkStatus;
}

/** A PRONOTE person and the `ID_Partenaire` to store on it. */
export interface PronoteLink {
  readonly population: Population;
  /** The PRONOTE person's `Ident` in the identifier file. */
  readonly ident: number;
  /** The PRONOTE person's `IDPN`; undefined for a member of staff without one. */
  readonly idpn: string | undefined;
  /** The ENT identifier to store. */
  readonly idPartenaire: string;
  readonly status: LinkStatus;
  /** The identifier it replaces, when PRONOTE held another one. */
  readonly previousIdPartenaire?: string;
}

/** The (ENT account, `IDPN`) pairs to store in the ENT, in the result's order. */
export function entLinks(result: MatchResult): EntLink[] {
  expectMatchResult(result);
  const out: EntLink[] = [];
  for (const p of result.pairs) {
    if (p.apply) out.push({ population: p.population, idPartenaire: p.idPartenaire, idpn: p.idpn, status: p.status });
  }
  return out;
}

/** The (PRONOTE person, `ID_Partenaire`) pairs to store in PRONOTE, in the result's order. */
export function pronoteLinks(result: MatchResult): PronoteLink[] {
  expectMatchResult(result);
  const out: PronoteLink[] = [];
  for (const p of result.pairs) {
    if (!p.apply) continue;
    const link: PronoteLink = {
      population: p.population,
      ident: p.pronote.ident,
      idpn: p.idpn,
      idPartenaire: p.idPartenaire,
      status: p.status,
      ...(p.previousIdPartenaire !== undefined ? { previousIdPartenaire: p.previousIdPartenaire } : {}),
    };
    out.push(link);
  }
  return out;
}
