/**
 * The test CAS server: the protocol as a client sees it (login, SSO session, CAS 1.0/2.0/3.0,
 * JSON, SAML 1.1, proxy), and bad input: forged, replayed, expired and foreign-service tickets,
 * wrong passwords, unregistered services, malformed SAML, oversized requests.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSamlValidateRequest,
  parseCas10ValidateResponse,
  parseCasProxyResponse,
  parseCasValidationResponse,
  parseSamlValidateResponse,
} from '../../src/cas/index';
import { type CasTestServer, startCasTestServer } from '../../src/cas/server/index';
import type { Eleve, PartenaireIndex, Professeur } from '../../src/index';
import { casLogin, frenchDate, get, PASSWORD, recorder, world } from './helpers';

const SERVICE = 'http://127.0.0.1:9/pronote/';
const PATTERN = 'http://127.0.0.1:9/pronote/**';

let doc: PartenaireIndex;
let eleve: Eleve;
let prof: Professeur;
let cas: CasTestServer;
let clock = Date.now();

/** The attributes the entcore preset releases for a student (built from the account, not the library). */
function expectedStudent(e: Eleve): Record<string, string[]> {
  const out: Record<string, string[]> = { nom: [e.nom], prenom: [e.prenom], dateNaissance: [frenchDate(e.dateNaissance)] };
  if (e.codePostal !== undefined) out.codePostal = [e.codePostal];
  out.categories = ['National_1'];
  return out;
}

beforeAll(async () => {
  doc = world().schools[0]!.partenaireIndex;
  eleve = doc.eleves[0]!;
  prof = doc.professeurs.find((p) => p.dateNaissance !== undefined)!;
  cas = await startCasTestServer({ accounts: doc, password: PASSWORD, servicePattern: PATTERN, layout: 'entcore', allowHttpLoopbackProxyCallback: true, now: () => clock });
});

afterAll(async () => {
  await cas.close();
});

async function ticketFor(user: string, service = SERVICE): Promise<string> {
  const r = await casLogin(cas.url, user, PASSWORD, service);
  expect(r.status).toBe(302);
  expect(r.ticket).toMatch(/^ST-[A-Za-z0-9_-]{43}$/);
  return r.ticket as string;
}

