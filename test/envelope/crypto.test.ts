import { constants, createHash, publicEncrypt } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBase64Strict, encodeBase64 } from '../../src/envelope/base64';
import {
  DECRYPT_MESSAGE,
  decryptContent,
  decryptKeyBlock,
  encryptContent,
  encryptKeyBlock,
  INTEGRITY_MESSAGE,
  makeKeyBlock,
  randomSource,
  rsaRawDecrypt,
  sha256,
} from '../../src/envelope/crypto';
import { keyObjectOf } from '../../src/keys/rsa-key';
import { expectCode, keyPath, run, tempDir } from '../keys/helpers';
import { detRandom, PRIV, PRIV_B, PUB } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('key block', () => {
  it('is key ‖ iv ‖ MD5(key ‖ iv)', () => {
    const key = Buffer.alloc(16, 0xaa);
    const iv = Buffer.alloc(16, 0x55);
    const block = makeKeyBlock(key, iv);
    expect(block.length).toBe(48);
    expect(block.subarray(32).equals(createHash('md5').update(Buffer.concat([key, iv])).digest())).toBe(true);
  });

  it('deterministic RSA padding is EME-PKCS1-v1_5 with nonzero PS, zero draws replaced', () => {
    const block = makeKeyBlock(Buffer.alloc(16, 1), Buffer.alloc(16, 2));
    // A source that returns many zeros: every zero byte must be redrawn.
    let calls = 0;
    const zeroish = randomSource((n) => {
      calls++;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = calls === 1 ? (i % 3 === 0 ? 0 : 7) : 9;
      return out;
    });
    const c = encryptKeyBlock(PUB, block, zeroish);
    expect(calls).toBe(2);
    const raw = run('openssl', ['pkeyutl', '-decrypt', '-inkey', keyPath('rsa2048.pkcs8.pem'), '-pkeyopt', 'rsa_padding_mode:none', '-in', tmp.file('c.bin', c)]);
    expect(raw.length).toBe(256);
    expect(raw[0]).toBe(0);
    expect(raw[1]).toBe(2);
    const ps = raw.subarray(2, 256 - 49);
    expect(ps.every((b) => b !== 0)).toBe(true);
    expect(ps.filter((b) => b === 9).length).toBe(Math.ceil(ps.length / 3));
    expect(raw[256 - 49]).toBe(0);
    expect(raw.subarray(256 - 48).equals(block)).toBe(true);
    // Same source, same ciphertext.
    expect(encryptKeyBlock(PUB, block, randomSource(detRandom('s'))).equals(encryptKeyBlock(PUB, block, randomSource(detRandom('s'))))).toBe(true);
  });

  it('the native and node-forge RSA backends agree, and fail the same way', () => {
    for (let i = 0; i < 5; i++) {
      const block = makeKeyBlock(Buffer.alloc(16, i), Buffer.alloc(16, 100 + i));
      const c = publicEncrypt({ key: keyObjectOf(PUB), padding: constants.RSA_PKCS1_PADDING }, block);
      expect(rsaRawDecrypt(PRIV, c, 'native').equals(rsaRawDecrypt(PRIV, c, 'forge'))).toBe(true);
      for (const backend of ['native', 'forge', 'auto'] as const) {
        const { key, iv } = decryptKeyBlock(PRIV, c, backend);
        expect(Buffer.concat([key, iv]).equals(block.subarray(0, 32))).toBe(true);
        expect(expectCode(() => decryptKeyBlock(PRIV_B, c, backend), 'ERR_DECRYPT').message).toBe(DECRYPT_MESSAGE);
      }
    }
    expect(expectCode(() => decryptKeyBlock(PRIV, Buffer.alloc(256, 0xff), 'forge'), 'ERR_DECRYPT').message).toBe(DECRYPT_MESSAGE);
  });
});

describe('content encryption', () => {
  const key = Buffer.alloc(16, 3);
  const iv = Buffer.alloc(16, 4);

  it('round-trips every padding length (0–40 bytes) and matches OpenSSL', () => {
    for (let n = 0; n <= 40; n++) {
      const data = Buffer.alloc(n, n);
      const c = encryptContent(key, iv, data);
      expect(c.length).toBe((Math.floor(n / 16) + 1) * 16);
      expect(decryptContent(key, iv, c, sha256(data)).equals(data)).toBe(true);
      const viaOpenssl = run('openssl', ['enc', '-aes-128-cbc', '-K', key.toString('hex'), '-iv', iv.toString('hex'), '-in', tmp.file('d.bin', data)]);
      expect(c.equals(viaOpenssl)).toBe(true);
    }
  });

  it('every single-bit flip of a ciphertext fails with the one ERR_INTEGRITY (property)', () => {
    const data = Buffer.from('a small plaintext of a few blocks, to flip bits in');
    const c = encryptContent(key, iv, data);
    const digest = sha256(data);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: c.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        const altered = Buffer.from(c);
        altered[at] = (altered[at] as number) ^ (1 << bit);
        expect(expectCode(() => decryptContent(key, iv, altered, digest), 'ERR_INTEGRITY').message).toBe(INTEGRITY_MESSAGE);
      }),
      { numRuns: 300 },
    );
  });
});

describe('strict base64', () => {
  it('decodes what Node encodes (property), with any XML white space inserted', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\r\n', '\t'))), (bytes, spaces) => {
        let text = encodeBase64(bytes);
        for (const [at, ws] of spaces) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ws + text.slice(i);
        }
        expect(decodeBase64Strict(text, '/x').equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('refuses every non-canonical or damaged form (property: one character replaced)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.nat(), fc.integer({ min: 0, max: 127 }), (bytes, at, code) => {
        const text = encodeBase64(bytes);
        const i = at % text.length;
        const ch = String.fromCharCode(code);
        if (ch === text[i]) return;
        const mutated = text.slice(0, i) + ch + text.slice(i + 1);
        let decoded: Buffer | undefined;
        try {
          decoded = decodeBase64Strict(mutated, '/x');
        } catch (e) {
          expect((e as { code: string }).code).toBe('ERR_BASE64');
          return;
        }
        // Accepted only if it is canonical base64 of different bytes (a valid alphabet change).
        expect(encodeBase64(decoded)).toBe(mutated);
        expect(decoded.equals(Buffer.from(bytes))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
