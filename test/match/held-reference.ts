/**
 * The held-identifier pass as it was until the 0.1.0 release (kept as the reference of a differential test):
 * ENT accounts chained by identity, and for every identifier PRONOTE holds, the chain of its
 * identity walked until an account with that identifier is found. Correct, but its cost grows
 * with the number of people sharing a name (parents are grouped by name only).
 */
import { applyForced, newState, Scratch, type State } from '../../src/match/match';
import type { EntAccountLike, PronotePersonLike } from '../../src/index';

export { applyForced, newState, Scratch };

const freeE = (s: State, e: number): boolean => s.eLink[e] === -1 && (s.d.excludedEnt.size === 0 || !s.d.excludedEnt.has(e));
const freeP = (s: State, p: number): boolean => s.pLink[p] === -1 && (s.d.excludedPronote.size === 0 || !s.d.excludedPronote.has(p));
const forbidden = (s: State, e: number, p: number): boolean => s.d.forbidden.size > 0 && s.d.forbidden.get(e)?.has(p) === true;

/** The old pass 2, on its own state. */
export function confirmHeldByChain(s: State): void {
  const { ent, pro, keySpace, entSrc, proSrc, population } = s.pop;
  if (s.pop.held.length === 0) return;
  const head = new Int32Array(keySpace).fill(-1);
  const next = new Int32Array(ent.n).fill(-1);
  for (let e = ent.n - 1; e >= 0; e--) {
    if (!freeE(s, e)) continue;
    const k = ent.identity[e] as number;
    if (k < 0) continue;
    next[e] = head[k] as number;
    head[k] = e;
  }
  const dates = (e: number, p: number): boolean => {
    const a = s.pop.ent.date[e] as number;
    const b = s.pop.pro.date[p] as number;
    return a < 0 || b < 0 || a === b;
  };
  const claim = new Map<number, number>();
  for (let p = 0; p < pro.n; p++) {
    const raw = (proSrc[p] as PronotePersonLike).idPartenaire;
    const h = raw === undefined || raw === '' ? undefined : raw;
    if (h === undefined || !freeP(s, p)) continue;
    const k = pro.identity[p] as number;
    if (k < 0) continue;
    for (let e = head[k] as number; e !== -1; e = next[e] as number) {
      if ((entSrc[e] as EntAccountLike).idPartenaire !== h) continue;
      if (forbidden(s, e, p) || (population === 'professeurs' && !dates(e, p))) continue;
      claim.set(e, claim.has(e) ? -1 : p);
    }
  }
  for (const [e, p] of claim) {
    if (p >= 0) {
      s.eLink[e] = p;
      s.pLink[p] = e;
    }
  }
}
