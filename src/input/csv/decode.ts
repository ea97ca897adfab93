/**
 * CSV bytes → text: UTF-8 (with or without byte order mark), UTF-16 with a byte order mark,
 * Windows-1252 (what French spreadsheets save as "CSV") and ISO-8859-15.
 *
 * @internal
 * @module
 */

import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { EntPronoteError } from '../../errors';
import { decodeWindows1252 } from '../../internal/cp1252';
import { findInvalidUtf8 } from '../../internal/xml/decode';

/**
 * Encodings of a CSV file; `auto` (default) is UTF-8 when the bytes are valid UTF-8, Windows-1252
 * when they hold no UTF-8 sequence at all, and refused (`ERR_ENCODING`, with the line) when they
 * mix UTF-8 sequences and invalid bytes: one damaged byte must not turn every accented letter of
 * a UTF-8 file into two Windows-1252 characters (`HÃ©lÃ¨ne`).
 */
export type CsvEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-15';

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function windows1252(bytes: Uint8Array, file: string | undefined): string {
  const r = decodeWindows1252(bytes);
  if ('text' in r) return r.text;
  const b = bytes[r.badOffset] as number;
  throw new EntPronoteError('ERR_ENCODING', `byte 0x${b.toString(16).toUpperCase()} at offset ${r.badOffset} is not a Windows-1252 character (check the file's encoding)`, {
    ...(file !== undefined ? { file } : {}),
    line: lineOf(bytes, r.badOffset),
  });
}

/**
 * Offset of the first well-formed multi-byte UTF-8 sequence in `bytes`, or -1: bytes that hold
 * one are UTF-8 text (Windows-1252 text almost never holds `Ã©`-like pairs).
 */
function firstUtf8Sequence(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b < 0xc2 || b > 0xf4) continue;
    const need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    if (i + need >= n) continue;
    let ok = true;
    for (let k = 1; ok && k <= need; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) return i;
  }
  return -1;
}

/** Decodes CSV bytes; the byte order mark is removed. Fails with `ERR_ENCODING` (with the line). */
export function decodeCsvBytes(bytes: Uint8Array, encoding: CsvEncoding, file?: string): { text: string; encoding: Exclude<CsvEncoding, 'auto'> | 'utf-16' } {
  const where = file !== undefined ? { file } : {};
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bom || encoding === 'utf-8' || (encoding === 'auto' && isUtf8(buf))) {
    if (!isUtf8(buf)) {
      const at = findInvalidUtf8(body);
      throw new EntPronoteError('ERR_ENCODING', `the CSV is not valid UTF-8: invalid byte sequence at byte ${at + (bom ? 3 : 0)} (save it as UTF-8, or pass encoding: 'windows-1252')`, {
        ...where,
        line: lineOf(body, at),
      });
    }
    return { text: buf.toString('utf8'), encoding: 'utf-8' };
  }
  if (encoding === 'auto' && firstUtf8Sequence(body) !== -1) {
    const at = findInvalidUtf8(body);
    throw new EntPronoteError(
      'ERR_ENCODING',
      `the CSV is UTF-8 but has an invalid byte sequence at byte ${at} (a damaged character): fix that line and save the file as UTF-8, or pass encoding: 'windows-1252' if the file really is Windows-1252`,
      { ...where, line: lineOf(body, at) },
    );
  }
  if (encoding === 'iso-8859-15') return { text: new TextDecoder('iso-8859-15').decode(body), encoding };
  return { text: windows1252(body, file), encoding: 'windows-1252' };
}
