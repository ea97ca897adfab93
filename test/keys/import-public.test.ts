import { createPublicKey, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importPublicKey, isPublicKey } from '../../src/index';
import { expectCode, keyBytes, keyText, recordedFingerprint, run, tempDir } from './helpers';

const FP = recordedFingerprint('rsa2048');
const JWK = JSON.parse(keyText('rsa2048.public.jwk.json')) as Record<string, string>;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('importPublicKey: every accepted form gives the same key', () => {
  const textForms: Array<[string, string, string | undefined]> = [
    ['SSH2 (RFC 4716) from ssh-keygen -e', 'rsa2048.ssh2.pub', '2048-bit RSA, converted by root@vm from OpenSSH'],
    [
      'SSH2 PuTTY shape: CRLF, extra header, continued Comment, 64 columns',
      'rsa2048.putty.pub',
      'rsa-key-20260901 test only, a long comment that is continued on the next line as RFC 4716 allows',
    ],
    ['OpenSSH line', 'rsa2048.openssh.pub', 'rsa2048@ent-pronote-tests'],
    ['PEM SPKI', 'rsa2048.spki.pem', undefined],
    ['PEM PKCS#1 RSA PUBLIC KEY', 'rsa2048.pkcs1-public.pem', undefined],
    ['PEM X.509 certificate', 'rsa2048.cert.pem', undefined],
    ['JWK JSON text', 'rsa2048.public.jwk.json', undefined],
  ];
  for (const [label, file, comment] of textForms) {
    it(`${label} (${file})`, () => {
      const key = importPublicKey(keyText(file));
      expect(key.type).toBe('public');
      expect(key.bits).toBe(2048);
      expect(key.fingerprint).toBe(FP);
      expect(key.comment).toBe(comment);
      expect(key.toJwk()).toEqual(JWK);
      expect(isPublicKey(key)).toBe(true);
      // The same text given as bytes
      expect(importPublicKey(keyBytes(file)).fingerprint).toBe(FP);
    });
  }

  it('DER SPKI, DER certificate, DER PKCS#1 (bytes)', () => {
    expect(importPublicKey(keyBytes('rsa2048.spki.der')).fingerprint).toBe(FP);
    expect(importPublicKey(keyBytes('rsa2048.cert.der')).fingerprint).toBe(FP);
    const pkcs1 = createPublicKey(keyText('rsa2048.spki.pem')).export({ type: 'pkcs1', format: 'der' });
    expect(importPublicKey(new Uint8Array(pkcs1)).fingerprint).toBe(FP);
  });

  it('a JWK object and a JWK set with one key', () => {
    expect(importPublicKey(JWK).fingerprint).toBe(FP);
    expect(importPublicKey({ keys: [{ ...JWK, use: 'enc', alg: 'RSA1_5' }] }).fingerprint).toBe(FP);
  });

  it('text with a BOM, surrounding blank lines, PEM with explanatory text before it', () => {
    expect(importPublicKey(`\uFEFF\n\n${keyText('rsa2048.ssh2.pub')}\n\n`).fingerprint).toBe(FP);
    const cert = new X509Certificate(keyText('rsa2048.cert.pem'));
    expect(importPublicKey(`Subject: ${cert.subject}\n${keyText('rsa2048.cert.pem')}`).fingerprint).toBe(FP);
    expect(importPublicKey(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), keyBytes('rsa2048.putty.pub')])).fingerprint).toBe(FP);
  });

  it('SSH2 files with LF, CR or CRLF line ends, lower-case header tags and unquoted comments', () => {
    const lines = keyText('rsa2048.putty.pub').split('\r\n');
    for (const eol of ['\n', '\r', '\r\n']) {
      expect(importPublicKey(lines.join(eol)).fingerprint).toBe(FP);
    }
    const body = keyText('rsa2048.ssh2.pub').split('\n').slice(2, -2);
    const file = ['---- BEGIN SSH2 PUBLIC KEY ----', 'comment: my key', 'Subject: someone\\', 'continued', ...body, '---- END SSH2 PUBLIC KEY ----'].join('\n');
    const key = importPublicKey(file);
    expect(key.fingerprint).toBe(FP);
    expect(key.comment).toBe('my key');
  });

  it('an authorized_keys line with options, and the bare base64 of the SSH key', () => {
    const line = keyText('rsa2048.openssh.pub').trim();
    expect(importPublicKey(`# comment line\nfrom="10.0.0.1",no-pty ${line}\n`).fingerprint).toBe(FP);
    expect(importPublicKey(line.split(' ')[1] as string).fingerprint).toBe(FP);
  });

  it('accepts a key object of another copy of the library (duck-typed, through its PEM)', () => {
    const foreign = { type: 'public', bits: 2048, fingerprint: FP, comment: 'other copy', toPem: () => keyText('rsa2048.spki.pem') };
    const key = importPublicKey(foreign);
    expect(key.fingerprint).toBe(FP);
    expect(key.comment).toBe('other copy');
    expectCode(() => importPublicKey({ type: 'private', toPem: () => keyText('rsa2048.pkcs8.pem') }), 'ERR_KEY_FORMAT');
  });

  it('returns a PublicKey given one', () => {
    const key = importPublicKey(keyText('rsa2048.spki.pem'));
    expect(importPublicKey(key as never)).toBe(key);
  });
});

