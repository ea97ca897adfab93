/**
 * What an export mode puts in the file: `Complet` exports everyone, `Partiel` only the people
 * without an ENT identifier.
 *
 * @module
 */

import { EntPronoteError } from '../errors';
import type { Extra, IdentifiantsPronote, IdentifiantsPronoteMode, PronotePersonne, PronoteEleve } from './model';

function withoutIdPartenaire<T extends PronotePersonne>(list: readonly T[]): T[] {
  return list.filter((p) => p.idPartenaire === undefined);
}

/**
 * The document an export in `mode` carries, with `mode` set:
 *
 * - `Complet`: every person, unchanged.
 * - `Partiel`: only the people without an `idPartenaire` (new arrivals); every
 *   `Eleve → Responsable` reference to a parent left out is removed too, so that the references
 *   still resolve. No person of the result has an `idPartenaire`, whatever the input.
 *
 * The input is not modified; the result shares the unchanged people with it.
 *
 * @throws {@link EntPronoteError} `ERR_ARGUMENT` when `mode` is neither `Complet` nor `Partiel`.
 * @example
 * ```ts
 * const partial = selectIdentifiantsPronote(complete, 'Partiel');
 * ```
 */
export function selectIdentifiantsPronote(doc: IdentifiantsPronote, mode: IdentifiantsPronoteMode): IdentifiantsPronote {
  if (mode === 'Complet') return { ...doc, mode };
  if (mode !== 'Partiel') throw new EntPronoteError('ERR_ARGUMENT', 'mode must be Complet or Partiel');
  const responsables = withoutIdPartenaire(doc.responsables);
  const kept = new Set<number>();
  for (const r of responsables) kept.add(r.ident);
  const dropped = new Set<number>();
  for (const r of doc.responsables) if (r.idPartenaire !== undefined && !kept.has(r.ident)) dropped.add(r.ident);
  const eleves = withoutIdPartenaire(doc.eleves).map((e) => (e.responsables.some((r) => dropped.has(r)) ? dropRefs(e, dropped) : e));
  return {
    ...doc,
    mode,
    personnels: withoutIdPartenaire(doc.personnels),
    professeurs: withoutIdPartenaire(doc.professeurs),
    responsables,
    eleves,
  };
}

function dropRefs(e: PronoteEleve, dropped: ReadonlySet<number>): PronoteEleve {
  const refs: number[] = [];
  const extras: (Extra | undefined)[] = [];
  e.responsables.forEach((r, j) => {
    if (dropped.has(r)) return;
    refs.push(r);
    extras.push(e.responsablesExtra?.[j]);
  });
  const out: PronoteEleve = { ...e, responsables: refs };
  if (extras.some((x) => x !== undefined)) out.responsablesExtra = extras;
  else delete out.responsablesExtra;
  return out;
}
