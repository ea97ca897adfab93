/**
 * Writes the `EXPORT_INDEX_EDUCATION` envelope: no namespace, elements in the vendor's order.
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { attr, escapeText } from '../../internal/xml/escape';
import { dateOption, optionsObject, textOption } from '../seal-common';
import type { SealExportOptions } from '../types';

/** The checked clear metadata of an EXPORT_INDEX_EDUCATION envelope. */
export interface ExportMeta {
  readonly version: string;
  readonly logiciel: string;
  readonly date: string;
  readonly uai?: string;
  readonly nomEtablissement?: string;
  readonly codePostalVille?: string;
  readonly compress: boolean;
  readonly bom: boolean;
}

function booleanOption(name: string, value: unknown, byDefault: boolean): boolean {
  if (value === undefined) return byDefault;
  if (typeof value !== 'boolean') throw new EntPronoteError('ERR_ARGUMENT', `option ${name} must be a boolean`);
  return value;
}

/**
 * Checks the options of `sealExportIndexEducation`.
 *
 * @throws EntPronoteError `ERR_ARGUMENT`.
 */
export function exportMeta(input: SealExportOptions | undefined): ExportMeta {
  const options = optionsObject(input, false);
  const uai = textOption('uai', options.uai);
  if (uai !== undefined && !isUaiFormat(uai)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'option uai must be a UAI: 7 digits and an upper-case letter (e.g. 0410017W)');
  }
  const nomEtablissement = textOption('nomEtablissement', options.nomEtablissement);
  const codePostalVille = textOption('codePostalVille', options.codePostalVille);
  return {
    version: textOption('version', options.version, { nonEmpty: true }) ?? '1.0',
    logiciel: textOption('logiciel', options.logiciel, { nonEmpty: true }) ?? 'PRONOTE',
    date: dateOption('date', options.date),
    ...(uai !== undefined ? { uai } : {}),
    ...(nomEtablissement !== undefined ? { nomEtablissement } : {}),
    ...(codePostalVille !== undefined ? { codePostalVille } : {}),
    compress: booleanOption('compress', options.compress, true),
    bom: booleanOption('bom', options.bom, true),
  };
}

/** The envelope text, from its metadata and base64 fields. */
export function writeExport(meta: ExportMeta, keyBlocks: ReadonlyArray<{ nom: string; cle: string }>, contenu: string, verification: string): string {
  const base = '/EXPORT_INDEX_EDUCATION';
  const el = (name: string, value: string | undefined) =>
    value === undefined ? '' : `  <${name}>${escapeText(value, `${base}/${name}`)}</${name}>\n`;
  let cles = '';
  keyBlocks.forEach((k, i) => {
    cles += `    <PARTENAIRE${attr('NOM', k.nom, `${base}/CLES/PARTENAIRE[${i + 1}]/@NOM`)}>${k.cle}</PARTENAIRE>\n`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<EXPORT_INDEX_EDUCATION>\n' +
    el('VERSION', meta.version) +
    el('LOGICIEL', meta.logiciel) +
    `  <CLES>\n${cles}  </CLES>\n` +
    `  <CONTENU CompresseAvantChiffrement="${meta.compress ? 'true' : 'false'}">${contenu}</CONTENU>\n` +
    `  <VERIFICATION>${verification}</VERIFICATION>\n` +
    el('DATEHEURE', meta.date) +
    el('UAI', meta.uai) +
    el('NOMETABLISSEMENT', meta.nomEtablissement) +
    el('CODEPOSTALVILLE', meta.codePostalVille) +
    '</EXPORT_INDEX_EDUCATION>\n'
  );
}
