import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifiantsPronoteXsd } from '../../src/identifiants-pronote/xsd';
import { ATTRIBUTES } from '../../src/identifiants-pronote/vocabulary';

describe('schema/identifiants-pronote.xsd', () => {
  it('is the schema derived from the vocabulary (run `npm run schema` after changing src/identifiants-pronote/vocabulary.ts)', () => {
    const committed = readFileSync(new URL('../../schema/identifiants-pronote.xsd', import.meta.url), 'utf8');
    expect(committed).toBe(identifiantsPronoteXsd());
  });

  it('declares every attribute of the vocabulary, once per element that carries it', () => {
    const xsd = identifiantsPronoteXsd();
    for (const a of ATTRIBUTES) {
      const declared = xsd.split(`<xs:attribute name="${a.xml}" `).length - 1;
      expect({ attribute: a.xml, declared }).toEqual({ attribute: a.xml, declared: Object.keys(a.on).length });
    }
  });
});
