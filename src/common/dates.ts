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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
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

/** True when `value` is an `xs:date` (`2010-12-31`, optionally with a time zone). */
export function isXsDate(value: string): boolean {
  if (typeof value !== 'string') return false;
  if (value.length === 10) {
    // Fast path for the common form, without a time zone: YYYY-MM-DD.
    const y = digits(value, 0, 4);
    const m = digits(value, 5, 7);
    const d = digits(value, 8, 10);
    return y >= 0 && m >= 0 && d >= 0 && value.charCodeAt(4) === 0x2d && value.charCodeAt(7) === 0x2d && validYmd(y, m, d);
  }
  const m = DATE_RE.exec(value);
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when `value` is an `xs:dateTime` (`2026-09-01T08:00:00+02:00`). */
export function isXsDateTime(value: string): boolean {
  if (typeof value !== 'string') return false;
  const m = DATETIME_RE.exec(value);
  if (m === null || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
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
    return validYmd(Number(iso[1]), Number(iso[2]), Number(iso[3])) ? v : undefined;
  }
  const fr = FRENCH_RE.exec(v);
  if (fr === null) return undefined;
  const d = Number(fr[1]);
  const m = Number(fr[2]);
  const y = Number(fr[3]);
  if (!validYmd(y, m, d)) return undefined;
  return `${fr[3]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `yyyy-mm-dd` → `dd/mm/yyyy` (the AAF form). Throws nothing: returns undefined on bad input. */
export function toFrenchDate(isoDate: string): string | undefined {
  expectString(isoDate, 'isoDate');
  const m = DATE_RE.exec(isoDate);
  if (m === null || m[4] !== undefined || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
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
