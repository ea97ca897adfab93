/**
 * Builds and seals a `PARTENAIRE_INDEX` in one pipelined pass: the fastest way from a model to an
 * `ImportChiffre`.
 *
 * @module
 */

import { expectModel, expectOptions } from '../common/arguments';
import { MODEL_LISTS } from './vocabulary';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createImportChiffreSealer } from '../envelope/import-chiffre/sealer';
import type { PublicKeyArgument, SealImportChiffreOptions } from '../envelope/types';
import { EntPronoteError } from '../errors';
import type { Limits } from '../limits';
import { writePartenaireIndexBytes } from './write';
import type { PartenaireIndex } from './model';

/** Options of {@link sealPartenaireIndex}. */
export interface SealPartenaireIndexOptions extends Omit<SealImportChiffreOptions, 'partenaire' | 'uai'> {
  /** Container `Partenaire` (the ENT vendor's name). Default: the document's `Partenaire`. */
  partenaire?: string;
  /** Container `UAI`. Default: the `Numero` of the document's first school. */
  uai?: string;
  /** Indent the document (default true, as `buildPartenaireIndex`). */
  indent?: boolean;
  /** Check the model while writing (default true); `ERR_SCHEMA` on any error-level problem, before the envelope is produced. */
  validate?: boolean;
  /** Limits used by the validation. */
  limits?: Partial<Limits>;
}

/** Pieces written but not yet compressed, at most (each up to 576 KiB). */
const IN_FLIGHT = 4;

/**
 * Checks the model, writes it as XML and seals it in an `ImportChiffre` for Index-Education's
 * public key, in one pipelined pass: the XML is written as UTF-8 in pieces that are compressed on
 * the libuv thread pool while the next piece is written, then hashed and encrypted as they come. The
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
  expectModel(doc, 'doc', 'a PartenaireIndex model', MODEL_LISTS, ['etablissements']);
  expectOptions(options);
  const { indent, validate, limits, partenaire, uai, ...sealOptions } = options;
  const containerUai = uai ?? doc.etablissements[0]?.numero;
  if (containerUai === undefined) throw new EntPronoteError('ERR_ARGUMENT', 'options.uai is required when the document has no school');
  const sealer = createImportChiffreSealer(publicKey, { ...sealOptions, partenaire: partenaire ?? doc.partenaire, uai: containerUai });
  try {
    const writeOptions = { indent: indent ?? true, validate: validate ?? true, ...(limits === undefined ? {} : { limits }) };
    // The writer's buffers come back once compressed, and are written again; at most
    // IN_FLIGHT pieces wait for the compressor (bounded memory when it is the slower side).
    const spare: ArrayBufferLike[] = [];
    let inFlight = 0;
    let wake: (() => void) | undefined;
    for (const chunk of writePartenaireIndexBytes(doc, writeOptions, spare)) {
      inFlight++;
      sealer.write(chunk, () => {
        inFlight--;
        spare.push(chunk.buffer);
        const w = wake;
        wake = undefined;
        w?.();
      });
      if (inFlight >= IN_FLIGHT) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      } else {
        // Let the compressor's completion run (and start the next compression) before the next piece is written.
        await yieldToEventLoop();
      }
    }
  } catch (e) {
    sealer.abort();
    throw e;
  }
  return sealer.end();
}
