/**
 * The tickets of the test CAS server: service tickets (`ST-`), proxy tickets (`PT-`),
 * proxy-granting tickets (`PGT-`) and their IOUs (`PGTIOU-`), and ticket-granting tickets
 * (`TGT-`, the single sign-on session). Values come from the CSPRNG; service and proxy tickets are
 * single use (consumed by any validation attempt, successful or not, as the CAS protocol says),
 * bound to their service, and expire.
 *
 * @internal
 * @module
 */

import { randomToken } from './http';

/** What a service or proxy ticket was issued for. */
export interface ServiceTicketData {
  /** `ST` (from `/login`) or `PT` (from `/proxy`). */
  kind: 'ST' | 'PT';
  /** The CAS user the ticket vouches for. */
  user: string;
  /** The service the ticket was issued for (compared exactly when validated). */
  service: string;
  /** Issued from the user's credentials (not from a single sign-on session). */
  fromNewLogin: boolean;
  /** Proxy tickets: the proxies the authentication went through, most recent first. */
  proxies: string[];
}

/** A proxy-granting ticket. */
export interface ProxyGrantingTicketData {
  user: string;
  /** The proxies the authentication went through, most recent (this PGT's callback) first. */
  proxies: string[];
}

interface Entry<T> {
  data: T;
  expiresAt: number;
}

/** A bounded map of tickets with an expiry (oldest dropped first when full). */
export class TicketStore<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Issues a ticket for `data` and returns its value. */
  issue(data: T): string {
    this.purge();
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    const value = randomToken(this.prefix);
    this.entries.set(value, { data, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  /** Takes a ticket out of the store: its data when it existed and had not expired. */
  consume(value: string): T | undefined {
    const entry = this.entries.get(value);
    if (entry === undefined) return undefined;
    this.entries.delete(value);
    return entry.expiresAt > this.now() ? entry.data : undefined;
  }

  /** Reads a ticket without consuming it (PGT, TGT): its data when it exists and has not expired. */
  peek(value: string): T | undefined {
    const entry = this.entries.get(value);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(value);
      return undefined;
    }
    return entry.data;
  }

  /** Removes a ticket (logout). */
  delete(value: string): void {
    this.entries.delete(value);
  }

  /** How many tickets are held (expired ones not purged yet included). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops expired tickets (entries are in issue order, hence in expiry order). */
  private purge(): void {
    const t = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > t) break;
      this.entries.delete(key);
    }
  }
}
