/**
 * The key classes behind {@link PublicKey} and {@link PrivateKey}, and the checks every imported
 * key goes through (RSA only, modulus size, public exponent).
 *
 * @internal
 * @module
 */

import { createPublicKey, type KeyObject } from 'node:crypto';
import { EntPronoteError } from '../errors';
import { sshFingerprint } from './fingerprint';
import { encodeSshRsaBlob, formatOpenSshPublicKey, formatSsh2PublicKey } from './ssh';
import type { ImportPublicKeyOptions, PrivateKey, PublicKey } from './types';

/** Key material, kept out of the objects so that it is never enumerated, inspected or serialised. */
const MATERIAL = new WeakMap<object, KeyObject>();

const MAX_BITS = 16384;

/** Odd primes below 1,000: an RSA modulus of 1024 bits or more (two primes of 512+ bits) has none of them as factor. */
const SMALL_PRIMES: readonly bigint[] = (() => {
  const out: bigint[] = [];
  for (let k = 3; k < 1000; k += 2) {
    let prime = true;
    for (let d = 3; d * d <= k; d += 2) if (k % d === 0) prime = false;
    if (prime) out.push(BigInt(k));
  }
  return out;
})();

/**
 * Refuses a modulus no RSA key pair can have (`ERR_KEY_UNSUPPORTED`), so that sealing never meets
 * an OpenSSL error later (an even modulus makes encryption fail with `ERR_OSSL_BN_NO_INVERSE`):
 * even, divisible by an odd prime below 1,000, or not larger than the public exponent.
 */
export function checkModulus(key: KeyObject, exponent: bigint): void {
  let n: bigint;
  try {
    const jwk = key.export({ format: 'jwk' });
    n = BigInt(`0x${Buffer.from(jwk.n ?? '', 'base64url').toString('hex') || '0'}`);
  } catch (cause) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the RSA key cannot be read back (damaged key?)', { cause });
  }
  if (n % 2n === 0n) throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'the RSA modulus is even: no RSA key pair has an even modulus (damaged or forged key)');
  if (n <= exponent) throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'the RSA modulus is not larger than the public exponent (damaged or forged key)');
  for (const p of SMALL_PRIMES) {
    if (n % p === 0n) throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'the RSA modulus has a small prime factor: it is not the product of two large primes (damaged or forged key)');
  }
}

/**
 * Checks that a parsed key is usable for the envelopes: RSA (not RSA-PSS), modulus of at least
 * 2048 bits (1024 with `allowLegacy1024`, reported through `onWarning`), at most 16384 bits, odd
 * public exponent of at least 3, and a modulus an RSA key pair can have (odd, no prime factor
 * below 1,000, larger than the exponent).
 */
export function checkRsaKey(key: KeyObject, options: ImportPublicKeyOptions = {}): number {
  const type = key.asymmetricKeyType;
  if (type === 'rsa-pss') {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'this is an RSA-PSS key, which is restricted to signatures; envelopes need a plain RSA key (rsaEncryption)');
  }
  if (type !== 'rsa') {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', `this is a${type === 'ec' || type === 'ed25519' || type === 'ed448' ? 'n' : ''} ${String(type).toUpperCase()} key; envelopes need an RSA key`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  const bits = details.modulusLength ?? 0;
  const exponent = details.publicExponent ?? 0n;
  if (exponent < 3n || exponent % 2n === 0n) {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'the RSA public exponent must be odd and at least 3');
  }
  if (bits > MAX_BITS) {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', `RSA moduli above ${MAX_BITS} bits are not supported (this one has ${bits})`);
  }
  if (bits < 2048) {
    if (options.allowLegacy1024 === true && bits >= 1024) {
      options.onWarning?.(`accepted a legacy ${bits}-bit RSA key: moduli under 2048 bits are too weak for real data; use only for legacy test files`);
    } else {
      throw new EntPronoteError(
        'ERR_KEY_UNSUPPORTED',
        `the RSA modulus has ${bits} bits; at least 2048 are required${bits >= 1024 ? ' (allowLegacy1024 accepts 1024-bit keys for legacy test files)' : ''}`,
      );
    }
  }
  // A private key is checked after its consistency (a damaged one is ERR_KEY_FORMAT first).
  if (key.type === 'public') checkModulus(key, exponent);
  return bits;
}

const INCONSISTENT =
  'the RSA private key is inconsistent (its modulus, exponents and primes do not belong together): the key file is damaged or was assembled from mismatched parts; export it again from its source';

function bigOf(value: unknown): bigint {
  if (typeof value !== 'string' || value === '') throw new EntPronoteError('ERR_KEY_FORMAT', INCONSISTENT);
  return BigInt(`0x${Buffer.from(value, 'base64url').toString('hex')}`);
}

/**
 * Checks once, at import, that the components of an RSA private key belong together, so that a
 * damaged key is refused instead of decrypting garbage later: `n = p·q`, `e·d ≡ 1` modulo `p−1`
 * and `q−1` (hence modulo λ(n)), and the CRT members `dp = d mod (p−1)`, `dq = d mod (q−1)`,
 * `qi·q ≡ 1 (mod p)`. A few big-integer products and remainders: well under a millisecond for
 * 4096 bits. OpenSSL itself checks none of this when it parses a key.
 *
 * @throws EntPronoteError `ERR_KEY_FORMAT` (inconsistent components), `ERR_KEY_UNSUPPORTED`
 *   (a multi-prime key: more than two primes).
 */
