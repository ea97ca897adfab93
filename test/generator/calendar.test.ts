import { describe, expect, it } from 'vitest';
import { addYears, ageAt, birthRange, dayNumber, frenchDate, isoDay } from '../../src/fixtures/calendar';

describe('calendar', () => {
  it('converts day numbers both ways, like Date', () => {
    for (let d = -25_000; d < 40_000; d += 7) {
      const iso = isoDay(d);
      expect(iso).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
      expect(dayNumber(iso)).toBe(d);
    }
    expect(isoDay(0)).toBe('1970-01-01');
    expect(dayNumber('2026-09-01T08:00:00+02:00')).toBe(dayNumber('2026-09-01'));
  });

  it('adds years, 29 February becoming 28 February', () => {
    expect(addYears('2024-02-29', -11)).toBe('2013-02-28');
    expect(addYears('2024-02-29', -12)).toBe('2012-02-29');
    expect(addYears('2026-09-01', -18)).toBe('2008-09-01');
  });

  it('computes ages in full years', () => {
    expect(ageAt('2010-09-01', '2026-09-01')).toBe(16);
    expect(ageAt('2010-09-02', '2026-09-01')).toBe(15);
    expect(ageAt('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageAt('2012-02-29', '2026-03-01')).toBe(14);
  });

  it('gives birth ranges whose ends have exactly the bounding ages', () => {
    for (const at of ['2026-09-01', '2028-02-29', '2027-01-01']) {
      const [lo, hi] = birthRange(at, 11, 18);
      expect(ageAt(isoDay(hi), at)).toBe(11);
      expect(ageAt(isoDay(hi + 1), at)).toBe(10);
      expect(ageAt(isoDay(lo), at)).toBe(18);
      expect(ageAt(isoDay(lo - 1), at)).toBe(19);
    }
  });

  it('writes French dates', () => {
    expect(frenchDate('2010-12-31')).toBe('31/12/2010');
  });
});
