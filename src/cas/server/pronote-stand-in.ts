/**
 * `startPronoteStandIn`: a stand-in for PRONOTE's side of the single sign-on, for test harnesses
 * (loopback by default; never for production). A CAS client over PRONOTE's people (an
 * `IdentifiantsPronote`): it sends the browser to the CAS, validates the ticket (CAS 2.0, CAS 3.0
 * or SAML 1.1), recognises the user with the chosen mode (`recognizeCasUser`), keeps the links it
 * made, and answers a small HTML page or, to `Accept: application/json`, a JSON summary.
 *
 * @module
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EntPronoteError, isEntPronoteError } from '../../errors';
import type { IdentifiantsPronote, PronotePersonne } from '../../identifiants-pronote/model';
import type { PronotePersonLike } from '../../match/types';
import { POPULATIONS, type Population } from '../../partenaire-index/model';
import { type Recognition, type RecognitionMode, recognizeCasUser, type RecognizeOptions } from '../recognize';
import { buildSamlValidateRequest, parseSamlValidateResponse } from '../saml';
import { parseCasValidationResponse } from '../service-validate';
import type { CasValidation, CasValidationSuccess } from '../types';
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
  listen,
  page,
  parseForm,
  readBody,
  readCookies,
  redirect,
  requestUrl,
  send,
  sendHtml,
} from './http';
import { TicketStore } from './tickets';

/** How the stand-in validates tickets: CAS 2.0 `/serviceValidate`, CAS 3.0 `/p3/serviceValidate`, or SAML 1.1 `/samlValidate`. */
export type StandInProtocol = 'cas2' | 'cas3' | 'saml11';

/** Every {@link StandInProtocol}. */
export const STAND_IN_PROTOCOLS: readonly StandInProtocol[] = Object.freeze(['cas2', 'cas3', 'saml11'] as const);

/**
 * A PRONOTE login (mode 3, double authentication, and the `?login=true` form). The fixture
 * generator's ground truth (`sso.schools[i].pronote`) has this shape.
 */
export interface PronoteLogin {
  /** The login the person types in PRONOTE. */
  login: string;
  /** The password (a harness password). */
  password: string;
  /** The person: population and `Ident` in the identifier file. */
  population: Population;
  ident: number;
}

/** A person of PRONOTE, as the stand-in names it (no names): population, `Ident`, and `IDPN` (staff may have none). */
export interface StandInPerson {
  population: Population;
  ident: number;
  idpn?: string;
}

/** Options of {@link startPronoteStandIn}. */
export interface PronoteStandInOptions {
  /** Base URL of the CAS server (its `/login`, `/serviceValidate`, … are under it). */
  casUrl: string;
  /** PRONOTE's people (the stand-in works on its own copy; links it makes are written there). */
  people: IdentifiantsPronote;
  /** How a user is recognised at first connection. */
  mode: RecognitionMode;
  /** How tickets are validated; default `cas2`. */
  protocol?: StandInProtocol;
  /** Names of the attributes PRONOTE's administrator typed (passed to `recognizeCasUser`). */
  attributeNames?: RecognizeOptions['attributeNames'];
  /** Other options of `recognizeCasUser` (categories table, separator, populations…). */
  recognize?: Omit<RecognizeOptions, 'mode' | 'attributeNames' | 'links' | 'authenticated'>;
  /** PRONOTE logins: needed by mode 3 (double authentication) and the `?login=true` form. */
  logins?: readonly PronoteLogin[];
  /** Address to bind; default `127.0.0.1`. A non-loopback address needs `allowNonLoopback`. */
  host?: string;
  /** Port; default 0 (any free port). */
  port?: number;
  /** Bind a non-loopback address (never do it with real data). */
  allowNonLoopback?: boolean;
  /** Largest request body; default 64 KiB. */
  maxBodyBytes?: number;
  /** Lifetime of a session; default 1 hour. */
  sessionTtlMs?: number;
}

