/**
 * `importPrivateKey`: reads an RSA private key (PEM, DER, encrypted, JWK).
 *
 * @module
 */

import { expectOptions } from '../common/arguments';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { EntPronoteError } from '../errors';
import { parseJwkText, privateKeyFromJwk } from './jwk';
import { checkKeyInputSize, derSequenceChildTags, findPemBlock, keyBytesToText, PUBLIC_LABELS } from './pem';
import { checkModulus, checkPrivateKeyConsistency, checkRsaKey, isPrivateKey, isPublicKey, RsaPrivateKey } from './rsa-key';
import { isOpenSshPublicKeyText, isSsh2PublicKeyText } from './ssh';
import type { ImportPrivateKeyOptions, KeyInput, PrivateKey } from './types';

const PUBLIC_GIVEN = 'this is a public key; opening an envelope needs the matching private key';

function passphraseBuffer(passphrase: string | Uint8Array | undefined): Buffer | undefined {
  if (passphrase === undefined) return undefined;
  if (typeof passphrase === 'string') return Buffer.from(passphrase, 'utf8');
  if (passphrase instanceof Uint8Array) return Buffer.from(passphrase.buffer, passphrase.byteOffset, passphrase.byteLength);
  throw new EntPronoteError('ERR_ARGUMENT', 'the passphrase must be a string or bytes');
}

function needPassphrase(): EntPronoteError {
  return new EntPronoteError('ERR_KEY_PASSPHRASE', 'this private key is encrypted: give its passphrase (option passphrase)');
}

function wrongPassphrase(cause: unknown): EntPronoteError {
  return new EntPronoteError('ERR_KEY_PASSPHRASE', 'cannot decrypt the private key with this passphrase: wrong passphrase, or the key file is damaged', { cause });
}

/** Decrypts/decodes an encrypted key with a passphrase, mapping the errors. */
function encrypted(make: (passphrase: Buffer) => KeyObject, passphrase: Buffer | undefined): KeyObject {
  if (passphrase === undefined) throw needPassphrase();
  try {
    return make(passphrase);
  } catch (cause) {
    throw wrongPassphrase(cause);
  }
}

function fromDer(bytes: Buffer, passphrase: Buffer | undefined): KeyObject {
  const tags = derSequenceChildTags(bytes);
  if (tags === undefined) throw new EntPronoteError('ERR_KEY_FORMAT', 'the key bytes are not a single DER structure');
  if (tags[0] === 0x30 && tags[1] === 0x04) {
    // EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }
    return encrypted((p) => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8', passphrase: p }), passphrase);
  }
  const type = tags[0] === 0x02 && tags[1] === 0x02 ? 'pkcs1' : tags[0] === 0x02 && tags[1] === 0x30 ? 'pkcs8' : undefined;
  if (type !== undefined) {
    try {
      return createPrivateKey({ key: bytes, format: 'der', type });
    } catch (cause) {
      throw new EntPronoteError('ERR_KEY_FORMAT', `the DER bytes are not a valid ${type === 'pkcs8' ? 'PKCS#8' : 'PKCS#1'} private key`, { cause });
    }
  }
  throw new EntPronoteError('ERR_KEY_FORMAT', 'the DER bytes are not a PKCS#8 or PKCS#1 private key (a public key or certificate cannot open an envelope)');
}

function fromText(raw: string, passphrase: Buffer | undefined): KeyObject {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new EntPronoteError('ERR_KEY_FORMAT', 'the key text is empty');
  if (text.startsWith('{')) return privateKeyFromJwk(parseJwkText(text));
  if (text.startsWith('PuTTY-User-Key-File-')) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'this is a PuTTY private key file (.ppk); export it as PEM first (PuTTYgen: Conversions > Export OpenSSH key)');
  }
  if (isSsh2PublicKeyText(text)) throw new EntPronoteError('ERR_KEY_FORMAT', PUBLIC_GIVEN);
  const block = findPemBlock(text);
  if (block === undefined) {
    if (isOpenSshPublicKeyText(text)) throw new EntPronoteError('ERR_KEY_FORMAT', PUBLIC_GIVEN);
    throw new EntPronoteError('ERR_KEY_FORMAT', 'not a recognised private key: expected PEM (PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY), DER or an RSA JWK');
  }
  switch (block.label) {
    case 'PRIVATE KEY':
    case 'RSA PRIVATE KEY':
      if (block.encrypted) {
        return encrypted((p) => createPrivateKey({ key: block.text, format: 'pem', passphrase: p }), passphrase);
      }
      try {
        return createPrivateKey({ key: block.text, format: 'pem' });
      } catch (cause) {
        throw new EntPronoteError('ERR_KEY_FORMAT', `the PEM block "${block.label}" is malformed`, { cause });
      }
    case 'ENCRYPTED PRIVATE KEY':
      return encrypted((p) => createPrivateKey({ key: block.text, format: 'pem', passphrase: p }), passphrase);
    case 'OPENSSH PRIVATE KEY':
      throw new EntPronoteError(
        'ERR_KEY_FORMAT',
        'OpenSSH private key files are not supported; convert a copy to PKCS#8 PEM with: ssh-keygen -p -m PKCS8 -f COPY_OF_KEY',
      );
    case 'EC PRIVATE KEY':
    case 'DSA PRIVATE KEY':
      throw new EntPronoteError('ERR_KEY_UNSUPPORTED', `this is ${block.label === 'EC PRIVATE KEY' ? 'an EC' : 'a DSA'} key; envelopes need an RSA key`);
    default:
      if (PUBLIC_LABELS.has(block.label)) throw new EntPronoteError('ERR_KEY_FORMAT', PUBLIC_GIVEN);
      throw new EntPronoteError('ERR_KEY_FORMAT', `a PEM block "${block.label}" is not a private key`);
  }
}

