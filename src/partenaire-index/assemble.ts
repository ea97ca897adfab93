/**
 * Builds a {@link PartenaireIndex} model from account lists keyed by the caller's own
 * identifiers: `Ident`s are assigned (one counter shared by all people, another for schools,
 * as the public ENT implementation does), students are linked to their parents by the caller's
 * keys and civilities by label, so that a caller never hand-manages numbers.
 *
 * @module
 */

import { expectModel, expectOptions } from '../common/arguments';
import { EntPronoteError } from '../errors';
import {
  type Civilite,
  DEFAULT_CIVILITES,
  type Eleve,
  type Etablissement,
  type PartenaireIndex,
  type Personnel,
  type Professeur,
  type ProtocoleDelegationAuthentification,
  type Responsable,
} from './model';
import { type Holder, type ModelOf, TABLES } from './vocabulary';

/** What every account carries, without `Ident`: `idPartenaire` (the ENT's opaque identifier of the account), `nom`, `prenom`, the address. */
export type AccountInput = Omit<ModelOf<'personnel'>, 'ident'>;

/** A school, without `Ident`. */
export interface EtablissementInput extends Omit<Etablissement, 'ident'> {
  /** Caller's key for `etablissementsGeres`; defaults to `numero` (the UAI). */
  key?: string;
}

/** A teacher, without `Ident`. */
export type ProfesseurInput = Omit<ModelOf<'professeur'>, 'ident'>;

/** A parent, without `Ident`. */
export interface ResponsableInput extends Omit<ModelOf<'responsable'>, 'ident'> {
  /** Caller's key, used by {@link EleveInput.responsables}; defaults to `idPartenaire`. */
  key?: string;
  /**
   * Civility: a label of the nomenclature (`M`, `Mme` with the default one) or a nomenclature
   * `Ident`. Undefined writes no `Civilite` element.
   */
  civilite?: string | number;
}

/** A student, without `Ident`. */
export interface EleveInput extends Omit<ModelOf<'eleve'>, 'ident'> {
  /** Keys of the student's parents ({@link ResponsableInput.key}). */
  responsables?: readonly string[];
}

/** Input of {@link assemblePartenaireIndex}. */
export interface PartenaireIndexInput {
  /** Export date, `xs:dateTime`. */
  date: string;
  /** The partner ID issued by Index-Education. */
  partenaire: string;
  protocoleDelegationAuthentification?: ProtocoleDelegationAuthentification;
  /** 1..n schools. */
  etablissements: readonly EtablissementInput[];
  /** Keys of the schools to initialise; defaults to every school. */
  etablissementsGeres?: readonly string[];
  personnels?: readonly AccountInput[];
  professeurs?: readonly ProfesseurInput[];
  responsables?: readonly ResponsableInput[];
  eleves?: readonly EleveInput[];
  /**
   * The civility nomenclature; defaults to {@link DEFAULT_CIVILITES} (`M`=2, `Mme`=1,
   * `undefined`=0). `false` writes no `Nomenclatures` element (then no parent may have a civility).
   */
  civilites?: readonly Civilite[] | false;
}

/** Options of {@link assemblePartenaireIndex}. */
export interface AssembleOptions {
  /** First `Ident` of each counter (people, schools). Default 1. */
  firstIdent?: number;
  /**
   * What to do with a student's parent key that names no parent: `error` (default) fails with
   * `ERR_INPUT`; `drop` leaves the link out (the public ENT implementation logs and drops it).
   */
  unknownResponsable?: 'error' | 'drop';
  /** Called for each dropped link when `unknownResponsable` is `drop`. */
  onDroppedLink?: (path: string) => void;
}

/** Copies the attributes of `holder` that `from` defines (its `Ident` aside), in the vocabulary's order. */
function copyAttributes(holder: Holder, from: object, to: object): void {
  const source = from as Record<string, unknown>;
  const target = to as Record<string, unknown>;
  for (const a of TABLES[holder].attributes) {
    if (a.field === 'ident') continue;
    const v = source[a.field];
    if (v !== undefined) target[a.field] = v;
  }
}

/**
 * Assigns `Ident`s and resolves links. Fails with `ERR_INPUT` (naming the input path, never a
 * value) on a duplicate school or parent key, an unknown school key, an unknown parent key
 * (unless `unknownResponsable: 'drop'`) or an unknown civility label. The result still has to
 * pass {@link validatePartenaireIndex} (done by `buildPartenaireIndex`).
 *
 * @example
 * ```ts
 * const doc = assemblePartenaireIndex({
 *   date: '2026-09-01T08:00:00+02:00', partenaire: 'MONENT',
 *   etablissements: [{ numero: '0410017W', nom: 'LYCEE CLAUDE DE FRANCE' }],
 *   responsables: [{ idPartenaire: 'r-7f3a', nom: 'MARTIN', prenom: 'Zoé', civilite: 'Mme' }],
 *   eleves: [{ idPartenaire: 'e-91c2', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', responsables: ['r-7f3a'] }],
 * });
 * ```
 */
