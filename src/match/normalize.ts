/**
 * Normalisation of identities for account matching (`docs/formats/matching.md`). Two names are the
 * same for the engine when their {@link normalizeName} forms are equal. The rules, each pinned by
 * a test in `test/match/normalize.test.ts`:
 *
 * 1. **Case** is folded (`toLowerCase`, locale-independent), so `DUPONT` = `Dupont`.
 * 2. **Accents** are removed: compatibility decomposition (NFKD) then every combining mark
 *    (`\p{M}`) dropped. This gives the same result on NFC and NFD input (`é` written as one or two
 *    code points), and also folds compatibility forms: `ﬁ` → `fi`, `ĳ` → `ij`, full-width letters,
 *    non-breaking spaces. German umlauts lose their dots like French accents (`Müller` =
 *    `Muller`); the German transcription `Mueller` stays a different name.
 * 3. **Letters without decomposition** are spelled out: `œ` → `oe`, `æ` → `ae`, `ß`/`ẞ` → `ss`,
 *    `ø` → `o`, `đ`/`ð` → `d`, `ł` → `l`, `ħ` → `h`, `ŧ` → `t`, `þ` → `th`, Turkish dotless `ı` → `i`
 *    (and dotted `İ` → `i` through rules 1–2), final sigma `ς` → `σ`. Other scripts are kept as
 *    lower-case letters, not transliterated (`Иван` ≠ `Ivan`).
 * 4. **Separators**: every character that is neither a letter (`\p{L}`) nor a digit (`\p{N}`) —
 *    spaces of any kind, apostrophes (`'` `’` `‘` `ʼ` `ʻ` `´` `` ` ``), hyphens and dashes (`-` `‐` `‑` `–`
 *    `—` `−`), dots, commas, brackets… — separates words; a run of them counts as one separator,
 *    leading and trailing ones are dropped. So `Jean-François` = `Jean François` =
 *    `JEAN  FRANCOIS`, `D'Artagnan` = `D’Artagnan` = `D Artagnan`. Invisible format characters
 *    (`\p{Cf}`: soft hyphen, zero-width space and joiners) are removed without separating.
 * 5. **Words are never merged nor dropped**: the word split matters (`Le Roy` ≠ `Leroy`,
 *    `D'Alembert` ≠ `Dalembert`), particles are kept (`De Gaulle` ≠ `Gaulle`), and a compound
 *    first name is not its first part (`Jean-François` ≠ `Jean`): twins may be called `Jean` and
 *    `Jean-François`, so a shortened form is a different person for the engine (left unmatched,
 *    for a manual decision), never a guess.
 *
 * Birth dates are compared as dates: `dd/mm/yyyy` (or `d/m/yyyy`) and `yyyy-mm-dd` are read by
 * {@link normalizeMatchDate}; anything else, or an impossible date, is no date.
 *
 * Cost: all-ASCII values (most names) take a loop over char codes without regular
 * expressions; other values take one pass of Unicode normalisation and two regular
 * expressions. The engine calls {@link normalizeName} once per distinct string of its input
 * (it caches by raw string), so the cost follows the number of distinct spellings, not of
 * people.
 *
 * @module
 */

import { expectString } from '../common/arguments';
import { normalizeBirthDate } from '../common/dates';

const MARKS_AND_FORMAT = /[\p{M}\p{Cf}]/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
/** Letters without a decomposition, and modifier letters used as apostrophes (`\p{Lm}`). */
const SPECIAL: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ħ: 'h',
  ŧ: 't',
  þ: 'th',
  ı: 'i',
  ς: 'σ',
  '\u02BC': ' ', // ʼ modifier letter apostrophe
  '\u02BB': ' ', // ʻ modifier letter turned comma (okina)
  '\u02BD': ' ', // ʽ modifier letter reversed comma
  '\u02B9': ' ', // ʹ modifier letter prime
  '\u02CA': ' ', // ˊ modifier letter acute accent
  '\u02CB': ' ', // ˋ modifier letter grave accent
  '\u02C8': ' ', // ˈ modifier letter vertical line
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'gu');
const special = (c: string): string => SPECIAL[c] as string;

/** Normalises an all-ASCII string without regular expressions, or returns undefined. */
function normalizeAscii(value: string): string | undefined {
  const n = value.length;
  // Fast check: letters and digits only (the common case: `DUPONT`, `Marie`).
  let plain = true;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128) return undefined;
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) plain = false;
  }
  if (plain) return value.toLowerCase();
  let out = '';
  let start = -1; // start of the current word
  for (let i = 0; i <= n; i++) {
    const c = i < n ? value.charCodeAt(i) : 32;
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out = out.length === 0 ? value.slice(start, i) : `${out} ${value.slice(start, i)}`;
      start = -1;
    }
  }
  return out.toLowerCase();
}

function normalizeUnicode(value: string): string {
  // Case is folded after the compatibility decomposition too: some compatibility characters
  // decompose to capitals (`ꟸ` → `Ħ`), and lower-casing may decompose (`İ` → `i` + dot).
  const t = value
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS_AND_FORMAT, '')
    .replace(SPECIAL_RE, special);
  return t.replace(SEPARATORS, ' ').trim();
}

/**
 * The normalised form of a name or first name: lower-case words of letters and digits without
 * accents, separated by single spaces (see the module rules). Empty when the value has no letter
 * nor digit.
 *
 * @example
 * ```ts
 * normalizeName('  Jean-François ') // 'jean francois'
 * normalizeName('D’ARTAGNAN')       // 'd artagnan'
 * normalizeName('Lætitia Œuvray')   // 'laetitia oeuvray'
 * ```
 */
export function normalizeName(value: string): string {
  expectString(value, 'value');
  return normalizeAscii(value) ?? normalizeUnicode(value);
}

/**
 * The normalised form of a birth date: `yyyy-mm-dd`, from `yyyy-mm-dd`, `dd/mm/yyyy` or
 * `d/m/yyyy` (surrounding spaces ignored); undefined for no date, another form, or an
 * impossible date (`31/02/2012`). Two birth dates are the same for the engine when their forms
 * are equal and defined.
 */
export function normalizeMatchDate(value: string | undefined): string | undefined {
  if (value !== undefined) expectString(value, 'value');
  return value === undefined ? undefined : normalizeBirthDate(value);
}
