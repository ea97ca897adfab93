import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveManualDecisions } from '../../src/match/manual';
import { confirmHeld } from '../../src/match/match';
import { preparePopulations } from '../../src/match/prepare';
import { type ManualDecisions, POPULATIONS } from '../../src/index';
import { applyForced, confirmHeldByChain, newState, Scratch } from './held-reference';
import type { Mutable } from './helpers';
import { generate, prng } from './population';

/**
 * A generated world, then disturbed so that pass 2 meets every case: identifiers held by the
 * right person, by a homonym (same identity), by several people at once, identifiers of another
 * population or of nobody, and manual decisions (forced pairs, exclusions, forbidden pairs).
 */
function world(seed: number, scale: number) {
  const g = generate(seed, scale);
  const r = prng(seed ^ 0x5bd1e995);
  const manual: { pairs: Mutable<NonNullable<ManualDecisions['pairs']>[number]>[]; exclusions: Mutable<NonNullable<ManualDecisions['exclusions']>[number]>[] } = {
    pairs: [],
    exclusions: [],
  };
  const usedEnt = new Set<string>();
  const usedPro = new Set<string>();
  for (const population of POPULATIONS) {
    const es = g.ent[population];
    const ps = g.pronote[population] as { idpn: string; idPartenaire?: string }[];
    if (es.length === 0) continue;
    for (const q of ps) {
      const x = r();
      if (x < 0.25) q.idPartenaire = (es[Math.floor(r() * es.length)] as { idPartenaire: string }).idPartenaire;
      else if (x < 0.3) q.idPartenaire = `nobody-${Math.floor(r() * 5)}`;
      else if (x < 0.33) q.idPartenaire = '';
    }
    // Several PRONOTE people holding one identifier.
    if (ps.length >= 2 && r() < 0.7) {
      const id = (es[0] as { idPartenaire: string }).idPartenaire;
      for (const q of ps) if (r() < 0.3) q.idPartenaire = id;
    }
    for (let k = 0; k < 2; k++) {
      const e = es[Math.floor(r() * es.length)] as { idPartenaire: string };
      const q = ps[Math.floor(r() * ps.length)];
      if (q === undefined) continue;
      const y = r();
      if (y < 0.25 && !usedEnt.has(`${population}:${e.idPartenaire}`) && !usedPro.has(`${population}:${q.idpn}`)) {
        manual.pairs.push({ population, idPartenaire: e.idPartenaire, idpn: q.idpn });
        usedEnt.add(`${population}:${e.idPartenaire}`);
        usedPro.add(`${population}:${q.idpn}`);
      } else if (y < 0.5 && !usedEnt.has(`${population}:${e.idPartenaire}`)) {
        manual.exclusions.push({ population, idPartenaire: e.idPartenaire });
      } else if (y < 0.75 && !usedPro.has(`${population}:${q.idpn}`)) {
        manual.exclusions.push({ population, idpn: q.idpn });
      } else if (!(usedEnt.has(`${population}:${e.idPartenaire}`) && usedPro.has(`${population}:${q.idpn}`))) {
        manual.exclusions.push({ population, idPartenaire: e.idPartenaire, idpn: q.idpn });
      }
    }
  }
  return { g, manual };
}

describe('held identifiers (pass 2): lookup by identifier', () => {
  it('links exactly the pairs the former chain walk linked, on generated worlds', () => {
    let linked = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), (seed, scale) => {
        const { g, manual } = world(seed, scale);
        let prepared;
        let decisions;
        try {
          prepared = preparePopulations(g.ent, g.pronote);
          decisions = resolveManualDecisions(manual, prepared);
        } catch {
          return; // contradictory random decisions: not this test's subject
        }
        for (const population of POPULATIONS) {
          const a = newState(prepared[population], decisions.byPopulation[population]);
          const b = newState(prepared[population], decisions.byPopulation[population]);
          applyForced(a);
          applyForced(b);
          confirmHeld(a, new Scratch());
          confirmHeldByChain(b);
          expect(Array.from(a.eLink)).toEqual(Array.from(b.eLink));
          expect(Array.from(a.pLink)).toEqual(Array.from(b.pLink));
          for (const p of a.eLink) if (p >= 0) linked++;
        }
      }),
      { numRuns: 300 },
    );
    expect(linked).toBeGreaterThan(300); // the worlds do exercise the pass
  });

  it('confirms nobody when two PRONOTE people of the same identity hold one identifier', () => {
    const ent = { eleves: [{ idPartenaire: 'A', nom: 'Roux', prenom: 'Léa', dateNaissance: '2012-01-01' }] };
    const pronote = {
      eleves: [
        { ident: 1, idpn: 'P1', nom: 'ROUX', prenom: 'LEA', dateNaissance: '2012-01-01', idPartenaire: 'A' },
        { ident: 2, idpn: 'P2', nom: 'Roux', prenom: 'Lea', dateNaissance: '01/01/2012', idPartenaire: 'A' },
      ],
    };
    const prepared = preparePopulations(ent, pronote);
    const s = newState(prepared.eleves, resolveManualDecisions(undefined, prepared).byPopulation.eleves);
    confirmHeld(s, new Scratch());
    expect(Array.from(s.eLink)).toEqual([-1]);
    expect(Array.from(s.pLink)).toEqual([-1, -1]);
  });
});
