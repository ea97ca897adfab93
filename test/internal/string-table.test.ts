import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringTable } from '../../src/internal/string-table';
import { PairTable } from '../../src/match/pair-table';

describe('StringTable', () => {
  it('numbers strings in order of first appearance exactly as a Map does, past every growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 400 }), fc.array(fc.string({ maxLength: 6 })), (keys, probes) => {
        const table = new StringTable(1);
        const map = new Map<string, number>();
        for (const k of keys) {
          const got = table.get(k);
          expect(got).toBe(map.get(k) ?? -1);
          if (got === -1) {
            expect(table.numberOf(k)).toBe(map.size);
            map.set(k, map.size);
          }
          expect(table.numberOf(k)).toBe(map.get(k));
        }
        expect(table.size).toBe(map.size);
        for (const k of [...keys, ...probes]) expect(table.get(k)).toBe(map.get(k) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('numberOf numbers as a Map does, past every growth and after a clear', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 400 }), fc.nat(500), (keys, expected) => {
        const table = new StringTable(1);
        for (const k of keys) table.numberOf(`x${k}`);
        table.clear(expected);
        expect(table.size).toBe(0);
        const map = new Map<string, number>();
        for (const k of keys) {
          if (!map.has(k)) map.set(k, map.size);
          expect(table.numberOf(k)).toBe(map.get(k));
        }
        expect(table.size).toBe(map.size);
        for (const k of keys) expect(table.get(k)).toBe(map.get(k));
        expect(table.get('x')).toBe(map.get('x') ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart strings that differ only in one code unit, in surrogates or in length', () => {
    const keys = ['', '\u0000', 'a', 'a\u0000', 'ab', 'ba', '\ud83d\ude00', '\ud83d\ude01', '\ud83d', 'é', 'e\u0301'];
    const table = new StringTable(2);
    keys.forEach((k, i) => expect(table.numberOf(k)).toBe(i));
    keys.forEach((k, i) => expect(table.get(k)).toBe(i));
    expect(table.get('abc')).toBe(-1);
    expect(table.size).toBe(keys.length);
  });
});

describe('PairTable', () => {
  it('numbers tuples in order of first appearance exactly as a Map of their text does, past every growth', () => {
    const int = fc.integer({ min: 0, max: 2 ** 30 - 1 });
    const small = fc.integer({ min: 0, max: 5 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(small, int), fc.oneof(small, int), fc.oneof(small, int)), { maxLength: 300 }), (tuples) => {
        const table = new PairTable(1);
        const map = new Map<string, number>();
        for (const [a, b, c] of tuples) {
          const key = `${a},${b},${c}`;
          const want = map.get(key) ?? map.size;
          if (!map.has(key)) map.set(key, want);
          expect(table.id(a, b, c)).toBe(want);
        }
        expect(table.size).toBe(map.size);
        for (const [a, b, c] of tuples) expect(table.id(a, b, c)).toBe(map.get(`${a},${b},${c}`));
        expect(table.size).toBe(map.size);
      }),
      { numRuns: 300 },
    );
  });
});
