/**
 * Numbers pairs and triples of non-negative integers densely (0, 1, 2, … in order of first
 * appearance), with an open-addressing hash table in integer arrays: no allocation per entry,
 * unlike a `Map` keyed by a composed string. The matching engine numbers (name, first name)
 * pairs and (name, first name, birth date) triples with it. The slot table holds only the
 * numbers; the keys are stored once, by number, side by side (one place of memory per
 * lookup). The arrays are heap arrays of small integers, not typed arrays
 * (`src/internal/int-array.ts`: external memory forces full collections of a large heap).
 *
 * @internal
 * @module
 */

import { intArray } from '../internal/int-array';

/** A table numbering tuples `(a, b, c)` of integers in `0 … 2^30-1` (pairs are `(a, b, 0)`). */
export class PairTable {
  /** Slot → tuple number, -1 when empty. */
  private slots: number[];
  private mask: number;
  /** Tuple number `v` → its integers, at `keys[3v]`, `keys[3v+1]`, `keys[3v+2]`. */
  private readonly keys: number[] = [];
  private count = 0;

  /**
   * `expected`: the most distinct tuples expected (the slot table is sized for it once; it grows
   * past it, by rehashing every tuple).
   */
  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = intArray(cap, -1);
    this.mask = cap - 1;
  }

  /** How many distinct tuples have been numbered. */
  get size(): number {
    return this.count;
  }

  private static hash(a: number, b: number, c: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** The number of `(a, b, c)`, given the next free number when the tuple is new. */
  id(a: number, b: number, c: number): number {
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    let i = PairTable.hash(a, b, c) & mask;
    for (;;) {
      const v = slots[i] as number;
      if (v === -1) break;
      if (keys[3 * v] === a && keys[3 * v + 1] === b && keys[3 * v + 2] === c) return v;
      i = (i + 1) & mask;
    }
    const v = this.count++;
    keys.push(a, b, c);
    slots[i] = v;
    if (this.count * 2 > mask) this.rehash();
    return v;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = intArray(cap, -1);
    const mask = cap - 1;
    const keys = this.keys;
    for (let v = 0; v < this.count; v++) {
      let i = PairTable.hash(keys[3 * v] as number, keys[3 * v + 1] as number, keys[3 * v + 2] as number) & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = v;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
