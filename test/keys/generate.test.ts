import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importPrivateKey, importPublicKey } from '../../src/index';
import { expectCode, run, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('generateKeyPair', () => {
  const { publicKey, privateKey } = generateKeyPair();

  it('makes a 2048-bit pair by default whose halves match', () => {
    expect(publicKey.bits).toBe(2048);
    expect(privateKey.bits).toBe(2048);
    expect(privateKey.publicKey).toBe(publicKey);
    expect(privateKey.fingerprint).toBe(publicKey.fingerprint);
    expect(publicKey.toJwk().e).toBe('AQAB');
    expect(generateKeyPair().publicKey.fingerprint).not.toBe(publicKey.fingerprint);
  });

  it('exports PEM and SSH2 forms that OpenSSL and ssh-keygen read', () => {
    const priv = tmp.file('gen.key', privateKey.toPem({ passphrase: 'pw-test' }));
    const derived = run('openssl', ['pkey', '-in', priv, '-passin', 'pass:pw-test', '-pubout']).toString();
    expect(derived).toBe(publicKey.toPem());
    const ssh2 = tmp.file('gen.ssh2', publicKey.toSsh2('generated for a test'));
    const line = run('ssh-keygen', ['-i', '-m', 'RFC4716', '-f', ssh2]).toString().trim();
    expect(line).toBe(publicKey.toOpenSsh().trim());
    const pub = tmp.file('gen.pub', publicKey.toOpenSsh('x'));
    expect(run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub]).toString().split(' ')[1]).toBe(publicKey.fingerprint);
    // And the library reads its own exports back.
    expect(importPublicKey(publicKey.toSsh2()).fingerprint).toBe(publicKey.fingerprint);
    expect(importPrivateKey(privateKey.toPem()).fingerprint).toBe(publicKey.fingerprint);
    expect(importPrivateKey(privateKey.toJwk()).fingerprint).toBe(publicKey.fingerprint);
  });

  it('makes 3072-bit pairs on request and refuses other sizes', () => {
    expect(generateKeyPair({ bits: 3072 }).privateKey.bits).toBe(3072);
    expectCode(() => generateKeyPair({ bits: 1024 as never }), 'ERR_ARGUMENT');
    expectCode(() => generateKeyPair({ bits: 2047 as never }), 'ERR_ARGUMENT');
  });
});
