import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, detectCsvSeparator, parseCsv } from '../../src/input';
import { errorOf } from './helpers';

const fields = (text: string, separator?: ';' | ',') => parseCsv(text, separator === undefined ? {} : { separator }).rows.map((r) => r.fields);

describe('parseCsv', () => {
  it('reads RFC 4180: quoted separators, doubled quotes, line breaks, CRLF/LF/CR, empty fields', () => {
    expect(fields('a;b;c\r\n"x;y";"say ""hi""";\r\n"multi\nline";2;3\n4;5;6\r7;;\n')).toEqual([
      ['a', 'b', 'c'],
      ['x;y', 'say "hi"', ''],
      ['multi\nline', '2', '3'],
      ['4', '5', '6'],
      ['7', '', ''],
    ]);
    expect(fields('"a\r\nb";c')).toEqual([['a\r\nb', 'c']]);
    expect(fields('a\n\n\r\nb\n""\n')).toEqual([['a'], ['b'], ['']]);
    expect(fields('')).toEqual([]);
  });

  it('keeps formula-like values as data', () => {
    expect(fields('=HYPERLINK("x");+1;-2;@SUM(A1)'.replace('"x"', 'x'))).toEqual([['=HYPERLINK(x)', '+1', '-2', '@SUM(A1)']]);
    expect(fields('"=1+1";\'=cmd')).toEqual([['=1+1', "'=cmd"]]);
  });

  it('detects the separator from the first line, outside quotes', () => {
    expect(detectCsvSeparator('a;b;c\n1,2,3,4,5')).toBe(';');
    expect(detectCsvSeparator('a,b,"c;d;e"\n')).toBe(',');
    expect(detectCsvSeparator('a\tb\tc')).toBe('\t');
    expect(detectCsvSeparator('abc')).toBe(';');
    expect(parseCsv('nom,prenom\n"A;B",C').rows[1]?.fields).toEqual(['A;B', 'C']);
  });

  it('gives each field its physical line and column', () => {
    const { rows } = parseCsv('h1;h2;h3\r\n"a\r\nb";cc;"d"\r\n;x');
    expect(rows.map((r) => [r.line, r.lines, r.columns])).toEqual([
      [1, [1, 1, 1], [1, 4, 7]],
      [2, [2, 3, 3], [1, 4, 7]],
      [4, [4, 4], [1, 2]],
    ]);
  });

  it('refuses stray quotes and unterminated quoted fields, with line and column', async () => {
    let e = await errorOf(() => parseCsv('a;b\nc;d"e;f', { file: 'x.csv' }));
    expect([e.code, e.file, e.line, e.column]).toEqual(['ERR_INPUT', 'x.csv', 2, 4]);
    e = await errorOf(() => parseCsv('a;b\n1;"ab"c;3'));
    expect([e.code, e.line, e.column]).toEqual(['ERR_INPUT', 2, 7]);
    e = await errorOf(() => parseCsv('a;b\n1;"open\nnever closed'));
    expect([e.code, e.line, e.column]).toEqual(['ERR_INPUT', 2, 3]);
    e = await errorOf(() => parseCsv('a;"0123456789"', { maxFieldLength: 5 }));
    expect([e.code, e.line, e.column]).toEqual(['ERR_LIMIT', 1, 3]);
  });

  it('reads back exactly what formatCsv writes, for any fields (property)', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', ';', ',', '"', '\r', '\n', ' ', '\t', '=', '\uFEFF', 'Œ', '|') }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
    );
    const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(rows, fc.constantFrom<';' | ','>(';', ','), fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n'), (data, separator, eol) => {
        const text = formatCsv(data, { separator, eol });
        expect(parseCsv(text, { separator }).rows.map((r) => r.fields)).toEqual(data);
        // Fields holding a separator are quoted, so the separator is detected back.
        if (data[0]!.length > 1) expect(detectCsvSeparator(text)).toBe(separator);
      }),
      { numRuns: 300 },
    );
  });
});
