/**
 * The cryptographic steps of the envelopes (`docs/formats/importchiffre.md`,
 * `docs/formats/export-index-education.md`):
 * key block `k ‖ iv ‖ MD5(k ‖ iv)`, RSAES-PKCS1-v1_5 of the key block, AES-128-CBC with PKCS#7
 * padding, SHA-256 of the compressed bytes.
 *
 * Bulk work is native (`node:crypto`). The RSA private-key step uses OpenSSL's raw RSA
 * (`RSA_NO_PADDING`, blinded, constant time) and checks the PKCS#1 v1.5 encoding here, at fixed
 * positions and without early exit, because Node 20 refuses `RSA_PKCS1_PADDING` for private
 * decryption (CVE-2023-46809). When the platform refuses raw RSA too (e.g. a FIPS provider),
 * node-forge's RSA is used instead.
 *
 * Failures are deliberately uniform: every failure after the RSA operation is the same
 * `ERR_DECRYPT`, and AES padding and digest failures are the same `ERR_INTEGRITY`, so that no
 * service built on the library becomes a padding oracle.
 *
 * @internal
 * @module
 */

import { createRequire } from 'node:module';
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { EntPronoteError } from '../errors';
import { keyObjectOf } from '../keys/rsa-key';
import type { PrivateKey, PublicKey } from '../keys/types';

/** Size of the AES key, of the IV and of the MD5 digest. */
export const BLOCK_PART = 16;
/** Size of the key block: AES key ‖ IV ‖ MD5. */
export const KEY_BLOCK_SIZE = 48;
/** Size of a SHA-256 digest. */
export const SHA256_SIZE = 32;

/** The uniform message of every failure after the RSA operation. */
export const DECRYPT_MESSAGE = 'cannot decrypt the key block with this private key: wrong key, or Cle altered';
/** The uniform message of AES padding and SHA-256 failures. */
export const INTEGRITY_MESSAGE = 'the content does not verify against its SHA-256: Contenu or Verification altered or truncated';

/** A source of random bytes. */
export type RandomSource = (size: number) => Buffer;

/**
 * The random source of a sealing: the CSPRNG, or the caller's `unsafeRandom` (checked: it must
 * return exactly the number of bytes asked for).
 */
export function randomSource(unsafeRandom?: (size: number) => Uint8Array): RandomSource {
  if (unsafeRandom === undefined) return (size) => randomBytes(size);
  if (typeof unsafeRandom !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'unsafeRandom must be a function');
  return (size) => {
    const out = unsafeRandom(size);
    if (!(out instanceof Uint8Array) || out.byteLength !== size) {
      throw new EntPronoteError('ERR_ARGUMENT', `unsafeRandom(${size}) must return a Uint8Array of ${size} bytes`);
    }
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  };
}

/** Size in bytes of an RSA key's modulus (and of its ciphertexts). */
export function modulusBytes(key: PublicKey | PrivateKey): number {
  return Math.ceil(key.bits / 8);
}

/** MD5. */
function md5(data: Uint8Array): Buffer {
  return createHash('md5').update(data).digest();
}

/** SHA-256. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Key block: `key ‖ iv ‖ MD5(key ‖ iv)` (48 bytes). */
export function makeKeyBlock(key: Uint8Array, iv: Uint8Array): Buffer {
  const block = Buffer.alloc(KEY_BLOCK_SIZE);
  block.set(key, 0);
  block.set(iv, BLOCK_PART);
  md5(block.subarray(0, 2 * BLOCK_PART)).copy(block, 2 * BLOCK_PART);
  return block;
}

/**
 * RSAES-PKCS1-v1_5 encryption of the key block with a public key. With `random` (the unsafe
 * deterministic source), the EME-PKCS1-v1_5 encoding `00 02 PS 00 M` is built here (PS: nonzero
 * bytes drawn from `random`, zero bytes redrawn) and encrypted raw; otherwise OpenSSL pads with
 * its CSPRNG.
 */
