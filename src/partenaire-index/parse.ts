/**
 * Reads a `PARTENAIRE_INDEX` v2.0 document into the typed model.
 *
 * @module
 */

import { isXsDate, isXsDateTime } from '../common/dates';
import { EntPronoteError, type Problem, schemaError } from '../errors';
import { decodeXmlBytesLatin1 } from '../internal/xml/decode';
import { shownName, type StartTag, XmlTokenizer, XSI_NS } from '../internal/xml/tokenizer';
import { type Limits, limitError, resolveLimits } from '../limits';
import type {
  Adresse,
  Civilite,
  Eleve,
  Etablissement,
  PartenaireIndex,
  Personnel,
  Professeur,
  Responsable,
} from './model';
import { PARTENAIRE_INDEX_NAMESPACE } from './model';
import { validatePartenaireIndex } from './validate';

/** Options of {@link parsePartenaireIndex}. */
export interface ParsePartenaireIndexOptions {
  /** Resource limits (input size, people, attribute length, depth). */
  limits?: Partial<Limits>;
  /**
   * Also run {@link validatePartenaireIndex} (references, uniqueness, UAI, …) and refuse the
   * document on any error-level problem. Default false: parsing checks what the schema
   * says (structure, order, cardinalities, required attributes, types).
   */
  validate?: boolean;
  /** Stop collecting after this many problems (default 100). */
  maxProblems?: number;
  /**
   * When the document breaks the schema, also run {@link validatePartenaireIndex} on what was
   * read and add its problems (at paths the schema problems do not name) to the `ERR_SCHEMA`
   * error, so that one run lists every problem (`ent-pronote validate`).
   * @internal
   */
  allProblems?: boolean;
}

const WHAT = 'a PARTENAIRE_INDEX document';
const ROOT = '/PARTENAIRE_INDEX';
const SECTIONS = ['Nomenclatures', 'Etablissements', 'EtablissementsGeres', 'Personnels', 'Professeurs', 'Responsables', 'Eleves'] as const;
type Section = (typeof SECTIONS)[number];
const ITEM: Record<Section, string> = {
  Nomenclatures: 'Civilites',
  Etablissements: 'Etablissement',
  EtablissementsGeres: 'Etablissement',
  Personnels: 'Personnel',
  Professeurs: 'Professeur',
  Responsables: 'Responsable',
  Eleves: 'Eleve',
};

/**
 * The path of an element in problems: a string, or a function building it, called only when a
 * problem is reported (most documents have none: no string is built per person).
 */
type Path = string | (() => string);

function pathText(path: Path): string {
  return typeof path === 'string' ? path : path();
}

/** The problems found while parsing. */
class ParseState {
  readonly problems: Problem[] = [];
  errors = 0;
  tokenizer: XmlTokenizer | undefined;
  constructor(readonly maxProblems: number) {}
  /** Reports a problem at `path` (+ `suffix`, e.g. `/@Ident`). */
  problem(path: Path, rule: string, message: string, offset: number, suffix = ''): void {
    if (this.errors >= this.maxProblems) return;
    this.errors++;
    const { line, column } = (this.tokenizer as XmlTokenizer).locate(offset);
    this.problems.push({ severity: 'error', rule, path: pathText(path) + suffix, message, line, column });
  }
}

