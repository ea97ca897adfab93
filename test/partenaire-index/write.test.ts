import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntPronoteError, buildPartenaireIndex, type PartenaireIndex, parsePartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { writePartenaireIndexBytes } from '../../src/partenaire-index/write';
import { partenaireIndex } from './arbitraries';
import { sampleDocument } from './sample';

/** Breaks one thing of a valid document, the way a caller's data could be wrong. */
const mutation = fc.constantFrom<(d: PartenaireIndex) => void>(
  () => undefined,
  (d) => (d.date = 'yesterday'),
  (d) => (d.partenaire = ''),
  (d) => ((d as unknown as { protocoleDelegationAuthentification: string }).protocoleDelegationAuthentification = 'SAML'),
  (d) => (d.etablissements = []),
  (d) => ((d.etablissements[0] as { numero: string }).numero = '123'),
  (d) => d.etablissementsGeres.push({ ident: 999 }),
  (d) => d.etablissementsGeres.push({ ...(d.etablissementsGeres[0] as { ident: number }) }),
  (d) => d.eleves[0] && (d.eleves[0].dateNaissance = '2010-02-30'),
  (d) => d.eleves[0] && ((d.eleves[0] as unknown as { sexe: string }).sexe = 'X'),
  (d) => d.eleves[0] && d.eleves[0].responsables.push(123456),
  (d) => d.eleves[0] && ((d.eleves[0] as unknown as { responsables: unknown }).responsables = 'none'),
  (d) => d.responsables[0] && (d.responsables[0].civilite = 77),
  (d) => d.professeurs[0] && (d.professeurs[0].dateNaissance = '1970-13-01'),
  (d) => d.personnels[0] && (d.personnels[0].nom = ''),
  (d) => d.personnels[0] && (d.personnels[0].prenom = 'a\u0001b'),
  (d) => d.personnels[0] && ((d.personnels[0] as unknown as { ville: number }).ville = 42),
  (d) => d.personnels[0] && ((d.personnels[0] as unknown as { ident: number }).ident = -3),
  (d) => d.eleves[1] && d.eleves[0] && (d.eleves[1].ident = d.eleves[0].ident),
  (d) => d.responsables[1] && d.responsables[0] && (d.responsables[1].idPartenaire = d.responsables[0].idPartenaire),
  (d) => d.responsables[0] && (d.responsables[0].nom = 'x'.repeat(5000)),
  (d) => ((d as unknown as { eleves: unknown }).eleves = [null]),
  (d) => (d.nomenclatures = { civilites: [] }),
  (d) => d.eleves[0] && (d.eleves[0].prenom = 'Zo\uD83D'),
);

describe('writePartenaireIndex checks', () => {
  it('refuses exactly the models the validation refuses, with the same problems', () => {
    fc.assert(
      fc.property(partenaireIndex, mutation, (original, mutate) => {
        const doc = structuredClone(original);
        mutate(doc);
        const errors = validatePartenaireIndex(doc, { lint: false }).filter((p) => p.severity === 'error');
        let thrown: unknown;
        try {
          buildPartenaireIndex(doc);
        } catch (e) {
          thrown = e;
        }
        if (errors.length === 0) {
          expect(thrown).toBeUndefined();
        } else {
          expect(thrown).toBeInstanceOf(EntPronoteError);
          expect((thrown as EntPronoteError).code).toBe('ERR_SCHEMA');
          expect((thrown as EntPronoteError).problems).toEqual(errors);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('writes the same bytes with and without checks for a valid model', () => {
    fc.assert(
      fc.property(partenaireIndex, (doc) => {
        expect(buildPartenaireIndex(doc, { validate: false })).toBe(buildPartenaireIndex(doc));
      }),
      { numRuns: 100 },
    );
  });
});

describe('writePartenaireIndexBytes', () => {
  /** A school of `n` students whose values need escaping and UTF-8 of 2, 3 and 4 bytes. */
  function bigDocument(n: number): PartenaireIndex {
    const doc = sampleDocument();
    const template = doc.eleves[0] as (typeof doc.eleves)[number];
    for (let i = 0; i < n; i++) {
      doc.eleves.push({ ...template, ident: 1000 + i, idPartenaire: `e-${i}`, nom: i % 7 === 0 ? `D'ALMEIDA & "FILS" <${i}>` : 'LEFÈVRE', prenom: i % 5 === 0 ? 'Zoë 😀 Œ' : 'Léa\tMarie' });
    }
    return doc;
  }

  it('writes chunks that each end between elements, grow from 64 KiB to 512 KiB, and whose buffers can be given back', () => {
    const doc = bigDocument(12_000);
    const spare: ArrayBufferLike[] = [];
    const chunks: Buffer[] = [];
    for (const chunk of writePartenaireIndexBytes(doc, {}, spare)) {
      chunks.push(Buffer.from(chunk));
      // Scribbled over, then given back: the writer must not rely on what it handed over.
      chunk.fill(0x7a);
      spare.push(chunk.buffer);
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const chunk of chunks) expect(decoder.decode(chunk)).toMatch(/>\n?$/);
    const sizes = chunks.map((c) => c.length);
    expect(sizes.length).toBeGreaterThan(5);
    expect(sizes[0]).toBeGreaterThanOrEqual(64 * 1024);
    expect(sizes[0]).toBeLessThan(65 * 1024);
    expect(sizes[1]).toBeGreaterThanOrEqual(128 * 1024);
    expect(sizes[3]).toBeGreaterThanOrEqual(512 * 1024);
    expect(Math.max(...sizes)).toBeLessThan(513 * 1024);
    const xml = Buffer.concat(chunks).toString('utf8');
    expect(xml).toBe(buildPartenaireIndex(doc));
    expect(parsePartenaireIndex(xml).document).toEqual(doc);
  });

  it('encodes what validate: false lets through as Buffer.from would (lone surrogates as U+FFFD, other values as strings)', () => {
    const doc = sampleDocument();
    const eleve = doc.eleves[0] as (typeof doc.eleves)[number];
    eleve.prenom = 'Zo\uD83D';
    (eleve as unknown as { numeroNational: number }).numeroNational = 42;
    const bytes = Buffer.concat([...writePartenaireIndexBytes(doc, { validate: false })]);
    const text = bytes.toString('utf8');
    expect(text).toContain(' Prenom="Zo\uFFFD"');
    expect(text).toContain(' NumeroNational="42"');
    expect(buildPartenaireIndex(doc, { validate: false })).toBe(text);
    expect(() => buildPartenaireIndex(doc)).toThrow(EntPronoteError);
  });
});
