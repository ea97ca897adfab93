/**
 * The sealers' output validates against the vendor's ImportChiffre schema (read from
 * ../shared/reference/xsd when present: it is not shipped with the project) and against a schema of
 * EXPORT_INDEX_EDUCATION written from `docs/formats/export-index-education.md`.
 */

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { sealExportIndexEducation, sealImportChiffre, createImportChiffreSealer } from '../../src/index';
import { DATE, PUB, PUB_B, SAMPLE_XML } from './helpers';

const VENDOR_XSD = fileURLToPath(new URL('../../../shared/reference/xsd/ConteneurImportChiffre.xsd', import.meta.url));
const EXPORT_XSD = fileURLToPath(new URL('../data/envelope/export-index-education.xsd', import.meta.url));
const hasVendorXsd = existsSync(VENDOR_XSD);

async function validate(xml: string, xsdPath: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName: 'envelope.xml', contents: xml }], schema: [readFileSync(xsdPath, 'utf8')] });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

describe('XSD validation', () => {
  it.skipIf(!hasVendorXsd)(`ImportChiffre validates against the vendor schema${hasVendorXsd ? '' : ` (SKIPPED: ${VENDOR_XSD} not found)`}`, async () => {
    const options = { partenaire: 'TESTENT & Cie', uai: '0410017W', description: 'Comptes <ENT>', date: DATE };
    const sealed = sealImportChiffre(SAMPLE_XML, PUB, options);
    expect(await validate(sealed, VENDOR_XSD)).toEqual({ valid: true, errors: [] });
    const sealer = createImportChiffreSealer(PUB, options);
    sealer.write(Buffer.from(SAMPLE_XML));
    expect((await validate(await sealer.end(), VENDOR_XSD)).valid).toBe(true);
    // The check can fail: a misplaced element is reported by the schema.
    const broken = sealed.replace(/( *<UAI>[^<]*<\/UAI>\n)/, '').replace('  <Partenaire>', '  <UAI>0410017W</UAI>\n  <Partenaire>');
    expect((await validate(broken, VENDOR_XSD)).valid).toBe(false);
  });

  it('EXPORT_INDEX_EDUCATION validates against the schema of docs/formats/export-index-education.md', async () => {
    for (const compress of [true, false]) {
      const sealed = sealExportIndexEducation(SAMPLE_XML, [{ nom: 'A', publicKey: PUB }, { nom: 'B', publicKey: PUB_B }], {
        compress,
        date: DATE,
        uai: '0410017W',
        nomEtablissement: 'LYCEE',
        codePostalVille: '41000 BLOIS',
      });
      expect(await validate(sealed, EXPORT_XSD)).toEqual({ valid: true, errors: [] });
    }
    const minimal = sealExportIndexEducation(SAMPLE_XML, [{ nom: 'A', publicKey: PUB }], { date: DATE });
    expect((await validate(minimal, EXPORT_XSD)).valid).toBe(true);
    expect((await validate(minimal.replace('<LOGICIEL>', '<LOGICIELS>').replace('</LOGICIEL>', '</LOGICIELS>'), EXPORT_XSD)).valid).toBe(false);
  });
});
