/**
 * Every way an envelope's crypto fields can be damaged, and the coded error each gives; the
 * uniformity of ERR_DECRYPT and ERR_INTEGRITY.
 */

import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openImportChiffre, sealImportChiffre } from '../../src/index';
import { DECRYPT_MESSAGE, INTEGRITY_MESSAGE } from '../../src/envelope/crypto';
import { expectCode, keyText } from '../keys/helpers';
import { assembleImportChiffre, DATE, getText, PRIV, PRIV_3072, PRIV_B, PUB, replaceText, SAMPLE_XML, zlibOf } from './helpers';

const envelope = sealImportChiffre(SAMPLE_XML, PUB, { partenaire: 'TESTENT', uai: '0410017W', date: DATE });
const cle = Buffer.from(getText(envelope, 'Cle'), 'base64');
const contenu = Buffer.from(getText(envelope, 'Contenu'), 'base64');
const verification = Buffer.from(getText(envelope, 'Verification'), 'base64');
const b64 = (b: Buffer) => b.toString('base64');
const flip = (b: Buffer, at: number, mask = 0x01) => {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ mask;
  return c;
};

describe('the key block (Cle)', () => {
  it('a different private key of the same size: ERR_DECRYPT with the uniform message', () => {
    expect(expectCode(() => openImportChiffre(envelope, PRIV_B), 'ERR_DECRYPT').message).toBe(DECRYPT_MESSAGE);
  });

  it('a private key of another size: ERR_KEY_BLOCK (visible without the key)', () => {
    const e = expectCode(() => openImportChiffre(envelope, PRIV_3072), 'ERR_KEY_BLOCK');
    expect(e.path).toBe('/ImportChiffre/Cle');
  });

  it('Cle truncated or extended: ERR_KEY_BLOCK', () => {
    for (const altered of [cle.subarray(0, 255), cle.subarray(0, 192), Buffer.concat([cle, Buffer.alloc(3)]), Buffer.alloc(0)]) {
      expectCode(() => openImportChiffre(replaceText(envelope, 'Cle', b64(altered)), PRIV), 'ERR_KEY_BLOCK');
    }
  });

  it('any altered bit of Cle: ERR_DECRYPT with the same message, whichever check failed', () => {
    for (const at of [0, 1, 2, 100, 200, 254, 255]) {
      for (const mask of [0x01, 0x80]) {
        const e = expectCode(() => openImportChiffre(replaceText(envelope, 'Cle', b64(flip(cle, at, mask))), PRIV), 'ERR_DECRYPT');
        expect(e.message).toBe(DECRYPT_MESSAGE);
        expect(e.path).toBeUndefined();
      }
    }
    // A ciphertext greater than the modulus.
    expect(expectCode(() => openImportChiffre(replaceText(envelope, 'Cle', b64(Buffer.alloc(256, 0xff))), PRIV), 'ERR_DECRYPT').message).toBe(DECRYPT_MESSAGE);
  });

  it('a well-padded key block whose MD5 is wrong, or of another length: the same ERR_DECRYPT', () => {
    const key = Buffer.alloc(16, 1);
    const iv = Buffer.alloc(16, 2);
    const z = zlibOf(SAMPLE_XML);
    const goodMd5 = createHash('md5').update(Buffer.concat([key, iv])).digest();
    const blocks = [
      Buffer.concat([key, iv, flip(goodMd5, 3)]), // MD5 wrong
      Buffer.concat([key, iv, goodMd5, Buffer.from([0])]), // 49 bytes
      Buffer.concat([key, iv]), // 32 bytes
      Buffer.concat([iv, key, goodMd5]), // swapped
    ];
    const messages = blocks.map((block) => expectCode(() => openImportChiffre(assembleImportChiffre({ z, key, iv, block }), PRIV), 'ERR_DECRYPT').message);
    expect(new Set(messages)).toEqual(new Set([DECRYPT_MESSAGE]));
    // The control: the right block opens.
    expect(openImportChiffre(assembleImportChiffre({ z, key, iv }), PRIV).text()).toBe(SAMPLE_XML);
  });
});

