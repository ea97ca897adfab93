/**
 * Validation of an {@link IdentifiantsPronote} model: what the builder needs to write a file that
 * reads back identically, and what matching needs (identity of every person, unique `Ident`s,
 * resolvable parent references, no `ID_Partenaire` in a `Partiel` document).
 *
 * @module
 */

import { isUaiFormat, isValidUai } from '../common/uai';
import { isXsDateTime } from '../common/dates';
import type { Problem, Severity } from '../errors';
import { DEFAULT_LIMITS } from '../limits';
import { findForbiddenChar, isXmlName, isXmlWhitespace } from '../internal/xml/chars';
import { isSafeSocle } from './file-name';
import { isIsoDate } from '../common/dates';
import { type Extra, type ExtraElement, type IdentifiantsPronote, IDENTIFIANTS_PRONOTE_VERSION, type PronotePersonne, type PronoteEleve } from './model';
import { recordOf } from '../common/records';
import {
  ATTRIBUTES,
  type AttributeSpec,
  type Context,
  containerPath,
  elementsCarrying,
  HOLDER,
  type HolderAttribute,
  type PersonHolder,
  REF,
  TABLES,
  isNamespaceDeclaration,
  knownAttributes,
  knownChildren,
  nameKey,
  PERSON,
  personPath,
  POPULATIONS,
  type Population,
  refPath,
  ROOT_PATH,
  shortName,
} from './vocabulary';
import { codeUnitName } from '../common/code-unit';

/** Where a problem sits in the model, for readers that map it back to a line. @internal */
export interface ModelLocation {
  population?: Population;
  /** Index of the person in its population (0-based). */
  index?: number;
  /** Index of the reference in `responsables` (0-based). */
  ref?: number;
  /** The population element itself. */
  container?: boolean;
}

/** Options of {@link checkIdentifiantsPronote}. @internal */
export interface CheckOptions {
  /** Check the extra bags (default true); false when they will not be written. */
  extras?: boolean;
  /** Deepest element nesting allowed (default {@link DEFAULT_LIMITS}.maxDepth). */
  maxDepth?: number;
  /** Maps a location to a line and column of the source text. */
  locate?: (where: ModelLocation) => { line: number; column: number } | undefined;
}

const MAX_IDENT = 0xffffffff;
const ROOT_LOCATION: ModelLocation = {};

class Collector {
  readonly problems: Problem[] = [];
  constructor(private readonly locate: CheckOptions['locate']) {}

  add(severity: Severity, rule: string, path: string, message: string, where: ModelLocation): void {
    const loc = this.locate?.(where);
    this.problems.push(loc === undefined ? { severity, rule, path, message } : { severity, rule, path, message, line: loc.line, column: loc.column });
  }
}

/**
 * Checks a string attribute: type, characters, and (when `required`) presence. Returns true when
 * the value is a usable string.
 */
function checkString(c: Collector, value: unknown, required: boolean, path: string, name: string, where: ModelLocation): value is string {
  if (value === undefined) {
    if (required) c.add('error', 'required', `${path}/@${name}`, `required attribute ${name} is missing or empty`, where);
    return false;
  }
  if (typeof value !== 'string') {
    c.add('error', 'type', `${path}/@${name}`, `${name} must be a string`, where);
    return false;
  }
  const bad = findForbiddenChar(value);
  if (bad !== -1) {
    c.add(
      'error',
      'char',
      `${path}/@${name}`,
      `${name} holds character ${codeUnitName(value, bad)} at position ${bad + 1}, which XML 1.0 cannot carry; remove it`,
      where,
    );
    return false;
  }
  if (required && value.trim() === '') {
    c.add('error', 'required', `${path}/@${name}`, `required attribute ${name} is missing or empty`, where);
    return false;
  }
  return true;
}

function isIdent(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_IDENT;
}

function forbiddenCharMessage(what: string, value: string, index: number): string {
  return `${what} holds character ${codeUnitName(value, index)} at position ${index + 1}, which XML 1.0 cannot carry; remove it`;
}

class ExtraChecker {
  constructor(
    private readonly c: Collector,
    private readonly partiel: boolean,
    private readonly maxDepth: number,
  ) {}

