/**
 * Builds an identifier file and seals it in an `EXPORT_INDEX_EDUCATION` envelope, as PRONOTE
 * delivers it to the ENT partner.
 *
 * @module
 */

import { expectModel } from '../common/arguments';
import { sealExportIndexEducation } from '../envelope/export-index-education/seal';
import type { ExportPartner, PublicKeyArgument, SealExportOptions } from '../envelope/types';
import { buildIdentifiantsPronote, type BuildIdentifiantsPronoteOptions } from './build';
import type { IdentifiantsPronote } from './model';

/**
 * Options of {@link sealIdentifiantsPronote}: those of the builder (`mode`, `extras`,
 * `xmlDeclaration`; the plaintext BOM is the envelope's `bom`) and those of the envelope.
 * `uai` and `date` default to the document's `UAI` and `Date`; `logiciel` to `PRONOTE`.
 */
export interface SealIdentifiantsPronoteOptions extends Omit<BuildIdentifiantsPronoteOptions, 'bom'>, SealExportOptions {}

function isPartnerList(value: readonly ExportPartner[] | PublicKeyArgument): value is readonly ExportPartner[] {
  return Array.isArray(value);
}

/**
 * Builds the identifier file of `doc` (see {@link buildIdentifiantsPronote}) and seals it in an
 * `EXPORT_INDEX_EDUCATION` envelope (see `sealExportIndexEducation`) for one or two partners.
 * Given a single public key instead of a partner list, the key block is named after the
 * document's `Socle` (the ENT the file is for, as in `IdPN_To_<SOCLE>.xml`).
 *
 * Mostly for tests, fixtures and partners' test tools: in production PRONOTE writes this file.
 *
 * @throws {@link EntPronoteError} the errors of the builder (`ERR_SCHEMA`, `ERR_ARGUMENT`) and of
 *   the sealer (`ERR_ARGUMENT`, key errors).
 * @example
 * ```ts
 * const envelope = sealIdentifiantsPronote(doc, [{ nom: 'KOSMOS', publicKey: entPublicKey }]);
 * const same = sealIdentifiantsPronote(doc, entPublicKey); // key block named doc.socle
 * ```
 */
export function sealIdentifiantsPronote(
  doc: IdentifiantsPronote,
  partnerKeys: readonly ExportPartner[] | PublicKeyArgument,
  options: SealIdentifiantsPronoteOptions = {},
): string {
  expectModel(doc, 'doc', 'an IdentifiantsPronote model', ['personnels', 'professeurs', 'responsables', 'eleves']);
  const { mode, extras, xmlDeclaration, ...sealOptions } = options;
  const buildOptions: BuildIdentifiantsPronoteOptions = {};
  if (mode !== undefined) buildOptions.mode = mode;
  if (extras !== undefined) buildOptions.extras = extras;
  if (xmlDeclaration !== undefined) buildOptions.xmlDeclaration = xmlDeclaration;
  const xml = buildIdentifiantsPronote(doc, buildOptions);
  const partners = isPartnerList(partnerKeys) ? partnerKeys : [{ nom: doc.socle, publicKey: partnerKeys }];
  return sealExportIndexEducation(xml, partners, { uai: doc.uai, date: doc.date, ...sealOptions });
}
