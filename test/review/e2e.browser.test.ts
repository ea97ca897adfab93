/**
 * `ent-pronote review` end to end, as an administrator would use it: the built command serves a
 * generated school, headless chromium (Debian's, through playwright-core) filters the unmatched,
 * resolves every homonym student and a student whose birth date differs individually, confirms
 * and saves; matching again with the saved decisions gives exactly the real links of the
 * generator's ground truth. A screenshot of each main view is kept under test-artifacts/review/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchAccounts, type ManualDecisions } from '../../src/index';
import { CLI, ensureBuilt, ROOT } from '../cli/build';
import { realLinks, reviewWorld } from './world';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI !== undefined && process.env.CI !== '';
const ARTIFACTS = join(ROOT, 'test-artifacts', 'review');

describe('chromium availability (review)', () => {
  it.runIf(inCi)('chromium is installed in CI', () => {
    expect(available, `chromium not found at ${CHROMIUM}`).toBe(true);
  });
});

describe.runIf(available)('ent-pronote review in headless chromium', () => {
  const world = reviewWorld();
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'ent-pronote-review-'));
    writeFileSync(join(dir, 'PARTENAIRE_INDEX.xml'), world.partenaireIndexXml, { mode: 0o600 });
    writeFileSync(join(dir, 'IdPN_To_FIXTURES.xml'), world.identifiantsXml, { mode: 0o600 });
    child = spawn(process.execPath, [CLI, 'review', '--ent', join(dir, 'PARTENAIRE_INDEX.xml'), '--pronote', join(dir, 'IdPN_To_FIXTURES.xml'), '--out', join(dir, 'saved')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.on('exit', (code) => reject(new Error(`review exited ${code}: ${err}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#summary tr[data-population="eleves"]');
    await page.waitForSelector('#rows tr');
  });

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const filterCount = async (f: string): Promise<number> => {
    const text = (await page.textContent(`#filters button[data-filter="${f}"]`)) ?? '';
    return Number(/\((\d+)\)$/.exec(text)?.[1]);
  };
  const until = async (f: () => Promise<boolean>): Promise<void> => {
    await expect.poll(f, { timeout: 15_000, interval: 50 }).toBe(true);
  };
  const rowStatuses = (): Promise<string[]> => page.$$eval('#rows tr', (rows) => rows.map((r) => `${r.getAttribute('data-status')}/${r.getAttribute('data-side')}`));

  it('says it is local, loads only its own origin, without script error', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/$/);
    expect(await page.textContent('header .local')).toContain('127.0.0.1');
    const origin = new URL(url).origin;
    expect(requests.every((r) => r.startsWith(origin))).toBe(true);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '1-summary.png'), fullPage: false });
  });

  it('shows counts that agree between the summary and the filters', async () => {
    const truthStudents = world.truth.counts.eleves;
    const linked = truthStudents.pronote.matched + truthStudents.pronote.confirmed + truthStudents.pronote.conflict;
    expect(await page.textContent('#summary tr[data-population="eleves"] td[data-count="linked"]')).toBe(String(linked));
    expect(await filterCount('linked')).toBe(linked);
    expect(await page.textContent('#summary tr[data-population="eleves"] td[data-count="entUnmatched"]')).toBe(String(truthStudents.ent.unmatched));
    expect(await filterCount('unmatched-ent')).toBe(truthStudents.ent.unmatched);
    expect(await filterCount('ambiguous')).toBe(truthStudents.ent.ambiguous + truthStudents.pronote.ambiguous);
  });

  it('pages, searches and sorts in the browser', async () => {
    const total = await filterCount('all');
    expect(await page.textContent('#range')).toBe(`Lignes 1 à 50 sur ${total}`);
    await page.click('#next');
    await until(async () => (await page.textContent('#range')) === `Lignes 51 à 100 sur ${total}`);
    const student = world.school.identifiantsComplet.eleves[0];
    await page.fill('#search', `${student?.prenom ?? ''} ${student?.nom ?? ''}`.toLowerCase());
    await until(async () => ((await page.textContent('#range')) ?? '').startsWith('Lignes 1 à'));
    const names = await page.$$eval('#rows td.pronote-name', (tds) => tds.map((td) => td.textContent ?? ''));
    expect(names).toContain(`${student?.nom ?? ''} ${student?.prenom ?? ''}`);
    await page.fill('#search', '');
    await page.selectOption('#sort', 'status');
    await until(async () => (await page.getAttribute('#rows tr:first-child', 'data-status')) === 'ambiguous');
    await page.selectOption('#sort', 'name');
  });

  it('filters the unmatched of the ENT side', async () => {
    await page.click('#filters button[data-filter="unmatched-ent"]');
    await until(async () => (await page.getAttribute('#filters button[aria-pressed="true"]', 'data-filter')) === 'unmatched-ent');
    await until(async () => (await page.locator('#rows tr').count()) === world.truth.counts.eleves.ent.unmatched);
    expect(new Set(await rowStatuses())).toEqual(new Set(['unmatched/ent']));
    await page.screenshot({ path: join(ARTIFACTS, '2-unmatched-ent.png') });
  });

  it('resolves every homonym student and a student whose birth date differs, confirms and saves', async () => {
    const ambiguousEnt = world.truth.ent.filter((e) => e.population === 'eleves' && e.status === 'ambiguous');
    expect(ambiguousEnt.length).toBeGreaterThanOrEqual(4);
    await page.click('#filters button[data-filter="ambiguous"]');
    await until(async () => (await page.getAttribute('#filters button[aria-pressed="true"]', 'data-filter')) === 'ambiguous');
    let shot = false;
    for (const e of ambiguousEnt) {
      await page.waitForSelector(`#rows tr[data-key="E:${e.idPartenaire}"] button.open`);
      await page.click(`#rows tr[data-key="E:${e.idPartenaire}"] button.open`);
      await page.waitForSelector(`#candidates input[value="${e.trueIdpn as string}"]`);
      expect(await page.textContent('#panel .why')).toContain('Plusieurs candidats');
      expect(await page.textContent('#candidates')).toContain('Responsables : '); // what tells homonyms apart
      await page.check(`#candidates input[value="${e.trueIdpn as string}"]`);
      if (!shot) {
        await page.screenshot({ path: join(ARTIFACTS, '3-homonyms-panel.png') });
        shot = true;
      }
      const before = await page.$$eval('#pending li', (l) => l.length);
      await page.click('#validate');
      await until(async () => (await page.locator('#pending li').count()) === before + 1);
    }

    // The student whose birth date differs: no candidate; found by searching the PRONOTE side.
    const differs = world.truth.ent.find((e) => e.population === 'eleves' && e.divergences.includes('birth-date-differs'));
    expect(differs?.trueIdpn).toBeDefined();
    const pronotePerson = world.school.identifiantsComplet.eleves.find((p) => p.idpn === differs?.trueIdpn);
    await page.click('#filters button[data-filter="unmatched-ent"]');
    await page.waitForSelector(`#rows tr[data-key="E:${differs?.idPartenaire as string}"] button.open`);
    await page.click(`#rows tr[data-key="E:${differs?.idPartenaire as string}"] button.open`);
    // The previous panel also had a search field: wait for this row's panel, not for the field.
    await until(async () => ((await page.textContent('#panel .why')) ?? '').includes('Aucun candidat'));
    await page.waitForSelector('#other-search');
    expect(await page.textContent('#panel .why')).toContain('Aucun candidat');
    await page.fill('#other-search', `${pronotePerson?.nom as string} ${pronotePerson?.prenom as string}`);
    await page.waitForSelector(`#found input[value="${differs?.trueIdpn as string}"]`);
    await page.check(`#found input[value="${differs?.trueIdpn as string}"]`);
    await page.screenshot({ path: join(ARTIFACTS, '4-search-other-side.png') });
    await page.click('#validate');
    await until(async () => (await page.locator('#pending li').count()) === ambiguousEnt.length + 1);
    expect(await page.isDisabled('#save')).toBe(true); // validated, not yet confirmed
    await page.screenshot({ path: join(ARTIFACTS, '5-pending-decisions.png'), fullPage: true });

    await page.click('#confirm');
    await until(async () => (await page.locator('#pending li').count()) === 0);
    await until(async () => (await filterCount('ambiguous')) === 0);
    expect(await page.$$eval('#confirmed li', (l) => l.length)).toBe(ambiguousEnt.length + 1);

    await page.click('#save');
    await page.waitForSelector('#saved li');
    await page.screenshot({ path: join(ARTIFACTS, '6-saved-next-steps.png'), fullPage: true });
    const savedText = (await page.textContent('#saved')) ?? '';
    expect(savedText).toContain('decisions.json');
    expect(savedText).toContain('identifiant-cas-eleves.csv');
    expect(await page.textContent('#next-steps')).toContain('sauvegarde de la base PRONOTE');
    expect(problems).toEqual([]);

    // The saved decisions replay to exactly the real links of the ground truth.
    const file = join(dir, 'saved', 'decisions.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const decisions = JSON.parse(readFileSync(file, 'utf8')) as ManualDecisions;
    expect(decisions.pairs).toHaveLength(ambiguousEnt.length + 1);
    const result = matchAccounts(world.school.partenaireIndex, world.school.identifiantsComplet, { manual: decisions });
    const links = result.pairs.map((p) => `${p.population} ${p.idPartenaire} ${p.idpn}`).sort();
    expect(links).toEqual(realLinks(world.truth));
    expect(result.totals.ambiguous).toBe(0);
    // What the ENT stores: every applied link, from the same result.
    const entCsv = readFileSync(join(dir, 'saved', 'liens-ent.csv'), 'utf8');
    expect(entCsv.trimEnd().split('\r\n')).toHaveLength(1 + result.pairs.filter((p) => p.apply).length);
  });
});
