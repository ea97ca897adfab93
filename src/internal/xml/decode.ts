/**
 * Bytes → text for XML input: byte order marks, the declared encoding (UTF-8, UTF-16,
 * ISO-8859-1, ISO-8859-15, Windows-1252, US-ASCII), strict UTF-8 validation with the position of
 * the first invalid byte. Whole-buffer and streaming forms.
 *
 * @internal
 * @module
 */

import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { EntPronoteError } from '../../errors';
import { decodeWindows1252 } from '../cp1252';
import { limitError, type Limits } from '../../limits';

/** The encodings the readers accept, by canonical name. */
export type XmlEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'iso-8859-1' | 'iso-8859-15' | 'windows-1252' | 'us-ascii';

const LABELS: Record<string, XmlEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  'iso-8859-15': 'iso-8859-15',
  'iso8859-15': 'iso-8859-15',
  'iso_8859-15': 'iso-8859-15',
  'latin-9': 'iso-8859-15',
  latin9: 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
};

/** Canonical encoding for a declared label, or undefined when unsupported. */
export function encodingFromLabel(label: string): XmlEncoding | undefined {
  return LABELS[label.trim().toLowerCase()];
}

/**
 * Index of the first byte that starts an invalid UTF-8 sequence, or -1. A sequence cut by the
 * end of `bytes` counts as invalid only when `atEnd`.
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, atEnd = true): number {
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) {
      if (!atEnd) {
        // A sequence cut by the end of the chunk: check the continuation bytes present.
        for (let k = 1; i + k < n; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
        return -1;
      }
      return i;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Reads the `encoding` pseudo-attribute of an XML declaration in ASCII-compatible bytes. */
function declaredEncoding(bytes: Uint8Array, start: number): string | undefined {
  if (!(bytes[start] === 0x3c && bytes[start + 1] === 0x3f && bytes[start + 2] === 0x78 && bytes[start + 3] === 0x6d && bytes[start + 4] === 0x6c)) {
    return undefined;
  }
  const end = Math.min(bytes.length, start + 512);
  let head = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80) break;
    head += String.fromCharCode(b);
    if (head.endsWith('?>')) break;
  }
  const m = /^<\?xml\s[^?]*?encoding\s*=\s*(["'])([^"']*)\1/.exec(head);
  return m?.[2];
}

interface Sniffed {
  encoding: XmlEncoding;
  skip: number;
  declared: string | undefined;
}

function sniff(bytes: Uint8Array, what: string): Sniffed {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const declared = declaredEncoding(bytes, 3);
    if (declared !== undefined && encodingFromLabel(declared) !== 'utf-8') {
      throw new EntPronoteError('ERR_ENCODING', `${what} starts with a UTF-8 byte order mark but declares encoding ${JSON.stringify(declared)}`);
    }
    return { encoding: 'utf-8', skip: 3, declared };
  }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2, declared: undefined };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2, declared: undefined };
  if (b0 === 0x3c && b1 === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return { encoding: 'utf-16le', skip: 0, declared: undefined };
  if (b0 === 0x00 && b1 === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return { encoding: 'utf-16be', skip: 0, declared: undefined };
  const declared = declaredEncoding(bytes, 0);
  if (declared === undefined) return { encoding: 'utf-8', skip: 0, declared };
  const enc = encodingFromLabel(declared);
  if (enc === undefined) {
    throw new EntPronoteError(
      'ERR_ENCODING',
      `${what} declares encoding ${JSON.stringify(declared.slice(0, 40))}, which is not supported (UTF-8, UTF-16, ISO-8859-1, ISO-8859-15, Windows-1252, US-ASCII)`,
      { line: 1 },
    );
  }
  if (enc === 'utf-16le' || enc === 'utf-16be') {
    throw new EntPronoteError('ERR_ENCODING', `${what} declares UTF-16 but is not UTF-16 encoded`, { line: 1 });
  }
  return { encoding: enc, skip: 0, declared };
}

function decoderFor(encoding: XmlEncoding): TextDecoder | undefined {
  switch (encoding) {
    case 'utf-8':
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    case 'utf-16le':
      return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
    case 'utf-16be':
      return new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });
    case 'iso-8859-15':
      return new TextDecoder('iso-8859-15');
    default:
      return undefined;
  }
}

