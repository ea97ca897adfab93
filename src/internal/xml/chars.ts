/**
 * Character classes of XML 1.0 (fifth edition) and Namespaces in XML 1.0.
 * @internal
 * @module
 */

/** Quick screen: matches any character that is either forbidden or a surrogate half. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Index of the first character XML 1.0 forbids in `text` (control characters other than
 * tab, LF and CR; lone surrogate halves; U+FFFE and U+FFFF), or -1 when there is none.
 * A high surrogate at the very end is reported only when `atEnd` is true (it may be the first
 * half of a pair split across chunks).
 */
export function findForbiddenChar(text: string, from = 0, atEnd = true): number {
  const slice = from === 0 ? text : text.slice(from);
  const m = SUSPECT.exec(slice);
  if (m === null) return -1;
  for (let i = m.index; i < slice.length; i++) {
    const c = slice.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return from + i;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < slice.length ? slice.charCodeAt(i + 1) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else if (next !== -1 || atEnd) return from + i;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return from + i;
    } else if (c === 0xfffe || c === 0xffff) {
      return from + i;
    }
  }
  return -1;
}

/** True when the code point is an XML 1.0 `Char`. */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x09 ||
    cp === 0x0a ||
    cp === 0x0d ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
// eslint-disable-next-line no-misleading-character-class -- the ranges are the XML spec's NameChar ranges
const NAME_RE = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');
const NCNAME_START = NAME_START.slice(1); // without ':'
const NCNAME_CHAR = NAME_CHAR.slice(1);
// eslint-disable-next-line no-misleading-character-class -- the ranges are the XML spec's NameChar ranges
const QNAME_RE = new RegExp(`^(?:[${NCNAME_START}][${NCNAME_CHAR}]*:)?[${NCNAME_START}][${NCNAME_CHAR}]*$`, 'u');

/** True when `name` is an XML `Name`. */
export function isXmlName(name: string): boolean {
  return NAME_RE.test(name);
}

/** True when `name` is a namespace-well-formed `QName` (at most one colon, not at either end). */
export function isQName(name: string): boolean {
  return QNAME_RE.test(name);
}

/** True for the four XML white space characters. */
export function isXmlSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** True when `text` holds only XML white space (or nothing). */
export function isXmlWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (!isXmlSpaceCode(text.charCodeAt(i))) return false;
  }
  return true;
}
