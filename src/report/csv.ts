/**
 * The CSV report of a matching, one row per person, for a spreadsheet in a French locale:
 * UTF-8 with a byte order mark (so that Excel reads the accents), `;` as separator, CRLF line
 * ends and RFC 4180 quoting (a field holding `;`, `"`, CR or LF is quoted, quotes doubled).
 * Cells are formula-injection safe (OWASP "CSV injection"): a cell starting with `=`, `+`, `-`,
 * `@`, tab or CR is prefixed with `'` so that no spreadsheet evaluates it.
 *
 * The file starts with a short preamble (title, generation date, school, files, mode, then an
 * empty line; `preamble: false` leaves it out), then the header row {@link MATCH_CSV_COLUMNS}
 * and one row per person. Labels are French, the same words as the HTML report and the
 * supervision page; birth dates are `dd/mm/yyyy`; a link is one row with both sides; an
 * ambiguous person lists its candidates (`Nom Prénom (date) [identifier]`, separated by ` | `),
 * at most the matching's `candidateLimit`, then `… et N autres`.
 *
 * @module
 */

import { expectMatchResult, expectOptions, expectString } from '../common/arguments';
import { neutralizeFormula, quoteCsvField } from '../common/csv';
import type { EntPerson, MatchResult, PronotePerson } from '../match/types';
import { type ReportInfo, schoolLine, sourcesLine } from './info';
import { frenchDate, frenchDateTime, linkNote, MODE_LABELS, POPULATION_LABELS, REASON_LABELS, SIDE_LABELS, STATUS_LABELS } from './labels';
import { heldId, reportRows } from './rows';

/** Options of {@link renderMatchCsv}. */
export interface RenderMatchCsvOptions extends ReportInfo {
  /** Start with the preamble (title, date, school, files, mode), default true. */
  readonly preamble?: boolean;
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
  'Identifiant ENT (ID_Partenaire)',
  'ENT : nom',
  'ENT : prénom',
  'ENT : né(e) le',
  'Identifiant PRONOTE (IDPN)',
  'PRONOTE : Ident',
  'PRONOTE : nom',
  'PRONOTE : prénom',
  'PRONOTE : né(e) le',
  'Identifiant ENT déjà dans PRONOTE',
  'À enregistrer',
  'Candidats',
]);

/**
 * One CSV field: neutralised against formula injection (a cell that starts with `=` `+` `-` `@`,
 * possibly after spaces, tabs, CR or LF that a spreadsheet trims on import, or that starts with
 * tab, CR or LF, gets a `'` prefix), then quoted per RFC 4180 when it holds `;`, `"`, CR or LF.
 */
export function csvField(value: string): string {
  expectString(value, 'value');
  return quoteCsvField(neutralizeFormula(value));
}

function entLabel(p: EntPerson): string {
  return `${p.nom} ${p.prenom}${p.dateNaissance !== undefined ? ` (${frenchDate(p.dateNaissance)})` : ''} [${p.idPartenaire}]`;
}

function proLabel(p: PronotePerson): string {
  return `${p.nom} ${p.prenom}${p.dateNaissance !== undefined ? ` (${frenchDate(p.dateNaissance)})` : ''}${p.idpn !== undefined ? ` [${p.idpn}]` : ''}`;
}

/** The preamble lines (already CSV). */
function preamble(result: MatchResult, options: RenderMatchCsvOptions): string[] {
  const lines: string[][] = [['Rapprochement ENT ⇄ PRONOTE'], ['Généré le', frenchDateTime(options.generatedAt ?? new Date())]];
  const school = schoolLine(options);
  if (school !== undefined) lines.push(['Établissement', school]);
  const sources = sourcesLine(options);
  if (sources !== undefined) lines.push(['Fichiers', sources]);
  lines.push(['Mode', MODE_LABELS[result.mode]]);
  return [...lines.map((l) => l.map(csvField).join(';')), ''];
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
  expectMatchResult(result);
  expectOptions(options);
  const lines: string[] = [...(options.preamble === false ? [] : preamble(result, options)), MATCH_CSV_COLUMNS.map(csvField).join(';')];
  for (const row of reportRows(result, { include: options.include ?? 'all' })) {
    const e = row.ent;
    const p = row.pronote;
    const listed = row.pronoteCandidates?.map(proLabel) ?? row.entCandidates?.map(entLabel) ?? [];
    const rest = (row.candidateCount ?? listed.length) - listed.length;
    if (rest > 0) listed.push(`… et ${rest} autre${rest > 1 ? 's' : ''}`);
    const candidates = listed.join(' | ');
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
      frenchDate(e?.dateNaissance),
      p?.idpn ?? '',
      p !== undefined ? String(p.ident) : '',
      p?.nom ?? '',
      p?.prenom ?? '',
      frenchDate(p?.dateNaissance),
      p !== undefined ? (heldId(p) ?? '') : '',
      row.apply === undefined ? '' : row.apply ? 'oui' : 'non',
      candidates,
    ];
    lines.push(cells.map(csvField).join(';'));
  }
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
