/**
 * Strict base64 for the envelope fields (RFC 4648 alphabet, `=` padding required, zero slack
 * bits as `xs:base64Binary` requires); XML white space is allowed anywhere (wrapped base64).
 * Encoding is Node's native one, on one line, as the public implementations write it.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';

const WS_ALL = /[\t\n\r ]+/g;

/** 0 invalid, 1 alphabet, 2 white space, 3 '='. */
const CLASS = new Uint8Array(128);
const VALUE = new Uint8Array(128);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) {
    CLASS[alphabet.charCodeAt(i)] = 1;
    VALUE[alphabet.charCodeAt(i)] = i;
  }
  for (const c of '\t\n\r ') CLASS[c.charCodeAt(0)] = 2;
  CLASS[0x3d] = 3;
}

function invalid(path: string, reason: string): EntPronoteError {
  return new EntPronoteError('ERR_BASE64', `${path.slice(path.lastIndexOf('/') + 1)} is not valid base64: ${reason}`, { path });
}

/** Explains why `text` is not strict base64 (slow path, only on failure). */
function diagnose(text: string, path: string): EntPronoteError {
  let n = 0;
  let pad = 0;
  let lastValue = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? (CLASS[c] as number) : 0;
    if (k === 0) return invalid(path, `character ${i + 1} is not in the base64 alphabet`);
    if (k === 2) continue;
    if (k === 3) {
      pad++;
      continue;
    }
    if (pad > 0) return invalid(path, `data after the "=" padding at character ${i + 1}`);
    n++;
    lastValue = VALUE[c] as number;
  }
  if (pad > 2) return invalid(path, 'more than two "=" padding characters');
  if ((n + pad) % 4 !== 0) return invalid(path, `its length (${n + pad} characters without white space) is not a multiple of 4: truncated, or padding missing`);
  if (pad === 1 && (n % 4 !== 3)) return invalid(path, 'wrong padding');
  if (pad === 2 && (n % 4 !== 2)) return invalid(path, 'wrong padding');
  if ((pad === 1 && (lastValue & 0x03) !== 0) || (pad === 2 && (lastValue & 0x0f) !== 0)) {
    return invalid(path, 'the last character before the padding has non-zero unused bits (not canonical base64)');
  }
  return invalid(path, 'malformed');
}

/**
 * Decodes strict base64. The fast path is native: decode, re-encode, compare (valid canonical
 * base64 is exactly what re-encoding gives back). On failure, a slow scan names the problem.
 *
 * @throws EntPronoteError `ERR_BASE64` with the element path.
 */
export function decodeBase64Strict(text: string, path: string): Buffer {
  // Four native scans are several times faster than one regex test over a multi-megabyte string.
  const hasSpace = text.indexOf('\n') !== -1 || text.indexOf(' ') !== -1 || text.indexOf('\r') !== -1 || text.indexOf('\t') !== -1;
  const compact = hasSpace ? text.replace(WS_ALL, '') : text;
  const bytes = Buffer.from(compact, 'base64');
  if (compact.length % 4 !== 0 || bytes.toString('base64') !== compact) throw diagnose(text, path);
  return bytes;
}

/** Encodes bytes as base64 on one line. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
