/**
 * Writes `schema/partenaire-index.xsd` and `schema/identifiants-pronote.xsd` from their
 * vocabularies (`npm run schema`). Run it after changing `src/partenaire-index/vocabulary.ts` or
 * `src/identifiants-pronote/vocabulary.ts`; a test fails while a committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { identifiantsPronoteXsd } from '../src/identifiants-pronote/xsd';
import { partenaireIndexXsd } from '../src/partenaire-index/xsd';

const SCHEMAS: readonly { file: string; vocabulary: string; text: () => string }[] = [
  { file: 'partenaire-index.xsd', vocabulary: 'src/partenaire-index/vocabulary.ts', text: partenaireIndexXsd },
  { file: 'identifiants-pronote.xsd', vocabulary: 'src/identifiants-pronote/vocabulary.ts', text: identifiantsPronoteXsd },
];

for (const schema of SCHEMAS) {
  const target = new URL(`../schema/${schema.file}`, import.meta.url);
  const text = schema.text();
  const before = readFileSync(target, 'utf8');
  if (before === text) {
    console.log(`schema/${schema.file} is up to date`);
  } else {
    writeFileSync(target, text);
    console.log(`schema/${schema.file} written from ${schema.vocabulary}`);
  }
}
