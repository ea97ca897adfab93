/**
 * The `PARTENAIRE_INDEX` writer: the document as string chunks, checked while written.
 *
 * Checking while writing (instead of validating first, then writing) reads every value once:
 * the scan that decides whether a value needs escaping also finds the characters XML 1.0 forbids.
 * The checks are exactly the error-level rules of {@link validatePartenaireIndex}; on the first
 * failure the writer stops and the full validation runs to report every problem with its path.
 *
 * @internal
 * @module
 */

import { StringSet } from '../internal/string-index';
import { isXsDate, isXsDateTime } from '../common/dates';
import { isUaiFormat } from '../common/uai';
import { EntPronoteError, schemaError } from '../errors';
import { findForbiddenChar } from '../internal/xml/chars';
import { DEFAULT_LIMITS, type Limits, resolveLimits } from '../limits';
import { type Adresse, type PartenaireIndex, PARTENAIRE_INDEX_NAMESPACE } from './model';
import { validatePartenaireIndex } from './validate';

/** Thrown inside the writer when a check fails; never escapes this module. */
class Invalid extends Error {}
const INVALID = new Invalid('invalid model');

const UINT_MAX = 4294967295;
/** Parts gathered before a chunk is yielded (chunks of about 64 KiB). */
const PARTS = 1 << 13;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const REPLACE = /[&<>"\t\n\r]/g;
const replacer = (c: string): string => ENTITY[c] as string;

/** Writes a value as an attribute value, or throws `INVALID` (not a string, too long, forbidden character). */
function esc(v: unknown, max: number): string {
  if (typeof v !== 'string' || v.length > max) throw INVALID;
  const n = v.length;
  let i = 0;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x3f) {
      if (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e) break;
    } else if (c >= 0xd800) break;
  }
  if (i === n) return v;
  if (findForbiddenChar(v, i) !== -1) throw INVALID;
  return v.replace(REPLACE, replacer);
}

/** Unchecked escaping (the model was validated by the caller). */
function escFast(v: unknown): string {
  const s = v as string;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x3f && (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e)) return s.replace(REPLACE, replacer);
  }
  return s;
}

/** A set of `Ident`s: a bitmap for the usual small, dense values, a `Set` beyond. */
class IdentSet {
  private bits = new Uint8Array(1 << 12);
  private big: Set<number> | undefined;
  /** Adds `n`; false when it was already there. */
  add(n: number): boolean {
    if (n < 1 << 24) {
      const byte = n >>> 3;
      if (byte >= this.bits.length) {
        let size = this.bits.length;
        while (size <= byte) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.bits);
        this.bits = grown;
      }
      const mask = 1 << (n & 7);
      if ((this.bits[byte] as number) & mask) return false;
      this.bits[byte] = (this.bits[byte] as number) | mask;
      return true;
    }
    this.big ??= new Set();
    if (this.big.has(n)) return false;
    this.big.add(n);
    return true;
  }
  has(n: number): boolean {
    if (n < 1 << 24) {
      const byte = n >>> 3;
      return byte < this.bits.length && ((this.bits[byte] as number) & (1 << (n & 7))) !== 0;
    }
    return this.big?.has(n) ?? false;
  }
}

function ident(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > UINT_MAX) throw INVALID;
  return v;
}

function list(v: unknown, required: boolean): unknown[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v) || (required && v.length === 0)) throw INVALID;
  return v;
}

function record(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw INVALID;
  return v as Record<string, unknown>;
}

/**
 * The document as chunks of about 64 KiB. With `check`, every error-level rule of the validation
 * is applied on the way and a failure throws an internal error (use {@link writePartenaireIndex},
 * which turns it into the `ERR_SCHEMA` of the validation).
 */
