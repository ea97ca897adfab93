import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntPronoteError, buildPartenaireIndex, type PartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { partenaireIndex } from './arbitraries';

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
