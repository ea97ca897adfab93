import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/fixtures/calendar';
import { divergenceCount, titleCaseName } from '../../src/fixtures/divergences';
import { DIVERGENCE_KINDS } from '../../src/fixtures';
import { normalizeName } from '../../src/index';
import { boosted, generated, person } from './helpers';

describe('divergence helpers', () => {
  it('title-cases names with their particles', () => {
    expect(titleCaseName("D'ALMEIDA")).toBe("d'Almeida");
    expect(titleCaseName('DE LA TOUR')).toBe('de La Tour');
    expect(titleCaseName('LE GALL')).toBe('Le Gall');
    expect(titleCaseName("N'DIAYE")).toBe("N'Diaye");
    expect(titleCaseName('SAINT-MARTIN')).toBe('Saint-Martin');
    expect(titleCaseName('DENIS')).toBe('Denis');
    expect(titleCaseName('LEFÈVRE')).toBe('Lefèvre');
  });

  it('counts divergences from rates, at least one in populations of 10', () => {
    expect(divergenceCount(0, 100)).toBe(0);
    expect(divergenceCount(0.1, 0)).toBe(0);
    expect(divergenceCount(0.01, 9)).toBe(0);
    expect(divergenceCount(0.01, 10)).toBe(1);
    expect(divergenceCount(0.1, 1000)).toBe(100);
    expect(divergenceCount(1, 7)).toBe(7);
  });
});

describe('divergences of a world', () => {
  const { world } = generated(boosted('div-tests'));

  it('applies every kind somewhere', () => {
    const seen = new Set(world.people.flatMap((p) => p.divergences));
    expect([...seen].sort()).toEqual([...DIVERGENCE_KINDS].sort());
  });

  it('keeps the normalised identity under spelling divergences', () => {
    let changed = 0;
    for (const p of world.people) {
      if (p.ent === undefined || p.pronote === undefined) continue;
      expect(normalizeName(p.pronote.nom)).toBe(normalizeName(p.ent.nom));
      expect(normalizeName(p.pronote.prenom)).toBe(normalizeName(p.ent.prenom));
      if (p.pronote.nom !== p.ent.nom || p.pronote.prenom !== p.ent.prenom) changed++;
      expect([p.ent.nom, p.ent.prenom]).toEqual([p.nom, p.prenom]);
    }
    expect(changed).toBeGreaterThan(100);
  });

  it('spells as each kind says', () => {
    for (const p of world.people) {
      const s = p.pronote;
      if (s === undefined) continue;
      if (p.divergences.includes('accents')) expect(`${s.nom}${s.prenom}`).not.toMatch(/[À-ÖØ-öø-ÿ]/);
      if (p.divergences.includes('apostrophe')) expect(`${s.nom}${s.prenom}`).toContain('’');
      if (p.divergences.includes('whitespace')) expect(`${s.nom}|${s.prenom}`).toMatch(/ {2}| \||^ |\| |\s$/);
    }
  });

  it('removes people from one side only, and parents none of whose children is on that side', () => {
    for (const p of world.people) {
      if (p.divergences.includes('missing-ent')) expect(p.ent).toBeUndefined();
      if (p.divergences.includes('missing-pronote')) expect(p.pronote).toBeUndefined();
      expect(p.ent !== undefined || p.pronote !== undefined || p.population === 'responsables').toBe(true);
      if (p.population === 'responsables') {
        const kids = p.children.map((c) => person(world, c));
        if (p.ent !== undefined) expect(kids.some((k) => k.ent !== undefined)).toBe(true);
        if (p.pronote !== undefined) expect(kids.some((k) => k.pronote !== undefined)).toBe(true);
        if (!p.divergences.includes('missing-ent')) expect(p.ent !== undefined).toBe(kids.some((k) => k.ent !== undefined));
        if (!p.divergences.includes('missing-pronote')) expect(p.pronote !== undefined).toBe(kids.some((k) => k.pronote !== undefined));
      }
    }
  });

  it('changes birth dates by a few days, or drops teachers’ PRONOTE dates', () => {
    for (const p of world.people) {
      if (p.divergences.includes('birth-date-differs')) {
        const d = dayNumber(p.pronote?.dateNaissance as string) - dayNumber(p.dateNaissance);
        expect(d !== 0 && Math.abs(d) <= 3).toBe(true);
        expect(p.ent?.dateNaissance).toBe(p.dateNaissance);
      } else if (p.pronote?.dateNaissance !== undefined) {
        expect(p.pronote.dateNaissance).toBe(p.dateNaissance);
      }
      if (p.divergences.includes('birth-date-absent')) {
        expect(p.population).toBe('professeurs');
        expect(p.pronote?.dateNaissance).toBeUndefined();
      }
      if (p.population === 'responsables') expect(p.pronote?.dateNaissance).toBeUndefined();
    }
  });

  it('gives held identifiers: the right one, or a stale one nobody has', () => {
    const entIds = new Set(world.people.map((p) => p.idPartenaire));
    for (const p of world.people) {
      const held = p.pronote?.idPartenaire;
      if (p.divergences.includes('held-same')) expect(held).toBe(p.idPartenaire);
      else if (p.divergences.includes('held-other')) {
        expect(held).toMatch(/^[bcdfghjklmnpqrstvwxz2-7]{16}$/);
        expect(entIds.has(held as string)).toBe(false);
      } else expect(held).toBeUndefined();
    }
  });

  it('leaves a world without divergences when asked', () => {
    const plain = generated({ seed: 'div-tests', students: 1500, schools: 3, homonymRate: 0.02, twinRate: 0.3, divergences: false }).world;
    for (const p of plain.people) {
      expect(p.divergences).toEqual([]);
      expect(p.ent).toBeDefined();
      expect(p.pronote).toBeDefined();
      expect([p.pronote?.nom, p.pronote?.prenom]).toEqual([p.nom, p.prenom]);
    }
  });

  it('does not change the people when only the divergence rates change', () => {
    const plain = generated({ seed: 'div-tests', students: 1500, schools: 3, homonymRate: 0.02, twinRate: 0.3, divergences: false }).world;
    const strip = (w: typeof world) => w.people.map((p) => [p.population, p.nom, p.prenom, p.dateNaissance, p.idPartenaire, p.idpn, p.aafId, p.parents]);
    expect(strip(plain)).toEqual(strip(world));
  });
});
