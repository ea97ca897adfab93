/**
 * The PRONOTE stand-in against our test CAS server, as a JSON client walks through it: the three
 * modes, the three validation protocols, links kept, `?login=true`, unknown users, forged tickets.
 * The expected person comes from the generator's ground truth.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CasTestServer, type PronoteLogin, type PronoteStandIn, type PronoteStandInOptions, startCasTestServer, startPronoteStandIn } from '../../src/cas/server/index';
import type { ExpectedPronotePerson } from '../../src/fixtures';
import type { IdentifiantsPronote, PartenaireIndex } from '../../src/index';
import { casLogin, get, PASSWORD, world } from './helpers';

let cas: CasTestServer;
let doc: PartenaireIndex;
let people: IdentifiantsPronote;
let truth: ExpectedPronotePerson[];

/** The PRONOTE logins of the fixture world (its ground truth's `sso`). */
function logins(): PronoteLogin[] {
  return world().groundTruth.sso!.schools[0]!.pronote;
}

/** The PRONOTE login of a person. */
function loginOf(p: { population: string; ident: number }): PronoteLogin {
  return logins().find((l) => l.population === p.population && l.ident === p.ident)!;
}

beforeAll(async () => {
  const w = world();
  doc = w.schools[0]!.partenaireIndex;
  people = w.schools[0]!.identifiantsComplet;
  truth = w.groundTruth.schools[0]!.complet.pronote;
  cas = await startCasTestServer({ accounts: doc, identifiants: people, password: PASSWORD, layout: 'entcore' });
});

afterAll(async () => {
  await cas.close();
});

/** One visit: the stand-in sends to the CAS, the ENT login, back with the ticket; the JSON summary. */
async function visit(pronote: PronoteStandIn, username: string): Promise<{ status: number; summary: Record<string, unknown>; cookie: string | null }> {
  const start = await get(`${pronote.url}/pronote/`);
  expect(start.status).toBe(302);
  const login = new URL(start.location as string);
  expect(`${login.origin}${login.pathname}`).toBe(`${cas.url}/login`);
  expect(login.searchParams.get('service')).toBe(pronote.serviceUrl);
  const r = await casLogin(cas.url, username, PASSWORD, pronote.serviceUrl);
  expect(r.status).toBe(302);
  const back = await fetch(r.location as string, { headers: { accept: 'application/json' }, redirect: 'manual' });
  const setCookie = back.headers.get('set-cookie');
  return { status: back.status, summary: (await back.json()) as Record<string, unknown>, cookie: setCookie === null ? null : (setCookie.split(';')[0] as string) };
}

/** A person of the ground truth: matched (no identifier held), of a population. */
function matched(population: string, n = 0): ExpectedPronotePerson {
  return truth.filter((p) => p.population === population && p.status === 'matched' && p.divergences.length === 0)[n]!;
}

async function standIn(options: Partial<PronoteStandInOptions>): Promise<PronoteStandIn> {
  return startPronoteStandIn({ casUrl: cas.url, people, mode: 'identite', ...options });
}

