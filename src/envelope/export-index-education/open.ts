/**
 * `openExportIndexEducation`: decrypts and verifies an `EXPORT_INDEX_EDUCATION` envelope.
 *
 * @module
 */

import { expectOptions } from '../../common/arguments';
import type { OpenedEnvelope, OpenEnvelopeOptions, PrivateKeyArgument } from '../types';
import { openedEnvelope, prepareOpening, unseal } from '../unseal';

/**
 * Opens an `EXPORT_INDEX_EDUCATION` envelope (`docs/formats/export-index-education.md`) with a partner's RSA private
 * key, using the key block whose `NOM` is `options.partner` (or the only one). The checks are those of
 * `openImportChiffre`; the content is inflated only when `CompresseAvantChiffrement` is true (the
 * default), and a leading UTF-8 BOM is removed from what is returned. With two partners, the
 * other partner's key block cannot be verified by this key. The partner is named in the options,
 * as for `openEnvelope` and `openIdentifiantsPronote`.
 *
 * @throws EntPronoteError `ERR_PARTNER` (no key block for `options.partner`, or several and none
 *   named), `ERR_ARGUMENT` (a wrong argument), and the errors of `openImportChiffre`.
 *
 * @example
 * ```ts
 * const opened = openExportIndexEducation(xml, partnerKey, { partner: 'MONENT' });
 * opened.info.logiciel; // 'PRONOTE'
 * const doc = opened.text();
 * ```
 */
export function openExportIndexEducation(envelope: string | Uint8Array, privateKey: PrivateKeyArgument, options: OpenEnvelopeOptions = {}): OpenedEnvelope {
  expectOptions(options);
  const { limits, key, decoded, step } = prepareOpening(envelope, privateKey, options, 'EXPORT_INDEX_EDUCATION', options.partner);
  const content = unseal(decoded, step, key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
