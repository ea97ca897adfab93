/**
 * Resolves the administrator's manual decisions (forced pairs, exclusions) against the prepared
 * populations, before the automatic pass. Decisions that name nobody of the inputs (a saved
 * decision about someone who has left) are returned as ignored, not refused; contradictory
 * decisions are refused with `ERR_CONFLICT`, malformed ones with `ERR_ARGUMENT` (paths like
 * `manual.pairs[2]`, never a value).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { isArrayValue } from '../common/arguments';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import type { PreparedPopulation } from './prepare';
import type { ForcedPair, MatchExclusion, IgnoredDecision, ManualDecisions } from './types';

/** The decisions of one population, as indexes. */
export interface PopulationDecisions {
  /** Forced pairs `[entIndex, pronoteIndex]`. */
  readonly forced: Array<readonly [number, number]>;
  /** ENT indexes left out of automatic matching. */
  readonly excludedEnt: Set<number>;
  /** PRONOTE indexes left out of automatic matching. */
  readonly excludedPronote: Set<number>;
  /** Forbidden pairs: PRONOTE indexes by ENT index. */
  readonly forbidden: Map<number, Set<number>>;
}

/** The resolved decisions. */
export interface ResolvedDecisions {
  readonly byPopulation: Record<Population, PopulationDecisions>;
  readonly ignored: IgnoredDecision[];
}

function isPopulation(value: unknown): value is Population {
  return typeof value === 'string' && (POPULATIONS as readonly string[]).includes(value);
}

function argError(path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', reason, { path });
}

/** An index looked up by identifier, undefined for none (-1). */
const found = (index: number): number | undefined => (index === -1 ? undefined : index);

/** Resolves `manual` (undefined: no decisions). */
export function resolveManualDecisions(
  manual: ManualDecisions | undefined,
  prepared: Record<Population, PreparedPopulation>,
): ResolvedDecisions {
  const byPopulation = {} as Record<Population, PopulationDecisions>;
  for (const p of POPULATIONS) {
    byPopulation[p] = { forced: [], excludedEnt: new Set(), excludedPronote: new Set(), forbidden: new Map() };
  }
  const ignored: IgnoredDecision[] = [];
  if (manual === undefined) return { byPopulation, ignored };
  if (typeof manual !== 'object' || manual === null) throw argError('manual', 'expected an object with pairs and exclusions');
  const pairs: readonly ForcedPair[] = manual.pairs ?? [];
  const exclusions: readonly MatchExclusion[] = manual.exclusions ?? [];
  if (!isArrayValue(pairs)) throw argError('manual.pairs', 'expected an array');
  if (!isArrayValue(exclusions)) throw argError('manual.exclusions', 'expected an array');

  // Exclusions first, so that a forced pair contradicting one is detected.
  exclusions.forEach((x, i) => {
    const path = `manual.exclusions[${i}]`;
    if (typeof x !== 'object' || x === null) throw argError(path, 'expected an object');
    if (!isPopulation(x.population)) throw argError(`${path}.population`, `expected one of ${POPULATIONS.join(', ')}`);
    const hasEnt = x.idPartenaire !== undefined;
    const hasPro = x.idpn !== undefined;
    if (hasEnt && typeof x.idPartenaire !== 'string') throw argError(`${path}.idPartenaire`, 'expected a string');
    if (hasPro && typeof x.idpn !== 'string') throw argError(`${path}.idpn`, 'expected a string');
    if (!hasEnt && !hasPro) throw argError(path, 'an exclusion names an ENT account (idPartenaire), a PRONOTE person (idpn) or both');
    const pop = prepared[x.population];
    const d = byPopulation[x.population];
    const e = hasEnt ? found(pop.entById.get(x.idPartenaire)) : undefined;
    const p = hasPro ? found(pop.pronoteByIdpn.get(x.idpn)) : undefined;
    if ((hasEnt && e === undefined) || (hasPro && p === undefined)) {
      ignored.push({ kind: 'exclusion', index: i, unknown: hasEnt && e === undefined ? 'ent' : 'pronote' });
      return;
    }
    if (e !== undefined && p !== undefined) {
      let set = d.forbidden.get(e);
      if (set === undefined) d.forbidden.set(e, (set = new Set()));
      set.add(p);
    } else if (e !== undefined) {
      d.excludedEnt.add(e);
    } else if (p !== undefined) {
      d.excludedPronote.add(p);
    }
  });

  const forcedEnt = new Map<string, number>(); // population + ENT index → pair index
  const forcedPro = new Map<string, number>();
  pairs.forEach((x, i) => {
    const path = `manual.pairs[${i}]`;
    if (typeof x !== 'object' || x === null) throw argError(path, 'expected an object');
    if (!isPopulation(x.population)) throw argError(`${path}.population`, `expected one of ${POPULATIONS.join(', ')}`);
    if (typeof x.idPartenaire !== 'string') throw argError(`${path}.idPartenaire`, 'expected a string');
    if (typeof x.idpn !== 'string') throw argError(`${path}.idpn`, 'expected a string');
    const pop = prepared[x.population];
    const d = byPopulation[x.population];
    const e = found(pop.entById.get(x.idPartenaire));
    const p = found(pop.pronoteByIdpn.get(x.idpn));
    if (e === undefined || p === undefined) {
      ignored.push({ kind: 'pair', index: i, unknown: e === undefined ? 'ent' : 'pronote' });
      return;
    }
    const ek = `${x.population}:${e}`;
    const pk = `${x.population}:${p}`;
    const prevE = forcedEnt.get(ek);
    const prevP = forcedPro.get(pk);
    if (prevE !== undefined && prevE === prevP) return; // the same pair twice
    if (prevE !== undefined) {
      throw new EntPronoteError('ERR_CONFLICT', `this ENT account is already forced by manual.pairs[${prevE}]; keep one of the two pairs`, { path });
    }
    if (prevP !== undefined) {
      throw new EntPronoteError('ERR_CONFLICT', `this PRONOTE person is already forced by manual.pairs[${prevP}]; keep one of the two pairs`, { path });
    }
    if (d.excludedEnt.has(e) || d.excludedPronote.has(p) || d.forbidden.get(e)?.has(p) === true) {
      throw new EntPronoteError('ERR_CONFLICT', 'this forced pair is also excluded by manual.exclusions; keep one of the two decisions', { path });
    }
    forcedEnt.set(ek, i);
    forcedPro.set(pk, i);
    d.forced.push([e, p]);
  });
  return { byPopulation, ignored };
}
