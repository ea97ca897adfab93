/**
 * The JSON reader's input form (the form of `assemblePartenaireIndex`: no `Ident`s, parents
 * linked by key, civilities by label), read in named steps: the root's header fields, the
 * civilities, the schools, each population (entries checked per the vocabulary, then the
 * population's own rules), the parent links, the managed schools.
 *
 * @internal
 * @module
 */

import type { InputOptions } from '../problems';
import type {
  AccountInput,
  EleveInput,
  EtablissementInput,
  PartenaireIndexInput,
  ProfesseurInput,
  ResponsableInput,
} from '../../partenaire-index/assemble';
import { DEFAULT_CIVILITES, type Civilite } from '../../partenaire-index/model';
import { TABLES } from '../../partenaire-index/vocabulary';
import { checkEntry, entryFields, type JsonContext, reportField, ROOT_FIELDS, type Section, SECTIONS } from './fields';
import { isRecord } from '../../common/arguments';

type PeopleSection = Exclude<Section, 'etablissements'>;

const INPUT_ROOT_FIELDS = ROOT_FIELDS.filter((k) => k !== 'nomenclatures');
/** The fields an entry of each list may carry: the vocabulary's, and the input form's `key`. */
const INPUT_ENTRY_FIELDS = new Map(SECTIONS.map((s) => [s.key, [...entryFields(s.holder), 'key']]));
const HOLDER_OF = new Map(SECTIONS.map((s) => [s.key, s.holder]));
/** What a required root field must be, for messages. */
const ROOT_REQUIRED: Readonly<Record<string, string>> = { date: 'an xs:dateTime', partenaire: 'the partner ID issued by Index-Education' };

/** An entry of a list, its known fields picked, with its JSON path. */
interface Entry {
  readonly path: string;
  readonly entry: Record<string, unknown>;
}

/**
 * The root's header fields replaced by the options given (`date`, `partenaire`,
 * `protocoleDelegationAuthentification`: the vocabulary's root attributes).
 */
export function applyHeaderOptions(target: Record<string, unknown>, options: Partial<InputOptions>): void {
  const given: Readonly<Record<string, unknown>> = { date: options.date, partenaire: options.partenaire, protocoleDelegationAuthentification: options.protocoleDelegationAuthentification };
  for (const a of TABLES.root.attributes) {
    const v = given[a.field];
    if (v !== undefined) target[a.field] = v;
  }
}

/** The input form read into the input of `assemblePartenaireIndex` (problems in the log). */
export interface InputFormRead {
  /** The input; undefined when the header is missing (the log then holds its errors). */
  readonly input: PartenaireIndexInput | undefined;
  /** Schools kept. */
  readonly schools: number;
  /** Entries left out. */
  readonly invalid: number;
}

/** Reads the input form, step by step; every problem is reported before anything is left out. */
export class InputFormReader {
  /** Entries left out because invalid. */
  invalid = 0;
  private readonly root: Record<string, unknown>;
  /** The JSON path of each person kept (for the problems of its parent links). */
  private readonly paths = new Map<object, string>();
  private readonly schoolKeys = new Set<string>();

  constructor(
    private readonly ctx: JsonContext,
    value: Record<string, unknown>,
    private readonly options: Partial<InputOptions>,
  ) {
    this.root = ctx.fields.pick(value, INPUT_ROOT_FIELDS, '$');
    applyHeaderOptions(this.root, options);
  }

  /** Every step, in order; the log holds the problems. */
  read(): InputFormRead {
    this.checkHeader();
    const civilites = this.civilites();
    const etablissements = this.schools();
    const personnels = this.people<AccountInput>('personnels', () => true);
    const professeurs = this.people<ProfesseurInput>('professeurs', () => true);
    const responsables = this.people<ResponsableInput>('responsables', this.parentRules(civilites));
    const eleves = this.linkParents(
      this.people<EleveInput>('eleves', (path, e) => this.studentRules(path, e)),
      responsables,
    );
    const geres = this.managedSchools();
    this.ctx.fields.flush(this.ctx);
    const { date, partenaire, protocoleDelegationAuthentification } = this.root;
    if (typeof date !== 'string' || typeof partenaire !== 'string') return { input: undefined, schools: etablissements.length, invalid: this.invalid };
    const input: PartenaireIndexInput = {
      date,
      partenaire,
      etablissements,
      personnels,
      professeurs,
      responsables,
      eleves,
      // Checked with the assembled model: a wrong value is reported there.
      ...(protocoleDelegationAuthentification !== undefined ? { protocoleDelegationAuthentification: protocoleDelegationAuthentification as PartenaireIndexInput['protocoleDelegationAuthentification'] } : {}),
      ...(geres !== undefined ? { etablissementsGeres: geres } : {}),
      ...(civilites !== undefined ? { civilites } : {}),
    };
    return { input, schools: etablissements.length, invalid: this.invalid };
  }

