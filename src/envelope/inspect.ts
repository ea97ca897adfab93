/**
 * `inspectEnvelope`: the clear metadata of an envelope, without any key.
 *
 * @module
 */

import { expectOptions, expectText } from '../common/arguments';
import { resolveLimits } from '../limits';
import { parseEnvelope } from './parse';
import type { EnvelopeInfo, InspectOptions } from './types';
import { decodeEnvelope } from './unseal';

/**
 * Reads the clear metadata of an `ImportChiffre` or `EXPORT_INDEX_EDUCATION` envelope without any
 * key: kind, version, date, UAI, partner(s), software, compression flag, sizes. The structure and
 * the base64 of the encrypted fields are checked as when opening; nothing is decrypted, so the
 * content's integrity is not checked.
 *
 * @throws EntPronoteError `ERR_ENCODING`, `ERR_XML`, `ERR_DOCTYPE`, `ERR_SCHEMA`, `ERR_BASE64`,
 *   `ERR_LIMIT`.
 *
 * @example
 * ```ts
 * const info = inspectEnvelope(fs.readFileSync('export.xml'));
 * console.log(info.kind, info.uai, info.partenaire ?? info.partners, info.encryptedBytes);
 * ```
 */
export function inspectEnvelope(envelope: string | Uint8Array, options: InspectOptions = {}): EnvelopeInfo {
  expectText(envelope, 'envelope');
  expectOptions(options);
  const limits = resolveLimits(options.limits);
  return decodeEnvelope(parseEnvelope(envelope, limits)).info;
}
