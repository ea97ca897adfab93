/**
 * Key files of the command line: public keys for sealing, private keys (and passphrase files)
 * for opening.
 *
 * @internal
 * @module
 */

import { EntPronoteError, importPrivateKey, importPublicKey, isEntPronoteError, type PrivateKey, type PublicKey } from '../index';
import { withFile } from './errors';
import { MAX_KEY_FILE_BYTES, MAX_SECRET_FILE_BYTES, readFileBytes } from './io';

/**
 * Reads a public key file in any form `importPublicKey` accepts (SSH2/RFC 4716 as
 * Index-Education delivers it, OpenSSH line, SPKI or PKCS#1 PEM/DER, X.509 certificate, JWK).
 * Errors name the file, never the key material.
 */
export function loadPublicKey(path: string): PublicKey {
  const bytes = readFileBytes(path, { maxBytes: MAX_KEY_FILE_BYTES });
  try {
    return importPublicKey(bytes);
  } catch (e) {
    throw withFile(e, path);
  }
}

/**
 * Reads a passphrase file: its UTF-8 text without one trailing line end (so that
 * `echo secret > F` works).
 */
export function readPassphrase(path: string): string {
  return Buffer.from(readFileBytes(path, { maxBytes: MAX_SECRET_FILE_BYTES }))
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Reads a private key file (PKCS#8 or PKCS#1, PEM or DER, encrypted or not, JWK), with the
 * passphrase of `passphraseFile` when given. Errors name the file, never the key material.
 */
export function loadPrivateKey(path: string, passphraseFile?: string): PrivateKey {
  const bytes = readFileBytes(path, { maxBytes: MAX_KEY_FILE_BYTES });
  const passphrase = passphraseFile === undefined ? undefined : readPassphrase(passphraseFile);
  try {
    return importPrivateKey(bytes, passphrase === undefined ? {} : { passphrase });
  } catch (e) {
    if (isEntPronoteError(e, 'ERR_KEY_PASSPHRASE')) {
      const reason = passphrase === undefined ? 'this private key is encrypted: give --passphrase-file FILE' : 'wrong passphrase (--passphrase-file) for this private key';
      throw new EntPronoteError('ERR_KEY_PASSPHRASE', reason, { file: path, cause: e });
    }
    throw withFile(e, path);
  }
}
