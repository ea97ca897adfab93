// decompressChunks: bounded, verified, chunked decompression feeding a consumer (used to
// decompress and parse in one pass when opening a PARTENAIRE_INDEX).
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompressChunks } from '../../src/envelope/compress';
import { EntPronoteError } from '../../src/index';

async function collect(z: Uint8Array, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  await decompressChunks(z, max, (c) => parts.push(Buffer.from(c)));
  return Buffer.concat(parts);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EntPronoteError);
    return (e as EntPronoteError).code;
  }
  throw new Error('expected an error');
}

describe('decompressChunks', () => {
  const data = Buffer.concat([randomBytes(300_000).toString('base64'), 'é'.repeat(2_000_000)].map((s) => Buffer.from(s)));
  const z = deflateSync(data);

  it('hands over the whole output, in order, in several chunks', async () => {
    let calls = 0;
    const parts: Buffer[] = [];
    await decompressChunks(z, 1e9, (c) => {
      calls++;
      parts.push(Buffer.from(c));
    });
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(calls).toBeGreaterThan(1);
  });

  it('empty content: no chunk, no error', async () => {
    expect((await collect(deflateSync(Buffer.alloc(0)), 100)).length).toBe(0);
  });

  it('refuses output beyond the limit with ERR_LIMIT (a compression bomb), without inflating it all', async () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    let seen = 0;
    const code = await codeOf(decompressChunks(bomb, 4 * 1024 * 1024, (c) => (seen += c.length)));
    expect(code).toBe('ERR_LIMIT');
    expect(seen).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('refuses a truncated stream, bytes after the stream and a corrupt stream with ERR_DECOMPRESS', async () => {
    expect(await codeOf(collect(z.subarray(0, z.length - 10), 1e9))).toBe('ERR_DECOMPRESS');
    expect(await codeOf(collect(Buffer.concat([z, Buffer.from('trailing')]), 1e9))).toBe('ERR_DECOMPRESS');
    const bad = Buffer.from(z);
    bad.writeUInt8((bad.readUInt8(bad.length - 2) ^ 0xff) & 0xff, bad.length - 2); // Adler-32
    expect(await codeOf(collect(bad, 1e9))).toBe('ERR_DECOMPRESS');
    expect(await codeOf(collect(Buffer.from('not zlib at all'), 1e9))).toBe('ERR_DECOMPRESS');
  });

  it("passes on the consumer's error, and stops calling it", async () => {
    let calls = 0;
    const failure = new EntPronoteError('ERR_XML', 'consumer failed');
    await expect(
      decompressChunks(z, 1e9, () => {
        calls++;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('a decompression error wins over the consumer error (the content is not what was compressed)', async () => {
    const code = await codeOf(
      decompressChunks(z.subarray(0, z.length - 10), 1e9, () => {
        throw new EntPronoteError('ERR_XML', 'truncated document');
      }),
    );
    expect(code).toBe('ERR_DECOMPRESS');
  });
});
