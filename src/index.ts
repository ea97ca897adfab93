/**
 * ent-pronote: build, seal, open and match the files that link a French school ENT with PRONOTE.
 *
 * Subpath entries: `ent-pronote/input` (the account input readers: AAF, CSV, JSON, the PRONOTE
 * people CSV, the CSV tools, `deriveOpaqueId`), `ent-pronote/fixtures` (the seeded fixture
 * generator), `ent-pronote/report` (the matching report renderers), `ent-pronote/cas` and
 * `ent-pronote/cas/server` (single sign-on), `ent-pronote/batch` (an academy's AAF feed, school by
 * school) and `ent-pronote/review` (the matching review server).
 *
 * @packageDocumentation
 */

export { EntPronoteError, isEntPronoteError, ERROR_CODES } from './errors';
export type { ErrorCode, ErrorLocation, Problem, Severity, EntPronoteErrorOptions } from './errors';
export type { ReadResult } from './common/result';
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
  MatchCounts,
  PopulationResult,
  IgnoredDecision,
  MatchResult,
} from './match/types';
