/**
 * Reads the clear structure of an envelope with the project's strict tokenizer (DOCTYPE refused,
 * BOM accepted, any namespace prefix): root, element order and cardinality, attributes, and the
 * raw base64 texts. Nothing is decoded or decrypted here.
 *
 * @internal
 * @module
 */

import { isXsDateTime } from '../common/dates';
import { EntPronoteError } from '../errors';
import type { Limits } from '../limits';
import { decodeXmlBytes } from '../internal/xml/decode';
import { XSI_NS } from '../internal/xml/tokenizer';
import { parseXmlTree, type XmlElement, type XmlTree } from '../internal/xml/tree';
import { IMPORT_CHIFFRE_NAMESPACE } from './types';

/** An `ImportChiffre` container, as read. */
export interface ParsedImportChiffre {
  readonly kind: 'ImportChiffre';
  readonly version: string;
  readonly partenaire: string;
  readonly description: string;
  readonly cle: string;
  readonly contenu: string;
  readonly verification: string;
  readonly date: string;
  readonly uai: string;
}

/** One `CLES/PARTENAIRE` key block, as read. */
export interface ParsedKeyBlock {
  readonly nom: string;
  readonly text: string;
  readonly path: string;
}

/** An `EXPORT_INDEX_EDUCATION` envelope, as read. */
export interface ParsedExport {
  readonly kind: 'EXPORT_INDEX_EDUCATION';
  readonly version: string;
  readonly logiciel: string;
  readonly cles: readonly ParsedKeyBlock[];
  readonly contenu: string;
  readonly compressed: boolean;
  readonly verification: string;
  readonly date: string;
  readonly uai?: string;
  readonly nomEtablissement?: string;
  readonly codePostalVille?: string;
}

/** Either envelope. */
export type ParsedEnvelope = ParsedImportChiffre | ParsedExport;

/** Element paths, for messages and errors. */
export const PATHS = {
  cle: '/ImportChiffre/Cle',
  contenu: '/ImportChiffre/Contenu',
  verification: '/ImportChiffre/Verification',
  exportContenu: '/EXPORT_INDEX_EDUCATION/CONTENU',
  exportVerification: '/EXPORT_INDEX_EDUCATION/VERIFICATION',
} as const;

interface Slot {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

class Reader {
  constructor(private readonly tree: XmlTree) {}

  fail(reason: string, path: string, at: XmlElement): EntPronoteError {
    const { line, column } = this.tree.locate(at.offset);
    return new EntPronoteError('ERR_SCHEMA', reason, { path, line, column });
  }

  /** Refuses attributes other than `allowed` (xsi: attributes are always allowed). */
  attributes(el: XmlElement, path: string, allowed: readonly string[]): void {
    for (const a of el.attributes) {
      if (a.ns === XSI_NS) continue;
      if (a.ns !== '' || !allowed.includes(a.local)) {
        throw this.fail(`unexpected attribute ${a.name.slice(0, 60)} on ${el.local}`, `${path}/@${a.local.slice(0, 60)}`, el);
      }
    }
  }

  /** Text of a leaf element (no child elements, no attributes other than `allowed`). */
  leaf(el: XmlElement, path: string, allowed: readonly string[] = []): string {
    this.attributes(el, path, allowed);
    const child = el.children[0];
    if (child !== undefined) throw this.fail(`element ${el.local} must hold text only, not element ${child.local.slice(0, 60)}`, path, child);
    return el.text;
  }

  /** Checks that a container holds no text. */
  container(el: XmlElement, path: string, allowed: readonly string[] = []): void {
    this.attributes(el, path, allowed);
    if (!/^[\t\n\r ]*$/.test(el.text)) throw this.fail(`element ${el.local} must not contain text, only elements`, path, el);
  }

