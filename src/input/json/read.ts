/**
 * A JSON file of schools and accounts → `PARTENAIRE_INDEX`.
 *
 * @module
 */

import { isUtf8 } from 'node:buffer';
import { isXsDate } from '../../common/dates';
import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { findInvalidUtf8 } from '../../internal/xml/decode';
import { type Limits, limitError, resolveLimits } from '../../limits';
import type {
  AccountInput,
  EleveInput,
  EtablissementInput,
  PartenaireIndexInput,
  ProfesseurInput,
  ResponsableInput,
} from '../../partenaire-index/assemble';
import { DEFAULT_CIVILITES, type Civilite, type PartenaireIndex } from '../../partenaire-index/model';
import { fieldsOf, type Holder, TABLES } from '../../partenaire-index/vocabulary';
import { checkInputOptions, valueDefect } from '../fields';
import { finishInput, validated } from '../finish';
import { type InputOptions, type InputResult, type PopulationCounts, ProblemLog } from '../problems';
import { lineColumn, locateJsonError } from './locate';
import { isArrayValue } from '../../common/arguments';

/** Options of {@link readJsonAccounts}. */
export interface JsonAccountsOptions extends Partial<InputOptions> {
  /** File name, used in problems and errors. */
  file?: string;
}

/** Counts of {@link readJsonAccounts}. */
export interface JsonStats {
  /** `model`: a `PartenaireIndex` with `Ident`s; `input`: the form of `assemblePartenaireIndex`. */
  form: 'model' | 'input';
  /** Entries left out because invalid (input form, `onInvalidRecord: 'skip'`). */
  invalid: number;
  /** What the document holds. */
  exported: PopulationCounts;
}

const WHAT = 'the JSON';
/** The model fields of each list's entries (`ident` aside), from the vocabulary. */
const entryFields = (holder: Holder): readonly string[] => fieldsOf(holder).filter((f) => f !== 'ident');
const FIELDS = {
  root: [...entryFields('root'), 'nomenclatures', 'civilites', 'etablissements', 'etablissementsGeres', 'personnels', 'professeurs', 'responsables', 'eleves'],
  etablissements: entryFields('etablissement'),
  personnels: entryFields('personnel'),
  professeurs: entryFields('professeur'),
  responsables: entryFields('responsable'),
  eleves: entryFields('eleve'),
} as const;
const SECTION_HOLDER = { etablissements: 'etablissement', personnels: 'personnel', professeurs: 'professeur', responsables: 'responsable', eleves: 'eleve' } as const;

/**
 * The string fields of the input form of a holder, from the vocabulary: required (must not be
 * empty) and optional. Dates, enumerations and `Ident`s are checked by their own steps.
 */
function stringFields(holder: Holder): { required: string[]; optional: string[] } {
  const required: string[] = [];
  const optional: string[] = [];
  for (const a of TABLES[holder].attributes) {
    if (a.type === 'ident' || a.type === 'date' || a.type === 'dateTime' || a.type === 'enum') continue;
    (a.required ? required : optional).push(a.field);
  }
  return { required, optional };
}
type Section = 'etablissements' | 'personnels' | 'professeurs' | 'responsables' | 'eleves';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Offset of the first object key that repeats an earlier key of the same object, in a text that
 * `JSON.parse` accepted, or undefined. One linear pass; keys are compared after unescaping.
 */
function findDuplicateKey(text: string): number | undefined {
  const objects: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      if (expectKey) {
        const keys = objects[objects.length - 1] as Set<string>;
        const raw = text.slice(start + 1, i);
        const key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(`"${raw}"`) as string);
        if (keys.has(key)) return start;
        keys.add(key);
        expectKey = false;
      }
    } else if (c === 0x7b /* { */) {
      objects.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      objects.push(undefined);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      objects.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = objects[objects.length - 1] !== undefined;
    }
  }
  return undefined;
}

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string | number;
}

function jsonPath(v: Visit): string {
  let out = '';
  for (let at: Visit | undefined = v; at?.parent !== undefined; at = at.parent) {
    out = typeof at.key === 'number' ? `[${at.key}]${out}` : `.${at.key.slice(0, 40)}${out}`;
  }
  return `$${out}`;
}

/** Most distinct unknown field names reported one by one (the others are counted together). */
const MAX_DISTINCT_UNKNOWN = 1000;

