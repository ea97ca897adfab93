/**
 * Resource limits applied to every input the library reads. Each reader takes an optional
 * `limits` option; unspecified fields fall back to {@link DEFAULT_LIMITS}.
 *
 * @module
 */

import { EntPronoteError } from './errors';

/** Resource limits. Exceeding any of them fails with `ERR_LIMIT`. */
export interface Limits {
  /** Largest input accepted, in bytes (or UTF-16 code units for string input). */
  readonly maxInputBytes: number;
  /** Largest decompressed envelope content, in bytes. */
  readonly maxDecompressedBytes: number;
  /** Largest number of people (all populations together) in one document or input. */
  readonly maxPeople: number;
  /** Longest attribute value (or AAF/CSV field), in characters. */
  readonly maxAttributeLength: number;
  /** Deepest element nesting. */
  readonly maxDepth: number;
}

/**
 * Default limits: generous for real schools and regions, finite for hostile input.
 *
 * | limit | default |
 * |---|---|
 * | `maxInputBytes` | 1 GiB |
 * | `maxDecompressedBytes` | 512 MiB |
 * | `maxPeople` | 5,000,000 |
 * | `maxAttributeLength` | 4,096 characters |
 * | `maxDepth` | 64 |
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 1024 * 1024 * 1024,
  maxDecompressedBytes: 512 * 1024 * 1024,
  maxPeople: 5_000_000,
  maxAttributeLength: 4096,
  maxDepth: 64,
});

/**
 * Completes partial limits with the defaults, and checks that every value is a positive
 * integer.
 * @internal
 */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  if (partial === undefined) return DEFAULT_LIMITS;
  const out = { ...DEFAULT_LIMITS, ...partial };
  for (const [name, value] of Object.entries(out)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new EntPronoteError('ERR_ARGUMENT', `limits.${name} must be a positive integer`);
    }
  }
  return out;
}

/** @internal */
export function limitError(what: string, limit: number, name: keyof Limits): EntPronoteError {
  return new EntPronoteError(
    'ERR_LIMIT',
    `${what} exceeds the limit of ${limit.toLocaleString('en-US')} (raise limits.${name} if this input is legitimate)`,
  );
}
