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
  /**
   * Slot count: any number (not a power of two, whose doubling steps would make the table up to
   * twice the size it needs; this array is the largest of a run at millions of people).
   */
  private cap: number;
  private count = 0;
  /** The table grows when it holds more tuples than this (two thirds of its slots). */
  private limit: number;

  /**
   * `expected`: the most distinct tuples expected (the slot table is sized for it once; it grows
   * past it, by rehashing every tuple).
   */
  constructor(expected = 1024) {
    const cap = Math.max(16, Math.ceil(expected * 1.5));
    this.slots = intArray(cap * STRIDE, -1);
    this.cap = cap;
    this.limit = Math.floor((cap * 2) / 3);
  }

  /** How many distinct tuples have been numbered. */
  get size(): number {
    return this.count;
  }

  /** The first slot of `(a, b, c)` in a table of `cap` slots: a mixed hash scaled to `0 … cap-1`. */
  private static slot(a: number, b: number, c: number, cap: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return Math.floor(((h >>> 0) / 4294967296) * cap);
  }

  /** The number of `(a, b, c)`, given the next free number when the tuple is new. */
  id(a: number, b: number, c: number): number {
    const slots = this.slots;
    const cap = this.cap;
    let i = PairTable.slot(a, b, c, cap);
    for (;;) {
      const at = i * STRIDE;
      const v = slots[at] as number;
      if (v === -1) break;
      if (slots[at + 1] === a && slots[at + 2] === b && slots[at + 3] === c) return v;
      if (++i === cap) i = 0;
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
    const cap = this.cap * 2;
    const slots = intArray(cap * STRIDE, -1);
    for (let from = 0; from < old.length; from += STRIDE) {
      const v = old[from] as number;
      if (v === -1) continue;
      const a = old[from + 1] as number;
      const b = old[from + 2] as number;
      const c = old[from + 3] as number;
      let i = PairTable.slot(a, b, c, cap);
      while (slots[i * STRIDE] !== -1) if (++i === cap) i = 0;
      const at = i * STRIDE;
      slots[at] = v;
      slots[at + 1] = a;
      slots[at + 2] = b;
      slots[at + 3] = c;
    }
    this.slots = slots;
    this.cap = cap;
    this.limit = Math.floor((cap * 2) / 3);
  }
}
