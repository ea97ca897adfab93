/**
 * Value rules shared by the input adapters: options check, civility and sex from a title,
 * address lines, characters XML cannot carry.
 *
 * @internal
 * @module
 */

import { isXsDateTime } from '../common/dates';
import { EntPronoteError } from '../errors';
import { findForbiddenChar } from '../internal/xml/chars';
import type { Adresse, Sexe } from '../partenaire-index/model';
import type { InputOptions } from './problems';
import { isArrayValue } from '../common/arguments';
import { codeUnitName } from '../common/code-unit';

/** Checks the options every adapter shares; throws `ERR_ARGUMENT`. */
export function checkInputOptions(options: Partial<InputOptions>, requireHeader: boolean): void {
  if (typeof options !== 'object' || options === null) throw new EntPronoteError('ERR_ARGUMENT', 'options must be an object');
  if (options.date !== undefined || requireHeader) {
    if (typeof options.date !== 'string' || !isXsDateTime(options.date)) {
      throw new EntPronoteError('ERR_ARGUMENT', 'options.date must be an xs:dateTime such as 2026-09-01T08:00:00+02:00');
    }
  }
  if (options.partenaire !== undefined || requireHeader) {
    if (typeof options.partenaire !== 'string' || options.partenaire.trim() === '') {
      throw new EntPronoteError('ERR_ARGUMENT', 'options.partenaire must be the partner ID issued by Index-Education (not empty)');
    }
  }
  const proto = options.protocoleDelegationAuthentification;
  if (proto !== undefined && proto !== 'CAS' && proto !== 'ADFS') {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.protocoleDelegationAuthentification must be CAS or ADFS');
  }
  const geres = options.etablissementsGeres;
  if (geres !== undefined && (!Array.isArray(geres) || geres.some((g) => typeof g !== 'string'))) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.etablissementsGeres must be an array of UAIs');
  }
  const policy = options.onInvalidRecord;
  if (policy !== undefined && policy !== 'skip' && policy !== 'error') {
    throw new EntPronoteError('ERR_ARGUMENT', "options.onInvalidRecord must be 'skip' or 'error'");
  }
  if (options.onProblem !== undefined && typeof options.onProblem !== 'function') {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.onProblem must be a function');
  }
}

/** Normalises the `uai` filter option to a set of upper-case UAIs (undefined: no filter). */
export function uaiFilter(uai: string | readonly string[] | undefined): Set<string> | undefined {
  if (uai === undefined) return undefined;
  const list = typeof uai === 'string' ? [uai] : uai;
  if (!isArrayValue(list) || list.length === 0 || list.some((u) => typeof u !== 'string' || u.trim() === '')) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.uai must be a UAI or a non-empty array of UAIs');
  }
  return new Set(list.map((u) => u.trim().toUpperCase()));
}

/** Folds a label for lenient comparison: trimmed, accents removed, lower case. */
export function foldLabel(value: string): string {
  return value
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Civility label of the default nomenclature from a title: `M` → `M`; `Mme`, `Mlle` → `Mme`
 * (case and accents ignored; `Monsieur`, `Madame`, `Mademoiselle` too). Undefined otherwise.
 */
export function civiliteFromTitle(title: string): 'M' | 'Mme' | undefined {
  if (title === 'M' || title === 'Mme') return title;
  if (title === 'Mlle') return 'Mme';
  switch (foldLabel(title).replace(/\.$/, '')) {
    case 'm':
    case 'mr':
    case 'monsieur':
      return 'M';
    case 'mme':
    case 'mlle':
    case 'madame':
    case 'mademoiselle':
      return 'Mme';
    default:
      return undefined;
  }
}

/** Sex from a title: `M` → `Masculin`, `Mme`/`Mlle` → `Feminin` (see {@link civiliteFromTitle}). */
export function sexeFromTitle(title: string): Sexe | undefined {
  const c = civiliteFromTitle(title);
  return c === 'M' ? 'Masculin' : c === 'Mme' ? 'Feminin' : undefined;
}

/** Sex from a CSV cell: `M`, `F`, `Masculin`, `Feminin` (case and accents ignored). */
export function parseSexe(value: string): Sexe | undefined {
  switch (foldLabel(value)) {
    case 'm':
    case 'masculin':
      return 'Masculin';
    case 'f':
    case 'feminin':
      return 'Feminin';
    default:
      return undefined;
  }
}

/**
 * Why a value cannot be exported (a character XML 1.0 forbids, or too long), or undefined.
 * The message names the character's code point and position, never the value.
 */
export function valueDefect(value: string, maxLength: number): { rule: string; message: string } | undefined {
  if (value.length > maxLength) return { rule: 'length', message: `is longer than ${maxLength} characters (limits.maxAttributeLength)` };
  const bad = findForbiddenChar(value);
  if (bad === -1) return undefined;
  return { rule: 'char', message: `character ${codeUnitName(value, bad)} at position ${bad + 1} cannot be written in XML 1.0` };
}

/**
 * Address lines → `adresse1..4`: empty lines are dropped; lines beyond the fourth are joined to
 * the fourth with a space, so that nothing is lost.
 */
export function addressLines(lines: readonly string[], to: Adresse): void {
  const kept = lines.map((l) => l.trim()).filter((l) => l !== '');
  if (kept.length > 4) kept.splice(3, kept.length - 3, kept.slice(3).join(' '));
  if (kept[0] !== undefined) to.adresse1 = kept[0];
  if (kept[1] !== undefined) to.adresse2 = kept[1];
  if (kept[2] !== undefined) to.adresse3 = kept[2];
  if (kept[3] !== undefined) to.adresse4 = kept[3];
}
