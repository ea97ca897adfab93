import { describe, expect, it } from 'vitest';
import * as cas from '../../src/cas';

const code = (c: string) => expect.objectContaining({ code: c });
const OK = { ok: true as const, user: 'u', attributes: { nom: ['A'] }, proxies: [] as string[] };
const SOAP = (body: string) => `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

describe('hostile input gets a coded error', () => {
  const readers: [string, (t: string) => unknown][] = [
    ['parseCasValidationResponse', (t) => cas.parseCasValidationResponse(t)],
    ['parseCasProxyResponse', (t) => cas.parseCasProxyResponse(t)],
    ['parseSamlValidateRequest', (t) => cas.parseSamlValidateRequest(t)],
    ['parseSamlValidateResponse', (t) => cas.parseSamlValidateResponse(t)],
  ];

  for (const [name, read] of readers) {
    it(`${name}: DOCTYPE (entity expansion, external entity), oversize, not XML`, () => {
      expect(() => read('<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;</a>')).toThrow(code('ERR_DOCTYPE'));
      expect(() => read('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')).toThrow(code('ERR_DOCTYPE'));
      expect(() => read(`<a>${'x'.repeat(1024 * 1024)}</a>`)).toThrow(code('ERR_LIMIT'));
      expect(() => read('<a><b></a>')).toThrow(code('ERR_XML'));
      expect(() => read('<other xmlns="urn:x"/>')).toThrow(code('ERR_SCHEMA'));
      expect(() => read(42 as unknown as string)).toThrow(code('ERR_ARGUMENT'));
    });
  }

  it('a smaller size limit is honoured, bytes too', () => {
    const text = cas.buildCasValidationResponse(OK);
    expect(() => cas.parseCasValidationResponse(text, { limits: { maxInputBytes: 100 } })).toThrow(code('ERR_LIMIT'));
    expect(() => cas.parseCasValidationResponse(Buffer.from(text), { limits: { maxInputBytes: 100 } })).toThrow(code('ERR_LIMIT'));
    expect(() => cas.parseCasValidationResponse(new Uint8Array([0x3c, 0xff, 0x3e]))).toThrow(code('ERR_ENCODING'));
    expect(() => cas.parseCasValidationResponse('{"serviceResponse":', { format: 'json' })).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCas10ValidateResponse('maybe\n')).toThrow(code('ERR_SCHEMA'));
  });

  it('malformed CAS answers', () => {
    const ns = 'xmlns:cas="http://www.yale.edu/tp/cas"';
    expect(() => cas.parseCasValidationResponse(`<cas:serviceResponse ${ns}/>`)).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse(`<cas:serviceResponse ${ns}><cas:authenticationSuccess/></cas:serviceResponse>`)).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse(`<cas:serviceResponse ${ns}><cas:authenticationSuccess><cas:user> </cas:user></cas:authenticationSuccess></cas:serviceResponse>`)).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse(`<cas:serviceResponse ${ns}><cas:authenticationFailure>x</cas:authenticationFailure></cas:serviceResponse>`)).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse(`<cas:serviceResponse ${ns}><cas:authenticationSuccess><cas:user>a</cas:user><cas:user>b</cas:user></cas:authenticationSuccess></cas:serviceResponse>`)).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse(`<serviceResponse><authenticationSuccess><user>a</user></authenticationSuccess></serviceResponse>`)).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse('{"serviceResponse":{"authenticationSuccess":{"user":{"x":1}}}}')).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseCasValidationResponse('{"serviceResponse":{"authenticationSuccess":{"user":"u","attributes":{"a":[{}]}}}}')).toThrow(code('ERR_SCHEMA'));
  });

  it('malformed SAML: no envelope, no ticket, no user, two users, no status', () => {
    const resp = (inner: string) => SOAP(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion">${inner}</samlp:Response>`);
    const success = '<samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status>';
    const subject = (u: string) => `<saml:Subject><saml:NameIdentifier>${u}</saml:NameIdentifier></saml:Subject>`;
    expect(() => cas.parseSamlValidateRequest('<samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"/>')).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseSamlValidateRequest(SOAP('<samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"/>'))).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseSamlValidateRequest(SOAP('<samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"><samlp:AssertionArtifact> </samlp:AssertionArtifact></samlp:Request>'))).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseSamlValidateResponse(resp(''))).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseSamlValidateResponse(resp(success))).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseSamlValidateResponse(resp(`${success}<saml:Assertion><saml:AuthenticationStatement/></saml:Assertion>`))).toThrow(code('ERR_SCHEMA'));
    expect(() => cas.parseSamlValidateResponse(resp(`${success}<saml:Assertion><saml:AuthenticationStatement>${subject('a')}</saml:AuthenticationStatement><saml:AttributeStatement>${subject('b')}</saml:AttributeStatement></saml:Assertion>`))).toThrow(code('ERR_SCHEMA'));
    expect(cas.parseSamlValidateResponse(resp(`${success}<saml:Assertion><saml:AuthenticationStatement>${subject(' a ')}</saml:AuthenticationStatement></saml:Assertion>`))).toEqual({ ok: true, user: 'a', attributes: {}, proxies: [] });
  });
});