/** Most objects and arrays per person allowed in a JSON input, before parsing (see {@link checkJsonShape}). */
const JSON_CONTAINERS_PER_PERSON = 4;
/** Most values per person allowed in a JSON input, before parsing. */
const JSON_VALUES_PER_PERSON = 32;

/**
 * Bounds the memory `JSON.parse` would use, before calling it: an empty object costs about 60
 * bytes of heap for 3 bytes of text (`{},`), so a text of `maxInputBytes` made of them would need
 * gigabytes. One linear pass counts the objects and arrays (at most
 * {@link JSON_CONTAINERS_PER_PERSON} × `maxPeople`) and the values (at most
 * {@link JSON_VALUES_PER_PERSON} × `maxPeople`) outside strings: `ERR_LIMIT` beyond, with the
 * line. Strings cost about their length, already bounded by `maxInputBytes`.
 */
function checkJsonShape(text: string, limits: Limits, where: { file?: string }): void {
  const maxContainers = JSON_CONTAINERS_PER_PERSON * limits.maxPeople;
  const maxValues = JSON_VALUES_PER_PERSON * limits.maxPeople;
  let containers = 0;
  let values = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string: to the next quote not escaped.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return; // unterminated: JSON.parse reports it
        let k = q - 1;
        while (text.charCodeAt(k) === 0x5c /* \ */) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
        j = q + 1;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++containers > maxContainers) throw jsonShapeError(text, i, `more than ${maxContainers.toLocaleString('en-US')} objects and arrays (${JSON_CONTAINERS_PER_PERSON} per person of limits.maxPeople)`, where);
    } else if (c === 0x2c /* , */) {
      if (++values > maxValues) throw jsonShapeError(text, i, `more than ${maxValues.toLocaleString('en-US')} values (${JSON_VALUES_PER_PERSON} per person of limits.maxPeople)`, where);
    }
  }
}

function jsonShapeError(text: string, offset: number, what: string, where: { file?: string }): EntPronoteError {
  return new EntPronoteError('ERR_LIMIT', `the JSON holds ${what}: refused before parsing (raise limits.maxPeople if this input is legitimate)`, { ...where, ...lineColumn(text, offset) });
}

/**
 * Enforces the resource limits on the parsed JSON, with `ERR_LIMIT` as in the other readers:
 * nesting (`maxDepth`), every string and object key (`maxAttributeLength`), the people of the
 * four population lists (`maxPeople`). Iterative: the nesting of hostile input is unbounded.
 */
function enforceLimits(root: Record<string, unknown>, limits: Limits, file: string | undefined): void {
  const fail = (what: string, limit: number, name: keyof Limits, at: Visit): never => {
    const e = limitError(what, limit, name);
    throw new EntPronoteError('ERR_LIMIT', e.reason, { ...(file !== undefined ? { file } : {}), path: jsonPath(at) });
  };
  let people = 0;
  for (const key of ['personnels', 'professeurs', 'responsables', 'eleves']) {
    const list = root[key];
    if (Array.isArray(list)) people += list.length;
  }
  if (people > limits.maxPeople) fail('number of people', limits.maxPeople, 'maxPeople', { value: root, depth: 1, parent: undefined, key: '' });
  const stack: Visit[] = [{ value: root, depth: 1, parent: undefined, key: '' }];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    const value = v.value;
    if (typeof value === 'string') {
      if (value.length > limits.maxAttributeLength) fail('a string length', limits.maxAttributeLength, 'maxAttributeLength', v);
    } else if (typeof value === 'object' && value !== null) {
      if (v.depth > limits.maxDepth) fail('nesting depth', limits.maxDepth, 'maxDepth', v);
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: v.depth + 1, parent: v, key: i });
      } else {
        for (const key of Object.keys(value)) {
          if (key.length > limits.maxAttributeLength) fail('a field name length', limits.maxAttributeLength, 'maxAttributeLength', v);
          stack.push({ value: (value as Record<string, unknown>)[key], depth: v.depth + 1, parent: v, key });
        }
      }
    }
  }
}

