/**
 * Resource limits applied to every input the library reads. Each reader takes an optional
 * `limits` option; unspecified fields fall back to {@link DEFAULT_LIMITS}.
 *
 * @module
 */

import { constants } from 'node:buffer';
import { EntPronoteError } from './errors';

/**
 * Longest string V8 can build (`buffer.constants.MAX_STRING_LENGTH`, 2^29 − 24 on 64-bit
 * platforms). Input and decompressed content are read as strings: `maxInputBytes` and
 * `maxDecompressedBytes` cannot exceed it, so that a large input ends in `ERR_LIMIT` and never in
 * Node's uncoded `ERR_STRING_TOO_LONG`.
 */
export const MAX_STRING_BYTES: number = constants.MAX_STRING_LENGTH;

/** Resource limits. Exceeding any of them fails with `ERR_LIMIT`. */
export interface Limits {
  /** Largest input accepted, in bytes (or UTF-16 code units for string input). */
  readonly maxInputBytes: number;
  /** Largest decompressed envelope content, in bytes. */
  readonly maxDecompressedBytes: number;
  /**
   * Largest file read as a stream of records (an AAF file), in bytes. Memory does not grow with
   * it (the readers hold the records kept, bounded by `maxPeople`), so it is not bound by the
   * longest string like `maxInputBytes`: an academy's AAF files are often larger.
   */
  readonly maxStreamedFileBytes: number;
  /** Largest number of people (all populations together) in one document or input. */
  readonly maxPeople: number;
  /** Longest attribute value (or AAF/CSV field), in characters. */
  readonly maxAttributeLength: number;
  /** Deepest element nesting. */
  readonly maxDepth: number;
}

/**
 * Default limits: generous for real schools and regions, finite for hostile input, and reachable
 * within a 2 GB heap (`node --max-old-space-size=2048`): see the README's "Limits" section for
 * the memory each one bounds.
 *
 * | limit | default |
 * |---|---|
 * | `maxInputBytes` | 256 MiB |
 * | `maxDecompressedBytes` | 256 MiB |
 * | `maxStreamedFileBytes` | 16 GiB |
 * | `maxPeople` | 1,000,000 |
 * | `maxAttributeLength` | 4,096 characters |
 * | `maxDepth` | 64 |
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 256 * 1024 * 1024,
  maxDecompressedBytes: 256 * 1024 * 1024,
  maxStreamedFileBytes: 16 * 1024 * 1024 * 1024,
  maxPeople: 1_000_000,
  maxAttributeLength: 4096,
  maxDepth: 64,
});

/**
 * Completes partial limits with the defaults, and checks that every value is a positive
 * integer, and that `maxInputBytes` and `maxDecompressedBytes` do not exceed
 * {@link MAX_STRING_BYTES} (`ERR_ARGUMENT`).
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
  for (const name of ['maxInputBytes', 'maxDecompressedBytes'] as const) {
    if (out[name] > MAX_STRING_BYTES) {
      throw new EntPronoteError('ERR_ARGUMENT', `limits.${name} cannot exceed ${MAX_STRING_BYTES.toLocaleString('en-US')} (the longest string Node.js can hold: inputs are read as strings)`);
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

/**
 * Joins the pieces of a document being written, refusing with `ERR_LIMIT` (instead of V8's
 * uncoded "Invalid string length") a result longer than {@link MAX_STRING_BYTES} characters.
 * `what` names the document in the message (e.g. `the PARTENAIRE_INDEX document`).
 *
 * @internal
 */
export function joinBounded(pieces: Iterable<string>, what: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    length += piece.length;
    if (length > MAX_STRING_BYTES) {
      throw new EntPronoteError(
        'ERR_LIMIT',
        `${what} would be longer than ${MAX_STRING_BYTES.toLocaleString('en-US')} characters, the longest string this runtime can hold; write it in parts (e.g. seal it, which streams) or split the people`,
      );
    }
    parts.push(piece);
  }
  return parts.join('');
}