  /** `depth` is the nesting depth of the element that owns the bag (root = 1). */
  check(extra: unknown, path: string, context: Context, depth: number, where: ModelLocation): void {
    if (extra === undefined) return;
    const c = this.c;
    if (typeof extra !== 'object' || extra === null) {
      c.add('error', 'extra', `${path}/extra`, 'extra must be an object', where);
      return;
    }
    const e = extra as Extra;
    this.attributes(e.attributes, path, knownAttributes(context), where);
    if (e.elements !== undefined) {
      if (!Array.isArray(e.elements)) c.add('error', 'extra', `${path}/extra`, 'extra.elements must be an array', where);
      else this.elements(e.elements, path, knownChildren(context), depth + 1, where);
    }
    this.text(e.text, path, where);
  }

  private attributes(attributes: unknown, path: string, known: ReadonlyMap<string, string>, where: ModelLocation): void {
    if (attributes === undefined) return;
    const c = this.c;
    if (typeof attributes !== 'object' || attributes === null) {
      c.add('error', 'extra', `${path}/extra`, 'extra attributes must be an object of strings', where);
      return;
    }
    for (const name of Object.keys(attributes)) {
      const value = (attributes as Record<string, unknown>)[name];
      const at = `${path}/@${shortName(name)}`;
      if (!isXmlName(name)) {
        c.add('error', 'extra', at, 'extra attribute name is not an XML name', where);
        continue;
      }
      if (!isNamespaceDeclaration(name)) {
        const key = nameKey(name);
        const canonical = known.get(key);
        if (canonical !== undefined) {
          c.add('error', 'extra', at, `extra attribute would be read back as the known attribute ${canonical}; use the model field instead`, where);
        }
        if (this.partiel && key === 'id_partenaire') {
          c.add('error', 'partiel', at, 'a Partiel document must not carry ID_Partenaire, not even in extra attributes', where);
        }
      }
      if (typeof value !== 'string') {
        c.add('error', 'extra', at, 'extra attribute value must be a string', where);
        continue;
      }
      const bad = findForbiddenChar(value);
      if (bad !== -1) c.add('error', 'char', at, forbiddenCharMessage('the value', value, bad), where);
    }
  }

  private text(text: unknown, path: string, where: ModelLocation): void {
    if (text === undefined) return;
    const c = this.c;
    if (typeof text !== 'string') {
      c.add('error', 'extra', `${path}/text()`, 'extra text must be a string', where);
      return;
    }
    const bad = findForbiddenChar(text);
    if (bad !== -1) c.add('error', 'char', `${path}/text()`, forbiddenCharMessage('the text', text, bad), where);
    else if (isXmlWhitespace(text)) {
      c.add('error', 'extra', `${path}/text()`, 'extra text made only of white space is not kept by a reader; leave it undefined', where);
    }
  }

  private elements(elements: readonly unknown[], path: string, known: ReadonlyMap<string, string>, depth: number, where: ModelLocation): void {
    const c = this.c;
    const seen = new Map<string, number>();
    for (const item of elements) {
      if (typeof item !== 'object' || item === null) {
        c.add('error', 'extra', `${path}/*`, 'an extra element must be an object', where);
        continue;
      }
      const el = item as ExtraElement;
      const name = typeof el.name === 'string' ? el.name : '';
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      const at = `${path}/${shortName(name) || '*'}[${n}]`;
      if (!isXmlName(name)) {
        c.add('error', 'extra', at, 'extra element name is not an XML name', where);
        continue;
      }
      const canonical = known.get(nameKey(name));
      if (canonical !== undefined) {
        c.add('error', 'extra', at, `extra element would be read back as the known element ${canonical}; use the model instead`, where);
      }
      if (depth > this.maxDepth) {
        c.add('error', 'depth', at, `extra elements nest deeper than ${this.maxDepth} levels, which a reader refuses`, where);
        continue;
      }
      if (typeof el.attributes !== 'object' || el.attributes === null) c.add('error', 'extra', at, 'attributes must be an object (possibly empty)', where);
      else this.attributes(el.attributes, at, new Map(), where);
      this.text(el.text, at, where);
      if (!Array.isArray(el.children)) c.add('error', 'extra', at, 'children must be an array (possibly empty)', where);
      else if (el.children.length > 0) this.elements(el.children, at, new Map(), depth + 1, where);
    }
  }
}

/** A person holder's checks, in the vocabulary's order: its attributes, and the attributes of other populations it must not have. */
interface PersonRule {
  readonly spec: AttributeSpec;
  readonly attribute: HolderAttribute | undefined;
  readonly field: string;
  /** A `nonBlank` or `string` attribute of the holder: a non-blank string free of forbidden characters is valid. */
  readonly plain: boolean;
  /** Unique within the population (`IDPN`). */
  readonly uniqueInPopulation: boolean;
}

