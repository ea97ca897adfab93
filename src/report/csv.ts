/**
 * The CSV report of a matching, one row per person, for a spreadsheet in a French locale:
 * UTF-8 with a byte order mark (so that Excel reads the accents), `;` as separator, CRLF line
 * ends and RFC 4180 quoting (a field holding `;`, `"`, CR or LF is quoted, quotes doubled).
 * Cells are formula-injection safe (OWASP "CSV injection"): a cell starting with `=`, `+`, `-`,
 * `@`, tab or CR is prefixed with `'` so that no spreadsheet evaluates it.
 *
 * Columns: `Population`, `Statut`, `Motif`, `Côté`, `ENT ID_Partenaire`, `ENT Nom`,
 * `ENT Prénom`, `ENT Date de naissance`, `PRONOTE IDPN`, `PRONOTE Ident`, `PRONOTE Nom`,
 * `PRONOTE Prénom`, `PRONOTE Date de naissance`, `ID_Partenaire détenu par PRONOTE`,
 * `À enregistrer`, `Candidats`. Labels are French; a link is one row with both sides; an
 * ambiguous person lists its candidates (`Nom Prénom (date) [identifier]`, separated by ` | `).
 *
 * @module
 */

import type { EntPerson, MatchResult, PronotePerson } from '../match/types';
import { linkNote, POPULATION_LABELS, REASON_LABELS, SIDE_LABELS, STATUS_LABELS } from './labels';
import { heldId, reportRows } from './rows';

/** Options of {@link renderMatchCsv}. */
export interface RenderMatchCsvOptions {
  /** Start with a UTF-8 byte order mark (default true: Excel needs it to read UTF-8). */
  readonly bom?: boolean;
  /** `problems` leaves out the links that need nothing (`matched`, `confirmed`). Default `all`. */
  readonly include?: 'all' | 'problems';
}

/** The header row. */
export const MATCH_CSV_COLUMNS: readonly string[] = Object.freeze([
  'Population',
  'Statut',
  'Motif',
  'Côté',
  'ENT ID_Partenaire',
  'ENT Nom',
  'ENT Prénom',
  'ENT Date de naissance',
  'PRONOTE IDPN',
  'PRONOTE Ident',
  'PRONOTE Nom',
  'PRONOTE Prénom',
  'PRONOTE Date de naissance',
  'ID_Partenaire détenu par PRONOTE',
  'À enregistrer',
  'Candidats',
]);

const NEEDS_QUOTES = /[;"\r\n]/;

/**
 * One CSV field: neutralised against formula injection (leading `=` `+` `-` `@` tab CR get a
 * `'` prefix), then quoted per RFC 4180 when it holds `;`, `"`, CR or LF.
 */
export function csvField(value: string): string {
  let v = value;
  if (v.length > 0) {
    const c = v.charCodeAt(0);
    // = + - @ TAB CR
    if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) v = `'${v}`;
  }
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function entLabel(p: EntPerson): string {
  return `${p.nom} ${p.prenom}${p.dateNaissance !== undefined ? ` (${p.dateNaissance})` : ''} [${p.idPartenaire}]`;
}

function proLabel(p: PronotePerson): string {
  return `${p.nom} ${p.prenom}${p.dateNaissance !== undefined ? ` (${p.dateNaissance})` : ''}${p.idpn !== undefined ? ` [${p.idpn}]` : ''}`;
}

/**
 * Renders a matching report as CSV text (see the module documentation).
 *
 * @example
 * ```ts
 * writeFileSync('rapprochement.csv', renderMatchCsv(result));
 * ```
 */
export function renderMatchCsv(result: MatchResult, options: RenderMatchCsvOptions = {}): string {
  const lines: string[] = [MATCH_CSV_COLUMNS.map(csvField).join(';')];
  for (const row of reportRows(result, { include: options.include ?? 'all' })) {
    const e = row.ent;
    const p = row.pronote;
    const candidates =
      row.pronoteCandidates !== undefined
        ? row.pronoteCandidates.map(proLabel).join(' | ')
        : row.entCandidates !== undefined
          ? row.entCandidates.map(entLabel).join(' | ')
          : '';
    const cells = [
      POPULATION_LABELS[row.population],
      STATUS_LABELS[row.status],
      row.reason !== undefined
        ? REASON_LABELS[row.reason]
        : row.status !== 'ambiguous' && row.status !== 'unmatched'
          ? linkNote(row.status, row.apply === true, row.previousIdPartenaire)
          : '',
      SIDE_LABELS[row.side],
      e?.idPartenaire ?? '',
      e?.nom ?? '',
      e?.prenom ?? '',
      e?.dateNaissance ?? '',
      p?.idpn ?? '',
      p !== undefined ? String(p.ident) : '',
      p?.nom ?? '',
      p?.prenom ?? '',
      p?.dateNaissance ?? '',
      p !== undefined ? (heldId(p) ?? '') : '',
      row.apply === undefined ? '' : row.apply ? 'oui' : 'non',
      candidates,
    ];
    lines.push(cells.map(csvField).join(';'));
  }
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
