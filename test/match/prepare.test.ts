import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMatchDate, normalizeName, type EntAccountLike, type EntStudentLike, type PronotePersonLike, POPULATIONS, type Population } from '../../src/index';
import { preparePopulations } from '../../src/match/prepare';
import type { Mutable } from './helpers';
import { generate, prng } from './population';

/**
 * A naive reference of the prepared columns: identities as composed strings of the normalised
 * fields, numbered in order of first appearance (ENT side, then PRONOTE side), parents resolved
 * with maps. The engine numbers the same identities with integer tables (students by one
 * (name, first name, birth date) triple): both must group people identically.
 */
function firstAppearance(keys: readonly (string | undefined)[]): number[] {
  const ids = new Map<string, number>();
  return keys.map((k) => {
    if (k === undefined) return -1;
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  });
}

/** The engine's numbers renumbered in order of first appearance (-1 kept). */
function canonical(values: readonly number[]): number[] {
  return firstAppearance(values.map((v) => (v < 0 ? undefined : String(v))));
}

function nameKeyOf(p: { nom: string; prenom: string }): string | undefined {
  const a = normalizeName(p.nom);
  const b = normalizeName(p.prenom);
  return a === '' || b === '' ? undefined : `${a}\u0000${b}`;
}

function identityOf(population: Population, p: { nom: string; prenom: string; dateNaissance?: string }): string | undefined {
  const name = nameKeyOf(p);
  if (population !== 'eleves' || name === undefined) return name;
  const d = normalizeMatchDate(p.dateNaissance);
  return d === undefined ? undefined : `${name}\u0000${d}`;
}

/** Parent indexes of each student: first occurrence of each reference, unknown ones dropped, no repetition. */
function parentsOf(students: readonly { responsables?: readonly (number | string)[] }[], resolve: (ref: number | string) => number): number[][] {
  return students.map((s) => {
    const out: number[] = [];
    for (const ref of s.responsables ?? []) {
      const j = resolve(ref);
      if (j >= 0 && !out.includes(j)) out.push(j);
    }
    return out;
  });
}

function firstIndex<T>(items: readonly T[], key: (x: T) => unknown): Map<unknown, number> {
  const m = new Map<unknown, number>();
  items.forEach((x, i) => {
    const k = key(x);
    if (!m.has(k)) m.set(k, i);
  });
  return m;
}

function lists(start: readonly number[], list: readonly number[], n: number): number[][] {
  return Array.from({ length: n }, (_, i) => list.slice(start[i] as number, start[i + 1] as number));
}

/** A generated world, with some students' parents referenced by `Ident` or unknown, and some empty names and bad dates. */
function world(seed: number, scale: number) {
  const g = generate(seed, scale);
  const r = prng(seed ^ 0x2545f491);
  const parents = g.ent.responsables as Mutable<EntAccountLike>[];
  parents.forEach((x, i) => {
    if (r() < 0.5) x.ident = 5000 + i;
  });
  for (const s of g.ent.eleves as Mutable<EntStudentLike>[]) {
    const refs = [...(s.responsables ?? [])];
    if (r() < 0.2 && parents.length > 0) refs.push(5000 + Math.floor(r() * parents.length)); // an Ident (maybe of nobody)
    if (r() < 0.1) refs.push('nobody');
    if (r() < 0.1 && refs.length > 0) refs.push(refs[0] as string); // a repeated reference
    s.responsables = refs;
  }
  for (const side of [g.ent, g.pronote]) {
    for (const population of POPULATIONS) {
      for (const x of side[population] as Mutable<EntAccountLike | PronotePersonLike>[]) {
        const y = r();
        if (y < 0.02) x.nom = ' - ';
        else if (y < 0.04) x.prenom = '';
        else if (y < 0.06 && x.dateNaissance !== undefined) x.dateNaissance = '31/02/2012';
      }
    }
  }
  return g;
}

describe('preparePopulations: differential against string keys', () => {
  it('groups, dates and parents exactly as a naive implementation, on generated worlds', () => {
    let students = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 5 }), (seed, scale) => {
        const g = world(seed, scale);
        const prepared = preparePopulations(g.ent, g.pronote);
        for (const population of POPULATIONS) {
          const pop = prepared[population];
          const es = g.ent[population] as readonly EntAccountLike[];
          const ps = g.pronote[population] as readonly PronotePersonLike[];
          const expected = firstAppearance([...es, ...ps].map((x) => identityOf(population, x)));
          expect(canonical([...pop.ent.identity, ...pop.pro.identity])).toEqual(expected);
          expect(pop.keySpace).toBe(new Set(expected.filter((k) => k >= 0)).size);
          if (population !== 'eleves') {
            // Name keys are dense in the population, in order of first appearance.
            expect([...pop.ent.nameKey, ...pop.pro.nameKey]).toEqual(expected);
          }
          if (population === 'professeurs') {
            const dates = firstAppearance([...es, ...ps].map((x) => (x.dateNaissance === undefined ? undefined : normalizeMatchDate(x.dateNaissance))));
            expect(canonical([...pop.ent.date, ...pop.pro.date])).toEqual(dates);
          }
        }
        const e = prepared.eleves;
        students += e.ent.n;
        const byIdent = firstIndex(g.ent.responsables, (x) => x.ident);
        const byKey = firstIndex(g.ent.responsables, (x) => x.key ?? x.idPartenaire);
        const entParents = parentsOf(g.ent.eleves, (ref) => (typeof ref === 'number' ? (byIdent.get(ref) ?? -1) : (byKey.get(ref) ?? -1)));
        const proByIdent = firstIndex(g.pronote.responsables, (x) => x.ident);
        const proParents = parentsOf(g.pronote.eleves, (ref) => (typeof ref === 'number' ? (proByIdent.get(ref) ?? -1) : -1));
        expect(lists(e.ent.parentStart, e.ent.parentList, e.ent.n)).toEqual(entParents);
        expect(lists(e.pro.parentStart, e.pro.parentList, e.pro.n)).toEqual(proParents);
      }),
      { numRuns: 150 },
    );
    expect(students).toBeGreaterThan(1000); // the worlds do have students
  });

  it('gives the same columns whether raw names are numbered by tables (large runs) or by maps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 3 }), (seed, scale) => {
        const g = world(seed, scale);
        const byMaps = preparePopulations(g.ent, g.pronote, false);
        const byTables = preparePopulations(g.ent, g.pronote, true);
        for (const population of POPULATIONS) {
          const a = byMaps[population];
          const b = byTables[population];
          expect(b.keySpace).toBe(a.keySpace);
          expect(b.held).toEqual(a.held);
          for (const side of ['ent', 'pro'] as const) {
            expect(b[side].identity).toEqual(a[side].identity);
            expect(b[side].nameKey).toEqual(a[side].nameKey);
            expect(b[side].date).toEqual(a[side].date);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
