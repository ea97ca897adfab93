/**
 * An index of strings numbered in order of addition (entry 0, 1, 2, …), for the identifiers of
 * hundreds of thousands of people: an open-addressing hash table in two integer arrays over a
 * hash of each string's characters, with an exact comparison whenever two hashes are equal.
 * Unlike a `Map<string, number>` or a `Set<string>`, it allocates no entry objects (two arrays
 * of unboxed small integers, nothing for the garbage collector to trace); the arrays are heap
 * arrays rather than typed arrays, whose external memory would force full collections of a
 * large heap (`int-array.ts`). The matching engine (duplicate `ID_Partenaire`/`IDPN`, lookups
 * by identifier) and the validator (unique `ID_Partenaire`) use it.
 *
 * Collisions cost time, never correctness: equal hashes are always followed by a comparison of
 * the strings.
 *
 * @internal
 * @module
 */

import { intArray } from './int-array';

/**
 * FNV-1a over the UTF-16 code units, with a final mix, kept to 30 bits (a small integer on every
 * V8 build, so that the table stays unboxed).
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x3fffffff;
}

/**
 * Strings numbered by the caller (entry numbers are the caller's record indexes), read back
 * through `keyOf` only when two hashes are equal: the index holds no reference to the strings.
 */
export class StringIndex {
  /**
   * Slot `i` is `table[2i]`, its entry number (-1 when empty), and `table[2i+1]`, the hash of
   * that entry (not read when empty): side by side, so that a probe reads one place of memory, and
   * most probes end without reading a string.
   */
  private table: number[];
  private mask: number;
  private count = 0;
  /** Entry number → its string. */
  private readonly keyOf: (entry: number) => string;

  /** `expected`: a guess of the number of entries (the table grows past it); `keyOf`: the string of an entry. */
  constructor(expected: number, keyOf: (entry: number) => string) {
    this.keyOf = keyOf;
    const cap = capacityFor(expected);
    this.table = emptyTable(cap);
    this.mask = cap - 1;
  }

  /** How many entries there are. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds `key` as entry `entry` (whose `keyOf` is `key`) and returns -1; when `key` is already
   * an entry, adds nothing and returns that entry's number.
   */
  add(key: string, entry: number): number {
    const h = hashString(key);
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const v = table[2 * i] as number;
      if (v === -1) break;
      if (table[2 * i + 1] === h && this.keyOf(v) === key) return v;
      i = (i + 1) & mask;
    }
    table[2 * i] = entry;
    table[2 * i + 1] = h;
    this.count++;
    if (this.count * 2 > mask) this.grow();
    return -1;
  }

  /** The number of the entry `key`, -1 when it is none. */
  get(key: string): number {
    const h = hashString(key);
    const table = this.table;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = table[2 * i] as number;
      if (v === -1) return -1;
      if (table[2 * i + 1] === h && this.keyOf(v) === key) return v;
    }
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const table = emptyTable(cap);
    const mask = cap - 1;
    const old = this.table;
    for (let j = 0; j < old.length; j += 2) {
      const v = old[j] as number;
      if (v === -1) continue;
      const h = old[j + 1] as number;
      let i = h & mask;
      while (table[2 * i] !== -1) i = (i + 1) & mask;
      table[2 * i] = v;
      table[2 * i + 1] = h;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** The number of slots for `expected` entries: a power of two, at least twice as many. */
export function capacityFor(expected: number): number {
  let cap = 16;
  while (cap < expected * 2) cap *= 2;
  return cap;
}

/** A table of `cap` empty slots (entry -1; the hash of an empty slot is never read). */
function emptyTable(cap: number): number[] {
  return intArray(2 * cap, -1);
}
