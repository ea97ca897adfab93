/**
 * Codec of the SSH public key forms: the SSH wire format (RFC 4253 `ssh-rsa` blob), the SSH2
 * public key file (RFC 4716, as PuTTY and Index-Education ship it) and the OpenSSH one-line form.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';

/** An RSA public key read from an SSH blob: unsigned big-endian integers, no leading zero. */
export interface SshRsaNumbers {
  readonly n: Buffer;
  readonly e: Buffer;
}

/** What an SSH text form held: the wire blob and the comment, if any. */
export interface SshPublicKeyText {
  readonly blob: Buffer;
  readonly comment?: string;
}

const BEGIN_SSH2 = '---- BEGIN SSH2 PUBLIC KEY ----';
const END_SSH2 = '---- END SSH2 PUBLIC KEY ----';

function formatError(reason: string): EntPronoteError {
  return new EntPronoteError('ERR_KEY_FORMAT', reason);
}

function stripLeadingZeros(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return i === 0 ? bytes : bytes.subarray(i);
}

/** RFC 4251 `mpint` of a non-negative big-endian integer. */
function mpint(value: Uint8Array): Buffer {
  let v = stripLeadingZeros(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  if (v.length === 1 && v[0] === 0) v = Buffer.alloc(0);
  const pad = v.length > 0 && ((v[0] as number) & 0x80) !== 0 ? 1 : 0;
  const out = Buffer.alloc(4 + pad + v.length);
  out.writeUInt32BE(pad + v.length, 0);
  v.copy(out, 4 + pad);
  return out;
}

function sshString(value: string): Buffer {
  const bytes = Buffer.from(value, 'latin1');
  const out = Buffer.alloc(4 + bytes.length);
  out.writeUInt32BE(bytes.length, 0);
  bytes.copy(out, 4);
  return out;
}

/** The SSH wire format of an RSA public key: `string "ssh-rsa"`, `mpint e`, `mpint n`. */
export function encodeSshRsaBlob(numbers: SshRsaNumbers): Buffer {
  return Buffer.concat([sshString('ssh-rsa'), mpint(numbers.e), mpint(numbers.n)]);
}

/** Reads the key type of an SSH blob (its first `string`), or undefined if unreadable. */
export function sshBlobType(blob: Uint8Array): string | undefined {
  if (blob.length < 4) return undefined;
  const len = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  const type = Buffer.from(blob.buffer, blob.byteOffset + 4, len).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/**
 * Decodes an `ssh-rsa` blob. Other key types fail with `ERR_KEY_UNSUPPORTED`, malformed blobs
 * with `ERR_KEY_FORMAT`.
 */
export function decodeSshRsaBlob(blob: Buffer): SshRsaNumbers {
  const type = sshBlobType(blob);
  if (type === undefined) throw formatError('the SSH public key data is malformed (no key type)');
  if (type !== 'ssh-rsa') {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', `the SSH key is of type ${type}; envelopes need an RSA key (ssh-rsa)`);
  }
  let p = 4 + type.length;
  const read = (what: string): Buffer => {
    if (p + 4 > blob.length) throw formatError(`the SSH public key data is truncated (no ${what})`);
    const len = blob.readUInt32BE(p);
    p += 4;
    if (len > blob.length - p) throw formatError(`the SSH public key data is truncated (in ${what})`);
    const v = blob.subarray(p, p + len);
    p += len;
    if (len > 0 && ((v[0] as number) & 0x80) !== 0) throw formatError(`the SSH public key ${what} is negative`);
    return stripLeadingZeros(v);
  };
  const e = read('exponent');
  const n = read('modulus');
  if (p !== blob.length) throw formatError('the SSH public key data has trailing bytes after the modulus');
  if (n.length === 0 || (n.length === 1 && n[0] === 0)) throw formatError('the SSH public key modulus is zero');
  if (e.length === 0 || (e.length === 1 && e[0] === 0)) throw formatError('the SSH public key exponent is zero');
  return { n, e };
}

const B64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeBase64Body(text: string, what: string): Buffer {
  if (text.length === 0 || text.length % 4 !== 0 || !B64_BODY.test(text)) {
    throw formatError(`${what} is not valid base64`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw formatError(`${what} is not valid base64`);
  return bytes;
}

/** Longest SSH2 header value (RFC 4716: 1024 bytes). */
const MAX_HEADER_VALUE = 1024;

/** The line without its trailing spaces and tabs (a loop: a regular expression would be quadratic on long runs of spaces). */
function trimEndSpaces(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/** True when the text holds an RFC 4716 public key file. */
export function isSsh2PublicKeyText(text: string): boolean {
  return text.includes(BEGIN_SSH2);
}

/**
 * Parses an SSH2 public key file (RFC 4716): BEGIN line, `Tag: value` headers (a value continued on
 * the next line after a trailing backslash), base64 body lines, END line. Any line ending
 * (CRLF, LF, CR) is accepted. The `Comment` header (quotes removed) is returned.
 */
export function parseSsh2PublicKey(text: string): SshPublicKeyText {
  const lines = text.split(/\r\n|\n|\r/).map(trimEndSpaces);
  let i = lines.findIndex((l) => l.trim() === BEGIN_SSH2);
  if (i === -1) throw formatError(`an SSH2 public key file must start with "${BEGIN_SSH2}"`);
  for (let k = 0; k < i; k++) {
    if ((lines[k] as string).trim() !== '') throw formatError('unexpected text before the SSH2 public key BEGIN line');
  }
  i++;
  let comment: string | undefined;
  // Headers: until the first line without a colon that is not a continuation.
  while (i < lines.length) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon === -1 || line.trim() === END_SSH2) break;
    const tag = line.slice(0, colon);
    if (tag.length === 0 || tag.length > 64 || !/^[\x21-\x39\x3b-\x7e]+$/.test(tag)) {
      throw formatError(`line ${i + 1} of the SSH2 public key file is not a valid header`);
    }
    // A continued value is gathered in parts (linear), and refused as soon as it is too long.
    let part = line.slice(colon + 1).replace(/^ /, '');
    const parts: string[] = [];
    let length = 0;
    i++;
    for (;;) {
      const continued = part.endsWith('\\');
      const piece = continued ? part.slice(0, -1) : part;
      length += piece.length;
      if (length > MAX_HEADER_VALUE) throw formatError(`an SSH2 public key header value is longer than ${MAX_HEADER_VALUE} bytes`);
      parts.push(piece);
      if (!continued) break;
      if (i >= lines.length) throw formatError('the SSH2 public key file ends inside a continued header');
      part = lines[i] as string;
      i++;
    }
    const value = parts.join('');
    if (tag.toLowerCase() === 'comment') {
      const v = value.trim();
      comment = v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
    }
  }
  let body = '';
  let ended = false;
  for (; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === END_SSH2) {
      ended = true;
      i++;
      break;
    }
    if (line.startsWith('----')) throw formatError(`unexpected line ${i + 1} in the SSH2 public key file`);
    body += line;
  }
  if (!ended) throw formatError(`the SSH2 public key file has no "${END_SSH2}" line (truncated?)`);
  for (; i < lines.length; i++) {
    if ((lines[i] as string).trim() !== '') throw formatError('unexpected text after the SSH2 public key END line');
  }
  const blob = decodeBase64Body(body, 'the SSH2 public key body');
  return comment === undefined ? { blob } : { blob, comment };
}

/** Key type tokens of the OpenSSH one-line form. */
const OPENSSH_TYPE = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+|[a-z0-9-]+-cert-v0[0-9]@openssh\.com|rsa-sha2-(?:256|512))$/;

/** True when the text looks like an OpenSSH public key line. */
export function isOpenSshPublicKeyText(text: string): boolean {
  return text.split(/\s+/).some((t) => OPENSSH_TYPE.test(t));
}

/**
 * Parses an OpenSSH public key line (`ssh-rsa AAAA… comment`), as in `id_rsa.pub` or
 * `authorized_keys` (options before the key type are skipped). Exactly one key line is accepted;
 * blank lines and `#` comment lines are ignored.
 */
export function parseOpenSshPublicKey(text: string): SshPublicKeyText & { type: string } {
  const lines = text
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1) {
    throw formatError(`expected one OpenSSH public key line, found ${lines.length} lines`);
  }
  const tokens = (lines[0] as string).split(/[ \t]+/);
  const at = tokens.findIndex((t) => OPENSSH_TYPE.test(t));
  if (at === -1 || at + 1 >= tokens.length) throw formatError('the OpenSSH public key line has no key type and base64 data');
  const type = tokens[at] as string;
  const blob = decodeBase64Body(tokens[at + 1] as string, 'the OpenSSH public key data');
  const inner = sshBlobType(blob);
  if (inner !== type) {
    throw formatError(`the OpenSSH line says ${type} but its data holds ${inner ?? 'an unreadable key'}`);
  }
  const comment = tokens.slice(at + 2).join(' ');
  return comment === '' ? { type, blob } : { type, blob, comment };
}

