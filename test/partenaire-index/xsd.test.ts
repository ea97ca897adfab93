import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPartenaireIndex } from '../../src/index';
import { ownXsd, vendorXsd, xsdErrors } from '../helpers/xsd';
import { partenaireIndex } from './arbitraries';
import { sampleDocument } from './sample';

const vendor = vendorXsd('RapprochementSSO.xsd');

describe('XSD conformance of buildPartenaireIndex (libxml2)', () => {
  it('the sample validates against our schema', async () => {
    expect(await xsdErrors(buildPartenaireIndex(sampleDocument()), ownXsd('partenaire-index.xsd'))).toEqual([]);
  });

  it('our schema rejects what our validator rejects (unresolved parent reference)', async () => {
    const xml = buildPartenaireIndex(sampleDocument()).replace('<Responsable Ident="4"/>', '<Responsable Ident="99"/>');
    const errors = await xsdErrors(xml, ownXsd('partenaire-index.xsd'));
    expect(errors.join('\n')).toMatch(/EleveResponsableRef/);
  });

  // Generated documents (adversarial names), validated in one libxml2 run per schema.
  const docs = fc.sample(partenaireIndex, { numRuns: 200, seed: 20260901 }).map((d) => buildPartenaireIndex(d));

  it('every generated document validates against our schema', async () => {
    expect(docs).toHaveLength(200);
    expect(await xsdErrors(docs, ownXsd('partenaire-index.xsd'))).toEqual([]);
  });

  it.skipIf(vendor === undefined)('every generated document validates against the vendor schema (../shared)', async () => {
    expect(await xsdErrors(docs, vendor as string)).toEqual([]);
  });
});