function* chunks(doc: PartenaireIndex, indent: boolean, check: boolean, limits: Limits): Generator<string, void, undefined> {
  const max = limits.maxAttributeLength;
  const e = check ? (v: unknown) => esc(v, max) : escFast;
  // The output is gathered as parts in `o` and joined once per chunk: no intermediate string
  // per attribute or element (far less garbage than concatenating templates).
  const o: string[] = [];
  /** ` name="value"` (`pre` is ` name="`), nothing when undefined. */
  const a = (pre: string, v: unknown): void => {
    if (v !== undefined) o.push(pre, e(v), '"');
  };
  /** A required non-empty string attribute. */
  const r = (pre: string, v: unknown): void => {
    if (check && (v === '' || v === undefined)) throw INVALID;
    o.push(pre, e(v), '"');
  };
  const id = check ? ident : (v: unknown) => v as number;
  const adresse = (p: Adresse): void => {
    a(' Adresse1="', p.adresse1);
    a(' Adresse2="', p.adresse2);
    a(' Adresse3="', p.adresse3);
    a(' Adresse4="', p.adresse4);
    a(' CodePostal="', p.codePostal);
    a(' Ville="', p.ville);
    a(' Pays="', p.pays);
  };

  const i1 = indent ? '\n  ' : '';
  const i2 = indent ? '\n    ' : '';
  const i3 = indent ? '\n      ' : '';
  const d = check ? record(doc) : (doc as unknown as Record<string, unknown>);
  if (check) {
    if (typeof d.date !== 'string' || !isXsDateTime(d.date)) throw INVALID;
    const proto = d.protocoleDelegationAuthentification;
    if (proto !== undefined && proto !== 'CAS' && proto !== 'ADFS') throw INVALID;
  }
  o.push(`<?xml version="1.0" encoding="UTF-8"?>\n<PARTENAIRE_INDEX xmlns="${PARTENAIRE_INDEX_NAMESPACE}"`);
  a(' Date="', d.date);
  r(' Partenaire="', d.partenaire);
  a(' ProtocoleDelegationAuthentification="', d.protocoleDelegationAuthentification);
  o.push('>');

  const civilites = new IdentSet();
  let hasCivilites = false;
  if (d.nomenclatures !== undefined) {
    const nomenclatures = check ? record(d.nomenclatures) : (d.nomenclatures as Record<string, unknown>);
    if (nomenclatures.civilites === undefined) {
      o.push(`${i1}<Nomenclatures/>`);
    } else {
      hasCivilites = true;
      o.push(`${i1}<Nomenclatures>${i2}<Civilites>`);
      for (const item of check ? list(nomenclatures.civilites, true) : (nomenclatures.civilites as unknown[])) {
        const c = check ? record(item) : (item as Record<string, unknown>);
        const n = id(c.ident);
        if (check && (!civilites.add(n) || typeof c.libelle !== 'string')) throw INVALID;
        o.push(`${i3}<Civilite Ident="${n}"`);
        a(' Libelle="', c.libelle);
        o.push('/>');
      }
      o.push(`${i2}</Civilites>${i1}</Nomenclatures>`);
    }
  }

  const schools = new IdentSet();
  o.push(`${i1}<Etablissements>`);
  for (const item of check ? list(d.etablissements, true) : (d.etablissements as unknown[])) {
    const x = check ? record(item) : (item as Record<string, unknown>);
    const n = id(x.ident);
    if (check && (!schools.add(n) || typeof x.numero !== 'string' || !isUaiFormat(x.numero))) throw INVALID;
    o.push(`${i2}<Etablissement Ident="${n}"`);
    a(' Numero="', x.numero);
    r(' Nom="', x.nom);
    adresse(x);
    a(' TelSecretariat="', x.telSecretariat);
    a(' TelScolarite="', x.telScolarite);
    a(' Fax="', x.fax);
    a(' EMail="', x.email);
    o.push('/>');
  }
  o.push(`${i1}</Etablissements>${i1}<EtablissementsGeres>`);
  const managed = new IdentSet();
  for (const item of check ? list(d.etablissementsGeres, true) : (d.etablissementsGeres as unknown[])) {
    const n = id((check ? record(item) : (item as Record<string, unknown>)).ident);
    if (check && (!schools.has(n) || !managed.add(n))) throw INVALID;
    o.push(`${i2}<Etablissement Ident="${n}"/>`);
  }
  o.push(`${i1}</EtablissementsGeres>`);

  const people = new IdentSet();
  const parents = new IdentSet();
  let count = 0;
  /** Common attributes of a person, checked: Ident unique, names and ID_Partenaire present. */
  const person = (p: Record<string, unknown>, ids: StringSet | undefined): void => {
    const n = id(p.ident);
    if (check) {
      if (!people.add(n)) throw INVALID;
      const idp = p.idPartenaire;
      if (typeof idp === 'string') {
        if (!(ids as StringSet).add(idp)) throw INVALID;
      }
    }
    o.push(' Ident="', String(n), '"');
    r(' Nom="', p.nom);
    r(' Prenom="', p.prenom);
  };
  const population = function* (key: 'personnels' | 'professeurs' | 'responsables' | 'eleves', container: string, element: string) {
    const arr = check ? list(d[key], false) : (d[key] as unknown[]);
    if (arr.length === 0) return;
    count += arr.length;
    if (check && count > limits.maxPeople) throw INVALID;
    const ids = check ? new StringSet(arr.length) : undefined;
    o.push(`${i1}<${container}>`);
    const open = `${i2}<${element}`;
    const close = `${i2}</${element}>`;
    for (const item of arr) {
      const p = check ? record(item) : (item as Record<string, unknown>);
      switch (key) {
        case 'personnels':
          o.push(open);
          person(p, ids);
          r(' ID_Partenaire="', p.idPartenaire);
          adresse(p);
          o.push('/>');
          break;
        case 'professeurs':
          o.push(open);
          person(p, ids);
          if (check && p.dateNaissance !== undefined && (typeof p.dateNaissance !== 'string' || !isXsDate(p.dateNaissance))) throw INVALID;
          a(' DateNaissance="', p.dateNaissance);
          r(' ID_Partenaire="', p.idPartenaire);
          adresse(p);
          o.push('/>');
          break;
        case 'responsables': {
          o.push(open);
          person(p, ids);
          parents.add(p.ident as number);
          r(' ID_Partenaire="', p.idPartenaire);
          adresse(p);
          if (p.civilite === undefined) o.push('/>');
          else {
            const c = id(p.civilite);
            if (check && (!hasCivilites || !civilites.has(c))) throw INVALID;
            o.push(`>${i3}<Civilite Ident="`, String(c), '"/>', close);
          }
          break;
        }
        default: {
          if (check) {
            if (typeof p.dateNaissance !== 'string' || !isXsDate(p.dateNaissance)) throw INVALID;
            if (p.sexe !== undefined && p.sexe !== 'Masculin' && p.sexe !== 'Feminin') throw INVALID;
            if (!Array.isArray(p.responsables)) throw INVALID;
          }
          o.push(open);
          person(p, ids);
          a(' DateNaissance="', p.dateNaissance);
          a(' Sexe="', p.sexe);
          r(' ID_Partenaire="', p.idPartenaire);
          a(' NumeroNational="', p.numeroNational);
          adresse(p);
          const refs = p.responsables as unknown[];
          if (refs.length === 0) o.push('/>');
          else {
            o.push('>');
            const ref3 = `${i3}<Responsable Ident="`;
            for (const ref of refs) {
              const n = id(ref);
              if (check && !parents.has(n)) throw INVALID;
              o.push(ref3, String(n), '"/>');
            }
            o.push(close);
          }
        }
      }
      if (o.length > PARTS) {
        yield o.join('');
        o.length = 0;
      }
    }
    o.push(`${i1}</${container}>`);
  };
  yield* population('personnels', 'Personnels', 'Personnel');
  yield* population('professeurs', 'Professeurs', 'Professeur');
  yield* population('responsables', 'Responsables', 'Responsable');
  yield* population('eleves', 'Eleves', 'Eleve');
  o.push(`${indent ? '\n' : ''}</PARTENAIRE_INDEX>\n`);
  yield o.join('');
}

