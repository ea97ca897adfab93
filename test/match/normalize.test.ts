import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMatchDate, normalizeName } from '../../src/index';

const same = (a: string, b: string): void => expect(normalizeName(a)).toBe(normalizeName(b));
const differ = (a: string, b: string): void => expect(normalizeName(a)).not.toBe(normalizeName(b));

describe('normalizeName: case', () => {
  it('folds case', () => {
    expect(normalizeName('DUPONT')).toBe('dupont');
    expect(normalizeName('Dupont')).toBe('dupont');
    expect(normalizeName('dUpOnT')).toBe('dupont');
  });
  it('folds case of accented capitals', () => {
    expect(normalizeName('ÉLODIE')).toBe('elodie');
    expect(normalizeName('ÇA')).toBe('ca');
  });
});

describe('normalizeName: accents', () => {
  it('removes French accents', () => {
    expect(normalizeName('Hélène Lefèvre')).toBe('helene lefevre');
    expect(normalizeName('Maël Noël Anaïs Ève Ç')).toBe('mael noel anais eve c');
    expect(normalizeName('àâäéèêëîïôöùûüÿç')).toBe('aaaeeeeiioouuuyc');
  });
  it('gives the same form for NFC and NFD input', () => {
    const nfc = 'Lefèvre Zoé'.normalize('NFC');
    const nfd = 'Lefèvre Zoé'.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(normalizeName(nfc)).toBe('lefevre zoe');
    expect(normalizeName(nfd)).toBe('lefevre zoe');
  });
  it('removes accents of other Latin scripts (Vietnamese stacked marks, Czech, Polish ogonek)', () => {
    expect(normalizeName('Nguyễn')).toBe('nguyen');
    expect(normalizeName('Dvořák')).toBe('dvorak');
    expect(normalizeName('Wąsowska')).toBe('wasowska');
  });
  it('treats German umlauts like accents, not as the ue/oe/ae transcription', () => {
    same('Müller', 'Muller');
    same('MÜLLER', 'muller');
    differ('Müller', 'Mueller');
    expect(normalizeName('Görtz Bär')).toBe('gortz bar');
  });
});

describe('normalizeName: letters without decomposition', () => {
  it('spells out ligatures œ and æ', () => {
    same('Œuvray', 'Oeuvray');
    same('cœur', 'COEUR');
    same('Lætitia', 'Laetitia');
    same('ÆLIS', 'aelis');
  });
  it('spells out ß (and capital ẞ) as ss', () => {
    same('Strauß', 'Strauss');
    same('STRAUẞ', 'strauss');
  });
  it('maps Turkish dotless ı and dotted İ to i', () => {
    same('Yılmaz', 'Yilmaz');
    same('YILMAZ', 'yılmaz');
    same('İnci', 'Inci');
    expect(normalizeName('İnci')).toBe('inci');
  });
  it('folds letters whose compatibility decomposition is a capital (ꟸ → Ħ → h)', () => {
    expect(normalizeName('\uA7F8')).toBe('h');
  });
  it('maps Nordic, Slavic and Icelandic letters without decomposition', () => {
    same('Søren', 'Soren');
    same('Đorđe', 'Dorde');
    same('Łukasz', 'Lukasz');
    same('Þór', 'Thor');
    same('Guðrún', 'Gudrun');
    same('Ħal', 'Hal');
  });
  it('folds compatibility forms (typographic ligatures, full-width letters, ĳ)', () => {
    same('ﬁlou', 'filou');
    same('Ĳsbrand', 'Ijsbrand');
    same('ＤＵＰＯＮＴ', 'Dupont');
  });
  it('keeps other scripts as letters, without transliteration', () => {
    expect(normalizeName('ИВАН')).toBe('иван');
    differ('Иван', 'Ivan');
    expect(normalizeName('Σοφία')).toBe('σοφια');
    same('ΟΔΥΣΣΕΑΣ', 'οδυσσεας'); // final sigma folded
  });
});

