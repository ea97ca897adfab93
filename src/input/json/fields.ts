/**
 * The JSON reader's field steps, driven by the vocabulary of `PARTENAIRE_INDEX`: the fields
 * each list's entries may carry, the fields picked from an entry (unknown ones counted for
 * one warning per name and list) and the checks of an entry of the input form by value type.
 *
 * @internal
 * @module
 */

import { isIsoDate } from '../../common/dates';
import { isUaiFormat } from '../../common/uai';
import type { Limits } from '../../limits';
import { fieldsOf, type Holder, type HolderAttribute, TABLES } from '../../partenaire-index/vocabulary';
import { valueDefect } from '../fields';
import type { ProblemLog } from '../problems';
import type { JsonWhere } from './text';

/** The lists of people and schools of both forms, with the holder of their entries' attributes. */
export const SECTIONS = [
  { key: 'etablissements', holder: 'etablissement' },
  { key: 'personnels', holder: 'personnel' },
  { key: 'professeurs', holder: 'professeur' },
  { key: 'responsables', holder: 'responsable' },
  { key: 'eleves', holder: 'eleve' },
] as const;

/** A list of schools or people. */
export type Section = (typeof SECTIONS)[number]['key'];

/** The model fields of a holder's entries (`ident` aside), from the vocabulary. */
export function entryFields(holder: Holder): readonly string[] {
  return fieldsOf(holder).filter((f) => f !== 'ident');
}

/** The fields of the root object (both forms; each form leaves out the one of the other). */
export const ROOT_FIELDS: readonly string[] = [...entryFields('root'), 'nomenclatures', 'civilites', 'etablissements', 'etablissementsGeres', 'personnels', 'professeurs', 'responsables', 'eleves'];

/** Most distinct unknown field names reported one by one (the others are counted together). */
const MAX_DISTINCT_UNKNOWN = 1000;

/** Where the steps report: the log, the file, the limits, the JSON path of a problem. */
export interface JsonContext {
  readonly log: ProblemLog;
  readonly where: JsonWhere;
  readonly limits: Limits;
  readonly fields: FieldPicker;
  /** `$.eleves[3]` → `file.json#$.eleves[3]` (the file named). */
  pathOf(path: string): string;
}

/**
 * Picks the known fields of entries; the others are counted per list (`$.eleves[*].foo`) and
 * reported once each by {@link FieldPicker.flush} (`unknown-field` warnings).
 */
export class FieldPicker {
  private readonly unknown = new Map<string, number>();
  private otherUnknown = 0;

  /** The fields of `obj` named in `keys` (undefined ones left out), in the order of `obj`. */
  pick(obj: Record<string, unknown>, keys: readonly string[], listPath: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
      if (keys.includes(k)) {
        if (obj[k] !== undefined) out[k] = obj[k];
      } else {
        const key = `${listPath}.${k.slice(0, 40)}`;
        const n = this.unknown.get(key);
        // Bounded memory: at most MAX_DISTINCT_UNKNOWN names are counted one by one.
        if (n !== undefined || this.unknown.size < MAX_DISTINCT_UNKNOWN) this.unknown.set(key, (n ?? 0) + 1);
        else this.otherUnknown++;
      }
    }
    return out;
  }

  /** Reports the unknown fields counted so far, then forgets them. */
  flush(ctx: Pick<JsonContext, 'log' | 'where' | 'pathOf'>): void {
    for (const [key, n] of this.unknown) {
      ctx.log.add({ severity: 'warning', rule: 'unknown-field', path: ctx.pathOf(key), message: `field is not part of the model: ignored${n > 1 ? ` (${n} times)` : ''}`, ...ctx.where });
    }
    if (this.otherUnknown > 0) {
      ctx.log.add({
        severity: 'warning',
        rule: 'unknown-field',
        path: ctx.pathOf('$'),
        message: `${this.otherUnknown} more fields of other names are not part of the model: ignored (only ${MAX_DISTINCT_UNKNOWN} names are listed)`,
        ...ctx.where,
      });
    }
    this.unknown.clear();
    this.otherUnknown = 0;
  }
}

