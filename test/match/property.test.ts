import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchAccounts, type MatchResult, POPULATIONS, type Population } from '../../src/index';
import { entId, generate, idpnOf, type Generated, type Human } from './population';

/**
 * Reference of what is safely matchable, computed on the truth (canonical names, not the
 * library's normalisation) with pairwise comparisons: a person is identifiable when, on each
 * side, its record is the only candidate of the other's.
 */
function identifiable(g: Generated, result: MatchResult): Set<number> {
  const out = new Set<number>();
  const both = (h: Human): boolean => h.onEnt && h.onPronote;
  const by = (pop: Population): Human[] => g.humans.filter((h) => h.population === pop);

  // Students: name + first name + birth date unique on each side.
  // Staff: name + first name unique on each side.
  for (const pop of ['eleves', 'personnels'] as const) {
    const key = (h: Human): string => `${h.nom}|${h.prenom}|${pop === 'eleves' ? h.date : ''}`;
    const people = by(pop);
    for (const h of people) {
      if (!both(h)) continue;
      const entSame = people.filter((o) => o.onEnt && key(o) === key(h)).length;
      const proSame = people.filter((o) => o.onPronote && key(o) === key(h)).length;
      if (entSame === 1 && proSame === 1) out.add(h.id);
    }
  }
  // Teachers: same name and first name, birth dates equal when both records have one.
  const teachers = by('professeurs');
  const compatible = (x: Human, y: Human): boolean =>
    x.nom === y.nom && x.prenom === y.prenom && (!x.entDate || !y.pronoteDate || x.date === y.date);
  for (const h of teachers) {
    if (!both(h)) continue;
    const entCands = teachers.filter((o) => o.onEnt && compatible(o, h));
    const proCands = teachers.filter((o) => o.onPronote && compatible(h, o));
    if (entCands.length === 1 && proCands.length === 1) out.add(h.id);
  }
  // Parents: same name among the parents of the students the engine linked (checked correct).
  const entStudent = new Map(g.ent.eleves.map((s) => [s.idPartenaire, s]));
  const proStudent = new Map(g.pronote.eleves.map((s) => [s.idpn, s]));
  const proParentByIdent = new Map(g.pronote.responsables.map((q) => [q.ident, q]));
  const cand = new Map<string, Set<string>>(); // ENT parent id → IDPNs, and IDPN → ENT ids
  const addCand = (a: string, b: string): void => {
    let s = cand.get(a);
    if (s === undefined) cand.set(a, (s = new Set()));
    s.add(b);
  };
  const humanName = (id: number): string => `${g.humans[id]?.nom}|${g.humans[id]?.prenom}`;
  for (const pair of result.populations.eleves.pairs) {
    const es = entStudent.get(pair.idPartenaire);
    const ps = proStudent.get(pair.idpn);
    for (const rid of (es?.responsables ?? []) as string[]) {
      for (const qIdent of ps?.responsables ?? []) {
        const q = proParentByIdent.get(qIdent);
        if (q === undefined) continue;
        if (humanName(g.humanOfEnt.get(rid) as number) !== humanName(g.humanOfIdpn.get(q.idpn as string) as number)) continue;
        addCand(`ent:${rid}`, q.idpn as string);
        addCand(`pn:${q.idpn}`, rid);
      }
    }
  }
  for (const h of by('responsables')) {
    if (!both(h)) continue;
    const c1 = cand.get(`ent:${entId(h)}`);
    const c2 = cand.get(`pn:${idpnOf(h)}`);
    if (c1?.size === 1 && c1.has(idpnOf(h)) && c2?.size === 1 && c2.has(entId(h))) out.add(h.id);
  }
  return out;
}

/** Same identity as the engine sees it (canonical names, birth dates as each record has them). */
function sameIdentity(a: Human, b: Human): boolean {
  if (a.population !== b.population || a.nom !== b.nom || a.prenom !== b.prenom) return false;
  if (a.population === 'eleves') return a.date === b.date;
  if (a.population === 'professeurs') return !a.entDate || !b.pronoteDate || a.date === b.date;
  return true;
}

/**
 * Checks a matching against the truth. `strict`: no link between two different people at all;
 * otherwise a link between two different people is allowed only when they have the same
 * identity (the data cannot tell them apart), and is counted.
 */