describe('normalizeName: separators', () => {
  it('treats hyphens, apostrophes and spaces alike', () => {
    for (const v of ['Jean-François', 'Jean François', 'JEAN  FRANCOIS', 'Jean–François', 'Jean—François', 'Jean‐François', 'Jean\u2011François', 'Jean\u2212François', "Jean'François", 'Jean - François']) {
      expect(normalizeName(v)).toBe('jean francois');
    }
  });
  it('treats every apostrophe alike', () => {
    for (const v of ["D'Artagnan", 'D’Artagnan', 'D‘Artagnan', 'DʼArtagnan', 'DʻArtagnan', 'D´Artagnan', 'D`Artagnan', "D' Artagnan", 'D Artagnan', 'D＇Artagnan']) {
      expect(normalizeName(v)).toBe('d artagnan');
    }
  });
  it('collapses runs of spaces of any kind and drops leading and trailing ones', () => {
    expect(normalizeName('  Le   Goff  ')).toBe('le goff');
    expect(normalizeName('Le\u00A0Goff')).toBe('le goff'); // no-break space
    expect(normalizeName('Le\u202FGoff')).toBe('le goff'); // narrow no-break space
    expect(normalizeName('Le\tGoff\n')).toBe('le goff');
    expect(normalizeName('\u3000Le Goff')).toBe('le goff'); // ideographic space
  });
  it('treats other punctuation as a separator', () => {
    same('St. Pierre', 'St Pierre');
    same('Dupont (Martin)', 'Dupont Martin');
  });
  it('removes invisible format characters without separating', () => {
    same('Jean\u00ADne', 'Jeanne'); // soft hyphen
    same('Jean\u200Bne', 'Jeanne'); // zero-width space
    same('\uFEFFDupont', 'Dupont'); // byte order mark
  });
  it('returns an empty string for a value without letters nor digits', () => {
    expect(normalizeName('')).toBe('');
    expect(normalizeName('  - \' ’ ')).toBe('');
    expect(normalizeName('\u0301')).toBe('');
  });
  it('keeps digits', () => {
    expect(normalizeName('Louis XIV 2')).toBe('louis xiv 2');
  });
});

describe('normalizeName: words are never merged nor dropped', () => {
  it('keeps the word split: Le Roy is not Leroy', () => {
    differ('Le Roy', 'Leroy');
    differ("D'Alembert", 'Dalembert');
    differ('Jean-François', 'Jeanfrançois');
  });
  it('keeps particles: De Gaulle is not Gaulle, Le Goff is not Goff', () => {
    differ('De Gaulle', 'Gaulle');
    differ('Le Goff', 'Goff');
    same('DE GAULLE', 'de Gaulle');
    same('de La Fontaine', 'DE LA FONTAINE');
  });
  it('does not reduce a compound first name to its first part', () => {
    differ('Jean-François', 'Jean');
    differ('Marie', 'Marie Claire');
    differ('Jean-François', 'François');
  });
  it('keeps word order', () => {
    differ('Marie Anne', 'Anne Marie');
  });
});

describe('normalizeName: properties', () => {
  it('is idempotent and its output has only single inner spaces', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 })), (s) => {
        const n = normalizeName(s);
        expect(normalizeName(n)).toBe(n);
        expect(n).toBe(n.trim());
        expect(n.includes('  ')).toBe(false);
        expect(n.includes('\u0000')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
  it('ignores case, Unicode normal form, and separator kinds on ASCII and Latin names', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœæß'.split('')), minLength: 1, maxLength: 8 });
    const sep = fc.constantFrom(' ', '-', "'", '’', '  ', ' - ', '\u00A0');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), sep, sep, (words, s1, s2) => {
        const a = words.join(s1);
        const b = words.join(s2).toUpperCase().normalize('NFD');
        expect(normalizeName(a)).toBe(normalizeName(b));
        expect(normalizeName(` ${a} `)).toBe(normalizeName(a));
      }),
      { numRuns: 300 },
    );
  });
  it('agrees between the ASCII fast path and the Unicode path', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 20 }), (s) => {
        // Adding an accented letter forces the Unicode path on the same ASCII content.
        expect(`${normalizeName(`${s} é`)}`).toBe(`${normalizeName(s)}${normalizeName(s) === '' ? '' : ' '}e`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeMatchDate', () => {
  it('reads birth dates in dd/mm/yyyy and yyyy-mm-dd as yyyy-mm-dd', () => {
    expect(normalizeMatchDate('05/03/2012')).toBe('2012-03-05');
    expect(normalizeMatchDate('5/3/2012')).toBe('2012-03-05');
    expect(normalizeMatchDate('2012-03-05')).toBe('2012-03-05');
    expect(normalizeMatchDate(' 2012-03-05 ')).toBe('2012-03-05');
    expect(normalizeMatchDate('29/02/2012')).toBe('2012-02-29');
  });
  it('gives no date for an impossible date, another form, or nothing', () => {
    expect(normalizeMatchDate('31/02/2012')).toBeUndefined();
    expect(normalizeMatchDate('29/02/2013')).toBeUndefined();
    expect(normalizeMatchDate('2012-3-5')).toBeUndefined();
    expect(normalizeMatchDate('03/05/12')).toBeUndefined();
    expect(normalizeMatchDate('2012-03-05T00:00:00')).toBeUndefined();
    expect(normalizeMatchDate('2012-03-05Z')).toBeUndefined();
    expect(normalizeMatchDate('')).toBeUndefined();
    expect(normalizeMatchDate(undefined)).toBeUndefined();
  });
});
