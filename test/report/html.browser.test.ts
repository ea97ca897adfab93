/**
 * The HTML report in a real headless browser (Debian's chromium through playwright-core):
 * it renders the counts, the filters show and hide rows, and the CSP lets the page's own script
 * run while blocking anything else. Skipped with a message when chromium is absent, except in
 * CI (`process.env.CI` set), where its absence fails.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMatchHtml } from '../../src/report';
import { sampleResult } from './sample';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI !== undefined && process.env.CI !== '';

if (!available && !inCi) {
  console.warn(`[html.browser.test] chromium not found at ${CHROMIUM}: browser tests of the HTML report skipped (set CHROMIUM_PATH)`);
}

describe('chromium availability', () => {
  it.runIf(inCi)('chromium is installed in CI', () => {
    expect(available, `chromium not found at ${CHROMIUM}`).toBe(true);
  });
});

describe.runIf(available)('renderMatchHtml in headless chromium', () => {
  let browser: Browser;
  let dir: string;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = mkdtempSync(join(tmpdir(), 'ent-pronote-html-'));
    const file = join(dir, 'rapport.html');
    writeFileSync(file, renderMatchHtml(sampleResult(), { subtitle: 'Lycée de test' }), 'utf8');
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const visibleStatuses = (population: string): Promise<string[]> =>
    page.$$eval(`section[data-population="${population}"] tbody tr`, (rows) =>
      rows.filter((r) => (r as unknown as { offsetParent: unknown }).offsetParent !== null).map((r) => r.getAttribute('data-status') ?? ''),
    );

  it('loads only the page itself, without CSP violation or script error', () => {
    expect(requests).toHaveLength(1);
    expect(requests[0]?.startsWith('file://')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('renders the counts', async () => {
    expect(await page.title()).toBe('Rapprochement ENT ⇄ PRONOTE');
    const cell = (pop: string, key: string): Promise<string> => page.$eval(`#summary tr[data-population="${pop}"] td[data-count="${key}"]`, (td) => td.textContent ?? '');
    expect(await cell('eleves', 'matched')).toBe('2');
    expect(await cell('eleves', 'linked')).toBe('3');
    expect(await cell('eleves', 'entAmbiguous')).toBe('2');
    expect(await cell('eleves', 'pronoteAmbiguous')).toBe('1');
    expect(await cell('eleves', 'entUnmatched')).toBe('1');
    expect(await cell('responsables', 'entUnmatched')).toBe('1');
    expect(await cell('responsables', 'pronoteUnmatched')).toBe('1');
    expect(await cell('total', 'ent')).toBe('11');
    expect(await page.$eval('#pop-eleves h2', (h) => h.textContent)).toBe('Élèves');
    // escaped data is shown as text, not markup
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await page.locator('#pop-eleves td', { hasText: '<script>alert(1)</script>' }).count()).toBe(1);
  });

  it('shows and hides rows with the filters', async () => {
    expect(await visibleStatuses('eleves')).toEqual(['ambiguous', 'ambiguous', 'ambiguous', 'unmatched', 'unmatched', 'matched', 'matched', 'manual']);
    await page.click('#pop-eleves button[data-filter="unmatched-ent"]');
    expect(await visibleStatuses('eleves')).toEqual(['unmatched']);
    expect(await page.getAttribute('#pop-eleves button[data-filter="unmatched-ent"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('#pop-eleves button[data-filter="all"]', 'aria-pressed')).toBe('false');
    // other populations are untouched
    expect(await visibleStatuses('responsables')).toEqual(['unmatched', 'unmatched', 'matched']);
    await page.click('#pop-eleves button[data-filter="ambiguous"]');
    expect(await visibleStatuses('eleves')).toEqual(['ambiguous', 'ambiguous', 'ambiguous']);
    await page.click('#pop-eleves button[data-filter="linked"]');
    expect(await visibleStatuses('eleves')).toEqual(['matched', 'matched', 'manual']);
    // every filter shows as many rows as its button says
    for (const pop of ['eleves', 'professeurs', 'responsables', 'personnels']) {
      for (const f of ['all', 'linked', 'conflict', 'ambiguous', 'unmatched-ent', 'unmatched-pronote']) {
        await page.click(`#pop-${pop} button[data-filter="${f}"]`);
        const label = (await page.textContent(`#pop-${pop} button[data-filter="${f}"]`)) ?? '';
        expect((await visibleStatuses(pop)).length).toBe(Number(/\((\d+)\)$/.exec(label)?.[1]));
      }
    }
    await page.click('#pop-professeurs button[data-filter="conflict"]');
    expect(await visibleStatuses('professeurs')).toEqual(['conflict']);
    await page.click('#pop-eleves button[data-filter="all"]');
    expect(await visibleStatuses('eleves')).toHaveLength(8);
  });

  it('blocks any script the data could smuggle in (CSP)', async () => {
    // A script added at run time has no allowed hash: the CSP must refuse to run it.
    const blocked = await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      return window.__injected === true;
    })()`);
    expect(blocked).toBe(false);
  });
});