function checkComment(comment: string): void {
  if (/[\u0000-\u001f\u007f"]/.test(comment) || comment.endsWith('\\')) {
    throw new EntPronoteError('ERR_ARGUMENT', 'an SSH key comment must not contain control characters or double quotes, nor end with a backslash');
  }
  if (Buffer.byteLength(comment, 'utf8') > 1000) throw new EntPronoteError('ERR_ARGUMENT', 'an SSH key comment is limited to 1000 bytes');
}

/** Writes an SSH2 public key file (RFC 4716): lines of at most 72 bytes, body wrapped at 70. */
export function formatSsh2PublicKey(blob: Buffer, comment?: string): string {
  let out = `${BEGIN_SSH2}\n`;
  if (comment !== undefined) {
    checkComment(comment);
    // Header lines are at most 72 bytes, a trailing backslash continuing the value.
    const header = `Comment: "${comment}"`;
    const chars = Array.from(header);
    let line = '';
    let bytes = 0;
    for (const ch of chars) {
      const size = Buffer.byteLength(ch, 'utf8');
      if (bytes + size > 71) {
        out += `${line}\\\n`;
        line = '';
        bytes = 0;
      }
      line += ch;
      bytes += size;
    }
    out += `${line}\n`;
  }
  const b64 = blob.toString('base64');
  for (let i = 0; i < b64.length; i += 70) out += `${b64.slice(i, i + 70)}\n`;
  return `${out}${END_SSH2}\n`;
}

/** Writes an OpenSSH public key line. */
export function formatOpenSshPublicKey(blob: Buffer, comment?: string): string {
  const type = sshBlobType(blob) ?? 'ssh-rsa';
  if (comment === undefined || comment === '') return `${type} ${blob.toString('base64')}\n`;
  checkComment(comment);
  return `${type} ${blob.toString('base64')} ${comment}\n`;
}
