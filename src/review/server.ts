/**
 * The supervision server of `ent-pronote review`: a local web application (node:http on
 * 127.0.0.1 only) over a matching, where the administrator filters, searches and sorts each
 * population, links people individually (choosing among the candidates or searching the other
 * side), validates and confirms, unlinks or excludes, and saves.
 *
 * The server pages, filters, sorts and searches (JSON API), so that the page holds one page of
 * rows whatever the school's size. It does no file I/O: saving hands the files to `onSave`.
 *
 * Safety: it listens on the loopback interface only; every route is under a random secret path
 * (the URL printed at start), requests whose `Host` is not the loopback address are refused (DNS
 * rebinding), API calls need a custom header (so a page of another origin cannot send them
 * without a CORS preflight, which is never granted), and every response carries a strict
 * Content Security Policy: the page's own script and style sheet, served as separate routes,
 * nothing inline, nothing from the network.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EntPronoteError, isEntPronoteError } from '../errors';
import type { EntAccounts, EntPerson, ManualDecisions, MatchMode, MatchResult, PronotePeople, PronotePerson } from '../match/types';
import { DEFAULT_CANDIDATE_LIMIT } from '../match/types';
import { POPULATIONS, type Population } from '../partenaire-index/model';
import { summaryCounts } from '../report/html';
import { type ReportInfo, schoolLine, sourcesLine } from '../report/info';
import {
  COUNT_LABELS,
  FILTER_LABELS,
  frenchDate,
  frenchDateTime,
  GLOSSARY,
  linkNote,
  MODE_LABELS,
  NEXT_STEPS,
  POPULATION_LABELS,
  REASON_LABELS,
  SIDE_LABELS,
  STATUS_LABELS,
} from '../report/labels';
import { APP_CSS, APP_JS, PAGE_HTML, REVIEW_CSP } from './assets';
import { type ReviewFile, reviewFiles } from './files';
import { checkDecision, heldId, isFilter, isPopulation, isSort, type PendingDecision, type Row, ReviewState } from './model';

/** What `onSave` reports back for each file it wrote (shown on the page). */
export interface SavedFile {
  /** Where the file was written, as the administrator should read it. */
  readonly path: string;
  readonly description: string;
}

/** Options of {@link startReviewServer}. */
export interface ReviewServerOptions {
  /** The ENT side, as for `matchAccounts`. */
  readonly ent: EntAccounts;
  /** The PRONOTE side, as for `matchAccounts`. */
  readonly pronote: PronotePeople;
  /** The decisions to start from (the format `match --decisions` reads). */
  readonly decisions?: ManualDecisions;
  /** `complet` or `partiel` (default: the PRONOTE file's). */
  readonly mode?: MatchMode;
  /** Most candidates listed per ambiguous person (default 10; the others are found by search). */
  readonly candidateLimit?: number;
  /** What the page says about the matching (school, sources, date). */
  readonly info?: ReportInfo;
  /** Port on 127.0.0.1 (default 0: a free port chosen by the system). */
  readonly port?: number;
  /**
   * Writes the files (atomically, mode 0600: the caller's job) and says where; a thrown
   * `EntPronoteError`'s reason is shown to the administrator, any other error as a generic
   * failure.
   */
  readonly onSave: (files: readonly ReviewFile[]) => Promise<readonly SavedFile[]> | readonly SavedFile[];
}

