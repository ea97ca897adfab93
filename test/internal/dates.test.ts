import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXsDate, normalizeBirthDate, toFrenchDate } from '../../src/index';
import { civilFromDays, daysFromCivil, daysInMonth, formatIsoDate, isIsoDate, isLeapYear, isoDateParts, isValidYmd } from '../../src/common/dates';
import { addYears, ageAt, dayNumber, frenchDate, isoDay } from '../../src/fixtures/calendar';

const DAY_MS = 86_400_000;

/** The UTC time of a date by `Date`, years 0–99 included (`Date.UTC` reads them as 1900–1999). */
function utc(y: number, m: number, d: number): number {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
}
/** True when `Date` keeps y-m-d as given (no roll-over into the next month). */
function realByDate(y: number, m: number, d: number): boolean {
  const date = new Date(utc(y, m, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const year = fc.integer({ min: 1, max: 9999 });
const month = fc.integer({ min: 1, max: 12 });
const anyDay = fc.integer({ min: 0, max: 32 });
const anyMonth = fc.integer({ min: 0, max: 13 });

describe('one calendar (common/dates)', () => {
  it('knows the leap years: every 4 years, not every 100, every 400', () => {
    expect([1900, 2000, 2023, 2024, 2100, 2400, 1, 4, 100, 400, 9996, 9999].map(isLeapYear)).toEqual([false, true, false, true, false, true, false, true, false, true, true, false]);
    fc.assert(fc.property(year, (y) => isLeapYear(y) === realByDate(y, 2, 29)));
  });

  it('counts the days of each month like Date', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    fc.assert(fc.property(year, month, (y, m) => daysInMonth(y, m) === [31, 30, 29, 28].find((d) => realByDate(y, m, d))));
  });

  it('tells real dates, years 0001 to 9999, like Date', () => {
    expect(isValidYmd(2024, 2, 29)).toBe(true);
    expect(isValidYmd(2023, 2, 29)).toBe(false);
    expect(isValidYmd(0, 1, 1)).toBe(false);
    expect(isValidYmd(10000, 1, 1)).toBe(false);
    expect(isValidYmd(9999, 12, 31)).toBe(true);
    expect(isValidYmd(1, 1, 1)).toBe(true);
    fc.assert(fc.property(year, anyMonth, anyDay, (y, m, d) => isValidYmd(y, m, d) === (m >= 1 && m <= 12 && d >= 1 && realByDate(y, m, d))));
  });

  it('reads YYYY-MM-DD strictly, with or without what follows', () => {
    expect(isoDateParts('2024-02-29')).toEqual([2024, 2, 29]);
    expect(isoDateParts('2024-02-29T08:00:00Z')).toEqual([2024, 2, 29]);
    for (const bad of ['2023-02-29', '1900-02-29', '0000-01-01', '2024-13-01', '2024-00-10', '2024-01-00', '2024-04-31', '2024-1-01', '2024/01/01', ' 2024-01-01', '２０２４-01-01', '2024-01-0', '']) {
      expect(isoDateParts(bad), bad).toBeUndefined();
    }
    for (const good of ['2000-02-29', '0001-01-01', '9999-12-31', '2024-02-29']) expect(isIsoDate(good), good).toBe(true);
    for (const bad of ['2024-01-01Z', '2024-01-01+02:00', '2024-01-01 ', '2023-02-29', '01/01/2024']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('isIsoDate agrees with isXsDate on 10 characters, with normalizeBirthDate and with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), anyMonth, anyDay, (y, m, d) => {
        const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real = y >= 1 && m >= 1 && m <= 12 && d >= 1 && realByDate(y, m, d);
        return isIsoDate(s) === real && isXsDate(s) === real && (normalizeBirthDate(s) === s) === real && (toFrenchDate(s) !== undefined) === real;
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (s) => isIsoDate(s) === (isXsDate(s) && s.length === 10)));
  });

  it('counts days since 1970-01-01 like Date.UTC, both ways', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(1, 1, 1)).toBe(-719_162);
    expect(daysFromCivil(50, 3, 1)).toBe(utc(50, 3, 1) / DAY_MS);
    expect(civilFromDays(-719_162)).toEqual([1, 1, 1]);
    expect(civilFromDays(daysFromCivil(9999, 12, 31))).toEqual([9999, 12, 31]);
    fc.assert(
      fc.property(year, month, fc.integer({ min: 1, max: 31 }), (y, m, d0) => {
        const d = Math.min(d0, daysInMonth(y, m));
        const n = daysFromCivil(y, m, d);
        const [y2, m2, d2] = civilFromDays(n);
        return n === utc(y, m, d) / DAY_MS && y2 === y && m2 === m && d2 === d;
      }),
    );
  });

  it('formats YYYY-MM-DD zero-padded', () => {
    expect(formatIsoDate(1, 2, 3)).toBe('0001-02-03');
    expect(formatIsoDate(2024, 12, 31)).toBe('2024-12-31');
  });
});

describe('the fixture calendar on the common one', () => {
  it('converts day numbers both ways, years 0001 to 9999 (no two-digit-year quirk)', () => {
    expect(dayNumber('0050-03-01')).toBe(utc(50, 3, 1) / DAY_MS);
    expect(isoDay(dayNumber('0050-03-01'))).toBe('0050-03-01');
    fc.assert(fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (n) => dayNumber(isoDay(n)) === n && isoDay(n) === new Date(n * DAY_MS).toISOString().slice(0, 10)));
  });

  it('adds years, 29 February becoming 28 February outside leap years', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2000-02-29', 100)).toBe('2100-02-28');
    expect(addYears('2000-02-29', 400)).toBe('2400-02-29');
    expect(addYears('2026-12-31', -2025)).toBe('0001-12-31');
    expect(ageAt('2012-02-29', '2013-02-28')).toBe(0);
    expect(ageAt('2012-02-29', '2013-03-01')).toBe(1);
  });

  it('refuses what is not a date with ERR_ARGUMENT (day numbers, years added)', () => {
    for (const bad of ['2023-02-29', '2024-13-01', 'not a date', '2024-1-1']) {
      expect(() => dayNumber(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
      expect(() => addYears(bad, 1), bad).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    }
    expect(frenchDate('2024-02-29')).toBe('29/02/2024');
    // Rewritten as it is: defective fixtures need impossible dates.
    expect(frenchDate('2010-13-45')).toBe('45/13/2010');
  });
});
