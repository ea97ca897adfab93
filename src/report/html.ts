/**
 * The HTML report of a matching: one self-contained page (no external asset, no network
 * access) for the administrator: what was matched (date, school, files, mode), a summary of the
 * counts per population (each count saying which side it counts, the same numbers as the
 * filters), what to do next, a glossary of the technical names, then per population the list of
 * people with filters (all, linked, conflicts, ambiguous, unmatched on the ENT side, unmatched on
 * the PRONOTE side). Dates are shown `dd/mm/yyyy`.
 *
 * Size: the people to act on come first (ambiguous, unmatched, conflicts), then the links; each
 * kind of row is capped at `maxRows` per population (default 500), with a note pointing to the
 * CSV or JSON report and to `ent-pronote review` for the rest, so that a report of a 200,000-person
 * school opens in a browser in seconds. Candidate lists are those of the result (capped by the
 * matching's `candidateLimit`), with the number of the others.
 *
 * Safety: every value is HTML-escaped; the page carries a strict Content Security Policy
 * (`default-src 'none'`, the one inline style sheet and the one inline script allowed by their
 * SHA-256 hashes, no base URI, no form target, no referrer), so that nothing in the data can run
 * code or load anything even if it escaped. Without JavaScript all rows shown are visible.
 *
 * Stable hooks (for tests and styling): `#summary` table with `tr[data-population]` rows and
 * `td[data-count=<key>]` cells (keys of {@link COUNT_LABELS}); `section.population[data-population]`
 * with `button[data-filter=all|linked|conflict|ambiguous|unmatched-ent|unmatched-pronote]`
 * and body rows `tr[data-status][data-side][data-groups]` (`data-groups`: the filters the row
 * belongs to, space-separated).
 *
 * @module
 */

import { expectMatchResult, expectOptions } from '../common/arguments';
import { createHash } from 'node:crypto';
import { EntPronoteError } from '../errors';
import type { EntPerson, MatchResult, MatchCounts, PronotePerson } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { type ReportInfo, schoolLine, sourcesLine } from './info';
import {
  COUNT_LABELS,
  FILTER_LABELS,
  frenchDate,
  frenchDateTime,
  GLOSSARY,
  linkNote,
  MODE_LABELS,
  NEXT_STEPS,
  POPULATION_LABELS,
  REASON_LABELS,
  type ReportFilter,
  STATUS_LABELS,
} from './labels';
import { heldId, populationRows, type ReportRow } from './rows';

