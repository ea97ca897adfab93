/**
 * The JSON reader's model form: a `PartenaireIndex` (as `parsePartenaireIndex` returns it and
 * `JSON.stringify` writes it), its fields picked per the vocabulary, then validated whole.
 *
 * @internal
 * @module
 */

import type { PartenaireIndex } from '../../partenaire-index/model';
import { entryFields, type JsonContext, ROOT_FIELDS, SECTIONS } from './fields';
import { isRecord } from '../../common/arguments';

/** True when the root is a model: a school has an `ident`, or `etablissementsGeres` holds objects. */
export function isModelForm(value: Record<string, unknown>): boolean {
  return (
    (Array.isArray(value.etablissements) && value.etablissements.some((e) => isRecord(e) && e.ident !== undefined)) ||
    (Array.isArray(value.etablissementsGeres) && value.etablissementsGeres.some(isRecord))
  );
}

const MODEL_ROOT_FIELDS = ROOT_FIELDS.filter((k) => k !== 'civilites');
const MODEL_ENTRY_FIELDS = new Map(SECTIONS.map((s) => [s.key, ['ident', ...entryFields(s.holder)]]));

/**
 * The model's known fields (unknown ones counted by the picker), missing lists empty and a
 * student's missing `responsables` too. Not yet validated: the caller validates it whole.
 */
export function pickModel(ctx: JsonContext, value: Record<string, unknown>): Record<string, unknown> {
  const { fields } = ctx;
  const root = fields.pick(value, MODEL_ROOT_FIELDS, '$');
  const doc: Record<string, unknown> = { ...root };
  for (const { key } of SECTIONS) {
    const list = root[key];
    const keys = MODEL_ENTRY_FIELDS.get(key) ?? [];
    doc[key] = Array.isArray(list)
      ? list.map((e: unknown) => {
          if (!isRecord(e)) return e;
          const out = fields.pick(e, keys, `$.${key}[*]`);
          if (key === 'eleves' && out.responsables === undefined) out.responsables = [];
          return out;
        })
      : (list ?? []);
  }
  if (Array.isArray(root.etablissementsGeres)) doc.etablissementsGeres = root.etablissementsGeres.map((g: unknown) => (isRecord(g) ? fields.pick(g, ['ident'], '$.etablissementsGeres[*]') : g));
  if (isRecord(root.nomenclatures)) {
    const nom = fields.pick(root.nomenclatures, ['civilites'], '$.nomenclatures');
    if (Array.isArray(nom.civilites)) nom.civilites = nom.civilites.map((c: unknown) => (isRecord(c) ? fields.pick(c, ['ident', 'libelle'], '$.nomenclatures.civilites[*]') : c));
    doc.nomenclatures = nom;
  }
  return doc;
}

/** The picked model, as the validator takes it: its shape is checked there, field by field. */
export function asModel(doc: Record<string, unknown>): PartenaireIndex {
  // The validator checks every field of the model and refuses it with the problems otherwise.
  return doc as unknown as PartenaireIndex;
}
