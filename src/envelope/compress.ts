/**
 * zlib (RFC 1950) compression of the envelope content and bounded decompression: the output is
 * never allowed to grow past `limits.maxDecompressedBytes`, so that a compression bomb fails fast
 * with `ERR_LIMIT`.
 *
 * @internal
 * @module
 */

import { constants, deflateSync, inflate, inflateSync, type ZlibOptions } from 'node:zlib';
import { EntPronoteError } from '../errors';
import { limitError } from '../limits';

/** Checks a zlib compression level (0–9, or -1 for zlib's default, 6). */
export function checkCompressionLevel(level: number | undefined): number {
  if (level === undefined) return constants.Z_DEFAULT_COMPRESSION;
  if (!Number.isInteger(level) || level < -1 || level > 9) {
    throw new EntPronoteError('ERR_ARGUMENT', 'compressionLevel must be an integer from 0 to 9 (or -1 for the default)');
  }
  return level;
}

/** zlib stream (RFC 1950) of `data`. */
export function compress(data: Uint8Array, level: number): Buffer {
  return deflateSync(data, { level });
}

const MiB = 1024 * 1024;

function inflateOptions(z: Uint8Array, maxBytes: number): ZlibOptions & { info: true } {
  // Large output chunks: fewer native calls and copies on big documents, but never above the limit.
  const guess = Math.max(64 * 1024, Math.min(8 * MiB, z.length * 8, maxBytes));
  return { maxOutputLength: maxBytes, chunkSize: guess, info: true };
}

function mapError(e: unknown, maxBytes: number): EntPronoteError {
  if (e instanceof EntPronoteError) return e;
  if ((e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') {
    return limitError('the decompressed envelope content', maxBytes, 'maxDecompressedBytes');
  }
  return new EntPronoteError('ERR_DECOMPRESS', 'the verified content is not a valid zlib stream (the sender compressed it wrongly)');
}

function checkConsumed(consumed: number, total: number): void {
  if (consumed !== total) {
    throw new EntPronoteError('ERR_DECOMPRESS', 'the verified content has bytes after the end of its zlib stream (the sender compressed it wrongly)');
  }
}

/**
 * Inflates a zlib stream, never producing more than `maxBytes`.
 *
 * @throws EntPronoteError `ERR_LIMIT` when the output would exceed `maxBytes`; `ERR_DECOMPRESS`
 *   when the data is not one complete zlib stream (bad header, corrupt data, truncated, Adler-32
 *   mismatch, trailing bytes).
 */
export function decompress(z: Uint8Array, maxBytes: number): Buffer {
  try {
    const { buffer, engine } = inflateSync(z, inflateOptions(z, maxBytes)) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    checkConsumed(engine.bytesWritten, z.length);
    return buffer;
  } catch (e) {
    throw mapError(e, maxBytes);
  }
}

/** {@link decompress} on the libuv thread pool. */
export function decompressAsync(z: Uint8Array, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    inflate(z, inflateOptions(z, maxBytes), (error, result) => {
      if (error !== null) {
        reject(mapError(error, maxBytes));
        return;
      }
      const { buffer, engine } = result as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      try {
        checkConsumed(engine.bytesWritten, z.length);
        resolve(buffer);
      } catch (e) {
        reject(e);
      }
    });
  });
}
