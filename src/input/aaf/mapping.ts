/**
 * AAF records → `PARTENAIRE_INDEX` input accounts: which attributes matter, which population a
 * record belongs to, and how each value is mapped.
 *
 * | AAF | model |
 * |---|---|
 * | `sn`, `givenName` | `nom`, `prenom` |
 * | `ENTPersonDateNaissance` (`dd/mm/yyyy`, `yyyy-mm-dd` accepted) | `dateNaissance` (students: required; teachers: optional) |
 * | `personalTitle` `M` / `Mme`, `Mlle` | parent: civility `M` / `Mme`; student: `Sexe` `Masculin` / `Feminin` |
 * | `ENTPersonAdresse` (lines joined by `$`) | `adresse1..4` (empty lines dropped, lines after the 4th joined to it) |
 * | `ENTPersonCodePostal`, `ENTPersonVille`, `ENTPersonPays` | `codePostal`, `ville`, `pays` |
 * | `ENTEleveINE` | `numeroNational` |
 * | `ENTElevePersRelEleve` (parent id, or `id$…` link fields) | the student's parents |
 * | `ENTAuxPersRelEleveEleve` (student ids) | the parent's students (merged with the above) |
 * | `ENTPersonStructRattach`, `ENTPersonFonctions` (`structure$…`) | the person's schools (school filter) |
 * | `ENTStructureUAI`, `ENTStructureNomCourant` | school `numero`, `nom` |
 * | `street` (`$` lines), `postalCode`, `l` | school `adresse1..4`, `codePostal`, `ville` |
 *
 * Values are trimmed; an empty value counts as absent; a single-valued field with several
 * values takes the first (with a warning).
 *
 * Teacher or staff (`PersEducNat`), first rule that applies:
 * 1. `ENTPersonCategorieEnseignant`: `true`/`O`/`oui`/`1` → teacher, `false`/`N`/`non`/`0` → staff;
 * 2. `PersEducNatPresenceDevantEleves`: same values;
 * 3. a function of `ENTPersonFonctions` whose code (2nd `$` field) is `ENS` → teacher;
 * 4. otherwise staff.
 *
 * @internal
 * @module
 */

import { normalizeBirthDate } from '../../common/dates';
import { isUaiFormat } from '../../common/uai';
import type { AccountInput, EleveInput, EtablissementInput, ProfesseurInput, ResponsableInput } from '../../partenaire-index/assemble';
import type { Population } from '../../partenaire-index/model';
import type { AafFileKind } from './file-name';
import type { AafAttributes } from './records';
import { addressLines, civiliteFromTitle, sexeFromTitle, valueDefect } from '../fields';

/** Person attributes kept from the feed. */
export const PERSON_ATTRIBUTES = [
  'sn',
  'givenName',
  'ENTPersonDateNaissance',
  'personalTitle',
  'ENTPersonAdresse',
  'ENTPersonCodePostal',
  'ENTPersonVille',
  'ENTPersonPays',
  'ENTEleveINE',
  'ENTElevePersRelEleve',
  'ENTAuxPersRelEleveEleve',
  'ENTPersonStructRattach',
  'ENTPersonFonctions',
  'ENTPersonCategorieEnseignant',
  'PersEducNatPresenceDevantEleves',
] as const;

/** School attributes kept from the feed. */
export const STRUCTURE_ATTRIBUTES = ['ENTStructureUAI', 'ENTStructureNomCourant', 'ENTStructureJointure', 'street', 'postalCode', 'l'] as const;

/** Kept attribute names by length (the lookup runs for every attribute of the feed). */
const BY_LENGTH: (readonly string[] | undefined)[] = [];
for (const name of [...PERSON_ATTRIBUTES, ...STRUCTURE_ATTRIBUTES]) (BY_LENGTH[name.length] = [...(BY_LENGTH[name.length] ?? []), name]);

function sameIgnoringAsciiCase(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && ((x | 32) !== (y | 32) || (x | 32) < 0x61 || (x | 32) > 0x7a)) return false;
  }
  return true;
}

/** Canonical name of a kept attribute (LDAP names are case-insensitive), or undefined. */
export function keepAttribute(name: string): string | undefined {
  const candidates = BY_LENGTH[name.length];
  if (candidates === undefined) return undefined;
  for (const c of candidates) if (c === name) return c;
  for (const c of candidates) if (sameIgnoringAsciiCase(c, name)) return c;
  return undefined;
}

/** What a record is. */
export type AafRecordKind = 'structure' | 'Eleve' | 'PersRelEleve' | 'PersEducNat';

