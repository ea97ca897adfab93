import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveOpaqueId, OPAQUE_ID_LENGTH } from '../../src/input';
import { errorOf } from './helpers';

const SECRET = '0123456789abcdef0123456789abcdef';

describe('deriveOpaqueId', () => {
  it('matches HMAC-SHA-256 truncated to 20 bytes in lower-case base32 (vectors computed with openssl)', () => {
    // printf '9001' | openssl dgst -sha256 -hmac "$SECRET" -binary | head -c 20 | base32 | tr A-Z a-z
    expect(deriveOpaqueId(SECRET, '9001')).toBe('nwdblw6u7vj65eblpilzkc7x3fwj7wg3');
    expect(deriveOpaqueId('une phrase secrète assez longue', 'Noé-ü')).toBe('qskpfzikbonnlthkldsidbazejmzxr6j');
    expect(deriveOpaqueId(new TextEncoder().encode(SECRET), '9001')).toBe('nwdblw6u7vj65eblpilzkc7x3fwj7wg3');
  });

  it('is stable, fixed-length, opaque and distinct per id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        const x = deriveOpaqueId(SECRET, a);
        expect(x).toMatch(/^[a-z2-7]{32}$/);
        expect(x).toHaveLength(OPAQUE_ID_LENGTH);
        expect(deriveOpaqueId(SECRET, a)).toBe(x);
        if (a !== b) expect(deriveOpaqueId(SECRET, b)).not.toBe(x);
      }),
    );
    expect(deriveOpaqueId(`${SECRET}!`, '9001')).not.toBe(deriveOpaqueId(SECRET, '9001'));
  });

  it('refuses a short or missing secret and an empty id', async () => {
    expect((await errorOf(() => deriveOpaqueId('short', '9001'))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => deriveOpaqueId('', '9001'))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => deriveOpaqueId(new Uint8Array(15), '9001'))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => deriveOpaqueId(undefined as never, '9001'))).code).toBe('ERR_ARGUMENT');
    expect((await errorOf(() => deriveOpaqueId(SECRET, ''))).code).toBe('ERR_ARGUMENT');
    expect(deriveOpaqueId(new Uint8Array(16), 'x')).toHaveLength(32);
  });
});
