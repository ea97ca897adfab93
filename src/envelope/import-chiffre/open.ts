/**
 * `openImportChiffre`: decrypts and verifies an `ImportChiffre` container.
 *
 * @module
 */

import { expectOptions, expectText } from '../../common/arguments';
import type { OpenedEnvelope, OpenOptions, PrivateKeyArgument } from '../types';
import { openedEnvelope, prepareOpening, unseal } from '../unseal';

/**
 * Opens an `ImportChiffre` container (`docs/formats/importchiffre.md`) with the recipient's RSA private key.
 * Checks, in order: the structure, the base64 fields, the key block length, the RSA PKCS#1 v1.5
 * encoding and the MD5 of the key block, the AES padding and the SHA-256 of the compressed bytes,
 * then inflates within `limits.maxDecompressedBytes`. Nothing is returned unless every check
 * passed. The metadata (`Partenaire`, `Description`, `DateExport`, `UAI`, `Version`) is not
 * covered by any check of the format: treat it as a claim.
 *
 * @throws EntPronoteError `ERR_ENCODING`/`ERR_XML`/`ERR_DOCTYPE` (not well-formed), `ERR_SCHEMA`
 *   (wrong root or namespace, missing/misplaced/duplicated element, bad date: with the path),
 *   `ERR_BASE64` (with the path), `ERR_KEY_BLOCK` (`Cle` length ≠ modulus size), `ERR_DECRYPT`
 *   (wrong key or `Cle` altered: uniform), `ERR_INTEGRITY` (`Contenu` or `Verification` altered:
 *   uniform), `ERR_DECOMPRESS`, `ERR_LIMIT`, and the key errors of `importPrivateKey` when the key
 *   is given as {@link KeyInput}.
 *
 * @example
 * ```ts
 * const opened = openImportChiffre(fs.readFileSync('export.xml'), fs.readFileSync('index.key.pem', 'utf8'));
 * opened.info.uai; // '0410017W'
 * const xml = opened.text(); // the PARTENAIRE_INDEX document
 * ```
 */
export function openImportChiffre(envelope: string | Uint8Array, privateKey: PrivateKeyArgument, options: OpenOptions = {}): OpenedEnvelope {
  expectText(envelope, 'envelope');
  expectOptions(options);
  const { limits, key, decoded, step } = prepareOpening(envelope, privateKey, options, 'ImportChiffre', undefined);
  const content = unseal(decoded, step, key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
