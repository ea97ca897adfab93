/**
 * Helpers of the single sign-on tests: a small generated world, the ENT login at a CAS server
 * (the credential form posted as a browser does), and tool detection for the interop tests.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateFixtures, type GeneratedFixtures } from '../../src/fixtures';

/** The harness password of the tests. */
export const PASSWORD = 'mot-de-passe-de-test';

let cached: GeneratedFixtures | undefined;

/** A generated world (one school, 40 students), generated once per test file. */
export function world(): GeneratedFixtures {
  cached ??= generateFixtures({ seed: 'sso-servers', students: 40, schools: 1 });
  return cached;
}

/** What a POST of the CAS login form gave. */
export interface LoginResult {
  status: number;
  location: string | null;
  /** The `ticket` parameter of the redirection, if any. */
  ticket: string | null;
  /** The `CASTGC=…` cookie, if set. */
  cookie: string | null;
  body: string;
}

/** Posts the CAS login form (`username`, `password`, `service`), without following the redirection. */
export async function casLogin(casUrl: string, username: string, password: string, service: string | null): Promise<LoginResult> {
  const form = new URLSearchParams({ username, password });
  if (service !== null) form.set('service', service);
  const res = await fetch(`${casUrl}/login`, { method: 'POST', body: form, redirect: 'manual' });
  const location = res.headers.get('location');
  const setCookie = res.headers.get('set-cookie');
  const ticket = location === null ? null : new URL(location).searchParams.get('ticket');
  return { status: res.status, location, ticket, cookie: setCookie === null ? null : (setCookie.split(';')[0] as string), body: await res.text() };
}

/** GET `url` (no redirection followed): status, Location, body. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | null; body: string; headers: Headers }> {
  const res = await fetch(url, { redirect: 'manual', headers });
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), headers: res.headers };
}

/** A loopback HTTP server recording the requests it gets (a proxy callback): answers `status`. */
export async function recorder(status = 200): Promise<{ url: string; requests: URL[]; close(): Promise<void> }> {
  const requests: URL[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `yyyy-mm-dd` as `dd/mm/yyyy`. */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** Whether a command runs (`cmd args…` exits 0). */
export function runs(cmd: string, args: readonly string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** phpCAS (Debian's php-cli, php-cas, php-curl, php-xml) is there. */
export const HAS_PHPCAS = existsSync('/usr/share/php/CAS.php') && runs('php', ['-r', 'exit(extension_loaded("curl") && extension_loaded("dom") ? 0 : 1);']);

/** django-cas-server (Debian's python3-django-cas-server) is there. */
export const HAS_DJANGO_CAS = existsSync('/usr/bin/python3') && runs('/usr/bin/python3', ['-c', 'import django, cas_server']);

/** Debian's chromium is there. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
