/**
 * zlib (RFC 1950) compression of the envelope content and bounded decompression: the output is
 * never allowed to grow past `limits.maxDecompressedBytes`, so that a compression bomb fails fast
 * with `ERR_LIMIT`.
 *
 * @internal
 * @module
 */

import { constants, createInflate, deflateSync, inflate, inflateSync, type ZlibOptions } from 'node:zlib';
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

/** Output chunks of {@link decompressChunks}. */
const STREAM_CHUNK = 1024 * 1024;
/** Chunks waiting for the consumer before decompression pauses (bounds memory). */
const MAX_QUEUED = 4;

/**
 * {@link decompressAsync}, the output handed to `consume` chunk by chunk as it is produced: the
 * consumer (a parser) works on one chunk on the main thread while the libuv thread pool inflates
 * the next, and the whole output is never held at once. The same checks and errors as
 * {@link decompress}; a decompression error wins over an error thrown by `consume` (the content
 * is then not what was compressed), and `consume` is never called again after it threw.
 */
export function decompressChunks(z: Uint8Array, maxBytes: number, consume: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflater = createInflate({ chunkSize: STREAM_CHUNK });
    const queue: Buffer[] = [];
    let produced = 0;
    let scheduled = false;
    let ended = false;
    let settled = false;
    let consumerFailure: { error: unknown } | undefined; // boxed: a thrown `undefined` is a failure too
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      queue.length = 0;
      inflater.destroy();
      reject(e);
    };
    const finish = (): void => {
      if (settled || !ended || queue.length > 0 || scheduled) return;
      settled = true;
      try {
        checkConsumed(inflater.bytesWritten, z.length);
      } catch (e) {
        reject(e);
        return;
      }
      if (consumerFailure !== undefined) reject(consumerFailure.error);
      else resolve();
    };
    const drain = (): void => {
      scheduled = false;
      while (queue.length > 0 && !settled) {
        const chunk = queue.shift() as Buffer;
        if (consumerFailure !== undefined) continue;
        try {
          consume(chunk);
        } catch (e) {
          consumerFailure = { error: e };
        }
      }
      if (inflater.isPaused()) inflater.resume();
      finish();
    };
    inflater.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > maxBytes) {
        fail(limitError('the decompressed envelope content', maxBytes, 'maxDecompressedBytes'));
        return;
      }
      if (consumerFailure !== undefined) return;
      queue.push(chunk);
      if (queue.length >= MAX_QUEUED) inflater.pause();
      if (!scheduled) {
        scheduled = true;
        // Not now: once this callback returns, zlib starts inflating the next chunk on the
        // thread pool, while the consumer works on this one.
        setImmediate(drain);
      }
    });
    inflater.on('error', (e) => fail(mapError(e, maxBytes)));
    inflater.on('end', () => {
      ended = true;
      finish();
    });
    inflater.end(z);
  });
}