describe('PRONOTE stand-in', () => {
  it('mode 1 (identity), CAS 2.0: a student is recognised, then linked directly', async () => {
    const pronote = await standIn({ mode: 'identite', protocol: 'cas2' });
    try {
      const p = matched('eleves');
      const first = await visit(pronote, p.idPartenaire as string);
      expect(first.status).toBe(200);
      expect(first.summary).toEqual({ status: 'recognized', population: 'eleves', ident: p.ident, idpn: p.idpn, via: 'cas' });
      expect([...pronote.links]).toEqual([[p.idPartenaire, { population: 'eleves', ident: p.ident, idpn: p.idpn }]]);
      const again = await visit(pronote, p.idPartenaire as string);
      expect(again.summary).toEqual({ status: 'linked', population: 'eleves', ident: p.ident, idpn: p.idpn, via: 'cas' });
    } finally {
      await pronote.close();
    }
  });

  it('mode 2 (PRONOTE identifier), CAS 3.0: a teacher and a parent are recognised by their IDPN', async () => {
    const pronote = await standIn({ mode: 'identite-pronote', protocol: 'cas3' });
    try {
      for (const population of ['professeurs', 'responsables']) {
        const p = matched(population);
        expect((await visit(pronote, p.idPartenaire as string)).summary).toEqual({ status: 'recognized', population, ident: p.ident, idpn: p.idpn, via: 'cas' });
      }
    } finally {
      await pronote.close();
    }
  });

  it('mode 3 (double authentication), SAML 1.1: the PRONOTE form once, then direct', async () => {
    const pronote = await standIn({ mode: 'double-authentification', protocol: 'saml11', logins: logins() });
    try {
      const p = matched('eleves', 1);
      const first = await visit(pronote, p.idPartenaire as string);
      expect(first.summary).toEqual({ status: 'double-authentification' });
      const post = (password: string): Promise<Response> =>
        fetch(`${pronote.url}/pronote/double-authentification`, {
          method: 'POST',
          body: new URLSearchParams({ login: loginOf(p).login, password }),
          headers: { accept: 'application/json', cookie: first.cookie as string },
        });
      const wrong = await post('wrong');
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ status: 'refused' });
      const right = await post(loginOf(p).password);
      expect(right.status).toBe(200);
      expect(await right.json()).toEqual({ status: 'recognized', population: 'eleves', ident: p.ident, idpn: p.idpn, via: 'double-authentification' });
      expect((await visit(pronote, p.idPartenaire as string)).summary).toEqual({ status: 'linked', population: 'eleves', ident: p.ident, idpn: p.idpn, via: 'cas' });
    } finally {
      await pronote.close();
    }
  });

  it('a person PRONOTE holds the ENT identifier of is linked from the first click', async () => {
    const pronote = await standIn({ mode: 'identite' });
    try {
      const held = truth.find((p) => p.status === 'confirmed')!;
      expect((await visit(pronote, held.idPartenaire as string)).summary).toEqual({ status: 'linked', population: held.population, ident: held.ident, ...(held.idpn !== undefined ? { idpn: held.idpn } : {}), via: 'cas' });
    } finally {
      await pronote.close();
    }
  });

  it('an ENT user PRONOTE does not know lands on the first-connection screen', async () => {
    const pronote = await standIn({ mode: 'identite' });
    try {
      const unknown = world().groundTruth.schools[0]!.complet.ent.find((a) => a.reason === 'no-candidate' && a.trueIdpn === undefined)!;
      const r = await visit(pronote, unknown.idPartenaire);
      expect(r.status).toBe(403);
      expect(r.summary).toEqual({ status: 'unknown' });
      expect(pronote.links.size).toBe(0);
      // The HTML form of the same answer.
      const page = await get(`${pronote.url}/pronote/`);
      const ticket = new URL((await casLogin(cas.url, unknown.idPartenaire, PASSWORD, pronote.serviceUrl)).location as string).searchParams.get('ticket');
      const html = await get(`${pronote.url}/pronote/?ticket=${ticket}`);
      expect(page.status).toBe(302);
      expect(html.body).toContain('data-status="unknown"');
      expect(html.body).toContain('première connexion');
    } finally {
      await pronote.close();
    }
  });

  it('?login=true bypasses the delegation: PRONOTE\'s own form, no redirection to the CAS', async () => {
    const pronote = await standIn({ mode: 'identite', logins: logins() });
    try {
      const form = await get(`${pronote.url}/pronote/?login=true`, { accept: 'application/json' });
      expect(form.status).toBe(200);
      expect(JSON.parse(form.body)).toEqual({ status: 'login' });
      const p = matched('professeurs');
      const res = await fetch(`${pronote.url}/pronote/login`, { method: 'POST', body: new URLSearchParams({ login: loginOf(p).login, password: loginOf(p).password }), headers: { accept: 'application/json' } });
      expect(await res.json()).toEqual({ status: 'connected', population: 'professeurs', ident: p.ident, idpn: p.idpn, via: 'login' });
      expect(pronote.links.size).toBe(0);
    } finally {
      await pronote.close();
    }
  });

  it('a forged or replayed ticket is refused with the CAS failure code', async () => {
    const pronote = await standIn({ mode: 'identite', protocol: 'cas3' });
    try {
      const forged = await get(`${pronote.url}/pronote/?ticket=ST-forged`, { accept: 'application/json' });
      expect(forged.status).toBe(401);
      expect(JSON.parse(forged.body)).toEqual({ status: 'invalid-ticket', code: 'INVALID_TICKET' });
      const r = await casLogin(cas.url, matched('eleves').idPartenaire as string, PASSWORD, pronote.serviceUrl);
      expect((await get(r.location as string, { accept: 'application/json' })).status).toBe(200);
      expect(JSON.parse((await get(r.location as string, { accept: 'application/json' })).body)).toEqual({ status: 'invalid-ticket', code: 'INVALID_TICKET' });
    } finally {
      await pronote.close();
    }
  });

  it('answers 413 to an oversized form, 414 to an oversized URL, 404 elsewhere', async () => {
    const pronote = await standIn({ mode: 'identite' });
    try {
      const big = 'x'.repeat(70 * 1024);
      expect((await fetch(`${pronote.url}/pronote/login`, { method: 'POST', body: new URLSearchParams({ login: big, password: big }) })).status).toBe(413);
      expect((await get(`${pronote.url}/pronote/?ticket=${'x'.repeat(9000)}`)).status).toBe(414);
      expect((await get(`${pronote.url}/other`)).status).toBe(404);
      expect((await fetch(`${pronote.url}/pronote/`, { method: 'POST' })).status).toBe(405);
    } finally {
      await pronote.close();
    }
  });

  it('refuses bad options (ERR_ARGUMENT)', async () => {
    await expect(standIn({ casUrl: 'nope' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(standIn({ mode: 'other' as 'identite' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(standIn({ mode: 'double-authentification' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(standIn({ protocol: 'cas4' as 'cas2' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(standIn({ host: '192.0.2.1' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(standIn({ people: {} as IdentifiantsPronote })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
  });
});
