/**
 * RSA JSON Web Key import (RFC 7517, RFC 7518 section 6.3).
 *
 * @internal
 * @module
 */

import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { EntPronoteError } from '../errors';

const B64URL = /^[A-Za-z0-9_-]+$/;
const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/** Parses JWK JSON text. */
export function parseJwkText(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the key text starts with "{" but is not valid JSON (expected a JWK)');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the JSON key is not an object (expected a JWK)');
  }
  return value as Record<string, unknown>;
}

function single(jwk: Record<string, unknown>): Record<string, unknown> {
  if (!('keys' in jwk)) return jwk;
  const keys = jwk.keys;
  if (!Array.isArray(keys) || keys.length !== 1 || keys[0] === null || typeof keys[0] !== 'object') {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'a JWK set must hold exactly one key here');
  }
  return keys[0] as Record<string, unknown>;
}

function field(jwk: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = jwk[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !B64URL.test(v)) {
    throw new EntPronoteError('ERR_KEY_FORMAT', `the RSA JWK member "${name}" is ${v === undefined ? 'missing' : 'not a base64url string'}`);
  }
  return v;
}

function checkKty(jwk: Record<string, unknown>): void {
  const kty = jwk.kty;
  if (typeof kty !== 'string') throw new EntPronoteError('ERR_KEY_FORMAT', 'the JWK has no "kty" member');
  if (kty !== 'RSA') {
    throw new EntPronoteError('ERR_KEY_UNSUPPORTED', `the JWK is of type ${JSON.stringify(kty.slice(0, 10))}; envelopes need an RSA key (kty "RSA")`);
  }
}

/** Imports a public RSA JWK. A private JWK is refused (give the public key). */
export function publicKeyFromJwk(input: Record<string, unknown>): KeyObject {
  const jwk = single(input);
  checkKty(jwk);
  if (jwk.d !== undefined) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'this JWK is a private key; give the public key (kty, n, e) to seal');
  }
  const key: JsonWebKey = { kty: 'RSA', n: field(jwk, 'n', true), e: field(jwk, 'e', true) };
  try {
    return createPublicKey({ key, format: 'jwk' });
  } catch (cause) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the RSA JWK is not a valid public key', { cause });
  }
}

/** Imports a private RSA JWK (with its CRT members). */
export function privateKeyFromJwk(input: Record<string, unknown>): KeyObject {
  const jwk = single(input);
  checkKty(jwk);
  if (jwk.d === undefined) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'this JWK is a public key; opening needs the private key (with d, p, q, dp, dq, qi)');
  }
  const key: JsonWebKey = { kty: 'RSA', n: field(jwk, 'n', true), e: field(jwk, 'e', true) };
  for (const f of PRIVATE_FIELDS) key[f] = field(jwk, f, true);
  try {
    return createPrivateKey({ key, format: 'jwk' });
  } catch (cause) {
    throw new EntPronoteError('ERR_KEY_FORMAT', 'the RSA JWK is not a valid private key', { cause });
  }
}
