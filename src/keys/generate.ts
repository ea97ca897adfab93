/**
 * `generateKeyPair`: fresh RSA key pairs for tests, fixtures and demonstrations.
 *
 * @module
 */

import { expectOptions } from '../common/arguments';
import { generateKeyPairSync } from 'node:crypto';
import { EntPronoteError } from '../errors';
import { RsaPrivateKey } from './rsa-key';
import type { GenerateKeyPairOptions, KeyPair } from './types';

/**
 * Generates an RSA key pair (public exponent 65537) with Node's CSPRNG. Export it with
 * `privateKey.toPem({ passphrase })`, `publicKey.toPem()`, `publicKey.toSsh2(comment)` or
 * `publicKey.toOpenSsh(comment)`. Synchronous: a 4096-bit pair can take a few seconds.
 *
 * @throws EntPronoteError `ERR_ARGUMENT` when `bits` is not 2048, 3072 or 4096.
 *
 * @example
 * ```ts
 * const { publicKey, privateKey } = generateKeyPair();
 * const sealed = sealImportChiffre(xml, publicKey, { partenaire: 'MONENT', uai: '0410017W' });
 * openImportChiffre(sealed, privateKey).text() === xml; // true
 * ```
 */
export function generateKeyPair(options: GenerateKeyPairOptions = {}): KeyPair {
  expectOptions(options);
  const bits = options.bits ?? 2048;
  if (bits !== 2048 && bits !== 3072 && bits !== 4096) {
    throw new EntPronoteError('ERR_ARGUMENT', 'bits must be 2048, 3072 or 4096');
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const priv = new RsaPrivateKey(privateKey);
  return { publicKey: priv.publicKey, privateKey: priv };
}