describe('login', () => {
  it('shows the credential form, with the service, and says it is a test server', async () => {
    const r = await get(`${cas.url}/login?service=${encodeURIComponent(SERVICE)}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<input type="hidden" name="service" value="${SERVICE}">`);
    expect(r.body).toContain('name="username"');
    expect(r.body).toContain('name="password"');
    expect(r.body).toContain('Serveur de TEST');
  });

  it('redirects to service?ticket=ST-… with the right password, and sets the SSO cookie', async () => {
    const r = await casLogin(cas.url, eleve.idPartenaire, PASSWORD, SERVICE);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`${SERVICE}?ticket=${r.ticket}`);
    expect(r.cookie).toMatch(/^CASTGC=TGT-[A-Za-z0-9_-]{43}$/);
  });

  it('keeps the query of the service and appends the ticket', async () => {
    const r = await casLogin(cas.url, eleve.idPartenaire, PASSWORD, `${SERVICE}eleve.html?a=1`);
    expect(r.location).toBe(`${SERVICE}eleve.html?a=1&ticket=${r.ticket}`);
  });

  it('answers the form again with 401 on a wrong password or an unknown user, without a ticket', async () => {
    for (const [u, p] of [
      [eleve.idPartenaire, 'wrong'],
      [eleve.idPartenaire, ''],
      ['nobody', PASSWORD],
    ] as const) {
      const r = await casLogin(cas.url, u, p, SERVICE);
      expect(r.status).toBe(401);
      expect(r.location).toBeNull();
      expect(r.cookie).toBeNull();
      expect(r.body).toContain('Identifiant ou mot de passe incorrect.');
      expect(r.body).toContain(`value="${SERVICE}"`);
    }
  });

  it('refuses a service that does not match the registered PRONOTE pattern (403, no ticket)', async () => {
    for (const service of ['http://127.0.0.1:9/other/', 'http://evil.example/pronote/', 'javascript:alert(1)', 'http://127.0.0.1:9/pronote/#x']) {
      const form = await get(`${cas.url}/login?service=${encodeURIComponent(service)}`);
      expect(form.status).toBe(403);
      const r = await casLogin(cas.url, eleve.idPartenaire, PASSWORD, service);
      expect(r.status).toBe(403);
      expect(r.location).toBeNull();
    }
  });

  it('logs in again from the SSO session without the form; renew asks for the form; gateway without session goes back without ticket', async () => {
    const first = await casLogin(cas.url, eleve.idPartenaire, PASSWORD, SERVICE);
    const sso = await get(`${cas.url}/login?service=${encodeURIComponent(SERVICE)}`, { cookie: first.cookie as string });
    expect(sso.status).toBe(302);
    const ticket = new URL(sso.location as string).searchParams.get('ticket') as string;
    expect(ticket).toMatch(/^ST-/);
    // A ticket from the session is not one from a new login: renew=true refuses it.
    const renewed = parseCasValidationResponse((await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}&renew=true`)).body);
    expect(renewed).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    const renewForm = await get(`${cas.url}/login?service=${encodeURIComponent(SERVICE)}&renew=true`, { cookie: first.cookie as string });
    expect(renewForm.status).toBe(200);
    expect(renewForm.body).toContain('name="password"');
    const gateway = await get(`${cas.url}/login?service=${encodeURIComponent(SERVICE)}&gateway=true`);
    expect(gateway.status).toBe(302);
    expect(gateway.location).toBe(SERVICE);
    // Logout ends the session.
    const out = await get(`${cas.url}/logout?service=${encodeURIComponent(SERVICE)}`, { cookie: first.cookie as string });
    expect(out.status).toBe(302);
    expect(out.location).toBe(SERVICE);
    const after = await get(`${cas.url}/login?service=${encodeURIComponent(SERVICE)}`, { cookie: first.cookie as string });
    expect(after.status).toBe(200);
  });
});

describe('validation', () => {
  it('CAS 2.0 /serviceValidate releases the PRONOTE profile in the entcore layout', async () => {
    const ticket = await ticketFor(eleve.idPartenaire);
    const r = await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(parseCasValidationResponse(r.body)).toEqual({ ok: true, user: eleve.idPartenaire, attributes: expectedStudent(eleve), proxies: [] });
    expect(r.body).toContain('<cas:attributes>');
  });

  it('CAS 3.0 /p3/serviceValidate in XML and JSON; a teacher is National_3', async () => {
    const expected = { nom: [prof.nom], prenom: [prof.prenom], dateNaissance: [frenchDate(prof.dateNaissance as string)], ...(prof.codePostal !== undefined ? { codePostal: [prof.codePostal] } : {}), categories: ['National_3'] };
    const t1 = await ticketFor(prof.idPartenaire);
    const xml = await get(`${cas.url}/p3/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${t1}`);
    expect(parseCasValidationResponse(xml.body)).toEqual({ ok: true, user: prof.idPartenaire, attributes: expected, proxies: [] });
    const t2 = await ticketFor(prof.idPartenaire);
    const json = await get(`${cas.url}/p3/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${t2}&format=JSON`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.body)).toEqual({ serviceResponse: { authenticationSuccess: { user: prof.idPartenaire, attributes: expected } } });
  });

  it('CAS 1.0 /validate answers yes/user, then no for the same ticket', async () => {
    const ticket = await ticketFor(eleve.idPartenaire);
    const url = `${cas.url}/validate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}`;
    const first = await get(url);
    expect(first.body).toBe(`yes\n${eleve.idPartenaire}\n`);
    expect(parseCas10ValidateResponse(first.body)).toMatchObject({ ok: true, user: eleve.idPartenaire });
    expect((await get(url)).body).toBe('no\n\n');
  });

  it('SAML 1.1 /samlValidate releases the same user and attributes', async () => {
    const ticket = await ticketFor(eleve.idPartenaire);
    const res = await fetch(`${cas.url}/samlValidate?TARGET=${encodeURIComponent(SERVICE)}`, { method: 'POST', body: buildSamlValidateRequest(ticket), headers: { 'Content-Type': 'text/xml' } });
    expect(res.status).toBe(200);
    expect(parseSamlValidateResponse(await res.text())).toEqual({ ok: true, user: eleve.idPartenaire, attributes: expectedStudent(eleve), proxies: [] });
  });

  it('a replayed ticket is INVALID_TICKET (single use, whatever the first outcome)', async () => {
    const ticket = await ticketFor(eleve.idPartenaire);
    const url = (service: string): string => `${cas.url}/serviceValidate?service=${encodeURIComponent(service)}&ticket=${ticket}`;
    // First attempt with a foreign service: INVALID_SERVICE, and the ticket is gone.
    expect(parseCasValidationResponse((await get(url('http://127.0.0.1:9/pronote/other'))).body)).toMatchObject({ ok: false, code: 'INVALID_SERVICE' });
    expect(parseCasValidationResponse((await get(url(SERVICE))).body)).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
  });

  it('a forged ticket, a ticket of another kind, a missing parameter', async () => {
    const cases: [string, string][] = [
      [`ticket=ST-${'A'.repeat(43)}&service=${encodeURIComponent(SERVICE)}`, 'INVALID_TICKET'],
      [`ticket=XYZ&service=${encodeURIComponent(SERVICE)}`, 'INVALID_TICKET'],
      [`ticket=&service=${encodeURIComponent(SERVICE)}`, 'INVALID_REQUEST'],
      [`service=${encodeURIComponent(SERVICE)}`, 'INVALID_REQUEST'],
      [`ticket=ST-abc`, 'INVALID_REQUEST'],
    ];
    for (const [query, code] of cases) {
      for (const path of ['/serviceValidate', '/proxyValidate', '/p3/serviceValidate', '/p3/proxyValidate']) {
        expect(parseCasValidationResponse((await get(`${cas.url}${path}?${query}`)).body)).toMatchObject({ ok: false, code });
      }
    }
  });

  it('an expired ticket is INVALID_TICKET', async () => {
    const ticket = await ticketFor(eleve.idPartenaire);
    clock += 31_000;
    try {
      expect(parseCasValidationResponse((await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}`)).body)).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    } finally {
      clock -= 31_000;
    }
  });

  it('the SAML endpoint refuses malformed requests with a SAML failure, and GET with 405', async () => {
    const target = `${cas.url}/samlValidate?TARGET=${encodeURIComponent(SERVICE)}`;
    for (const body of ['', '<not-xml', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '<Envelope/>', buildSamlValidateRequest('ST-nothing').replace('AssertionArtifact', 'Other').replace('AssertionArtifact', 'Other')]) {
      const res = await fetch(target, { method: 'POST', body });
      expect(res.status).toBe(200);
      expect(parseSamlValidateResponse(await res.text())).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    }
    const unknown = await fetch(target, { method: 'POST', body: buildSamlValidateRequest('ST-unknown') });
    expect(parseSamlValidateResponse(await unknown.text())).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    expect((await get(target)).status).toBe(405);
  });
});

