/**
 * ENT side: applies a partial identifier file (new arrivals) on top of a complete one.
 *
 * @module
 */

import { EntPronoteError, type Problem, schemaError } from '../errors';
import type { Extra, IdentifiantsPronote, PronotePersonne, PronoteEleve } from './model';
import { checkIdentifiantsPronote } from './validate';
import { HOLDER, IDENTITY_FIELDS, type IdentityField, personPath, POPULATIONS, type Population, TABLES } from './vocabulary';

/**
 * Kind of a {@link MergeConflict}:
 * - `identity`: a person of the partial file has the `IDPN` of a person of the same population
 *   in the complete file but another `Nom`, `Prenom`, `DateNaissance` or `Sexe` (the partial
 *   file's values are kept: they are PRONOTE's newer data);
 * - `id-partenaire`: the person carried an `ID_Partenaire` in the complete file but is in the
 *   partial file, i.e. PRONOTE no longer holds an ENT identifier for them (the merged person has
 *   none, so the ENT matches them again);
 * - `ident`: the `Ident` of a new person was already used in the complete file; the person got a
 *   fresh `Ident` and the student → parent references follow.
 */
export type MergeConflictKind = 'identity' | 'id-partenaire' | 'ident';

/** A conflict met while merging, and how it was resolved. Never quotes a nominative value. */
export interface MergeConflict {
  kind: MergeConflictKind;
  population: Population;
  /** Path of the person in the merged document. */
  path: string;
  /** Path of the person in the partial document. */
  partialPath: string;
  /** Path of the person in the complete document, when they were there. */
  completePath?: string;
  /** For `identity`: the fields that differ. */
  fields?: IdentityField[];
  /** For `ident`: the person's `Ident` in the partial document. */
  fromIdent?: number;
  /** For `ident`: the person's `Ident` in the merged document. */
  toIdent?: number;
  /** What happened, in English. */
  message: string;
}

/** A person of the partial document added to the merged one. */
export interface MergeAddition {
  population: Population;
  /** Path in the merged document. */
  path: string;
  /** Path in the partial document. */
  partialPath: string;
  /** `Ident` in the merged document. */
  ident: number;
}

/** A person present in both documents (same population and `IDPN`), replaced by the partial record. */
export interface MergeUpdate {
  population: Population;
  /** Path in the merged (and complete) document. */
  path: string;
  /** Path in the partial document. */
  partialPath: string;
}

/** Options of {@link mergeIdentifiantsPronote}. */
export interface MergeIdentifiantsPronoteOptions {
  /**
   * Conflict kinds that make the merge fail with `ERR_CONFLICT` (the error's `problems` list
   * them) instead of being resolved and reported. Default: none.
   */
  failOn?: readonly MergeConflictKind[];
}

/** Result of {@link mergeIdentifiantsPronote}. */
export interface MergedIdentifiantsPronote {
  /** The merged document, mode `Complet`, valid. */
  document: IdentifiantsPronote;
  /** New people, in the order they were added. */
  additions: MergeAddition[];
  /** People present in both documents. */
  updates: MergeUpdate[];
  /** Conflicts and their resolution. */
  conflicts: MergeConflict[];
}

const MAX_IDENT = 0xffffffff;

function laterDate(a: string, b: string): string {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return b;
  return tb >= ta ? b : a;
}

function copyPerson<T extends PronotePersonne>(p: T, ident: number): T {
  const out = { ...p, ident };
  delete out.idPartenaire;
  return out;
}

/**
 * What tells a person of the partial document is one of the complete document: its `IDPN`;
 * for a member of staff without one, its `Ident` with its name and first name as written.
 */
function mergeKey(p: PronotePersonne): string {
  return p.idpn ?? `\u0000${p.ident}\u0000${p.nom}\u0000${p.prenom}`;
}

