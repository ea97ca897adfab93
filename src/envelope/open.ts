/**
 * `openEnvelope`: opens either envelope, detected from its root element.
 *
 * @module
 */

import { expectOptions, expectText } from '../common/arguments';
import type { OpenedEnvelope, OpenEnvelopeOptions, PrivateKeyArgument } from './types';
import { openedEnvelope, prepareOpening, unseal } from './unseal';

/**
 * Opens an `ImportChiffre` container or an `EXPORT_INDEX_EDUCATION` envelope, whichever it is
 * given (see `openImportChiffre` and `openExportIndexEducation` for the checks). `options.partner`
 * names the key block to use in an EXPORT_INDEX_EDUCATION envelope holding two.
 *
 * What the formats guarantee: confidentiality, and that `Cle`, `Contenu` and `Verification`
 * were not altered (any alteration is refused). What they do not: the clear metadata is not
 * covered by any check, and anyone holding the public key can seal an envelope, so the sender is
 * not authenticated.
 *
 * @throws EntPronoteError `ERR_SCHEMA` when the root is neither envelope, and the errors of
 *   `openImportChiffre` and `openExportIndexEducation`.
 *
 * @example
 * ```ts
 * const opened = openEnvelope(bytes, privateKeyPem, { passphrase, partner: 'MONENT' });
 * console.log(opened.kind, opened.info.date, opened.content.length);
 * ```
 */
export function openEnvelope(envelope: string | Uint8Array, privateKey: PrivateKeyArgument, options: OpenEnvelopeOptions = {}): OpenedEnvelope {
  expectText(envelope, 'envelope');
  expectOptions(options);
  const { limits, key, decoded, step } = prepareOpening(envelope, privateKey, options, undefined, options.partner);
  const content = unseal(decoded, step, key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
