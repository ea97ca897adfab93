import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeBirthDate, EntPronoteError, buildIdentifiantsPronote, parseIdentifiantsPronote, validateIdentifiantsPronote } from '../../src/index';
import { isIsoDate } from '../../src/common/dates';
import { data } from './samples';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const VARIANT = data('variant-bom-case.xml').toString('utf8');
const GOLDEN = data('IdPN_To_KOSMOS-complet.xml').toString('utf8');

/** Small edits of a text: replace, insert or delete a few characters, often XML-significant ones. */
const edit = fc.tuple(
  fc.nat(),
  fc.nat(8),
  fc.oneof(fc.constantFrom('', '<', '>', '"', '&', '/', '=', ' ', 'x', 'Eleve', '<Eleve Ident="1"/>', '&#0;', '\u0001', 'é', 'ID_Partenaire="z"', 'Mode="Partiel"'), fc.string({ maxLength: 4 })),
);

function applyEdits(text: string, edits: readonly [number, number, string][]): string {
  let out = text;
  for (const [at, del, ins] of edits) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + ins + out.slice(i + del);
  }
  return out;
}

describe('reader robustness (property)', () => {
  it('on any edit of a valid or variant file, parsing gives a valid, buildable document or a coded error', () => {
    fc.assert(
      fc.property(fc.constantFrom(GOLDEN, VARIANT), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        const mutated = applyEdits(text, edits);
        let parsed;
        try {
          parsed = parseIdentifiantsPronote(mutated);
        } catch (e) {
          expect(e).toBeInstanceOf(EntPronoteError);
          expect(['ERR_XML', 'ERR_SCHEMA', 'ERR_DOCTYPE']).toContain((e as EntPronoteError).code);
          return;
        }
        expect(validateIdentifiantsPronote(parsed.document).filter((p) => p.severity === 'error')).toEqual([]);
        // What was read can be written and reads back the same.
        expect(parseIdentifiantsPronote(buildIdentifiantsPronote(parsed.document)).document).toStrictEqual(parsed.document);
      }),
      { numRuns: RUNS },
    );
  });

  it('isIsoDate agrees with normalizeBirthDate(value) === value', () => {
    const dateLike = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('2000-02-29', '1900-02-29', '2024-02-29', '2023-02-29', '0000-01-01', ' 2010-01-01', '2010-01-01Z', '2010/01/01', '2010-1-01', '١٢٣٤-01-01'),
    );
    fc.assert(
      fc.property(dateLike, (v) => {
        expect(isIsoDate(v)).toBe(normalizeBirthDate(v) === v);
      }),
      { numRuns: 2000 },
    );
  });
});
