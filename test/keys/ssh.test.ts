import { describe, expect, it } from 'vitest';
import { sshFingerprint } from '../../src/index';
import {
  decodeSshRsaBlob,
  encodeSshRsaBlob,
  formatOpenSshPublicKey,
  formatSsh2PublicKey,
  parseOpenSshPublicKey,
  parseSsh2PublicKey,
  sshBlobType,
} from '../../src/keys/ssh';
import { expectCode, keyText, recordedFingerprint } from './helpers';

const line = keyText('rsa2048.openssh.pub');
const blob = Buffer.from(line.split(' ')[1] as string, 'base64');

describe('SSH codec', () => {
  it('decodes and re-encodes the wire format exactly', () => {
    const { n, e } = decodeSshRsaBlob(blob);
    expect(e.toString('hex')).toBe('010001');
    expect(n.length).toBe(256);
    expect(encodeSshRsaBlob({ n, e }).equals(blob)).toBe(true);
    expect(sshBlobType(blob)).toBe('ssh-rsa');
    expect(sshFingerprint(blob)).toBe(recordedFingerprint('rsa2048'));
  });

  it('writes mpints in two’s complement with minimal length', () => {
    const out = encodeSshRsaBlob({ n: Buffer.from([0x00, 0x00, 0x80, 0x01]), e: Buffer.from([0x03]) });
    expect(out.toString('hex')).toBe('00000007' + Buffer.from('ssh-rsa').toString('hex') + '0000000103' + '00000003008001');
  });

  it('accepts non-minimal mpints on input (leading zero bytes) and gives the canonical fingerprint', () => {
    const { n, e } = decodeSshRsaBlob(blob);
    const padded = Buffer.concat([
      Buffer.from('00000007', 'hex'),
      Buffer.from('ssh-rsa'),
      Buffer.from('0000000400010001', 'hex'),
      Buffer.from([0, 0, 1, 2, 0, 0]),
      n,
    ]);
    const back = decodeSshRsaBlob(padded);
    expect(back.e.equals(e)).toBe(true);
    expect(back.n.equals(n)).toBe(true);
  });

  it('parses SSH2 files: headers, continuations, comment quotes', () => {
    const parsed = parseSsh2PublicKey(keyText('rsa2048.putty.pub'));
    expect(parsed.blob.equals(blob)).toBe(true);
    expect(parsed.comment).toBe('rsa-key-20260901 test only, a long comment that is continued on the next line as RFC 4716 allows');
  });

  it('refuses malformed SSH2 files', () => {
    const ok = formatSsh2PublicKey(blob, 'c');
    expectCode(() => parseSsh2PublicKey(ok.replace('---- BEGIN', '---- BEGINX')), 'ERR_KEY_FORMAT');
    expectCode(() => parseSsh2PublicKey(`junk\n${ok}`), 'ERR_KEY_FORMAT');
    expectCode(() => parseSsh2PublicKey(ok.replace('Comment:', 'Bad Tag:')), 'ERR_KEY_FORMAT');
    expectCode(() => parseSsh2PublicKey(ok.replace(/\n[A-Za-z0-9+/]{70}\n/, '\n')), 'ERR_KEY_FORMAT');
    expectCode(() => parseSsh2PublicKey(ok.replace('---- END SSH2 PUBLIC KEY ----', '---- END SSH2 PRIVATE KEY ----')), 'ERR_KEY_FORMAT');
    expectCode(() => parseSsh2PublicKey(`---- BEGIN SSH2 PUBLIC KEY ----\nComment: ${'x'.repeat(1100)}\nAAAA\n---- END SSH2 PUBLIC KEY ----`), 'ERR_KEY_FORMAT');
  });

  it('formats OpenSSH lines and SSH2 files that parse back', () => {
    expect(formatOpenSshPublicKey(blob, 'a b')).toBe(`ssh-rsa ${blob.toString('base64')} a b\n`);
    const parsed = parseOpenSshPublicKey(formatOpenSshPublicKey(blob, 'a b'));
    expect(parsed).toEqual({ type: 'ssh-rsa', blob, comment: 'a b' });
    const text = formatSsh2PublicKey(blob);
    expect(text.startsWith('---- BEGIN SSH2 PUBLIC KEY ----\nAAAA')).toBe(true);
    expect(parseSsh2PublicKey(text).comment).toBeUndefined();
  });
});