/** A running PRONOTE stand-in. */
export interface PronoteStandIn {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The PRONOTE URL (the CAS service): `${url}/pronote/`. */
  serviceUrl: string;
  /**
   * The links made so far (PRONOTE's `Id. CAS`): CAS user → person. Later connections of that
   * CAS user are direct (`linked`).
   */
  links: ReadonlyMap<string, StandInPerson>;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** What a visit ends with (the `status` of the JSON summary). */
export type StandInStatus =
  | 'linked'
  | 'recognized'
  | 'ambiguous'
  | 'unknown'
  | 'double-authentification'
  | 'refused'
  | 'login'
  | 'connected'
  | 'invalid-ticket';

/** The JSON summary of a visit. */
export interface StandInSummary {
  status: StandInStatus;
  population?: Population;
  /** `Ident` of the person in the identifier file. */
  ident?: number;
  /** The person's PRONOTE identifier (staff may have none). */
  idpn?: string;
  /** `invalid-ticket`: the CAS failure code. */
  code?: string;
  /** `connected` and `recognized`: how (`cas`, `double-authentification`, `login`). */
  via?: 'cas' | 'double-authentification' | 'login';
}

interface Session {
  person?: StandInPerson;
  /** Mode 3: the validated CAS user waiting for the PRONOTE login. */
  pending?: CasValidationSuccess;
}

const COOKIE = 'PRONOTE_TEST_SESSION';

const SPACES: Record<Population, string> = {
  eleves: 'Espace Élèves',
  responsables: 'Espace Parents',
  professeurs: 'Espace Professeurs',
  personnels: 'Espace Vie scolaire',
};

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function checkStandInOptions(options: unknown): asserts options is PronoteStandInOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new EntPronoteError('ERR_ARGUMENT', 'options: expected an object');
  const o = options as Record<string, unknown>;
  if (typeof o.casUrl !== 'string') throw new EntPronoteError('ERR_ARGUMENT', 'options.casUrl: expected the base URL of the CAS server');
  let cas: URL;
  try {
    cas = new URL(o.casUrl);
  } catch {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.casUrl: not a URL');
  }
  if (cas.protocol !== 'http:' && cas.protocol !== 'https:') throw new EntPronoteError('ERR_ARGUMENT', 'options.casUrl: expected an http(s) URL');
  if (typeof o.people !== 'object' || o.people === null || !POPULATIONS.every((p) => Array.isArray((o.people as Record<string, unknown>)[p]))) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.people: expected an IdentifiantsPronote');
  }
  if (!['identite', 'identite-pronote', 'double-authentification'].includes(o.mode as string)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.mode: expected "identite", "identite-pronote" or "double-authentification"');
  }
  if (o.protocol !== undefined && !(STAND_IN_PROTOCOLS as readonly unknown[]).includes(o.protocol)) throw new EntPronoteError('ERR_ARGUMENT', 'options.protocol: expected "cas2", "cas3" or "saml11"');
  if (o.logins !== undefined) {
    if (!Array.isArray(o.logins)) throw new EntPronoteError('ERR_ARGUMENT', 'options.logins: expected an array');
    o.logins.forEach((l: unknown, i) => {
      const x = l as Record<string, unknown> | null;
      if (
        typeof x !== 'object' ||
        x === null ||
        typeof x.login !== 'string' ||
        x.login === '' ||
        typeof x.password !== 'string' ||
        x.password === '' ||
        typeof x.ident !== 'number' ||
        !(POPULATIONS as readonly unknown[]).includes(x.population)
      ) {
        throw new EntPronoteError('ERR_ARGUMENT', `options.logins[${i}]: expected { login, password, population, ident } (non-empty login and password)`);
      }
    });
  }
  if (o.mode === 'double-authentification' && (o.logins === undefined || (o.logins as unknown[]).length === 0)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.logins: the double authentication mode needs the PRONOTE logins');
  }
  checkPositiveInteger(o.maxBodyBytes, 'options.maxBodyBytes');
  checkPositiveInteger(o.sessionTtlMs, 'options.sessionTtlMs');
}

/**
 * Starts a PRONOTE stand-in: `GET /pronote/` sends the browser to the CAS (`/login?service=…`),
 * validates the ticket it comes back with, recognises the user with `options.mode` and shows who
 * PRONOTE took them for. The links it makes are kept: the next connection of the same CAS user is
 * direct (`linked`). Mode 3 (`double-authentification`) shows PRONOTE's login form once.
 * `/pronote/?login=true` bypasses the delegation (PRONOTE's own login form). `/pronote/logout`
 * ends the stand-in's session. With `Accept: application/json` every answer is a JSON summary
 * `{ status, population, idpn }` (see {@link StandInSummary}); otherwise a small HTML page.
 *
 * @example
 * ```ts
 * const pronote = await startPronoteStandIn({ casUrl: cas.url, people: identifiants, mode: 'identite' });
 * // open `${pronote.url}/pronote/` in a browser
 * ```
 * @throws `ERR_ARGUMENT` for bad options.
 */
