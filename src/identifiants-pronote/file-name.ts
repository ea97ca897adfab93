/**
 * The file name of the PRONOTE identifier file: `IdPN_To_<SOCLE>.xml`, where `<SOCLE>` is the ENT
 * name chosen in PRONOTE (*Imports/Exports > Socle ENT > Exporter les identifiants PRONOTE*).
 *
 * @module
 */

import { expectString } from '../common/arguments';
import { EntPronoteError } from '../errors';

const PREFIX = 'IdPN_To_';
const SUFFIX = '.xml';
/** Letters (with combining marks), digits, `_`, `-`, `.` and inner single spaces; 1–64 characters. */
const SAFE_SOCLE = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}_.-]| (?! ))*$/u;

/**
 * True when `socle` can be a file name component on every common system: 1 to 64 characters,
 * Unicode letters (with their combining marks), digits, `_`, `-`, `.` and single inner spaces;
 * starting with a letter or a digit; not ending with a space or a dot. This refuses path
 * separators, `..`, control characters and the characters Windows reserves (`<>:"|?*`).
 */
export function isSafeSocle(socle: string): boolean {
  return (
    typeof socle === 'string' &&
    socle.length >= 1 &&
    socle.length <= 64 &&
    SAFE_SOCLE.test(socle) &&
    !socle.endsWith('.') &&
    !socle.endsWith(' ')
  );
}

/**
 * The name of the identifier file for an ENT: `IdPN_To_<SOCLE>.xml`.
 *
 * @throws {@link EntPronoteError} `ERR_ARGUMENT` when `socle` is not safe as a file name
 *   component (see {@link isSafeSocle}).
 * @example
 * ```ts
 * identifiantsPronoteFileName('KOSMOS') // 'IdPN_To_KOSMOS.xml'
 * ```
 */
export function identifiantsPronoteFileName(socle: string): string {
  if (!isSafeSocle(socle)) {
    throw new EntPronoteError(
      'ERR_ARGUMENT',
      'the socle (ENT name) cannot be used in a file name: use 1 to 64 letters, digits, "_", "-", "." or inner spaces, starting with a letter or digit (no path separator, no control character)',
    );
  }
  return `${PREFIX}${socle}${SUFFIX}`;
}

/**
 * The socle (ENT name) of an identifier file name, or undefined when the name does not have
 * the `IdPN_To_<SOCLE>.xml` form (compared case-insensitively, as file systems often do). A
 * directory part, if any, is ignored.
 *
 * @example
 * ```ts
 * socleFromIdentifiantsPronoteFileName('exports/IdPN_To_KOSMOS.xml') // 'KOSMOS'
 * ```
 */
export function socleFromIdentifiantsPronoteFileName(fileName: string): string | undefined {
  expectString(fileName, 'fileName');
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  if (base.length <= PREFIX.length + SUFFIX.length) return undefined;
  if (base.slice(0, PREFIX.length).toLowerCase() !== PREFIX.toLowerCase()) return undefined;
  if (base.slice(-SUFFIX.length).toLowerCase() !== SUFFIX) return undefined;
  const socle = base.slice(PREFIX.length, -SUFFIX.length);
  return isSafeSocle(socle) ? socle : undefined;
}
