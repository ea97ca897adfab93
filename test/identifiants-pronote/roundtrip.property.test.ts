import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIdentifiantsPronote, parseIdentifiantsPronote, selectIdentifiantsPronote, validateIdentifiantsPronote, type IdentifiantsPronote } from '../../src/index';
import { docArb, secretId } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

function stripExtras(doc: IdentifiantsPronote): IdentifiantsPronote {
  const strip = <T extends { extra?: unknown; responsablesExtra?: unknown }>(p: T): T => {
    const { extra: _e, responsablesExtra: _r, ...rest } = p;
    return rest as T;
  };
  const { extra: _x, containerExtra: _c, ...rest } = doc;
  return {
    ...rest,
    personnels: doc.personnels.map(strip),
    professeurs: doc.professeurs.map(strip),
    responsables: doc.responsables.map(strip),
    eleves: doc.eleves.map(strip),
  };
}

describe('identifier file round trip (property)', () => {
  it('the generator only produces valid documents', () => {
    fc.assert(
      fc.property(docArb(), (doc) => {
        expect(validateIdentifiantsPronote(doc).filter((p) => p.severity === 'error')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('parse(build(x)) deep-equals x, extras included, from text and from UTF-8 bytes', () => {
    fc.assert(
      fc.property(docArb(), fc.boolean(), (doc, bom) => {
        const xml = buildIdentifiantsPronote(doc, { bom });
        expect(parseIdentifiantsPronote(xml).document).toStrictEqual(doc);
        expect(parseIdentifiantsPronote(new TextEncoder().encode(xml)).document).toStrictEqual(doc);
      }),
      { numRuns: RUNS },
    );
  });

  it('with extras omitted, parse(build(x)) is x without its extra bags, and no notice is raised', () => {
    fc.assert(
      fc.property(docArb(), (doc) => {
        const { document, problems: notices } = parseIdentifiantsPronote(buildIdentifiantsPronote(doc, { extras: 'omit' }));
        expect(document).toStrictEqual(stripExtras(doc));
        expect(notices.filter((n) => n.rule !== 'duplicate-ref')).toEqual([]);
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('build is deterministic and stable: build(parse(build(x))) === build(x)', () => {
    fc.assert(
      fc.property(docArb(), (doc) => {
        const xml = buildIdentifiantsPronote(doc);
        expect(buildIdentifiantsPronote(parseIdentifiantsPronote(xml).document)).toBe(xml);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('partial mode (property)', () => {
  it('partial mode can never leak an existing identifier', () => {
    fc.assert(
      fc.property(docArb({ mode: 'Complet', idPartenaire: secretId }), fc.constantFrom<'keep' | 'omit'>('keep', 'omit'), (doc, extras) => {
        const xml = buildIdentifiantsPronote(doc, { mode: 'Partiel', extras });
        // No ID_Partenaire attribute in any letter case, and none of the identifiers' values.
        expect(xml).not.toMatch(/id_partenaire/i);
        expect(xml).not.toContain('ENTSECRET-');
        const { document } = parseIdentifiantsPronote(xml);
        expect(document.mode).toBe('Partiel');
        const all = [...document.personnels, ...document.professeurs, ...document.responsables, ...document.eleves];
        expect(all.every((p) => p.idPartenaire === undefined)).toBe(true);
        // Exactly the people without an identifier, in order.
        for (const population of ['personnels', 'professeurs', 'responsables', 'eleves'] as const) {
          expect(document[population].map((p) => p.idpn)).toEqual(doc[population].filter((p) => p.idPartenaire === undefined).map((p) => p.idpn));
        }
        // References only to the parents written (parse validated them), and none lost among them.
        const kept = new Set(document.responsables.map((r) => r.ident));
        document.eleves.forEach((e) => {
          const before = doc.eleves.find((x) => x.ident === e.ident);
          expect(e.responsables).toEqual(before?.responsables.filter((r) => kept.has(r)));
        });
        if (extras === 'keep') expect(document).toStrictEqual(selectIdentifiantsPronote(doc, 'Partiel'));
      }),
      { numRuns: RUNS },
    );
  });

  it('a document that says Complet but is built with mode Partiel is written Partiel; Complet on a Partiel document writes everyone', () => {
    fc.assert(
      fc.property(docArb({ mode: 'Partiel' }), (doc) => {
        const xml = buildIdentifiantsPronote(doc, { mode: 'Complet' });
        expect(parseIdentifiantsPronote(xml).document).toStrictEqual({ ...doc, mode: 'Complet' });
      }),
      { numRuns: 50 },
    );
  });
});
