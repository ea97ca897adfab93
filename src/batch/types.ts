/**
 * Types of {@link exportAll}: the options, the per-school results handed to the caller's sink,
 * the problems and the summary.
 *
 * @module
 */

import type { AafFile, AafResolveContext } from '../input/aaf/read';
import type { PopulationCounts } from '../input/problems';
import type { Problem } from '../errors';
import type { Limits } from '../limits';
import type { KeyInput, PublicKey } from '../keys/types';
import type { ProtocoleDelegationAuthentification } from '../partenaire-index/model';

/**
 * A problem of the batch. Person problems carry the school (`uai`: the main UAI of the file the
 * person was left out of), the record (`file`, `line`, `record`: the AAF identifier) and the rule;
 * never a name, a birth date or another value of the record.
 */
export interface BatchProblem extends Problem {
  /** The school (main UAI of the file) the problem belongs to; absent for a problem of the feed. */
  readonly uai?: string;
}

/** The regroupements: main UAI → the UAIs of its other member schools (the main one is implied). */
export type Regroupements = Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>;

/** What {@link exportAll} reads: an academy AAF feed. */
export interface AafBatchSource {
  kind: 'aaf';
  /**
   * Every file of the feed (`EtabEducNat`, `PersEducNat`, `Eleve`, `PersRelEleve`, a `Complet`
   * export then its `Delta`s), in {@link compareAafFileNames} order, streamed as for
   * `readAafFeed`. Pass an array when you can: the reader then knows whether there are deltas.
   */
  files: Iterable<AafFile> | AsyncIterable<AafFile>;
  /** AAF identifier → ENT account identifier, as `AafFeedOptions.resolveId`. */
  resolveId: (aafId: string, context: AafResolveContext) => string | undefined | PromiseLike<string | undefined>;
}

/** What {@link exportAll} reads: a CSV of accounts spanning several schools (column `uai`). */
export interface CsvBatchSource {
  kind: 'csv';
  /** The CSV bytes (or text). */
  bytes: string | Uint8Array;
  /** The file name, for problems. */
  file?: string;
}

/** Why a school has no file. */
export type SchoolStatus = 'sealed' | 'skipped' | 'refused' | 'resumed';

/** One school (or regroupement) of the batch, as the sink and the summary see it. */
export interface SchoolResult {
  /** Container `UAI`: the school, or the main school of a regroupement. */
  uai: string;
  /** Every school of the file (the main one first). */
  uais: string[];
  /** `ENTStructureNomCourant` of the main school (empty when unknown). */
  nom: string;
  /** The file name the single-school export uses: `ImportChiffre_<UAI>.xml`. */
  fileName: string;
  /**
   * `sealed`: `bytes` is the sealed file; `skipped`: its document could not be built (see
   * `problems`); `refused`: people would have been left out and `onInvalidRecord` is `error`;
   * `resumed`: `skip` said it is already done.
   */
  status: SchoolStatus;
  /** People per population in the document (zero when not sealed). */
  counts: PopulationCounts;
  /** Problems of the school: people left out (errors), values adjusted (warnings). */
  problems: BatchProblem[];
  /** People left out of this school's file. */
  leftOut: number;
  /** Milliseconds taken to build and seal the document. */
  ms: number;
}

/** A sealed school handed to the sink. */
export interface SealedSchool extends SchoolResult {
  status: 'sealed';
  /** The sealed `ImportChiffre` (UTF-8 XML). */
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
}

/** Progress of a batch. */
export interface BatchProgress {
  /** `read`: reading the feed; `seal`: building and sealing the schools. */
  phase: 'read' | 'seal';
  /** People records read so far. */
  peopleRead: number;
  /** Schools done (sealed, skipped, refused or resumed), of `schoolsTotal` (0 while reading). */
  schoolsDone: number;
  schoolsTotal: number;
}

/** Options of {@link exportAll}. */
export interface ExportAllOptions {
  /** The accounts. */
  source: AafBatchSource | CsvBatchSource;
  /** Index-Education's public key. */
  publicKey: PublicKey | KeyInput;
  /** Container `Partenaire`: the ENT vendor's name. */
  partenaire: string;
  /** Document `Partenaire`: the partner ID issued by Index-Education. */
  partenaireId: string;
  /** Export date (`xs:dateTime`), the same in every file. */
  date: string;
  /** Container `Description` (default `PARTENAIRE_INDEX`). */
  description?: string;
  /** Container `Version` (default `1.0`). */
  version?: string;
  /** `ProtocoleDelegationAuthentification`. */
  protocole?: ProtocoleDelegationAuthentification;
  /** Main UAI → member UAIs: one file per regroupement, holding its schools' people once. */
  regroupements?: Regroupements;
  /** Export only the files holding these schools (default: every school of the source). */
  uai?: readonly string[];
  /**
   * `skip` (default): a person with a problem is left out of the file and reported, the school
   * is sealed; `error`: a school where someone would be left out is refused (no file), the others
   * are sealed.
   */
  onInvalidRecord?: 'skip' | 'error';
  /** Worker threads building and sealing (default `os.availableParallelism()`); 0: in this thread. */
  workers?: number;
  /**
   * Parse a streamed AAF feed (`Complet` files in order) on one more worker thread while this
   * thread routes the people (default true when `workers` > 0).
   */
  parseThread?: boolean;
  /** Called with each sealed school, one at a time, in completion order; the batch waits for it. */
  sink: (school: SealedSchool) => void | Promise<void>;
  /** True for a school already done (resuming): it is neither built nor handed to the sink. */
  skip?: (uai: string) => boolean;
  /** Progress, at most every 200 ms and at each school. */
  onProgress?: (progress: BatchProgress) => void;
  /** Receives every problem as it is found. */
  onProblem?: (problem: BatchProblem) => void;
  /** Resource limits (`maxPeople` applies to the whole source). */
  limits?: Partial<Limits>;
}

/** What {@link exportAll} returns (the sealed bytes went to the sink). */
export interface ExportAllSummary {
  /** Every school or regroupement of the source (after the `uai` choice), in the source's order. */
  schools: (SchoolResult & { sha256?: string; bytes?: number })[];
  /** Problems of the source that belong to no school (a UAI asked for that is not in the feed, a person attached to no school). */
  problems: BatchProblem[];
  totals: {
    schools: number;
    sealed: number;
    skipped: number;
    refused: number;
    resumed: number;
    /** People left out, all schools together (a person left out of two files counts twice). */
    leftOut: number;
    /** People of the source attached to no exported school. */
    unattached: number;
    peopleRead: number;
    counts: PopulationCounts;
    bytes: number;
    ms: number;
  };
  /** SHA-256 fingerprint of the key the files are sealed for (as `ssh-keygen -l`). */
  fingerprint: string;
  /** Bits of its modulus. */
  bits: number;
  /** Worker threads used. */
  workers: number;
}
