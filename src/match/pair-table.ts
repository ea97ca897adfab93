/**
 * Numbers pairs of non-negative integers densely (0, 1, 2, … in order of first appearance),
 * with an open-addressing hash table in typed arrays: no allocation per entry, unlike a `Map`
 * keyed by a composed string. The matching engine numbers (name, first name) pairs and
 * (name key, birth date) pairs with it. The slot table holds only the pair numbers; the pairs
 * themselves are stored once, by number.
 *
 * @internal
 * @module
 */

/** A table numbering pairs `(a, b)` of integers in `0 … 2^31-1`. */
export class PairTable {
  /** Slot → pair number, -1 when empty. */
  private slots: Int32Array;
  private mask: number;
  /** Pair number → its two integers. */
  private keysA: Int32Array;
  private keysB: Int32Array;
  private count = 0;

  /** `expected`: a guess of the number of distinct pairs (the table grows past it). */
  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.keysA = new Int32Array(Math.max(16, expected));
    this.keysB = new Int32Array(Math.max(16, expected));
  }

  /** How many distinct pairs have been numbered. */
  get size(): number {
    return this.count;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** The number of `(a, b)`, given the next free number when the pair is new. */
  id(a: number, b: number): number {
    const slots = this.slots;
    const keysA = this.keysA;
    const keysB = this.keysB;
    let i = PairTable.hash(a, b) & this.mask;
    for (;;) {
      const v = slots[i] as number;
      if (v === -1) break;
      if (keysA[v] === a && keysB[v] === b) return v;
      i = (i + 1) & this.mask;
    }
    const v = this.count++;
    if (v === keysA.length) {
      this.keysA = grown(keysA);
      this.keysB = grown(keysB);
    }
    this.keysA[v] = a;
    this.keysB[v] = b;
    slots[i] = v;
    if (this.count * 2 > this.mask) this.rehash();
    return v;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let v = 0; v < this.count; v++) {
      let i = PairTable.hash(this.keysA[v] as number, this.keysB[v] as number) & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = v;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
