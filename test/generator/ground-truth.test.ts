import { describe, expect, it } from 'vitest';
import type { ExpectedPronotePerson, GroundTruth, FixturePerson, FixtureWorld } from '../../src/fixtures';
import { normalizeName } from '../../src/index';
import { boosted, generated, person } from './helpers';

const LINKED = new Set(['matched', 'confirmed', 'conflict']);

/**
 * An independent oracle of "safely matchable" in complete mode, from the world alone: people
 * present on both sides whose identity is unique in its scope (and, for parents, reachable
 * through a student that is itself safely matchable).
 */
function safelyMatchable(world: FixtureWorld): Set<number> {
  const key = (p: FixturePerson, withDate: boolean): string =>
    `${p.school}|${p.population}|${normalizeName(p.nom)}|${normalizeName(p.prenom)}${withDate ? `|${p.dateNaissance}` : ''}`;
  const count = new Map<string, number>();
  for (const p of world.people) if (p.population !== 'responsables') count.set(key(p, p.population === 'eleves'), (count.get(key(p, p.population === 'eleves')) ?? 0) + 1);
  const out = new Set<number>();
  const both = (p: FixturePerson): boolean => p.ent !== undefined && p.pronote !== undefined;
  const compatible = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;
  for (const p of world.people) {
    if (p.population === 'responsables' || !both(p)) continue;
    if (p.divergences.includes('birth-date-differs')) continue;
    if (p.population === 'professeurs') {
      // Teachers: homonyms are told apart by birth dates when both sides have them.
      const others = world.people.filter((q) => q !== p && q.population === 'professeurs' && key(q, false) === key(p, false));
      const clash = others.some(
        (q) =>
          (q.ent !== undefined && compatible(p.pronote?.dateNaissance, q.ent.dateNaissance)) ||
          (q.pronote !== undefined && compatible(q.pronote.dateNaissance, p.ent?.dateNaissance)),
      );
      if (!clash) out.add(p.index);
    } else if (count.get(key(p, p.population === 'eleves')) === 1) out.add(p.index);
  }
  for (const p of world.people) {
    if (p.population !== 'responsables' || !both(p)) continue;
    const mine = `${normalizeName(p.nom)}|${normalizeName(p.prenom)}`;
    const coParents = new Set(p.children.flatMap((c) => person(world, c).parents).filter((q) => q !== p.index));
    if ([...coParents].some((q) => `${normalizeName(person(world, q).nom)}|${normalizeName(person(world, q).prenom)}` === mine)) continue;
    if (p.children.some((c) => out.has(c))) out.add(p.index);
  }
  return out;
}