/** A running supervision server. */
export interface ReviewServer {
  /** The page's address, secret path included (`http://127.0.0.1:PORT/SECRET/`). */
  readonly url: string;
  readonly port: number;
  /** The current matching (with the confirmed decisions). */
  readonly result: () => MatchResult;
  /** The confirmed decisions. */
  readonly decisions: () => ManualDecisions;
  /** Stops the server (open connections are closed). */
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const MAX_PAGE = 200;

interface PersonJson {
  id: string;
  ident?: number;
  nom: string;
  prenom: string;
  naissance: string;
  held?: string;
  linkedTo?: string;
  /** Students: their parents; parents: their children (names). */
  famille?: string;
}

function entJson(p: EntPerson): PersonJson {
  return { id: p.idPartenaire, nom: p.nom, prenom: p.prenom, naissance: frenchDate(p.dateNaissance) };
}

function proJson(p: PronotePerson): PersonJson {
  const h = heldId(p);
  return { id: p.idpn ?? '', ident: p.ident, nom: p.nom, prenom: p.prenom, naissance: frenchDate(p.dateNaissance), ...(h !== undefined ? { held: h } : {}) };
}

function rowNote(row: Row): string {
  if (row.pair !== undefined) return linkNote(row.pair.status, row.pair.apply, row.pair.previousIdPartenaire);
  const reason = row.ambiguous?.reason ?? row.unmatched?.reason;
  return reason !== undefined ? REASON_LABELS[reason] : '';
}

function rowJson(row: Row): Record<string, unknown> {
  return {
    key: row.key,
    status: row.status,
    side: row.side,
    reason: row.ambiguous?.reason ?? row.unmatched?.reason ?? null,
    note: rowNote(row),
    ent: row.ent !== undefined ? entJson(row.ent) : null,
    pronote: row.pronote !== undefined ? proJson(row.pronote) : null,
  };
}

/** Why the engine did not link a person, in plain French. */
function whyText(row: Row): string {
  if (row.pair !== undefined) {
    if (row.status === 'conflict') {
      return row.pair.apply
        ? 'Conflit : PRONOTE avait un autre identifiant ENT pour cette personne ; en mode complet, le nouvel identifiant le remplace. Défaites le lien s’il est faux.'
        : 'Conflit : PRONOTE avait un autre identifiant ENT pour cette personne ; en mode partiel, il est conservé (lien non appliqué).';
    }
    return '';
  }
  if (row.ambiguous !== undefined) {
    return row.ambiguous.reason === 'homonyms'
      ? `Plusieurs candidats : ${row.ambiguous.candidateCount} personnes de l’autre côté ont la même identité ; le moteur ne choisit jamais entre elles. Choisissez la bonne, validez, puis confirmez.`
      : 'Plusieurs candidats : ses élèves rapprochés mènent à plusieurs responsables homonymes. Choisissez le bon, validez, puis confirmez.';
  }
  switch (row.unmatched?.reason) {
    case 'no-candidate':
      return 'Aucun candidat : personne de même identité (nom, prénom et, pour un élève, date de naissance) de l’autre côté. Cherchez la personne par son nom (orthographe ou date différente), ou laissez-la sans lien si elle n’a pas de compte.';
    case 'incomplete-identity':
      return 'Identité incomplète : il manque le nom, le prénom ou une date de naissance valide. Cherchez la personne par son nom.';
    case 'no-linked-student':
      return 'Aucun de ses élèves n’est rapproché : un responsable n’est cherché que parmi ceux des élèves rapprochés. Rapprochez d’abord ses enfants, ou cherchez-le par son nom.';
    case 'excluded':
      return 'Exclu par une décision manuelle : annulez la décision (plus bas) pour le rapprocher de nouveau.';
    default:
      return '';
  }
}

function decisionLabel(state: ReviewState, x: PendingDecision | { kind: 'pair' | 'exclusion'; population: Population; idPartenaire?: string; idpn?: string }): string {
  const pop = POPULATION_LABELS[x.population];
  const idx = state.index(x.population);
  const name = (side: 'ent' | 'pronote', id: string | undefined): string => {
    if (id === undefined) return '';
    const p = side === 'ent' ? idx.byEnt.get(id)?.ent : state.pronoteByIdpn(x.population, id);
    return p !== undefined ? `${p.nom} ${p.prenom} (${SIDE_LABELS[side]} ${id})` : `${SIDE_LABELS[side]} ${id}`;
  };
  const e = name('ent', x.idPartenaire);
  const p = name('pronote', x.idpn);
  switch (x.kind) {
    case 'link':
    case 'pair':
      return `${pop} : lier ${e} à ${p}`;
    case 'unlink':
      return `${pop} : ne jamais lier ${e} à ${p}`;
    case 'exclusion':
    case 'exclude':
      return e !== '' && p !== '' ? `${pop} : ne jamais lier ${e} à ${p}` : `${pop} : exclure ${e}${p} du rapprochement automatique`;
    case 'revoke':
      return `${pop} : annuler la décision sur ${[e, p].filter((s) => s !== '').join(' et ')}`;
  }
}

function countsOf(state: ReviewState, population: Population | undefined): Record<string, number> {
  return summaryCounts(population === undefined ? state.result.totals : state.result.populations[population].counts);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function intParam(u: URLSearchParams, name: string, fallback: number, max: number): number {
  const v = u.get(name);
  if (v === null || v === '') return fallback;
  if (!/^\d{1,9}$/.test(v)) throw new HttpError(400, `${name}: expected a non-negative integer`);
  return Math.min(Number(v), max);
}

function popParam(u: URLSearchParams): Population {
  const p = u.get('population');
  if (!isPopulation(p)) throw new HttpError(400, `population: expected one of ${POPULATIONS.join(', ')}`);
  return p;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'request too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text === '' ? {} : JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'malformed JSON'));
      }
    });
    req.on('error', reject);
  });
}

