/**
 * Opens an `ImportChiffre` and reads the `PARTENAIRE_INDEX` inside: the PRONOTE side of the ENT
 * export.
 *
 * @module
 */

import { resolvePrivateKey } from '../envelope/key-args';
import { parseEnvelope } from '../envelope/parse';
import type { EnvelopeInfo, OpenOptions, PrivateKeyArgument } from '../envelope/types';
import { decodeEnvelope, stepFor, unsealAsync } from '../envelope/unseal';
import { resolveLimits } from '../limits';
import type { PartenaireIndex } from './model';
import { type ParsePartenaireIndexOptions, parsePartenaireIndex } from './parse';

/** Options of {@link openPartenaireIndex}. */
export interface OpenPartenaireIndexOptions extends OpenOptions, Omit<ParsePartenaireIndexOptions, 'limits'> {}

/** What {@link openPartenaireIndex} returns. */
export interface OpenedPartenaireIndex {
  /** The document read from the verified content. */
  document: PartenaireIndex;
  /** The envelope's clear metadata. */
  envelope: EnvelopeInfo;
}

/**
 * Opens an `ImportChiffre` envelope with the private key (every check of `openImportChiffre`:
 * key block, MD5, padding, SHA-256, bounded decompression on the libuv thread pool) and parses
 * the `PARTENAIRE_INDEX` inside (every check of `parsePartenaireIndex`).
 *
 * @throws EntPronoteError the codes of `openImportChiffre` (`ERR_SCHEMA` also for an
 * `EXPORT_INDEX_EDUCATION` given instead), then those of `parsePartenaireIndex`.
 *
 * @example
 * ```ts
 * const { document, envelope } = await openPartenaireIndex(readFileSync('export.xml'), indexEducationKey);
 * console.log(envelope.uai, document.eleves.length);
 * ```
 */
export async function openPartenaireIndex(
  envelope: string | Uint8Array,
  privateKey: PrivateKeyArgument,
  options: OpenPartenaireIndexOptions = {},
): Promise<OpenedPartenaireIndex> {
  const limits = resolveLimits(options.limits);
  const key = resolvePrivateKey(privateKey, options);
  const parsed = parseEnvelope(envelope, limits, 'ImportChiffre');
  const decoded = decodeEnvelope(parsed);
  const content = await unsealAsync(decoded, stepFor(parsed, decoded, undefined), key, limits);
  const parseOptions: ParsePartenaireIndexOptions = { limits };
  if (options.validate !== undefined) parseOptions.validate = options.validate;
  if (options.maxProblems !== undefined) parseOptions.maxProblems = options.maxProblems;
  return { document: parsePartenaireIndex(content, parseOptions), envelope: decoded.info };
}
