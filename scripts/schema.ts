/**
 * Writes `schema/partenaire-index.xsd` from the vocabulary (`npm run schema`). Run it after
 * changing `src/partenaire-index/vocabulary.ts`; a test fails while the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { partenaireIndexXsd } from '../src/partenaire-index/xsd';

const target = new URL('../schema/partenaire-index.xsd', import.meta.url);
const text = partenaireIndexXsd();
const before = readFileSync(target, 'utf8');
if (before === text) {
  console.log('schema/partenaire-index.xsd is up to date');
} else {
  writeFileSync(target, text);
  console.log('schema/partenaire-index.xsd written from src/partenaire-index/vocabulary.ts');
}
