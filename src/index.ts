/**
 * ent-pronote: build, seal, open and match the files that link a French school ENT with PRONOTE.
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
export type { ParsePartenaireIndexOptions } from './partenaire-index/parse';
export { validatePartenaireIndex } from './partenaire-index/validate';
export type { ValidateOptions } from './partenaire-index/validate';

export * from './keys';
export * from './envelope';