/**
 * Reads a JSON file into a `PARTENAIRE_INDEX` model. Two forms are accepted, told apart by the
 * schools: when any entry of `etablissements` has an `ident` (or `etablissementsGeres` holds
 * objects), the file is a **model** (`PartenaireIndex`, as `parsePartenaireIndex` returns and
 * `JSON.stringify` writes it); otherwise it is the **input form** of `assemblePartenaireIndex`
 * (no `Ident`s; parents linked by `key`/`idPartenaire`, civilities by label), which is assembled.
 *
 * Missing population lists count as empty (and a student's missing `responsables` too). The
 * options `date`, `partenaire`, `protocoleDelegationAuthentification` and
 * `etablissementsGeres` (input form only), when given, replace the file's. Unknown fields are
 * dropped with a warning (`unknown-field`, once per field and list).
 *
 * A model is taken whole: it must pass `validatePartenaireIndex`, else `ERR_INPUT` with the
 * problems. In the input form each entry is checked (types, required non-empty strings,
 * `xs:date`s, UAI, civility labels, references, uniqueness); an invalid entry is reported with
 * its path (`$.eleves[3].dateNaissance`) and left out (`onInvalidRecord: 'skip'`) or fails the
 * read after every entry is checked (`'error'`, the default). Malformed JSON fails with
 * `ERR_INPUT` and the line and column of the first syntax error; bytes must be UTF-8 (byte
 * order mark allowed).
 *
 * @example
 * ```ts
 * const { document } = readJsonAccounts(await readFile('comptes.json'), { file: 'comptes.json' });
 * ```
 */