const RULES: Readonly<Record<PersonHolder, readonly PersonRule[]>> = recordOf(Object.values(HOLDER), (holder) =>
  (ATTRIBUTES as readonly AttributeSpec[])
    .filter((spec) => spec.on[holder] !== undefined || TABLES[holder].foreign.includes(spec))
    .map((spec) => {
      const attribute = TABLES[holder].attributes.find((a) => a.spec === spec);
      const plain = attribute !== undefined && (spec.type === 'nonBlank' || spec.type === 'string');
      return { spec, attribute, field: spec.field, plain, uniqueInPopulation: spec.unique === 'population' };
    }),
);

/** Checks a root attribute by its type, and the warnings the vocabulary asks for. */
function checkRootAttribute(c: Collector, a: HolderAttribute, value: unknown): void {
  const at = `${ROOT_PATH}/@${a.xml}`;
  if (a.type === 'enum') {
    if ((a.required || value !== undefined) && !(a.spec.values as readonly unknown[]).includes(value)) {
      c.add('error', 'enum', at, `${a.xml} must be ${(a.spec.values as readonly string[]).join(' or ')}`, ROOT_LOCATION);
    }
    return;
  }
  if (!checkString(c, value, a.required, ROOT_PATH, a.xml, ROOT_LOCATION)) return;
  switch (a.type) {
    case 'dateTime':
      if (!isXsDateTime(value)) c.add('error', 'datetime', at, `${a.xml} must be an xs:dateTime such as 2026-09-01T08:00:00+02:00`, ROOT_LOCATION);
      break;
    case 'uai':
      if (!isUaiFormat(value)) c.add('error', 'uai', at, `${a.xml} must be 7 digits followed by an upper-case letter (e.g. 0410017W)`, ROOT_LOCATION);
      else if (!isValidUai(value)) c.add('warning', 'uai', at, `the check letter of the ${a.xml} does not match its digits`, ROOT_LOCATION);
      break;
    default:
  }
  if (a.spec.warn === 'version' && value !== IDENTIFIANTS_PRONOTE_VERSION) {
    c.add('warning', 'version', at, `model version is not ${IDENTIFIANTS_PRONOTE_VERSION}, the one this library knows`, ROOT_LOCATION);
  }
  if (a.spec.warn === 'fileName' && !isSafeSocle(value)) {
    c.add('warning', 'socle', at, `${a.xml} cannot name the file IdPN_To_<${a.xml}>.xml (see isSafeSocle)`, ROOT_LOCATION);
  }
}

/**
 * Collects the problems of a model. Used by {@link validateIdentifiantsPronote}, the builder and
 * the reader (which maps locations back to lines).
 * @internal
 */