/**
 * Applies a partial identifier file (PRONOTE's `Partiel` export: new arrivals, no
 * `ID_Partenaire`) on top of a complete one (a `Complet` export, or the result of an earlier
 * merge), for the same school (`UAI`) and ENT (`Socle`, compared case-insensitively).
 *
 * Semantics — nobody is lost:
 * - people are identified by population and `IDPN`;
 * - everyone of the complete document stays, with their `Ident`;
 * - a person of the partial document who is not in the complete one is added at the end of their
 *   population ({@link MergeAddition}); their `Ident` is kept when free, else renumbered
 *   (conflict `ident`) past the highest `Ident` in use;
 * - a person in both is replaced by the partial record (PRONOTE's newer data: names, dates,
 *   extras; no `ID_Partenaire`), keeps the complete document's `Ident`
 *   ({@link MergeUpdate}), and is reported when the identity differs (`identity`) or when they had
 *   an `ID_Partenaire` (`id-partenaire`);
 * - a student's parents are the union of both documents' references (complete first), translated
 *   to the merged `Ident`s, so every reference resolves;
 * - the result has mode `Complet`, the complete document's `Version`, `Socle` and extras, and the
 *   later of the two `Date`s.
 *
 * The inputs are not modified; the result shares extra bags with them.
 *
 * @throws {@link EntPronoteError} `ERR_SCHEMA` when an input is invalid, `ERR_ARGUMENT` when the
 *   modes are not `Complet` and `Partiel`, `ERR_CONFLICT` when the files are for another school
 *   or ENT, or on a conflict kind listed in `options.failOn`.
 * @example
 * ```ts
 * const { document, additions, conflicts } = mergeIdentifiantsPronote(complete, partial);
 * ```
 */