export function assemblePartenaireIndex(input: PartenaireIndexInput, options: AssembleOptions = {}): PartenaireIndex {
  expectModel(input, 'input', 'a PartenaireIndexInput', ['etablissements', 'personnels', 'professeurs', 'responsables', 'eleves'], ['etablissements']);
  expectOptions(options);
  const first = options.firstIdent ?? 1;
  if (!Number.isSafeInteger(first) || first < 0 || first > 0xffffffff) {
    throw new EntPronoteError('ERR_ARGUMENT', 'firstIdent must be an integer between 0 and 4294967295');
  }
  const civilites = input.civilites === undefined ? DEFAULT_CIVILITES.map((c) => ({ ...c })) : input.civilites === false ? undefined : input.civilites.map((c) => ({ ...c }));

  let nextSchool = first;
  const schoolIdent = new Map<string, number>();
  const etablissements: Etablissement[] = input.etablissements.map((e, i) => {
    const key = e.key ?? e.numero;
    if (schoolIdent.has(key)) {
      throw new EntPronoteError('ERR_INPUT', 'two schools have the same key (or UAI); give each a distinct key', { path: `etablissements[${i}]` });
    }
    const ident = nextSchool++;
    schoolIdent.set(key, ident);
    const { key: _k, ...rest } = e;
    return { ...rest, ident };
  });
  const geresKeys = input.etablissementsGeres ?? input.etablissements.map((e) => e.key ?? e.numero);
  const etablissementsGeres = geresKeys.map((k, i) => {
    const ident = schoolIdent.get(k);
    if (ident === undefined) {
      throw new EntPronoteError('ERR_INPUT', 'names no school of etablissements', { path: `etablissementsGeres[${i}]` });
    }
    return { ident };
  });

  let next = first;
  const person = <T>(holder: Holder, from: object): T => {
    const out = { ident: next++ };
    copyAttributes(holder, from, out);
    return out as T;
  };
  const personnels = (input.personnels ?? []).map((p) => person<Personnel>('personnel', p));
  const professeurs = (input.professeurs ?? []).map((p) => person<Professeur>('professeur', p));

  const civiliteIdent = (value: string | number, path: string): number => {
    if (typeof value === 'number') return value;
    const found = civilites?.find((c) => c.libelle === value);
    if (found === undefined) {
      throw new EntPronoteError('ERR_INPUT', 'civility label is not in the nomenclature (use M or Mme, or a nomenclature Ident)', { path });
    }
    return found.ident;
  };

  const parentIdent = new Map<string, number>();
  const responsables: Responsable[] = (input.responsables ?? []).map((r, i) => {
    const key = r.key ?? r.idPartenaire;
    if (parentIdent.has(key)) {
      throw new EntPronoteError('ERR_INPUT', 'two parents have the same key (or idPartenaire); give each a distinct key', {
        path: `responsables[${i}]`,
      });
    }
    const out = person<Responsable>('responsable', r);
    parentIdent.set(key, out.ident);
    if (r.civilite !== undefined) out.civilite = civiliteIdent(r.civilite, `responsables[${i}].civilite`);
    return out;
  });

  const eleves: Eleve[] = (input.eleves ?? []).map((e, i) => {
    const out = person<Eleve>('eleve', e);
    out.responsables = [];
    (e.responsables ?? []).forEach((k, j) => {
      const ident = parentIdent.get(k);
      const path = `eleves[${i}].responsables[${j}]`;
      if (ident !== undefined) out.responsables.push(ident);
      else if (options.unknownResponsable === 'drop') options.onDroppedLink?.(path);
      else throw new EntPronoteError('ERR_INPUT', 'names no parent of responsables', { path });
    });
    return out;
  });

  const doc: PartenaireIndex = {
    date: input.date,
    partenaire: input.partenaire,
    etablissements,
    etablissementsGeres,
    personnels,
    professeurs,
    responsables,
    eleves,
  };
  if (input.protocoleDelegationAuthentification !== undefined) {
    doc.protocoleDelegationAuthentification = input.protocoleDelegationAuthentification;
  }
  if (civilites !== undefined) doc.nomenclatures = { civilites };
  return doc;
}
