import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealExportIndexEducation, openImportChiffre, sealImportChiffre, inspectEnvelope, EntPronoteError, buildPartenaireIndex, openPartenaireIndex, parsePartenaireIndex, sealPartenaireIndex } from '../../src/index';
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

  // Opening decompresses and parses in one pass (UTF-8 read as Latin-1 by chunks): the content
  // must read exactly as parsePartenaireIndex reads the same bytes, whatever their encoding.
  describe('content read while it is decompressed', () => {
    const doc = sampleDocument();
    (doc.eleves[0] as (typeof doc.eleves)[number]).nom = 'ŒUVRE-LÉON 😀';
    const xml = buildPartenaireIndex(doc);
    const seal = (content: string | Uint8Array) => sealImportChiffre(content, PUB, { partenaire: 'X', uai: '0410017W', date: DATE });

    it('UTF-8 with a byte order mark, and a large document spanning many chunks', async () => {
      expect((await openPartenaireIndex(seal(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)])), PRIV)).document).toEqual(doc);
      const big = sampleDocument();
      const template = big.eleves[0] as (typeof big.eleves)[number];
      big.eleves = Array.from({ length: 12_000 }, (_, i) => ({ ...template, ident: 100_000 + i, prenom: `Zoé-${i}`, idPartenaire: `id-${i}` }));
      expect((await openPartenaireIndex(seal(buildPartenaireIndex(big)), PRIV)).document).toEqual(big);
    });

    it('a document declared ISO-8859-1 (decoded, not read as UTF-8)', async () => {
      const latin = { ...doc, eleves: doc.eleves.map((e) => ({ ...e, nom: 'LÉON' })) };
      const text = buildPartenaireIndex(latin).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
      const bytes = Buffer.from(text.replace(/Œ/g, 'OE'), 'latin1');
      const opened = (await openPartenaireIndex(seal(bytes), PRIV)).document;
      expect(opened).toEqual(parsePartenaireIndex(bytes).document);
      expect(opened.eleves[0]?.nom).toBe('LÉON');
    });

    it('invalid UTF-8 in the content: ERR_ENCODING, nothing returned', async () => {
      const bytes = Buffer.from(xml);
      const at = bytes.indexOf('ŒUVRE');
      bytes[at + 1] = 0x41; // breaks the two-byte sequence of Œ
      expect((await rejection(openPartenaireIndex(seal(bytes), PRIV))).code).toBe('ERR_ENCODING');
      expect((await rejection(openPartenaireIndex(seal(Buffer.from(xml).subarray(0, xml.length - 1)), PRIV))).code).toBe('ERR_XML');
    });
  });
});
