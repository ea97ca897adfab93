/**
 * `importPublicKey`: reads an RSA public key in any of the forms met around PRONOTE.
 *
 * @module
 */

import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { EntPronoteError } from '../errors';
import { parseJwkText, publicKeyFromJwk } from './jwk';
import { checkKeyInputSize, derSequenceChildTags, findPemBlock, keyBytesToText, PRIVATE_LABELS } from './pem';
import { checkRsaKey, isPrivateKey, isPublicKey, RsaPublicKey } from './rsa-key';
import {
  decodeSshRsaBlob,
  isOpenSshPublicKeyText,
  isSsh2PublicKeyText,
  parseOpenSshPublicKey,
  parseSsh2PublicKey,
  sshBlobType,
  type SshRsaNumbers,
} from './ssh';
import type { ImportPublicKeyOptions, KeyInput, PublicKey } from './types';

interface Parsed {
  key: KeyObject;
  comment?: string;
}

function fromSshNumbers(numbers: SshRsaNumbers): KeyObject {
  if (numbers.n.length * 8 > 16384 + 8) {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', 'RSA moduli above 16384 bits are not supported');
  }
  try {
    return createPublicKey({ key: { kty: 'RSA', n: numbers.n.toString('base64url'), e: numbers.e.toString('base64url') }, format: 'jwk' });
  } catch (cause) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the SSH public key does not hold a valid RSA key', { cause });
  }
}

function withComment(key: KeyObject, comment: string | undefined): Parsed {
  return comment === undefined ? { key } : { key, comment };
}

const PRIVATE_GIVEN = 'this is a private key; give the public key to seal (never hand a private key around)';

function fromDer(bytes: Buffer): Parsed {
  const tags = derSequenceChildTags(bytes);
  if (tags === undefined) throw new EntPronoteError('ERR_KEY_FORMAT', 'the key bytes are not a single DER structure');
  // Node derives a public key from private key DER: refuse private keys first.
  if ((tags[0] === 0x30 && tags[1] === 0x04) || isPrivateDer(bytes)) throw new EntPronoteError('ERR_KEY_FORMAT', PRIVATE_GIVEN);
  const attempts: Array<() => KeyObject> = [
    () => createPublicKey({ key: bytes, format: 'der', type: 'spki' }),
    () => createPublicKey({ key: bytes, format: 'der', type: 'pkcs1' }),
    () => new X509Certificate(bytes).publicKey,
  ];
  for (const attempt of attempts) {
    try {
      return { key: attempt() };
    } catch {
      // try the next form
    }
  }
  throw new EntPronoteError('ERR_KEY_FORMAT', 'the DER bytes are not an SPKI public key, a PKCS#1 public key nor an X.509 certificate');
}

function isPrivateDer(bytes: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      createPrivateKey({ key: bytes, format: 'der', type });
      return true;
    } catch {
      // not this form
    }
  }
  return false;
}

function fromPem(text: string): Parsed | undefined {
  const block = findPemBlock(text);
  if (block === undefined) return undefined;
  if (PRIVATE_LABELS.has(block.label)) throw new EntPronoteError('ERR_KEY_FORMAT', PRIVATE_GIVEN);
  try {
    switch (block.label) {
      case 'PUBLIC KEY':
        return { key: createPublicKey({ key: block.text, format: 'pem' }) };
      case 'RSA PUBLIC KEY':
        return { key: createPublicKey({ key: block.text, format: 'pem', type: 'pkcs1' }) };
      case 'CERTIFICATE':
      case 'X509 CERTIFICATE':
      case 'TRUSTED CERTIFICATE':
        return { key: new X509Certificate(block.text.replace(/(X509|TRUSTED) CERTIFICATE/g, 'CERTIFICATE')).publicKey };
      default:
        break;
    }
  } catch (cause) {
    throw new EntPronoteError('ERR_KEY_FORMAT', `the PEM block "${block.label}" is malformed`, { cause });
  }
  throw new EntPronoteError(
    'ERR_KEY_FORMAT',
    `a PEM block "${block.label}" is not a public key (expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)`,
  );
}

