/**
 * A stable opaque `ID_Partenaire` derived from an AAF identifier, for ENTs that have no
 * identifier of their own to give PRONOTE.
 *
 * @module
 */

import { createHmac } from 'node:crypto';
import { findLoneSurrogate } from '../envelope/seal-common';
import { EntPronoteError } from '../errors';

/** Shortest secret accepted by {@link deriveOpaqueId}, in bytes. */
export const OPAQUE_ID_MIN_SECRET_BYTES = 16;

/** Length of the identifiers {@link deriveOpaqueId} returns. */
export const OPAQUE_ID_LENGTH = 32;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Derives a stable, opaque identifier from an AAF identifier (e.g. `ENTPersonJointure` or
 * `identifier/id`) with a secret key, so that the same person always gets the same
 * `ID_Partenaire` while nobody without the secret can link it back to the AAF identifier.
 *
 * Recipe (reproducible in any language):
 * `base32(HMAC-SHA-256(key = secret, message = UTF-8(aafId))[0..20))`, lower case RFC 4648
 * alphabet (`a–z2–7`), no padding: always {@link OPAQUE_ID_LENGTH} (32) characters carrying
 * 160 bits. A string secret is used as its UTF-8 bytes; it must be at least
 * {@link OPAQUE_ID_MIN_SECRET_BYTES} (16) bytes: use 32 random bytes and keep them as long as the
 * identifiers must stay the same (changing the secret changes every identifier, and PRONOTE
 * then sees new accounts).
 *
 * Fails with `ERR_ARGUMENT` on a short secret, an empty identifier, or a string (identifier or
 * secret) holding a lone surrogate half: UTF-8 cannot encode it, and replacing it with U+FFFD
 * would give `A\uD800`, `A\uDC00` and `A\uFFFD` the same identifier.
 *
 * @example
 * ```ts
 * const secret = process.env.ENT_ID_SECRET!; // 32+ random bytes, base64 for instance
 * const result = await readAafFeed(files, { resolveId: (aafId) => deriveOpaqueId(secret, aafId), date, partenaire });
 * ```
 */
export function deriveOpaqueId(secret: string | Uint8Array, aafId: string): string {
  if (typeof secret === 'string' && findLoneSurrogate(secret) !== -1) throw new EntPronoteError('ERR_ARGUMENT', 'the secret holds a lone surrogate half, which UTF-8 cannot encode');
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret instanceof Uint8Array ? secret : undefined;
  if (key === undefined) throw new EntPronoteError('ERR_ARGUMENT', 'the secret must be a string or bytes');
  if (key.byteLength < OPAQUE_ID_MIN_SECRET_BYTES) {
    throw new EntPronoteError('ERR_ARGUMENT', `the secret must be at least ${OPAQUE_ID_MIN_SECRET_BYTES} bytes long (use 32 random bytes)`);
  }
  if (typeof aafId !== 'string' || aafId === '') throw new EntPronoteError('ERR_ARGUMENT', 'the AAF identifier must be a non-empty string');
  const bad = findLoneSurrogate(aafId);
  if (bad !== -1) throw new EntPronoteError('ERR_ARGUMENT', `the AAF identifier holds a lone surrogate half at position ${bad + 1}, which UTF-8 cannot encode`);
  const mac = createHmac('sha256', key).update(aafId, 'utf8').digest();
  let out = '';
  let value = 0;
  let bits = 0;
  for (let i = 0; i < 20; i++) {
    value = (value << 8) | (mac[i] as number);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31] as string;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}