export function checkIdentifiantsPronote(doc: IdentifiantsPronote, options: CheckOptions = {}): Problem[] {
  const c = new Collector(options.locate);
  if (typeof doc !== 'object' || doc === null) {
    c.add('error', 'type', ROOT_PATH, 'the document must be an IdentifiantsPronote object', ROOT_LOCATION);
    return c.problems;
  }
  const withExtras = options.extras ?? true;
  const partiel = doc.mode === 'Partiel';
  const extras = new ExtraChecker(c, partiel, options.maxDepth ?? DEFAULT_LIMITS.maxDepth);

  // Root attributes, in the vocabulary's order.
  for (const a of TABLES.root.attributes) checkRootAttribute(c, a, (doc as unknown as Record<string, unknown>)[a.field]);
  if (withExtras) {
    extras.check(doc.extra, ROOT_PATH, { kind: 'root' }, 1, ROOT_LOCATION);
    if (doc.containerExtra !== undefined) {
      if (typeof doc.containerExtra !== 'object' || doc.containerExtra === null) {
        c.add('error', 'extra', `${ROOT_PATH}/containerExtra`, 'containerExtra must be an object', ROOT_LOCATION);
      } else {
        for (const key of Object.keys(doc.containerExtra)) {
          if (!(POPULATIONS as readonly string[]).includes(key)) {
            c.add('error', 'extra', `${ROOT_PATH}/containerExtra`, 'containerExtra keys must be population names (personnels, professeurs, responsables, eleves)', ROOT_LOCATION);
            continue;
          }
          const population = key as Population;
          extras.check(doc.containerExtra[population], containerPath(population), { kind: 'container', population }, 2, { population, container: true });
        }
      }
    }
  }

  // People. Paths and locations are only built for the problems found (large documents).
  const identOwner = new Map<number, number>();
  const responsableIdents = new Set<number>();
  const personProblem = (severity: Severity, rule: string, population: Population, i: number, suffix: string, message: string): void =>
    c.add(severity, rule, `${personPath(population, i)}${suffix}`, message, { population, index: i });
  const personString = (value: unknown, required: boolean, population: Population, i: number, name: string): value is string => {
    if (typeof value === 'string' && (!required || value.trim() !== '') && findForbiddenChar(value) === -1) return true;
    return checkString(c, value, required, personPath(population, i), name, { population, index: i });
  };
  POPULATIONS.forEach((population, populationIndex) => {
    const list = doc[population] as PronotePersonne[] | undefined;
    if (!Array.isArray(list)) {
      c.add('error', 'type', containerPath(population), `${population} must be an array (possibly empty)`, ROOT_LOCATION);
      return;
    }
    const element = PERSON[population];
    const rules = RULES[HOLDER[population]];
    // Values unique within the population (IDPN): value → index of its first owner, by attribute.
    const owners = rules.map(() => new Map<string, number>());
    const unique = (seen: Map<string, number>, value: string, i: number, xml: string): void => {
      const other = seen.get(value);
      if (other !== undefined) {
        personProblem('error', 'unique', population, i, `/@${xml}`, `${xml} is the same as that of ${personPath(population, other)}; ${xml} must be unique within a population`);
      } else seen.set(value, i);
    };
    const context: Context = { kind: 'person', population };
    for (let i = 0; i < list.length; i++) {
      const p = list[i] as unknown as Record<string, unknown>;
      if (typeof p !== 'object' || p === null) {
        personProblem('error', 'type', population, i, '', `a ${element} must be an object`);
        continue;
      }
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r] as PersonRule;
        const a = rule.attribute;
        const value = p[rule.field];
        // The common case first: a valid string where one is expected (large documents).
        if (rule.plain && typeof value === 'string' && value.trim() !== '' && findForbiddenChar(value) === -1) {
          if (rule.uniqueInPopulation) unique(owners[r] as Map<string, number>, value, i, (a as HolderAttribute).xml);
          continue;
        }
        if (a === undefined) {
          // An attribute of other populations only (Sexe of an adult).
          const spec = rule.spec;
          if (value !== undefined) {
            personProblem('error', 'type', population, i, `/@${spec.xml}`, `${spec.xml} is only modelled for ${elementsCarrying(spec).join(', ')}; keep it in extra.attributes for a ${element}`);
          }
          continue;
        }
        switch (a.type) {
          case 'ident': {
            if (!isIdent(value)) {
              personProblem('error', 'ident', population, i, `/@${a.xml}`, `${a.xml} must be an integer from 0 to 4294967295 (xs:unsignedInt)`);
              break;
            }
            // Unique in the file (Ident): the owner is coded population × 2^32 + index.
            const other = identOwner.get(value);
            if (other !== undefined) {
              const owner = personPath(POPULATIONS[Math.floor(other / 2 ** 32)] as Population, other % 2 ** 32);
              personProblem('error', 'unique', population, i, `/@${a.xml}`, `${a.xml} is already used by ${owner}; every person needs an ${a.xml} unique in the file`);
            } else {
              identOwner.set(value, populationIndex * 2 ** 32 + i);
              if (population === REF.refers) responsableIdents.add(value);
            }
            break;
          }
          case 'nonBlank':
            // An optional one may be absent, never blank (staff without IDPN).
            if ((a.required || value !== undefined) && personString(value, true, population, i, a.xml) && rule.uniqueInPopulation) unique(owners[r] as Map<string, number>, value, i, a.xml);
            break;
          case 'birthDate':
            if (personString(value, a.required, population, i, a.xml) && !isIsoDate(value)) {
              personProblem('error', 'date', population, i, `/@${a.xml}`, `${a.xml} must be a calendar date written YYYY-MM-DD (the reader also accepts DD/MM/YYYY)`);
            }
            break;
          case 'enum':
            if ((a.required || value !== undefined) && !(a.spec.values as readonly unknown[]).includes(value)) {
              personProblem('error', 'enum', population, i, `/@${a.xml}`, `${a.xml} must be ${(a.spec.values as readonly string[]).join(' or ')}`);
            }
            break;
          case 'idPartenaire':
            if (value !== undefined && personString(value, false, population, i, a.xml)) {
              if (partiel) {
                personProblem('error', 'partiel', population, i, `/@${a.xml}`, `a Partiel document must not carry ${a.xml} (partial mode exports only people without an ENT identifier)`);
              } else if (value === '') {
                personProblem('error', 'required', population, i, `/@${a.xml}`, `${a.xml} is empty; leave it undefined when the person has no ENT identifier`);
              }
            }
            break;
          default:
            personString(value, a.required, population, i, a.xml);
        }
      }
      if (withExtras && p.extra !== undefined) extras.check(p.extra, personPath(population, i), context, 3, { population, index: i });
    }
  });

  // Student → parent references (after all parents are known).
  const eleves = doc.eleves;
  if (Array.isArray(eleves)) {
    for (let i = 0; i < eleves.length; i++) {
      const e = eleves[i] as PronoteEleve;
      if (typeof e !== 'object' || e === null) continue;
      const refs = e.responsables;
      if (!Array.isArray(refs)) {
        personProblem('error', 'type', 'eleves', i, '/Responsable', 'responsables must be an array of Idents (possibly empty)');
        continue;
      }
      for (let j = 0; j < refs.length; j++) {
        const r = refs[j];
        if (isIdent(r) && responsableIdents.has(r) && refs.indexOf(r) === j) continue;
        const where: ModelLocation = { population: 'eleves', index: i, ref: j };
        if (!isIdent(r)) {
          c.add('error', 'ident', `${refPath(i, j)}/@Ident`, 'Ident must be an integer from 0 to 4294967295 (xs:unsignedInt)', where);
        } else if (!responsableIdents.has(r)) {
          c.add('error', 'ref', `${refPath(i, j)}/@Ident`, 'Ident does not name any /IDENTIFIANTS_PRONOTE/Responsables/Responsable', where);
        } else {
          c.add('warning', 'duplicate-ref', `${refPath(i, j)}/@Ident`, 'the same parent is listed twice for this student', where);
        }
      }
      if (withExtras && e.responsablesExtra !== undefined) {
        if (!Array.isArray(e.responsablesExtra) || e.responsablesExtra.length !== refs.length) {
          personProblem('error', 'extra', 'eleves', i, '/responsablesExtra', 'responsablesExtra must be an array as long as responsables');
        } else {
          for (let j = 0; j < e.responsablesExtra.length; j++) {
            extras.check(e.responsablesExtra[j], refPath(i, j), { kind: 'ref' }, 4, { population: 'eleves', index: i, ref: j });
          }
        }
      }
    }
  }
  return c.problems;
}