/** Options of {@link renderMatchHtml}. */
export interface RenderMatchHtmlOptions extends ReportInfo {
  /** Most rows of each kind (ambiguous, unmatched per side, links) per population (default 500). */
  readonly maxRows?: number;
  /** Page title (default `Rapprochement ENT ⇄ PRONOTE`). */
  readonly title?: string;
  /** A line under the title (escaped). */
  readonly subtitle?: string;
  /** `problems` leaves out the links that need nothing (`matched`, `confirmed`). Default `all`. */
  readonly include?: 'all' | 'problems';
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}
p.meta{margin:0 0 .2rem;color:#555}
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
p.note{background:#eef3fb;border-left:4px solid #1b4f9c;padding:.4rem .6rem}
dl.glossary dt{font-weight:bold}dl.glossary dd{margin:0 0 .3rem 1rem}
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
          r.hidden = !(f === 'all' || (' ' + r.getAttribute('data-groups') + ' ').indexOf(' ' + f + ' ') >= 0);
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

type CountKey = keyof typeof COUNT_LABELS;

/** The summary's numbers of one population (or of all), each saying which side it counts. */
export function summaryCounts(c: MatchCounts): Record<CountKey, number> {
  return {
    ent: c.ent,
    pronote: c.pronote,
    linked: c.matched + c.confirmed + c.conflict + c.manual,
    matched: c.matched,
    confirmed: c.confirmed,
    conflict: c.conflict,
    manual: c.manual,
    entAmbiguous: c.entAmbiguous,
    pronoteAmbiguous: c.pronoteAmbiguous,
    entUnmatched: c.entUnmatched,
    pronoteUnmatched: c.pronoteUnmatched,
  };
}

/** The number of rows of each filter: the same numbers as the summary's. */
export function filterCounts(c: MatchCounts): Record<ReportFilter, number> {
  const linked = c.matched + c.confirmed + c.conflict + c.manual;
  return {
    all: linked + c.ambiguous + c.unmatched,
    linked,
    conflict: c.conflict,
    ambiguous: c.ambiguous,
    'unmatched-ent': c.entUnmatched,
    'unmatched-pronote': c.pronoteUnmatched,
  };
}

const COUNT_KEYS = Object.keys(COUNT_LABELS) as CountKey[];

function summaryRow(attrs: string, label: string, c: MatchCounts): string {
  const n = summaryCounts(c);
  const cells = COUNT_KEYS.map((k) => `<td data-count="${k}">${n[k]}</td>`).join('');
  return `<tr${attrs}><th scope="row">${esc(label)}</th>${cells}</tr>`;
}

function person(p: EntPerson | PronotePerson | undefined): string {
  if (p === undefined) return '<td></td><td></td>';
  return `<td>${esc(p.nom)} ${esc(p.prenom)}</td><td>${esc(frenchDate(p.dateNaissance))}</td>`;
}

function candidateItem(c: EntPerson | PronotePerson, id: string): string {
  const date = c.dateNaissance !== undefined ? ` (${esc(frenchDate(c.dateNaissance))})` : '';
  return `<li>${esc(c.nom)} ${esc(c.prenom)}${date} <span class="id">${esc(id)}</span></li>`;
}

function candidates(row: ReportRow): string {
  const items =
    row.pronoteCandidates?.map((c) => candidateItem(c, c.idpn ?? '')) ?? row.entCandidates?.map((c) => candidateItem(c, c.idPartenaire));
  if (items === undefined) return '';
  const rest = (row.candidateCount ?? items.length) - items.length;
  return `<ul>${items.join('')}${rest > 0 ? `<li>… et ${rest} autre${rest > 1 ? 's' : ''}</li>` : ''}</ul>`;
}

/** The filters a row belongs to (besides `all`). */
function groups(row: ReportRow): string {
  if (row.side === 'both') return row.status === 'conflict' ? 'linked conflict' : 'linked';
  if (row.status === 'ambiguous') return 'ambiguous';
  return row.side === 'ent' ? 'unmatched-ent' : 'unmatched-pronote';
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
    `<tr data-status="${row.status}" data-side="${row.side}" data-groups="${groups(row)}">` +
    `<td class="status">${esc(STATUS_LABELS[row.status])}</td>` +
    `<td>${esc(note)}</td>` +
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
  '<thead><tr><th>Statut</th><th>Motif</th><th>ENT : nom et prénom</th><th>ENT : né(e) le</th><th>Identifiant ENT</th>' +
  '<th>PRONOTE : nom et prénom</th><th>PRONOTE : né(e) le</th><th>Identifiant PRONOTE</th>' +
  '<th>Identifiant déjà dans PRONOTE</th><th>Candidats</th></tr></thead>';

/** Rows of a population, the ones to act on first, each kind capped at `max`; and how many were left out. */
function orderedRows(result: MatchResult, population: Population, problemsOnly: boolean, max: number): { rows: ReportRow[]; omitted: number } {
  const kinds: ReportRow[][] = [[], [], [], [], []]; // ambiguous, unmatched ENT, unmatched PRONOTE, conflicts, other links
  let omitted = 0;
  for (const row of populationRows(result, population, problemsOnly)) {
    const k = row.status === 'ambiguous' ? 0 : row.status === 'unmatched' ? (row.side === 'ent' ? 1 : 2) : row.status === 'conflict' ? 3 : 4;
    const list = kinds[k] as ReportRow[];
    if (list.length < max) list.push(row);
    else omitted++;
  }
  return { rows: kinds.flat(), omitted };
}

function section(result: MatchResult, population: Population, problemsOnly: boolean, max: number): string {
  const c = result.populations[population].counts;
  const label = POPULATION_LABELS[population];
  const n = filterCounts(c);
  const buttons = (Object.keys(FILTER_LABELS) as ReportFilter[])
    .map((f, i) => `<button type="button" data-filter="${f}" aria-pressed="${i === 0 ? 'true' : 'false'}">${esc(FILTER_LABELS[f])} (${n[f]})</button>`)
    .join('');
  const { rows, omitted } = orderedRows(result, population, problemsOnly, max);
  const table = rows.length === 0 ? '<p class="empty">Aucune personne.</p>' : `<table>${TABLE_HEAD}<tbody>${rows.map(bodyRow).join('\n')}</tbody></table>`;
  const note =
    omitted > 0
      ? `<p class="note">Liste abrégée : ${rows.length} lignes affichées, ${omitted} de plus (au plus ${max} de chaque sorte, les personnes à traiter d’abord). ` +
        'La liste complète est dans le rapport CSV ou JSON ; pour filtrer, chercher et corriger, utilisez « ent-pronote review ».</p>'
      : '';
  return (
    `<section class="population" id="pop-${population}" data-population="${population}" aria-labelledby="title-${population}">` +
    `<h2 id="title-${population}">${esc(label)}</h2>` +
    `<div class="filters" role="toolbar" aria-label="${esc(`Filtrer : ${label}`)}">${buttons}</div>` +
    `${note}${table}</section>`
  );
}

/**
 * Renders a matching report as one self-contained HTML page (see the module documentation).
 * Names are shown: the page is for the school's administrator.
 *
 * @example
 * ```ts
 * writeFileSync('rapprochement.html', renderMatchHtml(result, { school: { uai: '0410017W', nom: 'Lycée X' } }));
 * ```
 */
export function renderMatchHtml(result: MatchResult, options: RenderMatchHtmlOptions = {}): string {
  expectMatchResult(result);
  expectOptions(options);
  const title = options.title ?? 'Rapprochement ENT ⇄ PRONOTE';
  const problemsOnly = options.include === 'problems';
  const max = options.maxRows ?? 500;
  if (!Number.isSafeInteger(max) || max < 0) throw new EntPronoteError('ERR_ARGUMENT', 'expected a non-negative integer', { path: 'options.maxRows' });
  const head = `<thead><tr><th>Population</th>${COUNT_KEYS.map((k) => `<th>${esc(COUNT_LABELS[k])}</th>`).join('')}</tr></thead>`;
  const summary = [
    ...POPULATIONS.map((p) => summaryRow(` data-population="${p}"`, POPULATION_LABELS[p], result.populations[p].counts)),
    summaryRow(' class="total" data-population="total"', 'Total', result.totals),
  ].join('');
  const meta: string[] = [`Généré le ${frenchDateTime(options.generatedAt ?? new Date())}`];
  const school = schoolLine(options);
  if (school !== undefined) meta.push(`Établissement : ${school}`);
  const sources = sourcesLine(options);
  if (sources !== undefined) meta.push(`Fichiers : ${sources}`);
  meta.push(`Mode : ${MODE_LABELS[result.mode]}`);
  if (result.ignoredDecisions.length > 0) meta.push(`${result.ignoredDecisions.length} décision(s) manuelle(s) ignorée(s) : elles ne désignent personne de ces fichiers.`);
  const steps = `<section aria-labelledby="next-title"><h2 id="next-title">Et ensuite ?</h2><ol id="next-steps">${NEXT_STEPS.map((t) => `<li>${esc(t)}</li>`).join('')}</ol></section>`;
  const glossary = `<section aria-labelledby="glossary-title"><h2 id="glossary-title">Vocabulaire</h2><dl class="glossary">${GLOSSARY.map(([t, d]) => `<dt>${esc(t)}</dt><dd>${esc(d)}</dd>`).join('')}</dl></section>`;
  return (
    '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(MATCH_HTML_CSP)}">\n` +
    '<meta name="referrer" content="no-referrer">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header><h1>${esc(title)}</h1>${options.subtitle !== undefined ? `<p class="meta">${esc(options.subtitle)}</p>` : ''}` +
    `${meta.map((m) => `<p class="meta">${esc(m)}</p>`).join('')}</header>\n<main>\n` +
    `<section aria-labelledby="summary-title"><h2 id="summary-title">Synthèse</h2><table id="summary">${head}<tbody>${summary}</tbody></table></section>\n` +
    `${steps}\n` +
    POPULATIONS.map((p) => section(result, p, problemsOnly, max)).join('\n') +
    `\n${glossary}\n</main>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`
  );
}
