/**
 * Accounts packed into one string each while a batch holds a whole academy: one heap object per
 * person instead of about ten (the garbage collector's work follows the number of objects held),
 * unpacked by the worker that builds the school.
 *
 * @internal
 * @module
 */

import type { AccountInput, EleveInput, ResponsableInput } from '../partenaire-index/assemble';

/** Separates the fields; values are XML text or checked identifiers, which cannot hold it. */
const FIELD = '\u0001';
/** Separates a student's parent keys. */
const LIST = '\u0002';

const FIELDS = ['idPartenaire', 'nom', 'prenom', 'adresse1', 'adresse2', 'adresse3', 'adresse4', 'codePostal', 'ville', 'pays', 'dateNaissance', 'sexe', 'numeroNational', 'civilite', 'key'] as const;

type Field = (typeof FIELDS)[number];

/** Packs an account (a student's parents are added by {@link withParents}). */
export function packAccount(account: AccountInput): string {
  const a = account as unknown as Record<Field, string | number | undefined>;
  const parts: string[] = [];
  for (const f of FIELDS) {
    const v = a[f];
    parts.push(v === undefined ? '' : String(v));
  }
  // `join` makes one flat string (`+=` would keep a tree of about thirty string objects).
  return parts.join(FIELD);
}

/** A packed student with its parents' keys. */
export function withParents(packed: string, parents: readonly string[]): string {
  return [packed, parents.join(LIST)].join(FIELD);
}

/** Unpacks an account. */
export function unpackAccount(packed: string): AccountInput & Partial<EleveInput> & Partial<ResponsableInput> {
  const parts = packed.split(FIELD);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < FIELDS.length; i++) {
    const v = parts[i];
    if (v !== undefined && v !== '') out[FIELDS[i] as Field] = v;
  }
  out.idPartenaire ??= '';
  out.nom ??= '';
  out.prenom ??= '';
  const parents = parts[FIELDS.length];
  if (parents !== undefined) out.responsables = parents === '' ? [] : parents.split(LIST);
  return out as unknown as AccountInput;
}
