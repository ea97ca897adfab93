/**
 * Interoperability with independent tools, both ways, for both envelopes and every key format:
 * OpenSSL (`pkeyutl` RSA PKCS#1 v1.5, `enc -aes-128-cbc`, `dgst -md5/-sha256`, `rand`, `base64`),
 * python3's zlib, ssh-keygen for key conversions.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { openEnvelope, openExportIndexEducation, sealExportIndexEducation, openImportChiffre, sealImportChiffre, createImportChiffreSealer, type KeyInput } from '../../src/index';
import { keyBytes, keyPath, keyText, PASSPHRASE, run, tempDir } from '../keys/helpers';
import { DATE, fieldsOf, opensslOpen, opensslSealExport, opensslSealImportChiffre, SAMPLE_XML } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const PLAIN = Buffer.from(SAMPLE_XML, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const META = { partenaire: 'TESTENT', uai: '0410017W', description: 'Comptes ENT', date: DATE };

/** Every public key form of the rsa2048 test key, given to the sealers as KeyInput. */
const PUBLIC_FORMS: Array<[string, () => KeyInput]> = [
  ['SSH2 RFC 4716 (ssh-keygen -e)', () => keyText('rsa2048.ssh2.pub')],
  ['SSH2 PuTTY shape (CRLF, continued header)', () => keyText('rsa2048.putty.pub')],
  ['OpenSSH line', () => keyText('rsa2048.openssh.pub')],
  ['PEM SPKI', () => keyText('rsa2048.spki.pem')],
  ['PEM PKCS#1', () => keyText('rsa2048.pkcs1-public.pem')],
  ['PEM X.509 certificate', () => keyText('rsa2048.cert.pem')],
  ['DER SPKI', () => keyBytes('rsa2048.spki.der')],
  ['DER X.509 certificate', () => keyBytes('rsa2048.cert.der')],
  ['JWK object', () => JSON.parse(keyText('rsa2048.public.jwk.json')) as Record<string, unknown>],
];

/** Every private key form of the rsa2048 test key, given to the openers as KeyInput. */
const PRIVATE_FORMS: Array<[string, () => KeyInput, string | undefined]> = [
  ['PEM PKCS#8', () => keyText('rsa2048.pkcs8.pem'), undefined],
  ['PEM PKCS#1', () => keyText('rsa2048.pkcs1.pem'), undefined],
  ['DER PKCS#8', () => keyBytes('rsa2048.pkcs8.der'), undefined],
  ['DER PKCS#1', () => keyBytes('rsa2048.pkcs1.der'), undefined],
  ['encrypted PEM PKCS#8', () => keyText('rsa2048.pkcs8-encrypted.pem'), PASSPHRASE],
  ['encrypted DER PKCS#8', () => keyBytes('rsa2048.pkcs8-encrypted.der'), PASSPHRASE],
  ['encrypted PEM PKCS#1 (legacy)', () => keyText('rsa2048.pkcs1-encrypted.pem'), PASSPHRASE],
  ['JWK object', () => JSON.parse(keyText('rsa2048.private.jwk.json')) as Record<string, unknown>, undefined],
];

/** The SSH2 key converted to PEM by ssh-keygen (not by the library). */
function ssh2ToPemWithSshKeygen(ssh2File: string): string {
  const line = run('ssh-keygen', ['-i', '-m', 'RFC4716', '-f', ssh2File]);
  const lineFile = tmp.file(`conv-${Math.random().toString(36).slice(2)}.pub`, line);
  return tmp.file(`conv-${Math.random().toString(36).slice(2)}.pem`, run('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', lineFile]));
}

describe('library → OpenSSL: ImportChiffre', () => {
  for (const [label, key] of PUBLIC_FORMS) {
    it(`sealed with the ${label} key, opened by OpenSSL + python3 zlib`, () => {
      const envelope = sealImportChiffre(PLAIN, key(), META);
      const opened = opensslOpen(envelope, keyPath('rsa2048.pkcs8.pem'));
      expect(opened.plain.equals(PLAIN)).toBe(true);
      expect(opened.compressed[0]).toBe(0x78); // zlib header (RFC 1950)
      expect(fieldsOf(envelope).meta).toEqual({ Partenaire: 'TESTENT', Description: 'Comptes ENT', DateExport: DATE, UAI: '0410017W', Version: '1.0' });
    });
  }

  it('the incremental sealer output opens with OpenSSL too', async () => {
    const sealer = createImportChiffreSealer(keyText('rsa2048.putty.pub'), META);
    for (let i = 0; i < PLAIN.length; i += 50) sealer.write(PLAIN.subarray(i, i + 50));
    const envelope = await sealer.end();
    expect(opensslOpen(envelope, keyPath('rsa2048.pkcs8.pem')).plain.equals(PLAIN)).toBe(true);
  });

  it('a 3072-bit and a 4096-bit key', () => {
    for (const bits of [3072, 4096]) {
      const envelope = sealImportChiffre(PLAIN, keyText(`rsa${bits}.openssh.pub`), META);
      expect(Buffer.from(fieldsOf(envelope).cle[0] as string, 'base64').length).toBe(bits / 8);
      expect(opensslOpen(envelope, keyPath(`rsa${bits}.pkcs8.pem`)).plain.equals(PLAIN)).toBe(true);
    }
  });
});

