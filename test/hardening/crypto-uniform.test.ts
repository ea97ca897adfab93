/**
 * Crypto failures never produce output, and tell the user what to check without exposing
 * internals; RSA padding failures cannot be told from a wrong key by the caller.
 *
 * Builds on test/envelope (single-byte alterations, the uniform messages): here the whole error
 * *shape* (class, code, message, reason, own properties, location, problems, cause, JSON view) is
 * compared across many random wrong keys, random and crafted key blocks (every way PKCS#1 v1.5
 * and the MD5 can fail), both RSA backends and every opener; and random truncations,
 * alterations and mix-and-match of Cle/Contenu/Verification are refused in both envelopes.
 */

import { constants, createHash, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EntPronoteError, openExportIndexEducation, sealExportIndexEducation, openImportChiffre, sealImportChiffre, openEnvelope, openEnvelopeAsync, openIdentifiantsPronote, importPrivateKey, type PrivateKey } from '../../src/index';
import { decryptKeyBlock, DECRYPT_MESSAGE, INTEGRITY_MESSAGE } from '../../src/envelope/crypto';
import { keyText } from '../keys/helpers';
import { getText, PRIV, PUB, replaceText } from '../envelope/helpers';
import { asLibraryError, runs } from './helpers';

const DATE = '2026-09-01T08:00:00+02:00';
const PLAIN = '<a>ZORGLUB Ébénézer 2011-02-17</a>';
const ic = sealImportChiffre(PLAIN, PUB, { partenaire: 'ENT', uai: '0410017W', date: DATE });
const ex = sealExportIndexEducation(PLAIN, [{ nom: 'ENT', publicKey: PUB }], { date: DATE });
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const pubObject = createPublicKey(keyText('rsa2048.spki.pem'));

/** Everything about an error a caller can observe, except the stack trace's line numbers. */
function shape(e: unknown): Record<string, unknown> {
  const err = asLibraryError(e, 'shape');
  return {
    class: Object.getPrototypeOf(err) === EntPronoteError.prototype,
    name: err.name,
    code: err.code,
    message: err.message,
    reason: err.reason,
    own: Object.getOwnPropertyNames(err).sort(),
    path: err.path,
    line: err.line,
    column: err.column,
    file: err.file,
    record: err.record,
    problems: err.problems,
    cause: err.cause,
    json: err.toJSON(),
    stackHead: err.stack?.split('\n')[0],
  };
}

function failShape(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    return shape(e);
  }
  throw new Error('opened: a failure was expected');
}

async function failShapeAsync(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return shape(e);
  }
  throw new Error('opened: a failure was expected');
}

/** RSA without padding with the right public key: any 256-byte encoded message, valid or not. */
function rawEncrypt(em: Buffer): Buffer {
  return publicEncrypt({ key: pubObject, padding: constants.RSA_NO_PADDING }, em);
}

/** An EME-PKCS1-v1_5 encoding `00 02 PS 00 M` for a 2048-bit key, with knobs to break it. */
function encoded(m: Buffer, opts: { first?: number; second?: number; separatorAt?: number; zeroInPs?: number } = {}): Buffer {
  const k = 256;
  const em = Buffer.alloc(k);
  em[0] = opts.first ?? 0;
  em[1] = opts.second ?? 2;
  const sep = opts.separatorAt ?? k - m.length - 1;
  for (let i = 2; i < sep; i++) em[i] = 1 + (randomBytes(1)[0] as number) % 255;
  if (opts.zeroInPs !== undefined) em[opts.zeroInPs] = 0;
  em[sep] = 0;
  m.copy(em, sep + 1, 0, Math.min(m.length, k - sep - 1));
  return em;
}

const KEY = Buffer.alloc(16, 0x11);
const IV = Buffer.alloc(16, 0x22);
const MD5 = createHash('md5').update(Buffer.concat([KEY, IV])).digest();
const GOOD_BLOCK = Buffer.concat([KEY, IV, MD5]);

