/**
 * `openEnvelope`: opens either envelope, detected from its root element.
 *
 * @module
 */

import { resolveLimits } from '../limits';
import { resolvePrivateKey } from './key-args';
import { parseEnvelope } from './parse';
import type { OpenedEnvelope, OpenEnvelopeOptions, PrivateKeyArgument } from './types';
import { decodeEnvelope, openedEnvelope, stepFor, unseal } from './unseal';

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
  const limits = resolveLimits(options.limits);
  const key = resolvePrivateKey(privateKey, options);
  const parsed = parseEnvelope(envelope, limits);
  const decoded = decodeEnvelope(parsed);
  const content = unseal(decoded, stepFor(parsed, decoded, options.partner), key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