describe('the content (Contenu) and its digest (Verification)', () => {
  it('an altered byte anywhere in Contenu: ERR_INTEGRITY with the uniform message', () => {
    for (const at of [0, 15, 16, contenu.length - 17, contenu.length - 16, contenu.length - 1]) {
      expect(expectCode(() => openImportChiffre(replaceText(envelope, 'Contenu', b64(flip(contenu, at))), PRIV), 'ERR_INTEGRITY').message).toBe(INTEGRITY_MESSAGE);
    }
  });

  it('bad AES padding with a matching digest, and good padding with a wrong digest: the same error', () => {
    const key = Buffer.alloc(16, 3);
    const iv = Buffer.alloc(16, 4);
    const z = zlibOf(SAMPLE_XML);
    // Encrypt z followed by an invalid padding (last byte 0x11 > 16) without automatic padding.
    const padLen = 16 - (z.length % 16);
    const badPadded = Buffer.concat([z, Buffer.alloc(padLen - 1, 0), Buffer.from([0x11])]);
    const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    const ciphertext = Buffer.concat([c.update(badPadded), c.final()]);
    const badPadding = expectCode(() => openImportChiffre(assembleImportChiffre({ z, key, iv, ciphertext }), PRIV), 'ERR_INTEGRITY');
    const wrongDigest = expectCode(
      () => openImportChiffre(assembleImportChiffre({ z, key, iv, sha: createHash('sha256').update('other').digest() }), PRIV),
      'ERR_INTEGRITY',
    );
    expect(badPadding.message).toBe(INTEGRITY_MESSAGE);
    expect(wrongDigest.message).toBe(INTEGRITY_MESSAGE);
    // Padding bytes that disagree with each other (…, 2, 3) are refused too.
    const inconsistent = Buffer.concat([z, Buffer.alloc(padLen, padLen)]);
    inconsistent[inconsistent.length - 2] = padLen === 1 ? 1 : padLen + 1;
    const c2 = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    const ct2 = Buffer.concat([c2.update(inconsistent), c2.final()]);
    if (padLen > 1) expect(expectCode(() => openImportChiffre(assembleImportChiffre({ z, key, iv, ciphertext: ct2 }), PRIV), 'ERR_INTEGRITY').message).toBe(INTEGRITY_MESSAGE);
  });

  it('Contenu truncated by a block, or not whole blocks, or empty: ERR_INTEGRITY', () => {
    expect(expectCode(() => openImportChiffre(replaceText(envelope, 'Contenu', b64(contenu.subarray(0, contenu.length - 16))), PRIV), 'ERR_INTEGRITY').message).toBe(INTEGRITY_MESSAGE);
    expect(expectCode(() => openImportChiffre(replaceText(envelope, 'Contenu', b64(contenu.subarray(0, contenu.length - 3))), PRIV), 'ERR_INTEGRITY').message).toMatch(/whole number of 16-byte AES blocks/);
    expectCode(() => openImportChiffre(replaceText(envelope, 'Contenu', ''), PRIV), 'ERR_INTEGRITY');
  });

  it('Verification altered, truncated or empty: ERR_INTEGRITY', () => {
    expect(expectCode(() => openImportChiffre(replaceText(envelope, 'Verification', b64(flip(verification, 31))), PRIV), 'ERR_INTEGRITY').message).toBe(INTEGRITY_MESSAGE);
    expect(expectCode(() => openImportChiffre(replaceText(envelope, 'Verification', b64(verification.subarray(0, 30))), PRIV), 'ERR_INTEGRITY').message).toMatch(/32-byte/);
    expectCode(() => openImportChiffre(replaceText(envelope, 'Verification', ''), PRIV), 'ERR_INTEGRITY');
  });

  it('a digest of the plaintext instead of the compressed bytes (a classic sender bug): ERR_INTEGRITY', () => {
    const z = zlibOf(SAMPLE_XML);
    expectCode(() => openImportChiffre(assembleImportChiffre({ z, sha: createHash('sha256').update(SAMPLE_XML).digest() }), PRIV), 'ERR_INTEGRITY');
  });
});

describe('base64 (ERR_BASE64, with the element path)', () => {
  const cases: Array<[string, string, (s: string) => string]> = [
    ['Cle', 'a character outside the alphabet', (s) => `${s.slice(0, 10)}*${s.slice(11)}`],
    ['Cle', 'URL-safe alphabet', (s) => s.replace(/[+/]/, (c) => (c === '+' ? '-' : '_'))],
    ['Cle', 'missing padding', (s) => s.replace(/=+$/, '')],
    ['Contenu', 'a character removed', (s) => s.slice(1)],
    ['Verification', 'non-zero slack bits', (s) => s.replace(/.=$/, (m) => `${String.fromCharCode(m.charCodeAt(0) + 1)}=`)],
    ['Verification', 'data after the padding', (s) => `${s}AAAA`],
    ['Verification', 'an entity-encoded character', (s) => s.replace(/A|B|C|D|E|F|G/, '&#65;&#65;')],
  ];
  for (const [field, label, mutate] of cases) {
    it(`${field}: ${label}`, () => {
      const original = getText(envelope, field);
      const mutated = mutate(original);
      expect(mutated).not.toBe(original);
      const e = expectCode(() => openImportChiffre(replaceText(envelope, field, mutated), PRIV), 'ERR_BASE64');
      expect(e.path).toBe(`/ImportChiffre/${field}`);
    });
  }

  it('white space and line breaks anywhere are accepted', () => {
    const spaced = (s: string) => ` \n${s.replace(/(.{10})/g, '$1\n\t ')}\r\n `;
    let e = envelope;
    for (const f of ['Cle', 'Contenu', 'Verification']) e = replaceText(e, f, spaced(getText(envelope, f)));
    expect(openImportChiffre(e, PRIV).text()).toBe(SAMPLE_XML);
  });
});

