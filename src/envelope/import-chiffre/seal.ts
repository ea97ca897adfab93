/**
 * `sealImportChiffre`: compresses, encrypts and wraps a document in an `ImportChiffre` container.
 *
 * @module
 */

import { encodeBase64 } from '../base64';
import { checkCompressionLevel, compress } from '../compress';
import { encryptContent, encryptKeyBlock, makeKeyBlock, randomSource, sha256 } from '../crypto';
import { resolvePublicKey } from '../key-args';
import { plainBytes } from '../seal-common';
import type { PublicKeyArgument, SealImportChiffreOptions } from '../types';
import { importChiffreMeta, writeImportChiffre } from './write';

/**
 * Seals a document (normally a `PARTENAIRE_INDEX`) for Index-Education, following the recipe of
 * `docs/formats/importchiffre.md` byte for byte: zlib stream (RFC 1950) of the UTF-8 bytes; fresh random
 * AES-128 key and IV; `Contenu` = base64(AES-128-CBC, PKCS#7); key block = key ‖ IV ‖ MD5(key ‖ IV);
 * `Cle` = base64(RSAES-PKCS1-v1_5 of the key block); `Verification` = base64(SHA-256 of the
 * compressed bytes); elements in the schema's order, in the container's default namespace.
 *
 * Check the public key's fingerprint (`importPublicKey(…).fingerprint`) against Index-Education's
 * before sending real data. `unsafeRandom` makes the output deterministic for golden files: never
 * use it for real data.
 *
 * @throws EntPronoteError `ERR_ARGUMENT` (missing partenaire or uai, bad UAI form, bad date,
 *   compression level, characters XML cannot hold), and the errors of `importPublicKey` when the
 *   key is given as {@link KeyInput}.
 *
 * @example
 * ```ts
 * const key = importPublicKey(fs.readFileSync('index-education.pub', 'utf8'));
 * const envelope = sealImportChiffre(partenaireIndexXml, key, { partenaire: 'MONENT', uai: '0410017W', description: 'Comptes ENT' });
 * ```
 */
export function sealImportChiffre(plain: string | Uint8Array, publicKey: PublicKeyArgument, options: SealImportChiffreOptions): string {
  const meta = importChiffreMeta(options);
  const level = checkCompressionLevel(options.compressionLevel);
  const key = resolvePublicKey(publicKey, options);
  const unsafe = options.unsafeRandom === undefined ? undefined : randomSource(options.unsafeRandom);
  const random = unsafe ?? randomSource();
  const z = compress(plainBytes(plain), level);
  const aesKey = Buffer.from(random(16));
  const iv = Buffer.from(random(16));
  const contenu = encryptContent(aesKey, iv, z);
  const block = makeKeyBlock(aesKey, iv);
  aesKey.fill(0);
  const cle = encryptKeyBlock(key, block, unsafe);
  block.fill(0);
  return writeImportChiffre(meta, encodeBase64(cle), encodeBase64(contenu), encodeBase64(sha256(z)));
}
