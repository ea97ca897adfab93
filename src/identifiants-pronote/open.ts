/**
 * Opens an identifier file delivered in an `EXPORT_INDEX_EDUCATION` envelope (or given as plain
 * XML) and reads it.
 *
 * @module
 */

import { openExportIndexEducation } from '../envelope/export-index-education/open';
import type { EnvelopeInfo, OpenKeyOptions, PrivateKeyArgument } from '../envelope/types';
import { EntPronoteError } from '../errors';
import { resolveLimits } from '../limits';
import { StreamingXmlDecoder } from '../internal/xml/decode';
import { XmlTokenizer } from '../internal/xml/tokenizer';
import { type ParsedIdentifiantsPronote, parseIdentifiantsPronote, type ParseIdentifiantsPronoteOptions } from './parse';

/** Options of {@link openIdentifiantsPronote}: the reader's, and the private key's. */
export interface OpenIdentifiantsPronoteOptions extends ParseIdentifiantsPronoteOptions, OpenKeyOptions {}

/** Result of {@link openIdentifiantsPronote}. */
export interface OpenedIdentifiantsPronote extends ParsedIdentifiantsPronote {
  /** The envelope's clear metadata; undefined when the input was plain XML. */
  envelope?: EnvelopeInfo;
}

const SNIFF_CHUNK = 64 * 1024;
const FOUND = Symbol('root found');

/** Local name of the root element, or undefined when it cannot be told (left to the reader). */
function rootName(input: string | Uint8Array, options: OpenIdentifiantsPronoteOptions): string | undefined {
  let root: string | undefined;
  const limits = resolveLimits(options.limits);
  const tokenizer = new XmlTokenizer(
    {
      startElement(tag) {
        root = tag.local;
        throw FOUND;
      },
      endElement() {},
    },
    { namespaces: false, limits },
  );
  try {
    if (typeof input === 'string') {
      for (let at = 0; at < input.length && root === undefined; at += SNIFF_CHUNK) tokenizer.write(input.slice(at, at + SNIFF_CHUNK));
    } else {
      const decoder = new StreamingXmlDecoder({ limits, what: 'the input' });
      for (let at = 0; at < input.length && root === undefined; at += SNIFF_CHUNK) tokenizer.write(decoder.write(input.subarray(at, at + SNIFF_CHUNK)));
    }
  } catch (e) {
    if (e !== FOUND) return undefined;
  }
  if (root === undefined) return undefined;
  const colon = root.lastIndexOf(':');
  return colon === -1 ? root : root.slice(colon + 1);
}

/**
 * Reads the PRONOTE identifier file as the ENT receives it: an `EXPORT_INDEX_EDUCATION` envelope
 * (opened with the ENT's private key, using the key block named `partnerName`, or the only one;
 * see `openExportIndexEducation`), or the plain `IDENTIFIANTS_PRONOTE` XML (then the key is not
 * used). The content is read with {@link parseIdentifiantsPronote} and the given options
 * (`mapping`, `defaults`, `limits`, `file`).
 *
 * @throws {@link EntPronoteError} the errors of the envelope opener (`ERR_DECRYPT`,
 *   `ERR_INTEGRITY`, `ERR_PARTNER`, key errors…) and of the reader (`ERR_SCHEMA`, `ERR_XML`…);
 *   `ERR_SCHEMA` for an `ImportChiffre` container (the other direction: ENT → Index-Education).
 * @example
 * ```ts
 * const { document, notices, envelope } = openIdentifiantsPronote(bytes, entPrivateKeyPem, 'KOSMOS', { passphrase });
 * ```
 */
export function openIdentifiantsPronote(
  input: string | Uint8Array,
  privateKey: PrivateKeyArgument,
  partnerName?: string,
  options: OpenIdentifiantsPronoteOptions = {},
): OpenedIdentifiantsPronote {
  const root = rootName(input, options);
  if (root?.toLowerCase() === 'importchiffre') {
    throw new EntPronoteError(
      'ERR_SCHEMA',
      'this is an ImportChiffre container (an ENT account export for Index-Education), not a PRONOTE identifier file',
      options.file !== undefined ? { file: options.file } : {},
    );
  }
  if (root !== 'EXPORT_INDEX_EDUCATION') return parseIdentifiantsPronote(input, options);
  const openOptions: OpenKeyOptions & { limits?: OpenIdentifiantsPronoteOptions['limits'] } = {};
  if (options.passphrase !== undefined) openOptions.passphrase = options.passphrase;
  if (options.allowLegacy1024 !== undefined) openOptions.allowLegacy1024 = options.allowLegacy1024;
  if (options.onWarning !== undefined) openOptions.onWarning = options.onWarning;
  if (options.limits !== undefined) openOptions.limits = options.limits;
  const opened = openExportIndexEducation(input, privateKey, partnerName, openOptions);
  return { ...parseIdentifiantsPronote(opened.content, options), envelope: opened.info };
}
