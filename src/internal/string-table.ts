/**
 * Numbers strings densely (0, 1, 2, … in order of first appearance), for the hundreds of
 * thousands of distinct name spellings of a large matching run. An open-addressing hash table
 * in one array whose slots hold, side by side, the hash of a string, the string itself and its
 * number: a lookup reads one slot (and the stored string only when the hashes are equal, to
 * compare it), where a `Map<string, number>` reads a bucket, then the entries of its chain and
 * each entry's key string — each a cache miss once the table outgrows the cache. The strings are
 * the caller's (no copy); the numbers are small integers, stored unboxed.
 *
 * Collisions cost time, never correctness: equal hashes are always followed by a comparison of
 * the strings.
 *
 * @internal
 * @module
 */

import { capacityFor, hashString } from './string-index';

/** Array items per slot: hash (-1 when empty), string, number. */
const STRIDE = 3;

/** A table numbering strings in order of first appearance. */
export class StringTable {
  /** Slot `i` is `slots[3i]` (hash, -1 when empty), `slots[3i+1]` (string), `slots[3i+2]` (number). */
  private slots: (number | string)[];
  /** Slot count - 1 (a power of two). */
  private mask: number;
  private count = 0;

  /** `expected`: a guess of the number of distinct strings (the table grows past it). */
  constructor(expected: number) {
    const cap = capacityFor(expected);
    this.slots = emptySlots(cap);
    this.mask = cap - 1;
  }

  /** How many distinct strings have been numbered. */
  get size(): number {
    return this.count;
  }

  /** The number of `key`; -1 (and nothing added) when it is new. */
  get(key: string): number {
    const at = this.slotOf(key, hashString(key)) * STRIDE;
    return this.slots[at] === -1 ? -1 : (this.slots[at + 2] as number);
  }

  /** The number of `key`, which is added (with the next number: the count before) when it is new. */
  numberOf(key: string): number {
    const h = hashString(key);
    const i = this.slotOf(key, h);
    const at = i * STRIDE;
    return this.slots[at] === -1 ? this.put(i, h, key) : (this.slots[at + 2] as number);
  }

  /** The slot of `key` (hash `h`), or the empty slot where it goes. */
  private slotOf(key: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const sh = slots[i * STRIDE] as number;
      if (sh === -1 || (sh === h && slots[i * STRIDE + 1] === key)) return i;
    }
  }

  /** Removes every string (and lets go of them); `expected` as in the constructor. */
  clear(expected = 0): void {
    const cap = capacityFor(expected);
    this.slots = emptySlots(cap);
    this.mask = cap - 1;
    this.count = 0;
  }

  /** Puts `key` (hash `h`) in the empty slot `i` with the next number, and returns that number. */
  private put(i: number, h: number, key: string): number {
    const slots = this.slots;
    const at = i * STRIDE;
    const v = this.count++;
    slots[at] = h;
    slots[at + 1] = key;
    slots[at + 2] = v;
    if (this.count * 2 > this.mask) this.grow();
    return v;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = emptySlots(cap);
    const mask = cap - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      const h = old[from] as number;
      if (h === -1) continue;
      let i = h & mask;
      while (slots[i * STRIDE] !== -1) i = (i + 1) & mask;
      const at = i * STRIDE;
      slots[at] = h;
      slots[at + 1] = old[from + 1] as string;
      slots[at + 2] = old[from + 2] as number;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** `cap` empty slots (hash -1; the string and number of an empty slot are never read). */
function emptySlots(cap: number): (number | string)[] {
  // Filled with a string first so that the array's elements are tagged values (strings and
  // small integers) from the start, not unboxed small integers converted at the first string.
  const slots = new Array<number | string>(cap * STRIDE).fill('');
  for (let i = 0; i < slots.length; i += STRIDE) slots[i] = -1;
  return slots;
}

/** A set of strings (for callers without an index of their own), over a {@link StringTable}. */
export class StringSet {
  private readonly table: StringTable;

  /** `expected`: a guess of the number of strings (the set grows past it). */
  constructor(expected: number) {
    this.table = new StringTable(expected);
  }

  /** Removes every string (and lets go of them); `expected` as in the constructor. */
  clear(expected = 0): void {
    this.table.clear(expected);
  }

  /** Adds `key`; false when it was already there. */
  add(key: string): boolean {
    const before = this.table.size;
    return this.table.numberOf(key) === before;
  }
}
