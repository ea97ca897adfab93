import { describe, expect, it } from 'vitest';
import { generateFixtures } from '../../src/fixtures';
import { LAST_NAME_LIST } from '../../src/fixtures/names';

const none = { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false };

/** Share of the students who share their name and first name with another student. */
function homonymShare(students: number, namePoolStudents: number | undefined): number {
  const f = generateFixtures({ seed: 'pools', students, outputs: none, homonymRate: 0, twinRate: 0, ...(namePoolStudents === undefined ? {} : { namePoolStudents }) });
  const count = new Map<string, number>();
  const eleves = f.world.people.filter((p) => p.population === 'eleves');
  for (const p of eleves) count.set(`${p.nom}|${p.prenom}`, (count.get(`${p.nom}|${p.prenom}`) ?? 0) + 1);
  return eleves.filter((p) => (count.get(`${p.nom}|${p.prenom}`) as number) > 1).length / eleves.length;
}

describe('namePoolStudents (pools of last names)', () => {
  it('changes nothing when the world fits in one pool: the files are byte-identical', () => {
    const base = { seed: 'pools-identical', students: 120, schools: 2 };
    const a = generateFixtures(base).files.filter((f) => f.sensitive || !f.path.includes('sealed'));
    const b = generateFixtures({ ...base, namePoolStudents: 120 }).files.filter((f) => f.sensitive || !f.path.includes('sealed'));
    expect(b.map((f) => f.path)).toEqual(a.map((f) => f.path));
    expect(b.map((f) => f.content)).toEqual(a.map((f) => f.content));
  });

  it('marks the last names of every pool after the first, and only the last names', () => {
    const plain = generateFixtures({ seed: 'pools-marks', students: 400, outputs: none }).world.people;
    const pooled = generateFixtures({ seed: 'pools-marks', students: 400, namePoolStudents: 100, outputs: none }).world.people;
    expect(pooled).toHaveLength(plain.length);
    const first = LAST_NAME_LIST.items[0] as string;
    const second = LAST_NAME_LIST.items[1] as string;
    let marked = 0;
    pooled.forEach((p, i) => {
      const q = plain[i];
      if (q === undefined) throw new Error('missing person');
      expect([p.population, p.prenom, p.dateNaissance, p.idPartenaire]).toEqual([q.population, q.prenom, q.dateNaissance, q.idPartenaire]);
      if (p.nom !== q.nom) {
        marked++;
        expect(p.nom.endsWith(`-${first}`) || p.nom.endsWith(`-${second}`) || p.nom.endsWith(`-${LAST_NAME_LIST.items[2]}`)).toBe(true);
      }
    });
    // Students 100 to 399 (three pools of four) and their families are marked.
    expect(marked).toBeGreaterThan(plain.length / 2);
  });

  it('keeps the share of homonyms constant for four times the students', () => {
    const small = homonymShare(1000, 250);
    const large = homonymShare(4000, 250);
    expect(small).toBeGreaterThan(0.005);
    expect(large).toBeLessThan(small * 1.3);
    // Without pools, the share grows with the world.
    expect(homonymShare(4000, undefined)).toBeGreaterThan(large * 2);
  });

  it('refuses a pool size that is not a positive integer', () => {
    for (const namePoolStudents of [0, -1, 1.5, Number.NaN]) {
      expect(() => generateFixtures({ seed: 'x', students: 10, namePoolStudents, outputs: none })).toThrow(/namePoolStudents must be a positive integer/);
    }
  });
});
