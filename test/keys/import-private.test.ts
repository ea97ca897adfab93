import { createPrivateKey } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { importPrivateKey, importPublicKey, isPrivateKey } from '../../src/index';
import { expectCode, keyBytes, keyText, PASSPHRASE, recordedFingerprint, run, tempDir } from './helpers';

const FP = recordedFingerprint('rsa2048');
const JWK = JSON.parse(keyText('rsa2048.private.jwk.json')) as Record<string, string>;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('importPrivateKey: every accepted form gives the same key', () => {
  const forms: Array<[string, () => string | Uint8Array | Record<string, unknown>, boolean]> = [
    ['PEM PKCS#8', () => keyText('rsa2048.pkcs8.pem'), false],
    ['PEM PKCS#1', () => keyText('rsa2048.pkcs1.pem'), false],
    ['DER PKCS#8', () => keyBytes('rsa2048.pkcs8.der'), false],
    ['DER PKCS#1', () => keyBytes('rsa2048.pkcs1.der'), false],
    ['encrypted PEM PKCS#8 (openssl pkcs8 -topk8 -v2 aes-256-cbc)', () => keyText('rsa2048.pkcs8-encrypted.pem'), true],
    ['encrypted DER PKCS#8', () => keyBytes('rsa2048.pkcs8-encrypted.der'), true],
    ['legacy encrypted PEM PKCS#1 (Proc-Type, DEK-Info)', () => keyText('rsa2048.pkcs1-encrypted.pem'), true],
    ['JWK JSON text', () => keyText('rsa2048.private.jwk.json'), false],
    ['JWK object', () => JWK, false],
    ['PEM given as bytes', () => keyBytes('rsa2048.pkcs8.pem'), false],
  ];
  for (const [label, input, encrypted] of forms) {
    it(label, () => {
      const key = importPrivateKey(input(), encrypted ? { passphrase: PASSPHRASE } : {});
      expect(key.type).toBe('private');
      expect(key.bits).toBe(2048);
      expect(key.fingerprint).toBe(FP);
      expect(key.publicKey.fingerprint).toBe(FP);
      expect(key.toJwk()).toEqual(JWK);
      expect(isPrivateKey(key)).toBe(true);
      if (encrypted) {
        expect(importPrivateKey(input(), { passphrase: new TextEncoder().encode(PASSPHRASE) }).fingerprint).toBe(FP);
      }
    });
  }

  it('accepts a key object of another copy of the library (duck-typed, through its PEM)', () => {
    expect(importPrivateKey({ type: 'private', toPem: () => keyText('rsa2048.pkcs8.pem') }).fingerprint).toBe(FP);
    expectCode(() => importPrivateKey({ type: 'public', toPem: () => keyText('rsa2048.spki.pem') }), 'ERR_KEY_FORMAT');
  });

  it('returns a PrivateKey given one; a passphrase given for a clear key is ignored', () => {
    const key = importPrivateKey(keyText('rsa2048.pkcs8.pem'), { passphrase: 'unused' });
    expect(importPrivateKey(key as never)).toBe(key);
  });
});

