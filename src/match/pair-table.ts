/**
 * Numbers pairs and triples of non-negative integers densely (0, 1, 2, … in order of first
 * appearance), with an open-addressing hash table in one integer array: no allocation per entry,
 * unlike a `Map` keyed by a composed string. The matching engine numbers (name, first name)
 * pairs and (name, first name, birth date) triples with it. Each slot holds the tuple's number
 * and its integers side by side, so that a lookup reads one place of memory (one cache miss once
 * the table outgrows the cache, at millions of people) rather than a slot and then the keys
 * stored elsewhere. The array is a heap array of small integers, not a typed array
 * (`src/internal/int-array.ts`: external memory forces full collections of a large heap).
 *
 * @internal
 * @module
 */

import { intArray } from '../internal/int-array';

/** Integers per slot: the tuple number (-1 when empty), then `a`, `b`, `c`. */
const STRIDE = 4;

/** A table numbering tuples `(a, b, c)` of integers in `0 … 2^30-1` (pairs are `(a, b, 0)`). */
export class PairTable {
  /** Slot `i` is `slots[4i]` (tuple number, -1 when empty) and its `a`, `b`, `c` after it. */
  private slots: number[];
  /** Slot count - 1 (the slot count is a power of two). */
  private mask: number;
  private count = 0;
  /** The table grows when it holds more tuples than this (two thirds of its slots). */
  private limit: number;

  /**
   * `expected`: the most distinct tuples expected (the slot table is sized for it once; it grows
   * past it, by rehashing every tuple).
   */
  constructor(expected = 1024) {
    let cap = 16;
    while (cap * 2 < expected * 3) cap *= 2;
    this.slots = intArray(cap * STRIDE, -1);
    this.mask = cap - 1;
    this.limit = Math.floor((cap * 2) / 3);
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
    const mask = this.mask;
    let i = PairTable.hash(a, b, c) & mask;
    for (;;) {
      const at = i * STRIDE;
      const v = slots[at] as number;
      if (v === -1) break;
      if (slots[at + 1] === a && slots[at + 2] === b && slots[at + 3] === c) return v;
      i = (i + 1) & mask;
    }
    const v = this.count++;
    const at = i * STRIDE;
    slots[at] = v;
    slots[at + 1] = a;
    slots[at + 2] = b;
    slots[at + 3] = c;
    if (this.count > this.limit) this.grow();
    return v;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = intArray(cap * STRIDE, -1);
    const mask = cap - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      const v = old[from] as number;
      if (v === -1) continue;
      const a = old[from + 1] as number;
      const b = old[from + 2] as number;
      const c = old[from + 3] as number;
      let i = PairTable.hash(a, b, c) & mask;
      while (slots[i * STRIDE] !== -1) i = (i + 1) & mask;
      const at = i * STRIDE;
      slots[at] = v;
      slots[at + 1] = a;
      slots[at + 2] = b;
      slots[at + 3] = c;
    }
    this.slots = slots;
    this.mask = mask;
    this.limit = Math.floor((cap * 2) / 3);
  }
}
