import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partenaireIndexXsd } from '../../src/partenaire-index/xsd';
import { ATTRIBUTES } from '../../src/partenaire-index/vocabulary';

describe('schema/partenaire-index.xsd', () => {
  it('is the schema derived from the vocabulary (run `npm run schema` after changing src/partenaire-index/vocabulary.ts)', () => {
    const committed = readFileSync(new URL('../../schema/partenaire-index.xsd', import.meta.url), 'utf8');
    expect(committed).toBe(partenaireIndexXsd());
  });

  it('declares every attribute of the vocabulary, once per element that carries it', () => {
    const xsd = partenaireIndexXsd();
    for (const a of ATTRIBUTES) {
      const declared = xsd.split(`<xs:attribute name="${a.xml}" `).length - 1;
      // EtablissementsGeres/Etablissement's Ident is the RefIdent type's, shared with the child references.
      const expected = Object.keys(a.on).length;
      expect({ attribute: a.xml, declared }).toEqual({ attribute: a.xml, declared: expected });
    }
  });
});
