// utf8FromLatin1 (the tokenizer's decoding of non-ASCII names, values and text in utf8Latin1
// mode) through its reused scratch buffer, and past it (longer input), against Node's decoder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8FromLatin1 } from '../../src/internal/xml/tokenizer';

const asLatin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

describe('utf8FromLatin1', () => {
  it('decodes accents, ligatures and emoji (four-byte sequences)', () => {
    expect(utf8FromLatin1(asLatin1('Éric'))).toBe('Éric');
    expect(utf8FromLatin1(asLatin1('RUE DES ŒILLETS'))).toBe('RUE DES ŒILLETS');
    expect(utf8FromLatin1(asLatin1('Zoé 👩‍🎓 €'))).toBe('Zoé 👩‍🎓 €');
    expect(utf8FromLatin1('')).toBe('');
  });

  it('gives what the bytes encode, at every length around the scratch buffer (4096 bytes)', () => {
    for (const n of [4094, 4095, 4096, 4097, 9000]) {
      // "é" is two bytes: an odd length ends with an ASCII character.
      const s = 'é'.repeat(n >> 1) + (n % 2 === 1 ? 'x' : '');
      const bytes = asLatin1(s);
      expect(bytes.length).toBe(n);
      expect(utf8FromLatin1(bytes)).toBe(s);
    }
  });

  it('does not keep anything of an earlier, longer call', () => {
    expect(utf8FromLatin1(asLatin1('ÉÉÉÉÉÉÉÉ'))).toBe('ÉÉÉÉÉÉÉÉ');
    expect(utf8FromLatin1(asLatin1('é'))).toBe('é');
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), (s) => {
        expect(utf8FromLatin1(asLatin1(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
