/**
 * A real browser (Debian's chromium, driven by playwright-core) walks the whole link: PRONOTE
 * stand-in → ENT login at our CAS server → back to PRONOTE, recognised, in each of the three
 * modes; later connections are direct; an unknown user lands on the first-connection screen;
 * `?login=true` bypasses the CAS.
 */

import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CasTestServer, type PronoteLogin, type PronoteStandIn, startCasTestServer, startPronoteStandIn } from '../../src/cas/server/index';
import type { ExpectedPronotePerson } from '../../src/fixtures';
import type { IdentifiantsPronote, PronotePersonne } from '../../src/index';
import { CHROMIUM, HAS_CHROMIUM, world } from './helpers';

const ABSENT = 'chromium is not installed (Debian package chromium; .ci/run installs it)';

describe.skipIf(!HAS_CHROMIUM && process.env.CI !== 'true')(HAS_CHROMIUM ? 'browser: ENT login → PRONOTE stand-in' : `SKIPPED: ${ABSENT}`, () => {
  let browser: Browser;
  let cas: CasTestServer;
  let people: IdentifiantsPronote;
  let truth: ExpectedPronotePerson[];
  let logins: PronoteLogin[];
  const standIns: PronoteStandIn[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(ABSENT);
    const w = world();
    people = w.schools[0]!.identifiantsComplet;
    truth = w.groundTruth.schools[0]!.complet.pronote;
    logins = w.groundTruth.sso!.schools[0]!.pronote;
    // The fixture world itself: each account logs in with its ENT login and password (ground truth `sso`).
    cas = await startCasTestServer({ accounts: w, layout: 'entcore' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of standIns) await s.close();
    await cas?.close();
  });

  function matched(population: string, n: number): ExpectedPronotePerson {
    return truth.filter((p) => p.population === population && p.status === 'matched' && p.divergences.length === 0)[n]!;
  }

  function loginOf(p: ExpectedPronotePerson): PronoteLogin {
    return logins.find((l) => l.population === p.population && l.ident === p.ident)!;
  }

  function personOf(p: ExpectedPronotePerson): PronotePersonne {
    return (people[p.population] as PronotePersonne[]).find((x) => x.ident === p.ident)!;
  }

  async function entLogin(page: Page, idPartenaire: string): Promise<void> {
    const account = world().groundTruth.sso!.schools[0]!.accounts.find((a) => a.idPartenaire === idPartenaire)!;
    await page.waitForURL(`${cas.url}/login?**`);
    await page.fill('input[name=username]', account.login);
    await page.fill('input[name=password]', account.password);
    await Promise.all([page.waitForURL((u) => !u.href.startsWith(cas.url)), page.click('button[type=submit]')]);
  }

  async function statusOf(page: Page): Promise<{ status: string | null; idpn: string | null; population: string | null }> {
    const main = page.locator('main');
    return { status: await main.getAttribute('data-status'), idpn: await main.getAttribute('data-idpn'), population: await main.getAttribute('data-population') };
  }

  for (const [mode, protocol, population, n] of [
    ['identite', 'cas2', 'eleves', 2],
    ['identite-pronote', 'cas3', 'responsables', 1],
    ['double-authentification', 'saml11', 'professeurs', 1],
  ] as const) {
    it(`mode ${mode} (${protocol}): a ${population} user logs in at the ENT and PRONOTE recognises them; the next connection is direct`, async () => {
      const pronote = await startPronoteStandIn({ casUrl: cas.url, people, mode, protocol, logins });
      standIns.push(pronote);
      const p = matched(population, n);
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${pronote.url}/pronote/`);
        await entLogin(page, p.idPartenaire as string);
        if (mode === 'double-authentification') {
          expect((await statusOf(page)).status).toBe('double-authentification');
          await page.fill('input[name=login]', loginOf(p).login);
          await page.fill('input[name=password]', loginOf(p).password);
          await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
        }
        expect(await statusOf(page)).toEqual({ status: 'recognized', idpn: p.idpn, population });
        const person = personOf(p);
        expect(await page.locator('#who').textContent()).toBe(`${person.prenom} ${person.nom}`);
        // Later: PRONOTE's session ends; the ENT session stays; the link made is used.
        await page.goto(`${pronote.url}/pronote/logout`);
        await page.goto(`${pronote.url}/pronote/`);
        await page.waitForURL(`${pronote.url}/pronote/?ticket=**`);
        expect(await statusOf(page)).toEqual({ status: 'linked', idpn: p.idpn, population });
      } finally {
        await context.close();
      }
    });
  }

  it('an ENT user PRONOTE does not know lands on the first-connection screen', async () => {
    const pronote = await startPronoteStandIn({ casUrl: cas.url, people, mode: 'identite' });
    standIns.push(pronote);
    const unknown = world().groundTruth.schools[0]!.complet.ent.find((a) => a.reason === 'no-candidate' && a.trueIdpn === undefined)!;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${pronote.url}/pronote/`);
      await entLogin(page, unknown.idPartenaire);
      expect((await statusOf(page)).status).toBe('unknown');
      expect(await page.locator('h1').textContent()).toBe('PRONOTE — première connexion');
    } finally {
      await context.close();
    }
  });

  it('?login=true shows PRONOTE\'s own form without going to the ENT', async () => {
    const pronote = await startPronoteStandIn({ casUrl: cas.url, people, mode: 'identite', logins });
    standIns.push(pronote);
    const p = matched('eleves', 3);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${pronote.url}/pronote/?login=true`);
      expect(page.url()).toBe(`${pronote.url}/pronote/?login=true`);
      expect((await statusOf(page)).status).toBe('login');
      await page.fill('input[name=login]', loginOf(p).login);
      await page.fill('input[name=password]', loginOf(p).password);
      await Promise.all([page.waitForURL(`${pronote.url}/pronote/login`), page.click('button[type=submit]')]);
      expect(await statusOf(page)).toEqual({ status: 'connected', idpn: p.idpn, population: 'eleves' });
    } finally {
      await context.close();
    }
  });
});