/** Parses without the RSA checks. @internal */
export function parsePrivateKeyInput(input: KeyInput, passphrase?: string | Uint8Array): KeyObject {
  const pass = passphraseBuffer(passphrase);
  if (typeof input === 'string') {
    checkKeyInputSize(input.length);
    return fromText(input, pass);
  }
  if (input instanceof Uint8Array) {
    checkKeyInputSize(input.byteLength);
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes[0] === 0x30) return fromDer(bytes, pass);
    return fromText(keyBytesToText(bytes), pass);
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    if (isPublicKey(input) || input.type === 'public') throw new EntPronoteError('ERR_KEY_FORMAT', PUBLIC_GIVEN);
    if (input.type === 'private' && typeof input.toPem === 'function') {
      // A PrivateKey of another copy of this library: go through its PKCS#8 PEM.
      return fromText(String((input.toPem as () => unknown)()), undefined);
    }
    return privateKeyFromJwk(input);
  }
  throw new EntPronoteError('ERR_ARGUMENT', 'a key must be given as a string, bytes or a JWK object');
}

/**
 * Imports an RSA private key: PEM PKCS#8 (`PRIVATE KEY`), PEM PKCS#1 (`RSA PRIVATE KEY`, also the
 * legacy encrypted form with `Proc-Type`/`DEK-Info` headers), encrypted PEM PKCS#8
 * (`ENCRYPTED PRIVATE KEY`), DER PKCS#8 (clear or encrypted) or PKCS#1, or an RSA JWK (object or
 * JSON text, with its CRT members).
 *
 * The key's components are checked against each other once, here (`n = p·q`, `d` inverse of `e`,
 * CRT members), so that a damaged key is refused rather than decrypting garbage later.
 *
 * @throws EntPronoteError `ERR_KEY_PASSPHRASE` (encrypted key without passphrase, or wrong
 *   passphrase), `ERR_KEY_FORMAT` (not a recognised private key, malformed, inconsistent
 *   components, a public key given, OpenSSH or PuTTY private key files: the message says how to
 *   convert them), `ERR_KEY_UNSUPPORTED` (not RSA, RSA-PSS, multi-prime, under 2048 bits without
 *   `allowLegacy1024`),
 *   `ERR_ARGUMENT`.
 *
 * @example
 * ```ts
 * const key = importPrivateKey(fs.readFileSync('partner.key.pem'), { passphrase: process.env.KEY_PASSPHRASE });
 * const opened = openEnvelope(xml, key);
 * ```
 */
export function importPrivateKey(input: KeyInput, options: ImportPrivateKeyOptions = {}): PrivateKey {
  expectOptions(options);
  if (isPrivateKey(input)) return input;
  const key = parsePrivateKeyInput(input, options.passphrase);
  checkRsaKey(key, options);
  checkPrivateKeyConsistency(key);
  checkModulus(key, key.asymmetricKeyDetails?.publicExponent ?? 0n);
  return new RsaPrivateKey(key);
}
