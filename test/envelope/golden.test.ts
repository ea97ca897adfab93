/**
 * Golden files: deterministic sealing (unsafeRandom) must reproduce the committed envelopes byte
 * for byte, and the committed envelopes must open. Regenerate after an intended format change
 * with: UPDATE_GOLDEN=1 npx vitest run test/envelope/golden.test.ts
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sealExportIndexEducation, sealImportChiffre, createImportChiffreSealer, openEnvelope } from '../../src/index';
import { keyPath } from '../keys/helpers';
import { DATE, detRandom, opensslOpen, PRIV, PRIV_B, PUB, PUB_B, SAMPLE_XML } from './helpers';

const DIR = fileURLToPath(new URL('../data/envelope/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

/** The committed golden file; with UPDATE_GOLDEN=1, first (re)written from `actual`. */
function golden(name: string, actual?: string): string {
  const path = `${DIR}${name}`;
  if (update && actual !== undefined) writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`missing golden file ${name}: run with UPDATE_GOLDEN=1`);
  return readFileSync(path, 'utf8');
}

const importChiffre = () =>
  sealImportChiffre(SAMPLE_XML, PUB, {
    partenaire: 'TESTENT',
    uai: '0410017W',
    description: 'Golden file & <test>',
    date: DATE,
    unsafeRandom: detRandom('golden-import-chiffre'),
  });

const exportEnvelope = () =>
  sealExportIndexEducation(
    SAMPLE_XML,
    [
      { nom: 'ENT-A', publicKey: PUB },
      { nom: 'ENT-B', publicKey: PUB_B },
    ],
    {
      version: '1.0',
      logiciel: 'PRONOTE',
      date: DATE,
      uai: '0410017W',
      nomEtablissement: 'LYCEE AUGUSTIN THIERRY',
      codePostalVille: '41000 BLOIS',
      unsafeRandom: detRandom('golden-export'),
    },
  );

describe('golden envelopes', () => {
  it('ImportChiffre: deterministic sealing reproduces the committed file', () => {
    const actual = importChiffre();
    expect(actual).toBe(golden('import-chiffre.golden.xml', actual));
    expect(importChiffre()).toBe(actual);
  });

  it('ImportChiffre: the incremental sealer reproduces it too', async () => {
    const sealer = createImportChiffreSealer(PUB, {
      partenaire: 'TESTENT',
      uai: '0410017W',
      description: 'Golden file & <test>',
      date: DATE,
      unsafeRandom: detRandom('golden-import-chiffre'),
    });
    const bytes = Buffer.from(SAMPLE_XML);
    for (let i = 0; i < bytes.length; i += 7) sealer.write(bytes.subarray(i, i + 7));
    expect(await sealer.end()).toBe(golden('import-chiffre.golden.xml'));
  });

  it('EXPORT_INDEX_EDUCATION: deterministic sealing reproduces the committed file', () => {
    const actual = exportEnvelope();
    expect(actual).toBe(golden('export-index-education.golden.xml', actual));
  });

  it('the committed files open, with the library and with OpenSSL', () => {
    const ic = golden('import-chiffre.golden.xml');
    expect(openEnvelope(ic, PRIV).text()).toBe(SAMPLE_XML);
    expect(opensslOpen(ic, keyPath('rsa2048.pkcs8.pem')).plain.toString()).toBe(SAMPLE_XML);
    const ex = golden('export-index-education.golden.xml');
    expect(openEnvelope(ex, PRIV_B, { partner: 'ENT-B' }).text()).toBe(SAMPLE_XML);
    expect(opensslOpen(ex, keyPath('rsa2048b.pkcs8.pem'), 1).plain.toString()).toBe(`\uFEFF${SAMPLE_XML}`);
  });

  it('without unsafeRandom, two sealings of the same content differ everywhere random', () => {
    const a = sealImportChiffre(SAMPLE_XML, PUB, { partenaire: 'X', uai: '0410017W', date: DATE });
    const b = sealImportChiffre(SAMPLE_XML, PUB, { partenaire: 'X', uai: '0410017W', date: DATE });
    const field = (s: string, n: string) => (new RegExp(`<${n}>([^<]*)</${n}>`).exec(s) as RegExpExecArray)[1];
    expect(field(a, 'Cle')).not.toBe(field(b, 'Cle'));
    expect(field(a, 'Contenu')).not.toBe(field(b, 'Contenu'));
    expect(field(a, 'Verification')).toBe(field(b, 'Verification'));
  });
});