describe('every exported function checks its arguments (ERR_ARGUMENT)', () => {
  const bad: [string, () => unknown][] = [
    ['pronoteProfile: no account', () => cas.pronoteProfile(null as never, 'eleves')],
    ['pronoteProfile: unknown population', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B' }, 'staff' as never)],
    ['pronoteProfile: no profile', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B' }, [])],
    ['pronoteProfile: bad date', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B', dateNaissance: '2011-02-29' }, 'eleves')],
    ['pronoteProfile: login missing', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B' }, 'eleves', { user: 'login' })],
    ['pronoteProfile: derive missing', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B' }, 'eleves', { user: 'derived' })],
    ['pronoteProfile: staff kind on a student', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B' }, { population: 'eleves', staff: 'autre' })],
    ['pronoteProfile: same attribute names', () => cas.pronoteProfile({ idPartenaire: 'a', nom: 'A', prenom: 'B' }, 'eleves', { attributeNames: { prenom: 'nom' } })],
    ['buildCasValidationResponse: no validation', () => cas.buildCasValidationResponse(undefined as never)],
    ['buildCasValidationResponse: empty values', () => cas.buildCasValidationResponse({ ...OK, attributes: { a: [] } })],
    ['buildCasValidationResponse: bad name', () => cas.buildCasValidationResponse({ ...OK, attributes: { 'a:b': ['x'] } })],
    ['buildCasValidationResponse: spaces around the user', () => cas.buildCasValidationResponse({ ...OK, user: ' u' })],
    ['buildCasValidationResponse: JSON in 2.0', () => cas.buildCasValidationResponse(OK, { version: '2.0', format: 'json' })],
    ['buildCasValidationResponse: unknown layout', () => cas.buildCasValidationResponse(OK, { layout: 'x' as never })],
    ['buildCasValidationResponse: unknown code', () => cas.buildCasValidationResponse({ ok: false, code: 'NOPE' as never, description: '' })],
    ['buildCasProxyResponse', () => cas.buildCasProxyResponse({ ok: true, proxyTicket: '' })],
    ['buildCas10ValidateResponse', () => cas.buildCas10ValidateResponse({ ...OK, user: 'a\nb' })],
    ['buildSamlValidateRequest', () => cas.buildSamlValidateRequest('')],
    ['buildSamlValidateRequest: bad id', () => cas.buildSamlValidateRequest('ST-1', { requestId: '1 2' })],
    ['buildSamlValidateResponse: no recipient', () => cas.buildSamlValidateResponse(OK, {} as never)],
    ['buildSamlValidateResponse: proxies', () => cas.buildSamlValidateResponse({ ...OK, proxies: ['https://p'] }, { recipient: 'https://s' })],
    ['parseCasValidationResponse: options', () => cas.parseCasValidationResponse('x', { format: 'yaml' as never })],
    ['parseCasValidationResponse: limits', () => cas.parseCasValidationResponse('x', { limits: { maxInputBytes: -1 } })],
    ['recognizeCasUser: a failure', () => cas.recognizeCasUser({ ok: false, code: 'INVALID_TICKET', description: '' }, {}, { mode: 'identite' })],
    ['recognizeCasUser: mode', () => cas.recognizeCasUser(OK, {}, { mode: 'x' as never })],
    ['recognizeCasUser: people', () => cas.recognizeCasUser(OK, null as never, { mode: 'identite' })],
    ['apereoServiceDefinition: URL', () => cas.apereoServiceDefinition({ pronoteUrl: 'ftp://x', id: 1, name: 'P' })],
    ['apereoServiceDefinition: id', () => cas.apereoServiceDefinition({ pronoteUrl: 'https://x/', id: 0, name: 'P' })],
    ['idpnToStore', () => cas.idpnToStore({} as never)],
    ['categoryOf', () => cas.categoryOf('x' as never)],
    ['populationsOfCategories', () => cas.populationsOfCategories('National_1' as never)],
  ];
  for (const [what, call] of bad) it(what, () => expect(call).toThrow(code('ERR_ARGUMENT')));

  it('messages never quote the values they refuse', () => {
    try {
      cas.buildCasValidationResponse({ ...OK, user: ' DUPONT Jean' });
      expect.unreachable();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('DUPONT');
    }
  });
});