function check(world: FixtureWorld, gt: GroundTruth): void {
  // PRONOTE people are found in the world through their PRONOTE login (staff have no IDPN).
  const byLogin = new Map(world.people.map((p) => [p.sso?.pronoteLogin, p]));
  const safe = safelyMatchable(world);
  for (const school of gt.schools) {
    const sso = gt.sso?.schools.find((s) => s.uai === school.uai);
    const byIdent = new Map(sso?.pronote.map((e) => [`${e.population}/${e.ident}`, byLogin.get(e.login)]));
    for (const mode of ['complet', 'partiel'] as const) {
      const m = school[mode];
      const linkedIds = new Set<string>();
      for (const e of m.pronote) {
        const w = byIdent.get(`${e.population}/${e.ident}`) as FixturePerson;
        expect(w.uai).toBe(school.uai);
        expect(w.population).toBe(e.population);
        if (LINKED.has(e.status)) {
          // Honesty: every expected link is the person's real account.
          expect({ idpn: e.idpn, link: e.idPartenaire }).toEqual({ idpn: e.idpn, link: e.trueIdPartenaire });
          expect(linkedIds.has(e.idPartenaire as string)).toBe(false);
          linkedIds.add(e.idPartenaire as string);
          expect(e.reason).toBeUndefined();
        } else {
          expect(e.idPartenaire).toBeUndefined();
          expect(e.reason).toBeDefined();
        }
        if (e.status === 'confirmed') expect(e.heldIdPartenaire).toBe(e.idPartenaire);
        if (e.status === 'conflict') {
          expect(e.heldIdPartenaire).toBeDefined();
          expect(e.heldIdPartenaire).not.toBe(e.idPartenaire);
        }
        if (e.status === 'matched') expect(e.heldIdPartenaire).toBeUndefined();
        if (mode === 'partiel') expect(e.heldIdPartenaire).toBeUndefined();
        // Complete mode: the independent oracle agrees on who is safely matchable.
        if (mode === 'complet') expect({ ident: e.ident, linked: LINKED.has(e.status) }).toEqual({ ident: e.ident, linked: safe.has(w.index) });
        if (w.divergences.includes('missing-ent')) expect(e.status).toBe('unmatched');
        if (w.divergences.includes('birth-date-differs')) expect(e.status).toBe('unmatched');
        if (w.divergences.includes('held-same') && mode === 'complet') expect(e.status).toBe('confirmed');
        if (w.divergences.includes('held-other') && mode === 'complet') expect(e.status).toBe('conflict');
      }
      for (const e of m.ent) {
        expect(linkedIds.has(e.idPartenaire)).toBe(false);
        expect(['ambiguous', 'unmatched']).toContain(e.status);
        expect(gt.aafIds[e.aafId]).toBe(e.idPartenaire);
      }
      // Counts agree with the entries.
      for (const [pop, c] of Object.entries(m.counts)) {
        const entries = m.pronote.filter((e) => e.population === pop);
        for (const [status, n] of Object.entries(c.pronote)) expect(entries.filter((e) => e.status === status).length).toBe(n);
        const unlinked = m.ent.filter((e) => e.population === pop);
        expect(unlinked.filter((e) => e.status === 'ambiguous').length).toBe(c.ent.ambiguous);
        expect(unlinked.filter((e) => e.status === 'unmatched').length).toBe(c.ent.unmatched);
        expect(c.ent.matched + c.ent.confirmed + c.ent.conflict).toBe(c.pronote.matched + c.pronote.confirmed + c.pronote.conflict);
      }
    }
    // The partial file holds exactly the people without a held identifier.
    const key = (e: ExpectedPronotePerson): string => `${e.population}/${e.ident}`;
    const held = new Set(school.complet.pronote.filter((e) => e.heldIdPartenaire !== undefined).map(key));
    expect(held.size).toBeGreaterThan(0);
    expect(new Set(school.partiel.pronote.map(key))).toEqual(new Set(school.complet.pronote.filter((e) => !held.has(key(e))).map(key)));
    const sameIdent = new Map(school.complet.pronote.filter((e) => e.idpn !== undefined).map((e) => [e.idpn, e.ident]));
    for (const e of school.partiel.pronote) if (e.idpn !== undefined) expect(e.ident).toBe(sameIdent.get(e.idpn));
  }
}

