/**
 * UAI (formerly RNE), the French national identifier of a school: 7 digits and a check letter.
 *
 * @module
 */

const UAI_RE = /^\d{7}[A-Z]$/;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** True when `value` has the UAI form: 7 digits and an upper-case letter. */
export function isUaiFormat(value: string): boolean {
  return UAI_RE.test(value);
}

/**
 * The check letter of a UAI's 7 digits: the number modulo 23, as an index into the alphabet
 * without I, O and Q (`0410017` → `W`).
 */
export function uaiCheckLetter(digits: string): string {
  if (!/^\d{7}$/.test(digits)) throw new RangeError('a UAI has 7 digits before its check letter');
  return LETTERS[Number(digits) % 23] as string;
}

/** True when `value` has the UAI form and its check letter is right. */
export function isValidUai(value: string): boolean {
  return isUaiFormat(value) && uaiCheckLetter(value.slice(0, 7)) === value[7];
}