/** Reads the `Ident` of the element at `path`: an `xs:unsignedInt` (white space collapsed, optional `+`), or -1 after a problem. */
function parseIdent(st: ParseState, raw: string, path: Path, offset: number): number {
  let i = 0;
  let end = raw.length;
  while (i < end && (raw.charCodeAt(i) === 0x20 || raw.charCodeAt(i) === 0x09 || raw.charCodeAt(i) === 0x0a || raw.charCodeAt(i) === 0x0d)) i++;
  while (end > i && (raw.charCodeAt(end - 1) === 0x20 || raw.charCodeAt(end - 1) === 0x09 || raw.charCodeAt(end - 1) === 0x0a || raw.charCodeAt(end - 1) === 0x0d)) end--;
  if (i < end && raw.charCodeAt(i) === 0x2b /* + */) i++;
  let n = 0;
  if (i === end) n = -1;
  for (; i < end; i++) {
    const d = raw.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) {
      n = -1;
      break;
    }
    n = n * 10 + d;
  }
  if (n < 0) {
    st.problem(path, 'type', 'must be an unsigned integer (xs:unsignedInt)', offset, '/@Ident');
    return -1;
  }
  if (n > 4294967295) {
    st.problem(path, 'type', 'is larger than 4294967295 (xs:unsignedInt)', offset, '/@Ident');
    return -1;
  }
  return n;
}

function setAddress(target: Adresse, name: string, value: string): boolean {
  switch (name) {
    case 'Adresse1':
      target.adresse1 = value;
      return true;
    case 'Adresse2':
      target.adresse2 = value;
      return true;
    case 'Adresse3':
      target.adresse3 = value;
      return true;
    case 'Adresse4':
      target.adresse4 = value;
      return true;
    case 'CodePostal':
      target.codePostal = value;
      return true;
    case 'Ville':
      target.ville = value;
      return true;
    case 'Pays':
      target.pays = value;
      return true;
    default:
      return false;
  }
}

/**
 * Parses a `PARTENAIRE_INDEX` document (string, or bytes in their declared encoding) into the
 * model, checking what the schema says: root and namespace, element order and cardinalities,
 * no unknown element or attribute (`xsi:` attributes aside), required attributes, types
 * (`xs:unsignedInt`, `xs:date`, `xs:dateTime`, enumerations). Accepts a byte order mark,
 * indentation, the default namespace or any prefix bound to the namespace. Refuses a DOCTYPE.
 *
 * `buildPartenaireIndex` and `parsePartenaireIndex` round-trip: `parse(build(x))` deep-equals
 * `x` for every valid `x`.
 *
 * @throws EntPronoteError `ERR_ENCODING`, `ERR_XML` (not well-formed, with line and column),
 * `ERR_DOCTYPE`, `ERR_LIMIT`, or `ERR_SCHEMA` listing every problem found with its path, line
 * and column.
 */
export function parsePartenaireIndex(xml: string | Uint8Array, options: ParsePartenaireIndexOptions = {}): PartenaireIndex {
  const limits = resolveLimits(options.limits);
  const decoded = typeof xml === 'string' ? { text: xml, utf8Latin1: false } : decodeXmlBytesLatin1(xml, { limits, what: WHAT });
  const reader = createPartenaireIndexReader(options, limits, decoded.utf8Latin1);
  reader.write(decoded.text);
  return reader.end();
}

/**
 * An incremental `PARTENAIRE_INDEX` reader: text chunks in (UTF-8 read as Latin-1 when
 * `utf8Latin1`, see the tokenizer), the checked model out of `end()`. What
 * {@link parsePartenaireIndex} does, for input that arrives in chunks (decompression).
 *
 * @internal
 */
export interface PartenaireIndexReader {
  write(text: string): void;
  end(): PartenaireIndex;
}

/** The schema problems, then the validator's problems on the partly read model at other paths. */
function withSemanticProblems(schema: readonly Problem[], doc: PartenaireIndex, limits: Limits): Problem[] {
  const reported = new Set(schema.map((p) => p.path));
  let semantic: Problem[];
  try {
    semantic = validatePartenaireIndex(doc, { limits });
  } catch {
    return [...schema];
  }
  return [...schema, ...semantic.filter((p) => !reported.has(p.path))];
}

