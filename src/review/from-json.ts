/**
 * The inputs of a matching rebuilt from its JSON report (version 2, with names: `ent-pronote
 * match --json-report FILE`): every person of both sides appears in it once (in a link, as
 * ambiguous or as unmatched), with the identifier PRONOTE held and the parents of each student,
 * so that matching them again gives the same result. A report without names (`match --json`)
 * cannot be matched again: it is refused with a message saying so.
 *
 * @module
 */

import { EntPronoteError } from '../errors';
import type { EntAccountLike, EntAccounts, EntStudentLike, MatchMode, PronotePeople, PronotePersonLike, PronoteStudentLike } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';

/** What {@link reviewInputsFromMatchJson} returns. */
export interface ReviewInputs {
  readonly ent: EntAccounts;
  readonly pronote: PronotePeople;
  readonly mode: MatchMode;
}

type Obj = Record<string, unknown>;

function fail(path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_ARGUMENT', reason, { path });
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(path, 'expected an object');
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw fail(path, 'expected an array');
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw fail(path, 'expected a string');
  return v;
}

function refs(v: unknown, path: string): (number | string)[] | undefined {
  if (v === undefined || v === null) return undefined;
  return arr(v, path).map((x, i) => {
    if (typeof x !== 'number' && typeof x !== 'string') throw fail(`${path}[${i}]`, 'expected a number or a string');
    return x;
  });
}

/**
 * Rebuilds the ENT and PRONOTE sides of a matching from its JSON report (see the module
 * documentation).
 *
 * @throws EntPronoteError `ERR_ARGUMENT` (with the JSON path) when the value is not a version 2
 *   report with names.
 */
export function reviewInputsFromMatchJson(json: unknown): ReviewInputs {
  const root = obj(json, '$');
  if (root.version !== 2) throw fail('$.version', 'expected a version 2 report (written by this version of ent-pronote match --json-report)');
  // `complet`/`partiel`: the spelling of the reports written before 0.2 (same format otherwise).
  const mode: MatchMode | undefined = root.mode === 'Complet' || root.mode === 'complet' ? 'Complet' : root.mode === 'Partiel' || root.mode === 'partiel' ? 'Partiel' : undefined;
  if (mode === undefined) throw fail('$.mode', "expected 'Complet' or 'Partiel'");
  const ent = new Map<Population, Map<string, EntAccountLike>>(POPULATIONS.map((p) => [p, new Map()]));
  // PRONOTE people by Ident: unique in the file, and staff may have no IDPN.
  const pro = new Map<Population, Map<number, PronotePersonLike>>(POPULATIONS.map((p) => [p, new Map()]));

  const addEnt = (v: unknown, population: Population, path: string): void => {
    const o = obj(v, path);
    if (o.nom === undefined) {
      throw fail(path, 'this report has no names (written by match --json): write it with match --json-report FILE, or give --ent and --pronote');
    }
    const id = str(o.idPartenaire, `${path}.idPartenaire`);
    const map = ent.get(population) as Map<string, EntAccountLike>;
    if (map.has(id)) return;
    const r = refs(o.responsables, `${path}.responsables`);
    const person: EntStudentLike = {
      ...(typeof o.ident === 'number' ? { ident: o.ident } : {}),
      idPartenaire: id,
      nom: str(o.nom, `${path}.nom`),
      prenom: str(o.prenom, `${path}.prenom`),
      dateNaissance: typeof o.dateNaissance === 'string' ? o.dateNaissance : (undefined as unknown as string),
      ...(r !== undefined ? { responsables: r } : {}),
    };
    if (person.dateNaissance === undefined) delete (person as { dateNaissance?: string }).dateNaissance;
    map.set(id, person);
  };
  const addPro = (v: unknown, population: Population, path: string): void => {
    const o = obj(v, path);
    if (o.nom === undefined) {
      throw fail(path, 'this report has no names (written by match --json): write it with match --json-report FILE, or give --ent and --pronote');
    }
    const idpn = o.idpn === null && population === 'personnels' ? undefined : str(o.idpn, `${path}.idpn`);
    if (typeof o.ident !== 'number') throw fail(`${path}.ident`, 'expected a number');
    const map = pro.get(population) as Map<number, PronotePersonLike>;
    if (map.has(o.ident)) return;
    const r = refs(o.responsables, `${path}.responsables`);
    const person: PronotePersonLike & { responsables?: number[] } = {
      ident: o.ident,
      ...(idpn !== undefined ? { idpn } : {}),
      nom: str(o.nom, `${path}.nom`),
      prenom: str(o.prenom, `${path}.prenom`),
      ...(typeof o.dateNaissance === 'string' ? { dateNaissance: o.dateNaissance } : {}),
      ...(typeof o.idPartenaire === 'string' ? { idPartenaire: o.idPartenaire } : {}),
      ...(r !== undefined ? { responsables: r.filter((x): x is number => typeof x === 'number') } : {}),
    };
    map.set(o.ident, person);
  };
  const population = (v: unknown, path: string): Population => {
    if (typeof v !== 'string' || !(POPULATIONS as readonly string[]).includes(v)) throw fail(path, `expected one of ${POPULATIONS.join(', ')}`);
    return v as Population;
  };

  arr(root.pairs, '$.pairs').forEach((v, i) => {
    const o = obj(v, `$.pairs[${i}]`);
    const pop = population(o.population, `$.pairs[${i}].population`);
    addEnt(o.ent, pop, `$.pairs[${i}].ent`);
    addPro(o.pronote, pop, `$.pairs[${i}].pronote`);
  });
  for (const key of ['ambiguous', 'unmatched'] as const) {
    arr(root[key], `$.${key}`).forEach((v, i) => {
      const path = `$.${key}[${i}]`;
      const o = obj(v, path);
      const pop = population(o.population, `${path}.population`);
      if (o.side === 'ent') addEnt(o.person, pop, `${path}.person`);
      else if (o.side === 'pronote') addPro(o.person, pop, `${path}.person`);
      else throw fail(`${path}.side`, "expected 'ent' or 'pronote'");
    });
  }
  const entOut: Record<Population, EntAccountLike[]> = {} as Record<Population, EntAccountLike[]>;
  const proOut: Record<Population, PronotePersonLike[]> = {} as Record<Population, PronotePersonLike[]>;
  for (const p of POPULATIONS) {
    entOut[p] = [...(ent.get(p) as Map<string, EntAccountLike>).values()];
    proOut[p] = [...(pro.get(p) as Map<number, PronotePersonLike>).values()];
  }
  return {
    ent: { ...entOut, eleves: entOut.eleves as EntStudentLike[] },
    pronote: { ...proOut, eleves: proOut.eleves as PronoteStudentLike[] },
    mode,
  };
}