describe('importPublicKey: refusals', () => {
  it('non-RSA keys: ERR_KEY_UNSUPPORTED', () => {
    expect(expectCode(() => importPublicKey(keyText('ec-p256.spki.pem')), 'ERR_KEY_UNSUPPORTED').message).toMatch(/EC key/);
    expectCode(() => importPublicKey(keyText('ec-p256.openssh.pub')), 'ERR_KEY_UNSUPPORTED');
    expect(expectCode(() => importPublicKey(keyText('ed25519.openssh.pub')), 'ERR_KEY_UNSUPPORTED').message).toMatch(/ssh-ed25519/);
    expect(expectCode(() => importPublicKey(keyText('rsa-pss.spki.pem')), 'ERR_KEY_UNSUPPORTED').message).toMatch(/RSA-PSS/);
    expectCode(() => importPublicKey({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }), 'ERR_KEY_UNSUPPORTED');
  });

  it('RSA under 2048 bits: ERR_KEY_UNSUPPORTED, unless allowLegacy1024 (with a warning)', () => {
    for (const file of ['rsa1024.spki.pem', 'rsa1024.openssh.pub']) {
      expect(expectCode(() => importPublicKey(keyText(file)), 'ERR_KEY_UNSUPPORTED').message).toMatch(/1024 bits/);
    }
    const warnings: string[] = [];
    const key = importPublicKey(keyText('rsa1024.openssh.pub'), { allowLegacy1024: true, onWarning: (m) => warnings.push(m) });
    expect(key.bits).toBe(1024);
    expect(key.fingerprint).toBe(recordedFingerprint('rsa1024'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/legacy 1024-bit/);
    // No callback: still accepted, nothing logged.
    expect(importPublicKey(keyText('rsa1024.spki.pem'), { allowLegacy1024: true }).bits).toBe(1024);
  });

  it('a public exponent that is even or under 3: ERR_KEY_UNSUPPORTED', () => {
    for (const e of ['AQ', 'Ag', 'AAE', 'BA']) {
      expect(expectCode(() => importPublicKey({ kty: 'RSA', n: JWK.n as string, e }), 'ERR_KEY_UNSUPPORTED').message).toMatch(/exponent/);
    }
    expect(importPublicKey({ kty: 'RSA', n: JWK.n as string, e: 'Aw' }).bits).toBe(2048);
  });

  it('private keys are refused with ERR_KEY_FORMAT, whatever the form', () => {
    for (const file of ['rsa2048.pkcs8.pem', 'rsa2048.pkcs1.pem', 'rsa2048.pkcs8-encrypted.pem', 'rsa2048.openssh-private.key', 'rsa2048.private.jwk.json']) {
      expect(expectCode(() => importPublicKey(keyText(file)), 'ERR_KEY_FORMAT').message).toMatch(/private key/);
    }
    for (const file of ['rsa2048.pkcs8.der', 'rsa2048.pkcs1.der', 'rsa2048.pkcs8-encrypted.der']) {
      expect(expectCode(() => importPublicKey(keyBytes(file)), 'ERR_KEY_FORMAT').message).toMatch(/private key/);
    }
    expectCode(() => importPublicKey('PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n'), 'ERR_KEY_FORMAT');
  });

  it('malformed inputs: ERR_KEY_FORMAT', () => {
    const ssh2 = keyText('rsa2048.ssh2.pub');
    const line = keyText('rsa2048.openssh.pub');
    const b64 = line.split(' ')[1] as string;
    const cases: Array<[string, string]> = [
      ['empty', ''],
      ['garbage', 'hello world'],
      ['SSH2 without END', ssh2.replace('---- END SSH2 PUBLIC KEY ----', '')],
      ['SSH2 with a bad base64 character', ssh2.replace(/^AAAA/m, 'AA*A')],
      ['SSH2 with text after END', `${ssh2}trailing`],
      ['SSH2 with a header continued at the end of file', '---- BEGIN SSH2 PUBLIC KEY ----\nComment: x\\'],
      ['OpenSSH line with truncated data', `ssh-rsa ${b64.slice(0, 100)}`],
      ['OpenSSH line whose type differs from its data', line.replace('ssh-rsa', 'ssh-ed25519')],
      ['two OpenSSH lines', `${line}${line}`],
      ['PEM without END', keyText('rsa2048.spki.pem').split('-----END')[0] as string],
      ['PEM with a corrupted body', keyText('rsa2048.spki.pem').replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA')],
      ['PEM of another kind', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'],
      ['JSON that is not a JWK', '{"hello": 1}'],
      ['invalid JSON', '{"kty": '],
      ['JWK with a non-base64url member', JSON.stringify({ kty: 'RSA', n: 'a+b/', e: 'AQAB' })],
    ];
    for (const [label, text] of cases) {
      const e = expectCode(() => importPublicKey(text), 'ERR_KEY_FORMAT');
      expect(e.message, label).not.toContain(b64.slice(20, 60));
    }
    expectCode(() => importPublicKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), 'ERR_KEY_FORMAT');
    expectCode(() => importPublicKey(new Uint8Array([0xff, 0xfe, 0x00])), 'ERR_KEY_FORMAT');
    expectCode(() => importPublicKey('x'.repeat(2 * 1024 * 1024)), 'ERR_KEY_FORMAT');
  });

  it('SSH blob oddities: trailing bytes, negative modulus, zero exponent', () => {
    const blob = Buffer.from(keyText('rsa2048.openssh.pub').split(' ')[1] as string, 'base64');
    const line = (b: Buffer) => `ssh-rsa ${b.toString('base64')}`;
    expect(expectCode(() => importPublicKey(line(Buffer.concat([blob, Buffer.from([0])]))), 'ERR_KEY_FORMAT').message).toMatch(/trailing/);
    // Drop the 00 in front of the modulus: it becomes negative.
    const negative = Buffer.concat([blob.subarray(0, 18), Buffer.from([0, 0, 1, 0]), blob.subarray(23)]);
    expect(expectCode(() => importPublicKey(line(negative)), 'ERR_KEY_FORMAT').message).toMatch(/negative/);
    const zeroE = Buffer.concat([blob.subarray(0, 11), Buffer.from([0, 0, 0, 0]), blob.subarray(18)]);
    expectCode(() => importPublicKey(line(zeroE)), 'ERR_KEY_FORMAT');
  });

  it('arguments of the wrong type: ERR_ARGUMENT', () => {
    expectCode(() => importPublicKey(42 as never), 'ERR_ARGUMENT');
    expectCode(() => importPublicKey(null as never), 'ERR_ARGUMENT');
    expectCode(() => importPublicKey([] as never), 'ERR_ARGUMENT');
  });
});

describe('PublicKey exports, checked with OpenSSL and ssh-keygen', () => {
  const key = importPublicKey(keyText('rsa2048.putty.pub'));

  it('toPem is the SPKI PEM openssl writes', () => {
    expect(key.toPem()).toBe(keyText('rsa2048.spki.pem'));
  });

  it('toOpenSsh is the line ssh-keygen -y writes', () => {
    expect(key.toOpenSsh('rsa2048@ent-pronote-tests')).toBe(keyText('rsa2048.openssh.pub'));
    expect(key.toOpenSsh()).toBe(`${keyText('rsa2048.openssh.pub').split(' ').slice(0, 2).join(' ')}\n`);
  });

  it('toSsh2 has the body ssh-keygen -e -m RFC4716 writes, and ssh-keygen reads it back', () => {
    const ours = key.toSsh2('2048-bit RSA, converted by root@vm from OpenSSH');
    expect(ours).toBe(keyText('rsa2048.ssh2.pub'));
    const file = tmp.file('ours.ssh2', key.toSsh2('a comment that is long enough to be continued on a second header line, as RFC 4716 requires'));
    const converted = run('ssh-keygen', ['-i', '-m', 'RFC4716', '-f', file]).toString();
    expect(converted.trim().split(' ').slice(0, 2).join(' ')).toBe(keyText('rsa2048.openssh.pub').split(' ').slice(0, 2).join(' '));
  });

  it('long SSH2 comments are wrapped in lines of at most 72 bytes and read back', () => {
    const comment = `clé de test ${'é'.repeat(80)} fin`;
    const text = key.toSsh2(comment);
    for (const line of text.split('\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(72);
    expect(importPublicKey(text).comment).toBe(comment);
  });

  it('SSH2 comments round-trip (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !/[\u0000-\u001f\u007f"]/.test(s) && !s.endsWith('\\') && s.trim() === s && s !== ''),
        (comment) => {
          const back = importPublicKey(key.toSsh2(comment));
          expect(back.comment).toBe(comment);
          expect(back.fingerprint).toBe(FP);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('comments that cannot be written: ERR_ARGUMENT', () => {
    expectCode(() => key.toSsh2('a "quoted" word'), 'ERR_ARGUMENT');
    expectCode(() => key.toSsh2('ends with \\'), 'ERR_ARGUMENT');
    expectCode(() => key.toOpenSsh('new\nline'), 'ERR_ARGUMENT');
  });

  it('the fingerprint is what ssh-keygen -l prints, for every key size', () => {
    for (const base of ['rsa2048', 'rsa2048b', 'rsa3072', 'rsa4096']) {
      const k = importPublicKey(keyText(`${base}.spki.pem`));
      expect(k.fingerprint).toBe(recordedFingerprint(base));
      const file = tmp.file(`${base}.pub`, k.toOpenSsh('x'));
      const printed = run('ssh-keygen', ['-l', '-E', 'sha256', '-f', file]).toString().split(' ');
      expect(printed[0]).toBe(String(k.bits));
      expect(printed[1]).toBe(k.fingerprint);
    }
  });

  it('the key object shows and serialises no key material', () => {
    expect(JSON.parse(JSON.stringify(key))).toEqual({ type: 'public', bits: 2048, fingerprint: FP, comment: key.comment });
    expect(Object.isFrozen(key)).toBe(true);
  });
});
