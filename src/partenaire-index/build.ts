/**
 * Writes a {@link PartenaireIndex} model as XML.
 *
 * @module
 */

import { expectModel, expectOptions } from '../common/arguments';
import { MODEL_LISTS } from './vocabulary';
import { joinBounded, type Limits } from '../limits';
import type { PartenaireIndex } from './model';
import { writePartenaireIndex } from './write';

/** Options of {@link buildPartenaireIndex}. */
export interface BuildPartenaireIndexOptions {
  /**
   * Indent the output, one element per line (default true, as the public ENT implementation
   * writes it). `false` writes everything on one line after the declaration.
   */
  indent?: boolean;
  /**
   * Check the model (every error-level rule of {@link validatePartenaireIndex}, applied while
   * writing) and refuse it with `ERR_SCHEMA` listing the problems (default true). Turn off only
   * for a model you have just validated yourself.
   */
  validate?: boolean;
  /** Limits used by the validation. */
  limits?: Partial<Limits>;
}

/**
 * Checks the model and writes it as a `PARTENAIRE_INDEX` v2.0 XML document: UTF-8 declaration,
 * default namespace {@link PARTENAIRE_INDEX_NAMESPACE}, elements in schema order, empty
 * population lists left out, attribute values escaped so that any Unicode value reads back
 * exactly (`"`, `&`, `<`, `>`, tab, CR and LF as references; non-BMP characters as such).
 *
 * @throws EntPronoteError `ERR_SCHEMA` when validation finds an error (the error lists the
 * problems with their paths), including characters XML 1.0 forbids (never silently dropped);
 * `ERR_LIMIT` when the document would be longer than the longest string the runtime can hold
 * (`MAX_STRING_BYTES`; `sealPartenaireIndex` streams and has no such bound).
 *
 * @example
 * ```ts
 * const xml = buildPartenaireIndex(doc);
 * const sealed = sealImportChiffre(xml, vendorKey, { partenaire: 'MONENT', uai: '0410017W' });
 * ```
 */
export function buildPartenaireIndex(doc: PartenaireIndex, options: BuildPartenaireIndexOptions = {}): string {
  expectModel(doc, 'doc', 'a PartenaireIndex model', MODEL_LISTS, ['etablissements']);
  expectOptions(options);
  return joinBounded(writePartenaireIndex(doc, options), 'the PARTENAIRE_INDEX document');
}
