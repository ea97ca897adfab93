/**
 * Date helpers for the forms the formats use: `xs:date` (`YYYY-MM-DD`, optional time zone),
 * `xs:dateTime` (`YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]`) and the French `dd/mm/yyyy` of AAF feeds
 * and spreadsheets. Years are limited to 0001–9999.
 *
 * @module
 */

import { argumentError, expectOptions, expectString } from '../common/arguments';

const TZ = '(?:Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))';
const DATE_RE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})(${TZ})?$`);
const DATETIME_RE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(${TZ})?$`);
const FRENCH_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The days of a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year (0001–9999), month and day make a real calendar date. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The decimal number written by ASCII digits `value[from, to)`, or -1 if one is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Year, month and day of a string that starts with a real `YYYY-MM-DD` date (what follows, such
 * as a time, is not read), or undefined. No regular expression: for large documents.
 */
export function isoDateParts(value: string): [year: number, month: number, day: number] | undefined {
  if (value.length < 10 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return undefined;
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 7);
  const d = digits(value, 8, 10);
  return y >= 0 && m >= 0 && d >= 0 && isValidYmd(y, m, d) ? [y, m, d] : undefined;
}

/**
 * True when `value` is exactly `YYYY-MM-DD` (no time zone, no white space) and a real calendar
 * date (year 0001–9999): the canonical birth date, `normalizeBirthDate(value) === value`.
 */
export function isIsoDate(value: string): boolean {
  return typeof value === 'string' && value.length === 10 && isoDateParts(value) !== undefined;
}

/**
 * Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's
 * days-from-civil; any year, no `Date`, so no time zone and no two-digit-year quirk).
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (days since 1970-01-01): Howard Hinnant's civil-from-days. */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** `YYYY-MM-DD` of a year (0000–9999), month and day, zero-padded. */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** True when `value` is an `xs:date` (`2010-12-31`, optionally with a time zone). */
export function isXsDate(value: string): boolean {
  if (typeof value !== 'string') return false;
  // Fast path for the common form, without a time zone: YYYY-MM-DD.
  if (value.length === 10) return isoDateParts(value) !== undefined;
  const m = DATE_RE.exec(value);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when `value` is an `xs:dateTime` (`2026-09-01T08:00:00+02:00`). */
export function isXsDateTime(value: string): boolean {
  if (typeof value !== 'string') return false;
  const m = DATETIME_RE.exec(value);
  if (m === null || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = Number(m[6]);
  if (h === 24) return min === 0 && s === 0 && (m[7] === undefined || /^\.0+$/.test(m[7]));
  return h < 24 && min < 60 && s < 60;
}

/**
 * Reads a birth date written `yyyy-mm-dd` (an `xs:date` without time zone) or `dd/mm/yyyy`
 * (`d/m/yyyy` accepted) and returns it as `yyyy-mm-dd`, or undefined when it is neither or is
 * not a real calendar date.
 */
export function normalizeBirthDate(value: string): string | undefined {
  expectString(value, 'value');
  const v = value.trim();
  const iso = DATE_RE.exec(v);
  if (iso !== null) {
    if (iso[4] !== undefined) return undefined;
    return isValidYmd(Number(iso[1]), Number(iso[2]), Number(iso[3])) ? v : undefined;
  }
  const fr = FRENCH_RE.exec(v);
  if (fr === null) return undefined;
  const d = Number(fr[1]);
  const m = Number(fr[2]);
  const y = Number(fr[3]);
  if (!isValidYmd(y, m, d)) return undefined;
  return `${fr[3]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `yyyy-mm-dd` → `dd/mm/yyyy` (the AAF form). Throws nothing: returns undefined on bad input. */
export function toFrenchDate(isoDate: string): string | undefined {
  expectString(isoDate, 'isoDate');
  const m = DATE_RE.exec(isoDate);
  if (m === null || m[4] !== undefined || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Formats a JavaScript date as an `xs:dateTime` with the machine's local offset, to the second
 * (e.g. `2026-09-01T08:00:00+02:00`), as the public ENT implementation writes export dates.
 * Pass `utc: true` for a `Z` form.
 */
export function formatXsDateTime(date: Date, options: { utc?: boolean } = {}): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw argumentError('date', 'a valid Date', date);
  expectOptions(options);
  if (options.utc === true) return `${date.toISOString().slice(0, 19)}Z`;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}` +
    `T${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}
