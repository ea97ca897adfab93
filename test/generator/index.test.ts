import { describe, expect, it } from 'vitest';
import * as fixtures from '../../src/fixtures/index';

describe('src/fixtures/index', () => {
  it('exports the generator API', () => {
    expect(Object.keys(fixtures).sort()).toEqual(
      ['ACADEMY_DEFECTS', 'DEFAULT_DIVERGENCE_RATES', 'DEFAULT_FIXTURE_DATE', 'DIVERGENCE_KINDS', 'EXPECTED_STATUSES', 'SeededRandom', 'academyFileName', 'createSeededRandom', 'generateAcademy', 'generateFixtures', 'staffKindOf'].sort(),
    );
    expect(fixtures.DEFAULT_FIXTURE_DATE).toBe('2026-09-01T08:00:00+02:00');
    expect(Object.keys(fixtures.DEFAULT_DIVERGENCE_RATES).sort()).toEqual([...fixtures.DIVERGENCE_KINDS].sort());
    const r = fixtures.generateFixtures({ seed: 'index', students: 5 });
    expect(r.files.length).toBe(10);
  });
});
