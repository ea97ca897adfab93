/**
 * HTTP plumbing shared by the test servers of `src/cas/server/`: bounded bodies, forms,
 * cookies, HTML escaping, answers, loopback binding and random tokens. No framework: `node:http`.
 *
 * @internal
 * @module
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EntPronoteError } from '../../errors';

/** Default limit of a request body (a login form, a SOAP request): 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Default limit of a request's URL (path and query): 8 KiB. */
export const DEFAULT_MAX_URL_BYTES = 8 * 1024;

/** Thrown by {@link readBody} when the body is larger than allowed (answered `413`). */
export class BodyTooLarge extends Error {
  constructor() {
    super('request body too large');
  }
}

/** Reads a request body up to `maxBytes`; {@link BodyTooLarge} beyond (the rest is not read). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
  });
}

/** An `application/x-www-form-urlencoded` body as parameters (the first value of a name wins). */
export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The cookies of a request (the first of a name wins). */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  const header = req.headers.cookie;
  if (header === undefined) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, on `/`; `maxAge` 0 deletes it. */
export function cookie(name: string, value: string, options: { path?: string; maxAge?: number } = {}): string {
  let out = `${name}=${value}; Path=${options.path ?? '/'}; HttpOnly; SameSite=Lax`;
  if (options.maxAge !== undefined) out += `; Max-Age=${options.maxAge}`;
  return out;
}

/** A random token: `prefix` then 32 CSPRNG bytes in base64url (43 characters). */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Headers every answer carries: no caching (tickets, sessions), no framing, no sniffing. */
const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

/** Sends `body` with `status` and content type, plus the common headers and `extra` headers. */
export function send(res: ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string | string[]> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...extra });
  res.end(bytes);
}

/** Sends an HTML page. */
export function sendHtml(res: ServerResponse, status: number, html: string, extra: Record<string, string | string[]> = {}): void {
  send(res, status, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:", ...extra });
}

/** Sends a `302` to `location`. */
export function redirect(res: ServerResponse, location: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { ...COMMON_HEADERS, Location: location, 'Content-Length': '0', ...extra });
  res.end();
}

/** A minimal HTML page around `body` (French, as the screens it imitates). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}.test{background:#fee;border:1px solid #c00;padding:.3em .6em}.error{color:#b00}label{display:block;margin:.6em 0}input{font-size:1em}</style>
</head>
<body>
<p class="test">Serveur de TEST (ent-pronote) — jamais en production.</p>
${body}
</body>
</html>
`;
}

/** Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Refuses a non-loopback `host` unless `allowNonLoopback` (`ERR_ARGUMENT`). */
export function checkHost(host: unknown, allowNonLoopback: unknown, path = 'options.host'): asserts host is string {
  if (typeof host !== 'string' || host === '') throw new EntPronoteError('ERR_ARGUMENT', `${path}: expected a host name or address`);
  if (allowNonLoopback !== undefined && typeof allowNonLoopback !== 'boolean') throw new EntPronoteError('ERR_ARGUMENT', 'options.allowNonLoopback: expected a boolean');
  if (!isLoopbackHost(host) && allowNonLoopback !== true) {
    throw new EntPronoteError('ERR_ARGUMENT', `${path}: a test server binds a loopback address (127.0.0.1, ::1, localhost) unless allowNonLoopback is true`);
  }
}

/** Checks a TCP port (0: any free port). */
export function checkPort(port: unknown, path = 'options.port'): asserts port is number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw new EntPronoteError('ERR_ARGUMENT', `${path}: expected an integer from 0 to 65535`);
}

/** Listens on `host:port` and returns the base URL (`http://host:port`, IPv6 in brackets). */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(new EntPronoteError('ERR_ARGUMENT', `cannot listen on ${host}:${port} (${e.code ?? 'error'})`, { cause: e }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const h = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve(`http://${h}:${address.port}`);
    });
  });
}

/** Closes `server`, ending idle keep-alive connections (Node 20: `closeAllConnections`). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setImmediate(() => server.closeAllConnections());
  });
}

/** The URL of a request, or undefined when it is too long or malformed. */
export function requestUrl(req: IncomingMessage, maxUrlBytes: number): URL | undefined {
  const raw = req.url ?? '/';
  if (Buffer.byteLength(raw) > maxUrlBytes) return undefined;
  try {
    return new URL(raw, 'http://test.invalid');
  } catch {
    return undefined;
  }
}

/** Checks an optional positive integer option. */
export function checkPositiveInteger(value: unknown, path: string): asserts value is number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)) {
    throw new EntPronoteError('ERR_ARGUMENT', `${path}: expected a positive integer`);
  }
}

/**
 * An HTTP server running `handle` for each request, with bounded headers and timeouts: a body over
 * its limit ({@link BodyTooLarge}) is answered `413`, any other failure `500` naming only `what`
 * (never the error: it could quote a request).
 */
export function createTestServer(what: string, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  return createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof BodyTooLarge) {
        send(res, 413, 'text/plain; charset=utf-8', 'request body too large\n', { Connection: 'close' });
        req.destroy();
        return;
      }
      send(res, 500, 'text/plain; charset=utf-8', `internal error of the ${what}\n`);
    });
  });
}
