/**
 * ent-pronote: build, seal, open and match the files that link a French school ENT with PRONOTE.
 *
 * Subpath entries: `ent-pronote/fixtures` (the seeded fixture generator) and
 * `ent-pronote/report` (the matching report renderers).
 *
 * @packageDocumentation
 */

export { EntPronoteError, isEntPronoteError, ERROR_CODES } from './errors';
export type { ErrorCode, ErrorLocation, Problem, Severity, EntPronoteErrorOptions } from './errors';
export { DEFAULT_LIMITS } from './limits';
export type { Limits } from './limits';
export { isXsDate, isXsDateTime, normalizeBirthDate, toFrenchDate, formatXsDateTime } from './common/dates';
export { isUaiFormat, isValidUai, uaiCheckLetter } from './common/uai';

export * from './partenaire-index/model';
export { assemblePartenaireIndex } from './partenaire-index/assemble';
export type {
  AccountInput,
  AssembleOptions,
  EleveInput,
  EtablissementInput,
  PartenaireIndexInput,
  ProfesseurInput,
  ResponsableInput,
} from './partenaire-index/assemble';

export * from './identifiants-pronote/model';

export { buildPartenaireIndex } from './partenaire-index/build';
export type { BuildPartenaireIndexOptions } from './partenaire-index/build';
export { parsePartenaireIndex } from './partenaire-index/parse';
export type { ParsedPartenaireIndex, ParsePartenaireIndexOptions } from './partenaire-index/parse';
export { validatePartenaireIndex } from './partenaire-index/validate';
export type { ValidateOptions } from './partenaire-index/validate';
export { sealPartenaireIndex } from './partenaire-index/seal';
export type { SealPartenaireIndexOptions } from './partenaire-index/seal';
export { openPartenaireIndex } from './partenaire-index/open';
export type { OpenPartenaireIndexOptions, OpenedPartenaireIndex } from './partenaire-index/open';

export * from './keys';
export * from './envelope';

export { detectFileKind } from './detect';
export type { FileKind } from './detect';

export { readAafFeed } from './input/aaf/read';
export type { AafFile, AafFeedOptions, AafFeedStats, AafResolveContext } from './input/aaf/read';
export { parseAafFileName, compareAafFileNames, AAF_FILE_KINDS } from './input/aaf/file-name';
export type { AafFileKind, AafFileName } from './input/aaf/file-name';
export { readCsvAccounts } from './input/csv/read';
export type { CsvAccountsOptions, CsvStats } from './input/csv/read';
export { parseCsv, detectCsvSeparator } from './input/csv/parse';
export type { CsvRow, CsvSeparator, ParseCsvOptions, ParsedCsv } from './input/csv/parse';
export { formatCsv } from './input/csv/format';
export type { FormatCsvOptions } from './input/csv/format';
export { CSV_COLUMNS, CSV_REQUIRED_COLUMNS, CSV_POPULATIONS } from './input/csv/columns';
export type { CsvColumn, CsvPopulation } from './input/csv/columns';
export type { CsvEncoding } from './input/csv/decode';
export { readJsonAccounts } from './input/json/read';
export type { JsonAccountsOptions, JsonStats } from './input/json/read';
export { deriveOpaqueId, OPAQUE_ID_LENGTH, OPAQUE_ID_MIN_SECRET_BYTES } from './input/opaque-id';
export { MAX_KEPT_PROBLEMS } from './input/problems';
export type { InputProblem, InputOptions, InputResult, InvalidRecordPolicy, PopulationCounts } from './input/problems';

export { buildIdentifiantsPronote } from './identifiants-pronote/build';
export type { BuildIdentifiantsPronoteOptions } from './identifiants-pronote/build';
export { selectIdentifiantsPronote } from './identifiants-pronote/select';
export { parseIdentifiantsPronote } from './identifiants-pronote/parse';
export type { IdentifiantsPronoteMapping, ParseIdentifiantsPronoteOptions, ParsedIdentifiantsPronote } from './identifiants-pronote/parse';
export { validateIdentifiantsPronote } from './identifiants-pronote/validate';
export { mergeIdentifiantsPronote } from './identifiants-pronote/merge';
export type { MergeAddition, MergeConflict, MergeConflictKind, MergeIdentifiantsPronoteOptions, MergeUpdate, MergedIdentifiantsPronote } from './identifiants-pronote/merge';
export { identifiantsPronoteFileName, isSafeSocle, socleFromIdentifiantsPronoteFileName } from './identifiants-pronote/file-name';
export { sealIdentifiantsPronote } from './identifiants-pronote/seal';
export type { SealIdentifiantsPronoteOptions } from './identifiants-pronote/seal';
export { openIdentifiantsPronote } from './identifiants-pronote/open';
export type { OpenIdentifiantsPronoteOptions, OpenedIdentifiantsPronote } from './identifiants-pronote/open';

export { matchAccounts } from './match/match';
export { normalizeName, normalizeMatchDate } from './match/normalize';
export { entLinks, pronoteLinks } from './match/links';
export type { EntLink, PronoteLink } from './match/links';
export { MATCH_STATUSES, DEFAULT_CANDIDATE_LIMIT } from './match/types';
export type {
  MatchMode,
  MatchStatus,
  LinkStatus,
  MatchSide,
  EntAccountLike,
  EntStudentLike,
  EntAccounts,
  PronotePersonLike,
  PronoteStudentLike,
  PronotePeople,
  ForcedPair,
  MatchExclusion,
  ManualDecisions,
  MatchOptions,
  EntPerson,
  PronotePerson,
  MatchPair,
  AmbiguousReason,
  UnmatchedReason,
  EntAmbiguous,
  PronoteAmbiguous,
  AmbiguousEntry,
  EntUnmatched,
  PronoteUnmatched,
  UnmatchedEntry,
  PopulationCounts as MatchPopulationCounts,
  PopulationResult,
  IgnoredDecision,
  MatchResult,
} from './match/types';
export { readIdentifiantsPronoteCsv, PRONOTE_CSV_COLUMNS } from './identifiants-pronote/read-csv';
export type { PronoteCsvColumn, ReadIdentifiantsPronoteCsvOptions, IdentifiantsPronoteCsvResult } from './identifiants-pronote/read-csv';
