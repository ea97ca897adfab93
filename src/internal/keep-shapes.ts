/**
 * Keeps object layouts alive between two runs of a hot path: the one place where the readers,
 * the writer and the matching engine leave objects for V8's sake.
 *
 * V8 keeps an object's hidden class (its "map") only while some object has it, and throws away
 * the optimised code that relies on a map it collected. With nothing of a run left alive after
 * it, a full garbage collection between two documents (a server, an academy batch, the benchmark)
 * took these maps, and the next run started in unoptimised code (a dozen functions deoptimised
 * every time; a typical school's parse 2–4× slower after a collection, its matching 3×). The
 * objects kept here hold nothing of a document: new or emptied objects of a run's classes, and
 * copies of the model's shapes with neutral values. `test/hardening/kept-code.test.ts` checks the
 * effect.
 *
 * @internal
 * @module
 */

/** Objects kept, by owner. */
const KEPT = new Map<string, object[]>();

/**
 * Keeps `objects` until the next call for the same `owner` (new or emptied objects of the classes
 * a run uses, made or emptied at its end). Nothing of a document may be passed here.
 */
export function keepShapes(owner: string, objects: readonly object[]): void {
  KEPT.set(owner, [...objects]);
}

/**
 * Adds `object` to those kept for `owner` for the life of the process (the shapes found while
 * reading, which are not known in advance): the caller bounds how many it adds. Nothing of a
 * document may be passed here.
 */
export function addKeptShape(owner: string, object: object): void {
  const kept = KEPT.get(owner);
  if (kept === undefined) KEPT.set(owner, [object]);
  else kept.push(object);
}
