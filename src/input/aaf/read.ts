/**
 * AAF feed (Annuaire Académique Fédérateur, `ficAlimMENESR` XML files) → `PARTENAIRE_INDEX`.
 *
 * @module
 */

import { isUaiFormat } from '../../common/uai';
import { EntPronoteError } from '../../errors';
import { resolveLimits } from '../../limits';
import type {
  AccountInput,
  EleveInput,
  EtablissementInput,
  PartenaireIndexInput,
  ProfesseurInput,
  ResponsableInput,
} from '../../partenaire-index/assemble';
import type { Population } from '../../partenaire-index/model';
import { checkInputOptions, uaiFilter, valueDefect } from '../fields';
import { finishInput } from '../finish';
import { type InputOptions, type InputProblem, type InputResult, type PopulationCounts, ProblemLog, textPath } from '../problems';
import { parseAafFileName } from './file-name';
import { type AafEntry, keepAttribute, linkIds, mapPerson, mapSchool, populationOf, type Report } from './mapping';
import { AafFileReader, type AafRequest } from './records';
import { AafStore } from './store';

/** One file of an AAF feed. The library never opens files: the caller passes the bytes. */
export interface AafFile {
  /**
   * The file name (`ENT_0410017W_Complet_20260901_Eleve_0000.xml`): used in problems, and its
   * kind (`EtabEducNat`, `PersEducNat`, `Eleve`, `PersRelEleve`) applies to records that carry
   * no `categoriePersonne`/`categorieStructure`.
   */
  name: string;
  /** The bytes: one buffer, or chunks (e.g. `fs.createReadStream(path)`). */
  chunks: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

/** What {@link AafFeedOptions.resolveId} is told about the person. */
export interface AafResolveContext {
  /** The AAF category of the record. */
  category: 'Eleve' | 'PersRelEleve' | 'PersEducNat';
  /** The population the person is exported in. */
  population: Population;
}

/** Options of {@link readAafFeed}. */
export interface AafFeedOptions extends InputOptions {
  /**
   * Maps an AAF identifier (`identifier/id`) to the ENT's opaque identifier of the account
   * (`ID_Partenaire`), synchronously or not; undefined (or '') when the ENT has no account for
   * it: the person is then reported (rule `resolve`) and left out. Called once per exported
   * person, after the whole feed is read. {@link deriveOpaqueId} makes one from a secret:
   * `(id) => deriveOpaqueId(secret, id)`.
   */
  resolveId: (aafId: string, context: AafResolveContext) => string | undefined | PromiseLike<string | undefined>;
  /**
   * Keep only the schools with these UAIs and the people attached to them (see
   * {@link readAafFeed}). Default: every school and person of the feed.
   */
  uai?: string | readonly string[];
}

/** Counts of {@link readAafFeed}. */
export interface AafFeedStats {
  /** Files read. */
  files: number;
  /** Requests read, by kind. */
  requests: { add: number; modify: number; delete: number };
  /** Records of categories the export does not use (e.g. `MatiereEducNat`). */
  ignored: number;
  /** Records left out because they lack something the export needs (reported). */
  invalid: number;
  /** People left out because the resolver knew no ENT account for them (reported). */
  unresolved: number;
  /** People left out by the school filter. */
  filteredOut: number;
  /** What the document holds. */
  exported: PopulationCounts;
}

const WHAT = 'the AAF feed';

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/**
 * Reads an AAF feed (the `ficAlimMENESR` XML files an academy sends to an ENT) into a
 * `PARTENAIRE_INDEX` model.
 *
 * - **Streaming.** Files are read one after the other, chunk by chunk; only the attributes the
 *   export uses are kept, for the people kept. The declared encoding is honoured (real feeds
 *   are `ISO-8859-15`); the external `<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">` is
 *   accepted and never loaded. Malformed XML fails with `ERR_XML` (file, line, column).
 * - **Kinds.** Each record's `categoriePersonne` (`Eleve`, `PersRelEleve`, `PersEducNat`) or
 *   `categorieStructure` decides what it is; the file name's kind applies when there is none.
 *   Other categories are counted as ignored (one warning per file and category). `PersEducNat`
 *   are teachers or staff by this rule: `ENTPersonCategorieEnseignant` (true/false, O/N), else
 *   `PersEducNatPresenceDevantEleves` (O/N), else a function code `ENS` in
 *   `ENTPersonFonctions`; otherwise staff.
 * - **Mapping.** `sn`, `givenName`, `ENTPersonDateNaissance`, `personalTitle` (parent: civility
 *   `M`/`Mme`; student: `Sexe`, `M` → `Masculin`, `Mme`/`Mlle` → `Feminin`), `ENTPersonAdresse`
 *   (`$` lines → `Adresse1..4`), `ENTPersonCodePostal`, `ENTPersonVille`, `ENTPersonPays`,
 *   `ENTEleveINE` → `NumeroNational`; schools from `EtabEducNat` (`ENTStructureUAI`,
 *   `ENTStructureNomCourant`, `street`, `postalCode`, `l`). Unknown attributes are ignored.
 * - **Parents.** A student's parents are the ids of its `ENTElevePersRelEleve` (first `$` field)
 *   followed by the parents whose `ENTAuxPersRelEleveEleve` names it. A link to an id that is no
 *   parent of the feed is reported (warning `ref`) and dropped.
 * - **Deltas.** `modifyRequest` (add/replace/delete of values) and `deleteRequest` apply to what
 *   was read before, in the order of the files and of the requests; pass a `Complet` export
 *   then its `Delta`s ({@link compareAafFileNames} sorts names so).
 * - **School filter** (`uai`). Schools: those UAIs only (each must be in the feed, else an
 *   error `uai`). Students and staff: kept when one of their `ENTPersonStructRattach` values,
 *   or the structure of one of their `ENTPersonFonctions`, is the id (`identifier/id` or
 *   `ENTStructureJointure`) of a selected school's `EtabEducNat` record, or a selected UAI.
 *   Parents: kept when linked (either way) to a kept student, or attached themselves. When the
 *   `EtabEducNat` files come first, people of other schools are dropped as they are read, so
 *   memory follows the people kept; a later `modifyRequest` moving such a person into a
 *   selected school is then reported (warning `filtered`) and not applied.
 * - **Problems.** A record missing what the export needs (`sn`, `givenName`, a student's birth
 *   date, a school's UAI and name, an id the resolver knows) is reported with its file, line,
 *   record id and attribute, then left out (`onInvalidRecord: 'skip'`) or makes the whole read
 *   fail with `ERR_INPUT` after the feed is read (`'error'`, the default). Messages never quote
 *   a value.
 *
 * @example
 * ```ts
 * const names = (await readdir(dir)).filter((n) => n.endsWith('.xml')).sort(compareAafFileNames);
 * const { document, problems } = await readAafFeed(
 *   names.map((name) => ({ name, chunks: createReadStream(join(dir, name)) })),
 *   { resolveId: (id) => accounts.get(id), date: formatXsDateTime(new Date()), partenaire: 'MONENT', uai: '0410017W' },
 * );
 * ```
 */
export async function readAafFeed(files: Iterable<AafFile> | AsyncIterable<AafFile>, options: AafFeedOptions): Promise<InputResult<AafFeedStats>> {
  checkInputOptions(options, true);
  if (typeof options.resolveId !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'options.resolveId must be a function (AAF id → ENT id)');
  const selected = uaiFilter(options.uai);
  const limits = resolveLimits(options.limits);
  const policy = options.onInvalidRecord ?? 'error';
  const log = new ProblemLog(options.onProblem);
  const maxLength = limits.maxAttributeLength;

  let currentFile = '';
  const requestReport = (severity: 'error' | 'warning', req: AafRequest, attribute: string | undefined, rule: string, message: string): void => {
    const p: InputProblem = {
      severity,
      rule,
      path: textPath(currentFile, req.line, req.column),
      message,
      file: currentFile,
      line: req.line,
      column: req.column,
      ...(req.id !== undefined ? { record: req.id } : {}),
      ...(attribute !== undefined ? { attribute } : {}),
    };
    log.add(p);
  };
  // Without delta files (known when the files come as an array), the people the filter leaves out
  // need not be remembered: memory then follows the people kept only.
  const deltas = !Array.isArray(files) || (files as readonly AafFile[]).some((f) => typeof f?.name !== 'string' || parseAafFileName(f.name).mode !== 'Complet');
  const store = new AafStore(selected, requestReport, limits, deltas);
  let fileCount = 0;

  for await (const file of files as AsyncIterable<AafFile>) {
    if (typeof file !== 'object' || file === null || typeof file.name !== 'string') {
      throw new EntPronoteError('ERR_ARGUMENT', 'each AAF file must be an object { name, chunks }');
    }
    currentFile = file.name;
    const kind = parseAafFileName(file.name).kind;
    const unknownElements = new Set<string>();
    store.ignoredCategories = new Map();
    const reader = new AafFileReader({
      file: file.name,
      keep: keepAttribute,
      onRequest: (req) => store.apply(req, file.name, kind),
      onUnknownElement: (name, line, column) => {
        // Reported once per name; bounded memory: at most 1,000 names are remembered per file
        // (the problems themselves are capped by the log).
        if (unknownElements.has(name)) return;
        if (unknownElements.size < 1000) unknownElements.add(name);
        log.add({ severity: 'warning', rule: 'unknown-element', path: textPath(file.name, line, column), message: `element <${name.slice(0, 40)}> is not an AAF request: ignored`, file: file.name, line, column });
      },
      limits,
    });
    const chunks = file.chunks;
    if (chunks instanceof Uint8Array) reader.write(chunks);
    else if (isAsyncIterable(chunks)) for await (const c of chunks) reader.write(c);
    else if (chunks !== null && typeof chunks === 'object' && Symbol.iterator in chunks) for (const c of chunks) reader.write(c);
    else throw new EntPronoteError('ERR_ARGUMENT', 'AAF file chunks must be bytes or an (async) iterable of byte chunks', { file: file.name });
    reader.end();
    for (const [category, n] of store.ignoredCategories) {
      log.add({
        severity: 'warning',
        rule: 'category',
        path: file.name,
        file: file.name,
        message: `${n} record${n === 1 ? '' : 's'} of category ${category.slice(0, 40)} ignored (not used by the export)`,
      });
    }
    fileCount++;
  }

  const counters = store.counters;
  const entryReport =
    (entry: AafEntry): Report =>
    (severity, attribute, rule, message) =>
      log.add({
        severity,
        rule,
        path: textPath(entry.file, entry.line, entry.column),
        message,
        file: entry.file,
        line: entry.line,
        column: entry.column,
        record: entry.id,
        attribute,
      });

  // Schools.
  const etablissements: EtablissementInput[] = [];
  const seenUai = new Set<string>();
  for (const entry of store.structures.values()) {
    const rawUai = entry.attrs.get('ENTStructureUAI')?.[0]?.toUpperCase();
    if (selected !== undefined && (rawUai === undefined || !selected.has(rawUai))) continue;
    const school = mapSchool(entry, entryReport(entry), maxLength);
    if (school === undefined) {
      counters.invalid++;
      continue;
    }
    if (seenUai.has(school.numero)) {
      entryReport(entry)('warning', 'ENTStructureUAI', 'duplicate', 'another EtabEducNat record has the same UAI: this one is ignored');
      continue;
    }
    seenUai.add(school.numero);
    etablissements.push(school);
  }
  if (selected !== undefined) {
    for (const uai of selected) {
      if (!seenUai.has(uai)) {
        log.add({
          severity: 'error',
          rule: 'uai',
          path: 'options.uai',
          message: `no valid EtabEducNat record of the feed has the UAI ${isUaiFormat(uai) ? uai : '(malformed)'}`,
        });
      }
    }
  }

  // School filter (on the final state): students and staff first, then parents.
  let kept: AafEntry[];
  if (selected === undefined) kept = [...store.people.values()];
  else {
    const keptIds = new Set<string>();
    const keptStudents = new Set<string>();
    const linkedParents = new Set<string>();
    for (const entry of store.people.values()) {
      if (entry.kind === 'PersRelEleve') continue;
      if (store.decide(entry) !== 'keep') {
        counters.filteredOut++;
        continue;
      }
      keptIds.add(entry.id);
      if (entry.kind === 'Eleve') {
        keptStudents.add(entry.id);
        for (const p of linkIds(entry.attrs.get('ENTElevePersRelEleve'))) linkedParents.add(p);
      }
    }
    kept = [];
    for (const entry of store.people.values()) {
      if (entry.kind !== 'PersRelEleve') {
        if (keptIds.has(entry.id)) kept.push(entry);
      } else if (
        linkedParents.has(entry.id) ||
        linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve')).some((s) => keptStudents.has(s)) ||
        store.decide(entry) === 'keep'
      ) {
        kept.push(entry);
      } else {
        counters.filteredOut++;
      }
    }
  }

  // Mapping and identifiers.
  const lists: { [P in Population]: { entry: AafEntry; account: AccountInput }[] } = { personnels: [], professeurs: [], responsables: [], eleves: [] };
  const usedIds: { [P in Population]: Set<string> } = { personnels: new Set(), professeurs: new Set(), responsables: new Set(), eleves: new Set() };
  let unresolved = 0;
  for (const entry of kept) {
    const population = populationOf(entry) as Population;
    const report = entryReport(entry);
    const account = mapPerson(entry, population, report, maxLength);
    if (account === undefined) {
      counters.invalid++;
      continue;
    }
    let resolved = options.resolveId(entry.id, { category: entry.kind as AafResolveContext['category'], population });
    if (typeof resolved === 'object' && resolved !== null && typeof (resolved as PromiseLike<unknown>).then === 'function') resolved = await resolved;
    if (resolved !== undefined && typeof resolved !== 'string') {
      throw new EntPronoteError('ERR_ARGUMENT', 'options.resolveId must return a string or undefined');
    }
    if (resolved === undefined || resolved === '') {
      unresolved++;
      report('error', 'identifier/id', 'resolve', 'the ENT has no account for this AAF identifier (resolveId returned nothing)');
      continue;
    }
    const defect = valueDefect(resolved, maxLength);
    if (defect !== undefined) {
      counters.invalid++;
      report('error', 'identifier/id', defect.rule, `the identifier returned by resolveId ${defect.message}`);
      continue;
    }
    if (usedIds[population].has(resolved)) {
      counters.invalid++;
      report('error', 'identifier/id', 'unique', 'resolveId returned an ENT identifier already given to another person of the same population');
      continue;
    }
    usedIds[population].add(resolved);
    account.idPartenaire = resolved;
    lists[population].push({ entry, account });
  }

  // Student → parent links.
  const exportedParents = new Set(lists.responsables.map((r) => r.entry.id));
  const parentsOfStudent = new Map<string, string[]>();
  for (const { entry } of lists.responsables) {
    for (const s of linkIds(entry.attrs.get('ENTAuxPersRelEleveEleve'))) {
      const list = parentsOfStudent.get(s);
      if (list === undefined) parentsOfStudent.set(s, [entry.id]);
      else list.push(entry.id);
    }
  }
  for (const { entry, account } of lists.eleves) {
    const links: string[] = [];
    for (const p of linkIds(entry.attrs.get('ENTElevePersRelEleve'))) {
      if (exportedParents.has(p)) links.push(p);
      else if (store.people.get(p)?.kind !== 'PersRelEleve') {
        entryReport(entry)('warning', 'ENTElevePersRelEleve', 'ref', 'names an id that is no PersRelEleve record of the feed: this link is dropped');
      }
    }
    for (const p of parentsOfStudent.get(entry.id) ?? []) if (!links.includes(p)) links.push(p);
    (account as EleveInput).responsables = links;
  }

  const geres = options.etablissementsGeres?.map((u) => u.trim().toUpperCase());
  const input: PartenaireIndexInput = {
    date: options.date,
    partenaire: options.partenaire,
    etablissements,
    personnels: lists.personnels.map((x) => x.account),
    professeurs: lists.professeurs.map((x) => x.account as ProfesseurInput),
    responsables: lists.responsables.map((x) => x.account as ResponsableInput),
    eleves: lists.eleves.map((x) => x.account as EleveInput),
    ...(geres !== undefined ? { etablissementsGeres: geres } : {}),
    ...(options.protocoleDelegationAuthentification !== undefined ? { protocoleDelegationAuthentification: options.protocoleDelegationAuthentification } : {}),
  };
  if (etablissements.length === 0 && !(policy === 'error' && log.errors > 0)) {
    throw new EntPronoteError('ERR_INPUT', `${WHAT} has no valid school: an EtabEducNat record with ENTStructureUAI and ENTStructureNomCourant is needed${selected !== undefined ? ' for a selected UAI' : ''}`, { problems: log.list });
  }
  const document = finishInput(input, log, policy, WHAT, limits);
  return {
    document,
    problems: log.list,
    stats: {
      files: fileCount,
      requests: { add: counters.add, modify: counters.modify, delete: counters.delete },
      ignored: counters.ignored,
      invalid: counters.invalid,
      unresolved,
      filteredOut: counters.filteredOut,
      exported: {
        etablissements: document.etablissements.length,
        personnels: document.personnels.length,
        professeurs: document.professeurs.length,
        responsables: document.responsables.length,
        eleves: document.eleves.length,
      },
    },
  };
}