describe('proxy', () => {
  it('hands a PGT to an https-less loopback callback only when allowed; /proxy gives a PT that /proxyValidate accepts with its chain', async () => {
    const callback = await recorder(200);
    try {
      const pgtUrl = `${callback.url}/callback`;
      const ticket = await ticketFor(eleve.idPartenaire);
      const v = parseCasValidationResponse((await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}&pgtUrl=${encodeURIComponent(pgtUrl)}`)).body);
      expect(callback.requests).toHaveLength(1);
      const call = callback.requests[0] as URL;
      const pgtId = call.searchParams.get('pgtId') as string;
      const pgtIou = call.searchParams.get('pgtIou') as string;
      expect(pgtId).toMatch(/^PGT-[A-Za-z0-9_-]{43}$/);
      expect(pgtIou).toMatch(/^PGTIOU-[A-Za-z0-9_-]{43}$/);
      expect(v).toEqual({ ok: true, user: eleve.idPartenaire, attributes: expectedStudent(eleve), proxyGrantingTicket: pgtIou, proxies: [] });

      const target = 'http://127.0.0.1:9/pronote/backend';
      const proxy = parseCasProxyResponse((await get(`${cas.url}/proxy?pgt=${pgtId}&targetService=${encodeURIComponent(target)}`)).body);
      expect(proxy.ok).toBe(true);
      const pt = (proxy as { proxyTicket: string }).proxyTicket;
      expect(pt).toMatch(/^PT-[A-Za-z0-9_-]{43}$/);
      // A proxy ticket is not a service ticket.
      const wrongEndpoint = parseCasValidationResponse((await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(target)}&ticket=${pt}`)).body);
      expect(wrongEndpoint).toMatchObject({ ok: false, code: 'INVALID_TICKET_SPEC' });
      const pt2 = (parseCasProxyResponse((await get(`${cas.url}/proxy?pgt=${pgtId}&targetService=${encodeURIComponent(target)}`)).body) as { proxyTicket: string }).proxyTicket;
      const ok = parseCasValidationResponse((await get(`${cas.url}/p3/proxyValidate?service=${encodeURIComponent(target)}&ticket=${pt2}`)).body);
      expect(ok).toEqual({ ok: true, user: eleve.idPartenaire, attributes: expectedStudent(eleve), proxies: [pgtUrl] });

      expect(parseCasProxyResponse((await get(`${cas.url}/proxy?pgt=PGT-forged&targetService=${encodeURIComponent(target)}`)).body)).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
      expect(parseCasProxyResponse((await get(`${cas.url}/proxy?pgt=${pgtId}&targetService=${encodeURIComponent('http://evil.example/')}`)).body)).toMatchObject({
        ok: false,
        code: 'UNAUTHORIZED_SERVICE_PROXY',
      });
      expect(parseCasProxyResponse((await get(`${cas.url}/proxy?pgt=${pgtId}`)).body)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    } finally {
      await callback.close();
    }
  });

  it('a callback that does not answer 200 gets no PGT; a non-https callback is INVALID_PROXY_CALLBACK by default', async () => {
    const callback = await recorder(404);
    try {
      const ticket = await ticketFor(eleve.idPartenaire);
      const v = parseCasValidationResponse((await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}&pgtUrl=${encodeURIComponent(`${callback.url}/cb`)}`)).body);
      expect(v).toEqual({ ok: true, user: eleve.idPartenaire, attributes: expectedStudent(eleve), proxies: [] });
      expect(callback.requests).toHaveLength(1);
    } finally {
      await callback.close();
    }
    const strict = await startCasTestServer({ accounts: doc, password: PASSWORD, servicePattern: PATTERN });
    try {
      const r = await casLogin(strict.url, eleve.idPartenaire, PASSWORD, SERVICE);
      const v = parseCasValidationResponse((await get(`${strict.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${r.ticket}&pgtUrl=${encodeURIComponent('http://127.0.0.1:9/cb')}`)).body);
      expect(v).toMatchObject({ ok: false, code: 'INVALID_PROXY_CALLBACK' });
    } finally {
      await strict.close();
    }
  });
});

describe('a fixture world as accounts', () => {
  it('logs each account in with its ENT login and password; releases its IDPN and, with laclasse, its staff kind', async () => {
    const w = world();
    const sso = w.groundTruth.sso!.schools[0]!;
    const server = await startCasTestServer({ accounts: w, layout: 'laclasse', servicePattern: PATTERN });
    try {
      expect(server.accounts).toBe(sso.accounts.length);
      const student = sso.accounts.find((a) => a.population === 'eleves' && a.idpn !== undefined)!;
      // The ENT login, not the ID_Partenaire, is what the user types; the CAS user is the ID_Partenaire.
      expect((await casLogin(server.url, student.idPartenaire, student.password, SERVICE)).status).toBe(401);
      const r = await casLogin(server.url, student.login, student.password, SERVICE);
      const v = parseCasValidationResponse((await get(`${server.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${r.ticket}`)).body);
      expect(v).toMatchObject({ ok: true, user: student.idPartenaire });
      expect(v.ok && v.attributes.IDPN).toEqual([student.idpn]);
      expect(v.ok && v.attributes.categories).toEqual(['National_1']);
      const kinds: Record<string, string> = { direction: 'National_4', 'vie-scolaire': 'National_5', administratif: 'National_6', autre: 'National_7' };
      const staff = sso.accounts.filter((a) => a.population === 'personnels');
      expect(staff.length).toBeGreaterThan(0);
      for (const member of staff) {
        const t = await casLogin(server.url, member.login, member.password, SERVICE);
        const sv = parseCasValidationResponse((await get(`${server.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${t.ticket}`)).body);
        expect(sv.ok && sv.attributes.categories).toEqual([kinds[member.staffKind as string]]);
        // Staff have no IDPN: none released.
        expect(sv.ok && sv.attributes.IDPN).toBeUndefined();
      }
    } finally {
      await server.close();
    }
  });
});

describe('limits and options', () => {
  it('answers 413 to an oversized body and 414 to an oversized URL', async () => {
    const big = 'x'.repeat(70 * 1024);
    expect((await fetch(`${cas.url}/login`, { method: 'POST', body: new URLSearchParams({ username: big, password: big }) })).status).toBe(413);
    expect((await fetch(`${cas.url}/samlValidate?TARGET=${encodeURIComponent(SERVICE)}`, { method: 'POST', body: big })).status).toBe(413);
    expect((await get(`${cas.url}/serviceValidate?ticket=${'x'.repeat(9000)}`)).status).toBe(414);
  });

  it('a CAS 2.0 server has no /p3 endpoints; laclasse writes attributes directly under the success too', async () => {
    const v2 = await startCasTestServer({ accounts: doc, password: PASSWORD, servicePattern: PATTERN, version: '2.0', layout: 'laclasse' });
    try {
      const r = await casLogin(v2.url, eleve.idPartenaire, PASSWORD, SERVICE);
      expect((await get(`${v2.url}/p3/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${r.ticket}`)).status).toBe(404);
      const r2 = await casLogin(v2.url, eleve.idPartenaire, PASSWORD, SERVICE);
      const body = (await get(`${v2.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${r2.ticket}`)).body;
      const attrs = { nom: [eleve.nom], prenom: [eleve.prenom], dateNaissance: [eleve.dateNaissance], ...(eleve.codePostal !== undefined ? { codePostal: [eleve.codePostal] } : {}), categories: ['National_1'] };
      expect(parseCasValidationResponse(body)).toEqual({ ok: true, user: eleve.idPartenaire, attributes: attrs, proxies: [] });
      expect(body.indexOf('<cas:categories>')).toBeLessThan(body.indexOf('<cas:attributes>'));
    } finally {
      await v2.close();
    }
  });

  it('refuses a non-loopback host, a bad layout or pattern, an empty password (ERR_ARGUMENT)', async () => {
    const base = { accounts: doc, password: PASSWORD };
    await expect(startCasTestServer({ ...base, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(startCasTestServer({ ...base, layout: 'other' as 'entcore' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(startCasTestServer({ ...base, servicePattern: 'not a url' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(startCasTestServer({ ...base, servicePattern: '^(' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(startCasTestServer({ ...base, password: '' })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(startCasTestServer({ accounts: {} as PartenaireIndex, password: PASSWORD })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(startCasTestServer(undefined as never)).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
  });

  it('writes nothing on stdout or stderr while serving (no names in logs)', async () => {
    const writes: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    process.stderr.write = ((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const ticket = await ticketFor(eleve.idPartenaire);
      await get(`${cas.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${ticket}`);
      await casLogin(cas.url, eleve.idPartenaire, 'wrong', SERVICE);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(writes.filter((w) => w.includes(eleve.nom) || w.includes(eleve.idPartenaire))).toEqual([]);
  });
});
