/** The library never logs and never prints: nothing in clear can reach a log through it. */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspectEnvelope, openImportChiffre, sealImportChiffre, sealExportIndexEducation, openEnvelope, importPrivateKey, importPublicKey } from '../../src/index';
import { keyText } from '../keys/helpers';
import { DATE, PRIV, PRIV_B, PUB, SAMPLE_XML } from './helpers';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('no logging', () => {
  it('the key and envelope sources use no console, stdout, stderr, debuglog or file system', () => {
    const sources = [...files(join(SRC, 'keys')), ...files(join(SRC, 'envelope'))];
    expect(sources.length).toBeGreaterThan(20);
    for (const file of sources) {
      // Code only: TSDoc examples may show console.log on the caller's side.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(text, file).not.toMatch(/\bconsole\.|process\.(stdout|stderr)|debuglog|from 'node:fs'|from 'fs'|node:net|node:http/);
    }
  });

  it('sealing, opening and failing write nothing to the console or the standard streams', () => {
    const spies = [
      ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m)),
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
    const env = sealImportChiffre(SAMPLE_XML, keyText('rsa2048.putty.pub'), { partenaire: 'X', uai: '0410017W', date: DATE });
    openImportChiffre(env, keyText('rsa2048.pkcs8-encrypted.pem'), { passphrase: 'test-only-passphrase' }).text();
    inspectEnvelope(env);
    const ex = sealExportIndexEducation(SAMPLE_XML, [{ nom: 'A', publicKey: PUB }], { date: DATE });
    openEnvelope(ex, PRIV);
    importPublicKey(keyText('rsa1024.spki.pem'), { allowLegacy1024: true });
    for (const fail of [
      () => openImportChiffre(env, PRIV_B),
      () => openImportChiffre(env.replace('<Cle>', '<Cle>*'), PRIV),
      () => importPrivateKey(keyText('rsa2048.pkcs8-encrypted.pem'), { passphrase: 'bad' }),
      () => openImportChiffre(env, PRIV, { limits: { maxDecompressedBytes: 3 } }),
    ]) {
      expect(fail).toThrow();
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
