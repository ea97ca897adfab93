/**
 * Writes the PRONOTE identifier file `IdPN_To_<ENT>.xml` (root `IDENTIFIANTS_PRONOTE`) from its
 * model.
 *
 * @module
 */

import { expectModel, expectOptions } from '../common/arguments';
import { EntPronoteError, schemaError } from '../errors';
import { joinBounded } from '../limits';
import { escapeAttribute, escapeText } from '../internal/xml/escape';
import type { Extra, ExtraElement, IdentifiantsPronote, IdentifiantsPronoteMode, PronotePersonne, PronoteEleve } from './model';
import { selectIdentifiantsPronote } from './select';
import { checkIdentifiantsPronote } from './validate';
import { CONTAINER, HOLDER, type HolderTable, PERSON, POPULATIONS, type Population, REF, ROOT, TABLES } from './vocabulary';

/** Options of {@link buildIdentifiantsPronote}. */
export interface BuildIdentifiantsPronoteOptions {
  /**
   * The export mode; defaults to `doc.mode`. When given, it wins over `doc.mode`. The written
   * `Mode` attribute is always the mode actually exported. `Partiel` leaves out every person who
   * has an `idPartenaire` (and the references to the parents left out), so a `Partiel` file can
   * never carry an `ID_Partenaire`; see {@link selectIdentifiantsPronote}.
   */
  mode?: IdentifiantsPronoteMode;
  /**
   * `keep` (default) writes the extra bags back (unknown attributes after the known ones,
   * unknown elements after the known children), so that reading the file gives the model back;
   * `omit` writes the canonical model only (what `schema/identifiants-pronote.xsd` describes).
   */
  extras?: 'keep' | 'omit';
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first (default true). */
  xmlDeclaration?: boolean;
  /** Start with a byte order mark `U+FEFF` (default false). */
  bom?: boolean;
}

const FLUSH = 64 * 1024;

/** Accumulates the output in ~64 KB chunks joined once at the end. */
class Output {
  private readonly chunks: string[] = [];
  private current = '';

  push(s: string): void {
    this.current += s;
    if (this.current.length >= FLUSH) {
      this.chunks.push(this.current);
      this.current = '';
    }
  }

  end(): string {
    this.chunks.push(this.current);
    this.current = '';
    return joinBounded(this.chunks, 'the IDENTIFIANTS_PRONOTE document');
  }
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}

function extraAttributes(attributes: Record<string, string> | undefined): string {
  if (attributes === undefined) return '';
  let s = '';
  for (const name of Object.keys(attributes)) s += ` ${name}="${escapeAttribute(attributes[name] as string)}"`;
  return s;
}

/*
 * Layout: every element starts on a new line ("\n" + indentation written before it). Character
 * data of an element (only in extra bags) is written right before its end tag, touching the
 * previous tag: the indentation before each child is then a white-space-only text node, which
 * readers drop, and the text reads back exactly.
 */

function writeExtraElement(out: Output, el: ExtraElement, depth: number): void {
  out.push(`\n${indent(depth)}<${el.name}${extraAttributes(el.attributes)}`);
  const hasText = el.text !== undefined;
  if (el.children.length === 0 && !hasText) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of el.children) writeExtraElement(out, child, depth + 1);
  if (hasText) out.push(escapeText(el.text as string));
  else out.push(`\n${indent(depth)}`);
  out.push(`</${el.name}>`);
}

/**
 * Writes the content and end tag of a known element whose start tag is open (without its `>`):
 * `children` writes the known children; then come the extra elements and the extra text.
 */
function closeKnown(out: Output, name: string, depth: number, extra: Extra | undefined, hasKnownChildren: boolean, children?: () => void): void {
  const elements = extra?.elements ?? [];
  const text = extra?.text;
  if (!hasKnownChildren && elements.length === 0 && text === undefined) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (hasKnownChildren) children?.();
  for (const el of elements) writeExtraElement(out, el, depth + 1);
  if (text !== undefined) out.push(escapeText(text));
  else out.push(`\n${indent(depth)}`);
  out.push(`</${name}>`);
}

/**
 * The attributes of a holder, in the vocabulary's order: absent ones left out, and in a `Partiel`
 * export never an `idPartenaire`-typed one, whatever the model holds.
 */
function knownAttributes(table: HolderTable, record: Record<string, unknown>, partiel: boolean): string {
  let s = '';
  for (const a of table.attributes) {
    const value = record[a.field];
    if (value === undefined || (partiel && a.type === 'idPartenaire')) continue;
    s += a.type === 'ident' ? `${a.pre}${value as number}"` : `${a.pre}${escapeAttribute(value as string)}"`;
  }
  return s;
}

