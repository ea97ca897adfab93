/**
 * Fuzzing of the envelope openers and inspectEnvelope: mutated sealed envelopes (bytes, text,
 * XML structure) either open to exactly the sealed content — the only change an opening can
 * survive is to the clear metadata, never to what is returned — or fail with a coded error.
 * Nothing else is thrown; no content of an unverified envelope is ever returned.
 *
 * Builds on test/envelope/mutation.test.ts (every single-byte alteration): here several
 * operations at once, insertions, deletions, duplicated elements and random attributes.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealExportIndexEducation, sealImportChiffre, inspectEnvelope, openEnvelope, openEnvelopeAsync, openIdentifiantsPronote, buildIdentifiantsPronote, buildPartenaireIndex } from '../../src/index';
import { PRIV, PUB, PUB_B } from '../envelope/helpers';
import { secretIdentifiantsPronote, secretPartenaireIndex } from '../hardening/secret-documents';
import { runs, timeoutFor } from '../hardening/helpers';
import { assertBothOutcomes, canonical, outcome, outcomeAsync, show, Tally } from './check';
import { mutatedDocument } from './mutators';

const DATE = '2026-09-01T08:00:00+02:00';
const PI = buildPartenaireIndex(secretPartenaireIndex());
const ID_DOC = secretIdentifiantsPronote();
const ID = buildIdentifiantsPronote(ID_DOC);

interface Seed {
  name: string;
  envelope: string;
  plain: string;
  partner?: string;
}

const SEEDS: Seed[] = [
  { name: 'ImportChiffre', envelope: sealImportChiffre(PI, PUB, { partenaire: 'ENT', uai: '0410017W', date: DATE, description: 'fuzz' }), plain: PI },
  {
    name: 'EXPORT_INDEX_EDUCATION (two partners, BOM)',
    envelope: sealExportIndexEducation(ID, [{ nom: 'OTHER', publicKey: PUB_B }, { nom: 'HARDENING', publicKey: PUB }], { date: DATE, uai: '0410017W', nomEtablissement: 'LYCEE', codePostalVille: '41000 BLOIS' }),
    plain: ID,
    partner: 'HARDENING',
  },
  { name: 'EXPORT_INDEX_EDUCATION (not compressed)', envelope: sealExportIndexEducation(ID, [{ nom: 'HARDENING', publicKey: PUB }], { date: DATE, compress: false, bom: false }), plain: ID },
];

const seed = fc.constantFrom(...SEEDS);
const mutated = seed.chain((s) => mutatedDocument(s.envelope).map((input) => ({ s, input })));

/** The content of an opened envelope must be the sealed one, byte for byte. */
function expectSealedContent(s: Seed, content: Uint8Array, input: string | Uint8Array): void {
  expect(Buffer.from(content).toString('utf8'), `${s.name}: opened content differs: ${show(input)}`).toBe(s.plain);
}

describe('envelope openers', () => {
  const numRuns = runs(250, 0.3);

  it('mutated envelopes open to the sealed content or fail with a coded error', { timeout: timeoutFor(numRuns, 10) }, () => {
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(mutated, ({ s, input }) => {
        const r = outcome(() => openEnvelope(input, PRIV, { partner: s.partner }), `openEnvelope ${s.name} ${show(input)}`);
        tally.add(r);
        if (r.ok) expectSealedContent(s, r.value.content, input);
      }),
      tally,
      numRuns,
    );
  });

  it('the same, asynchronously', { timeout: timeoutFor(runs(60, 0.05), 20) }, async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async ({ s, input }) => {
        const r = await outcomeAsync(() => openEnvelopeAsync(input, PRIV, { partner: s.partner }), `openEnvelopeAsync ${s.name}`);
        if (r.ok) expectSealedContent(s, r.value.content, input);
      }),
      { numRuns: runs(60, 0.05) },
    );
  });

  it('openIdentifiantsPronote on mutated sealed identifier files: the sealed document or a coded error', { timeout: timeoutFor(runs(150, 0.1), 15) }, async () => {
    const sealed = SEEDS.filter((s) => s.plain === ID);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sealed).chain((s) => mutatedDocument(s.envelope).map((input) => ({ s, input }))), async ({ s, input }) => {
        const r = await outcomeAsync(() => openIdentifiantsPronote(input, PRIV, { partner: s.partner }), `openIdentifiantsPronote ${show(input)}`);
        // A mutation may also turn the envelope into something read as a plain identifier file
        // (root no longer EXPORT_INDEX_EDUCATION): then it is refused, as it is no such file.
        if (r.ok) expect(canonical(r.value.document)).toBe(canonical(ID_DOC));
      }),
      { numRuns: runs(150, 0.1) },
    );
  });
});

describe('inspectEnvelope', () => {
  const numRuns = runs(400, 0.3);

  it('mutated envelopes give their metadata or a coded error', { timeout: timeoutFor(numRuns, 4) }, () => {
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(mutated, ({ s, input }) => {
        const r = outcome(() => inspectEnvelope(input), `inspectEnvelope ${s.name} ${show(input)}`);
        tally.add(r);
        if (r.ok) {
          expect(['ImportChiffre', 'EXPORT_INDEX_EDUCATION']).toContain(r.value.kind);
          expect(Number.isSafeInteger(r.value.encryptedBytes)).toBe(true);
          expect(r.value.keyBlockBytes.length).toBeGreaterThan(0);
          expect(r.value.keyBlockBytes.length).toBeLessThanOrEqual(2);
        }
      }),
      tally,
      numRuns,
    );
  });
});
