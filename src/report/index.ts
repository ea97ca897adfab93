/**
 * `ent-pronote/report`: the matching report renderers (JSON, CSV, HTML) of a `matchAccounts`
 * result.
 *
 * @packageDocumentation
 */

export { matchResultToJson, renderMatchJson } from './json';
export type { MatchJsonOptions, RenderMatchJsonOptions, MatchResultJson, CountsJson, EntPersonJson, PronotePersonJson } from './json';
export { renderMatchCsv, csvField, MATCH_CSV_COLUMNS } from './csv';
export type { RenderMatchCsvOptions } from './csv';
export { renderMatchHtml, MATCH_HTML_CSP } from './html';
export type { RenderMatchHtmlOptions } from './html';
