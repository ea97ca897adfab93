/**
 * What a report says about itself: when it was made, for which school, from which files. Shared
 * by the HTML, CSV and JSON reports and the supervision page.
 *
 * @module
 */

/** The context of a report (every field optional). */
export interface ReportInfo {
  /** When the matching was made (default: now). */
  readonly generatedAt?: Date;
  /** The school: its UAI and, when known, its name. */
  readonly school?: { readonly uai: string; readonly nom?: string };
  /** The input files, as the administrator named them (file names, not contents). */
  readonly sources?: { readonly ent?: string; readonly pronote?: string; readonly decisions?: string };
}

/** The school as one line: `0410017W — Lycée X`. */
export function schoolLine(info: ReportInfo): string | undefined {
  const s = info.school;
  if (s === undefined) return undefined;
  return s.nom !== undefined && s.nom !== '' ? `${s.uai} — ${s.nom}` : s.uai;
}

/** The sources as one line. */
export function sourcesLine(info: ReportInfo): string | undefined {
  const s = info.sources;
  if (s === undefined) return undefined;
  const parts: string[] = [];
  if (s.ent !== undefined) parts.push(`ENT : ${s.ent}`);
  if (s.pronote !== undefined) parts.push(`PRONOTE : ${s.pronote}`);
  if (s.decisions !== undefined) parts.push(`décisions : ${s.decisions}`);
  return parts.length === 0 ? undefined : parts.join(' ; ');
}
