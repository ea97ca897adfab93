/**
 * `openExportIndexEducation`: decrypts and verifies an `EXPORT_INDEX_EDUCATION` envelope.
 *
 * @module
 */

import { resolveLimits } from '../../limits';
import { resolvePrivateKey } from '../key-args';
import { parseEnvelope } from '../parse';
import type { OpenedEnvelope, OpenOptions, PrivateKeyArgument } from '../types';
import { decodeEnvelope, openedEnvelope, stepFor, unseal } from '../unseal';

/**
 * Opens an `EXPORT_INDEX_EDUCATION` envelope (FORMATS.md section 4) with a partner's RSA private
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
  const limits = resolveLimits(options.limits);
  const key = resolvePrivateKey(privateKey, options);
  const parsed = parseEnvelope(envelope, limits, 'EXPORT_INDEX_EDUCATION');
  const decoded = decodeEnvelope(parsed);
  const content = unseal(decoded, stepFor(parsed, decoded, partnerName), key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