  /**
   * Matches the children of `parent` against an ordered list of slots, in namespace `ns`.
   * Fails on a missing, misplaced, duplicated, unknown or wrongly-namespaced element.
   */
  sequence(parent: XmlElement, parentPath: string, ns: string, slots: readonly Slot[]): Map<string, XmlElement[]> {
    const found = new Map<string, XmlElement[]>(slots.map((s) => [s.name, []]));
    let j = 0;
    for (const child of parent.children) {
      const name = child.local;
      const path = `${parentPath}/${name.slice(0, 60)}`;
      if (child.ns !== ns) {
        throw this.fail(
          ns === ''
            ? `element ${name.slice(0, 60)} must have no namespace`
            : `element ${name.slice(0, 60)} must be in the namespace ${ns}${child.ns === '' ? ' (it has none: declare xmlns on the root, or use the root prefix)' : ''}`,
          path,
          child,
        );
      }
      if (!slots.some((s) => s.name === name)) throw this.fail(`unexpected element ${name.slice(0, 60)}`, path, child);
      while (j < slots.length && (slots[j] as Slot).name !== name) {
        const slot = slots[j] as Slot;
        if ((found.get(slot.name) as XmlElement[]).length < slot.min) {
          throw this.fail(`missing element ${slot.name} (found ${name.slice(0, 60)} in its place)`, `${parentPath}/${slot.name}`, child);
        }
        j++;
      }
      if (j === slots.length) throw this.fail(`element ${name} is duplicated or out of order`, path, child);
      const list = found.get(name) as XmlElement[];
      list.push(child);
      if (list.length > (slots[j] as Slot).max) {
        throw this.fail(`element ${name} is duplicated`, `${path}[${list.length}]`, child);
      }
    }
    for (; j < slots.length; j++) {
      const slot = slots[j] as Slot;
      if ((found.get(slot.name) as XmlElement[]).length < slot.min) {
        throw this.fail(`missing element ${slot.name}`, `${parentPath}/${slot.name}`, parent);
      }
    }
    return found;
  }

