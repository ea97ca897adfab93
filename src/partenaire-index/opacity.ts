/**
 * Folding used by the opacity lint: accents removed, lower case, anything but letters and
 * digits turned into single spaces.
 * @internal
 * @module
 */

/** `"D'Almeida-Noé"` → `"d almeida noe"`. */
export function foldForLint(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