/**
 * The checks of a holder's entries in the input form, from the vocabulary: string fields
 * (required: present and not empty), then the fields of typed values (UAI, date, enumeration)
 * in the vocabulary's order. `Ident`s and date-times are not part of the input form's entries.
 */
interface EntryRules {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly typed: readonly HolderAttribute[];
}

const STRING_TYPES: ReadonlySet<string> = new Set(['string', 'name', 'idPartenaire', 'uai']);
const TYPED: ReadonlySet<string> = new Set(['uai', 'date', 'enum']);

function entryRules(holder: Holder): EntryRules {
  const required: string[] = [];
  const optional: string[] = [];
  for (const a of TABLES[holder].attributes) if (STRING_TYPES.has(a.type)) (a.required ? required : optional).push(a.field);
  return { required, optional, typed: TABLES[holder].attributes.filter((a) => TYPED.has(a.type)) };
}

const RULES = new Map<Holder, EntryRules>(SECTIONS.map((s) => [s.holder, entryRules(s.holder)]));

/** What a holder's entry is, in messages (`is required for a student`). */
const ENTRY_NAME: Readonly<Partial<Record<Holder, string>>> = { etablissement: 'school', personnel: 'staff member', professeur: 'teacher', responsable: 'parent', eleve: 'student' };

/** Reports an error on a field of an entry. */
export function reportField(ctx: JsonContext, path: string, field: string, rule: string, message: string): void {
  ctx.log.add({ severity: 'error', rule, path: ctx.pathOf(`${path}.${field}`), message, ...ctx.where, attribute: field });
}

/**
 * Checks an entry of the input form against the vocabulary's rules for its holder (and
 * `extraStrings`, optional string fields of the input form such as a school's `key`); every
 * problem is reported. False when the entry must be left out.
 */
export function checkEntry(ctx: JsonContext, holder: Holder, path: string, e: Record<string, unknown>, extraStrings: readonly string[]): boolean {
  const rules = RULES.get(holder);
  if (rules === undefined) throw new Error(`no entry rules for ${holder}`);
  let ok = true;
  const bad = (field: string, rule: string, message: string): void => {
    ok = false;
    reportField(ctx, path, field, rule, message);
  };
  for (const f of rules.required) {
    const v = e[f];
    if (typeof v !== 'string') bad(f, v === undefined ? 'required' : 'type', v === undefined ? 'is required' : 'must be a string');
    else if (v === '') bad(f, 'required', 'must not be empty');
  }
  const optional = extraStrings.length === 0 ? rules.optional : [...rules.optional, ...extraStrings];
  for (const f of optional) if (e[f] !== undefined && typeof e[f] !== 'string') bad(f, 'type', 'must be a string');
  for (const list of [rules.required, optional]) {
    for (const f of list) {
      const v = e[f];
      if (typeof v !== 'string') continue;
      const defect = valueDefect(v, ctx.limits.maxAttributeLength);
      if (defect !== undefined) bad(f, defect.rule, defect.message);
    }
  }
  for (const a of rules.typed) {
    const v = e[a.field];
    switch (a.type) {
      case 'uai':
        if (typeof v === 'string' && v !== '' && !isUaiFormat(v)) bad(a.field, 'uai', 'is not a UAI (7 digits and an upper-case letter)');
        break;
      case 'date':
        if (v === undefined && !a.required) break;
        if (typeof v !== 'string' || !isIsoDate(v)) {
          if (v === undefined) bad(a.field, 'required', `is required for a ${ENTRY_NAME[holder] ?? holder}`);
          else bad(a.field, 'date', 'must be a date written YYYY-MM-DD');
        }
        break;
      case 'enum': {
        const values: readonly unknown[] = a.spec.values ?? [];
        if (v !== undefined && !values.includes(v)) bad(a.field, 'enum', `must be ${values.join(' or ')}`);
        break;
      }
      default:
        break;
    }
  }
  return ok;
}
