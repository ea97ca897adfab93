import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APEREO_PRESET,
  ENTCORE_PRESET,
  LACLASSE_PRESET,
  buildCas10ValidateResponse,
  buildCasProxyResponse,
  buildCasValidationResponse,
  buildSamlValidateRequest,
  buildSamlValidateResponse,
  parseCas10ValidateResponse,
  parseCasProxyResponse,
  parseCasValidationResponse,
  parseSamlValidateRequest,
  parseSamlValidateResponse,
  pronoteProfile,
} from '../../src/cas';
import { ELEVE, PROF_PARENT, PROXIED } from './vectors';

const golden = (name: string): string => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');
const ok = (id: { user: string; attributes: Record<string, string[]> }) => ({ ok: true as const, ...id, proxies: [] as string[] });
const AT = new Date('2026-09-01T08:00:00.000Z');
const DERIVE = { secret: 'gip-recia-test-secret-0123456789', service: 'pronote-0410017W' };

describe('the three ENT layouts, as golden files', () => {
  it('entcore: the login as user, dd/mm/yyyy, categories joined with ";", attributes in cas:attributes', () => {
    const id = pronoteProfile({ ...ELEVE }, ['eleves'], ENTCORE_PRESET.profile);
    expect(id).toEqual({
      user: 'noe.martin',
      attributes: { nom: ['MARTIN'], prenom: ['Noé'], dateNaissance: ['31/12/2010'], codePostal: ['41000'], categories: ['National_1'] },
    });
    expect(buildCasValidationResponse(ok(id), { version: '2.0', layout: ENTCORE_PRESET.layout })).toBe(golden('entcore-cas2.xml'));
    const multi = pronoteProfile({ ...PROF_PARENT }, ['professeurs', 'responsables'], ENTCORE_PRESET.profile);
    expect(multi.attributes.categories).toEqual(['National_3;National_2']);
    expect(buildCasValidationResponse(ok(multi), { version: '2.0', layout: 'entcore' })).toBe(golden('entcore-multi-cas2.xml'));
    expect(parseCasValidationResponse(golden('entcore-multi-cas2.xml'))).toEqual(ok(multi));
  });

  it('laclasse: the opaque id as user, ISO dates, one profile, staff kinds, attributes twice', () => {
    const id = pronoteProfile({ ...PROF_PARENT }, ['professeurs', 'responsables'], LACLASSE_PRESET.profile);
    expect(id.user).toBe('p-4d7a10');
    expect(id.attributes.dateNaissance).toEqual(['1980-02-29']);
    expect(id.attributes.categories).toEqual(['National_3']);
    expect(buildCasValidationResponse(ok(id), { version: '2.0', layout: 'laclasse' })).toBe(golden('laclasse-cas2.xml'));
    const text = golden('laclasse-cas2.xml');
    expect(text.match(/<cas:nom>/g)?.length).toBe(2);
    expect(parseCasValidationResponse(text)).toEqual(ok(id));
    const staff = pronoteProfile({ ...PROF_PARENT }, [{ population: 'personnels', staff: 'vie-scolaire' }], LACLASSE_PRESET.profile);
    expect(staff.attributes.categories).toEqual(['National_5']);
    expect(buildCasValidationResponse(ok(staff), { version: '2.0', layout: 'laclasse' })).toBe(golden('laclasse-staff-cas2.xml'));
  });

  it('apereo (GIP-RECIA): a per-service opaque user, the IDPN attribute, CAS 3.0 XML and JSON, SAML 1.1', () => {
    const id = pronoteProfile({ ...ELEVE, idpn: 'A8BT6EGHDW3QFPXC' }, 'eleves', { ...APEREO_PRESET.profile, derive: DERIVE });
    expect(id.user).toMatch(/^[a-z2-7]{32}$/);
    expect(id.user).toBe(pronoteProfile({ ...ELEVE }, 'eleves', { user: 'derived', derive: DERIVE }).user);
    expect(id.user).not.toBe(pronoteProfile({ ...ELEVE }, 'eleves', { user: 'derived', derive: { ...DERIVE, service: 'other' } }).user);
    expect(id.attributes.IDPN).toEqual(['A8BT6EGHDW3QFPXC']);
    expect(buildCasValidationResponse(ok(id), { version: '3.0', layout: 'apereo' })).toBe(golden('apereo-cas3.xml'));
    expect(buildCasValidationResponse(ok(id), { version: '3.0', format: 'json' })).toBe(golden('apereo-cas3.json'));
    expect(parseCasValidationResponse(golden('apereo-cas3.xml'))).toEqual(ok(id));
    expect(parseCasValidationResponse(golden('apereo-cas3.json'))).toEqual(ok(id));
    const saml = buildSamlValidateResponse(ok(id), {
      recipient: 'https://0410017w.index-education.net/pronote/eleve.html',
      issueInstant: AT,
      responseId: '_5c94b5431c540365e5a70b2874b75996',
      assertionId: '_e5c23ff7a3889e12fa01802a47331653',
      inResponseTo: '_192.168.16.51.1024506224022',
    });
    expect(saml).toBe(golden('apereo-saml11.xml'));
    expect(parseSamlValidateResponse(saml)).toEqual(ok(id));
  });
});

