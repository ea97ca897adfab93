import { describe, expect, it } from 'vitest';
import { isValidUai, normalizeName } from '../../src/index';
import { ageAt } from '../../src/fixtures/calendar';
import { isIso885915 } from '../../src/fixtures/iso-8859-15';
import { BOY_NAMES, GIRL_NAMES, MAN_NAMES, WOMAN_NAMES } from '../../src/fixtures/names';
import { ENT_ID_ALPHABET } from '../../src/fixtures/identifiers';
import { AGE_BOUNDS } from '../../src/fixtures/world';
import { byPopulation, generated, person } from './helpers';

const options = { seed: 'world-tests', students: 2400, schools: 3, homonymRate: 0.02, twinRate: 0.3 };
const DAY = '2026-09-01';

describe('generated world', () => {
  const { world } = generated(options);

  it('has the requested students, split over the schools, and proportional staff', () => {
    expect(byPopulation(world, 'eleves')).toHaveLength(2400);
    for (const school of world.schools) {
      const here = world.people.filter((p) => p.school === school.index);
      const count = (pop: string): number => here.filter((p) => p.population === pop).length;
      expect(count('eleves')).toBe(800);
      expect(count('professeurs')).toBe(Math.round(800 / 12));
      expect(count('personnels')).toBe(Math.round(800 / 30));
      expect(count('responsables')).toBeGreaterThan(800 * 0.9);
      expect(count('responsables')).toBeLessThan(800 * 1.6);
    }
  });

  it('has schools with valid, distinct UAIs', () => {
    expect(world.schools).toHaveLength(3);
    for (const s of world.schools) {
      expect(isValidUai(s.uai)).toBe(true);
      expect(s.nom).toMatch(/^(COLLEGE|LYCEE) /);
      expect(s.structureId).toMatch(/^\d{14}$/);
    }
    expect(new Set(world.schools.map((s) => s.uai)).size).toBe(3);
    expect(new Set(world.schools.map((s) => s.structureId)).size).toBe(3);
  });

  it('uses the UAIs it is given', () => {
    const w = generated({ seed: 'uais', students: 10, schools: ['0410017W', '0450782F'] }).world;
    expect(w.schools.map((s) => s.uai)).toEqual(['0410017W', '0450782F']);
  });

  it('gives every population plausible ages on the export date', () => {
    for (const p of world.people) {
      const age = ageAt(p.dateNaissance, DAY);
      const school = world.schools[p.school];
      const [lo, hi] = p.population === 'eleves' ? AGE_BOUNDS[school?.kind ?? 'college'] : p.population === 'responsables' ? AGE_BOUNDS.parent : AGE_BOUNDS.staff;
      expect({ age, ok: age >= lo && age <= hi }).toEqual({ age, ok: true });
      if (p.population === 'eleves') expect(age >= 11 && age <= 18).toBe(true);
    }
  });

  it('keeps sex, civility and first names consistent', () => {
    const lists = {
      eleves: { Feminin: new Set(GIRL_NAMES), Masculin: new Set(BOY_NAMES) },
      adults: { Feminin: new Set(WOMAN_NAMES), Masculin: new Set(MAN_NAMES) },
    };
    for (const p of world.people) {
      expect(p.civilite).toBe(p.sexe === 'Masculin' ? 'M' : 'Mme');
      const names = p.population === 'eleves' ? lists.eleves : lists.adults;
      expect({ prenom: p.prenom, ok: names[p.sexe].has(p.prenom) }).toEqual({ prenom: p.prenom, ok: true });
    }
  });

  it('builds coherent families', () => {
    const kinds = new Set(world.families.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['couple', 'separated', 'single']));
    for (const f of world.families) {
      const parents = f.parents.map((i) => person(world, i));
      const children = f.children.map((i) => person(world, i));
      expect(parents).toHaveLength(f.kind === 'single' ? 1 : 2);
      if (f.kind !== 'single') expect(new Set(parents.map((p) => p.sexe))).toEqual(new Set(['Masculin', 'Feminin']));
      expect(children.length).toBeGreaterThanOrEqual(1);
      expect(children.length).toBeLessThanOrEqual(4);
      expect(new Set(children.map((c) => c.nom)).size).toBe(1);
      expect(new Set(children.map((c) => normalizeName(c.prenom))).size).toBe(children.length);
      for (const c of children) {
        expect(c.population).toBe('eleves');
        expect(c.family).toBe(f.index);
        expect(c.parents).toEqual(f.parents);
        expect(c.school).toBe(f.school);
      }
      for (const p of parents) {
        expect(p.population).toBe('responsables');
        expect(p.children).toEqual(f.children);
        expect(p.school).toBe(f.school);
        for (const c of children) {
          const gap = ageAt(p.dateNaissance, c.dateNaissance);
          expect({ gap, ok: gap >= 18 && gap <= 45 }).toEqual({ gap, ok: true });
        }
      }
      if (f.kind === 'couple') expect(parents[1]?.adresse).toEqual(parents[0]?.adresse);
      if (f.kind === 'separated') expect(parents[1]?.adresse).not.toEqual(parents[0]?.adresse);
      for (const p of parents) expect(p.adresse?.codePostal).toMatch(/^\d{5}$/);
    }
  });

  it('has twins: same family and birth date, other first names', () => {
    const twins = world.people.filter((p) => p.twin !== undefined);
    expect(twins.length).toBeGreaterThanOrEqual(10);
    for (const t of twins) {
      const other = person(world, t.twin as number);
      expect(other.twin).toBe(t.index);
      expect(other.family).toBe(t.family);
      expect(other.dateNaissance).toBe(t.dateNaissance);
      expect(other.nom).toBe(t.nom);
      expect(normalizeName(other.prenom)).not.toBe(normalizeName(t.prenom));
    }
  });

  it('has true homonyms in other families: same name, first name and birth date', () => {
    const homonyms = world.people.filter((p) => p.homonymOf !== undefined);
    expect(homonyms.length).toBeGreaterThanOrEqual(5);
    for (const h of homonyms) {
      const o = person(world, h.homonymOf as number);
      expect([o.nom, o.prenom, o.dateNaissance, o.school]).toEqual([h.nom, h.prenom, h.dateNaissance, h.school]);
      expect(o.family).not.toBe(h.family);
    }
  });

  it('has French names with accents, compound first names, particles and apostrophes, all in ISO-8859-15', () => {
    const noms = world.people.map((p) => p.nom);
    const prenoms = world.people.map((p) => p.prenom);
    expect(noms.some((n) => /[ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜ]/.test(n))).toBe(true);
    expect(prenoms.some((n) => /[àâäçèéêëîïôöùûü]/.test(n))).toBe(true);
    expect(prenoms.some((n) => /^\p{Lu}\p{Ll}+-\p{Lu}/u.test(n))).toBe(true);
    expect(noms.some((n) => /^(DE|LE|DA|DU|DOS) /.test(n))).toBe(true);
    expect(noms.some((n) => n.includes("'"))).toBe(true);
    for (const p of world.people) {
      expect(isIso885915(p.nom) && isIso885915(p.prenom)).toBe(true);
      for (const v of Object.values(p.adresse ?? {})) expect(isIso885915(v)).toBe(true);
    }
    for (const s of world.schools) expect(isIso885915(s.nom)).toBe(true);
  });

  it('gives opaque, unique identifiers', () => {
    const re = new RegExp(`^[${ENT_ID_ALPHABET}]{16}$`);
    const ids = world.people.map((p) => p.idPartenaire);
    for (const p of world.people) {
      expect(p.idPartenaire).toMatch(re);
      expect(p.idPartenaire).not.toMatch(/[aeiouy0189]/);
      // The public shape: 16 upper-case letters and digits; staff have none (PRONOTE's partner exports).
      if (p.population === 'personnels') expect(p.idpn).toBeUndefined();
      else expect(p.idpn).toMatch(/^[A-HJ-NP-Z2-9]{16}$/);
      expect(p.aafId).toMatch(/^\d{7,}$/);
      if (p.population === 'eleves') expect(p.numeroNational).toMatch(/^\d{9}[A-Z]{2}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const idpns = world.people.filter((p) => p.population !== 'personnels').map((p) => p.idpn);
    expect(new Set(idpns).size).toBe(idpns.length);
    expect(new Set(world.people.map((p) => p.aafId)).size).toBe(ids.length);
    const ines = byPopulation(world, 'eleves').map((p) => p.numeroNational);
    expect(new Set(ines).size).toBe(ines.length);
  });
});