describe('decompression of verified content', () => {
  const key = Buffer.alloc(16, 5);
  const iv = Buffer.alloc(16, 6);

  it('verified bytes that are not zlib: ERR_DECOMPRESS', () => {
    for (const z of [Buffer.from('not compressed at all'), zlibOf(SAMPLE_XML).subarray(0, 40), Buffer.concat([zlibOf(SAMPLE_XML), Buffer.from('trailing')])]) {
      expectCode(() => openImportChiffre(assembleImportChiffre({ z, key, iv }), PRIV), 'ERR_DECOMPRESS');
    }
    const z = zlibOf(SAMPLE_XML);
    const badAdler = Buffer.from(z);
    badAdler[badAdler.length - 1] = (badAdler[badAdler.length - 1] as number) ^ 1;
    expectCode(() => openImportChiffre(assembleImportChiffre({ z: badAdler, key, iv }), PRIV), 'ERR_DECOMPRESS');
    // Raw deflate (no RFC 1950 header) is a sender bug too.
    expectCode(() => openImportChiffre(assembleImportChiffre({ z: z.subarray(2, z.length - 4), key, iv }), PRIV), 'ERR_DECOMPRESS');
  });

  it('content exactly at the limit opens; one byte over fails with ERR_LIMIT', () => {
    const size = Buffer.byteLength(SAMPLE_XML);
    expect(openImportChiffre(envelope, PRIV, { limits: { maxDecompressedBytes: size } }).text()).toBe(SAMPLE_XML);
    const e = expectCode(() => openImportChiffre(envelope, PRIV, { limits: { maxDecompressedBytes: size - 1 } }), 'ERR_LIMIT');
    expect(e.message).toMatch(/maxDecompressedBytes/);
  });

  it('the order of the checks: key block length, then RSA/MD5, then padding/SHA-256, then zlib', () => {
    // Everything wrong at once: the key block length is reported.
    let e = replaceText(replaceText(envelope, 'Cle', b64(cle.subarray(0, 128))), 'Contenu', b64(flip(contenu, 0)));
    expectCode(() => openImportChiffre(e, PRIV), 'ERR_KEY_BLOCK');
    // Cle altered and Contenu altered: ERR_DECRYPT.
    e = replaceText(replaceText(envelope, 'Cle', b64(flip(cle, 9))), 'Contenu', b64(flip(contenu, 0)));
    expectCode(() => openImportChiffre(e, PRIV), 'ERR_DECRYPT');
    // Contenu altered and a tiny decompression limit: ERR_INTEGRITY.
    e = replaceText(envelope, 'Contenu', b64(flip(contenu, 0)));
    expectCode(() => openImportChiffre(e, PRIV, { limits: { maxDecompressedBytes: 1 } }), 'ERR_INTEGRITY');
  });
});

describe('no key material or content in errors', () => {
  it('error messages and JSON never quote the content, the keys or the fields', () => {
    const secret = 'SECRET-NAME-8c1f';
    const env = sealImportChiffre(`<a>${secret}</a>`, PUB, { partenaire: 'TESTENT', uai: '0410017W', date: DATE });
    const attempts = [
      () => openImportChiffre(env, PRIV_B),
      () => openImportChiffre(env, PRIV_3072),
      () => openImportChiffre(env, PRIV, { limits: { maxDecompressedBytes: 5 } }),
      () => openImportChiffre(replaceText(env, 'Contenu', `${getText(env, 'Contenu').slice(0, 20)}*`), PRIV),
      () => openImportChiffre(replaceText(env, 'Verification', b64(Buffer.alloc(32))), PRIV),
      () => openImportChiffre(env, keyText('rsa2048.pkcs8-encrypted.pem'), { passphrase: 'wrong' }),
    ];
    const forbidden = [secret, getText(env, 'Cle').slice(30, 60), getText(env, 'Contenu').slice(0, 20), keyText('rsa2048.pkcs8.pem').split('\n')[3]?.slice(0, 30) as string];
    for (const attempt of attempts) {
      let text = '';
      try {
        attempt();
      } catch (e) {
        text = `${(e as Error).message} ${JSON.stringify(e)} ${(e as Error).stack ?? ''}`;
      }
      expect(text).not.toBe('');
      for (const f of forbidden) expect(text).not.toContain(f);
    }
  });
});