/**
 * The kind of a record: its `categorieStructure` (any value) makes it a school, its
 * `categoriePersonne` (`Eleve`, `PersRelEleve`, `PersEducNat`, case ignored) a person; without
 * either, the file name's kind decides. Undefined for another category (ignored).
 */
export function recordKind(categoriePersonne: string | undefined, categorieStructure: string | undefined, fileKind: AafFileKind | undefined): AafRecordKind | undefined {
  if (categorieStructure !== undefined) return 'structure';
  if (categoriePersonne !== undefined) {
    if (categoriePersonne === 'Eleve' || categoriePersonne === 'PersRelEleve' || categoriePersonne === 'PersEducNat') return categoriePersonne;
    switch (categoriePersonne.toLowerCase()) {
      case 'eleve':
        return 'Eleve';
      case 'persreleleve':
        return 'PersRelEleve';
      case 'perseducnat':
        return 'PersEducNat';
      default:
        return undefined;
    }
  }
  if (fileKind === undefined) return undefined;
  return fileKind === 'EtabEducNat' ? 'structure' : fileKind;
}

/** A record as kept after deltas. */
export interface AafEntry {
  id: string;
  kind: AafRecordKind;
  attrs: AafAttributes;
  file: string;
  line: number;
  column: number;
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  switch (value.trim().toLowerCase()) {
    case 'true':
    case 'o':
    case 'oui':
    case 'y':
    case 'yes':
    case '1':
      return true;
    case 'false':
    case 'n':
    case 'non':
    case 'no':
    case '0':
      return false;
    default:
      return undefined;
  }
}

/** The population of a record (see the module's teacher rule). */
export function populationOf(entry: AafEntry): Population | undefined {
  switch (entry.kind) {
    case 'Eleve':
      return 'eleves';
    case 'PersRelEleve':
      return 'responsables';
    case 'PersEducNat': {
      const a = entry.attrs;
      const byCategory = flag(a.get('ENTPersonCategorieEnseignant')?.[0]);
      if (byCategory !== undefined) return byCategory ? 'professeurs' : 'personnels';
      const byPresence = flag(a.get('PersEducNatPresenceDevantEleves')?.[0]);
      if (byPresence !== undefined) return byPresence ? 'professeurs' : 'personnels';
      const ens = (a.get('ENTPersonFonctions') ?? []).some((f) => (f.split('$')[1] ?? '').trim().toUpperCase() === 'ENS');
      return ens ? 'professeurs' : 'personnels';
    }
    default:
      return undefined;
  }
}

/** Structure ids (or UAIs) a person is attached to: `ENTPersonStructRattach` and the structure part of `ENTPersonFonctions`. */
export function attachments(entry: AafEntry): string[] {
  const out: string[] = [...(entry.attrs.get('ENTPersonStructRattach') ?? [])];
  for (const f of entry.attrs.get('ENTPersonFonctions') ?? []) {
    const s = (f.split('$')[0] ?? '').trim();
    if (s !== '' && s !== '-') out.push(s);
  }
  return out;
}

