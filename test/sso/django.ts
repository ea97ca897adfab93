/**
 * Starts a real django-cas-server (Debian's python3-django-cas-server) on loopback for the
 * interop tests: a minimal Django project (test/sso/django/), sqlite in a temporary folder, one
 * test user with the attributes of the test, service patterns allowing loopback services with
 * proxy and proxy callback. Also the browser-less login at its form (CSRF token, login ticket).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running django-cas-server. */
export interface DjangoCas {
  url: string;
  close(): Promise<void>;
}

/** Options of {@link startDjangoCas}. */
export interface DjangoCasOptions {
  user: string;
  password: string;
  /** `CAS_TEST_ATTRIBUTES`: a string per single value, a list for several. */
  attributes: Record<string, string | string[]>;
}

/** Starts the server and resolves once it listens (its URL comes on its stdout). */
export async function startDjangoCas(options: DjangoCasOptions): Promise<DjangoCas> {
  const dir = mkdtempSync(join(tmpdir(), 'ent-pronote-django-cas-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      db: join(dir, 'db.sqlite3'),
      secret: randomBytes(32).toString('hex'),
      user: options.user,
      password: options.password,
      attributes: options.attributes,
      services: [{ name: 'loopback', pattern: '^http://127\\.0\\.0\\.1:[0-9]+/.*$', proxy: true, proxy_callback: true }],
    }),
  );
  const child: ChildProcess = spawn('/usr/bin/python3', [join(__dirname, 'django', 'serve.py')], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CAS_TEST_CONFIG: config, PYTHONDONTWRITEBYTECODE: '1', HOME: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`django-cas-server did not start in 90 s: ${stderr.slice(-2000)}`)), 90_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /LISTENING (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`django-cas-server exited (${code}): ${stderr.slice(-2000)}`));
    });
  });
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cookies of a client, kept across requests (enough for Django's csrftoken and sessionid). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Stores the `Set-Cookie` headers of an answer. */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      if (eq > 0) this.cookies.set((pair as string).slice(0, eq).trim(), (pair as string).slice(eq + 1).trim());
    }
  }

  /** The `Cookie` header. */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (m === null) throw new Error(`no hidden field ${name} in the django-cas-server login form`);
  return m[1] as string;
}

/**
 * Logs in at django-cas-server's form for `service` (or, with a session in `jar`, straight from
 * the SSO session) and returns the redirection to the service, with its ticket.
 */
export async function djangoLogin(casUrl: string, service: string, user: string, password: string, jar = new CookieJar()): Promise<string> {
  const loginUrl = `${casUrl}/login?service=${encodeURIComponent(service)}`;
  const form = await fetch(loginUrl, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(form);
  if (form.status === 302) return form.headers.get('location') as string;
  const html = await form.text();
  const body = new URLSearchParams({
    csrfmiddlewaretoken: hidden(html, 'csrfmiddlewaretoken'),
    lt: hidden(html, 'lt'),
    service,
    renew: 'False',
    username: user,
    password,
  });
  const res = await fetch(`${casUrl}/login`, { method: 'POST', body, redirect: 'manual', headers: { cookie: jar.header(), referer: loginUrl } });
  jar.take(res);
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null) throw new Error(`django-cas-server login failed (HTTP ${res.status})`);
  return location;
}
