/**
 * `ent-pronote/review`: the supervision server of a matching ({@link startReviewServer}) and the
 * files it saves ({@link reviewFiles}). The library writes no file: the caller's `onSave` does.
 *
 * @module
 */

export { startReviewServer } from './server';
export type { ReviewServer, ReviewServerOptions, SavedFile } from './server';
export { reviewFiles, decisionsFileContent } from './files';
export type { ReviewFile, ReviewFileKind } from './files';
export { applyDecision } from './model';
export type { PendingDecision } from './model';
export { reviewInputsFromMatchJson } from './from-json';
export type { ReviewInputs } from './from-json';
