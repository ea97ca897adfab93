import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAS_FAILURE_CODES,
  CAS_LAYOUTS,
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
  type CasValidation,
  type CasValidationSuccess,
} from '../../src/cas';

/** Characters XML 1.0 can carry, with the troublesome ones over-represented. */
const xmlChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', ' ', ']]>', '&amp;', 'é', '’', '\u00A0', '😀', '\uFEFF') },
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
);
const value = fc.array(xmlChar, { maxLength: 8 }).map((a) => a.join('').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
/** Tokens (user, tickets): no surrounding white space (readers trim it), not empty. */
const token = value.map((v) => v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')).filter((v) => v !== '');
const lineToken = token.map((t) => t.replace(/[\r\n]/g, 'x')).filter((t) => t.replace(/^[ \t]+|[ \t]+$/g, '') === t && t !== '');
/** Attribute names: XML names without colon, including the laclasse/flat reserved ones for the other layouts. */
const name = fc.oneof(fc.constantFrom('nom', 'prenom', 'dateNaissance', 'categories', 'IDPN', 'é_1', 'a.b-c', 'user', 'proxies'), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,8}$/));
const attributes = fc.dictionary(name, fc.array(value, { minLength: 1, maxLength: 3 }), { maxKeys: 5 });
const success: fc.Arbitrary<CasValidationSuccess> = fc
  .record({ user: token, attributes, pgt: fc.option(token, { nil: undefined }), proxies: fc.array(token, { maxLength: 3 }) })
  .map(({ user, attributes, pgt, proxies }) => ({ ok: true as const, user, attributes, proxies, ...(pgt !== undefined ? { proxyGrantingTicket: pgt } : {}) }));
const failure = fc.record({ ok: fc.constant(false as const), code: fc.constantFrom(...CAS_FAILURE_CODES), description: token.map((t) => t) });
const RESERVED = new Set(['user', 'attributes', 'attribute', 'proxyGrantingTicket', 'proxies', 'proxy']);

describe('build → parse round trips', () => {
  it('CAS 2.0 and 3.0 XML, every layout; CAS 3.0 JSON', () => {
    fc.assert(
      fc.property(fc.oneof(success, failure), fc.constantFrom(...CAS_LAYOUTS), fc.constantFrom('2.0' as const, '3.0' as const), (v: CasValidation, layout, version) => {
        const usable = !v.ok || (layout !== 'laclasse' && layout !== 'flat') || Object.keys(v.attributes).every((n) => !RESERVED.has(n));
        if (!usable) {
          expect(() => buildCasValidationResponse(v, { version, layout })).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
          return;
        }
        expect(parseCasValidationResponse(buildCasValidationResponse(v, { version, layout }))).toEqual(v);
        expect(parseCasValidationResponse(buildCasValidationResponse(v, { version: '3.0', format: 'json' }))).toEqual(v);
        // The same answer as bytes.
        expect(parseCasValidationResponse(Buffer.from(buildCasValidationResponse(v, { version, layout }), 'utf8'))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('SAML 1.1 answers and requests', () => {
    fc.assert(
      fc.property(fc.oneof(success.map((s) => ({ ...s, proxies: [] })), failure), token, (v: CasValidation, ticket) => {
        const back = parseSamlValidateResponse(buildSamlValidateResponse(v, { recipient: 'https://pronote.example/eleve.html?a=1&b=2' }));
        if (v.ok) {
          const { proxyGrantingTicket: _pgt, ...rest } = v;
          expect(back).toEqual(rest);
        } else expect(back).toEqual(v);
        expect(parseSamlValidateRequest(buildSamlValidateRequest(ticket)).ticket).toBe(ticket);
      }),
      { numRuns: 200 },
    );
  });

  it('/proxy answers and CAS 1.0', () => {
    fc.assert(
      fc.property(token, failure, lineToken, fc.constantFrom('xml' as const, 'json' as const), (pt, f, user, format) => {
        expect(parseCasProxyResponse(buildCasProxyResponse({ ok: true, proxyTicket: pt }, { format }))).toEqual({ ok: true, proxyTicket: pt });
        expect(parseCasProxyResponse(buildCasProxyResponse(f, { format }))).toEqual(f);
        expect(parseCas10ValidateResponse(buildCas10ValidateResponse({ ok: true, user, attributes: {}, proxies: [] }))).toEqual({ ok: true, user, attributes: {}, proxies: [] });
      }),
      { numRuns: 200 },
    );
  });
});
