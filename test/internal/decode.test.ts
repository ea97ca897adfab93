import { describe, expect, it } from 'vitest';
import { EntPronoteError, DEFAULT_LIMITS } from '../../src/index';
import { decodeXmlBytes, findInvalidUtf8, StreamingXmlDecoder } from '../../src/internal/xml/decode';

const opts = { limits: DEFAULT_LIMITS, what: 'the test document' };
const decl = (enc: string) => `<?xml version="1.0" encoding="${enc}"?>`;
const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as EntPronoteError).code;
  }
  return 'none';
}

describe('decodeXmlBytes', () => {
  it('decodes Windows-1252 with its 0x80–0x9F characters', () => {
    const bytes = concat(ascii(`${decl('windows-1252')}<a>`), Uint8Array.from([0x80, 0x8c, 0x92, 0x9c, 0xe9]), ascii('</a>'));
    expect(decodeXmlBytes(bytes, opts).text).toBe(`${decl('windows-1252')}<a>€Œ’œé</a>`);
    expect(codeOf(() => decodeXmlBytes(concat(ascii(`${decl('windows-1252')}<a>`), Uint8Array.from([0x81])), opts))).toBe('ERR_ENCODING');
  });

  it('decodes ISO-8859-15 and ISO-8859-1 differently where they differ', () => {
    const body = Uint8Array.from([0xa4, 0xbc]);
    expect(decodeXmlBytes(concat(ascii(`${decl('ISO-8859-15')}<a>`), body, ascii('</a>')), opts).text).toContain('<a>€Œ</a>');
    expect(decodeXmlBytes(concat(ascii(`${decl('ISO-8859-1')}<a>`), body, ascii('</a>')), opts).text).toContain('<a>¤¼</a>');
  });

  it('follows byte order marks and refuses a contradicting declaration', () => {
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>', 'utf8')]), opts).text).toBe('<a>é</a>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é😀</a>', 'utf16le')]);
    expect(decodeXmlBytes(utf16, opts).text).toBe('<a>é😀</a>');
    expect(codeOf(() => decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...ascii(`${decl('ISO-8859-1')}<a/>`)]), opts))).toBe('ERR_ENCODING');
  });

  it('names the byte and line of invalid UTF-8', () => {
    const bytes = Buffer.from('<a>\n<b>é</b>\n</a>', 'utf8');
    bytes[8] = 0x28; // 'é' is bytes 7–8: its second byte is no longer a continuation byte
    try {
      decodeXmlBytes(bytes, opts);
      throw new Error('no error');
    } catch (e) {
      expect((e as EntPronoteError).reason).toContain('byte 7');
      expect((e as EntPronoteError).line).toBe(2);
    }
  });

  it('refuses unsupported encodings and enforces the size limit', () => {
    expect(codeOf(() => decodeXmlBytes(ascii(`${decl('EBCDIC')}<a/>`), opts))).toBe('ERR_ENCODING');
    expect(codeOf(() => decodeXmlBytes(ascii('<a/>'.repeat(10)), { ...opts, limits: { ...DEFAULT_LIMITS, maxInputBytes: 8 } }))).toBe('ERR_LIMIT');
  });
});

describe('findInvalidUtf8', () => {
  it.each<[number[], number]>([
    [[0x41, 0xc3, 0xa9], -1],
    [[0xc0, 0x80], 0],
    [[0xe0, 0x80, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x41, 0xf0, 0x9f, 0x98], 1],
    [[0x41, 0x80], 1],
  ])('%j → %i', (bytes, at) => {
    expect(findInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});

describe('StreamingXmlDecoder', () => {
  it('gives the same text whatever the chunk boundaries (multi-byte characters split)', () => {
    const text = `${decl('UTF-8')}<a>éŒ😀 ’</a>`;
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size < 12; size++) {
      const d = new StreamingXmlDecoder(opts);
      let out = '';
      for (let i = 0; i < bytes.length; i += size) out += d.write(bytes.subarray(i, i + size));
      out += d.end();
      expect(out).toBe(text);
    }
  });

  it('decodes ISO-8859-15 streams', () => {
    const d = new StreamingXmlDecoder(opts);
    const out = d.write(concat(ascii(`${decl('ISO-8859-15')}<a>`), Uint8Array.from([0xbc]))) + d.write(ascii('</a>')) + d.end();
    expect(out).toBe(`${decl('ISO-8859-15')}<a>Œ</a>`);
    expect(d.encoding).toBe('iso-8859-15');
  });

  it('fails on a truncated multi-byte character at the end', () => {
    const d = new StreamingXmlDecoder(opts);
    d.write(Buffer.from('<a>é', 'utf8').subarray(0, 4));
    expect(codeOf(() => d.end())).toBe('ERR_ENCODING');
  });
});
