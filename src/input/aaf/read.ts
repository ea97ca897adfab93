/**
 * AAF feed (Annuaire Académique Fédérateur, `ficAlimMENESR` XML files) → `PARTENAIRE_INDEX`.
 * The steps (`./steps`): the files read into the store, the schools, the school filter, the
 * people mapped and resolved to ENT accounts, the parent links, the document.
 *
 * @module
 */

import { EntPronoteError } from '../../errors';
import { resolveLimits } from '../../limits';
import type { PartenaireIndexInput } from '../../partenaire-index/assemble';
import type { Population } from '../../partenaire-index/model';
import { checkInputOptions, uaiFilter } from '../fields';
import { exportedCounts, finishInput } from '../finish';
import { type InputOptions, type InputResult, type PopulationCounts, ProblemLog } from '../problems';
import { type AafContext, accountsOf, exportedSchools, keptPeople, linkStudents, readAafFiles, resolveAccounts } from './steps';

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
  const ctx: AafContext = { log, selected, maxLength: limits.maxAttributeLength };

  const { store, fileCount } = await readAafFiles(ctx, files, limits);
  const etablissements = exportedSchools(ctx, store);
  const { lists, unresolved } = await resolveAccounts(ctx, store, keptPeople(store, selected), options.resolveId);
  linkStudents(ctx, store, lists);

  const geres = options.etablissementsGeres?.map((u) => u.trim().toUpperCase());
  const input: PartenaireIndexInput = {
    date: options.date,
    partenaire: options.partenaire,
    etablissements,
    personnels: accountsOf(lists.personnels),
    professeurs: accountsOf(lists.professeurs),
    responsables: accountsOf(lists.responsables),
    eleves: accountsOf(lists.eleves),
    ...(geres !== undefined ? { etablissementsGeres: geres } : {}),
    ...(options.protocoleDelegationAuthentification !== undefined ? { protocoleDelegationAuthentification: options.protocoleDelegationAuthentification } : {}),
  };
  if (etablissements.length === 0 && !(policy === 'error' && log.errors > 0)) {
    throw new EntPronoteError('ERR_INPUT', `${WHAT} has no valid school: an EtabEducNat record with ENTStructureUAI and ENTStructureNomCourant is needed${selected !== undefined ? ' for a selected UAI' : ''}`, { problems: log.list });
  }
  const document = finishInput(input, log, policy, WHAT, limits);
  const counters = store.counters;
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
      exported: exportedCounts(document),
    },
  };
}
