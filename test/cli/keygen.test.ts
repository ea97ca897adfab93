import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPrivateKey, importPublicKey } from '../../src/index';
import { expectError, modeOf, run, useCli } from './helpers';

const cli = useCli();

describe('ent-pronote keygen', () => {
  it('writes private.pem (PKCS#8, 0600), public.pem (SPKI) and public.ssh2.pub (RFC 4716), and prints the fingerprint', async () => {
    const out = join(cli.dir(), 'keys');
    const r = await run(['keygen', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const priv = readFileSync(join(out, 'private.pem'), 'utf8');
    const pub = readFileSync(join(out, 'public.pem'), 'utf8');
    const ssh2 = readFileSync(join(out, 'public.ssh2.pub'), 'utf8');
    expect(priv).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pub).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(ssh2).toMatch(/^---- BEGIN SSH2 PUBLIC KEY ----\n/);
    expect(modeOf(join(out, 'private.pem'))).toBe(0o600);
    expect(modeOf(join(out, 'public.pem'))).toBe(0o644);
    expect(modeOf(join(out, 'public.ssh2.pub'))).toBe(0o644);
    expect(modeOf(out)).toBe(0o700);
    const key = importPrivateKey(priv);
    expect(key.bits).toBe(2048);
    expect(importPublicKey(pub).fingerprint).toBe(key.fingerprint);
    expect(importPublicKey(ssh2).fingerprint).toBe(key.fingerprint);
    expect(r.stdout).toContain(`fingerprint: ${key.fingerprint} (2048-bit RSA)`);
  });

  it('refuses to overwrite without --force (nothing written), replaces with --force', async () => {
    const out = join(cli.dir(), 'twice');
    expect((await run(['keygen', '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'private.pem'), 'utf8');
    const again = await run(['keygen', '--out', out]);
    expectError(again, 1, 'ERR_CONFLICT');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(join(out, 'private.pem'), 'utf8')).toBe(before);
    const forced = await run(['keygen', '--out', out, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'private.pem'), 'utf8')).not.toBe(before);
    expect(modeOf(join(out, 'private.pem'))).toBe(0o600);
    const json = JSON.parse(forced.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['privateKey', 'publicKey', 'ssh2PublicKey', 'bits', 'fingerprint', 'encrypted']);
    expect(json).toMatchObject({ privateKey: join(out, 'private.pem'), bits: 2048, encrypted: false });
    expect(json.fingerprint).toBe(importPublicKey(readFileSync(join(out, 'public.pem'))).fingerprint);
  });

  it('encrypts the private key with --passphrase-file', async () => {
    const out = join(cli.dir(), 'enc');
    const pass = join(cli.dir(), 'pass.txt');
    writeFileSync(pass, 'correct horse battery staple\n');
    const r = await run(['keygen', '--out', out, '--passphrase-file', pass, '--bits', '3072']);
    expect(r.code, r.stderr).toBe(0);
    const priv = readFileSync(join(out, 'private.pem'), 'utf8');
    expect(priv).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(importPrivateKey(priv, { passphrase: 'correct horse battery staple' }).bits).toBe(3072);
  });
});