export function mergeIdentifiantsPronote(
  complete: IdentifiantsPronote,
  partial: IdentifiantsPronote,
  options: MergeIdentifiantsPronoteOptions = {},
): MergedIdentifiantsPronote {
  for (const [doc, what] of [
    [complete, 'the complete document'],
    [partial, 'the partial document'],
  ] as const) {
    const problems = checkIdentifiantsPronote(doc);
    if (problems.some((p) => p.severity === 'error')) throw schemaError(what, problems);
  }
  if (complete.mode !== 'Complet') throw new EntPronoteError('ERR_ARGUMENT', 'the first document must be a Complet export (or an earlier merge)');
  if (partial.mode !== 'Partiel') throw new EntPronoteError('ERR_ARGUMENT', 'the second document must be a Partiel export');
  if (complete.uai !== partial.uai) throw new EntPronoteError('ERR_CONFLICT', 'the two documents are for different schools (UAI)', { path: '/IDENTIFIANTS_PRONOTE/@UAI' });
  if (complete.socle.toLowerCase() !== partial.socle.toLowerCase()) {
    throw new EntPronoteError('ERR_CONFLICT', 'the two documents are for different ENTs (Socle)', { path: '/IDENTIFIANTS_PRONOTE/@Socle' });
  }

  const conflicts: MergeConflict[] = [];
  const additions: MergeAddition[] = [];
  const updates: MergeUpdate[] = [];

  // Idents: people in both keep the complete document's; new people keep theirs when free.
  const used = new Set<number>();
  let max = -1;
  for (const population of POPULATIONS) {
    for (const p of complete[population]) {
      used.add(p.ident);
      if (p.ident > max) max = p.ident;
    }
  }
  const byIdpn: Record<Population, Map<string, number>> = {
    personnels: new Map(),
    professeurs: new Map(),
    responsables: new Map(),
    eleves: new Map(),
  };
  for (const population of POPULATIONS) complete[population].forEach((p, i) => byIdpn[population].set(mergeKey(p), i));

  const identMap = new Map<number, number>();
  const clashes: [Population, number][] = [];
  for (const population of POPULATIONS) {
    partial[population].forEach((p, i) => {
      const existing = byIdpn[population].get(mergeKey(p));
      if (existing !== undefined) identMap.set(p.ident, (complete[population][existing] as PronotePersonne).ident);
      else if (used.has(p.ident)) clashes.push([population, i]);
      else {
        identMap.set(p.ident, p.ident);
        used.add(p.ident);
        if (p.ident > max) max = p.ident;
      }
    });
  }
  let next = max + 1;
  const fresh = (): number => {
    while (next <= MAX_IDENT && used.has(next)) next++;
    if (next > MAX_IDENT) {
      next = 0;
      while (next <= MAX_IDENT && used.has(next)) next++;
    }
    used.add(next);
    return next;
  };
  const renumbered = new Map<string, number>();
  for (const [population, i] of clashes) {
    const p = partial[population][i] as PronotePersonne;
    const ident = fresh();
    identMap.set(p.ident, ident);
    renumbered.set(`${population}\u0000${i}`, ident);
  }

  const translate = (refs: readonly number[]): number[] => refs.map((r) => identMap.get(r) as number);

  const merged: IdentifiantsPronote = {
    version: complete.version,
    date: laterDate(complete.date, partial.date),
    uai: complete.uai,
    socle: complete.socle,
    mode: 'Complet',
    personnels: [],
    professeurs: [],
    responsables: [],
    eleves: [],
  };
  if (complete.extra !== undefined) merged.extra = complete.extra;
  if (complete.containerExtra !== undefined) merged.containerExtra = complete.containerExtra;

  for (const population of POPULATIONS) {
    const out = merged[population] as PronotePersonne[];
    for (const p of complete[population]) {
      const copy: PronotePersonne = population === 'eleves' ? ({ ...p, responsables: [...(p as PronoteEleve).responsables] } as PronoteEleve) : { ...p };
      out.push(copy);
    }
    partial[population].forEach((p, i) => {
      const partialPath = personPath(population, i);
      const existing = byIdpn[population].get(mergeKey(p));
      if (existing === undefined) {
        const ident = identMap.get(p.ident) as number;
        const added = copyPerson(p, ident);
        if (population === 'eleves') (added as PronoteEleve).responsables = translate((p as PronoteEleve).responsables);
        const path = personPath(population, out.length);
        out.push(added);
        additions.push({ population, path, partialPath, ident });
        const renumberedTo = renumbered.get(`${population}\u0000${i}`);
        if (renumberedTo !== undefined) {
          conflicts.push({
            kind: 'ident',
            population,
            path,
            partialPath,
            fromIdent: p.ident,
            toIdent: renumberedTo,
            message: 'the Ident of this new person is used in the complete document: the person was given a fresh Ident and the references follow',
          });
        }
        return;
      }
      const before = complete[population][existing] as PronotePersonne;
      const path = personPath(population, existing);
      const replaced = copyPerson(p, before.ident);
      if (population === 'eleves') mergeRefs(replaced as PronoteEleve, before as PronoteEleve, p as PronoteEleve, translate);
      out[existing] = replaced;
      updates.push({ population, path, partialPath });
      const carried = TABLES[HOLDER[population]].byField;
      const fields = IDENTITY_FIELDS.filter(
        (f) => carried.has(f) && (before as unknown as Record<string, unknown>)[f] !== (p as unknown as Record<string, unknown>)[f],
      );
      if (fields.length > 0) {
        conflicts.push({
          kind: 'identity',
          population,
          path,
          partialPath,
          completePath: path,
          fields: [...fields],
          message: `same IDPN in both documents but ${fields.join(', ')} differ: the partial document's values are kept`,
        });
      }
      if (before.idPartenaire !== undefined) {
        conflicts.push({
          kind: 'id-partenaire',
          population,
          path,
          partialPath,
          completePath: path,
          message: 'the person had an ID_Partenaire in the complete document but is in the partial one: PRONOTE holds no ENT identifier for them any more, so the merged person has none',
        });
      }
    });
  }

  const failOn = new Set(options.failOn ?? []);
  const failing = conflicts.filter((c) => failOn.has(c.kind));
  if (failing.length > 0) {
    const problems: Problem[] = failing.map((c) => ({ severity: 'error', rule: c.kind, path: c.path, message: c.message }));
    throw new EntPronoteError('ERR_CONFLICT', `merging the identifier files met ${failing.length} conflict(s): ${failing[0]?.message ?? ''}`, {
      problems,
      path: failing[0]?.path as string,
    });
  }
  const problems = checkIdentifiantsPronote(merged);
  if (problems.some((p) => p.severity === 'error')) throw schemaError('the merged document', problems, 'ERR_CONFLICT');
  return { document: merged, additions, updates, conflicts };
}

/** A student in both documents: the union of the parents, complete document's first. */
function mergeRefs(out: PronoteEleve, before: PronoteEleve, after: PronoteEleve, translate: (refs: readonly number[]) => number[]): void {
  const refs: number[] = [];
  const extras: (Extra | undefined)[] = [];
  const seen = new Set<number>();
  const add = (r: number, extra: Extra | undefined): void => {
    if (seen.has(r)) return;
    seen.add(r);
    refs.push(r);
    extras.push(extra);
  };
  before.responsables.forEach((r, j) => add(r, before.responsablesExtra?.[j]));
  translate(after.responsables).forEach((r, j) => add(r, after.responsablesExtra?.[j]));
  out.responsables = refs;
  if (extras.some((x) => x !== undefined)) out.responsablesExtra = extras;
  else delete out.responsablesExtra;
}