function singleByte(bytes: Uint8Array, encoding: XmlEncoding, what: string, byteBase: number): string {
  if (encoding === 'windows-1252') {
    const r = decodeWindows1252(bytes);
    if ('text' in r) return r.text;
    throw new EntPronoteError('ERR_ENCODING', `${what} declares Windows-1252 but byte ${byteBase + r.badOffset} is not a Windows-1252 character`);
  }
  if (encoding === 'us-ascii') {
    for (let i = 0; i < bytes.length; i++) {
      if ((bytes[i] as number) >= 0x80) {
        throw new EntPronoteError('ERR_ENCODING', `${what} declares US-ASCII but byte ${byteBase + i} is not ASCII`);
      }
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Options of {@link decodeXmlBytes}. */
export interface DecodeOptions {
  limits: Limits;
  /** Name of the format, for messages. */
  what: string;
  /**
   * A stream of records whose memory does not grow with its size (an AAF file): bounded by
   * `limits.maxStreamedFileBytes` instead of `limits.maxInputBytes`.
   */
  streamed?: boolean;
}

/**
 * Decodes a whole XML byte buffer to text, following its BOM or declared encoding.
 * Invalid UTF-8 fails with `ERR_ENCODING` naming the byte offset and line.
 */
export function decodeXmlBytes(bytes: Uint8Array, options: DecodeOptions): { text: string; encoding: XmlEncoding } {
  if (bytes.byteLength > options.limits.maxInputBytes) {
    throw limitError(`${options.what} size`, options.limits.maxInputBytes, 'maxInputBytes');
  }
  const s = sniff(bytes, options.what);
  const body = s.skip === 0 ? bytes : bytes.subarray(s.skip);
  if (s.encoding === 'utf-8') {
    // Validation and decoding by Node's native code: several times faster than a fatal TextDecoder.
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (!isUtf8(buf)) throw invalidBytes(bytes, s, options.what);
    return { text: buf.toString('utf8'), encoding: s.encoding };
  }
  const decoder = decoderFor(s.encoding);
  if (decoder === undefined) return { text: singleByte(body, s.encoding, options.what, s.skip), encoding: s.encoding };
  try {
    return { text: decoder.decode(body), encoding: s.encoding };
  } catch {
    throw invalidBytes(bytes, s, options.what);
  }
}

/**
 * Like {@link decodeXmlBytes}, but valid UTF-8 input is returned read one character per byte
 * (Latin-1), with `utf8Latin1: true`, for the tokenizer's `utf8Latin1` mode: validation is
 * native and the whole input is not decoded (only its non-ASCII values are, by the tokenizer).
 * Other encodings are decoded as by {@link decodeXmlBytes}.
 */
export function decodeXmlBytesLatin1(bytes: Uint8Array, options: DecodeOptions): { text: string; encoding: XmlEncoding; utf8Latin1: boolean } {
  if (bytes.byteLength > options.limits.maxInputBytes) {
    throw limitError(`${options.what} size`, options.limits.maxInputBytes, 'maxInputBytes');
  }
  const s = sniff(bytes, options.what);
  if (s.encoding !== 'utf-8') return { ...decodeXmlBytes(bytes, options), utf8Latin1: false };
  const body = s.skip === 0 ? bytes : bytes.subarray(s.skip);
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!isUtf8(buf)) throw invalidBytes(bytes, s, options.what);
  return { text: buf.toString('latin1'), encoding: s.encoding, utf8Latin1: true };
}

function invalidBytes(bytes: Uint8Array, s: Sniffed, what: string, byteBase = 0): EntPronoteError {
  if (s.encoding === 'utf-8') {
    const at = findInvalidUtf8(bytes, s.skip);
    const offset = at === -1 ? bytes.length : at;
    return new EntPronoteError(
      'ERR_ENCODING',
      `${what} is not valid UTF-8: invalid byte sequence at byte ${byteBase + offset} (check the file's encoding)`,
      byteBase === 0 ? { line: lineOfByte(bytes, offset) } : {},
    );
  }
  return new EntPronoteError('ERR_ENCODING', `${what} is not valid ${s.encoding.toUpperCase()}`);
}

/**
 * Streaming decoder: feed byte chunks, get text chunks. The encoding is decided from the first
 * bytes (BOM or declaration).
 */
export class StreamingXmlDecoder {
  private head: Uint8Array | undefined = new Uint8Array(0);
  private sniffed: Sniffed | undefined;
  private decoder: TextDecoder | undefined;
  private bytesSeen = 0;
  /** utf8Latin1 mode: the bytes of an incomplete character at the end of the last chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private latin1 = false;

  /**
   * With `utf8Latin1`, UTF-8 input is validated (natively) and returned read as Latin-1, one
   * character per byte, for the tokenizer's `utf8Latin1` mode; see {@link utf8Latin1}.
   */
  constructor(private readonly options: DecodeOptions & { utf8Latin1?: boolean }) {}

  /** The encoding, once known. */
  get encoding(): XmlEncoding | undefined {
    return this.sniffed?.encoding;
  }

  /** True when the text returned is UTF-8 read as Latin-1 (known with the first text returned). */
  get utf8Latin1(): boolean {
    return this.latin1;
  }

  /** Decodes the next chunk (may return '' while the declaration is incomplete). */
  write(chunk: Uint8Array): string {
    this.bytesSeen += chunk.byteLength;
    const name = this.options.streamed === true ? 'maxStreamedFileBytes' : 'maxInputBytes';
    if (this.bytesSeen > this.options.limits[name]) {
      throw limitError(`${this.options.what} size`, this.options.limits[name], name);
    }
    if (this.head !== undefined) {
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head, 0);
      joined.set(chunk, this.head.length);
      if (joined.length < 512 && !containsDeclEnd(joined)) {
        this.head = joined;
        return '';
      }
      this.head = undefined;
      return this.start(joined, false);
    }
    return this.decodeChunk(chunk, this.bytesSeen - chunk.byteLength, true);
  }

  /** Flushes the decoder at the end of input. */
  end(): string {
    if (this.head !== undefined) {
      const h = this.head;
      this.head = undefined;
      return h.length === 0 ? '' : this.start(h, true);
    }
    if (this.latin1) {
      if (this.carry.length > 0) {
        throw new EntPronoteError('ERR_ENCODING', `${this.options.what} is not valid UTF-8: the input ends inside a multi-byte character`);
      }
      return '';
    }
    if (this.decoder === undefined || this.sniffed === undefined) return '';
    try {
      return this.decoder.decode();
    } catch {
      throw new EntPronoteError('ERR_ENCODING', `${this.options.what} is not valid UTF-8: the input ends inside a multi-byte character`);
    }
  }

  private start(bytes: Uint8Array, final: boolean): string {
    this.sniffed = sniff(bytes, this.options.what);
    this.latin1 = this.options.utf8Latin1 === true && this.sniffed.encoding === 'utf-8';
    this.decoder = this.latin1 ? undefined : decoderFor(this.sniffed.encoding);
    const body = bytes.subarray(this.sniffed.skip);
    const text = this.decodeChunk(body, this.sniffed.skip, !final);
    return final ? text + this.end() : text;
  }

  private decodeChunk(chunk: Uint8Array, byteBase: number, stream: boolean): string {
    if (this.latin1) return this.latin1Chunk(chunk, byteBase, stream);
    const s = this.sniffed as Sniffed;
    if (this.decoder === undefined) return singleByte(chunk, s.encoding, this.options.what, byteBase);
    try {
      return this.decoder.decode(chunk, { stream });
    } catch {
      const at = s.encoding === 'utf-8' ? findInvalidUtf8(chunk, 0, !stream) : -1;
      throw new EntPronoteError(
        'ERR_ENCODING',
        at === -1
          ? `${this.options.what} is not valid ${s.encoding.toUpperCase()} (near byte ${byteBase})`
          : `${this.options.what} is not valid UTF-8: invalid byte sequence at byte ${byteBase + at} (check the file's encoding)`,
      );
    }
  }

  /** utf8Latin1 mode: validates the chunk (with the bytes carried from the previous one) and reads it as Latin-1. */
  private latin1Chunk(chunk: Uint8Array, byteBase: number, stream: boolean): string {
    let body = chunk;
    let bodyBase = byteBase;
    if (this.carry.length > 0) {
      // Complete the character split across chunks, and check it alone.
      const carried = this.carry;
      const take = Math.min(sequenceLength(carried[0] as number) - carried.length, chunk.length);
      const joined = concatBytes(carried, chunk.subarray(0, take));
      body = chunk.subarray(take);
      bodyBase += take;
      if (joined.length < sequenceLength(joined[0] as number) && stream) {
        this.carry = joined;
      } else {
        this.carry = new Uint8Array(0);
        if (!isUtf8(joined)) this.invalidUtf8(joined, byteBase - carried.length, !stream);
      }
    }
    if (this.carry.length === 0) {
      const tail = stream ? incompleteTail(body) : 0;
      const whole = body.subarray(0, body.length - tail);
      if (!isUtf8(whole)) this.invalidUtf8(whole, bodyBase, true);
      if (tail > 0) this.carry = body.slice(body.length - tail);
    }
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
  }

  private invalidUtf8(bytes: Uint8Array, byteBase: number, atEnd: boolean): never {
    const at = findInvalidUtf8(bytes, 0, atEnd);
    throw new EntPronoteError(
      'ERR_ENCODING',
      at === -1
        ? `${this.options.what} is not valid UTF-8: the input ends inside a multi-byte character`
        : `${this.options.what} is not valid UTF-8: invalid byte sequence at byte ${byteBase + at} (check the file's encoding)`,
    );
  }
}

/** Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for invalid leads). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Number of bytes at the end of `bytes` that start a UTF-8 sequence still missing bytes (0–3). */
function incompleteTail(bytes: Uint8Array): number {
  for (let i = 1; i <= 3 && i <= bytes.length; i++) {
    const b = bytes[bytes.length - i] as number;
    if (b < 0x80) return 0;
    if (b >= 0xc0) return sequenceLength(b) > i ? i : 0;
  }
  return 0;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function containsDeclEnd(bytes: Uint8Array): boolean {
  if (bytes.length >= 4 && !(bytes[0] === 0x3c && bytes[1] === 0x3f) && !(bytes[0] === 0xef)) return true;
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0x3f && bytes[i + 1] === 0x3e) return true;
  return false;
}