describe('protocol documents, as golden files', () => {
  it('proxy-granting ticket IOU and proxies', () => {
    expect(buildCasValidationResponse(PROXIED, { version: '2.0', layout: 'entcore' })).toBe(golden('proxied-cas2.xml'));
    expect(parseCasValidationResponse(golden('proxied-cas2.xml'))).toEqual(PROXIED);
  });

  it('failures with the protocol codes, XML and JSON', () => {
    const f = { ok: false as const, code: 'INVALID_TICKET' as const, description: 'Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized' };
    expect(buildCasValidationResponse(f, { version: '2.0' })).toBe(golden('failure-cas2.xml'));
    expect(parseCasValidationResponse(golden('failure-cas2.xml'))).toEqual(f);
    expect(parseCasValidationResponse(golden('failure-cas3.json'))).toEqual({ ok: false, code: 'INVALID_SERVICE', description: 'Ticket ST-1 does not match the service' });
    expect(parseCasValidationResponse('<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="TICKET_EXPIRED">\n  gone\n</cas:authenticationFailure></cas:serviceResponse>')).toEqual({
      ok: false,
      code: 'INTERNAL_ERROR',
      rawCode: 'TICKET_EXPIRED',
      description: 'gone',
    });
  });

  it('/proxy answers', () => {
    expect(buildCasProxyResponse({ ok: true, proxyTicket: 'PT-1856392-b98xZrQN4p90ASrw96c8' })).toBe(golden('proxy-success.xml'));
    expect(parseCasProxyResponse(golden('proxy-success.xml'))).toEqual({ ok: true, proxyTicket: 'PT-1856392-b98xZrQN4p90ASrw96c8' });
    expect(parseCasProxyResponse(golden('proxy-failure.xml'))).toEqual({ ok: false, code: 'INVALID_REQUEST', description: "'pgt' and 'targetService' parameters are both required" });
    const json = buildCasProxyResponse({ ok: true, proxyTicket: 'PT-1' }, { format: 'json' });
    expect(JSON.parse(json)).toEqual({ serviceResponse: { proxySuccess: { proxyTicket: 'PT-1' } } });
    expect(parseCasProxyResponse(json)).toEqual({ ok: true, proxyTicket: 'PT-1' });
  });

  it('CAS 1.0 /validate', () => {
    expect(buildCas10ValidateResponse({ ok: true, user: 'e-91c2d0', attributes: {}, proxies: [] })).toBe('yes\ne-91c2d0\n');
    expect(buildCas10ValidateResponse({ ok: false, code: 'INVALID_TICKET', description: 'x' })).toBe('no\n\n');
    expect(parseCas10ValidateResponse('yes\ne-91c2d0\n')).toEqual({ ok: true, user: 'e-91c2d0', attributes: {}, proxies: [] });
    expect(parseCas10ValidateResponse('no\n\n')).toEqual({ ok: false, code: 'INVALID_TICKET', description: '' });
  });

  it('SAML 1.1 requests: ours and phpCAS\'s', () => {
    expect(buildSamlValidateRequest('ST-1-u4hrm3td92cLxpCvrjyl', { requestId: '_192.168.16.51.1024506224022', issueInstant: AT })).toBe(golden('saml11-request.xml'));
    expect(parseSamlValidateRequest(golden('saml11-request.xml'))).toEqual({ ticket: 'ST-1-u4hrm3td92cLxpCvrjyl', requestId: '_192.168.16.51.1024506224022' });
    expect(parseSamlValidateRequest(golden('phpcas-saml-request.xml'))).toEqual({ ticket: 'ST-1-u4hrm3td92cLxpCvrjyl', requestId: '_192.168.16.51.1024506224022' });
    expect(buildSamlValidateRequest('ST-2')).toMatch(/RequestID="_[0-9a-f]{32}"/);
  });

  it('SAML 1.1 failures', () => {
    expect(parseSamlValidateResponse(golden('saml11-failure.xml'))).toEqual({ ok: false, code: 'INVALID_TICKET', description: 'Ticket ST-1-u4hrm3td92cLxpCvrjyl not recognized' });
    expect(parseSamlValidateResponse(golden('django-cas-server-saml-error.xml'))).toEqual({ ok: false, code: 'INVALID_TICKET', rawCode: 'AuthnFailed', description: 'ticket not found' });
  });
});

describe('what django-cas-server writes (its templates, rendered)', () => {
  it('serviceValidate: cas:attributes and name/value attributes, multi-valued, PGT IOU and proxies', () => {
    expect(parseCasValidationResponse(golden('django-cas-server-service-validate.xml'))).toEqual({
      ok: true,
      user: 'e-91c2d0',
      attributes: {
        authenticationDate: ['2026-09-01T08:00:00+00:00'],
        longTermAuthenticationRequestTokenUsed: ['false'],
        isFromNewLogin: ['true'],
        nom: ['MARTIN'],
        categories: ['National_3', 'National_2'],
      },
      proxyGrantingTicket: 'PGTIOU-1-abc',
      proxies: ['https://ent.example.org/pgt'],
    });
  });

  it('samlValidate: default namespaces, repeated Attribute elements merged', () => {
    expect(parseSamlValidateResponse(golden('django-cas-server-saml.xml'))).toEqual({
      ok: true,
      user: 'e-91c2d0',
      attributes: { isFromNewLogin: ['true'], categories: ['National_3', 'National_2'] },
      proxies: [],
    });
  });

  it('attributes only under authenticationSuccess (the flat layout) read the same', () => {
    const v = ok({ user: 'u', attributes: { nom: ['A'], categories: ['National_1', 'National_2'] } });
    const flat = buildCasValidationResponse(v, { layout: 'flat' });
    expect(flat).not.toContain('cas:attributes');
    expect(parseCasValidationResponse(flat)).toEqual(v);
  });
});
