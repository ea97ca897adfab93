/**
 * Hostile CSV and JSON (the XML readers are in xml-hostile.test.ts): invalid bytes, characters
 * XML 1.0 cannot carry, duplicated columns and keys, truncated files, wrong roots. Each gives a
 * coded error with a location, and quotes no value.
 */

import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/index';
import { readCsvAccounts, readJsonAccounts } from '../../src/input';
import { expectNoLeak, INPUT_OPTIONS, libraryError, secretCsv, secretJson } from './helpers';

const csv = secretCsv();
const json = secretJson();

/** `text` as UTF-8 with `bytes` inserted before the first `at`. */
function withBytes(text: string, at: string, bytes: number[]): Buffer {
  const b = Buffer.from(text, 'utf8');
  const i = b.indexOf(at);
  expect(i).toBeGreaterThan(0);
  return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
}

describe('CSV', () => {
  const cases: Array<[string, () => unknown, ErrorCode]> = [
    ['invalid UTF-8 (encoding: utf-8)', () => readCsvAccounts(withBytes(csv, 'ZORGLUB', [0xc3, 0x28]), { ...INPUT_OPTIONS, encoding: 'utf-8' }), 'ERR_ENCODING'],
    ['invalid UTF-8 after a byte order mark', () => readCsvAccounts(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), withBytes(csv, 'ZORGLUB', [0xff])]), INPUT_OPTIONS), 'ERR_ENCODING'],
    ['a byte Windows-1252 does not define', () => readCsvAccounts(withBytes(csv, 'ZORGLUB', [0x81]), INPUT_OPTIONS), 'ERR_ENCODING'],
    ['a control character in a name', () => readCsvAccounts(csv.replace('ZORGLUB', 'ZOR\u0001GLUB'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a lone surrogate in a name', () => readCsvAccounts(csv.replace('ZORGLUB', 'ZOR\uD800GLUB'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['an unterminated quote', () => readCsvAccounts(csv.replace(';ZORGLUB;', ';"ZORGLUB;'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a quote inside an unquoted cell', () => readCsvAccounts(csv.replace(';ZORGLUB;', ';ZOR"GLUB;'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['truncated in a row', () => readCsvAccounts(csv.slice(0, csv.indexOf('ZORGLUB') + 3), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a duplicated column', () => readCsvAccounts(csv.replace('population;', 'population;nom;'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['no header line (people first)', () => readCsvAccounts(csv.split('\r\n').slice(2).join('\r\n'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['empty', () => readCsvAccounts('', INPUT_OPTIONS), 'ERR_INPUT'],
  ];
  it.each(cases)('%s', (_name, read, code) => {
    const e = libraryError(read, code);
    expectNoLeak(e, _name);
    expect(e.line ?? e.problems[0]?.line ?? e.message.includes('empty'), 'located').toBeTruthy();
  });

  it('a file without header line quotes none of its values, even in warnings passed to onProblem', () => {
    const seen: string[] = [];
    libraryError(() => readCsvAccounts(csv.split('\r\n').slice(2).join('\r\n'), { ...INPUT_OPTIONS, onProblem: (p) => seen.push(JSON.stringify(p)) }), 'ERR_INPUT');
    expect(seen.filter((s) => /ZORGLUB|Ébénézer|MOOFLEBERRY/.test(s))).toEqual([]);
  });
});

describe('JSON', () => {
  const cases: Array<[string, () => unknown, ErrorCode]> = [
    ['invalid UTF-8', () => readJsonAccounts(withBytes(json, 'ZORGLUB', [0xc3, 0x28]), INPUT_OPTIONS), 'ERR_ENCODING'],
    ['a control character in a name', () => readJsonAccounts(json.replace('ZORGLUB', 'ZOR\\u0001GLUB'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a lone surrogate in a name', () => readJsonAccounts(json.replace('ZORGLUB', 'ZOR\\ud800GLUB'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['truncated', () => readJsonAccounts(json.slice(0, json.indexOf('ZORGLUB') + 3), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a duplicated key (which value counts would depend on the reader)', () => readJsonAccounts(json.replace('"nom": "ZORGLUB"', '"nom": "ZORGLUB", "nom": "QUAXWELL"'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a duplicated key written with escapes', () => readJsonAccounts(json.replace('"nom": "ZORGLUB"', '"nom": "ZORGLUB", "n\\u006fm": "QUAXWELL"'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['a duplicated top-level key', () => readJsonAccounts(json.replace('{', '{"eleves": [],'), INPUT_OPTIONS), 'ERR_INPUT'],
    ['an array at the root', () => readJsonAccounts(`[${json}]`, INPUT_OPTIONS), 'ERR_INPUT'],
    ['a string where a list is expected', () => readJsonAccounts(json.replace(/"eleves": \[[\s\S]*?\n {2}\]/, '"eleves": "ZORGLUB"'), INPUT_OPTIONS), 'ERR_INPUT'],
  ];
  it.each(cases)('%s', (_name, read, code) => {
    const e = libraryError(read, code);
    expectNoLeak(e, _name);
  });

  it('the same key in two different objects is fine (control)', () => {
    expect(readJsonAccounts(json, INPUT_OPTIONS).document.eleves).toHaveLength(1);
  });
});
