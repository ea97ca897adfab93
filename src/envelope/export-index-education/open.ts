/**
 * `openExportIndexEducation`: decrypts and verifies an `EXPORT_INDEX_EDUCATION` envelope.
 *
 * @module
 */

import type { OpenedEnvelope, OpenOptions, PrivateKeyArgument } from '../types';
import { openedEnvelope, prepareOpening, unseal } from '../unseal';

/**
 * Opens an `EXPORT_INDEX_EDUCATION` envelope (`docs/formats/export-index-education.md`) with a partner's RSA private
 * key, using the key block whose `NOM` is `partnerName` (or the only one). The checks are those of
 * `openImportChiffre`; the content is inflated only when `CompresseAvantChiffrement` is true (the
 * default), and a leading UTF-8 BOM is removed from what is returned. With two partners, the
 * other partner's key block cannot be verified by this key.
 *
 * @throws EntPronoteError `ERR_PARTNER` (no key block for `partnerName`, or several and none
 *   named), and the errors of `openImportChiffre`.
 *
 * @example
 * ```ts
 * const opened = openExportIndexEducation(xml, partnerKey, 'MONENT');
 * opened.info.logiciel; // 'PRONOTE'
 * const doc = opened.text();
 * ```
 */
export function openExportIndexEducation(
  envelope: string | Uint8Array,
  privateKey: PrivateKeyArgument,
  partnerName?: string,
  options: OpenOptions = {},
): OpenedEnvelope {
  const { limits, key, decoded, step } = prepareOpening(envelope, privateKey, options, 'EXPORT_INDEX_EDUCATION', partnerName);
  const content = unseal(decoded, step, key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
