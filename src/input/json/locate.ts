/**
 * Finds where a JSON text stops being valid JSON (RFC 8259), for errors with a line and a
 * column: `JSON.parse` messages do not always give a position, and some quote the input.
 *
 * @internal
 * @module
 */

/** The first syntax error of a JSON text: 0-based offset and reason, or undefined when valid. */
export function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const err = (offset: number, reason: string) => ({ offset, reason });
  const string = (): { offset: number; reason: string } | undefined => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return err(i, 'a control character (line break, tab…) must be escaped inside a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return err(i, 'invalid \\u escape (4 hexadecimal digits expected)');
          i += 6;
          continue;
        }
        if (e === undefined || '"\\/bfnrt'.indexOf(e) === -1) return err(i, 'invalid escape sequence in a string');
        i += 2;
        continue;
      }
      i++;
    }
    return err(start, 'this string is not closed');
  };
  /** A property name and its ':' (at `i`, after white space); `missing` says what a bad start means. */
  const key = (missing: string): { offset: number; reason: string } | undefined => {
    if (text.charCodeAt(i) !== 0x22) return err(i, missing);
    const e = string();
    if (e !== undefined) return e;
    ws();
    if (text.charCodeAt(i) !== 0x3a) return err(i, "':' is expected after a property name");
    i++;
    return undefined;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return err(n, 'unexpected end of the text: a value is expected');
      const c = text.charCodeAt(i);
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        i++;
        ws();
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (text.charCodeAt(i) === close) {
          i++;
          expectValue = false;
          continue;
        }
        stack.push(c);
        if (c === 0x7b) {
          const e = key('a property name in double quotes is expected');
          if (e !== undefined) return e;
        }
        continue;
      }
      if (c === 0x22) {
        const e = string();
        if (e !== undefined) return e;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (m === null || m[0].length === 0 || m[0] === '-') return err(i, 'invalid number');
        i += m[0].length;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return err(i, 'unexpected character: a value (object, array, string, number, true, false, null) is expected');
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? err(i, 'unexpected character after the end of the JSON value') : undefined;
    if (i >= n) return err(n, `unexpected end of the text: the ${top === 0x7b ? 'object' : 'array'} is not closed`);
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */) {
      i++;
      expectValue = true;
      if (top === 0x7b) {
        ws();
        const e = key('a property name in double quotes is expected (no trailing comma in JSON)');
        if (e !== undefined) return e;
      }
      continue;
    }
    if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
      stack.pop();
      i++;
      continue;
    }
    return err(i, top === 0x7b ? "',' or '}' is expected" : "',' or ']' is expected");
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let k = text.indexOf('\n');
  while (k !== -1 && k < offset) {
    line++;
    lineStart = k + 1;
    k = text.indexOf('\n', k + 1);
  }
  return { line, column: offset - lineStart + 1 };
}
