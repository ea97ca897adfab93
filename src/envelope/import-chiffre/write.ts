/**
 * Writes the `ImportChiffre` container: the XML declaration, the default namespace, the elements
 * in the schema's order.
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { attr, escapeText } from '../../internal/xml/escape';
import { dateOption, optionsObject, textOption } from '../seal-common';
import { IMPORT_CHIFFRE_NAMESPACE, type SealImportChiffreOptions } from '../types';

/** The checked clear metadata of a container. */
export interface ImportChiffreMeta {
  readonly partenaire: string;
  readonly description: string;
  readonly version: string;
  readonly date: string;
  readonly uai: string;
}

/**
 * Checks the options of the `ImportChiffre` sealers.
 *
 * @throws EntPronoteError `ERR_ARGUMENT`.
 */
export function importChiffreMeta(input: SealImportChiffreOptions): ImportChiffreMeta {
  const options = optionsObject(input, true);
  const uai = textOption('uai', options.uai, { required: true }) as string;
  if (!isUaiFormat(uai)) throw new EntPronoteError('ERR_ARGUMENT', 'option uai must be a UAI: 7 digits and an upper-case letter (e.g. 0410017W)');
  return {
    partenaire: textOption('partenaire', options.partenaire, { required: true, nonEmpty: true }) as string,
    description: textOption('description', options.description) ?? '',
    version: textOption('version', options.version, { nonEmpty: true }) ?? '1.0',
    date: dateOption('date', options.date),
    uai,
  };
}

/** The container text, from its metadata and its base64 fields. */
export function writeImportChiffre(meta: ImportChiffreMeta, cle: string, contenu: string, verification: string): string {
  const el = (name: string, value: string) => `  <${name}>${escapeText(value, `/ImportChiffre/${name}`)}</${name}>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ImportChiffre xmlns="${IMPORT_CHIFFRE_NAMESPACE}"${attr('Version', meta.version)}>\n` +
    el('Partenaire', meta.partenaire) +
    el('Description', meta.description) +
    `  <Cle>${cle}</Cle>\n` +
    `  <Contenu>${contenu}</Contenu>\n` +
    `  <Verification>${verification}</Verification>\n` +
    el('DateExport', meta.date) +
    el('UAI', meta.uai) +
    '</ImportChiffre>\n'
  );
}