describe('importPrivateKey: refusals', () => {
  it('an encrypted key without passphrase, or with a wrong one: ERR_KEY_PASSPHRASE', () => {
    for (const [file, bytes] of [
      ['rsa2048.pkcs8-encrypted.pem', false],
      ['rsa2048.pkcs8-encrypted.der', true],
      ['rsa2048.pkcs1-encrypted.pem', false],
    ] as const) {
      const input = bytes ? keyBytes(file) : keyText(file);
      expect(expectCode(() => importPrivateKey(input), 'ERR_KEY_PASSPHRASE').message).toMatch(/give its passphrase/);
      const wrong = expectCode(() => importPrivateKey(input, { passphrase: 'wrong' }), 'ERR_KEY_PASSPHRASE');
      expect(wrong.message).toMatch(/wrong passphrase/);
      expect(wrong.message).not.toContain('wrong"');
    }
  });

  it('non-RSA and RSA-PSS keys: ERR_KEY_UNSUPPORTED', () => {
    for (const file of ['ec-p256.pkcs8.pem', 'ed25519.pkcs8.pem', 'rsa-pss.pkcs8.pem']) {
      expectCode(() => importPrivateKey(keyText(file)), 'ERR_KEY_UNSUPPORTED');
    }
    expectCode(() => importPrivateKey('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n'), 'ERR_KEY_UNSUPPORTED');
  });

  it('1024-bit keys only with allowLegacy1024, with a warning', () => {
    expectCode(() => importPrivateKey(keyText('rsa1024.pkcs8.pem')), 'ERR_KEY_UNSUPPORTED');
    const warnings: string[] = [];
    const key = importPrivateKey(keyText('rsa1024.pkcs8.pem'), { allowLegacy1024: true, onWarning: (m) => warnings.push(m) });
    expect(key.bits).toBe(1024);
    expect(key.fingerprint).toBe(recordedFingerprint('rsa1024'));
    expect(warnings).toHaveLength(1);
  });

  it('OpenSSH and PuTTY private key files: ERR_KEY_FORMAT with the conversion to do', () => {
    expect(expectCode(() => importPrivateKey(keyText('rsa2048.openssh-private.key')), 'ERR_KEY_FORMAT').message).toMatch(/ssh-keygen -p -m PKCS8/);
    expect(expectCode(() => importPrivateKey('PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n'), 'ERR_KEY_FORMAT').message).toMatch(/PuTTYgen/);
  });

  it('public keys: ERR_KEY_FORMAT', () => {
    for (const file of ['rsa2048.spki.pem', 'rsa2048.pkcs1-public.pem', 'rsa2048.cert.pem', 'rsa2048.ssh2.pub', 'rsa2048.openssh.pub', 'rsa2048.public.jwk.json']) {
      expect(expectCode(() => importPrivateKey(keyText(file)), 'ERR_KEY_FORMAT').message).toMatch(/public key/);
    }
    expectCode(() => importPrivateKey(keyBytes('rsa2048.spki.der')), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey(keyBytes('rsa2048.cert.der')), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey(importPublicKey(keyText('rsa2048.spki.pem')) as never), 'ERR_KEY_FORMAT');
  });

  it('malformed inputs: ERR_KEY_FORMAT; wrong argument types: ERR_ARGUMENT', () => {
    const pem = keyText('rsa2048.pkcs8.pem');
    expectCode(() => importPrivateKey(''), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey('not a key'), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey(pem.replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA')), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey(pem.slice(0, 300)), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey(keyBytes('rsa2048.pkcs8.der').subarray(0, 600)), 'ERR_KEY_FORMAT');
    const { d: _d, ...noD } = JWK;
    expectCode(() => importPrivateKey(noD), 'ERR_KEY_FORMAT');
    const { qi: _qi, ...noQi } = JWK;
    expectCode(() => importPrivateKey(noQi), 'ERR_KEY_FORMAT');
    expectCode(() => importPrivateKey(42 as never), 'ERR_ARGUMENT');
    expectCode(() => importPrivateKey(pem, { passphrase: 42 as never }), 'ERR_ARGUMENT');
  });

  it('error messages never quote key material', () => {
    const pem = keyText('rsa2048.pkcs8.pem');
    const body = pem.split('\n')[5] as string;
    const inputs = [pem.replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA'), JSON.stringify({ ...JWK, p: '!!' }), keyText('rsa2048.openssh-private.key')];
    for (const input of inputs) {
      try {
        importPrivateKey(input);
      } catch (e) {
        const text = `${(e as Error).message} ${JSON.stringify(e)}`;
        expect(text).not.toContain(body.slice(10, 40));
        expect(text).not.toContain((JWK.d as string).slice(0, 20));
      }
    }
  });
});

describe('importPrivateKey: inconsistent key components are refused at import', () => {
  /** The key with one byte of a JWK member flipped, written back by Node (no consistency check there). */
  function altered(member: 'n' | 'd' | 'p' | 'dp' | 'dq' | 'qi', index = 100): Record<string, string> {
    const bytes = Buffer.from(JWK[member] as string, 'base64url');
    bytes[index] = (bytes[index] as number) ^ 0x01;
    return { ...JWK, [member]: bytes.toString('base64url') };
  }
  const inconsistent = /RSA private key is inconsistent/;

  it('a PEM PKCS#1 key with one modulus byte flipped: ERR_KEY_FORMAT', () => {
    const jwk = createPrivateKey(keyText('rsa2048.pkcs1.pem')).export({ format: 'jwk' });
    const n = Buffer.from(jwk.n as string, 'base64url');
    n[100] = (n[100] as number) ^ 0x01;
    const pem = createPrivateKey({ key: { ...jwk, n: n.toString('base64url') }, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(pem).not.toBe(keyText('rsa2048.pkcs1.pem'));
    const e = expectCode(() => importPrivateKey(pem), 'ERR_KEY_FORMAT');
    expect(e.message).toMatch(inconsistent);
    expect(e.message).not.toContain(n.toString('base64').slice(0, 16));
  });

  it('the valid key still imports (PEM PKCS#1 and JWK)', () => {
    expect(importPrivateKey(keyText('rsa2048.pkcs1.pem')).fingerprint).toBe(FP);
    expect(importPrivateKey(JWK).toJwk()).toEqual(JWK);
  });

  it('a JWK whose n, d, p or CRT members do not belong together: ERR_KEY_FORMAT', () => {
    for (const member of ['n', 'd', 'p', 'dp', 'dq', 'qi'] as const) {
      const e = expectCode(() => importPrivateKey(altered(member)), 'ERR_KEY_FORMAT');
      expect(e.message, member).toMatch(inconsistent);
    }
    // d of another key of the same size: e·d ≢ 1 modulo p−1.
    const other = JSON.parse(keyText('rsa2048.private.jwk.json').replace(/"d": *"[^"]+"/, () => `"d":"${createPrivateKey(keyText('rsa2048b.pkcs8.pem')).export({ format: 'jwk' }).d as string}"`)) as Record<string, string>;
    expect(other.d).not.toBe(JWK.d);
    expect(expectCode(() => importPrivateKey(other), 'ERR_KEY_FORMAT').message).toMatch(inconsistent);
  });

  it('a multi-prime key (openssl, 3 primes): ERR_KEY_UNSUPPORTED', () => {
    const pem = run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_primes:3']).toString();
    expect(expectCode(() => importPrivateKey(pem), 'ERR_KEY_UNSUPPORTED').message).toMatch(/multi-prime/);
  });
});

describe('PrivateKey exports', () => {
  const key = importPrivateKey(keyText('rsa2048.pkcs1.pem'));

  it('toPem() is the clear PKCS#8 PEM openssl writes', () => {
    expect(key.toPem()).toBe(keyText('rsa2048.pkcs8.pem'));
  });

  it('toPem({ passphrase }) is an encrypted PKCS#8 that openssl decrypts with the passphrase', () => {
    const pem = key.toPem({ passphrase: PASSPHRASE });
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const file = tmp.file('enc.pem', pem);
    expect(run('openssl', ['pkey', '-in', file, '-passin', `pass:${PASSPHRASE}`]).toString()).toBe(keyText('rsa2048.pkcs8.pem'));
    expect(() => run('openssl', ['pkey', '-in', file, '-passin', 'pass:wrong'])).toThrow();
    expect(importPrivateKey(pem, { passphrase: PASSPHRASE }).fingerprint).toBe(FP);
    expectCode(() => key.toPem({ passphrase: '' }), 'ERR_ARGUMENT');
  });

  it('shows and serialises no key material', () => {
    const shown = `${JSON.stringify(key)} ${inspect(key, { depth: 10, showHidden: true })}`;
    expect(shown).toContain(FP);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'n'] as const) {
      expect(shown).not.toContain((JWK[member] as string).slice(0, 16));
    }
    expect(JSON.parse(JSON.stringify(key))).toEqual({ type: 'private', bits: 2048, fingerprint: FP, publicKey: { type: 'public', bits: 2048, fingerprint: FP } });
  });
});