  /** The required root fields (`date`, `partenaire`), from the file or the options. */
  private checkHeader(): void {
    for (const a of TABLES.root.attributes) {
      if (!a.required) continue;
      const v = this.root[a.field];
      if (typeof v !== 'string' || v === '') {
        const label = ROOT_REQUIRED[a.field] ?? a.field;
        this.ctx.log.add({ severity: 'error', rule: 'required', path: this.ctx.pathOf(`$.${a.field}`), message: `must be ${label} (in the file or as options.${a.field})`, ...this.ctx.where, attribute: a.field });
      }
    }
  }

  /** `civilites`: the default nomenclature when absent, none when `false`, else `{ ident, libelle }` entries. */
  private civilites(): readonly Civilite[] | false | undefined {
    const v = this.root.civilites;
    if (v === false) return false;
    if (Array.isArray(v)) return v.map((c: unknown) => (isRecord(c) ? this.ctx.fields.pick(c, ['ident', 'libelle'], '$.civilites[*]') : c)) as Civilite[];
    if (v !== undefined) {
      this.ctx.log.add({ severity: 'error', rule: 'type', path: this.ctx.pathOf('$.civilites'), message: 'must be an array of { ident, libelle } or false', ...this.ctx.where, attribute: 'civilites' });
    }
    return undefined;
  }

  /** The entries of a list that are objects (the others reported and counted as invalid). */
  private entries(key: Section): Entry[] {
    const v = this.root[key];
    const { ctx } = this;
    if (v === undefined) {
      if (key === 'etablissements') ctx.log.add({ severity: 'error', rule: 'required', path: ctx.pathOf('$.etablissements'), message: 'at least one school is needed', ...ctx.where, attribute: key });
      return [];
    }
    if (!Array.isArray(v)) {
      ctx.log.add({ severity: 'error', rule: 'type', path: ctx.pathOf(`$.${key}`), message: 'must be an array', ...ctx.where, attribute: key });
      return [];
    }
    const keys = INPUT_ENTRY_FIELDS.get(key) ?? [];
    const out: Entry[] = [];
    v.forEach((e: unknown, i) => {
      const path = `$.${key}[${i}]`;
      if (!isRecord(e)) {
        this.invalid++;
        ctx.log.add({ severity: 'error', rule: 'type', path: ctx.pathOf(path), message: 'must be an object', ...ctx.where });
        return;
      }
      out.push({ path, entry: ctx.fields.pick(e, keys, `$.${key}[*]`) });
    });
    return out;
  }

  /** The schools: checked per the vocabulary, a `key` (or UAI) unique. */
  private schools(): EtablissementInput[] {
    const out: EtablissementInput[] = [];
    for (const { path, entry } of this.entries('etablissements')) {
      let ok = checkEntry(this.ctx, 'etablissement', path, entry, ['key']);
      const key = entry.key ?? entry.numero;
      if (ok && typeof key === 'string' && this.schoolKeys.has(key)) {
        ok = false;
        reportField(this.ctx, path, entry.key !== undefined ? 'key' : 'numero', 'unique', 'another school has the same key (or UAI)');
      }
      if (!ok || typeof key !== 'string' || !isSchool(entry)) {
        this.invalid++;
        continue;
      }
      this.schoolKeys.add(key);
      out.push(entry);
    }
    return out;
  }

  /**
   * A population: each entry checked per the vocabulary, then by `rules` (the population's own),
   * its `idPartenaire` unique in the list.
   */
  private people<T extends AccountInput>(key: PeopleSection, rules: (path: string, e: Record<string, unknown>) => boolean): T[] {
    const holder = HOLDER_OF.get(key) ?? 'personnel';
    const out: T[] = [];
    const ids = new Set<string>();
    for (const { path, entry } of this.entries(key)) {
      let ok = checkEntry(this.ctx, holder, path, entry, []);
      ok = rules(path, entry) && ok;
      const id = entry.idPartenaire;
      if (ok && typeof id === 'string' && ids.has(id)) {
        ok = false;
        reportField(this.ctx, path, 'idPartenaire', 'unique', 'another entry of the list has the same idPartenaire');
      }
      if (!ok || typeof id !== 'string') {
        this.invalid++;
        continue;
      }
      ids.add(id);
      this.paths.set(entry, path);
      out.push(checkedEntry<T>(entry));
    }
    return out;
  }