function checkOptions(options: ReviewServerOptions): void {
  const arg = (path: string, reason: string): EntPronoteError => new EntPronoteError('ERR_ARGUMENT', reason, { path });
  if (typeof options !== 'object' || options === null) throw arg('options', 'expected an options object');
  if (typeof options.ent !== 'object' || options.ent === null) throw arg('options.ent', 'expected the ENT accounts');
  if (typeof options.pronote !== 'object' || options.pronote === null) throw arg('options.pronote', 'expected the PRONOTE people');
  if (typeof options.onSave !== 'function') throw arg('options.onSave', 'expected a function that writes the files');
  const port = options.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw arg('options.port', 'expected an integer from 0 to 65535');
  if (options.decisions !== undefined && (typeof options.decisions !== 'object' || options.decisions === null)) {
    throw arg('options.decisions', 'expected { pairs, exclusions }');
  }
}

/**
 * Starts the supervision server on 127.0.0.1 (see the module documentation). The matching runs
 * once at start (with `decisions`), then again at each confirmation of pending decisions.
 *
 * @throws EntPronoteError `ERR_ARGUMENT` on bad options, the engine's errors on bad inputs or
 *   contradictory decisions, `ERR_INPUT` when the port cannot be listened on.
 * @example
 * ```ts
 * const server = await startReviewServer({ ent, pronote, onSave: async (files) => writeThem(files) });
 * console.log(server.url);
 * ```
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  checkOptions(options);
  const state = new ReviewState(options.ent, options.pronote, options.mode, options.decisions ?? {}, options.candidateLimit ?? DEFAULT_CANDIDATE_LIMIT);
  const info = options.info ?? {};
  const generatedAt = info.generatedAt ?? new Date();
  const secret = randomBytes(18).toString('base64url');
  const base = `/${secret}/`;
  let port = 0;
  let saving = false;

  const infoLines = (): string[] => {
    const lines: string[] = [];
    const school = schoolLine(info);
    if (school !== undefined) lines.push(`Établissement : ${school}`);
    const sources = sourcesLine(info);
    if (sources !== undefined) lines.push(`Fichiers : ${sources}`);
    lines.push(`Mode : ${MODE_LABELS[state.result.mode]}`);
    lines.push(`Rapprochement calculé le ${frenchDateTime(generatedAt)}`);
    return lines;
  };

  const decisionsJson = (): Record<string, unknown> => {
    const confirmed = [
      ...(state.decisions.pairs ?? []).map((p) => ({ kind: 'pair' as const, population: p.population, idPartenaire: p.idPartenaire, idpn: p.idpn })),
      ...(state.decisions.exclusions ?? []).map((e) => ({ kind: 'exclusion' as const, population: e.population, idPartenaire: e.idPartenaire, idpn: e.idpn })),
    ];
    return {
      pending: state.pending.map((x) => ({ label: decisionLabel(state, x), decision: x })),
      confirmed: confirmed.map((x) => ({
        label: decisionLabel(state, x),
        decision: {
          population: x.population,
          ...(x.idPartenaire !== undefined ? { idPartenaire: x.idPartenaire } : {}),
          ...(x.idpn !== undefined ? { idpn: x.idpn } : {}),
        },
      })),
    };
  };

  const api = async (route: string, u: URLSearchParams, req: IncomingMessage): Promise<unknown> => {
    const post = req.method === 'POST';
    if (post !== ['pending', 'confirm', 'save'].includes(route)) throw new HttpError(405, 'method not allowed');
    switch (route) {
      case 'vocabulary':
        return {
          populations: POPULATION_LABELS,
          statuses: STATUS_LABELS,
          sides: SIDE_LABELS,
          counts: COUNT_LABELS,
          countKeys: Object.keys(COUNT_LABELS),
          filters: FILTER_LABELS,
          filterKeys: Object.keys(FILTER_LABELS),
          reasons: REASON_LABELS,
          nextSteps: NEXT_STEPS,
          glossary: GLOSSARY,
        };
      case 'summary':
        return {
          info: infoLines(),
          mode: state.result.mode,
          populations: POPULATIONS.map((p) => ({ population: p, counts: countsOf(state, p), filters: state.index(p).counts })),
          totals: countsOf(state, undefined),
          decisions: decisionsJson(),
        };
      case 'rows': {
        const population = popParam(u);
        const filter = u.get('filter') ?? 'all';
        if (!isFilter(filter)) throw new HttpError(400, `filter: expected one of ${Object.keys(FILTER_LABELS).join(', ')}`);
        const sort = u.get('sort') ?? 'name';
        if (!isSort(sort)) throw new HttpError(400, 'sort: expected name, status or date');
        const order = u.get('order') ?? 'asc';
        if (order !== 'asc' && order !== 'desc') throw new HttpError(400, 'order: expected asc or desc');
        const offset = intParam(u, 'offset', 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(u, 'limit', 50, MAX_PAGE);
        const q = (u.get('q') ?? '').slice(0, 200);
        const page = state.index(population).page(filter, q, sort, order === 'desc', offset, limit);
        return { population, filter, total: page.total, offset, rows: page.rows.map(rowJson) };
      }
      case 'person': {
        const population = popParam(u);
        const idx = state.index(population);
        const row = idx.row(u.get('key') ?? '');
        if (row === undefined) throw new HttpError(404, 'no such person in this population (the list may have changed: reload it)');
        const candidates: PersonJson[] = [];
        const linkedTo = (side: 'ent' | 'pronote', id: string | number): string | undefined => {
          const r = side === 'ent' ? idx.byEnt.get(String(id)) : idx.byPronote.get(Number(id));
          if (r?.side !== 'both') return undefined;
          const o = side === 'ent' ? r.pronote : r.ent;
          return o === undefined ? undefined : `${o.nom} ${o.prenom}`;
        };
        const fam = (side: 'ent' | 'pronote', p: EntPerson | PronotePerson): Partial<Record<'famille', string>> => opt('famille', state.family(population, side, p));
        const a = row.ambiguous;
        if (a !== undefined) {
          if (a.side === 'ent') for (const c of a.candidates) candidates.push({ ...proJson(c), ...opt('linkedTo', linkedTo('pronote', c.ident)), ...fam('pronote', c) });
          else for (const c of a.candidates) candidates.push({ ...entJson(c), ...opt('linkedTo', linkedTo('ent', c.idPartenaire)), ...fam('ent', c) });
        }
        const who = row.ent ?? row.pronote;
        const rj = rowJson(row) as { ent: PersonJson | null; pronote: PersonJson | null };
        if (row.ent !== undefined && rj.ent !== null) Object.assign(rj.ent, fam('ent', row.ent));
        if (row.pronote !== undefined && rj.pronote !== null) Object.assign(rj.pronote, fam('pronote', row.pronote));
        return {
          title: who !== undefined ? `${who.nom} ${who.prenom}` : row.key,
          row: rj,
          why: whyText(row),
          candidates,
          candidateCount: a?.candidateCount ?? 0,
        };
      }
      case 'search': {
        const population = popParam(u);
        const side = u.get('side');
        if (side !== 'ent' && side !== 'pronote') throw new HttpError(400, 'side: expected ent or pronote');
        const limit = intParam(u, 'limit', 20, MAX_PAGE);
        const r = state.search(population, side, (u.get('q') ?? '').slice(0, 200), limit);
        const idx = state.index(population);
        return {
          total: r.total,
          people: r.people.map((p) => {
            const famille = opt('famille', state.family(population, side, p));
            if (side === 'ent') {
              const row = idx.byEnt.get((p as EntPerson).idPartenaire);
              return { ...entJson(p as EntPerson), ...opt('linkedTo', row?.pronote !== undefined ? `${row.pronote.nom} ${row.pronote.prenom}` : undefined), ...famille };
            }
            const row = idx.byPronote.get((p as PronotePerson).ident);
            return { ...proJson(p as PronotePerson), ...opt('linkedTo', row?.ent !== undefined ? `${row.ent.nom} ${row.ent.prenom}` : undefined), ...famille };
          }),
        };
      }
      case 'pending': {
        const body = (await readBody(req)) as Record<string, unknown>;
        if (body.op === 'add') {
          let d: PendingDecision;
          try {
            d = checkDecision(body.decision, (pop, side, id) => state.known(pop, side, id));
          } catch (e) {
            throw new HttpError(400, isEntPronoteError(e) ? e.reason : 'invalid decision');
          }
          state.pending.push(d);
        } else if (body.op === 'remove') {
          const i = body.index;
          if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= state.pending.length) throw new HttpError(400, 'index: no such pending decision');
          state.pending.splice(i, 1);
        } else if (body.op === 'clear') {
          state.pending = [];
        } else {
          throw new HttpError(400, 'op: expected add, remove or clear');
        }
        return decisionsJson();
      }
      case 'confirm': {
        await readBody(req);
        const n = state.pending.length;
        try {
          state.confirm();
        } catch (e) {
          if (isEntPronoteError(e, 'ERR_CONFLICT') || isEntPronoteError(e, 'ERR_ARGUMENT')) {
            throw new HttpError(409, `Ces décisions se contredisent (${e.reason}) : retirez-en une puis confirmez de nouveau.`);
          }
          throw e;
        }
        return { message: `${n} décision(s) confirmée(s) : le rapprochement a été recalculé. Enregistrez pour garder vos décisions.`, decisions: decisionsJson() };
      }
      case 'save': {
        await readBody(req);
        if (state.pending.length > 0) throw new HttpError(409, 'Des décisions validées ne sont pas encore confirmées : confirmez-les ou abandonnez-les avant d’enregistrer.');
        if (saving) throw new HttpError(409, 'Un enregistrement est déjà en cours.');
        saving = true;
        try {
          const files = reviewFiles(state.result, state.decisions);
          let written: readonly SavedFile[];
          try {
            written = await options.onSave(files);
          } catch (e) {
            throw new HttpError(500, isEntPronoteError(e) ? `Enregistrement impossible : ${e.reason}` : 'Enregistrement impossible (voir le terminal).');
          }
          return { files: written.map((f) => ({ path: f.path, description: f.description })) };
        } finally {
          saving = false;
        }
      }
      default:
        throw new HttpError(404, 'no such route');
    }
  };

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': REVIEW_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown): void => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      send(res, 421, 'text/plain; charset=utf-8', 'local address only\n');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith(base)) {
      send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      return;
    }
    const rest = url.pathname.slice(base.length);
    if (rest === '' || rest === 'app.js' || rest === 'app.css') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
        return;
      }
      if (rest === '') send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
      else if (rest === 'app.js') send(res, 200, 'text/javascript; charset=utf-8', APP_JS);
      else send(res, 200, 'text/css; charset=utf-8', APP_CSS);
      return;
    }
    if (!rest.startsWith('api/')) {
      send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      return;
    }
    try {
      if (req.headers['x-review'] !== '1') throw new HttpError(403, 'API calls come from the page only');
      if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'expected application/json');
      sendJson(res, 200, await api(rest.slice(4), url.searchParams, req));
    } catch (e) {
      if (e instanceof HttpError) sendJson(res, e.status, { error: e.message });
      else sendJson(res, 500, { error: 'internal error' });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new EntPronoteError('ERR_INPUT', `cannot listen on 127.0.0.1:${options.port ?? 0} (${(e as { code?: string }).code ?? 'error'}): choose another port`, { cause: e })));
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    port,
    result: () => state.result,
    decisions: () => state.decisions,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