function fromText(raw: string): Parsed {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new EntPronoteError('ERR_KEY_FORMAT', 'the key text is empty');
  if (text.startsWith('{')) return { key: publicKeyFromJwk(parseJwkText(text)) };
  if (text.startsWith('PuTTY-User-Key-File-')) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'this is a PuTTY private key file; give the public key to seal (PuTTYgen: "Save public key")');
  }
  if (text.includes('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----')) throw new EntPronoteError('ERR_KEY_FORMAT', PRIVATE_GIVEN);
  if (isSsh2PublicKeyText(text)) {
    const { blob, comment } = parseSsh2PublicKey(text);
    return withComment(fromSshNumbers(decodeSshRsaBlob(blob)), comment);
  }
  const pem = fromPem(text);
  if (pem !== undefined) return pem;
  if (isOpenSshPublicKeyText(text)) {
    const { blob, comment } = parseOpenSshPublicKey(text);
    return withComment(fromSshNumbers(decodeSshRsaBlob(blob)), comment);
  }
  // Bare base64: the body of an SSH key, or DER.
  const compact = text.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) {
    const bytes = Buffer.from(compact, 'base64');
    if (sshBlobType(bytes) !== undefined) return { key: fromSshNumbers(decodeSshRsaBlob(bytes)) };
    if (bytes[0] === 0x30) return fromDer(bytes);
  }
  throw new EntPronoteError(
    'ERR_KEY_FORMAT',
    'not a recognised public key: expected an SSH2 public key file (---- BEGIN SSH2 PUBLIC KEY ----), an OpenSSH line (ssh-rsa AAAA…), a PEM public key or certificate, DER, or an RSA JWK',
  );
}

/** Parses without the RSA checks. @internal */
export function parsePublicKeyInput(input: KeyInput): Parsed {
  if (typeof input === 'string') {
    checkKeyInputSize(input.length);
    return fromText(input);
  }
  if (input instanceof Uint8Array) {
    checkKeyInputSize(input.byteLength);
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes[0] === 0x30) return fromDer(bytes);
    return fromText(keyBytesToText(bytes));
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    if (isPrivateKey(input) || input.type === 'private') {
      throw new EntPronoteError('ERR_KEY_FORMAT', 'this is a private key; pass privateKey.publicKey to seal');
    }
    if (input.type === 'public' && typeof input.toPem === 'function') {
      // A PublicKey of another copy of this library (e.g. two versions installed side by side).
      const parsed = fromText(String((input.toPem as () => unknown)()));
      return typeof input.comment === 'string' ? { key: parsed.key, comment: input.comment } : parsed;
    }
    return { key: publicKeyFromJwk(input) };
  }
  throw new EntPronoteError('ERR_ARGUMENT', 'a key must be given as a string, bytes or a JWK object');
}

/**
 * Imports an RSA public key, detecting its form:
 * - SSH2 public key file (RFC 4716, `---- BEGIN SSH2 PUBLIC KEY ----`, headers, continued header
 *   lines, any line ends): the form Index-Education ships;
 * - OpenSSH line (`ssh-rsa AAAA… comment`);
 * - PEM `PUBLIC KEY` (SPKI), PEM `RSA PUBLIC KEY` (PKCS#1), PEM or DER X.509 certificate (its
 *   public key; validity dates are not checked), DER SPKI or PKCS#1;
 * - RSA JWK, as an object or JSON text.
 *
 * Check {@link PublicKey.fingerprint} against the one the key's owner publishes.
 *
 * @throws EntPronoteError `ERR_KEY_FORMAT` (not a recognised public key, malformed, or a private
 *   key given), `ERR_KEY_UNSUPPORTED` (not RSA, RSA-PSS, modulus under 2048 bits without
 *   `allowLegacy1024`, bad exponent), `ERR_ARGUMENT` (not a string, bytes or object).
 *
 * @example
 * ```ts
 * const key = importPublicKey(fs.readFileSync('index-education.pub', 'utf8'));
 * console.log(key.bits, key.fingerprint); // 2048 'SHA256:…' (compare with ssh-keygen -l -f FILE)
 * ```
 */
export function importPublicKey(input: KeyInput, options: ImportPublicKeyOptions = {}): PublicKey {
  if (isPublicKey(input)) return input;
  const parsed = parsePublicKeyInput(input);
  checkRsaKey(parsed.key, options);
  return new RsaPublicKey(parsed.key, parsed.comment);
}
