/**
 * Envelopes: seal, open and inspect `ImportChiffre` (ENT → Index-Education,
 * `docs/formats/importchiffre.md`) and `EXPORT_INDEX_EDUCATION` (Index-Education → partner,
 * `docs/formats/export-index-education.md`).
 *
 * Both use the same hybrid recipe: zlib (RFC 1950), AES-128-CBC with PKCS#7 under a fresh random
 * key and IV, a 48-byte key block `key ‖ IV ‖ MD5(key ‖ IV)` encrypted with RSAES-PKCS1-v1_5 for
 * each recipient, and the SHA-256 of the compressed bytes.
 *
 * What the formats guarantee, and the library enforces when opening: confidentiality, and that the
 * key block, the content and the digest were not altered (every alteration is refused with a coded
 * error, and the decryption failures are uniform so that no service becomes a padding oracle).
 * What they do not: the clear metadata (dates, UAI, names, version) is not covered by any check,
 * and anyone holding the recipient's public key can seal an envelope, so the sender is not
 * authenticated. Check public key fingerprints (`PublicKey.fingerprint`) out of band.
 *
 * Resource use is bounded: decompression stops at `limits.maxDecompressedBytes` (ERR_LIMIT). The
 * library never logs, and its messages never quote content or key material.
 *
 * @module
 */

export { sealImportChiffre } from './import-chiffre/seal';
export { createImportChiffreSealer } from './import-chiffre/sealer';
export { openImportChiffre } from './import-chiffre/open';
export { sealExportIndexEducation } from './export-index-education/seal';
export { openExportIndexEducation } from './export-index-education/open';
export { openEnvelope } from './open';
export { openEnvelopeAsync } from './open-async';
export { inspectEnvelope } from './inspect';
export { IMPORT_CHIFFRE_NAMESPACE } from './types';
export type {
  EnvelopeInfo,
  EnvelopeKind,
  ExportPartner,
  ImportChiffreSealer,
  InspectOptions,
  OpenedEnvelope,
  OpenEnvelopeOptions,
  OpenKeyOptions,
  OpenOptions,
  PrivateKeyArgument,
  PublicKeyArgument,
  SealCommonOptions,
  SealExportOptions,
  SealImportChiffreOptions,
  UnsafeRandom,
} from './types';
