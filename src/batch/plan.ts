/**
 * Which files a batch writes: one per school, or per regroupement (main UAI → member UAIs).
 *
 * @internal
 * @module
 */

import { isUaiFormat } from '../common/uai';
import { EntPronoteError } from '../errors';
import type { BatchProblem, Regroupements } from './types';

/** One file of the batch. */
export interface GroupPlan {
  index: number;
  /** Container UAI: the school, or the regroupement's main school. */
  uai: string;
  /** The schools of the file present in the source (main first). */
  uais: string[];
  /** Why the file cannot be built (its main school is not in the source), if so. */
  skipReason?: string;
}

/** True for a list of UAIs (7 digits and a letter, any case, spaces around allowed). */
function isUaiList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((m: unknown) => typeof m === 'string' && isUaiFormat(m.trim().toUpperCase()));
}

/** Checks the regroupement table: main → members (members never include the main, each UAI in one regroupement). */
export function normalizeRegroupements(table: Regroupements | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (table === undefined) return out;
  if (!(table instanceof Map) && (typeof table !== 'object' || table === null || Array.isArray(table))) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.regroupements must map a main UAI to the list of its member UAIs');
  }
  // Plain-JavaScript callers may pass anything: the entries are checked as unknown values.
  const entries: [unknown, unknown][] = table instanceof Map ? [...(table as ReadonlyMap<unknown, unknown>).entries()] : Object.entries(table);
  const seen = new Set<string>();
  for (const [rawMain, rawMembers] of entries) {
    const main = String(rawMain).trim().toUpperCase();
    if (!isUaiFormat(main)) throw new EntPronoteError('ERR_ARGUMENT', 'a main UAI of options.regroupements is not a UAI (7 digits and a letter)');
    if (!isUaiList(rawMembers)) {
      throw new EntPronoteError('ERR_ARGUMENT', `options.regroupements.${main} must be a list of UAIs (7 digits and a letter)`);
    }
    const members = [...new Set(rawMembers.map((m) => m.trim().toUpperCase()))].filter((m) => m !== main);
    for (const u of [main, ...members]) {
      if (seen.has(u)) throw new EntPronoteError('ERR_ARGUMENT', `the UAI ${u} is in two regroupements of options.regroupements`);
      seen.add(u);
    }
    out.set(main, members);
  }
  return out;
}

/** The UAIs whose people a selection needs: the selected schools and their regroupements' schools. */
export function expandSelection(selected: Set<string> | undefined, regroupements: Map<string, string[]>): Set<string> | undefined {
  if (selected === undefined) return undefined;
  const out = new Set(selected);
  for (const [main, members] of regroupements) {
    if ([main, ...members].some((u) => selected.has(u))) for (const u of [main, ...members]) out.add(u);
  }
  return out;
}

/**
 * The files for the schools of the source (in its order): each school in its regroupement's file,
 * the others alone; only the files holding a selected school when there is a selection. Problems:
 * a selected UAI absent from the source (error), a member absent (warning), a main school absent
 * (the file is skipped).
 */
export function planGroups(sourceUais: readonly string[], regroupements: Map<string, string[]>, selected: Set<string> | undefined): { groups: GroupPlan[]; groupOf: Map<string, number>; problems: BatchProblem[] } {
  const mainOf = new Map<string, string>();
  for (const [main, members] of regroupements) for (const u of [main, ...members]) mainOf.set(u, main);
  const present = new Set(sourceUais);
  const problems: BatchProblem[] = [];
  const groups: GroupPlan[] = [];
  const byMain = new Map<string, GroupPlan>();
  const groupOf = new Map<string, number>();
  for (const uai of sourceUais) {
    const main = mainOf.get(uai) ?? uai;
    let group = byMain.get(main);
    if (group === undefined) {
      const members = regroupements.get(main) ?? [];
      const uais = [main, ...members].filter((u) => present.has(u));
      if (selected !== undefined && ![main, ...members].some((u) => selected.has(u))) continue;
      group = { index: groups.length, uai: main, uais };
      if (!present.has(main)) group.skipReason = 'the main school of the regroupement is not in the source';
      for (const m of members) {
        if (!present.has(m)) problems.push({ severity: 'warning', rule: 'regroupement', path: 'regroupements', message: `a member school of the regroupement ${main} is not in the source: its file holds the others`, uai: main });
      }
      byMain.set(main, group);
      groups.push(group);
    }
    groupOf.set(uai, group.index);
  }
  if (selected !== undefined) {
    for (const u of selected) {
      if (!present.has(u)) problems.push({ severity: 'error', rule: 'uai', path: 'options.uai', message: `no school of the source has the UAI ${isUaiFormat(u) ? u : '(malformed)'}` });
    }
  }
  return { groups, groupOf, problems };
}
