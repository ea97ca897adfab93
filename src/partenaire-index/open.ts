/**
 * Opens an `ImportChiffre` and reads the `PARTENAIRE_INDEX` inside: the PRONOTE side of the ENT
 * export.
 *
 * @module
 */

import { expectOptions, expectText } from '../common/arguments';
import type { EnvelopeInfo, OpenOptions, PrivateKeyArgument } from '../envelope/types';
import { decompressChunks } from '../envelope/compress';
import { dropBom, prepareOpening, unsealCompressed } from '../envelope/unseal';
import { StreamingXmlDecoder } from '../internal/xml/decode';
import { createPartenaireIndexReader, type ParsedPartenaireIndex, type ParsePartenaireIndexOptions, type PartenaireIndexReader } from './parse';

const WHAT = 'a PARTENAIRE_INDEX document';

/** Options of {@link openPartenaireIndex}. */
export interface OpenPartenaireIndexOptions extends OpenOptions, Omit<ParsePartenaireIndexOptions, 'limits'> {}

/**
 * What {@link openPartenaireIndex} returns: what `parsePartenaireIndex` returns for the verified
 * content (`document`, `problems`), and the envelope's clear metadata.
 */
export interface OpenedPartenaireIndex extends ParsedPartenaireIndex {
  /** The envelope's clear metadata. */
  envelope: EnvelopeInfo;
}

/**
 * Opens an `ImportChiffre` envelope with the private key (every check of `openImportChiffre`:
 * key block, MD5, padding, SHA-256, bounded decompression on the libuv thread pool) and parses
 * the `PARTENAIRE_INDEX` inside (every check of `parsePartenaireIndex`). The content is parsed as
 * it is decompressed, chunk by chunk, and never held whole; a decompression error (corrupt
 * stream, `maxDecompressedBytes`) wins over a parse error.
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
  expectText(envelope, 'envelope');
  expectOptions(options);
  const { limits, key, decoded, step } = prepareOpening(envelope, privateKey, options, 'ImportChiffre', undefined);
  const parseOptions: ParsePartenaireIndexOptions = { limits };
  if (options.validate !== undefined) parseOptions.validate = options.validate;
  if (options.maxProblems !== undefined) parseOptions.maxProblems = options.maxProblems;
  // An ImportChiffre is always compressed. Decompression and parsing in one pass: the parser
  // reads each chunk while the thread pool inflates the next one (nothing is returned unless the
  // whole stream was verified and read).
  const z = unsealCompressed(decoded, step, key);
  const decoder = new StreamingXmlDecoder({ limits, what: WHAT, utf8Latin1: true });
  let reader: PartenaireIndexReader | undefined;
  let first = true;
  const feed = (text: string): void => {
    if (text.length === 0) return;
    reader ??= createPartenaireIndexReader(parseOptions, limits, decoder.utf8Latin1);
    reader.write(text);
  };
  await decompressChunks(z, limits.maxDecompressedBytes, (chunk) => {
    feed(decoder.write(first ? dropBom(chunk) : chunk));
    first = false;
  });
  feed(decoder.end());
  reader ??= createPartenaireIndexReader(parseOptions, limits, decoder.utf8Latin1);
  return { ...reader.end(), envelope: decoded.info };
}
