import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealExportIndexEducation } from '../../src/envelope/export-index-education/seal';
import { openImportChiffre } from '../../src/envelope/import-chiffre/open';
import { sealImportChiffre } from '../../src/envelope/import-chiffre/seal';
import { inspectEnvelope } from '../../src/envelope/inspect';
import { EntPronoteError } from '../../src/errors';
import { buildPartenaireIndex } from '../../src/partenaire-index/build';
import { openPartenaireIndex } from '../../src/partenaire-index/open';
import { sealPartenaireIndex } from '../../src/partenaire-index/seal';
import { DATE, detRandom, PRIV, PRIV_B, PUB } from '../envelope/helpers';
import { partenaireIndex } from './arbitraries';
import { sampleDocument } from './sample';

async function rejection(p: Promise<unknown>): Promise<EntPronoteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EntPronoteError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('sealPartenaireIndex / openPartenaireIndex', () => {
  it('is byte for byte sealImportChiffre(buildPartenaireIndex(doc)) with the same random source', async () => {
    const doc = sampleDocument();
    const options = { partenaire: 'MONENT', uai: '0410017W', description: 'Comptes', date: DATE };
    const piped = await sealPartenaireIndex(doc, PUB, { ...options, unsafeRandom: detRandom('same') });
    const direct = sealImportChiffre(buildPartenaireIndex(doc), PUB, { ...options, unsafeRandom: detRandom('same') });
    expect(piped).toBe(direct);
  });

  it('defaults the container metadata to the document', async () => {
    const info = inspectEnvelope(await sealPartenaireIndex(sampleDocument(), PUB, { date: DATE }));
    expect([info.kind, info.partenaire, info.uai, info.date]).toEqual(['ImportChiffre', 'ENT-TEST-42', '0410017W', DATE]);
  });

  it('round-trips documents larger than one pipeline piece', async () => {
    const doc = sampleDocument();
    const template = doc.eleves[0] as (typeof doc.eleves)[number];
    for (let i = 0; i < 4000; i++) doc.eleves.push({ ...template, ident: 100 + i, idPartenaire: `e-${i}`, responsables: [3] });
    const envelope = await sealPartenaireIndex(doc, PUB);
    expect(openImportChiffre(envelope, PRIV).text()).toBe(buildPartenaireIndex(doc));
    const opened = await openPartenaireIndex(envelope, PRIV);
    expect(opened.document).toEqual(doc);
    expect(opened.envelope.kind).toBe('ImportChiffre');
  });

  it('round-trips generated documents', async () => {
    await fc.assert(
      fc.asyncProperty(partenaireIndex, fc.boolean(), async (doc, indent) => {
        const { document } = await openPartenaireIndex(await sealPartenaireIndex(doc, PUB, { indent, partenaire: "ENT" }), PRIV);
        expect(document).toEqual(doc);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses an invalid model before sealing anything', async () => {
    const doc = sampleDocument();
    (doc.eleves[0] as (typeof doc.eleves)[number]).dateNaissance = '31/12/2010';
    const e = await rejection(sealPartenaireIndex(doc, PUB));
    expect([e.code, e.problems[0]?.path]).toEqual(['ERR_SCHEMA', '/PARTENAIRE_INDEX/Eleves/Eleve[1]/@DateNaissance']);
  });

  it('refuses another envelope, a wrong key and a document that is not a PARTENAIRE_INDEX', async () => {
    const xml = buildPartenaireIndex(sampleDocument());
    expect((await rejection(openPartenaireIndex(sealExportIndexEducation(xml, [{ nom: 'X', publicKey: PUB }]), PRIV))).code).toBe('ERR_SCHEMA');
    expect((await rejection(openPartenaireIndex(await sealPartenaireIndex(sampleDocument(), PUB), PRIV_B))).code).toBe('ERR_DECRYPT');
    const other = sealImportChiffre('<?xml version="1.0"?><Autre/>', PUB, { partenaire: 'X', uai: '0410017W' });
    expect((await rejection(openPartenaireIndex(other, PRIV))).reason).toMatch(/root element is <Autre>/);
  });
});
