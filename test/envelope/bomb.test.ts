/**
 * Compression bombs: decompression is bounded by limits.maxDecompressedBytes (default 512 MiB) and
 * fails with ERR_LIMIT instead of exhausting memory.
 */

import { constants, deflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openImportChiffre, createImportChiffreSealer, openEnvelopeAsync, openPartenaireIndex, DEFAULT_LIMITS } from '../../src/index';
import { expectCode, expectCodeAsync } from '../keys/helpers';
import { assembleImportChiffre, PRIV, PUB } from './helpers';

const MiB = 1024 * 1024;

/**
 * A zlib stream of `mebibytes` MiB of zeros, built in milliseconds: one raw deflate segment of
 * 1 MiB of zeros (sync-flushed, so segments concatenate), repeated, a final empty block, and the
 * Adler-32 of N zeros (a = 1, b = N mod 65521).
 */
function zerosBomb(mebibytes: number): Buffer {
  const segment = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_SYNC_FLUSH });
  const n = mebibytes * MiB;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0, 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...new Array<Buffer>(mebibytes).fill(segment), Buffer.from([0x03, 0x00]), adler]);
}

describe('compression bombs', () => {
  it('the bomb builder makes a valid zlib stream (checked on 3 MiB)', () => {
    const out = inflateSync(zerosBomb(3));
    expect(out.length).toBe(3 * MiB);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('1 GiB of zeros (about 1 MB sealed) is refused at the default maxDecompressedBytes (256 MiB)', () => {
    const z = zerosBomb(1024);
    expect(z.length).toBeLessThan(2 * MiB);
    const envelope = assembleImportChiffre({ z });
    const e = expectCode(() => openImportChiffre(envelope, PRIV), 'ERR_LIMIT');
    expect(e.message).toContain((DEFAULT_LIMITS.maxDecompressedBytes).toLocaleString('en-US'));
    expect(e.message).toMatch(/maxDecompressedBytes/);
  });

  it('the same, opened asynchronously', async () => {
    await expectCodeAsync(openEnvelopeAsync(assembleImportChiffre({ z: zerosBomb(1024) }), PRIV), 'ERR_LIMIT');
  });

  it('the same, opened by openPartenaireIndex (decompressed while parsed): ERR_LIMIT wins over the parse error', async () => {
    await expectCodeAsync(openPartenaireIndex(assembleImportChiffre({ z: zerosBomb(1024) }), PRIV), 'ERR_LIMIT');
    await expectCodeAsync(openPartenaireIndex(assembleImportChiffre({ z: zerosBomb(8) }), PRIV, { limits: { maxDecompressedBytes: 4 * MiB } }), 'ERR_LIMIT');
  });

  it('zeros sealed by the library (incremental sealer) are refused at a lower limit, and open at a sufficient one', async () => {
    const sealer = createImportChiffreSealer(PUB, { partenaire: 'BOMB', uai: '0410017W', compressionLevel: 1 });
    const zeros = Buffer.alloc(MiB);
    for (let i = 0; i < 64; i++) sealer.write(zeros);
    const envelope = await sealer.end();
    expect(envelope.length).toBeLessThan(2 * MiB);
    expectCode(() => openImportChiffre(envelope, PRIV, { limits: { maxDecompressedBytes: 16 * MiB } }), 'ERR_LIMIT');
    expectCode(() => openImportChiffre(envelope, PRIV, { limits: { maxDecompressedBytes: 64 * MiB - 1 } }), 'ERR_LIMIT');
    expect(openImportChiffre(envelope, PRIV, { limits: { maxDecompressedBytes: 64 * MiB } }).content.length).toBe(64 * MiB);
  });
});
