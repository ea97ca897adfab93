/**
 * `startCasTestServer`: a CAS server over ENT accounts, for test harnesses (loopback by
 * default; never for production). It plays the ENT's side of the single sign-on with PRONOTE:
 * `/login` (form and credentials), `/validate` (CAS 1.0), `/serviceValidate` and
 * `/proxyValidate` (CAS 2.0), `/p3/serviceValidate` and `/p3/proxyValidate` (CAS 3.0, XML or
 * `format=JSON`), `/proxy`, `/samlValidate` (SAML 1.1) and `/logout`, answering with the
 * library's CAS documents in the chosen ENT layout.
 *
 * @module
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EntPronoteError, isEntPronoteError } from '../../errors';
import { buildCas10ValidateResponse, buildCasProxyResponse } from '../proxy';
import { buildSamlValidateResponse, parseSamlValidateRequest } from '../saml';
import { buildCasValidationResponse, type CasFormat, type CasLayout, type CasVersion } from '../service-validate';
import type { CasValidation } from '../types';
import { type CasTestAccounts, type CasTestDirectory, buildDirectory, type PasswordOption } from './directory';
import {
  checkHost,
  checkPort,
  checkPositiveInteger,
  closeServer,
  createTestServer,
  cookie,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_URL_BYTES,
  escapeHtml,
  isLoopbackHost,
  listen,
  page,
  parseForm,
  randomToken,
  readBody,
  readCookies,
  redirect,
  requestUrl,
  send,
  sendHtml,
} from './http';
import { CasTickets, type TicketCheck } from './cas-protocol';
import { compileServicePattern, isServiceUrl, LOOPBACK_SERVICES, type ServiceMatcher, type ServicePattern } from './service-pattern';
import type { ProfileOptionsOf } from './directory';

/** Options of {@link startCasTestServer}. */
export interface CasTestServerOptions extends ProfileOptionsOf {
  /** The ENT accounts: a `PartenaireIndex` (our ENT model), several, or a generated fixture world. */
  accounts: CasTestAccounts;
  /** PRONOTE identifier files: the PRONOTE identifier (IDPN) of each account they link is released. */
  identifiants?: CasTestDirectory['identifiants'];
  /**
   * The harness password: one for every account, or one per account (a function). Optional with
   * a fixture world (each account has its own, in the ground truth's `sso`).
   */
  password?: PasswordOption;
  /**
   * The registered service (the PRONOTE URL pattern): `https://…/pronote/**`, an exact URL, or a
   * regular expression (`^…` string or `RegExp`). Default: any http(s) URL on a loopback host.
   */
  servicePattern?: ServicePattern;
  /** Where the attributes are written (the ENT whose answer is reproduced); default `entcore`. */
  layout?: CasLayout;
  /** `3.0` (default) serves `/p3/…`; `2.0` answers 404 there, as a CAS 2.0 server. */
  version?: CasVersion;
  /** Address to bind; default `127.0.0.1`. A non-loopback address needs `allowNonLoopback`. */
  host?: string;
  /** Port; default 0 (any free port). */
  port?: number;
  /** Bind a non-loopback address (never do it with real data). */
  allowNonLoopback?: boolean;
  /** Lifetime of service and proxy tickets; default 30 000 ms. */
  ticketTtlMs?: number;
  /** Lifetime of the single sign-on session (`CASTGC` cookie) and of proxy-granting tickets; default 8 hours. */
  sessionTtlMs?: number;
  /**
   * Accept `http://` proxy callbacks (`pgtUrl`) on loopback hosts. The protocol wants `https://`
   * (the CAS checks who it hands a proxy-granting ticket to); this is for tests only.
   */
  allowHttpLoopbackProxyCallback?: boolean;
  /** Largest request body (login form, SOAP request); default 64 KiB (`413` beyond). */
  maxBodyBytes?: number;
  /** Longest request URL; default 8 KiB (`414` beyond). */
  maxUrlBytes?: number;
  /** `Issuer` of the SAML 1.1 assertions; default `ent-pronote-test-cas`. */
  samlIssuer?: string;
  /** The clock (milliseconds), for tests of expiry; default `Date.now`. */
  now?: () => number;
}