export function checkPrivateKeyConsistency(key: KeyObject): void {
  let jwk: Record<string, unknown>;
  try {
    jwk = key.export({ format: 'jwk' });
  } catch (cause) {
    throw new EntPronoteError('ERR_KEY_FORMAT', INCONSISTENT, { cause });
  }
  const n = bigOf(jwk.n);
  const e = bigOf(jwk.e);
  const d = bigOf(jwk.d);
  const p = bigOf(jwk.p);
  const q = bigOf(jwk.q);
  const dp = bigOf(jwk.dp);
  const dq = bigOf(jwk.dq);
  const qi = bigOf(jwk.qi);
  if (p <= 2n || q <= 2n || d <= 1n) throw new EntPronoteError('ERR_KEY_FORMAT', INCONSISTENT);
  const pq = p * q;
  if (n !== pq) {
    if (n > pq && n % pq === 0n) {
      // PKCS#1 v2 otherPrimeInfos: the JWK export carries only two of the primes.
      throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'this is a multi-prime RSA key (more than two primes); use a two-prime RSA key');
    }
    throw new EntPronoteError('ERR_KEY_FORMAT', INCONSISTENT);
  }
  const p1 = p - 1n;
  const q1 = q - 1n;
  const ed1 = e * d - 1n;
  if (ed1 % p1 !== 0n || ed1 % q1 !== 0n || dp !== d % p1 || dq !== d % q1 || (qi * q) % p !== 1n) {
    throw new EntPronoteError('ERR_KEY_FORMAT', INCONSISTENT);
  }
}

function b64url(value: string | undefined): Buffer {
  return Buffer.from(value ?? '', 'base64url');
}

/** An RSA public key. Build it with `importPublicKey`. */
export class RsaPublicKey implements PublicKey {
  readonly type = 'public' as const;
  readonly bits: number;
  readonly fingerprint: string;
  declare readonly comment?: string;

  /** @internal */
  constructor(key: KeyObject, comment?: string) {
    MATERIAL.set(this, key);
    this.bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    this.fingerprint = sshFingerprint(this.sshBlob());
    if (comment !== undefined) this.comment = comment;
    Object.freeze(this);
  }

  /** SSH wire format of the key. */
  private sshBlob(): Buffer {
    const jwk = keyObjectOf(this).export({ format: 'jwk' });
    return encodeSshRsaBlob({ n: b64url(jwk.n), e: b64url(jwk.e) });
  }

  toPem(): string {
    return keyObjectOf(this).export({ type: 'spki', format: 'pem' }) as string;
  }

  toSsh2(comment?: string): string {
    return formatSsh2PublicKey(this.sshBlob(), comment);
  }

  toOpenSsh(comment?: string): string {
    return formatOpenSshPublicKey(this.sshBlob(), comment);
  }

  toJwk(): Record<string, string> {
    const jwk = keyObjectOf(this).export({ format: 'jwk' });
    return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string };
  }
}

/** An RSA private key. Build it with `importPrivateKey` or `generateKeyPair`. */
export class RsaPrivateKey implements PrivateKey {
  readonly type = 'private' as const;
  readonly bits: number;
  readonly fingerprint: string;
  readonly publicKey: PublicKey;

  /** @internal */
  constructor(key: KeyObject) {
    MATERIAL.set(this, key);
    this.publicKey = new RsaPublicKey(createPublicKey(key));
    this.bits = this.publicKey.bits;
    this.fingerprint = this.publicKey.fingerprint;
    Object.freeze(this);
  }

  toPem(options: { passphrase?: string } = {}): string {
    const key = keyObjectOf(this);
    if (options.passphrase === undefined) return key.export({ type: 'pkcs8', format: 'pem' }) as string;
    if (typeof options.passphrase !== 'string' || options.passphrase.length === 0) {
      throw new EntPronoteError('ERR_ARGUMENT', 'the passphrase must be a non-empty string');
    }
    return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase }) as string;
  }

  toJwk(): Record<string, string> {
    const jwk = keyObjectOf(this).export({ format: 'jwk' });
    const out: Record<string, string> = { kty: 'RSA' };
    for (const k of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
      const v = jwk[k];
      if (typeof v === 'string') out[k] = v;
    }
    return out;
  }
}

/** The Node key object behind a key of this library. */
export function keyObjectOf(key: PublicKey | PrivateKey): KeyObject {
  const k = MATERIAL.get(key);
  if (k === undefined) throw new EntPronoteError('ERR_ARGUMENT', 'expected a key returned by importPublicKey, importPrivateKey or generateKeyPair');
  return k;
}

/**
 * True when `value` is a public key returned by this library's functions.
 *
 * @example
 * ```ts
 * const key = isPublicKey(k) ? k : importPublicKey(k);
 * ```
 */
export function isPublicKey(value: unknown): value is PublicKey {
  return value instanceof RsaPublicKey && MATERIAL.has(value);
}

/**
 * True when `value` is a private key returned by this library's functions.
 *
 * @example
 * ```ts
 * const key = isPrivateKey(k) ? k : importPrivateKey(k, { passphrase });
 * ```
 */
export function isPrivateKey(value: unknown): value is PrivateKey {
  return value instanceof RsaPrivateKey && MATERIAL.has(value);
}