export function encryptKeyBlock(publicKey: PublicKey, block: Buffer, random?: RandomSource): Buffer {
  const key = keyObjectOf(publicKey);
  if (random === undefined) return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, block);
  const k = modulusBytes(publicKey);
  const em = Buffer.alloc(k);
  em[1] = 0x02;
  const psLength = k - 3 - block.length;
  const ps = Buffer.from(random(psLength));
  for (;;) {
    let zeros = 0;
    for (let i = 0; i < psLength; i++) if (ps[i] === 0) zeros++;
    if (zeros === 0) break;
    const more = random(zeros);
    for (let i = 0, j = 0; i < psLength; i++) if (ps[i] === 0) ps[i] = more[j++] as number;
  }
  ps.copy(em, 2);
  block.copy(em, 3 + psLength);
  return publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
}

/** Which RSA implementation performs the raw private-key operation. */
export type RsaBackend = 'auto' | 'native' | 'forge';

let nativeRaw: boolean | undefined;

interface ForgeRsaKey {
  decrypt(data: string, scheme: string): string;
}
interface ForgeModule {
  jsbn: { BigInteger: new (hex: string, radix: number) => unknown };
  pki: { setRsaPrivateKey(...args: unknown[]): ForgeRsaKey };
}
let forgeModule: ForgeModule | undefined;

function loadForge(): ForgeModule {
  if (forgeModule === undefined) {
    // Loaded only when needed: node-forge takes ~100 ms to load and is only a fallback.
    // `import.meta.url` is shimmed in the CommonJS build (tsup `shims`), so one source serves both.
    try {
      forgeModule = createRequire(import.meta.url)('node-forge') as ForgeModule;
    } catch (cause) {
      throw new EntPronoteError(
        'ERR_KEY_UNSUPPORTED',
        'this platform refuses raw RSA private-key operations and the node-forge fallback could not be loaded: cannot open envelopes here',
        { cause },
      );
    }
  }
  return forgeModule;
}

function forgeRaw(privateKey: PrivateKey, c: Buffer, k: number): Buffer {
  const forge = loadForge();
  const jwk = keyObjectOf(privateKey).export({ format: 'jwk' });
  const big = (v: string | undefined) => new forge.jsbn.BigInteger(Buffer.from(v ?? '', 'base64url').toString('hex'), 16);
  const fk = forge.pki.setRsaPrivateKey(big(jwk.n), big(jwk.e), big(jwk.d), big(jwk.p), big(jwk.q), big(jwk.dp), big(jwk.dq), big(jwk.qi));
  const out = Buffer.from(fk.decrypt(c.toString('binary'), 'RAW'), 'binary');
  if (out.length === k) return out;
  if (out.length > k) throw new Error('raw RSA output longer than the modulus');
  const padded = Buffer.alloc(k);
  out.copy(padded, k - out.length);
  return padded;
}

function isRefusal(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_OSSL_EVP_ILLEGAL_OR_UNSUPPORTED_PADDING_MODE' || code === 'ERR_CRYPTO_OPERATION_FAILED';
}

/** Raw RSA private-key operation (`c^d mod n`, `k` bytes). Throws plain errors. */
export function rsaRawDecrypt(privateKey: PrivateKey, c: Buffer, backend: RsaBackend = 'auto'): Buffer {
  const k = modulusBytes(privateKey);
  if (backend === 'forge' || (backend === 'auto' && nativeRaw === false)) return forgeRaw(privateKey, c, k);
  try {
    const out = privateDecrypt({ key: keyObjectOf(privateKey), padding: constants.RSA_NO_PADDING }, c);
    if (backend === 'auto') nativeRaw = true;
    return out;
  } catch (e) {
    if (backend !== 'auto' || nativeRaw === true || !isRefusal(e)) throw e;
    nativeRaw = false;
    return forgeRaw(privateKey, c, k);
  }
}

/**
 * Decrypts and checks the key block: RSA, then the EME-PKCS1-v1_5 encoding and the MD5, all
 * folded into one flag so that every failure looks the same. The ciphertext length must already
 * equal the modulus size (checked by the caller: `ERR_KEY_BLOCK`).
 *
 * @throws EntPronoteError `ERR_DECRYPT` (uniform).
 */