/** A running test CAS server. */
export interface CasTestServer {
  /** Base URL, e.g. `http://127.0.0.1:43817` (`/login` and the other endpoints are under it). */
  url: string;
  /** How many accounts can log in. */
  accounts: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

const TGC = 'CASTGC';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares two secrets in constant time (over their digests). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

function withTicket(service: string, ticket: string): string {
  return `${service}${service.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
}

function loginForm(service: string | null, error: string | null): string {
  return page(
    'Connexion — ENT (test)',
    `<h1>Connexion à l'ENT</h1>
${error !== null ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="login">
${service !== null ? `<input type="hidden" name="service" value="${escapeHtml(service)}">` : ''}
<label>Identifiant <input name="username" autocomplete="username" required autofocus></label>
<label>Mot de passe <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Se connecter</button>
</form>`,
  );
}

function checkOptions(options: unknown): asserts options is CasTestServerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new EntPronoteError('ERR_ARGUMENT', 'options: expected an object');
  const o = options as Record<string, unknown>;
  if (o.layout !== undefined && !['entcore', 'laclasse', 'apereo', 'flat'].includes(o.layout as string)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.layout: expected "entcore", "laclasse", "apereo" or "flat"');
  }
  if (o.version !== undefined && o.version !== '2.0' && o.version !== '3.0') throw new EntPronoteError('ERR_ARGUMENT', 'options.version: expected "2.0" or "3.0"');
  checkPositiveInteger(o.ticketTtlMs, 'options.ticketTtlMs');
  checkPositiveInteger(o.sessionTtlMs, 'options.sessionTtlMs');
  checkPositiveInteger(o.maxBodyBytes, 'options.maxBodyBytes');
  checkPositiveInteger(o.maxUrlBytes, 'options.maxUrlBytes');
  for (const flag of ['allowHttpLoopbackProxyCallback', 'allowNonLoopback'] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean') throw new EntPronoteError('ERR_ARGUMENT', `options.${flag}: expected a boolean`);
  }
  if (o.now !== undefined && typeof o.now !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'options.now: expected a function');
  if (o.samlIssuer !== undefined && (typeof o.samlIssuer !== 'string' || o.samlIssuer === '')) throw new EntPronoteError('ERR_ARGUMENT', 'options.samlIssuer: expected a non-empty string');
}

/**
 * Starts a CAS server over ENT accounts, for tests. Each account logs in with its CAS user (the
 * profile's user: `ID_Partenaire` by default) and the harness password; the server releases the
 * PRONOTE profile of the account (see `pronoteProfile`) in the chosen layout.
 *
 * Tickets come from the CSPRNG, are single use (any validation attempt consumes them), expire,
 * and are bound to the service they were issued for; a service must match the registered
 * pattern. Failures carry the protocol's codes (`INVALID_REQUEST`, `INVALID_TICKET`,
 * `INVALID_TICKET_SPEC`, `INVALID_SERVICE`, `INVALID_PROXY_CALLBACK`, …). Bodies and URLs are
 * bounded (`413`, `414`). The server logs nothing.
 *
 * @example
 * ```ts
 * const cas = await startCasTestServer({ accounts: partenaireIndex, password: 'test', layout: 'entcore' });
 * console.log(`${cas.url}/login`);
 * await cas.close();
 * ```
 * @throws `ERR_ARGUMENT` for bad options (a non-loopback host without `allowNonLoopback`, an
 * unusable service pattern, accounts that cannot be released, two accounts with one CAS user).
 */
export async function startCasTestServer(options: CasTestServerOptions): Promise<CasTestServer> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  checkHost(host, options.allowNonLoopback);
  const port = options.port ?? 0;
  checkPort(port);
  const matches: ServiceMatcher = compileServicePattern(options.servicePattern ?? LOOPBACK_SERVICES, 'options.servicePattern');
  const directory = buildDirectory(options);
  const layout: CasLayout = options.layout ?? 'entcore';
  const version: CasVersion = options.version ?? '3.0';
  const now = options.now ?? Date.now;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxUrl = options.maxUrlBytes ?? DEFAULT_MAX_URL_BYTES;
  const sessionTtlMs = options.sessionTtlMs ?? 8 * 3600 * 1000;
  const issuer = options.samlIssuer ?? 'ent-pronote-test-cas';
  let base = '';
  const tickets = new CasTickets((user) => directory.identity(user), options.ticketTtlMs ?? 30_000, sessionTtlMs, now);

  function sessionUser(req: IncomingMessage): string | undefined {
    const tgt = readCookies(req).get(TGC);
    if (tgt === undefined) return undefined;
    return tickets.sessions.peek(tgt)?.user;
  }

  /** The success or failure to write, with the proxy callback done when asked. */
  async function validation(check: TicketCheck, pgtUrl: string | null): Promise<CasValidation> {
    const outcome = tickets.validate(check);
    if (!outcome.ok) return { ok: false, code: outcome.code, description: outcome.description };
    const success: CasValidation = { ok: true, user: outcome.identity.user, attributes: outcome.identity.attributes, proxies: [...outcome.data.proxies] };
    if (pgtUrl !== null && pgtUrl !== '') {
      const callback = await proxyCallback(pgtUrl, outcome.identity.user, outcome.data.proxies);
      if (callback.failure !== undefined) return { ok: false, code: 'INVALID_PROXY_CALLBACK', description: callback.failure };
      if (callback.iou !== undefined) success.proxyGrantingTicket = callback.iou;
    }
    return success;
  }

  /**
   * CAS 3.0, 2.5.4: the callback must be https (or loopback http when allowed); the CAS GETs
   * `pgtUrl?pgtId=…&pgtIou=…`; a 200 makes the PGT valid and its IOU is returned, any other
   * answer leaves the validation without PGT.
   */
  async function proxyCallback(pgtUrl: string, user: string, proxies: string[]): Promise<{ iou?: string; failure?: string }> {
    let url: URL;
    try {
      url = new URL(pgtUrl);
    } catch {
      return { failure: 'the proxy callback URL is not a URL' };
    }
    const httpLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname) && options.allowHttpLoopbackProxyCallback === true;
    if (!isServiceUrl(pgtUrl) || (url.protocol !== 'https:' && !httpLoopback)) {
      return { failure: 'the proxy callback URL must be https' };
    }
    const pgt = tickets.proxyGrantingTickets.issue({ user, proxies: [pgtUrl, ...proxies] });
    const iou = randomToken('PGTIOU-');
    url.searchParams.set('pgtId', pgt);
    url.searchParams.set('pgtIou', iou);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 200) return { iou };
    } catch {
      // unreachable callback: no PGT
    }
    tickets.proxyGrantingTickets.delete(pgt);
    return {};
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req, maxUrl);
    if (url === undefined) {
      send(res, 414, 'text/plain; charset=utf-8', 'request URL too long or malformed\n');
      return;
    }
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const json = (q.get('format') ?? '').toUpperCase() === 'JSON';

    if (path === '/' && method === 'GET') return redirect(res, 'login');

    if (path === '/login') {
      if (method === 'GET') return loginGet(req, res, q);
      if (method === 'POST') return loginPost(req, res, q);
      return methodNotAllowed(res, 'GET, POST');
    }

    if (path === '/logout') {
      const tgt = readCookies(req).get(TGC);
      if (tgt !== undefined) tickets.sessions.delete(tgt);
      const clear = { 'Set-Cookie': cookie(TGC, '', { maxAge: 0 }) };
      const target = q.get('service') ?? q.get('url');
      if (target !== null && matches(target)) return redirect(res, target, clear);
      return sendHtml(res, 200, page('Déconnexion — ENT (test)', '<h1>Vous êtes déconnecté de l\'ENT.</h1>'), clear);
    }

    if (path === '/validate') {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const v = await validation({ ticket: q.get('ticket'), service: q.get('service'), renew: isTrue(q.get('renew')), allowProxyTickets: false }, null);
      return send(res, 200, 'text/plain; charset=utf-8', buildCas10ValidateResponse(v));
    }

    const validators: Record<string, { proxy: boolean; version: CasVersion }> = {
      '/serviceValidate': { proxy: false, version: '2.0' },
      '/proxyValidate': { proxy: true, version: '2.0' },
      '/p3/serviceValidate': { proxy: false, version: '3.0' },
      '/p3/proxyValidate': { proxy: true, version: '3.0' },
    };
    const validator = validators[path];
    if (validator !== undefined) {
      if (validator.version === '3.0' && version === '2.0') return notFound(res);
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const format: CasFormat = json && validator.version === '3.0' ? 'json' : 'xml';
      const v = await validation({ ticket: q.get('ticket'), service: q.get('service'), renew: isTrue(q.get('renew')), allowProxyTickets: validator.proxy }, q.get('pgtUrl'));
      return answerValidation(res, v, validator.version, format);
    }

    if (path === '/proxy') {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const format: CasFormat = json && version === '3.0' ? 'json' : 'xml';
      const pgt = q.get('pgt');
      const target = q.get('targetService');
      let body: string;
      if (pgt === null || pgt === '' || target === null || target === '') {
        body = buildCasProxyResponse({ ok: false, code: 'INVALID_REQUEST', description: 'both the pgt and targetService parameters are required' }, { format });
      } else {
        const data = pgt.startsWith('PGT-') ? tickets.proxyGrantingTickets.peek(pgt) : undefined;
        if (data === undefined) {
          body = buildCasProxyResponse({ ok: false, code: 'INVALID_TICKET', description: 'proxy-granting ticket not recognized' }, { format });
        } else if (!matches(target)) {
          body = buildCasProxyResponse({ ok: false, code: 'UNAUTHORIZED_SERVICE_PROXY', description: 'the target service is not registered' }, { format });
        } else {
          const pt = tickets.issue({ kind: 'PT', user: data.user, service: target, fromNewLogin: false, proxies: data.proxies });
          body = buildCasProxyResponse({ ok: true, proxyTicket: pt }, { format });
        }
      }
      return send(res, 200, format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8', body);
    }

    if (path === '/samlValidate') {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      const target = q.get('TARGET');
      const body = await readBody(req, maxBody);
      let ticket: string | null = null;
      let requestId: string | undefined;
      try {
        const request = parseSamlValidateRequest(body);
        ticket = request.ticket;
        requestId = request.requestId;
      } catch (e) {
        if (!isEntPronoteError(e)) throw e;
        const failure: CasValidation = { ok: false, code: 'INVALID_REQUEST', description: 'the body is not a SAML 1.1 samlp:Request with one AssertionArtifact' };
        return send(res, 200, 'text/xml; charset=utf-8', samlAnswer(failure, target, requestId));
      }
      const v = await validation({ ticket, service: target, renew: false, allowProxyTickets: false }, null);
      return send(res, 200, 'text/xml; charset=utf-8', samlAnswer(v, target, requestId));
    }

    return notFound(res);
  }

  function samlAnswer(v: CasValidation, target: string | null, requestId: string | undefined): string {
    return buildSamlValidateResponse(v, {
      issuer,
      issueInstant: new Date(now()),
      // Without TARGET the answer is a failure; its Recipient is then the server itself.
      recipient: target !== null && target !== '' ? target : base,
      ...(requestId !== undefined ? { inResponseTo: requestId } : {}),
    });
  }

  function answerValidation(res: ServerResponse, v: CasValidation, answerVersion: CasVersion, format: CasFormat): void {
    let body: string;
    try {
      body = buildCasValidationResponse(v, { version: answerVersion, layout, format });
    } catch (e) {
      if (!isEntPronoteError(e)) throw e;
      body = buildCasValidationResponse({ ok: false, code: 'INTERNAL_ERROR', description: 'the attributes of this account cannot be written in this layout' }, { version: answerVersion, format });
    }
    send(res, 200, format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8', body);
  }

  function loginGet(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void {
    const service = q.get('service');
    if (service !== null && !matches(service)) return unauthorizedService(res);
    const user = sessionUser(req);
    if (user !== undefined && !isTrue(q.get('renew'))) {
      if (service === null) return sendHtml(res, 200, page('ENT (test)', '<h1>Vous êtes connecté à l\'ENT.</h1>'));
      return redirect(res, withTicket(service, tickets.issue({ kind: 'ST', user, service, fromNewLogin: false, proxies: [] })));
    }
    if (service !== null && isTrue(q.get('gateway'))) return redirect(res, service);
    sendHtml(res, 200, loginForm(service, null));
  }

  async function loginPost(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    const form = parseForm(await readBody(req, maxBody));
    const service = form.get('service') ?? q.get('service');
    if (service !== null && !matches(service)) return unauthorizedService(res);
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const expected = directory.password(username);
    // The same work and the same answer for an unknown user and a wrong password.
    const ok = sameSecret(password, expected ?? `\u0000${password}`) && expected !== undefined;
    if (!ok) return sendHtml(res, 401, loginForm(service, 'Identifiant ou mot de passe incorrect.'));
    const tgt = tickets.sessions.issue({ user: username });
    const setCookie = { 'Set-Cookie': cookie(TGC, tgt) };
    if (service === null) return sendHtml(res, 200, page('ENT (test)', '<h1>Vous êtes connecté à l\'ENT.</h1>'), setCookie);
    redirect(res, withTicket(service, tickets.issue({ kind: 'ST', user: username, service, fromNewLogin: true, proxies: [] })), setCookie);
  }

  const server = createTestServer('test CAS server', handle);
  base = await listen(server, host, port);
  return { url: base, accounts: directory.size, close: () => closeServer(server) };
}

function isTrue(value: string | null): boolean {
  return value !== null && value !== '' && value.toLowerCase() !== 'false';
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: allow });
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

function unauthorizedService(res: ServerResponse): void {
  sendHtml(res, 403, page('Service non autorisé — ENT (test)', '<h1>Service non autorisé</h1><p>Ce service n\'est pas enregistré auprès de ce CAS.</p>'));
}
