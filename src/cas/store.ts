/**
 * What an ENT stores on its accounts after importing PRONOTE's identifier file, for PRONOTE's
 * mode 2 (*identité PRONOTE*): each account's PRONOTE identifier (`IDPN`), which its CAS then
 * releases (see {@link pronoteProfile}'s `idpn`).
 *
 * @module
 */

import { entLinks } from '../match/links';
import type { MatchResult } from '../match/types';
import type { Population } from '../partenaire-index/model';
import { argError, checkObject } from './args';

/** The PRONOTE identifier to store on one ENT account. */
export interface IdpnRecord {
  /** The ENT account. */
  idPartenaire: string;
  /** Its PRONOTE identifier, to release in the CAS attribute PRONOTE reads in mode 2. */
  idpn: string;
  population: Population;
}

/**
 * The `IDPN` each ENT account must carry after a matching of the identifier file
 * ({@link matchAccounts}): every link to apply (see {@link entLinks}) whose PRONOTE person has
 * an `IDPN` (staff may have none: they are recognised by identity), in the result's order.
 *
 * @example
 * ```ts
 * for (const r of idpnToStore(matchAccounts(accounts, identifiants))) db.setIdpn(r.idPartenaire, r.idpn);
 * ```
 * @throws `ERR_ARGUMENT` when `result` is not a matching result.
 */
export function idpnToStore(result: MatchResult): IdpnRecord[] {
  checkObject(result, 'result');
  if (!Array.isArray(result.pairs)) throw argError('result.pairs', 'expected the pairs of a matching result');
  const out: IdpnRecord[] = [];
  for (const link of entLinks(result)) {
    const idpn: string | undefined = link.idpn;
    if (idpn === undefined || idpn === '') continue;
    out.push({ idPartenaire: link.idPartenaire, idpn, population: link.population });
  }
  return out;
}