export function decryptKeyBlock(privateKey: PrivateKey, cle: Buffer, backend: RsaBackend = 'auto'): { key: Buffer; iv: Buffer } {
  const k = modulusBytes(privateKey);
  let em: Buffer;
  try {
    em = rsaRawDecrypt(privateKey, cle, backend);
  } catch (e) {
    // A platform problem (no usable RSA implementation) is not a decryption failure.
    if (e instanceof EntPronoteError) throw e;
    throw new EntPronoteError('ERR_DECRYPT', DECRYPT_MESSAGE);
  }
  // EM = 00 02 PS(k-51 nonzero bytes) 00 M(48); no early exit.
  const sep = k - KEY_BLOCK_SIZE - 1;
  let bad = em.length ^ k;
  bad |= em[0] as number;
  bad |= (em[1] as number) ^ 0x02;
  bad |= em[sep] as number;
  for (let i = 2; i < sep; i++) {
    const b = em[i] as number;
    bad |= ((b - 1) >> 8) & 1; // 1 when b === 0
  }
  const m = Buffer.from(em.subarray(sep + 1));
  em.fill(0);
  const digest = md5(m.subarray(0, 2 * BLOCK_PART));
  const same = m.length === KEY_BLOCK_SIZE && timingSafeEqual(digest, m.subarray(2 * BLOCK_PART));
  if (bad !== 0 || !same || sep < 10) {
    m.fill(0);
    throw new EntPronoteError('ERR_DECRYPT', DECRYPT_MESSAGE);
  }
  return { key: m.subarray(0, BLOCK_PART), iv: m.subarray(BLOCK_PART, 2 * BLOCK_PART) };
}

/** AES-128-CBC encryption with PKCS#7 padding. */
export function encryptContent(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const head = cipher.update(data);
  const tail = cipher.final();
  return tail.length === 0 ? head : Buffer.concat([head, tail], head.length + tail.length);
}

/**
 * AES-128-CBC decryption, PKCS#7 padding check and SHA-256 comparison, with one uniform error.
 * The padding is checked here (not by OpenSSL) over the whole last block, and the digest is always
 * computed, so that padding and digest failures cost about the same.
 *
 * @throws EntPronoteError `ERR_INTEGRITY` (uniform, and with distinct messages only for what is
 *   visible without any key: a `Contenu` that is not whole AES blocks, a `Verification` that is
 *   not 32 bytes).
 */
export function decryptContent(key: Uint8Array, iv: Uint8Array, contenu: Buffer, verification: Buffer): Buffer {
  if (contenu.length === 0 || contenu.length % BLOCK_PART !== 0) {
    throw new EntPronoteError('ERR_INTEGRITY', `the encrypted content is ${contenu.length} bytes, not a whole number of 16-byte AES blocks: Contenu truncated or altered`);
  }
  if (verification.length !== SHA256_SIZE) {
    throw new EntPronoteError('ERR_INTEGRITY', `Verification holds ${verification.length} bytes, not a 32-byte SHA-256 digest: truncated or altered`);
  }
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  decipher.setAutoPadding(false);
  const head = decipher.update(contenu);
  const tail = decipher.final();
  const plain = tail.length === 0 ? head : Buffer.concat([head, tail]);
  const n = plain.length;
  const pad = plain[n - 1] as number;
  let bad = ((pad - 1) >> 8) & 1; // pad === 0
  bad |= ((16 - pad) >> 8) & 1; // pad > 16
  for (let i = 1; i <= BLOCK_PART; i++) {
    // Bytes within the padding must equal pad: inPad is 1 when i <= pad.
    const inPad = ((i - pad - 1) >> 8) & 1;
    bad |= inPad & (((plain[n - i] as number) ^ pad) !== 0 ? 1 : 0);
  }
  const length = bad === 0 ? n - pad : n - BLOCK_PART;
  const body = plain.subarray(0, length);
  const same = timingSafeEqual(sha256(body), verification);
  if (bad !== 0 || !same) throw new EntPronoteError('ERR_INTEGRITY', INTEGRITY_MESSAGE);
  return body;
}