function check(g: Generated, mode: 'Complet' | 'Partiel', strict = true): { links: number; identifiable: number; indistinguishable: number } {
  const result = matchAccounts(g.ent, g.pronote, { mode });
  let indistinguishable = 0;
  // 1. Never a wrong link, and the right status.
  for (const pair of result.pairs) {
    const hE = g.humanOfEnt.get(pair.idPartenaire) as number;
    const hP = g.humanOfIdpn.get(pair.idpn as string) as number;
    if (hE !== hP && !strict) {
      const a = g.humans[hE] as Human;
      const b = g.humans[hP] as Human;
      // The same identity, each person missing on the other side (or, for parents, missing from
      // the other side's links of their student).
      expect(sameIdentity(a, b), `pair ${pair.idPartenaire}→${pair.idpn}`).toBe(true);
      expect(a.population === 'responsables' || (!a.onPronote && !b.onEnt), `pair ${pair.idPartenaire}→${pair.idpn}`).toBe(true);
      indistinguishable++;
      continue;
    }
    expect(hE, `pair ${pair.idPartenaire}→${pair.idpn}`).toBe(hP);
    const held = g.heldKind.get(pair.idpn as string);
    expect(pair.status).toBe(held === undefined ? 'matched' : held === 'true' ? 'confirmed' : 'conflict');
    expect(pair.apply).toBe(pair.status !== 'conflict' || mode === 'Complet');
  }
  // 2. Everything safely matchable is matched.
  const linked = new Set(result.pairs.map((x) => g.humanOfEnt.get(x.idPartenaire) as number));
  const ident = identifiable(g, result);
  for (const id of ident) {
    expect(linked.has(id), `human ${id} (${g.humans[id]?.population}) is identifiable but not linked`).toBe(true);
  }
  // 3. Every person is reported exactly once, counts add up.
  for (const pop of POPULATIONS) {
    const r = result.populations[pop];
    const c = r.counts;
    expect(c.ent).toBe(g.ent[pop].length);
    expect(c.pronote).toBe(g.pronote[pop].length);
    expect(r.pairs.length + c.entAmbiguous + c.entUnmatched).toBe(c.ent);
    expect(r.pairs.length + c.pronoteAmbiguous + c.pronoteUnmatched).toBe(c.pronote);
    // ambiguous people have at least one candidate, and are never identifiable
    for (const a of r.ambiguous) {
      expect(a.candidates.length).toBeGreaterThan(0);
      const h = a.side === 'ent' ? g.humanOfEnt.get(a.person.idPartenaire) : g.humanOfIdpn.get(a.person.idpn as string);
      expect(ident.has(h as number)).toBe(false);
    }
  }
  return { links: result.pairs.length, identifiable: ident.size, indistinguishable };
}

describe('matching random populations with known truth', () => {
  it('never links wrongly and links everything uniquely identifiable', () => {
    let links = 0;
    let ident = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom<'Complet' | 'Partiel'>('Complet', 'Partiel'), (seed, mode) => {
        const s = check(generate(seed, 1, { strict: true }), mode);
        links += s.links;
        ident += s.identifiable;
      }),
      { numRuns: 300 },
    );
    // The generator does produce matchable people (the property is not vacuous).
    expect(ident).toBeGreaterThan(1000);
    expect(links).toBeGreaterThanOrEqual(ident);
  });

  it('holds on larger populations with many homonyms', () => {
    for (const seed of [1, 2, 3, 4, 5]) check(generate(seed, 15, { strict: true }), 'Complet');
  });

  it('links two different people only when their identities are the same (indistinguishable)', () => {
    // Without the strict generator, a person present only in the ENT and a homonym (same name,
    // first name and birth date) present only in PRONOTE are one identity for any matching by
    // identity: the engine links them. This pins that it is the only way to a wrong link.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        check(generate(seed, 4), 'Complet', false);
      }),
      { numRuns: 200 },
    );
    // The worlds do hold such pairs (the property is not vacuous), counted on fixed worlds: about
    // one random world in sixteen has some (186 of 3,000), so random draws could miss them all.
    let indistinguishable = 0;
    for (let seed = 0; seed < 100; seed++) indistinguishable += check(generate(seed, 4), 'Complet', false).indistinguishable;
    expect(indistinguishable).toBeGreaterThan(0);
  });

  it('produces every difficulty in the generated populations', () => {
    // Guard against a generator that silently stops producing the hard cases.
    const seen = { ambiguous: 0, conflict: 0, confirmed: 0, unmatched: 0, parentsMatched: 0, twins: 0 };
    for (let seed = 0; seed < 40; seed++) {
      const g = generate(seed, 3);
      const r = matchAccounts(g.ent, g.pronote, { mode: 'Complet' });
      seen.ambiguous += r.totals.ambiguous;
      seen.conflict += r.totals.conflict;
      seen.confirmed += r.totals.confirmed;
      seen.unmatched += r.totals.unmatched;
      seen.parentsMatched += r.populations.responsables.counts.matched;
      const kids = g.humans.filter((h) => h.population === 'eleves');
      seen.twins += kids.filter((a) => kids.some((b) => b !== a && b.nom === a.nom && b.date === a.date && b.prenom !== a.prenom)).length;
    }
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThan(10);
  });
});
