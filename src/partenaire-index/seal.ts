/**
 * Builds and seals a `PARTENAIRE_INDEX` in one pipelined pass: the fastest way from a model to an
 * `ImportChiffre`.
 *
 * @module
 */

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createImportChiffreSealer } from '../envelope/import-chiffre/sealer';
import type { PublicKeyArgument, SealImportChiffreOptions } from '../envelope/types';
import { EntPronoteError } from '../errors';
import type { Limits } from '../limits';
import { assertValidPartenaireIndex, partenaireIndexChunks } from './build';
import type { PartenaireIndex } from './model';

/** Options of {@link sealPartenaireIndex}. */
export interface SealPartenaireIndexOptions extends Omit<SealImportChiffreOptions, 'partenaire' | 'uai'> {
  /** Container `Partenaire` (the ENT vendor's name). Default: the document's `Partenaire`. */
  partenaire?: string;
  /** Container `UAI`. Default: the `Numero` of the document's first school. */
  uai?: string;
  /** Indent the document (default true, as `buildPartenaireIndex`). */
  indent?: boolean;
  /** Validate the model first (default true); `ERR_SCHEMA` on any error-level problem. */
  validate?: boolean;
  /** Limits used by the validation. */
  limits?: Partial<Limits>;
}

/** Plain text is handed to the compressor in pieces of about this many characters. */
const PIECE = 256 * 1024;

/**
 * Validates the model, writes it as XML and seals it in an `ImportChiffre` for Index-Education's
 * public key, in one pipelined pass: the XML is built in pieces that are compressed on the libuv
 * thread pool while the next piece is built, then hashed and encrypted as they come. The
 * plaintext is never held whole in memory. The result is exactly
 * `sealImportChiffre(buildPartenaireIndex(doc), publicKey, options)` (byte for byte with the same
 * `unsafeRandom`), faster and with less memory.
 *
 * @throws EntPronoteError `ERR_SCHEMA` for an invalid model; the argument and key errors of
 * `sealImportChiffre`.
 *
 * @example
 * ```ts
 * const vendorKey = importPublicKey(readFileSync('index-education.pub', 'utf8'));
 * const envelope = await sealPartenaireIndex(doc, vendorKey, { partenaire: 'MONENT', description: 'Comptes ENT' });
 * ```
 */
export async function sealPartenaireIndex(doc: PartenaireIndex, publicKey: PublicKeyArgument, options: SealPartenaireIndexOptions = {}): Promise<string> {
  if (options.validate !== false) assertValidPartenaireIndex(doc, options.limits);
  const { indent, validate: _v, limits: _l, partenaire, uai, ...sealOptions } = options;
  const containerUai = uai ?? doc.etablissements[0]?.numero;
  if (containerUai === undefined) throw new EntPronoteError('ERR_ARGUMENT', 'options.uai is required when the document has no school');
  const sealer = createImportChiffreSealer(publicKey, { ...sealOptions, partenaire: partenaire ?? doc.partenaire, uai: containerUai });
  try {
    let piece = '';
    for (const chunk of partenaireIndexChunks(doc, indent ?? true)) {
      piece += chunk;
      if (piece.length >= PIECE) {
        sealer.write(Buffer.from(piece, 'utf8'));
        piece = '';
        // Let the compressor's completions run, so that compression overlaps building.
        await yieldToEventLoop();
      }
    }
    if (piece.length > 0) sealer.write(Buffer.from(piece, 'utf8'));
  } catch (e) {
    sealer.abort();
    throw e;
  }
  return sealer.end();
}
