/**
 * UAI (formerly RNE), the French national identifier of a school: 7 digits and a check letter.
 *
 * @module
 */

import { argumentError } from './arguments';

const UAI_RE = /^\d{7}[A-Z]$/;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** True when `value` has the UAI form: 7 digits and an upper-case letter. */
export function isUaiFormat(value: string): boolean {
  return typeof value === 'string' && UAI_RE.test(value);
}

/**
 * The check letter of a UAI's 7 digits: the number modulo 23, as an index into the alphabet
 * without I, O and Q (`0410017` → `W`).
 */
export function uaiCheckLetter(digits: string): string {
  if (typeof digits !== 'string' || !/^\d{7}$/.test(digits)) throw argumentError('digits', 'the 7 digits of a UAI (before its check letter)', digits);
  return LETTERS[Number(digits) % 23] as string;
}

/** True when `value` has the UAI form and its check letter is right. */
export function isValidUai(value: string): boolean {
  return isUaiFormat(value) && uaiCheckLetter(value.slice(0, 7)) === value[7];
}
