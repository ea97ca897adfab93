/**
 * Opens an identifier file delivered in an `EXPORT_INDEX_EDUCATION` envelope (or given as plain
 * XML) and reads it.
 *
 * @module
 */

import { expectOptions, expectString, expectText } from '../common/arguments';
import { prepareOpening, unsealAsync } from '../envelope/unseal';
import type { EnvelopeInfo, OpenKeyOptions, PrivateKeyArgument } from '../envelope/types';
import { EntPronoteError } from '../errors';
import { resolveLimits } from '../limits';
import { StreamingXmlDecoder } from '../internal/xml/decode';
import { XmlTokenizer } from '../internal/xml/tokenizer';
import { type ParsedIdentifiantsPronote, parseIdentifiantsPronote, type ParseIdentifiantsPronoteOptions } from './parse';

/**
 * Options of {@link openIdentifiantsPronote}: the reader's (`mapping`, `defaults`, `limits`,
 * `file`), the private key's (`passphrase`, `allowLegacy1024`, `onWarning`), and the partner
 * whose key block to use.
 */
export interface OpenIdentifiantsPronoteOptions extends ParseIdentifiantsPronoteOptions, OpenKeyOptions {
  /**
   * The partner name (`PARTENAIRE/@NOM`, the ENT) whose key block to use, as in
   * `openEnvelope`; may be left out when the envelope has a single key block.
   */
  partner?: string;
}

/**
 * Result of {@link openIdentifiantsPronote}: what {@link parseIdentifiantsPronote} returns
 * (`document`, `problems`) and the envelope's clear metadata.
 */
export interface OpenedIdentifiantsPronote extends ParsedIdentifiantsPronote {
  /** The envelope's clear metadata; undefined when the input was plain XML. */
  envelope?: EnvelopeInfo;
}

const SNIFF_CHUNK = 64 * 1024;
const FOUND = new Error('root found (an internal signal, always caught)');

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
 * (opened with the ENT's private key, using the key block named `options.partner`, or the only
 * one; every check of `openExportIndexEducation`, the decompression on the libuv thread pool), or
 * the plain `IDENTIFIANTS_PRONOTE` XML (then the key is not used). The content is read with
 * {@link parseIdentifiantsPronote} and the given options (`mapping`, `defaults`, `limits`,
 * `file`). Same call and result shape as `openPartenaireIndex`.
 *
 * @throws {@link EntPronoteError} (as a rejected promise) the errors of the envelope opener
 *   (`ERR_DECRYPT`, `ERR_INTEGRITY`, `ERR_PARTNER`, key errors…) and of the reader
 *   (`ERR_SCHEMA`, `ERR_XML`…); `ERR_SCHEMA` for an `ImportChiffre` container (the other
 *   direction: ENT → Index-Education); `ERR_ARGUMENT` for a wrong argument.
 * @example
 * ```ts
 * const { document, problems, envelope } = await openIdentifiantsPronote(bytes, entPrivateKeyPem, { partner: 'KOSMOS', passphrase });
 * ```
 */
export async function openIdentifiantsPronote(
  input: string | Uint8Array,
  privateKey: PrivateKeyArgument,
  options: OpenIdentifiantsPronoteOptions = {},
): Promise<OpenedIdentifiantsPronote> {
  expectText(input, 'input');
  expectOptions(options);
  if (options.partner !== undefined) expectString(options.partner, 'options.partner');
  const root = rootName(input, options);
  if (root?.toLowerCase() === 'importchiffre') {
    throw new EntPronoteError(
      'ERR_SCHEMA',
      'this is an ImportChiffre container (an ENT account export for Index-Education), not a PRONOTE identifier file',
      options.file !== undefined ? { file: options.file } : {},
    );
  }
  if (root !== 'EXPORT_INDEX_EDUCATION') return parseIdentifiantsPronote(input, options);
  const { limits, key, decoded, step } = prepareOpening(input, privateKey, options, 'EXPORT_INDEX_EDUCATION', options.partner);
  const content = await unsealAsync(decoded, step, key, limits);
  return { ...parseIdentifiantsPronote(content, options), envelope: decoded.info };
}
