/**
 * PEM and DER helpers for key detection.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';

/** One PEM block found in a text. */
export interface PemBlock {
  /** The label, e.g. `PUBLIC KEY`, `RSA PRIVATE KEY`. */
  readonly label: string;
  /** The whole block, BEGIN to END lines included, with `\n` line ends. */
  readonly text: string;
  /** True when the block has RFC 1421 headers saying it is encrypted (`Proc-Type: 4,ENCRYPTED`). */
  readonly encrypted: boolean;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/;

/** Finds the first PEM block of a text, or undefined when there is none. */
export function findPemBlock(text: string): PemBlock | undefined {
  const m = BEGIN.exec(text);
  if (m === null) return undefined;
  const label = m[1] as string;
  const endLine = `-----END ${label}-----`;
  const end = text.indexOf(endLine, m.index);
  if (end === -1) {
    throw new EntPronoteError('ERR_KEY_FORMAT', `the PEM block "${label}" has no "${endLine}" line (truncated?)`);
  }
  const block = text.slice(m.index, end + endLine.length).replace(/\r\n?/g, '\n');
  return { label, text: `${block}\n`, encrypted: /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(block) };
}

/** PEM labels of private keys. */
export const PRIVATE_LABELS = new Set([
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'OPENSSH PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
]);

/** PEM labels of public keys and certificates. */
export const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

/**
 * Tags of the first children of a DER SEQUENCE, or undefined when `bytes` is not a single DER
 * SEQUENCE. Used to tell PKCS#8 (`INTEGER, SEQUENCE`), PKCS#1 (`INTEGER, INTEGER`) and encrypted
 * PKCS#8 (`SEQUENCE, OCTET STRING`) apart.
 */
export function derSequenceChildTags(bytes: Uint8Array, max = 3): number[] | undefined {
  const header = readHeader(bytes, 0);
  if (header === undefined || bytes[0] !== 0x30 || header.end !== bytes.length) return undefined;
  const tags: number[] = [];
  let p = header.contentStart;
  while (p < header.end && tags.length < max) {
    const child = readHeader(bytes, p);
    if (child === undefined || child.end > header.end) return undefined;
    tags.push(bytes[p] as number);
    p = child.end;
  }
  return tags;
}

function readHeader(bytes: Uint8Array, at: number): { contentStart: number; end: number } | undefined {
  if (at + 2 > bytes.length) return undefined;
  let len = bytes[at + 1] as number;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > bytes.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (bytes[p + i] as number);
    p += n;
  }
  const end = p + len;
  return end > bytes.length ? undefined : { contentStart: p, end };
}

/** Decodes key text given as bytes: UTF-8 (a BOM is dropped); invalid UTF-8 fails with `ERR_KEY_FORMAT`. */
export function keyBytesToText(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the key bytes are neither DER nor UTF-8 text');
  }
  return text;
}

/** Largest key input accepted (a key file is a few kilobytes; certificates a few more). */
export const MAX_KEY_INPUT = 1024 * 1024;

/** Refuses absurdly large key inputs before any parsing. */
export function checkKeyInputSize(length: number): void {
  if (length > MAX_KEY_INPUT) throw new EntPronoteError('ERR_KEY_FORMAT', 'the key input is larger than 1 MiB: this is not a key file');
}