/** @internal See {@link PartenaireIndexReader}. */
export function createPartenaireIndexReader(options: Omit<ParsePartenaireIndexOptions, 'limits'>, limits: Limits, utf8Latin1: boolean): PartenaireIndexReader {
  const st = new ParseState(options.maxProblems ?? 100);

  const doc = {
    etablissements: [] as Etablissement[],
    etablissementsGeres: [] as { ident: number }[],
    personnels: [] as Personnel[],
    professeurs: [] as Professeur[],
    responsables: [] as Responsable[],
    eleves: [] as Eleve[],
  } as PartenaireIndex;

  let sectionIndex = -1;
  let section: Section | undefined;
  let sectionCount = 0;
  let sectionOffset = 0;
  /** Path of the current item of a section (built only for a problem). */
  let itemSection: Section = 'Eleves';
  let itemIndex = 0;
  const itemPathOf = (): string => `${ROOT}/${itemSection}/${ITEM[itemSection]}[${itemIndex}]`;
  let itemPath: Path = '';
  /** Path of the current child of an item: `<name>[index]`, or `<name>` when index is 0. */
  let childName = '';
  let childIndex = 0;
  const childPathOf = (): string => `${pathText(itemPath)}/${childName}${childIndex === 0 ? '' : `[${childIndex}]`}`;
  let civilites: Civilite[] | undefined;
  let civilitesCount = 0;
  let current: Responsable | Eleve | undefined;
  let childCount = 0;
  let skipDepth = 0;
  let people = 0;
  const seen = new Set<Section>();

  const unknownAttr = (tag: StartTag, k: number, path: Path) => {
    if (tag.attrNs[k] === XSI_NS) return;
    st.problem(path, 'unknown', `attribute is not part of <${shownName(tag.local)}>`, tag.offset, `/@${shownName(tag.attrQNames[k] ?? '')}`);
  };
  const required = (tag: StartTag, path: Path, present: boolean, name: string) => {
    if (!present) st.problem(path, 'required', `required attribute of <${tag.local}> is missing`, tag.offset, `/@${name}`);
  };
  const checkDate = (tag: StartTag, raw: string, path: Path): string => {
    if (isXsDate(raw)) return raw;
    const v = raw.trim();
    if (!isXsDate(v)) st.problem(path, 'date', 'must be a date written YYYY-MM-DD (xs:date)', tag.offset, '/@DateNaissance');
    return v;
  };

  const readPerson = (tag: StartTag, kind: Section, path: Path): Personnel | Professeur | Responsable | Eleve => {
    const p = { ident: -1, nom: '', prenom: '', idPartenaire: '' } as Eleve;
    let has = 0;
    for (let k = 0; k < tag.attrCount; k++) {
      const name = tag.attrLocals[k] as string;
      const value = tag.attrValues[k] as string;
      if (tag.attrNs[k] !== '') {
        unknownAttr(tag, k, path);
        continue;
      }
      switch (name) {
        case 'Ident':
          p.ident = parseIdent(st, value, path, tag.offset);
          has |= 1;
          break;
        case 'Nom':
          p.nom = value;
          has |= 2;
          break;
        case 'Prenom':
          p.prenom = value;
          has |= 4;
          break;
        case 'ID_Partenaire':
          p.idPartenaire = value;
          has |= 8;
          break;
        case 'DateNaissance':
          if (kind === 'Professeurs' || kind === 'Eleves') {
            p.dateNaissance = checkDate(tag, value, path);
            has |= 16;
          } else unknownAttr(tag, k, path);
          break;
        case 'Sexe':
          if (kind !== 'Eleves') unknownAttr(tag, k, path);
          else if (value !== 'Masculin' && value !== 'Feminin') st.problem(path, 'enum', 'must be Masculin or Feminin', tag.offset, '/@Sexe');
          else p.sexe = value;
          break;
        case 'NumeroNational':
          if (kind === 'Eleves') p.numeroNational = value;
          else unknownAttr(tag, k, path);
          break;
        default:
          if (!setAddress(p, name, value)) unknownAttr(tag, k, path);
      }
    }
    required(tag, path, (has & 1) !== 0, 'Ident');
    required(tag, path, (has & 2) !== 0, 'Nom');
    required(tag, path, (has & 4) !== 0, 'Prenom');
    required(tag, path, (has & 8) !== 0, 'ID_Partenaire');
    if (kind === 'Eleves') {
      required(tag, path, (has & 16) !== 0, 'DateNaissance');
      p.responsables = [];
    }
    return p;
  };

  const readEtablissement = (tag: StartTag, path: Path): Etablissement => {
    const e = { ident: -1, numero: '', nom: '' } as Etablissement;
    let has = 0;
    for (let k = 0; k < tag.attrCount; k++) {
      const name = tag.attrLocals[k] as string;
      const value = tag.attrValues[k] as string;
      if (tag.attrNs[k] !== '') {
        unknownAttr(tag, k, path);
        continue;
      }
      switch (name) {
        case 'Ident':
          e.ident = parseIdent(st, value, path, tag.offset);
          has |= 1;
          break;
        case 'Numero':
          e.numero = value;
          has |= 2;
          break;
        case 'Nom':
          e.nom = value;
          has |= 4;
          break;
        case 'TelSecretariat':
          e.telSecretariat = value;
          break;
        case 'TelScolarite':
          e.telScolarite = value;
          break;
        case 'Fax':
          e.fax = value;
          break;
        case 'EMail':
          e.email = value;
          break;
        default:
          if (!setAddress(e, name, value)) unknownAttr(tag, k, path);
      }
    }
    required(tag, path, (has & 1) !== 0, 'Ident');
    required(tag, path, (has & 2) !== 0, 'Numero');
    required(tag, path, (has & 4) !== 0, 'Nom');
    return e;
  };

  /** Reads an element that carries only `Ident`. */
  const readIdentOnly = (tag: StartTag, path: Path): number => {
    let ident = -1;
    let has = false;
    for (let k = 0; k < tag.attrCount; k++) {
      if (tag.attrNs[k] === '' && tag.attrLocals[k] === 'Ident') {
        ident = parseIdent(st, tag.attrValues[k] as string, path, tag.offset);
        has = true;
      } else unknownAttr(tag, k, path);
    }
    required(tag, path, has, 'Ident');
    return ident;
  };

  const unexpected = (tag: StartTag, parentPath: Path, expected: string) => {
    const where = tag.ns === PARTENAIRE_INDEX_NAMESPACE ? '' : tag.ns === '' ? ' (in no namespace)' : ' (in another namespace)';
    st.problem(parentPath, 'unexpected', `element <${shownName(tag.local)}>${where} is not allowed here; expected ${expected}`, tag.offset, `/${shownName(tag.local)}`);
    skipDepth = tag.depth;
  };

  const tokenizer = new XmlTokenizer(
    {
      startElement(tag) {
        if (skipDepth !== 0) return;
        const depth = tag.depth;
        const ours = tag.ns === PARTENAIRE_INDEX_NAMESPACE;
        if (depth === 1) {
          if (tag.local !== 'PARTENAIRE_INDEX') {
            throw new EntPronoteError('ERR_SCHEMA', `the root element is <${shownName(tag.local)}>, expected <PARTENAIRE_INDEX> (is this the right kind of file?)`, {
              path: `/${shownName(tag.local)}`,
              ...st.tokenizer?.locate(tag.offset),
            });
          }
          if (!ours) {
            throw new EntPronoteError(
              'ERR_SCHEMA',
              tag.ns === ''
                ? `<PARTENAIRE_INDEX> has no namespace; it must be in ${PARTENAIRE_INDEX_NAMESPACE} (add xmlns="${PARTENAIRE_INDEX_NAMESPACE}")`
                : `<PARTENAIRE_INDEX> is in another namespace; expected ${PARTENAIRE_INDEX_NAMESPACE}`,
              { path: ROOT, ...st.tokenizer?.locate(tag.offset) },
            );
          }
          let has = 0;
          for (let k = 0; k < tag.attrCount; k++) {
            const value = tag.attrValues[k] as string;
            if (tag.attrNs[k] !== '') {
              unknownAttr(tag, k, ROOT);
              continue;
            }
            switch (tag.attrLocals[k]) {
              case 'Date': {
                const v = value.trim();
                if (!isXsDateTime(v)) st.problem(ROOT, 'date', 'must be a date-time YYYY-MM-DDThh:mm:ss with an optional time zone (xs:dateTime)', tag.offset, '/@Date');
                doc.date = v;
                has |= 1;
                break;
              }
              case 'Partenaire':
                doc.partenaire = value;
                has |= 2;
                break;
              case 'ProtocoleDelegationAuthentification':
                if (value === 'CAS' || value === 'ADFS') doc.protocoleDelegationAuthentification = value;
                else st.problem(ROOT, 'enum', 'must be CAS or ADFS', tag.offset, '/@ProtocoleDelegationAuthentification');
                break;
              default:
                unknownAttr(tag, k, ROOT);
            }
          }
          required(tag, ROOT, (has & 1) !== 0, 'Date');
          required(tag, ROOT, (has & 2) !== 0, 'Partenaire');
          return;
        }
        if (depth === 2) {
          const idx = ours ? SECTIONS.indexOf(tag.local as Section) : -1;
          if (idx === -1) return unexpected(tag, ROOT, 'one of Nomenclatures, Etablissements, EtablissementsGeres, Personnels, Professeurs, Responsables, Eleves');
          const name = SECTIONS[idx] as Section;
          if (seen.has(name)) {
            st.problem(`${ROOT}/${name}[2]`, 'duplicate', `<${name}> appears twice`, tag.offset);
            skipDepth = depth;
            return;
          }
          if (idx < sectionIndex) {
            st.problem(`${ROOT}/${name}`, 'order', `<${name}> is out of order: expected order is ${SECTIONS.join(', ')}`, tag.offset);
          }
          for (let k = 0; k < tag.attrCount; k++) unknownAttr(tag, k, `${ROOT}/${name}`);
          seen.add(name);
          sectionIndex = idx;
          section = name;
          sectionCount = 0;
          sectionOffset = tag.offset;
          if (name === 'Nomenclatures') doc.nomenclatures = {};
          return;
        }
        const sec = section as Section;
        if (depth === 3) {
          const item = ITEM[sec];
          const parent = `${ROOT}/${sec}`;
          if (!ours || tag.local !== item) return unexpected(tag, parent, `<${item}>`);
          sectionCount++;
          itemSection = sec;
          itemIndex = sectionCount;
          itemPath = itemPathOf;
          current = undefined;
          childCount = 0;
          switch (sec) {
            case 'Nomenclatures':
              if (sectionCount > 1) {
                st.problem(`${parent}/Civilites[2]`, 'duplicate', '<Civilites> appears twice', tag.offset);
                skipDepth = depth;
                return;
              }
              for (let k = 0; k < tag.attrCount; k++) unknownAttr(tag, k, `${parent}/Civilites`);
              civilites = [];
              civilitesCount = 0;
              (doc.nomenclatures as { civilites?: Civilite[] }).civilites = civilites;
              itemPath = `${parent}/Civilites`;
              return;
            case 'Etablissements':
              doc.etablissements.push(readEtablissement(tag, itemPath));
              break;
            case 'EtablissementsGeres':
              doc.etablissementsGeres.push({ ident: readIdentOnly(tag, itemPath) });
              break;
            default: {
              if (++people > limits.maxPeople) throw limitError('number of people', limits.maxPeople, 'maxPeople');
              const p = readPerson(tag, sec, itemPath);
              if (sec === 'Personnels') doc.personnels.push(p);
              else if (sec === 'Professeurs') doc.professeurs.push(p);
              else if (sec === 'Responsables') {
                doc.responsables.push(p);
                current = p;
              } else {
                doc.eleves.push(p as Eleve);
                current = p as Eleve;
              }
            }
          }
          return;
        }
        if (depth === 4) {
          if (sec === 'Nomenclatures') {
            if (!ours || tag.local !== 'Civilite') return unexpected(tag, itemPath, '<Civilite>');
            civilitesCount++;
            const path = `${pathText(itemPath)}/Civilite[${civilitesCount}]`;
            const c: Civilite = { ident: -1, libelle: '' };
            let has = 0;
            for (let k = 0; k < tag.attrCount; k++) {
              if (tag.attrNs[k] !== '') unknownAttr(tag, k, path);
              else if (tag.attrLocals[k] === 'Ident') {
                c.ident = parseIdent(st, tag.attrValues[k] as string, path, tag.offset);
                has |= 1;
              } else if (tag.attrLocals[k] === 'Libelle') {
                c.libelle = tag.attrValues[k] as string;
                has |= 2;
              } else unknownAttr(tag, k, path);
            }
            required(tag, path, (has & 1) !== 0, 'Ident');
            required(tag, path, (has & 2) !== 0, 'Libelle');
            civilites?.push(c);
            return;
          }
          if (sec === 'Responsables' && current !== undefined) {
            if (!ours || tag.local !== 'Civilite') return unexpected(tag, itemPath, '<Civilite>');
            childCount++;
            if (childCount > 1) {
              st.problem(itemPath, 'duplicate', '<Civilite> appears twice', tag.offset, '/Civilite[2]');
              return;
            }
            childName = 'Civilite';
            childIndex = 0;
            (current as Responsable).civilite = readIdentOnly(tag, childPathOf);
            return;
          }
          if (sec === 'Eleves' && current !== undefined) {
            if (!ours || tag.local !== 'Responsable') return unexpected(tag, itemPath, '<Responsable>');
            childCount++;
            childName = 'Responsable';
            childIndex = childCount;
            (current as Eleve).responsables.push(readIdentOnly(tag, childPathOf));
            return;
          }
          return unexpected(tag, itemPath, 'no child element');
        }
        return unexpected(tag, itemPath, 'no child element');
      },
      endElement(_q, local, _ns, depth) {
        if (skipDepth !== 0) {
          if (depth === skipDepth) skipDepth = 0;
          return;
        }
        if (depth === 2 && section !== undefined) {
          if (section !== 'Nomenclatures' && sectionCount === 0) {
            st.problem(`${ROOT}/${section}`, 'cardinality', `<${section}> must contain at least one <${ITEM[section]}>`, sectionOffset);
          }
          section = undefined;
        } else if (depth === 3 && section === 'Nomenclatures' && local === 'Civilites' && civilitesCount === 0) {
          st.problem(itemPath, 'cardinality', '<Civilites> must contain at least one <Civilite>', sectionOffset);
        }
      },
      text(_value, offset, depth) {
        if (skipDepth !== 0) return;
        const path = depth === 1 ? ROOT : depth === 2 ? `${ROOT}/${section ?? ''}` : itemPath;
        st.problem(path, 'text', 'text content is not allowed here', offset);
      },
    },
    { limits, what: WHAT, utf8Latin1 },
  );
  st.tokenizer = tokenizer;
  let length = 0;
  return {
    write(text: string): void {
      length += text.length;
      tokenizer.write(text);
    },
    end(): PartenaireIndex {
      tokenizer.end();
      for (const name of ['Etablissements', 'EtablissementsGeres'] as const) {
        if (!seen.has(name)) st.problem(`${ROOT}/${name}`, 'required', `required element <${name}> is missing`, length);
      }
      if (st.errors > 0) throw schemaError(WHAT, options.allProblems === true ? withSemanticProblems(st.problems, doc, limits) : st.problems);
      if (options.validate === true) {
        const problems = validatePartenaireIndex(doc, { limits, lint: false });
        if (problems.some((p) => p.severity === 'error')) throw schemaError(WHAT, problems);
      }
      return doc;
    },
  };
}