  dateTime(el: XmlElement, path: string): string {
    const value = this.leaf(el, path).trim();
    if (!isXsDateTime(value)) throw this.fail(`${el.local} is not an xs:dateTime (e.g. 2026-09-01T08:00:00+02:00)`, path, el);
    return value;
  }
}

const IMPORT_SLOTS: readonly Slot[] = ['Partenaire', 'Description', 'Cle', 'Contenu', 'Verification', 'DateExport', 'UAI'].map((name) => ({
  name,
  min: 1,
  max: 1,
}));

const EXPORT_SLOTS: readonly Slot[] = [
  { name: 'VERSION', min: 1, max: 1 },
  { name: 'LOGICIEL', min: 1, max: 1 },
  { name: 'CLES', min: 1, max: 1 },
  { name: 'CONTENU', min: 1, max: 1 },
  { name: 'VERIFICATION', min: 1, max: 1 },
  { name: 'DATEHEURE', min: 1, max: 1 },
  { name: 'UAI', min: 0, max: 1 },
  { name: 'NOMETABLISSEMENT', min: 0, max: 1 },
  { name: 'CODEPOSTALVILLE', min: 0, max: 1 },
];

function one(found: Map<string, XmlElement[]>, name: string): XmlElement {
  return (found.get(name) as XmlElement[])[0] as XmlElement;
}

function optional(found: Map<string, XmlElement[]>, name: string): XmlElement | undefined {
  return (found.get(name) as XmlElement[])[0];
}

function readImportChiffre(r: Reader, root: XmlElement): ParsedImportChiffre {
  const base = '/ImportChiffre';
  r.container(root, base, ['Version']);
  const version = root.attributes.find((a) => a.ns === '' && a.local === 'Version')?.value;
  if (version === undefined) throw r.fail('missing attribute Version (the container version, e.g. "1.0")', `${base}/@Version`, root);
  const f = r.sequence(root, base, IMPORT_CHIFFRE_NAMESPACE, IMPORT_SLOTS);
  const text = (name: string) => r.leaf(one(f, name), `${base}/${name}`);
  return {
    kind: 'ImportChiffre',
    version,
    partenaire: text('Partenaire'),
    description: text('Description'),
    cle: text('Cle'),
    contenu: text('Contenu'),
    verification: text('Verification'),
    date: r.dateTime(one(f, 'DateExport'), `${base}/DateExport`),
    uai: text('UAI'),
  };
}

function readBoolean(r: Reader, el: XmlElement, name: string, path: string, byDefault: boolean): boolean {
  const raw = el.attributes.find((a) => a.ns === '' && a.local === name)?.value;
  if (raw === undefined) return byDefault;
  const v = raw.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw r.fail(`attribute ${name} must be true or false`, `${path}/@${name}`, el);
}

function readExport(r: Reader, root: XmlElement): ParsedExport {
  const base = '/EXPORT_INDEX_EDUCATION';
  r.container(root, base);
  const f = r.sequence(root, base, '', EXPORT_SLOTS);
  const text = (name: string) => r.leaf(one(f, name), `${base}/${name}`);
  const cles = one(f, 'CLES');
  r.container(cles, `${base}/CLES`);
  const blocks = r.sequence(cles, `${base}/CLES`, '', [{ name: 'PARTENAIRE', min: 1, max: 2 }]).get('PARTENAIRE') as XmlElement[];
  const keyBlocks: ParsedKeyBlock[] = [];
  blocks.forEach((el, i) => {
    const path = `${base}/CLES/PARTENAIRE[${i + 1}]`;
    const value = r.leaf(el, path, ['NOM']);
    const nom = el.attributes.find((a) => a.ns === '' && a.local === 'NOM')?.value;
    if (nom === undefined) throw r.fail('missing attribute NOM (the partner name)', `${path}/@NOM`, el);
    if (keyBlocks.some((k) => k.nom === nom)) throw r.fail('two key blocks have the same NOM', `${path}/@NOM`, el);
    keyBlocks.push({ nom, text: value, path });
  });
  const contenu = one(f, 'CONTENU');
  const out: {
    -readonly [K in keyof ParsedExport]: ParsedExport[K];
  } = {
    kind: 'EXPORT_INDEX_EDUCATION',
    version: text('VERSION'),
    logiciel: text('LOGICIEL'),
    cles: keyBlocks,
    contenu: r.leaf(contenu, PATHS.exportContenu, ['CompresseAvantChiffrement']),
    compressed: readBoolean(r, contenu, 'CompresseAvantChiffrement', PATHS.exportContenu, true),
    verification: text('VERIFICATION'),
    date: r.dateTime(one(f, 'DATEHEURE'), `${base}/DATEHEURE`),
  };
  const uai = optional(f, 'UAI');
  if (uai !== undefined) out.uai = r.leaf(uai, `${base}/UAI`);
  const nom = optional(f, 'NOMETABLISSEMENT');
  if (nom !== undefined) out.nomEtablissement = r.leaf(nom, `${base}/NOMETABLISSEMENT`);
  const cpv = optional(f, 'CODEPOSTALVILLE');
  if (cpv !== undefined) out.codePostalVille = r.leaf(cpv, `${base}/CODEPOSTALVILLE`);
  return out;
}

/**
 * Parses an envelope (either kind) from text or bytes (encoding per BOM/declaration).
 *
 * @throws EntPronoteError `ERR_ENCODING`, `ERR_XML`, `ERR_DOCTYPE`, `ERR_LIMIT` from the
 *   tokenizer; `ERR_SCHEMA` (with path, line, column) for a wrong root or namespace, a missing,
 *   misplaced, duplicated or unknown element or attribute, a bad date or boolean.
 */
export function parseEnvelope(input: string | Uint8Array, limits: Limits, expected?: ParsedEnvelope['kind']): ParsedEnvelope {
  const what = 'the envelope';
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array) text = decodeXmlBytes(input, { limits, what }).text;
  else throw new EntPronoteError('ERR_ARGUMENT', 'an envelope must be given as a string or bytes');
  const tree = parseXmlTree(text, { limits, what, keepWhitespace: true });
  const r = new Reader(tree);
  const root = tree.root;
  let parsed: ParsedEnvelope;
  if (root.local === 'ImportChiffre') {
    if (root.ns !== IMPORT_CHIFFRE_NAMESPACE) {
      throw r.fail(`the root ImportChiffre must be in the namespace ${IMPORT_CHIFFRE_NAMESPACE}`, '/ImportChiffre', root);
    }
    parsed = readImportChiffre(r, root);
  } else if (root.local === 'EXPORT_INDEX_EDUCATION') {
    if (root.ns !== '') throw r.fail('the root EXPORT_INDEX_EDUCATION must have no namespace', '/EXPORT_INDEX_EDUCATION', root);
    parsed = readExport(r, root);
  } else {
    throw r.fail(
      `not an envelope: the root element is ${root.local.slice(0, 60)}, expected ImportChiffre or EXPORT_INDEX_EDUCATION`,
      `/${root.local.slice(0, 60)}`,
      root,
    );
  }
  if (expected !== undefined && parsed.kind !== expected) {
    const opener = parsed.kind === 'ImportChiffre' ? 'openImportChiffre' : 'openExportIndexEducation';
    throw r.fail(`this is an ${parsed.kind} envelope, not ${expected}: use ${opener} or openEnvelope`, `/${parsed.kind}`, root);
  }
  return parsed;
}
