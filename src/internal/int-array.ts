/**
 * Integer arrays for tables as large as the people of a run (hundreds of thousands to
 * millions), kept on the JavaScript heap on purpose.
 *
 * A typed array's storage is memory outside the heap ("external memory"). V8 starts a full
 * garbage collection of the whole heap each time about 64 MiB of such memory has been
 * allocated since the last one, whatever room the heap has left: with a million people per
 * side, the matching engine's columns and tables (about 200 MiB of `Int32Array`s) forced three
 * full collections of the ~1.1 GiB of live inputs per run, a second or more each. A plain array
 * of small integers (V8 stores them unboxed, "SMI" elements) lives in the heap, counts against
 * the heap's own growth limit, which is proportional to the live heap, and so triggers nothing
 * at this size. Reads and writes cost about the same as a typed array's.
 *
 * Values must stay small integers (`-2^30 … 2^30-1`, the SMI range of every V8 build) for the
 * array to stay unboxed; larger values are still correct, only slower.
 *
 * @internal
 * @module
 */

/** A heap array of `n` integers, all `fill` (a small integer). */
export function intArray(n: number, fill: number): number[] {
  return new Array<number>(n).fill(fill);
}
