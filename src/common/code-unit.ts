/**
 * How messages name a character without quoting the value: its UTF-16 code unit.
 *
 * @internal
 * @module
 */

/** `U+0001`: the code unit of `value` at `index`, four upper-case hexadecimal digits at least. */
export function codeUnitName(value: string, index: number): string {
  return `U+${value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
}