describe('library → OpenSSL: EXPORT_INDEX_EDUCATION', () => {
  for (const compress of [true, false]) {
    it(`two partners, compress=${compress}: each opens its key block with OpenSSL; the plaintext starts with a BOM`, () => {
      const envelope = sealExportIndexEducation(
        PLAIN,
        [
          { nom: 'ENT-A', publicKey: keyText('rsa2048.ssh2.pub') },
          { nom: 'ENT-B', publicKey: keyText('rsa2048b.cert.pem') },
        ],
        { compress, uai: '0410017W', date: DATE },
      );
      const f = fieldsOf(envelope);
      expect(f.noms).toEqual(['ENT-A', 'ENT-B']);
      expect(f.compressed).toBe(compress);
      expect(envelope).toContain(`CompresseAvantChiffrement="${compress}"`);
      const a = opensslOpen(envelope, keyPath('rsa2048.pkcs8.pem'), 0);
      const b = opensslOpen(envelope, keyPath('rsa2048b.pkcs8.pem'), 1);
      expect(a.plain.equals(Buffer.concat([BOM, PLAIN]))).toBe(true);
      expect(b.plain.equals(a.plain)).toBe(true);
      expect(a.keyBlock.equals(b.keyBlock)).toBe(true);
      if (!compress) expect(a.compressed.subarray(0, 3).equals(BOM)).toBe(true);
    });
  }

  for (const [label, key] of PUBLIC_FORMS) {
    it(`one partner with the ${label} key`, () => {
      const envelope = sealExportIndexEducation(PLAIN, [{ nom: 'ENT', publicKey: key() }], { date: DATE, bom: false });
      expect(opensslOpen(envelope, keyPath('rsa2048.pkcs8.pem')).plain.equals(PLAIN)).toBe(true);
    });
  }
});

describe('OpenSSL → library: ImportChiffre', () => {
  const pem = ssh2ToPemWithSshKeygen(keyPath('rsa2048.putty.pub'));
  const envelope = opensslSealImportChiffre(PLAIN, pem);

  for (const [label, key, passphrase] of PRIVATE_FORMS) {
    it(`sealed by OpenSSL for the SSH2 key, opened with the ${label} private key`, () => {
      const opened = openImportChiffre(envelope, key(), passphrase === undefined ? {} : { passphrase });
      expect(Buffer.from(opened.content).equals(PLAIN)).toBe(true);
      expect(opened.text()).toBe(SAMPLE_XML);
      expect(opened.info).toEqual({
        kind: 'ImportChiffre',
        version: '1.0',
        date: DATE,
        uai: '0410017W',
        partenaire: 'OPENSSL',
        description: 'sealed with openssl',
        compressed: true,
        encryptedBytes: Buffer.from(fieldsOf(envelope).contenu, 'base64').length,
        keyBlockBytes: [256],
      });
    });
  }

  it('a large document (1 MB) and a 4096-bit key', () => {
    const big = Buffer.from(SAMPLE_XML.repeat(1500));
    const env = opensslSealImportChiffre(big, keyPath('rsa4096.spki.pem'));
    expect(Buffer.from(openEnvelope(env, keyText('rsa4096.pkcs8.pem')).content).equals(big)).toBe(true);
  });
});

describe('OpenSSL → library: EXPORT_INDEX_EDUCATION', () => {
  for (const compress of [true, false]) {
    it(`two partners, compress=${compress}, plaintext with a BOM: each partner opens, the BOM is dropped`, () => {
      const envelope = opensslSealExport(
        Buffer.concat([BOM, PLAIN]),
        [
          { nom: 'ENT-A', pem: keyPath('rsa2048.spki.pem') },
          { nom: 'ENT-B', pem: keyPath('rsa2048b.spki.pem') },
        ],
        compress,
      );
      for (const [label, key, passphrase] of PRIVATE_FORMS) {
        const opened = openExportIndexEducation(envelope, key(), { partner: 'ENT-A', ...(passphrase === undefined ? {} : { passphrase }) });
        expect(Buffer.from(opened.content).equals(PLAIN), label).toBe(true);
      }
      const b = openEnvelope(envelope, keyText('rsa2048b.pkcs8.pem'), { partner: 'ENT-B' });
      expect(Buffer.from(b.content).equals(PLAIN)).toBe(true);
      expect(b.info).toMatchObject({
        kind: 'EXPORT_INDEX_EDUCATION',
        version: '1.0',
        logiciel: 'EDT',
        partners: ['ENT-A', 'ENT-B'],
        compressed: compress,
        uai: '0410017W',
        nomEtablissement: 'LYCEE TEST',
        codePostalVille: '41000 BLOIS',
        keyBlockBytes: [256, 256],
      });
    });
  }
});
