/**
 * The one result shape of every parse, read and open of the library.
 *
 * @module
 */

import type { Problem } from '../errors';

/**
 * What every parse, read and open returns: the document read, and the problems found on the way
 * that did not refuse it (warnings; with `onInvalidRecord: 'skip'`, the errors of the records left
 * out). A reader that has counts adds `stats`; an open adds `envelope`.
 *
 * | Function | Result |
 * | --- | --- |
 * | `parsePartenaireIndex` | `{ document, problems }` |
 * | `openPartenaireIndex` | `{ document, problems, envelope }` |
 * | `parseIdentifiantsPronote` | `{ document, problems }` |
 * | `openIdentifiantsPronote` | `{ document, problems, envelope? }` |
 * | `readCsvAccounts`, `readJsonAccounts`, `readAafFeed` (`ent-pronote/input`) | `{ document, problems, stats }` |
 * | `readIdentifiantsPronoteCsv` (`ent-pronote/input`) | `{ document, problems }` |
 *
 * @example
 * ```ts
 * const { document, problems } = parseIdentifiantsPronote(xml);
 * for (const p of problems) console.warn(`${p.path}: ${p.message}`);
 * ```
 */
export interface ReadResult<D> {
  /** The document read. */
  document: D;
  /** Problems that did not refuse the document, in the order found (empty when there is none). */
  problems: Problem[];
}
