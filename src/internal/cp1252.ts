/**
 * Windows-1252 decoding. Node 20's `TextDecoder('windows-1252')` decodes bytes 0x80–0x9F as C1
 * controls (like ISO-8859-1), losing `€`, `Œ`, `œ`, `’`…: this table is used instead.
 * @internal
 * @module
 */

/** Windows-1252 0x80–0x9F; 0 marks the five undefined bytes. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Decodes Windows-1252 bytes. Returns the text, or the offset of the first byte that is not a
 * Windows-1252 character (0x81, 0x8D, 0x8F, 0x90, 0x9D).
 */
export function decodeWindows1252(bytes: Uint8Array): { text: string } | { badOffset: number } {
  let out = '';
  let start = 0;
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80 || b > 0x9f) continue;
    const cp = CP1252_HIGH[b - 0x80] as number;
    if (cp === 0) return { badOffset: i };
    out += latin1.toString('latin1', start, i) + String.fromCharCode(cp);
    start = i + 1;
  }
  return { text: out + latin1.toString('latin1', start, bytes.length) };
}
