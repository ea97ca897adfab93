/**
 * Keeps object layouts alive between two runs of a hot path (see {@link keepShapes}).
 *
 * @internal
 * @module
 */

/** Objects kept by {@link keepShapes}, by owner. */
const KEPT_SHAPES = new Map<string, readonly object[]>();

/**
 * Keeps `objects` until the next call for the same `owner`: new, empty objects of the classes a
 * reader or the matching engine uses (a handler, a tokenizer, tables, limits), made at the end of
 * each run. V8 keeps an object's hidden class (its "map") only while some object has it, and
 * throws away the optimised code that relies on a map it collected: with nothing left of a run
 * between two documents, a full collection took these maps, and the next run started in
 * unoptimised code (a dozen functions deoptimised every time; a typical school's parse 2–4×
 * slower after a collection). Nothing of a document may be passed here.
 */
export function keepShapes(owner: string, objects: readonly object[]): void {
  KEPT_SHAPES.set(owner, objects);
}
