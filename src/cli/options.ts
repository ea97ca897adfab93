/**
 * Option value parsers for commander: a bad value is a usage error (exit 2) naming the option.
 *
 * @internal
 * @module
 */

import { type Command, InvalidArgumentError } from 'commander';
import { formatXsDateTime, isUaiFormat, isXsDateTime } from '../index';

/** A UAI: 7 digits and a letter (a lower-case letter is upper-cased). */
export function parseUai(value: string): string {
  const v = value.trim().toUpperCase();
  if (!isUaiFormat(v)) throw new InvalidArgumentError('a UAI is 7 digits and a letter, e.g. 0410017W.');
  return v;
}

/** An integer ≥ `min`. */
export function integerParser(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    if (!/^\s*\d+\s*$/.test(value)) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    return n;
  };
}

/** An `xs:dateTime` such as `2026-09-01T08:00:00+02:00`. */
export function parseDateTime(value: string): string {
  const v = value.trim();
  if (!isXsDateTime(v)) throw new InvalidArgumentError('expected an xs:dateTime such as 2026-09-01T08:00:00+02:00.');
  return v;
}

/** A non-empty string (surrounding spaces kept: some values are compared exactly). */
export function parseNonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return value;
}

/** The export date: the option when given, else now with the local offset. */
export function exportDate(option: string | undefined): string {
  return option ?? formatXsDateTime(new Date());
}

/** Adds the options every subcommand has: `--debug`. */
export function addDebugOption(command: Command): Command {
  return command.option('--debug', 'show the stack trace of an error');
}
