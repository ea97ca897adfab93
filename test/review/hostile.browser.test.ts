/**
 * Hostile names on the supervision page: markup, quotes and `</script>` in names are shown as
 * text and never run (the page builds its elements with textContent; the CSP allows only the
 * page's own script).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, type ReviewServer } from '../../src/review';
import { e, es, p, ps, resetIdents } from '../match/helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned=2">',
  "'; window.__pwned = 3; '",
  '</script><script>window.__pwned=4</script>',
];

describe.runIf(existsSync(CHROMIUM))('hostile names in the review page', () => {
  let server: ReviewServer;
  let browser: Browser;

  beforeAll(async () => {
    resetIdents(1);
    const ent = { eleves: HOSTILE.map((n, i) => es(`E${i}`, n, n, '2012-01-01')), responsables: [e('R"<b>', '<b>x</b>', '"')] };
    const pronote = { eleves: HOSTILE.map((n, i) => ps(`P${i}`, n, n, '2012-01-01')).concat([ps('P9', HOSTILE[0] as string, HOSTILE[0] as string, '2012-01-01')]), responsables: [p('Q<i>', '</script>', "'")] };
    server = await startReviewServer({ ent, pronote, onSave: () => [] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows them as text, runs none of them, loads nothing else', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(server.url);
    await page.waitForSelector('#rows tr');
    // every hostile name is in a cell, as text
    const cells = await page.$$eval('#rows td.ent-name, #rows td.pronote-name', (tds) => tds.map((td) => td.textContent ?? ''));
    for (const n of HOSTILE) expect(cells).toContain(`${n} ${n}`);
    // the ambiguous person's panel lists hostile candidates as text too
    await page.click('#filters button[data-filter="ambiguous"]');
    await page.waitForSelector('#rows tr[data-key="E:E0"] button.open');
    await page.click('#rows tr[data-key="E:E0"] button.open');
    await page.waitForSelector('#candidates li');
    expect(await page.textContent('#panel-title')).toBe(`${HOSTILE[0] as string} ${HOSTILE[0] as string}`);
    await page.fill('#other-search', 'pwned');
    await page.waitForSelector('#found li');
    await page.click('#tabs button[data-population="responsables"]');
    await page.waitForSelector('#filters button[data-filter="all"]');
    await page.click('#filters button[data-filter="all"]');
    await page.waitForSelector('#rows tr[data-key="E:R\\"<b>"]');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.$$eval('script', (s) => s.map((x) => x.getAttribute('src')))).toEqual(['app.js']);
    expect(await page.$$eval('img, b, i', (x) => x.length)).toBe(0);
    expect(dialogs).toEqual([]);
    const origin = new URL(server.url).origin;
    expect(requests.filter((r) => !r.startsWith(origin))).toEqual([]);
    // an injected inline script is refused by the CSP
    const ran = await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 5'; document.body.appendChild(s); return window.__pwned; })()`);
    expect(ran).toBeUndefined();
  });
});