  /** A parent's rules: `key` a non-empty string, `civilite` a label or ident of the nomenclature, the key unique. */
  private parentRules(civilites: readonly Civilite[] | false | undefined): (path: string, e: Record<string, unknown>) => boolean {
    const nomenclature: readonly unknown[] = civilites === undefined ? DEFAULT_CIVILITES : civilites === false ? [] : civilites;
    const labels = new Set(nomenclature.map((c) => (isRecord(c) ? c.libelle : undefined)));
    const idents = new Set(nomenclature.map((c) => (isRecord(c) ? c.ident : undefined)));
    const parentKeys = new Set<string>();
    return (path, e) => {
      let ok = true;
      if (e.key !== undefined && (typeof e.key !== 'string' || e.key === '')) {
        ok = false;
        reportField(this.ctx, path, 'key', 'type', 'must be a non-empty string');
      }
      const c = e.civilite;
      if (c !== undefined && !(typeof c === 'string' ? labels.has(c) : typeof c === 'number' && idents.has(c))) {
        ok = false;
        reportField(this.ctx, path, 'civilite', 'ref', 'is no label (M, Mme) nor ident of the civility nomenclature');
      }
      const key = e.key ?? e.idPartenaire;
      if (ok && typeof key === 'string') {
        if (parentKeys.has(key)) {
          reportField(this.ctx, path, e.key !== undefined ? 'key' : 'idPartenaire', 'unique', 'another parent has the same key (or idPartenaire)');
          return false;
        }
        parentKeys.add(key);
      }
      return ok;
    };
  }

  /** A student's own rule: `responsables` an array of the parents' keys. */
  private studentRules(path: string, e: Record<string, unknown>): boolean {
    if (e.responsables !== undefined && (!Array.isArray(e.responsables) || e.responsables.some((r) => typeof r !== 'string'))) {
      reportField(this.ctx, path, 'responsables', 'type', "must be an array of the parents' keys (strings)");
      return false;
    }
    return true;
  }

  /**
   * Each student's parent keys: those of parents kept stay; a key of no parent entry of the file
   * is reported and dropped (a key of a parent left out is dropped quietly: it is reported).
   */
  private linkParents(eleves: readonly EleveInput[], responsables: readonly ResponsableInput[]): EleveInput[] {
    const anyParentKeys = new Set<unknown>();
    const list = this.root.responsables;
    if (Array.isArray(list)) for (const r of list) if (isRecord(r)) anyParentKeys.add(r.key ?? r.idPartenaire);
    const keptParents = new Set(responsables.map((r) => r.key ?? r.idPartenaire));
    const { ctx } = this;
    return eleves.map((e) => {
      const refs = e.responsables ?? [];
      const kept = refs.filter((r, j) => {
        if (keptParents.has(r)) return true;
        if (!anyParentKeys.has(r)) {
          ctx.log.add({ severity: 'error', rule: 'ref', path: ctx.pathOf(`${this.paths.get(e) ?? '$.eleves[?]'}.responsables[${j}]`), message: 'names no parent of responsables: this link is dropped', ...ctx.where, attribute: 'responsables' });
        }
        return false;
      });
      return { ...e, responsables: kept };
    });
  }

  /** `etablissementsGeres` (option or file): keys (or UAIs) of schools kept; undefined when absent or wrong (reported). */
  private managedSchools(): string[] | undefined {
    const geres: unknown = this.options.etablissementsGeres ?? this.root.etablissementsGeres;
    if (geres === undefined) return undefined;
    const ok = Array.isArray(geres) && geres.every((g): g is string => typeof g === 'string' && this.schoolKeys.has(g));
    if (!ok) {
      this.ctx.log.add({ severity: 'error', rule: 'ref', path: this.ctx.pathOf('$.etablissementsGeres'), message: 'must list keys (or UAIs) of schools of etablissements', ...this.ctx.where, attribute: 'etablissementsGeres' });
      return undefined;
    }
    return [...geres];
  }
}

/** A school entry that passed {@link checkEntry}: its required strings are there. */
function isSchool(e: Record<string, unknown>): e is Record<string, unknown> & EtablissementInput {
  return typeof e.numero === 'string' && typeof e.nom === 'string';
}

/**
 * A person entry that passed {@link checkEntry} and its population's rules, as the input type of
 * its population: every field it carries was checked against the vocabulary.
 */
function checkedEntry<T extends AccountInput>(entry: Record<string, unknown>): T {
  return entry as unknown as T;
}