describe('ground truth', () => {
  for (const seed of ['gt-1', 'gt-2', 'gt-3']) {
    it(`is honest and complete (${seed})`, () => {
      const { world, groundTruth } = generated(boosted(seed, 1200, 2));
      check(world, groundTruth);
    });
  }

  it('is honest on a default world', () => {
    const { world, groundTruth } = generated({ seed: 'gt-default', students: 3000 });
    check(world, groundTruth);
  });

  it('expects true homonyms and their parents left out, twins matched', () => {
    const { world, groundTruth } = generated(boosted('gt-1', 1200, 2));
    const status = new Map<string, ExpectedPronotePerson>();
    for (const s of groundTruth.schools) for (const e of s.complet.pronote) if (e.idpn !== undefined) status.set(e.idpn, e);
    const homonyms = world.people.filter((p) => p.homonymOf !== undefined);
    expect(homonyms.length).toBeGreaterThan(0);
    for (const h of homonyms) {
      for (const p of [h, person(world, h.homonymOf as number)]) {
        expect(status.get(p.idpn as string)?.status).toBe('ambiguous');
        expect(status.get(p.idpn as string)?.reason).toBe('homonyms');
      }
      // A parent whose only student is a true homonym cannot be matched.
      for (const parent of h.parents.map((i) => person(world, i))) {
        if (parent.pronote !== undefined && parent.children.length === 1) {
          expect(status.get(parent.idpn as string)?.status).toBe('unmatched');
          expect(status.get(parent.idpn as string)?.reason).toBe('no-linked-student');
        }
      }
    }
    const homonymKeys = new Set(homonyms.map((h) => `${h.nom}|${h.prenom}|${h.dateNaissance}`));
    const twins = world.people.filter((p) => p.twin !== undefined && p.divergences.length === 0 && !homonymKeys.has(`${p.nom}|${p.prenom}|${p.dateNaissance}`));
    expect(twins.length).toBeGreaterThan(0);
    for (const t of twins) expect(status.get(t.idpn as string)?.status).toBe('matched');
  });

  it('expects the ENT accounts of missing and re-dated people unmatched, with their real counterpart', () => {
    const { world, groundTruth } = generated(boosted('gt-2', 1200, 2));
    const ent = new Map(groundTruth.schools.flatMap((s) => s.complet.ent.map((e) => [e.idPartenaire, e] as const)));
    let seen = 0;
    for (const p of world.people) {
      if (p.divergences.includes('missing-pronote') && p.ent !== undefined) {
        expect(ent.get(p.idPartenaire)?.status).toBe('unmatched');
        expect(ent.get(p.idPartenaire)?.trueIdpn).toBeUndefined();
        seen++;
      }
      if (p.divergences.includes('birth-date-differs')) {
        expect(ent.get(p.idPartenaire)?.status).toBe('unmatched');
        expect(ent.get(p.idPartenaire)?.trueIdpn).toBe(p.idpn);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('loses, in partial mode, the parents whose students all hold identifiers', () => {
    const { world, groundTruth } = generated(boosted('gt-3', 1200, 2));
    let seen = 0;
    for (const s of groundTruth.schools) {
      const partiel = new Map(s.partiel.pronote.map((e) => [e.idpn, e]));
      for (const e of s.complet.pronote) {
        if (e.population !== 'responsables' || e.status !== 'matched') continue;
        const parent = world.people.find((p) => p.idpn === e.idpn) as FixturePerson;
        const kids = parent.children.map((c) => person(world, c));
        if (kids.every((k) => k.pronote?.idPartenaire !== undefined || k.pronote === undefined)) {
          expect(partiel.get(e.idpn)?.status).toBe('unmatched');
          expect(partiel.get(e.idpn)?.reason).toBe('no-linked-student');
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('expects everyone matched in a world without divergences, except true homonyms and their lone parents', () => {
    const { world, groundTruth } = generated({ seed: 'gt-plain', students: 2000, homonymRate: 0.01, divergences: false });
    const homonymIdpns = new Set(world.people.filter((p) => p.homonymOf !== undefined).flatMap((p) => [p.idpn, person(world, p.homonymOf as number).idpn]));
    expect(homonymIdpns.size).toBeGreaterThan(0);
    for (const e of groundTruth.schools[0]?.complet.pronote ?? []) {
      if (e.population === 'eleves' && !homonymIdpns.has(e.idpn)) expect(e.status).toBe('matched');
      if (homonymIdpns.has(e.idpn)) expect(e.status).toBe('ambiguous');
    }
  });

  it('maps every AAF identifier of an ENT account to its idPartenaire', () => {
    const { world, groundTruth } = generated(boosted('gt-1', 1200, 2));
    const withAccount = world.people.filter((p) => p.ent !== undefined);
    expect(Object.keys(groundTruth.aafIds)).toHaveLength(withAccount.length);
    for (const p of withAccount) expect(groundTruth.aafIds[p.aafId]).toBe(p.idPartenaire);
  });
});
