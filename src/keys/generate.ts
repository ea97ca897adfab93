/**
 * `generateKeyPair`: fresh RSA key pairs for tests, fixtures and demonstrations.
 *
 * @module
 */

import { expectOptions } from '../common/arguments';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
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
  // The pair comes out encoded and is imported again, so that no key object we use shares its
  // lock with Node's key generation job. Node 20 (seen on 20.20.2) deadlocks otherwise: reading
  // the key's details (its size, which the key's constructor below reads) holds that lock while
  // allocating, and when the allocation collects garbage (it does whenever 32 MiB or more of
  // young buffers are alive, e.g. a document read just before) the collected job's destructor
  // takes the same lock — the process hangs for good, timers included.
  const pair = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  const der = pair.privateKey;
  try {
    const priv = new RsaPrivateKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    return { publicKey: priv.publicKey, privateKey: priv };
  } finally {
    der.fill(0);
  }
}