function writePerson(out: Output, p: PronotePersonne, table: HolderTable, element: string, partiel: boolean, keepExtras: boolean): void {
  let s = `\n    <${element}${knownAttributes(table, p as unknown as Record<string, unknown>, partiel)}`;
  const extra = keepExtras ? p.extra : undefined;
  if (extra !== undefined) s += extraAttributes(extra.attributes);
  out.push(s);
  const refs = table.holder === REF.on ? (p as PronoteEleve).responsables : undefined;
  const hasRefs = refs !== undefined && refs.length > 0;
  closeKnown(out, element, 2, extra, hasRefs, () => {
    if (refs === undefined) return;
    const refExtras = keepExtras ? (p as PronoteEleve).responsablesExtra : undefined;
    for (let j = 0; j < refs.length; j++) {
      const refExtra = refExtras?.[j];
      out.push(`\n      <${REF.xml}${knownAttributes(TABLES.ref, { ident: refs[j] }, partiel)}${extraAttributes(refExtra?.attributes)}`);
      closeKnown(out, REF.xml, 3, refExtra, false);
    }
  });
}

function writeContainer(out: Output, doc: IdentifiantsPronote, population: Population, partiel: boolean, keepExtras: boolean): void {
  const list = doc[population] as PronotePersonne[];
  const extra = keepExtras ? doc.containerExtra?.[population] : undefined;
  if (list.length === 0 && extra === undefined) return;
  const name = CONTAINER[population];
  const element = PERSON[population];
  const table = TABLES[HOLDER[population]];
  out.push(`\n  <${name}${extraAttributes(extra?.attributes)}`);
  closeKnown(out, name, 1, extra, list.length > 0, () => {
    for (const p of list) writePerson(out, p, table, element, partiel, keepExtras);
  });
}

/**
 * Builds the identifier file (`IdPN_To_<SOCLE>.xml`, see {@link identifiantsPronoteFileName})
 * as a string: UTF-8 XML declaration, two-space indentation, LF line ends, attributes in the
 * vocabulary's order (`Ident`, `IDPN`, `Nom`, `Prenom`, `DateNaissance`, `Sexe`,
 * `ID_Partenaire`; see `src/identifiants-pronote/vocabulary.ts`).
 *
 * **Mode.** The exported mode is `options.mode` when given, else `doc.mode`; the `Mode`
 * attribute written is that mode. In `Partiel` mode everyone with an `idPartenaire` is left out
 * (with the student → parent references to them), so the file can never carry an
 * `ID_Partenaire`: building a partial file from a complete set of people is the intended use.
 *
 * The exported document is validated first (see {@link validateIdentifiantsPronote}); any
 * error-level problem fails with `ERR_SCHEMA` listing the problems with their paths. A value
 * holding a character XML 1.0 forbids is refused this way, never dropped.
 *
 * Reading the result with {@link parseIdentifiantsPronote} gives back the exported document
 * (`selectIdentifiantsPronote(doc, mode)`), extra bags included unless `extras: 'omit'`.
 *
 * @throws {@link EntPronoteError} `ERR_SCHEMA` (invalid document), `ERR_ARGUMENT` (bad option),
 * `ERR_LIMIT` (a document longer than the longest string the runtime can hold).
 * @example
 * ```ts
 * const xml = buildIdentifiantsPronote(doc, { mode: 'Partiel' });
 * ```
 */
export function buildIdentifiantsPronote(doc: IdentifiantsPronote, options: BuildIdentifiantsPronoteOptions = {}): string {
  expectModel(doc, 'doc', 'an IdentifiantsPronote model', ['personnels', 'professeurs', 'responsables', 'eleves']);
  expectOptions(options);
  if (options.mode !== undefined && options.mode !== 'Complet' && options.mode !== 'Partiel') {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.mode must be Complet or Partiel');
  }
  if (options.extras !== undefined && options.extras !== 'keep' && options.extras !== 'omit') {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.extras must be keep or omit');
  }
  const keepExtras = options.extras !== 'omit';
  const mode = options.mode ?? doc.mode;
  const exported = mode === 'Complet' || mode === 'Partiel' ? selectIdentifiantsPronote(doc, mode) : doc;
  const problems = checkIdentifiantsPronote(exported, { extras: keepExtras });
  if (problems.some((p) => p.severity === 'error')) throw schemaError('the IDENTIFIANTS_PRONOTE document', problems);

  const partiel = exported.mode === 'Partiel';
  const out = new Output();
  if (options.bom === true) out.push('\uFEFF');
  if (options.xmlDeclaration !== false) out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  const rootExtra = keepExtras ? exported.extra : undefined;
  out.push(
    `<${ROOT}${knownAttributes(TABLES.root, exported as unknown as Record<string, unknown>, partiel)}${extraAttributes(rootExtra?.attributes)}`,
  );
  const hasPeople = POPULATIONS.some((p) => exported[p].length > 0 || (keepExtras && exported.containerExtra?.[p] !== undefined));
  closeKnown(out, ROOT, 0, rootExtra, hasPeople, () => {
    for (const population of POPULATIONS) writeContainer(out, exported, population, partiel, keepExtras);
  });
  out.push('\n');
  return out.end();
}
