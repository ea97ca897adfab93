/**
 * Interop: a real django-cas-server (an independent CAS server) issues the tickets; our parsers
 * read its CAS 2.0, CAS 3.0 and SAML 1.1 answers (attributes, failures, proxy-granting and proxy
 * tickets), and our PRONOTE stand-in logs its user in and recognises them in each protocol.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSamlValidateRequest,
  ENTCORE_PRESET,
  parseCasProxyResponse,
  parseCasValidationResponse,
  parseSamlValidateResponse,
  pronoteProfile,
} from '../../src/cas/index';
import { type PronoteStandInOptions, startPronoteStandIn } from '../../src/cas/server/index';
import type { ExpectedPronotePerson } from '../../src/fixtures';
import { CookieJar, type DjangoCas, djangoLogin, startDjangoCas } from './django';
import { get, HAS_DJANGO_CAS, recorder, world } from './helpers';

const ABSENT = 'django-cas-server is not installed (Debian package python3-django-cas-server, run by /usr/bin/python3; .ci/run installs it)';
const PASSWORD = 'django-test-password';
/** django-cas-server adds these to every answer. */
const DJANGO_EXTRAS = ['authenticationDate', 'longTermAuthenticationRequestTokenUsed', 'isFromNewLogin'];

describe.skipIf(!HAS_DJANGO_CAS && process.env.CI !== 'true')(HAS_DJANGO_CAS ? 'django-cas-server: our parsers and our PRONOTE stand-in' : `SKIPPED: ${ABSENT}`, () => {
  let django: DjangoCas;
  let student: ExpectedPronotePerson;
  let released: Record<string, string[]>;
  const jar = new CookieJar();

  beforeAll(async () => {
    if (!HAS_DJANGO_CAS) throw new Error(ABSENT);
    const w = world();
    student = w.groundTruth.schools[0]!.complet.pronote.find((p) => p.population === 'eleves' && p.status === 'matched' && p.divergences.length === 0)!;
    const account = w.schools[0]!.partenaireIndex.eleves.find((e) => e.idPartenaire === student.idPartenaire)!;
    released = pronoteProfile({ ...account, idpn: student.idpn }, 'eleves', { ...ENTCORE_PRESET.profile, user: 'idPartenaire' }).attributes;
    // django-cas-server takes one string per single-valued attribute; a multi-valued one is added.
    const attributes: Record<string, string | string[]> = { ...Object.fromEntries(Object.entries(released).map(([k, v]) => [k, v[0] as string])), groupes: ['4EME2', 'LATIN'] };
    django = await startDjangoCas({ user: student.idPartenaire as string, password: PASSWORD, attributes });
  }, 120_000);

  afterAll(async () => {
    await django?.close();
  });

  function expectDjangoAttributes(attributes: Record<string, string[]>): void {
    for (const name of DJANGO_EXTRAS) expect(attributes[name]).toHaveLength(1);
    expect(attributes.authenticationDate?.[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const ours = Object.fromEntries(Object.entries(attributes).filter(([k]) => !DJANGO_EXTRAS.includes(k)));
    expect(ours).toEqual({ ...released, groupes: ['4EME2', 'LATIN'] });
  }

  async function ticket(service: string): Promise<string> {
    const location = await djangoLogin(django.url, service, student.idPartenaire as string, PASSWORD, jar);
    const t = new URL(location).searchParams.get('ticket');
    expect(t).toMatch(/^ST-/);
    return t as string;
  }

  const SERVICE = 'http://127.0.0.1:9/pronote/';

  it('CAS 2.0 and 3.0 answers: the user and every attribute, multi-valued kept', async () => {
    for (const path of ['/serviceValidate', '/p3/serviceValidate']) {
      const v = parseCasValidationResponse((await get(`${django.url}${path}?service=${encodeURIComponent(SERVICE)}&ticket=${await ticket(SERVICE)}`)).body);
      expect(v.ok).toBe(true);
      if (!v.ok) continue;
      expect(v.user).toBe(student.idPartenaire);
      expect(v.proxies).toEqual([]);
      expectDjangoAttributes(v.attributes);
    }
  });

  it('SAML 1.1 answer read by our parser', async () => {
    const t = await ticket(SERVICE);
    const res = await fetch(`${django.url}/samlValidate?TARGET=${encodeURIComponent(SERVICE)}`, { method: 'POST', body: buildSamlValidateRequest(t), headers: { 'Content-Type': 'text/xml' } });
    const v = parseSamlValidateResponse(await res.text());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.user).toBe(student.idPartenaire);
    // django-cas-server writes one saml:Attribute per value: our reader gathers them.
    expectDjangoAttributes(v.attributes);
  });

  it('failures: a replayed ticket, another service', async () => {
    const t = await ticket(SERVICE);
    expect(parseCasValidationResponse((await get(`${django.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${t}`)).body).ok).toBe(true);
    expect(parseCasValidationResponse((await get(`${django.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${t}`)).body)).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    const t2 = await ticket(SERVICE);
    expect(parseCasValidationResponse((await get(`${django.url}/serviceValidate?service=${encodeURIComponent(`${SERVICE}other`)}&ticket=${t2}`)).body)).toMatchObject({ ok: false, code: 'INVALID_SERVICE' });
    expect(parseCasValidationResponse((await get(`${django.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}`)).body)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('proxy: the PGT reaches our callback, /proxy gives a PT, /proxyValidate names the proxy', async () => {
    const callback = await recorder(200);
    try {
      const pgtUrl = `${callback.url}/pgt-callback`;
      const v = parseCasValidationResponse((await get(`${django.url}/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=${await ticket(SERVICE)}&pgtUrl=${encodeURIComponent(pgtUrl)}`)).body);
      const call = callback.requests.find((u) => u.searchParams.has('pgtIou'))!;
      const pgtIou = call.searchParams.get('pgtIou') as string;
      const pgtId = call.searchParams.get('pgtId') as string;
      expect(pgtIou).toMatch(/^PGTIOU-/);
      expect(pgtId).toMatch(/^PGT-/);
      expect(v).toMatchObject({ ok: true, user: student.idPartenaire, proxyGrantingTicket: pgtIou });
      const target = 'http://127.0.0.1:9/pronote/backend';
      const proxy = parseCasProxyResponse((await get(`${django.url}/proxy?pgt=${pgtId}&targetService=${encodeURIComponent(target)}`)).body);
      expect(proxy.ok).toBe(true);
      const pt = (proxy as { proxyTicket: string }).proxyTicket;
      expect(pt).toMatch(/^PT-/);
      const pv = parseCasValidationResponse((await get(`${django.url}/proxyValidate?service=${encodeURIComponent(target)}&ticket=${pt}`)).body);
      expect(pv.ok).toBe(true);
      if (!pv.ok) return;
      expect(pv.user).toBe(student.idPartenaire);
      expect(pv.proxies).toEqual([pgtUrl]);
      expectDjangoAttributes(pv.attributes);
      // django-cas-server answers a /proxy failure with an authenticationFailure element (the
      // protocol says proxyFailure): our proxy reader refuses it, the validation reader reads it.
      const forged = (await get(`${django.url}/proxy?pgt=PGT-forged&targetService=${encodeURIComponent(target)}`)).body;
      expect(() => parseCasProxyResponse(forged)).toThrow(expect.objectContaining({ code: 'ERR_SCHEMA' }));
      expect(parseCasValidationResponse(forged)).toMatchObject({ ok: false, code: 'INVALID_TICKET' });
    } finally {
      await callback.close();
    }
  });

  for (const [protocol, mode] of [
    ['cas2', 'identite'],
    ['cas3', 'identite-pronote'],
    ['saml11', 'identite'],
  ] as const) {
    it(`our PRONOTE stand-in (${protocol}, mode ${mode}) recognises django-cas-server's user, then links directly`, async () => {
      const options: PronoteStandInOptions = { casUrl: django.url, people: world().schools[0]!.identifiantsComplet, mode, protocol };
      const pronote = await startPronoteStandIn(options);
      try {
        for (const expected of ['recognized', 'linked']) {
          const start = await get(`${pronote.url}/pronote/`);
          expect(start.location).toBe(`${django.url}/login?service=${encodeURIComponent(pronote.serviceUrl)}`);
          const back = await djangoLogin(django.url, pronote.serviceUrl, student.idPartenaire as string, PASSWORD, jar);
          const r = await get(back, { accept: 'application/json' });
          expect(JSON.parse(r.body)).toEqual({ status: expected, population: 'eleves', ident: student.ident, idpn: student.idpn, via: 'cas' });
        }
      } finally {
        await pronote.close();
      }
    });
  }
});