/**
 * Validates an identifier-file model and returns its problems (empty when valid). Error-level
 * problems make the builder refuse the document (`ERR_SCHEMA`); warnings do not.
 *
 * Rules (the `rule` of each {@link Problem}):
 * - `required`: `Version`, `Date`, `UAI`, `Socle`, and every person's `IDPN` (staff may have
 *   none: absent, never empty), `Nom`, `Prenom` (and a student's `DateNaissance`) must be non-blank; an `ID_Partenaire` must not be empty;
 * - `type`: a field of the wrong JavaScript type;
 * - `char`: a value holds a character XML 1.0 forbids (the builder never drops one);
 * - `ident`: an `Ident` is not an `xs:unsignedInt`;
 * - `unique`: an `Ident` used twice in the file, or an `IDPN` twice within a population;
 * - `date` / `datetime`: a birth date not written `YYYY-MM-DD` / a `Date` that is not an
 *   `xs:dateTime`;
 * - `enum`: `Mode` not `Complet`/`Partiel`, `Sexe` not `Masculin`/`Feminin`;
 * - `uai`: not 7 digits and a letter (error) or a wrong check letter (warning);
 * - `ref`: an `Eleve/Responsable/@Ident` that names no `Responsables/Responsable`;
 * - `partiel`: an `ID_Partenaire` (or an extra attribute of that name) in a `Partiel` document;
 * - `extra`, `depth`: an extra bag that could not be written and read back identically (a name
 *   that is not an XML name or that a reader would take for a known attribute or element,
 *   white-space-only text, nesting deeper than the default limit);
 * - warnings: `version` (not `1`), `socle` (not usable in a file name), `duplicate-ref`.
 *
 * Paths are like `/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/@DateNaissance` (1-based); messages name
 * the field, never its value.
 *
 * @example
 * ```ts
 * const errors = validateIdentifiantsPronote(doc).filter((p) => p.severity === 'error');
 * ```
 */
export function validateIdentifiantsPronote(doc: IdentifiantsPronote): Problem[] {
  return checkIdentifiantsPronote(doc);
}
