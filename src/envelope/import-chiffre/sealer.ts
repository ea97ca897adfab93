/**
 * `createImportChiffreSealer`: the incremental form of `sealImportChiffre`, for pipelines that
 * build the document while it is compressed.
 *
 * @module
 */

import { createCipheriv, createHash } from 'node:crypto';
import { createDeflate } from 'node:zlib';
import { EntPronoteError } from '../../errors';
import { encodeBase64 } from '../base64';
import { checkCompressionLevel } from '../compress';
import { encryptKeyBlock, makeKeyBlock, randomSource } from '../crypto';
import { resolvePublicKey } from '../key-args';
import type { ImportChiffreSealer, PublicKeyArgument, SealImportChiffreOptions } from '../types';
import { importChiffreMeta, writeImportChiffre } from './write';

/** Writes are gathered into chunks of at least this size before compression. */
const GATHER = 64 * 1024;
/**
 * The compressor's output buffer: larger than the compressed form of any chunk a pipeline
 * writes, so that each chunk is compressed in one thread-pool job (a job that fills its output
 * waits for the main thread before it goes on).
 */
const OUTPUT_CHUNK = 256 * 1024;

/**
 * Creates an incremental `ImportChiffre` sealer: `write` plaintext chunks as they are built (they
 * are compressed by an asynchronous zlib stream on the libuv thread pool, while the caller builds
 * the next chunk), then `end()` resolves to the envelope. The compressed output is hashed and
 * AES-encrypted as it arrives. Same recipe, same options and same output format as
 * `sealImportChiffre` (with the same `unsafeRandom`, the same bytes).
 *
 * Small chunks are copied and gathered (64 KiB) before compression; a chunk of 64 KiB or more
 * is referenced, not copied, until compressed: do not modify it after writing it until the
 * `compressed` callback given with it has been called (at once for a copied chunk).
 *
 * @throws EntPronoteError at creation, the errors of `sealImportChiffre`'s argument checks;
 *   `ERR_ARGUMENT` from `write` after `end` or `abort`, or for a chunk that is not bytes.
 *
 * @example
 * ```ts
 * const sealer = createImportChiffreSealer(key, { partenaire: 'MONENT', uai: '0410017W' });
 * for (const chunk of buildPartenaireIndexChunks(input)) sealer.write(chunk);
 * const envelope = await sealer.end();
 * ```
 */
export function createImportChiffreSealer(publicKey: PublicKeyArgument, options: SealImportChiffreOptions): ImportChiffreSealer {
  const meta = importChiffreMeta(options);
  const level = checkCompressionLevel(options.compressionLevel);
  const key = resolvePublicKey(publicKey, options);
  const unsafe = options.unsafeRandom === undefined ? undefined : randomSource(options.unsafeRandom);
  const random = unsafe ?? randomSource();
  const aesKey = Buffer.from(random(16));
  const iv = Buffer.from(random(16));
  const block = makeKeyBlock(aesKey, iv);
  const cle = encryptKeyBlock(key, block, unsafe);
  block.fill(0);
  const cipher = createCipheriv('aes-128-cbc', aesKey, iv);
  aesKey.fill(0);
  const hash = createHash('sha256');
  const deflate = createDeflate({ level, chunkSize: OUTPUT_CHUNK });
  const parts: Buffer[] = [];
  // Small writes are gathered: each write to a zlib stream is one thread-pool job.
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const flushPending = () => {
    if (pendingSize === 0) return;
    deflate.write(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingSize));
    pending = [];
    pendingSize = 0;
  };
  let failure: unknown;
  let state: 'open' | 'ending' | 'closed' = 'open';
  deflate.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    const out = cipher.update(chunk);
    if (out.length > 0) parts.push(out);
  });
  // The `compressed` callbacks of referenced chunks not compressed yet: all called if compression fails.
  const waiting = new Set<() => void>();
  deflate.on('error', (e) => {
    failure ??= e;
    for (const done of [...waiting]) done();
  });

  return {
    write(chunk: Uint8Array, compressed?: () => void): void {
      if (state !== 'open') throw new EntPronoteError('ERR_ARGUMENT', 'write() after end() or abort()');
      if (!(chunk instanceof Uint8Array)) throw new EntPronoteError('ERR_ARGUMENT', 'write() takes bytes (Uint8Array)');
      if (compressed !== undefined && typeof compressed !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'write() takes a function as its second argument');
      const n = chunk.byteLength;
      if (n >= GATHER) {
        // Referenced, not copied: given back once compressed (after what was gathered before it).
        flushPending();
        if (compressed === undefined) {
          deflate.write(chunk);
          return;
        }
        const done = () => {
          if (waiting.delete(done)) compressed();
        };
        waiting.add(done);
        deflate.write(chunk, done);
        return;
      }
      if (n > 0) {
        // Copied when gathered, so the caller may reuse its buffer at once.
        pending.push(Buffer.from(chunk));
        pendingSize += n;
        if (pendingSize >= GATHER) flushPending();
      }
      compressed?.();
    },
    end(): Promise<string> {
      if (state !== 'open') return Promise.reject(new EntPronoteError('ERR_ARGUMENT', 'end() after end() or abort()'));
      state = 'ending';
      return new Promise<string>((resolve, reject) => {
        deflate.once('end', () => {
          state = 'closed';
          if (failure !== undefined) {
            reject(new EntPronoteError('ERR_ARGUMENT', 'compression failed', { cause: failure }));
            return;
          }
          parts.push(cipher.final());
          const contenu = Buffer.concat(parts);
          parts.length = 0;
          resolve(writeImportChiffre(meta, encodeBase64(cle), encodeBase64(contenu), hash.digest('base64')));
        });
        deflate.once('error', (e) => {
          state = 'closed';
          reject(new EntPronoteError('ERR_ARGUMENT', 'compression failed', { cause: e }));
        });
        flushPending();
        deflate.end();
      });
    },
    abort(): void {
      if (state === 'closed') return;
      state = 'closed';
      parts.length = 0;
      pending = [];
      pendingSize = 0;
      waiting.clear();
      deflate.destroy();
    },
  };
}