/** Options of {@link writePartenaireIndex}. */
export interface WriteOptions {
  indent?: boolean;
  /** Check the model while writing (default true). */
  validate?: boolean;
  limits?: Partial<Limits>;
}

/**
 * The document as string chunks of about 64 KiB, checked while written (unless
 * `validate: false`). An invalid model fails with the `ERR_SCHEMA` of
 * {@link validatePartenaireIndex}, listing every problem, before the last chunk is produced:
 * callers must not use the chunks of a failed run.
 */
export function* writePartenaireIndex(doc: PartenaireIndex, options: WriteOptions = {}): Generator<string, void, undefined> {
  const limits = options.limits === undefined ? DEFAULT_LIMITS : resolveLimits(options.limits);
  const indent = options.indent ?? true;
  if (options.validate === false) {
    yield* chunks(doc, indent, false, limits);
    return;
  }
  try {
    yield* chunks(doc, indent, true, limits);
  } catch (e) {
    if (!(e instanceof Invalid) && !(e instanceof TypeError)) throw e;
    const problems = validatePartenaireIndex(doc, { lint: false, limits });
    if (problems.some((p) => p.severity === 'error')) throw schemaError('the PARTENAIRE_INDEX model', problems);
    // The writer's checks mirror the validation's: reaching this line is a bug.
    throw new EntPronoteError('ERR_SCHEMA', 'the PARTENAIRE_INDEX model could not be written (internal check mismatch: please report it)', { cause: e });
  }
}
