/**
 * The HTML report of a matching: one self-contained page (no external asset, no network
 * access) for the administrator, like PRONOTE's supervision table: a summary of the counts per
 * population, then per population the table of people with filters (all, linked, conflicts,
 * ambiguous, unmatched).
 *
 * Safety: every value is HTML-escaped; the page carries a strict Content Security Policy
 * (`default-src 'none'`, the one inline style sheet and the one inline script allowed by their
 * SHA-256 hashes, no base URI, no form target, no referrer), so that nothing in the data can run
 * code or load anything even if it escaped. Without JavaScript all rows are shown.
 *
 * Stable hooks (for tests and styling): `#summary` table with `tr[data-population]` rows and
 * `td[data-count=<key>]` cells; `section.population[data-population]` with
 * `button[data-filter=all|linked|conflict|ambiguous|unmatched]` and body rows
 * `tr[data-status][data-group=linked|ambiguous|unmatched]`.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import type { EntPerson, MatchResult, PopulationCounts, PronotePerson } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { linkNote, POPULATION_LABELS, REASON_LABELS, SIDE_LABELS, STATUS_LABELS } from './labels';
import { heldId, populationRows, type ReportRow } from './rows';

/** Options of {@link renderMatchHtml}. */
export interface RenderMatchHtmlOptions {
  /** Page title (default `Rapprochement ENT ⇄ PRONOTE`). */
  readonly title?: string;
  /** A line under the title, e.g. the school and the date (escaped). */
  readonly subtitle?: string;
  /** `problems` leaves out the links that need nothing (`matched`, `confirmed`). Default `all`. */
  readonly include?: 'all' | 'problems';
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}
p.meta{margin:0 0 1rem;color:#555}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0;position:sticky;top:0}
#summary td{text-align:right;font-variant-numeric:tabular-nums}
#summary tr.total th,#summary tr.total td{font-weight:bold;background:#fafafa}
.filters{margin:.5rem 0}
.filters button{font:inherit;margin:0 .25rem .25rem 0;padding:.25rem .6rem;border:1px solid #888;border-radius:.25rem;background:#fff;cursor:pointer}
.filters button[aria-pressed="true"]{background:#1b4f9c;border-color:#1b4f9c;color:#fff}
tr[data-status="matched"] td.status,tr[data-status="confirmed"] td.status{color:#17663a}
tr[data-status="manual"] td.status{color:#1b4f9c}
tr[data-status="conflict"] td.status{color:#9c5a00;font-weight:bold}
tr[data-status="ambiguous"] td.status{color:#9c1b1b;font-weight:bold}
tr[data-status="unmatched"] td.status{color:#6b6b6b;font-weight:bold}
td ul{margin:0;padding-left:1.1rem}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
p.empty{color:#555;font-style:italic}
`;

const SCRIPT = `
(function () {
  var sections = document.querySelectorAll('section.population');
  Array.prototype.forEach.call(sections, function (section) {
    var buttons = section.querySelectorAll('button[data-filter]');
    var rows = section.querySelectorAll('tbody tr');
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener('click', function () {
        var f = button.getAttribute('data-filter');
        Array.prototype.forEach.call(buttons, function (b) {
          b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
        });
        Array.prototype.forEach.call(rows, function (r) {
          r.hidden = !(f === 'all' || r.getAttribute('data-group') === f || r.getAttribute('data-status') === f);
        });
      });
    });
  });
})();
`;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/** The Content Security Policy of the page: nothing but its own inline style sheet and script. */
export const MATCH_HTML_CSP =
  `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; ` +
  `img-src 'none'; base-uri 'none'; form-action 'none'`;

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/g;

/** Escapes text for HTML content and double- or single-quoted attribute values. */
function esc(value: string): string {
  return value.replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c] as string);
}

const COUNT_COLUMNS: readonly [keyof PopulationCounts, string][] = [
  ['ent', 'Comptes ENT'],
  ['pronote', 'Personnes PRONOTE'],
  ['matched', 'Rapprochés'],
  ['confirmed', 'Confirmés'],
  ['conflict', 'Conflits'],
  ['manual', 'Manuels'],
  ['ambiguous', 'Ambigus'],
  ['unmatched', 'Non rapprochés'],
];

function summaryRow(attrs: string, label: string, c: PopulationCounts): string {
  const cells = COUNT_COLUMNS.map(([k]) => `<td data-count="${k}">${c[k]}</td>`).join('');
  return `<tr${attrs}><th scope="row">${esc(label)}</th>${cells}</tr>`;
}

function person(p: EntPerson | PronotePerson | undefined): string {
  if (p === undefined) return '<td></td><td></td>';
  return `<td>${esc(p.nom)} ${esc(p.prenom)}</td><td>${p.dateNaissance !== undefined ? esc(p.dateNaissance) : ''}</td>`;
}

function candidates(row: ReportRow): string {
  const items =
    row.pronoteCandidates?.map((c) => `${esc(c.nom)} ${esc(c.prenom)}${c.dateNaissance !== undefined ? ` (${esc(c.dateNaissance)})` : ''} <span class="id">${esc(c.idpn ?? '')}</span>`) ??
    row.entCandidates?.map((c) => `${esc(c.nom)} ${esc(c.prenom)}${c.dateNaissance !== undefined ? ` (${esc(c.dateNaissance)})` : ''} <span class="id">${esc(c.idPartenaire)}</span>`);
  return items === undefined ? '' : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function group(row: ReportRow): 'linked' | 'ambiguous' | 'unmatched' {
  return row.status === 'ambiguous' ? 'ambiguous' : row.status === 'unmatched' ? 'unmatched' : 'linked';
}

function bodyRow(row: ReportRow): string {
  const e = row.ent;
  const p = row.pronote;
  const held = p !== undefined ? heldId(p) : undefined;
  const note =
    row.reason !== undefined
      ? REASON_LABELS[row.reason]
      : row.status !== 'ambiguous' && row.status !== 'unmatched'
        ? linkNote(row.status, row.apply === true, row.previousIdPartenaire)
        : '';
  return (
    `<tr data-status="${row.status}" data-group="${group(row)}">` +
    `<td class="status">${esc(STATUS_LABELS[row.status])}</td>` +
    `<td>${esc(note)}</td>` +
    `<td>${esc(SIDE_LABELS[row.side])}</td>` +
    person(e) +
    `<td class="id">${e !== undefined ? esc(e.idPartenaire) : ''}</td>` +
    person(p) +
    `<td class="id">${p !== undefined ? esc(p.idpn ?? '') : ''}</td>` +
    `<td class="id">${held !== undefined ? esc(held) : ''}</td>` +
    `<td>${candidates(row)}</td>` +
    '</tr>'
  );
}

const TABLE_HEAD =
  '<thead><tr><th>Statut</th><th>Motif</th><th>Côté</th><th>ENT : nom et prénom</th><th>ENT : naissance</th>' +
  '<th>ID_Partenaire</th><th>PRONOTE : nom et prénom</th><th>PRONOTE : naissance</th><th>IDPN</th>' +
  '<th>ID_Partenaire détenu</th><th>Candidats</th></tr></thead>';

function section(result: MatchResult, population: Population, problemsOnly: boolean): string {
  const c = result.populations[population].counts;
  const linked = c.matched + c.confirmed + c.conflict + c.manual;
  const label = POPULATION_LABELS[population];
  const filters: [string, string, number][] = [
    ['all', 'Tous', linked + c.ambiguous + c.unmatched],
    ['linked', 'Rapprochés', linked],
    ['conflict', 'Conflits', c.conflict],
    ['ambiguous', 'Ambigus', c.ambiguous],
    ['unmatched', 'Non rapprochés', c.unmatched],
  ];
  const buttons = filters
    .map(([f, l, n], i) => `<button type="button" data-filter="${f}" aria-pressed="${i === 0 ? 'true' : 'false'}">${esc(l)} (${n})</button>`)
    .join('');
  const rows: string[] = [];
  for (const row of populationRows(result, population, problemsOnly)) rows.push(bodyRow(row));
  const table = rows.length === 0 ? '<p class="empty">Aucune personne.</p>' : `<table>${TABLE_HEAD}<tbody>${rows.join('\n')}</tbody></table>`;
  return (
    `<section class="population" id="pop-${population}" data-population="${population}" aria-labelledby="title-${population}">` +
    `<h2 id="title-${population}">${esc(label)}</h2>` +
    `<div class="filters" role="toolbar" aria-label="${esc(`Filtrer : ${label}`)}">${buttons}</div>` +
    `${table}</section>`
  );
}

/**
 * Renders a matching report as one self-contained HTML page (see the module documentation).
 * Names are shown: the page is for the school's administrator.
 *
 * @example
 * ```ts
 * writeFileSync('rapprochement.html', renderMatchHtml(result, { subtitle: 'Lycée X — 1er septembre' }));
 * ```
 */
export function renderMatchHtml(result: MatchResult, options: RenderMatchHtmlOptions = {}): string {
  const title = options.title ?? 'Rapprochement ENT ⇄ PRONOTE';
  const problemsOnly = options.include === 'problems';
  const head = `<thead><tr><th>Population</th>${COUNT_COLUMNS.map(([, l]) => `<th>${esc(l)}</th>`).join('')}</tr></thead>`;
  const summary = [
    ...POPULATIONS.map((p) => summaryRow(` data-population="${p}"`, POPULATION_LABELS[p], result.populations[p].counts)),
    summaryRow(' class="total" data-population="total"', 'Total', result.totals),
  ].join('');
  const mode = result.mode === 'complet' ? 'complet (les identifiants en conflit sont remplacés)' : 'partiel (les conflits sont signalés, non appliqués)';
  const ignored =
    result.ignoredDecisions.length > 0
      ? `<p class="meta">${result.ignoredDecisions.length} décision(s) manuelle(s) ignorée(s) : elles ne désignent personne de ces fichiers.</p>`
      : '';
  return (
    '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(MATCH_HTML_CSP)}">\n` +
    '<meta name="referrer" content="no-referrer">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header><h1>${esc(title)}</h1>${options.subtitle !== undefined ? `<p class="meta">${esc(options.subtitle)}</p>` : ''}` +
    `<p class="meta">Mode : <strong>${esc(mode)}</strong></p>${ignored}</header>\n<main>\n` +
    `<section aria-labelledby="summary-title"><h2 id="summary-title">Synthèse</h2><table id="summary">${head}<tbody>${summary}</tbody></table></section>\n` +
    POPULATIONS.map((p) => section(result, p, problemsOnly)).join('\n') +
    `\n</main>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`
  );
}