export function readJsonAccounts(input: string | Uint8Array, options: JsonAccountsOptions = {}): InputResult<JsonStats> {
  checkInputOptions(options, false);
  const limits = resolveLimits(options.limits);
  const policy = options.onInvalidRecord ?? 'error';
  const log = new ProblemLog(options.onProblem);
  const file = options.file;
  const where = file !== undefined ? { file } : {};
  let text: string;
  if (typeof input === 'string') {
    if (input.length > limits.maxInputBytes) throw limitError('the JSON size', limits.maxInputBytes, 'maxInputBytes');
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > limits.maxInputBytes) throw limitError('the JSON size', limits.maxInputBytes, 'maxInputBytes');
    const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (!isUtf8(buf)) {
      const at = findInvalidUtf8(input);
      throw new EntPronoteError('ERR_ENCODING', `the JSON is not valid UTF-8: invalid byte sequence at byte ${at}`, { ...where, line: lineColumn(buf.toString('latin1', 0, at), at).line });
    }
    text = buf.toString('utf8');
  } else {
    throw new EntPronoteError('ERR_ARGUMENT', 'the JSON must be a string or bytes');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  checkJsonShape(text, limits, where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const found = locateJsonError(text);
    const loc = found === undefined ? {} : lineColumn(text, found.offset);
    throw new EntPronoteError('ERR_INPUT', `malformed JSON: ${found?.reason ?? 'syntax error'}`, { ...where, ...loc, cause });
  }
  if (!isRecord(value)) throw new EntPronoteError('ERR_INPUT', 'the JSON must be an object (a PARTENAIRE_INDEX model or its input form)', where);
  enforceLimits(value, limits, file);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    // JSON.parse keeps the last one silently; another tool may keep the first: refuse.
    throw new EntPronoteError('ERR_INPUT', 'a field appears twice in the same object (which one counts would depend on the reader)', { ...where, ...lineColumn(text, duplicate) });
  }

  const pathOf = (p: string): string => (file !== undefined ? `${file}#${p}` : p);
  const unknown = new Map<string, number>();
  let otherUnknown = 0;
  const pick = (obj: Record<string, unknown>, keys: readonly string[], listPath: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
      if (keys.includes(k)) {
        if (obj[k] !== undefined) out[k] = obj[k];
      } else {
        const key = `${listPath}.${k.slice(0, 40)}`;
        const n = unknown.get(key);
        // Bounded memory: at most MAX_DISTINCT_UNKNOWN names are counted one by one.
        if (n !== undefined || unknown.size < MAX_DISTINCT_UNKNOWN) unknown.set(key, (n ?? 0) + 1);
        else otherUnknown++;
      }
    }
    return out;
  };
  const flushUnknown = (): void => {
    for (const [key, n] of unknown) {
      log.add({ severity: 'warning', rule: 'unknown-field', path: pathOf(key), message: `field is not part of the model: ignored${n > 1 ? ` (${n} times)` : ''}`, ...where });
    }
    if (otherUnknown > 0) {
      log.add({ severity: 'warning', rule: 'unknown-field', path: pathOf('$'), message: `${otherUnknown} more fields of other names are not part of the model: ignored (only ${MAX_DISTINCT_UNKNOWN} names are listed)`, ...where });
    }
    unknown.clear();
    otherUnknown = 0;
  };

  const isModel =
    (Array.isArray(value.etablissements) && value.etablissements.some((e) => isRecord(e) && e.ident !== undefined)) ||
    (Array.isArray(value.etablissementsGeres) && value.etablissementsGeres.some(isRecord));

  const overrides = (target: Record<string, unknown>): void => {
    if (options.date !== undefined) target.date = options.date;
    if (options.partenaire !== undefined) target.partenaire = options.partenaire;
    if (options.protocoleDelegationAuthentification !== undefined) target.protocoleDelegationAuthentification = options.protocoleDelegationAuthentification;
  };
  const counts = (d: PartenaireIndex): PopulationCounts => ({
    etablissements: d.etablissements.length,
    personnels: d.personnels.length,
    professeurs: d.professeurs.length,
    responsables: d.responsables.length,
    eleves: d.eleves.length,
  });

  if (isModel) {
    const root = pick(value, FIELDS.root.filter((k) => k !== 'civilites'), '$');
    const list = (key: Section): unknown =>
      Array.isArray(root[key])
        ? (root[key] as unknown[]).map((e) => {
            if (!isRecord(e)) return e;
            const out = pick(e, ['ident', ...FIELDS[key]], `$.${key}[*]`);
            if (key === 'eleves' && out.responsables === undefined) out.responsables = [];
            return out;
          })
        : (root[key] ?? []);
    const doc: Record<string, unknown> = { ...root };
    for (const key of ['etablissements', 'personnels', 'professeurs', 'responsables', 'eleves'] as const) doc[key] = list(key);
    if (Array.isArray(root.etablissementsGeres)) doc.etablissementsGeres = root.etablissementsGeres.map((g: unknown) => (isRecord(g) ? pick(g, ['ident'], '$.etablissementsGeres[*]') : g));
    if (isRecord(root.nomenclatures)) {
      const nom = pick(root.nomenclatures, ['civilites'], '$.nomenclatures');
      if (Array.isArray(nom.civilites)) nom.civilites = nom.civilites.map((c: unknown) => (isRecord(c) ? pick(c, ['ident', 'libelle'], '$.nomenclatures.civilites[*]') : c));
      doc.nomenclatures = nom;
    }
    overrides(doc);
    flushUnknown();
    const document = validated(doc as unknown as PartenaireIndex, log, WHAT, limits);
    return { document, problems: log.list, stats: { form: 'model', invalid: 0, exported: counts(document) } };
  }

  // Input form.
  let invalid = 0;
  const root = pick(value, FIELDS.root.filter((k) => k !== 'nomenclatures'), '$');
  overrides(root);
  for (const [key, label] of [
    ['date', 'an xs:dateTime'],
    ['partenaire', 'the partner ID issued by Index-Education'],
  ] as const) {
    if (typeof root[key] !== 'string' || root[key] === '') {
      log.add({ severity: 'error', rule: 'required', path: pathOf(`$.${key}`), message: `must be ${label} (in the file or as options.${key})`, ...where, attribute: key });
    }
  }
  let civilites: readonly Civilite[] | false | undefined;
  if (root.civilites === false) civilites = false;
  else if (Array.isArray(root.civilites)) {
    civilites = root.civilites.map((c: unknown) => (isRecord(c) ? pick(c, ['ident', 'libelle'], '$.civilites[*]') : c)) as Civilite[];
  } else if (root.civilites !== undefined) {
    log.add({ severity: 'error', rule: 'type', path: pathOf('$.civilites'), message: 'must be an array of { ident, libelle } or false', ...where, attribute: 'civilites' });
  }
  const civiliteLabels = new Set((civilites === undefined ? DEFAULT_CIVILITES : civilites === false ? [] : civilites).map((c) => (isRecord(c) ? c.libelle : undefined)));
  const civiliteIdents = new Set((civilites === undefined ? DEFAULT_CIVILITES : civilites === false ? [] : civilites).map((c) => (isRecord(c) ? c.ident : undefined)));

  const section = (key: Section): { path: string; entry: Record<string, unknown> }[] => {
    const v = root[key];
    if (v === undefined) {
      if (key === 'etablissements') log.add({ severity: 'error', rule: 'required', path: pathOf('$.etablissements'), message: 'at least one school is needed', ...where, attribute: key });
      return [];
    }
    if (!Array.isArray(v)) {
      log.add({ severity: 'error', rule: 'type', path: pathOf(`$.${key}`), message: 'must be an array', ...where, attribute: key });
      return [];
    }
    const out: { path: string; entry: Record<string, unknown> }[] = [];
    v.forEach((e, i) => {
      const path = `$.${key}[${i}]`;
      if (!isRecord(e)) {
        invalid++;
        log.add({ severity: 'error', rule: 'type', path: pathOf(path), message: 'must be an object', ...where });
        return;
      }
      out.push({ path, entry: pick(e, [...FIELDS[key], 'key'], `$.${key}[*]`) });
    });
    return out;
  };

  /** Checks an entry; returns false (problems reported) when it must be left out. */
  const check = (path: string, e: Record<string, unknown>, required: readonly string[], optional: readonly string[]): boolean => {
    let ok = true;
    const bad = (field: string, rule: string, message: string): void => {
      ok = false;
      log.add({ severity: 'error', rule, path: pathOf(`${path}.${field}`), message, ...where, attribute: field });
    };
    for (const f of required) {
      const v = e[f];
      if (typeof v !== 'string') bad(f, v === undefined ? 'required' : 'type', v === undefined ? 'is required' : 'must be a string');
      else if (v === '') bad(f, 'required', 'must not be empty');
    }
    for (const f of optional) if (e[f] !== undefined && typeof e[f] !== 'string') bad(f, 'type', 'must be a string');
    for (const f of [...required, ...optional]) {
      const v = e[f];
      if (typeof v !== 'string') continue;
      const defect = valueDefect(v, limits.maxAttributeLength);
      if (defect !== undefined) bad(f, defect.rule, defect.message);
    }
    return ok;
  };
  const reportEntry = (path: string, field: string, rule: string, message: string): void => {
    log.add({ severity: 'error', rule, path: pathOf(`${path}.${field}`), message, ...where, attribute: field });
  };

  const etablissements: EtablissementInput[] = [];
  const schoolKeys = new Set<string>();
  for (const { path, entry } of section('etablissements')) {
    const fields = stringFields('etablissement');
    let ok = check(path, entry, fields.required, [...fields.optional, 'key']);
    if (typeof entry.numero === 'string' && entry.numero !== '' && !isUaiFormat(entry.numero)) {
      ok = false;
      reportEntry(path, 'numero', 'uai', 'is not a UAI (7 digits and an upper-case letter)');
    }
    const key = (entry.key ?? entry.numero) as string;
    if (ok && schoolKeys.has(key)) {
      ok = false;
      reportEntry(path, entry.key !== undefined ? 'key' : 'numero', 'unique', 'another school has the same key (or UAI)');
    }
    if (!ok) {
      invalid++;
      continue;
    }
    schoolKeys.add(key);
    etablissements.push(entry as unknown as EtablissementInput);
  }

  const paths = new Map<object, string>();
  /** Keys of every parent entry of the file, valid or not (links to an invalid one are dropped quietly: it is reported). */
  const anyParentKeys = new Set<unknown>();
  if (Array.isArray(root.responsables)) for (const r of root.responsables) if (isRecord(r)) anyParentKeys.add(r.key ?? r.idPartenaire);
  const people = <T extends AccountInput>(key: Exclude<Section, 'etablissements'>, extra: (path: string, e: Record<string, unknown>) => boolean): T[] => {
    const out: T[] = [];
    const ids = new Set<string>();
    for (const { path, entry } of section(key)) {
      const fields = stringFields(SECTION_HOLDER[key]);
      let ok = check(path, entry, fields.required, fields.optional);
      ok = extra(path, entry) && ok;
      if (ok && ids.has(entry.idPartenaire as string)) {
        ok = false;
        reportEntry(path, 'idPartenaire', 'unique', 'another entry of the list has the same idPartenaire');
      }
      if (!ok) {
        invalid++;
        continue;
      }
      ids.add(entry.idPartenaire as string);
      paths.set(entry, path);
      out.push(entry as unknown as T);
    }
    return out;
  };
  const date = (path: string, e: Record<string, unknown>, required: boolean): boolean => {
    const v = e.dateNaissance;
    if (v === undefined && !required) return true;
    if (typeof v !== 'string' || !isXsDate(v) || v.length !== 10) {
      reportEntry(path, 'dateNaissance', v === undefined ? 'required' : 'date', v === undefined ? 'is required for a student' : 'must be a date written YYYY-MM-DD');
      return false;
    }
    return true;
  };
  const personnels = people<AccountInput>('personnels', () => true);
  const professeurs = people<ProfesseurInput>('professeurs', (path, e) => date(path, e, false));
  const parentKeys = new Set<string>();
  const responsables = people<ResponsableInput>('responsables', (path, e) => {
    let ok = true;
    if (e.key !== undefined && (typeof e.key !== 'string' || e.key === '')) {
      ok = false;
      reportEntry(path, 'key', 'type', 'must be a non-empty string');
    }
    const c = e.civilite;
    if (c !== undefined && !(typeof c === 'string' ? civiliteLabels.has(c) : typeof c === 'number' && civiliteIdents.has(c))) {
      ok = false;
      reportEntry(path, 'civilite', 'ref', 'is no label (M, Mme) nor ident of the civility nomenclature');
    }
    const key = (e.key ?? e.idPartenaire) as string;
    if (ok && typeof key === 'string') {
      if (parentKeys.has(key)) {
        reportEntry(path, e.key !== undefined ? 'key' : 'idPartenaire', 'unique', 'another parent has the same key (or idPartenaire)');
        return false;
      }
      parentKeys.add(key);
    }
    return ok;
  });
  const eleves = people<EleveInput>('eleves', (path, e) => {
    let ok = date(path, e, true);
    if (e.sexe !== undefined && e.sexe !== 'Masculin' && e.sexe !== 'Feminin') {
      ok = false;
      reportEntry(path, 'sexe', 'enum', 'must be Masculin or Feminin');
    }
    if (e.responsables !== undefined && (!Array.isArray(e.responsables) || e.responsables.some((r) => typeof r !== 'string'))) {
      ok = false;
      reportEntry(path, 'responsables', 'type', "must be an array of the parents' keys (strings)");
    }
    return ok;
  });
  // Parent references: every key must name a parent kept above.
  const keptParents = new Set(responsables.map((r) => r.key ?? r.idPartenaire));
  const elevesOut = eleves.map((e) => {
    const refs = e.responsables ?? [];
    const kept = refs.filter((r, j) => {
      if (keptParents.has(r)) return true;
      if (!anyParentKeys.has(r)) {
        log.add({ severity: 'error', rule: 'ref', path: pathOf(`${paths.get(e) ?? '$.eleves[?]'}.responsables[${j}]`), message: 'names no parent of responsables: this link is dropped', ...where, attribute: 'responsables' });
      }
      return false;
    });
    return { ...e, responsables: kept };
  });
  const geres = options.etablissementsGeres ?? (root.etablissementsGeres as string[] | undefined);
  if (geres !== undefined && (!isArrayValue(geres) || geres.some((g) => typeof g !== 'string' || !schoolKeys.has(g)))) {
    log.add({ severity: 'error', rule: 'ref', path: pathOf('$.etablissementsGeres'), message: 'must list keys (or UAIs) of schools of etablissements', ...where, attribute: 'etablissementsGeres' });
  }
  flushUnknown();
  if (etablissements.length === 0 && !(policy === 'error' && log.errors > 0)) {
    throw new EntPronoteError('ERR_INPUT', `${WHAT} has no valid school: at least one entry of etablissements is needed`, { ...where, problems: log.list });
  }
  if (policy === 'error' && log.errors > 0) throw log.toError(WHAT);
  const doc: PartenaireIndexInput = {
    date: root.date as string,
    partenaire: root.partenaire as string,
    etablissements,
    personnels,
    professeurs,
    responsables,
    eleves: elevesOut,
    ...(root.protocoleDelegationAuthentification !== undefined ? { protocoleDelegationAuthentification: root.protocoleDelegationAuthentification as 'CAS' | 'ADFS' } : {}),
    ...(geres !== undefined && isArrayValue(geres) && geres.every((g) => schoolKeys.has(g)) ? { etablissementsGeres: geres } : {}),
    ...(civilites !== undefined ? { civilites } : {}),
  };
  if (typeof doc.date !== 'string' || typeof doc.partenaire !== 'string') throw log.toError(WHAT);
  const document = finishInput(doc, log, policy, WHAT, limits);
  return { document, problems: log.list, stats: { form: 'input', invalid, exported: counts(document) } };
}