/** Every way the RSA step can fail with the right key, as Cle values (256 bytes each). */
function craftedKeyBlocks(): Array<[string, Buffer]> {
  const badMd5 = Buffer.from(GOOD_BLOCK);
  badMd5[40] = (badMd5[40] as number) ^ 1;
  return [
    ['first byte 01', rawEncrypt(encoded(GOOD_BLOCK, { first: 1 }))],
    ['block type 01 (signature padding)', rawEncrypt(encoded(GOOD_BLOCK, { second: 1 }))],
    ['block type 00', rawEncrypt(encoded(GOOD_BLOCK, { second: 0 }))],
    ['block type 03', rawEncrypt(encoded(GOOD_BLOCK, { second: 3 }))],
    ['no zero separator', rawEncrypt(Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(254, 0x5a)]))],
    ['separator too early (padding string < 8 bytes)', rawEncrypt(encoded(Buffer.concat([Buffer.alloc(200, 1), GOOD_BLOCK]), { separatorAt: 7 }))],
    ['a zero inside the padding string (message of 49 bytes)', rawEncrypt(encoded(GOOD_BLOCK, { zeroInPs: 256 - 48 - 2 }))],
    ['message of 47 bytes', rawEncrypt(encoded(GOOD_BLOCK.subarray(0, 47)))],
    ['message of 49 bytes', rawEncrypt(encoded(Buffer.concat([GOOD_BLOCK, Buffer.from([7])])))],
    ['message of 32 bytes (no MD5)', rawEncrypt(encoded(GOOD_BLOCK.subarray(0, 32)))],
    ['well padded, MD5 wrong', rawEncrypt(encoded(badMd5))],
    ['well padded, key and IV swapped', rawEncrypt(encoded(Buffer.concat([IV, KEY, MD5])))],
    ['all zeros', Buffer.alloc(256)],
    ['all ones (greater than the modulus)', Buffer.alloc(256, 0xff)],
    ['the modulus itself', Buffer.from(PUB.toJwk().n as string, 'base64url')],
  ];
}

describe('RSA padding failures look exactly like a wrong key', () => {
  let wrongKeys: PrivateKey[];
  let reference: Record<string, unknown>;

  beforeAll(() => {
    // Random wrong keys of the right size (2048 bits), generated here.
    wrongKeys = Array.from({ length: 4 }, () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return importPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    });
    wrongKeys.push(importPrivateKey(keyText('rsa2048b.pkcs8.pem')));
    reference = failShape(() => openImportChiffre(ic, wrongKeys[0] as PrivateKey));
  }, 60_000);

  it('the reference failure: ERR_DECRYPT, the uniform message, no location, no cause', () => {
    expect(reference.code).toBe('ERR_DECRYPT');
    expect(reference.message).toBe(DECRYPT_MESSAGE);
    expect(reference.cause).toBeUndefined();
    expect(reference.path).toBeUndefined();
    expect(reference.problems).toEqual([]);
    // It tells the user what to check.
    expect(DECRYPT_MESSAGE).toMatch(/wrong key/);
    expect(DECRYPT_MESSAGE).toMatch(/Cle altered/);
  });

  it('every random wrong key gives the same shape, in every opener', async () => {
    for (const key of wrongKeys) {
      expect(failShape(() => openImportChiffre(ic, key))).toEqual(reference);
      expect(failShape(() => openEnvelope(ic, key))).toEqual(reference);
      expect(failShape(() => openExportIndexEducation(ex, key))).toEqual(reference);
      expect(failShape(() => openEnvelope(ex, key, { partner: 'ENT' }))).toEqual(reference);
      expect(await failShapeAsync(() => openIdentifiantsPronote(ex, key))).toEqual(reference);
      expect(await failShapeAsync(() => openEnvelopeAsync(ic, key))).toEqual(reference);
    }
  });

  it.each(craftedKeyBlocks())('%s: the same shape as a wrong key, with both RSA backends', (_name, cle) => {
    expect(cle.length).toBe(256);
    const altered = replaceText(ic, 'Cle', b64(cle));
    expect(failShape(() => openImportChiffre(altered, PRIV))).toEqual(reference);
    expect(failShape(() => openEnvelope(replaceText(ex, 'PARTENAIRE', b64(cle)), PRIV))).toEqual(reference);
    for (const backend of ['native', 'forge'] as const) {
      expect(failShape(() => decryptKeyBlock(PRIV, cle, backend))).toEqual(reference);
    }
  });

  it('the control: the same crafting with a valid block opens', () => {
    const cle = rawEncrypt(encoded(GOOD_BLOCK));
    expect(decryptKeyBlock(PRIV, cle, 'native').key.equals(KEY)).toBe(true);
    expect(decryptKeyBlock(PRIV, cle, 'forge').iv.equals(IV)).toBe(true);
  });

  it('random 256-byte key blocks (property): always the same shape, never content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (bytes) => {
        expect(failShape(() => openImportChiffre(replaceText(ic, 'Cle', b64(bytes)), PRIV))).toEqual(reference);
      }),
      { numRuns: runs(150, 0.02) },
    );
  });

  it('the real Cle with random bits flipped (property): always the same shape', () => {
    const cle = Buffer.from(getText(ic, 'Cle'), 'base64');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2047 }), { minLength: 1, maxLength: 8 }), (bits) => {
        const c = Buffer.from(cle);
        for (const b of bits) c[b >> 3] = (c[b >> 3] as number) ^ (1 << (b & 7));
        expect(failShape(() => openImportChiffre(replaceText(ic, 'Cle', b64(c)), PRIV))).toEqual(reference);
      }),
      { numRuns: runs(150, 0.02) },
    );
  });
});

