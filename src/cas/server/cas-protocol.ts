/**
 * The protocol core of the test CAS server, without HTTP: ticket issue and validation with the
 * CAS 3.0 specification's rules (single use, expiry, service binding, `renew`, proxy tickets
 * refused by `/serviceValidate`, proxy chains), and the proxy-granting tickets.
 *
 * @internal
 * @module
 */

import type { CasFailureCode, CasIdentity } from '../types';
import { type ProxyGrantingTicketData, type ServiceTicketData, TicketStore } from './tickets';

/** A validation request as the endpoints receive it. */
export interface TicketCheck {
  ticket: string | null;
  service: string | null;
  renew: boolean;
  /** `/proxyValidate` (and `/p3/proxyValidate`): proxy tickets accepted. */
  allowProxyTickets: boolean;
}

/** What a validation attempt gives before the answer is written. */
export type TicketOutcome =
  | { ok: true; identity: CasIdentity; data: ServiceTicketData }
  | { ok: false; code: CasFailureCode; description: string };

/** The ticket registries and rules of one test CAS server. */
export class CasTickets {
  readonly serviceTickets: TicketStore<ServiceTicketData>;
  readonly proxyGrantingTickets: TicketStore<ProxyGrantingTicketData>;
  readonly sessions: TicketStore<{ user: string }>;

  constructor(
    private readonly lookup: (user: string) => CasIdentity | undefined,
    ticketTtlMs: number,
    sessionTtlMs: number,
    now: () => number,
  ) {
    this.serviceTickets = new TicketStore('', ticketTtlMs, now);
    this.proxyGrantingTickets = new TicketStore('PGT-', sessionTtlMs, now);
    this.sessions = new TicketStore('TGT-', sessionTtlMs, now);
  }

  /** Issues a service ticket (`ST-…`) or a proxy ticket (`PT-…`). */
  issue(data: ServiceTicketData): string {
    const value = this.serviceTickets.issue(data);
    return `${data.kind}-${value}`;
  }

  /** Validates (and consumes) a service or proxy ticket. */
  validate(check: TicketCheck): TicketOutcome {
    const { ticket, service } = check;
    if (ticket === null || ticket === '' || service === null || service === '') {
      return { ok: false, code: 'INVALID_REQUEST', description: 'both the ticket and service parameters are required' };
    }
    const kind = ticket.startsWith('ST-') ? 'ST' : ticket.startsWith('PT-') ? 'PT' : undefined;
    if (kind === undefined) return { ok: false, code: 'INVALID_TICKET', description: 'ticket not recognized' };
    // Any validation attempt consumes the ticket, successful or not (CAS 3.0, 3.1.1 and 3.2.1).
    const data = this.serviceTickets.consume(ticket.slice(3));
    if (data === undefined || data.kind !== kind) return { ok: false, code: 'INVALID_TICKET', description: 'ticket not recognized (unknown, already used or expired)' };
    if (kind === 'PT' && !check.allowProxyTickets) {
      return { ok: false, code: 'INVALID_TICKET_SPEC', description: 'a proxy ticket is validated at /proxyValidate, not /serviceValidate' };
    }
    if (data.service !== service) return { ok: false, code: 'INVALID_SERVICE', description: 'the ticket was issued for another service' };
    if (check.renew && !data.fromNewLogin) return { ok: false, code: 'INVALID_TICKET', description: 'renew was asked and the ticket comes from a single sign-on session' };
    const identity = this.lookup(data.user);
    if (identity === undefined) return { ok: false, code: 'INTERNAL_ERROR', description: 'the account of this ticket is gone' };
    return { ok: true, identity, data };
  }
}
