import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../src/internal/string-index';
import { StringSet } from '../../src/internal/string-table';

describe('StringIndex and StringSet', () => {
  it('find exactly the strings a Map finds, duplicates included, past every growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 400 }), fc.array(fc.string({ maxLength: 6 })), (keys, probes) => {
        const index = new StringIndex(1, (entry) => keys[entry] as string);
        const set = new StringSet(1);
        const first = new Map<string, number>();
        keys.forEach((k, i) => {
          expect(index.add(k, i)).toBe(first.get(k) ?? -1);
          expect(set.add(k)).toBe(!first.has(k));
          if (!first.has(k)) first.set(k, i);
        });
        expect(index.size).toBe(first.size);
        for (const k of [...keys, ...probes]) expect(index.get(k)).toBe(first.get(k) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart strings that differ only in one code unit, in surrogates or in length', () => {
    const keys = ['', '\u0000', 'a', 'a\u0000', 'ab', 'ba', '\ud83d\ude00', '\ud83d\ude01', '\ud83d', 'é', 'e\u0301'];
    const index = new StringIndex(2, (entry) => keys[entry] as string);
    keys.forEach((k, i) => expect(index.add(k, i)).toBe(-1));
    keys.forEach((k, i) => expect(index.get(k)).toBe(i));
    expect(index.get('abc')).toBe(-1);
  });

  it('a set forgets every string when cleared, and fills again as a new set would', () => {
    const set = new StringSet(0);
    for (let i = 0; i < 50; i++) set.add(`k${i}`);
    set.clear(3);
    expect([set.add('k1'), set.add('k1'), set.add('k2')]).toEqual([true, false, true]);
  });
});
