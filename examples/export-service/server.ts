/**
 * An HTTP export service on `node:http`: `GET /export/:uai` answers the school's ENT accounts as
 * a sealed `ImportChiffre` download (what PRONOTE fetches, or an administrator downloads).
 *
 * - `200` with the envelope (`application/xml`, `Content-Disposition: attachment`, `no-store`);
 * - `400` for a malformed UAI, `404` for a UAI the source does not know (or another path),
 *   `405` for any other method than `GET` (with `Allow: GET`), `500` without details on failure;
 * - `503` with `Retry-After` when `maxInFlight` exports are already being built: memory stays
 *   bounded by `maxInFlight` exports (each holds its document, its XML and its envelope: about
 *   three times the envelope's size) whatever the number of clients.
 *
 * A client that goes away (connection closed before the answer) cancels its export: the XML is
 * sealed in pieces of 256 KiB with a turn of the event loop between them, and the work stops at
 * the next piece (the library's `sealPartenaireIndex` takes no `AbortSignal`; its incremental
 * sealer `createImportChiffreSealer` is used instead, which gives the same envelope).
 *
 * The account source is pluggable ({@link AccountSource}); `./fixture-source.ts` is one.
 * Nothing nominative is logged: the service logs the UAI, the status and the size only.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { buildPartenaireIndex, createImportChiffreSealer, isEntPronoteError, isUaiFormat, type PartenaireIndex, type PublicKey } from 'ent-pronote';

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
  /** Most exports built at the same time; beyond, `503` with `Retry-After`. Default 8. */
  maxInFlight?: number;
  /** `Retry-After` of a `503`, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

/** Exports being built, per options object (one counter per server). */
const inFlight = new WeakMap<ExportServiceOptions, number>();

/** Size of the pieces sealed between two checks of the client's connection. */
const PIECE = 256 * 1024;

/** Thrown (and caught below) when the client went away: the export is abandoned. */
class ClientGone extends Error {}

/**
 * Builds the XML and seals it piece by piece, stopping at the first piece after `signal` is
 * aborted (the sealer is then aborted: nothing is kept).
 */
async function sealCancellable(doc: PartenaireIndex, options: ExportServiceOptions, uai: string, signal: AbortSignal): Promise<Buffer> {
  const xml = Buffer.from(buildPartenaireIndex(doc), 'utf8');
  const sealer = createImportChiffreSealer(options.publicKey, {
    partenaire: options.partenaire,
    uai,
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  try {
    for (let at = 0; at < xml.length; at += PIECE) {
      if (signal.aborted) throw new ClientGone();
      sealer.write(xml.subarray(at, at + PIECE));
      await nextTurn();
    }
    if (signal.aborted) throw new ClientGone();
  } catch (e) {
    sealer.abort();
    throw e;
  }
  return Buffer.from(await sealer.end(), 'utf8');
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
  const busy = inFlight.get(options) ?? 0;
  if (busy >= (options.maxInFlight ?? 8)) {
    log(`GET /export/${uai} 503 busy`);
    return send(res, 503, 'busy: retry later', { 'Retry-After': String(options.retryAfterSeconds ?? 5) });
  }
  inFlight.set(options, busy + 1);
  const gone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) gone.abort();
  };
  res.on('close', onClose);
  try {
    const doc = await options.source.accounts(uai);
    if (doc === undefined) {
      log(`GET /export/${uai} 404`);
      return send(res, 404, 'unknown school');
    }
    const body = await sealCancellable(doc, options, uai, gone.signal);
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
    if (e instanceof ClientGone) {
      log(`GET /export/${uai} cancelled: the client went away`);
      return;
    }
    // The error code only: messages never hold personal data, but the client needs none.
    log(`GET /export/${uai} 500 ${isEntPronoteError(e) ? e.code : 'internal error'}`);
    if (!res.headersSent) send(res, 500, 'export failed');
    else res.destroy();
  } finally {
    inFlight.set(options, (inFlight.get(options) ?? 1) - 1);
    res.off('close', onClose);
  }
}

/** An HTTP server answering `GET /export/:uai` (not listening yet: call `listen`). */
export function createExportServer(options: ExportServiceOptions): Server {
  return createServer((req, res) => {
    void handleExport(req, res, options);
  });
}
