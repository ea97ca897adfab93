/**
 * Names and small helpers shared by the identifier-file operations (not exported from the
 * package): canonical element and attribute names, case-insensitive name keys, XML paths.
 *
 * @internal
 * @module
 */

import { POPULATIONS, type Population } from '../partenaire-index/model';
import { IDENTIFIANTS_PRONOTE_ROOT } from './model';

export { POPULATIONS };
export type { Population };

/** Root element name. */
export const ROOT = IDENTIFIANTS_PRONOTE_ROOT;

/** Population element (`Eleves`) of each population. */
export const CONTAINER: Readonly<Record<Population, string>> = {
  personnels: 'Personnels',
  professeurs: 'Professeurs',
  responsables: 'Responsables',
  eleves: 'Eleves',
};

/** Person element (`Eleve`) of each population. */
export const PERSON: Readonly<Record<Population, string>> = {
  personnels: 'Personnel',
  professeurs: 'Professeur',
  responsables: 'Responsable',
  eleves: 'Eleve',
};

/** The root's attributes, in the order they are written. */
export const ROOT_ATTRIBUTES = ['Version', 'Date', 'UAI', 'Socle', 'Mode'] as const;

/** The attributes of every person, in the order they are written (`Sexe` only for `Eleve`). */
export const PERSON_ATTRIBUTES = ['Ident', 'IDPN', 'Nom', 'Prenom', 'DateNaissance', 'Sexe', 'ID_Partenaire'] as const;

/** The attribute of an `Eleve/Responsable` reference. */
export const REF_ATTRIBUTES = ['Ident'] as const;

/** Every canonical element name. */
export const ELEMENT_NAMES: readonly string[] = [ROOT, ...POPULATIONS.map((p) => CONTAINER[p]), ...POPULATIONS.map((p) => PERSON[p])];

/** Every canonical attribute name. */
export const ATTRIBUTE_NAMES: readonly string[] = [...ROOT_ATTRIBUTES, ...PERSON_ATTRIBUTES];

/**
 * Where an element sits in the model, which decides the attributes and child elements it may
 * carry: the root, a population element, a person, or an `Eleve/Responsable` reference.
 */
export type Context = { kind: 'root' } | { kind: 'container'; population: Population } | { kind: 'person'; population: Population } | { kind: 'ref' };

/** The key names are compared by: local part (after the last colon), lower case. */
export function nameKey(name: string): string {
  const colon = name.lastIndexOf(':');
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

/** True for namespace declarations (`xmlns`, `xmlns:p`), which never match a known attribute. */
export function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

function keyMap(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n) => [n.toLowerCase(), n]));
}

const ROOT_ATTR_KEYS = keyMap(ROOT_ATTRIBUTES);
const PERSON_ATTR_KEYS = keyMap(PERSON_ATTRIBUTES.filter((a) => a !== 'Sexe'));
const ELEVE_ATTR_KEYS = keyMap(PERSON_ATTRIBUTES);
const REF_ATTR_KEYS = keyMap(REF_ATTRIBUTES);
const NO_KEYS: ReadonlyMap<string, string> = new Map();
const ROOT_CHILD_KEYS = keyMap([...POPULATIONS.map((p) => CONTAINER[p]), ...POPULATIONS.map((p) => PERSON[p])]);
const CONTAINER_CHILD_KEYS: Readonly<Record<Population, ReadonlyMap<string, string>>> = {
  personnels: keyMap([PERSON.personnels]),
  professeurs: keyMap([PERSON.professeurs]),
  responsables: keyMap([PERSON.responsables]),
  eleves: keyMap([PERSON.eleves]),
};
const ELEVE_CHILD_KEYS = keyMap(['Responsable']);

/** Known attributes of an element in `context`: name key → canonical name. */
export function knownAttributes(context: Context): ReadonlyMap<string, string> {
  switch (context.kind) {
    case 'root':
      return ROOT_ATTR_KEYS;
    case 'container':
      return NO_KEYS;
    case 'person':
      return context.population === 'eleves' ? ELEVE_ATTR_KEYS : PERSON_ATTR_KEYS;
    case 'ref':
      return REF_ATTR_KEYS;
  }
}

/** Known child elements of an element in `context`: name key → canonical name. */
export function knownChildren(context: Context): ReadonlyMap<string, string> {
  switch (context.kind) {
    case 'root':
      return ROOT_CHILD_KEYS;
    case 'container':
      return CONTAINER_CHILD_KEYS[context.population];
    case 'person':
      return context.population === 'eleves' ? ELEVE_CHILD_KEYS : NO_KEYS;
    case 'ref':
      return NO_KEYS;
  }
}

/** Sets an own enumerable property, even one named `__proto__`. */
export function setOwn(record: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** A name shortened for messages and paths. */
export function shortName(name: string): string {
  return name.length > 64 ? `${name.slice(0, 63)}…` : name;
}

/** `/IDENTIFIANTS_PRONOTE`. */
export const ROOT_PATH = `/${ROOT}`;

/** `/IDENTIFIANTS_PRONOTE/Eleves`. */
export function containerPath(population: Population): string {
  return `${ROOT_PATH}/${CONTAINER[population]}`;
}

/** `/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]` for the index 2 (0-based). */
export function personPath(population: Population, index: number): string {
  return `${ROOT_PATH}/${CONTAINER[population]}/${PERSON[population]}[${index + 1}]`;
}

/** `/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/Responsable[1]` for the indexes 2, 0 (0-based). */
export function refPath(eleveIndex: number, refIndex: number): string {
  return `${personPath('eleves', eleveIndex)}/Responsable[${refIndex + 1}]`;
}