export async function startPronoteStandIn(options: PronoteStandInOptions): Promise<PronoteStandIn> {
  checkStandInOptions(options);
  const host = options.host ?? '127.0.0.1';
  checkHost(host, options.allowNonLoopback);
  const port = options.port ?? 0;
  checkPort(port);
  const casUrl = options.casUrl.replace(/\/+$/, '');
  const protocol = options.protocol ?? 'cas2';
  const people: IdentifiantsPronote = options.people;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const links = new Map<string, StandInPerson>();
  const recognizeOptions: RecognizeOptions = {
    ...(options.recognize ?? {}),
    mode: options.mode,
    ...(options.attributeNames !== undefined ? { attributeNames: options.attributeNames } : {}),
    links,
  };
  // Checks the people and options once, before the first user comes.
  recognizeCasUser({ ok: true, user: '\u0000check', attributes: {}, proxies: [] }, people, recognizeOptions);
  const logins = new Map<string, PronoteLogin>();
  for (const l of options.logins ?? []) logins.set(l.login, l);
  const sessions = new TicketStore<Session>('', options.sessionTtlMs ?? 3600_000, Date.now, 10_000);
  let serviceUrl = '';

  function personOf(ref: { population: Population; ident: number }): PronotePersonne | undefined {
    return (people[ref.population] as PronotePersonne[]).find((p) => p.ident === ref.ident);
  }

  function standInPerson(population: Population, found: { ident: number; idpn?: string }): StandInPerson {
    return found.idpn === undefined || found.idpn === '' ? { population, ident: found.ident } : { population, ident: found.ident, idpn: found.idpn };
  }

  function summaryOf(status: StandInStatus, person: StandInPerson, via: StandInSummary['via']): StandInSummary {
    return { status, population: person.population, ident: person.ident, ...(person.idpn !== undefined ? { idpn: person.idpn } : {}), ...(via !== undefined ? { via } : {}) };
  }

  async function validate(ticket: string): Promise<CasValidation> {
    try {
      if (protocol === 'saml11') {
        const res = await fetch(`${casUrl}/samlValidate?TARGET=${encodeURIComponent(serviceUrl)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: 'http://www.oasis-open.org/committees/security' },
          body: buildSamlValidateRequest(ticket),
          signal: AbortSignal.timeout(10_000),
        });
        return parseSamlValidateResponse(new Uint8Array(await res.arrayBuffer()));
      }
      const path = protocol === 'cas3' ? '/p3/serviceValidate' : '/serviceValidate';
      const res = await fetch(`${casUrl}${path}?service=${encodeURIComponent(serviceUrl)}&ticket=${encodeURIComponent(ticket)}`, { signal: AbortSignal.timeout(10_000) });
      return parseCasValidationResponse(new Uint8Array(await res.arrayBuffer()));
    } catch (e) {
      if (isEntPronoteError(e)) return { ok: false, code: 'INTERNAL_ERROR', description: `the CAS answer cannot be read (${e.code})` };
      return { ok: false, code: 'INTERNAL_ERROR', description: 'the CAS server cannot be reached' };
    }
  }

  function newSession(data: Session): Record<string, string> {
    const token = sessions.issue(data);
    return { 'Set-Cookie': cookie(COOKIE, token, { path: '/pronote/' }) };
  }

  function sessionOf(req: IncomingMessage): { token: string; data: Session } | undefined {
    const token = readCookies(req).get(COOKIE);
    if (token === undefined) return undefined;
    const data = sessions.peek(token);
    return data === undefined ? undefined : { token, data };
  }

  function answer(req: IncomingMessage, res: ServerResponse, httpStatus: number, summary: StandInSummary, html: string, extra: Record<string, string> = {}): void {
    const accept = req.headers.accept ?? '';
    if (/application\/json/i.test(accept)) {
      send(res, httpStatus, 'application/json; charset=utf-8', `${JSON.stringify(summary)}\n`, extra);
      return;
    }
    sendHtml(res, httpStatus, html, extra);
  }

  function personPage(summary: StandInSummary, headline: string): string {
    const ref = summary.population !== undefined && summary.ident !== undefined ? { population: summary.population, ident: summary.ident } : undefined;
    const person = ref === undefined ? undefined : personOf(ref);
    return page(
      `PRONOTE (test) — ${ref === undefined ? '' : SPACES[ref.population]}`,
      `<main data-status="${summary.status}" data-population="${ref?.population ?? ''}" data-ident="${ref?.ident ?? ''}" data-idpn="${escapeHtml(person?.idpn ?? '')}">
<h1>PRONOTE — ${ref === undefined ? '' : escapeHtml(SPACES[ref.population])}</h1>
<p id="headline">${escapeHtml(headline)}</p>
${person !== undefined ? `<p>Bienvenue <strong id="who">${escapeHtml(`${person.prenom} ${person.nom}`)}</strong>${person.idpn !== undefined && person.idpn !== '' ? ` (identifiant PRONOTE <code id="idpn">${escapeHtml(person.idpn)}</code>)` : ''}.</p>` : ''}
<p><a href="logout">Se déconnecter de PRONOTE</a></p>
</main>`,
    );
  }

  function firstConnectionPage(summary: StandInSummary, text: string): string {
    return page(
      'PRONOTE (test) — première connexion',
      `<main data-status="${summary.status}">
<h1>PRONOTE — première connexion</h1>
<p id="headline">${escapeHtml(text)}</p>
<p>Adressez-vous à l'administrateur de PRONOTE de l'établissement, ou <a href="./?login=true">connectez-vous avec vos identifiants PRONOTE</a>.</p>
</main>`,
    );
  }

  function loginFormPage(summary: StandInSummary, action: string, headline: string, error: string | null): string {
    return page(
      'PRONOTE (test) — identification',
      `<main data-status="${summary.status}">
<h1>PRONOTE — identification</h1>
<p id="headline">${escapeHtml(headline)}</p>
${error !== null ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${action}">
<label>Identifiant PRONOTE <input name="login" autocomplete="username" required autofocus></label>
<label>Mot de passe PRONOTE <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Se connecter</button>
</form>
</main>`,
    );
  }

  function checkLogin(login: string, password: string): StandInPerson | undefined {
    const entry = logins.get(login);
    const ok = timingSafeEqual(digest(password), digest(entry?.password ?? `\u0000${password}`)) && entry !== undefined;
    if (!ok || entry === undefined) return undefined;
    const person = personOf(entry);
    return person === undefined ? undefined : standInPerson(entry.population, person);
  }

  /** The page of a recognised or linked user (and the link stored, as PRONOTE stores `Id. CAS`). */
  function connect(req: IncomingMessage, res: ServerResponse, v: CasValidationSuccess, r: Recognition, via: StandInSummary['via']): void {
    const population = r.population as Population;
    const found = r.person as PronotePersonLike;
    const person = standInPerson(population, found);
    links.set(v.user, person);
    const status = r.status === 'linked' ? 'linked' : 'recognized';
    const summary = summaryOf(status, person, via);
    const headline =
      status === 'linked'
        ? 'Connexion directe : votre compte ENT est déjà associé à PRONOTE.'
        : via === 'double-authentification'
          ? 'Double authentification réussie : votre compte ENT est associé ; les prochaines connexions seront directes.'
          : 'Première connexion : PRONOTE vous a reconnu et a associé votre compte ENT.';
    answer(req, res, 200, summary, personPage(summary, headline), newSession({ person }));
  }

  async function onTicket(req: IncomingMessage, res: ServerResponse, ticket: string): Promise<void> {
    const v = await validate(ticket);
    if (!v.ok) {
      const summary: StandInSummary = { status: 'invalid-ticket', code: v.code };
      return answer(req, res, 401, summary, page('PRONOTE (test) — échec', `<main data-status="invalid-ticket"><h1>Échec de l'authentification</h1><p>Le CAS a refusé le ticket (${escapeHtml(v.code)}).</p><p><a href="./">Réessayer</a></p></main>`));
    }
    const r = recognizeCasUser(v, people, recognizeOptions);
    if ((r.status === 'linked' || r.status === 'recognized') && r.person !== undefined) return connect(req, res, v, r, 'cas');
    if (options.mode === 'double-authentification' && r.status === 'unknown') {
      const summary: StandInSummary = { status: 'double-authentification' };
      return answer(
        req,
        res,
        200,
        summary,
        loginFormPage(summary, 'double-authentification', 'Première connexion : saisissez une fois vos identifiants PRONOTE pour associer votre compte ENT.', null),
        newSession({ pending: v }),
      );
    }
    const summary: StandInSummary = { status: r.status === 'ambiguous' ? 'ambiguous' : 'unknown' };
    const text =
      r.status === 'ambiguous'
        ? 'Première connexion : plusieurs personnes de PRONOTE correspondent à votre compte ENT ; PRONOTE ne peut pas choisir.'
        : "Première connexion : PRONOTE n'a pas reconnu votre compte ENT.";
    return answer(req, res, 403, summary, firstConnectionPage(summary, text));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req, DEFAULT_MAX_URL_BYTES);
    if (url === undefined) return send(res, 414, 'text/plain; charset=utf-8', 'request URL too long or malformed\n');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const q = url.searchParams;
    if (path === '/' || path === '/pronote') return redirect(res, '/pronote/');

    if (path === '/pronote/') {
      if (method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET' });
      const ticket = q.get('ticket');
      if (ticket !== null && ticket !== '') return onTicket(req, res, ticket);
      if (q.get('login') === 'true') {
        const summary: StandInSummary = { status: 'login' };
        return answer(req, res, 200, summary, loginFormPage(summary, 'login', 'Connexion sans passer par l’ENT (?login=true).', null));
      }
      const session = sessionOf(req);
      if (session?.data.person !== undefined) {
        const summary = summaryOf('connected', session.data.person, undefined);
        return answer(req, res, 200, summary, personPage(summary, 'Vous êtes connecté à PRONOTE.'));
      }
      return redirect(res, `${casUrl}/login?service=${encodeURIComponent(serviceUrl)}`);
    }

    if (path === '/pronote/login' || path === '/pronote/double-authentification') {
      if (method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'POST' });
      const form = parseForm(await readBody(req, maxBody));
      const ref = checkLogin(form.get('login') ?? '', form.get('password') ?? '');
      const doubleAuth = path === '/pronote/double-authentification';
      const session = sessionOf(req);
      if (doubleAuth && session?.data.pending === undefined) {
        const summary: StandInSummary = { status: 'refused' };
        return answer(req, res, 400, summary, page('PRONOTE (test)', '<main data-status="refused"><p>Aucune connexion ENT en attente : <a href="./">recommencer</a>.</p></main>'));
      }
      if (ref === undefined) {
        const summary: StandInSummary = { status: 'refused' };
        const headline = doubleAuth ? 'Première connexion : saisissez une fois vos identifiants PRONOTE pour associer votre compte ENT.' : 'Connexion sans passer par l’ENT (?login=true).';
        return answer(req, res, 401, summary, loginFormPage(summary, doubleAuth ? 'double-authentification' : 'login', headline, 'Identifiant ou mot de passe PRONOTE incorrect.'));
      }
      if (doubleAuth && session?.data.pending !== undefined) {
        const pending = session.data.pending;
        sessions.delete(session.token);
        const r = recognizeCasUser(pending, people, { ...recognizeOptions, authenticated: { population: ref.population, ident: ref.ident } });
        if ((r.status === 'linked' || r.status === 'recognized') && r.person !== undefined) return connect(req, res, pending, r, 'double-authentification');
        const summary: StandInSummary = { status: 'refused' };
        return answer(req, res, 403, summary, firstConnectionPage(summary, 'PRONOTE ne peut pas associer ce compte ENT à cette personne.'));
      }
      const summary = summaryOf('connected', ref, 'login');
      return answer(req, res, 200, summary, personPage(summary, 'Connecté avec vos identifiants PRONOTE (sans l’ENT).'), newSession({ person: ref }));
    }

    if (path === '/pronote/logout') {
      const session = sessionOf(req);
      if (session !== undefined) sessions.delete(session.token);
      return sendHtml(res, 200, page('PRONOTE (test)', '<main data-status="logged-out"><p>Vous êtes déconnecté de PRONOTE. <a href="./">Se reconnecter</a></p></main>'), {
        'Set-Cookie': cookie(COOKIE, '', { path: '/pronote/', maxAge: 0 }),
      });
    }

    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  const server = createTestServer('PRONOTE stand-in', handle);
  const base = await listen(server, host, port);
  serviceUrl = `${base}/pronote/`;
  return { url: base, serviceUrl, links, close: () => closeServer(server) };
}
