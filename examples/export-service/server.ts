/**
 * An HTTP export service on `node:http`: `GET /export/:uai` answers the school's ENT accounts as
 * a sealed `ImportChiffre` download (what PRONOTE fetches, or an administrator downloads).
 *
 * - `200` with the envelope (`application/xml`, `Content-Disposition: attachment`, `no-store`);
 * - `400` for a malformed UAI, `404` for a UAI the source does not know (or another path),
 *   `405` for any other method than `GET` (with `Allow: GET`), `500` without details on failure.
 *
 * The account source is pluggable ({@link AccountSource}); `./fixture-source.ts` is one.
 * Nothing nominative is logged: the service logs the UAI, the status and the size only.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isEntPronoteError, isUaiFormat, type PartenaireIndex, type PublicKey, sealPartenaireIndex } from 'ent-pronote';

/** Where the service finds the accounts of a school. */
export interface AccountSource {
  /** The school's accounts as a `PARTENAIRE_INDEX` model, or undefined for an unknown school. */
  accounts(uai: string): Promise<PartenaireIndex | undefined>;
}

/** Options of {@link createExportServer}. */
export interface ExportServiceOptions {
  source: AccountSource;
  /** Index-Education's public key (check its fingerprint out of band). */
  publicKey: PublicKey;
  /** Container `Partenaire`: the ENT vendor's name. */
  partenaire: string;
  /** Container `Description`. */
  description?: string;
  /** Receives one line per request (no personal data). Default: none. */
  log?: (line: string) => void;
}

const ROUTE = /^\/export\/([^/]+)$/;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${body}\n`);
}

/** Handles one request (exported for embedding in another server or framework). */
export async function handleExport(req: IncomingMessage, res: ServerResponse, options: ExportServiceOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const match = ROUTE.exec(path);
  if (match === null) return send(res, 404, 'not found');
  if (req.method !== 'GET') return send(res, 405, 'method not allowed', { Allow: 'GET' });
  let uai: string;
  try {
    uai = decodeURIComponent(match[1] as string);
  } catch {
    return send(res, 400, 'malformed UAI');
  }
  if (!isUaiFormat(uai)) return send(res, 400, 'malformed UAI: 7 digits and an upper-case letter');
  try {
    const doc = await options.source.accounts(uai);
    if (doc === undefined) {
      log(`GET /export/${uai} 404`);
      return send(res, 404, 'unknown school');
    }
    const envelope = await sealPartenaireIndex(doc, options.publicKey, {
      partenaire: options.partenaire,
      uai,
      ...(options.description !== undefined ? { description: options.description } : {}),
    });
    const body = Buffer.from(envelope, 'utf8');
    res.writeHead(200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="ImportChiffre_${uai}.xml"`,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
    log(`GET /export/${uai} 200 ${body.length} bytes`);
  } catch (e) {
    // The error code only: messages never hold personal data, but the client needs none.
    log(`GET /export/${uai} 500 ${isEntPronoteError(e) ? e.code : 'internal error'}`);
    if (!res.headersSent) send(res, 500, 'export failed');
    else res.destroy();
  }
}

/** An HTTP server answering `GET /export/:uai` (not listening yet: call `listen`). */
export function createExportServer(options: ExportServiceOptions): Server {
  return createServer((req, res) => {
    void handleExport(req, res, options);
  });
}