/** First `$` field of each link value (`7001$1$0$1$0$0` → `7001`). */
export function linkIds(values: readonly string[] | undefined): string[] {
  if (values === undefined) return [];
  const out: string[] = [];
  for (const v of values) {
    const dollar = v.indexOf('$');
    const id = (dollar === -1 ? v : v.slice(0, dollar)).trim();
    if (id !== '' && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Reports a problem on one attribute of the record being mapped. */
export type Report = (severity: 'error' | 'warning', attribute: string, rule: string, message: string) => void;

class Reader {
  invalid = false;
  constructor(
    readonly entry: AafEntry,
    readonly report: Report,
    readonly maxLength: number,
  ) {}

  /** A single-valued attribute (first value; warning when there are more). */
  one(name: string): string | undefined {
    const values = this.entry.attrs.get(name);
    if (values === undefined || values.length === 0) return undefined;
    if (values.length > 1) this.report('warning', name, 'multivalued', `has ${values.length} values: the first is used`);
    return this.checked(name, values[0] as string);
  }

  checked(name: string, value: string): string | undefined {
    const defect = valueDefect(value, this.maxLength);
    if (defect === undefined) return value;
    this.invalid = true;
    this.report('error', name, defect.rule, defect.message);
    return undefined;
  }

  required(name: string, why: string): string {
    const v = this.one(name);
    if (v === undefined && !this.invalid) {
      this.invalid = true;
      this.report('error', name, 'required', `is missing or empty (${why})`);
    }
    return v ?? '';
  }

  all(name: string): string[] {
    const out: string[] = [];
    for (const v of this.entry.attrs.get(name) ?? []) {
      const c = this.checked(name, v);
      if (c !== undefined) out.push(c);
    }
    return out;
  }
}

function personAddress(r: Reader, to: AccountInput): void {
  const a = r.entry.attrs;
  if (a.has('ENTPersonAdresse')) {
    const lines: string[] = [];
    for (const v of r.all('ENTPersonAdresse')) lines.push(...v.split('$'));
    addressLines(lines, to);
  }
  if (a.has('ENTPersonCodePostal')) {
    const cp = r.one('ENTPersonCodePostal');
    if (cp !== undefined) to.codePostal = cp;
  }
  if (a.has('ENTPersonVille')) {
    const ville = r.one('ENTPersonVille');
    if (ville !== undefined) to.ville = ville;
  }
  if (a.has('ENTPersonPays')) {
    const pays = r.one('ENTPersonPays');
    if (pays !== undefined) to.pays = pays;
  }
}

/** Maps a school record; undefined when it is invalid (problems reported). */
export function mapSchool(entry: AafEntry, report: Report, maxLength: number): EtablissementInput | undefined {
  const r = new Reader(entry, report, maxLength);
  const uai = r.required('ENTStructureUAI', 'the school UAI is its Numero').toUpperCase();
  if (uai !== '' && !isUaiFormat(uai)) {
    r.invalid = true;
    report('error', 'ENTStructureUAI', 'uai', 'is not a UAI (7 digits and a letter)');
  }
  const nom = r.required('ENTStructureNomCourant', 'the school name is required');
  const out: EtablissementInput = { numero: uai, nom };
  const lines: string[] = [];
  for (const v of r.all('street')) lines.push(...v.split('$'));
  addressLines(lines, out);
  const cp = r.one('postalCode');
  if (cp !== undefined) out.codePostal = cp;
  const ville = r.one('l');
  if (ville !== undefined) out.ville = ville;
  return r.invalid ? undefined : out;
}

/** The UAI of a school record, without reporting anything (for the school filter). */
export function schoolUai(entry: AafEntry): string | undefined {
  const v = entry.attrs.get('ENTStructureUAI')?.[0];
  return v === undefined ? undefined : v.toUpperCase();
}

/**
 * Maps a person record (without its `idPartenaire`, set to '' here, nor the student's parents);
 * undefined when it is invalid (problems reported).
 */
export function mapPerson(entry: AafEntry, population: Population, report: Report, maxLength: number): AccountInput | undefined {
  const r = new Reader(entry, report, maxLength);
  const nom = r.required('sn', 'PRONOTE matches people on their last name');
  const prenom = r.required('givenName', 'PRONOTE matches people on their first name');
  if (population === 'eleves') {
    const raw = r.required('ENTPersonDateNaissance', 'a student needs a birth date');
    const date = raw === '' ? undefined : normalizeBirthDate(raw);
    if (raw !== '' && date === undefined) {
      r.invalid = true;
      report('error', 'ENTPersonDateNaissance', 'date', 'is not a date (expected dd/mm/yyyy)');
    }
    const out: EleveInput = { idPartenaire: '', nom, prenom, dateNaissance: date ?? '' };
    personAddress(r, out);
    const title = r.one('personalTitle');
    if (title !== undefined) {
      const sexe = sexeFromTitle(title);
      if (sexe !== undefined) out.sexe = sexe;
      else report('warning', 'personalTitle', 'enum', 'is neither M, Mme nor Mlle: no Sexe is exported');
    }
    const ine = r.one('ENTEleveINE');
    if (ine !== undefined) out.numeroNational = ine;
    return r.invalid ? undefined : out;
  }
  if (population === 'responsables') {
    const out: ResponsableInput = { idPartenaire: '', nom, prenom, key: entry.id };
    personAddress(r, out);
    const title = r.one('personalTitle');
    if (title !== undefined) {
      const civ = civiliteFromTitle(title);
      if (civ !== undefined) out.civilite = civ;
      else report('warning', 'personalTitle', 'enum', 'is neither M, Mme nor Mlle: no Civilite is exported');
    }
    return r.invalid ? undefined : out;
  }
  const out: ProfesseurInput = { idPartenaire: '', nom, prenom };
  personAddress(r, out);
  if (population === 'professeurs') {
    const raw = r.one('ENTPersonDateNaissance');
    if (raw !== undefined) {
      const date = normalizeBirthDate(raw);
      if (date !== undefined) out.dateNaissance = date;
      else report('warning', 'ENTPersonDateNaissance', 'date', 'is not a date (expected dd/mm/yyyy): no DateNaissance is exported');
    }
  }
  return r.invalid ? undefined : out;
}
