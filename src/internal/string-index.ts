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
 * V8 build, so that the hash array stays unboxed); never 0 (0 marks an empty slot).
 */
function hashString(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h &= 0x3fffffff;
  return h === 0 ? 1 : h;
}

/**
 * Strings numbered by the caller (entry numbers are the caller's record indexes), read back
 * through `keyOf` only when two hashes are equal: the index holds no reference to the strings.
 */
export class StringIndex {
  /** Slot → entry number, -1 when empty. */
  private slots: number[];
  /** Slot → hash of its entry (0 when empty): most probes end without reading a string. */
  private slotHashes: number[];
  private mask: number;
  private count = 0;
  /** Entry number → its string. */
  private readonly keyOf: (entry: number) => string;

  /** `expected`: a guess of the number of entries (the table grows past it); `keyOf`: the string of an entry. */
  constructor(expected: number, keyOf: (entry: number) => string) {
    this.keyOf = keyOf;
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = intArray(cap, -1);
    this.slotHashes = intArray(cap, 0);
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
    const slots = this.slots;
    const hashes = this.slotHashes;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const v = slots[i] as number;
      if (v === -1) break;
      if (hashes[i] === h && this.keyOf(v) === key) return v;
      i = (i + 1) & mask;
    }
    slots[i] = entry;
    hashes[i] = h;
    this.count++;
    if (this.count * 2 > mask) this.grow();
    return -1;
  }

  /** The number of the entry `key`, -1 when it is none. */
  get(key: string): number {
    const h = hashString(key);
    const slots = this.slots;
    const hashes = this.slotHashes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = slots[i] as number;
      if (v === -1) return -1;
      if (hashes[i] === h && this.keyOf(v) === key) return v;
    }
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    const slots = intArray(cap, -1);
    const hashes = intArray(cap, 0);
    const mask = cap - 1;
    const oldSlots = this.slots;
    const oldHashes = this.slotHashes;
    for (let j = 0; j < oldSlots.length; j++) {
      const v = oldSlots[j] as number;
      if (v === -1) continue;
      const h = oldHashes[j] as number;
      let i = h & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = v;
      hashes[i] = h;
    }
    this.slots = slots;
    this.slotHashes = hashes;
    this.mask = mask;
  }
}

/** A set of strings over a {@link StringIndex} (for callers without an index of their own). */
export class StringSet {
  private readonly keys: string[] = [];
  private readonly index: StringIndex;

  /** `expected`: a guess of the number of strings (the set grows past it). */
  constructor(expected: number) {
    this.index = new StringIndex(expected, (entry) => this.keys[entry] as string);
  }

  /** Adds `key`; false when it was already there. */
  add(key: string): boolean {
    if (this.index.add(key, this.keys.length) !== -1) return false;
    this.keys.push(key);
    return true;
  }
}
