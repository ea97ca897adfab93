/**
 * Shapes shared by the CAS documents of `ent-pronote/cas`: what a CAS server vouches for
 * ({@link CasIdentity}) and what a ticket validation says ({@link CasValidation}).
 *
 * @module
 */

/** The CAS user and attributes released for an account (what PRONOTE reads). */
export interface CasIdentity {
  /** The CAS user (`cas:user`, SAML `NameIdentifier`). */
  user: string;
  /** Attributes by name, each with one or more values, in release order. */
  attributes: Record<string, string[]>;
}

/**
 * The failure codes of the CAS protocol (CAS 2.0/3.0 `authenticationFailure`, `proxyFailure`).
 * Readers report a code outside this list as `INTERNAL_ERROR`, with the code as written in
 * `rawCode`.
 */
export type CasFailureCode =
  | 'INVALID_REQUEST'
  | 'INVALID_TICKET_SPEC'
  | 'UNAUTHORIZED_SERVICE_PROXY'
  | 'INVALID_PROXY_CALLBACK'
  | 'INVALID_TICKET'
  | 'INVALID_SERVICE'
  | 'INTERNAL_ERROR';

/** Every {@link CasFailureCode}, in the order of the CAS 3.0 specification. */
export const CAS_FAILURE_CODES: readonly CasFailureCode[] = Object.freeze([
  'INVALID_REQUEST',
  'INVALID_TICKET_SPEC',
  'UNAUTHORIZED_SERVICE_PROXY',
  'INVALID_PROXY_CALLBACK',
  'INVALID_TICKET',
  'INVALID_SERVICE',
  'INTERNAL_ERROR',
] as const);

/** A successful ticket validation. */
export interface CasValidationSuccess {
  ok: true;
  /** The CAS user. */
  user: string;
  /** Released attributes (multi-valued attributes keep every value, in order). */
  attributes: Record<string, string[]>;
  /** The proxy-granting ticket IOU (`PGTIOU-…`), when the service asked for one. */
  proxyGrantingTicket?: string;
  /** The proxies the ticket went through, most recent first (empty for a service ticket). */
  proxies: string[];
}

/** A failed ticket validation, with the protocol's code. */
export interface CasValidationFailure {
  ok: false;
  code: CasFailureCode;
  /** The server's human-readable explanation (trimmed; may be empty). */
  description: string;
  /** The code as the server wrote it, when it is not one of {@link CAS_FAILURE_CODES}. */
  rawCode?: string;
}

/** The outcome of a ticket validation (`/serviceValidate`, `/proxyValidate`, `/samlValidate`, `/validate`). */
export type CasValidation = CasValidationSuccess | CasValidationFailure;

/** The outcome of a `/proxy` request. */
export type CasProxyResult =
  | { ok: true; proxyTicket: string }
  | { ok: false; code: CasFailureCode; description: string; rawCode?: string };

/** The namespace of CAS 2.0/3.0 XML answers. */
export const CAS_NAMESPACE = 'http://www.yale.edu/tp/cas';