describe('altered, truncated or mixed Cle / Contenu / Verification never produce output', () => {
  // Another envelope for the same key, of another content (the same content gives the same digest).
  const other = sealImportChiffre('<b>other</b>', PUB, { partenaire: 'ENT', uai: '0410017W', date: DATE });
  const otherEx = sealExportIndexEducation('<b>other</b>', [{ nom: 'ENT', publicKey: PUB }], { date: DATE });
  const SUBJECTS = [
    { name: 'ImportChiffre', env: ic, other, fields: { key: 'Cle', content: 'Contenu', digest: 'Verification' } },
    { name: 'EXPORT_INDEX_EDUCATION', env: ex, other: otherEx, fields: { key: 'PARTENAIRE', content: 'CONTENU', digest: 'VERIFICATION' } },
  ] as const;
  const EXPECTED = {
    key: ['ERR_KEY_BLOCK', 'ERR_DECRYPT'],
    content: ['ERR_INTEGRITY'],
    digest: ['ERR_INTEGRITY'],
  } as const;

  it.each(SUBJECTS)('$name: the mix of two envelopes sealed with the same key is refused', (s) => {
    const f = s.fields;
    const swap = (field: string) => replaceText(s.env, field, getText(s.other, field));
    for (const field of [f.content, f.digest]) {
      const e = failShape(() => openEnvelope(swap(field), PRIV));
      expect([e.code, e.message]).toEqual(['ERR_INTEGRITY', INTEGRITY_MESSAGE]);
    }
    // Cle of the other envelope: decrypts (same key), but the content does not verify.
    expect(failShape(() => openEnvelope(swap(f.key), PRIV)).code).toBe('ERR_INTEGRITY');
  });

  it.each(SUBJECTS)('$name: random truncations and bit flips of each field (property)', (s) => {
    const fields = Object.entries(s.fields) as Array<[keyof typeof EXPECTED, string]>;
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.oneof(
          fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
          fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }), mask: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
        ),
        ([role, field], change) => {
          const bytes = Buffer.from(getText(s.env, field), 'base64');
          let altered: Buffer;
          if (change.kind === 'truncate') altered = bytes.subarray(0, Math.floor(change.keep * bytes.length));
          else if (change.kind === 'extend') altered = Buffer.concat([bytes, change.extra]);
          else {
            altered = Buffer.from(bytes);
            const at = Math.floor(change.at * bytes.length);
            altered[at] = (altered[at] as number) ^ change.mask;
          }
          let opened: unknown;
          try {
            opened = openEnvelope(replaceText(s.env, field, b64(altered)), PRIV);
          } catch (e) {
            const err = asLibraryError(e, `${s.name} ${field} ${change.kind}`);
            expect(EXPECTED[role] as readonly string[], err.message).toContain(err.code);
            if (err.code === 'ERR_DECRYPT') expect(err.message).toBe(DECRYPT_MESSAGE);
            if (err.code === 'ERR_INTEGRITY') expect(err.message).toMatch(/Contenu|Verification|CONTENU|VERIFICATION/);
            expect(err.message).not.toContain('ZORGLUB');
            return;
          }
          throw new Error(`${s.name}: ${field} ${JSON.stringify(change)} was opened: ${String(opened)}`);
        },
      ),
      { numRuns: runs(300, 0.05) },
    );
  });

  it('messages tell what to check, and expose no internals', () => {
    const msgs = [
      failShape(() => openImportChiffre(replaceText(ic, 'Cle', b64(Buffer.alloc(100))), PRIV)),
      failShape(() => openImportChiffre(replaceText(ic, 'Contenu', b64(Buffer.alloc(48))), PRIV)),
      failShape(() => openImportChiffre(replaceText(ic, 'Contenu', b64(Buffer.alloc(47))), PRIV)),
      failShape(() => openImportChiffre(replaceText(ic, 'Verification', b64(Buffer.alloc(31))), PRIV)),
      failShape(() => openImportChiffre(ic, keyText('rsa3072.pkcs8.pem'))),
    ];
    expect(msgs.map((m) => m.code)).toEqual(['ERR_KEY_BLOCK', 'ERR_INTEGRITY', 'ERR_INTEGRITY', 'ERR_INTEGRITY', 'ERR_KEY_BLOCK']);
    for (const m of msgs) {
      const text = `${String(m.message)} ${JSON.stringify(m.json)}`;
      expect(text).toMatch(/altered|truncated|key/);
      expect(text).not.toMatch(/openssl|OSSL|error:[0-9a-f]{8}|forge|BigInteger|at [A-Za-z]+ \(|\.ts:|\.js:/i);
      expect(m.cause).toBeUndefined();
    }
  });
});
