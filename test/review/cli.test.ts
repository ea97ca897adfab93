/**
 * The `review` command: atomic writes of the saved files (0600, never through a link, never over
 * a file it did not write without --force), and a saved JSON report as input.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../src/cli/commands/review';
import { isEntPronoteError, matchAccounts } from '../../src/index';
import { renderMatchJson } from '../../src/report';
import { CLI, ensureBuilt } from '../cli/build';
import { reviewWorld } from './world';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ent-pronote-review-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFilesAtomically', () => {
  it('writes 0600 files and leaves no temporary file', () => {
    const d = join(dir, 'a');
    mkdirSync(d);
    writeFilesAtomically([{ path: join(d, 'x.json'), data: '{"a":1}' }, { path: join(d, 'y.csv'), data: 'é' }], () => false);
    expect(readFileSync(join(d, 'x.json'), 'utf8')).toBe('{"a":1}');
    expect(readFileSync(join(d, 'y.csv'), 'utf8')).toBe('é');
    expect(lstatSync(join(d, 'x.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).sort()).toEqual(['x.json', 'y.csv']);
  });

  it('refuses to replace a file unless allowed, and never writes through a link', () => {
    const d = join(dir, 'b');
    mkdirSync(d);
    writeFileSync(join(d, 'x.json'), 'old');
    let err: unknown;
    try {
      writeFilesAtomically([{ path: join(d, 'new.json'), data: 'n' }, { path: join(d, 'x.json'), data: 'new' }], () => false);
    } catch (e) {
      err = e;
    }
    expect(isEntPronoteError(err, 'ERR_CONFLICT')).toBe(true);
    expect(readFileSync(join(d, 'x.json'), 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['x.json']); // nothing written at all
    writeFilesAtomically([{ path: join(d, 'x.json'), data: 'new' }], () => true);
    expect(readFileSync(join(d, 'x.json'), 'utf8')).toBe('new');
    writeFileSync(join(d, 'target'), 'kept');
    symlinkSync(join(d, 'target'), join(d, 'link.json'));
    expect(() => writeFilesAtomically([{ path: join(d, 'link.json'), data: 'evil' }], () => true)).toThrow(/symbolic link/);
    expect(readFileSync(join(d, 'target'), 'utf8')).toBe('kept');
  });
});

function post(url: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', headers: { 'X-Review': '1', 'Content-Type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('ent-pronote review --result', () => {
  it('serves a saved report; saves again over its own files, not over others without --force', async () => {
    ensureBuilt();
    const world = reviewWorld('review-cli', 60);
    const result = matchAccounts(world.school.partenaireIndex, world.school.identifiantsComplet);
    const report = join(dir, 'rapport.json');
    writeFileSync(report, renderMatchJson(result), { mode: 0o600 });
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'liens-ent.csv'), 'not mine');
    const child = spawn(process.execPath, [CLI, 'review', '--result', report, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const refused = await post(url, 'api/save');
      expect(refused.status).toBe(500);
      expect(String(refused.body.error)).toContain('refusing to overwrite');
      expect(readFileSync(join(out, 'liens-ent.csv'), 'utf8')).toBe('not mine');
      expect(existsSync(join(out, 'decisions.json'))).toBe(false);
      rmSync(join(out, 'liens-ent.csv'));
      expect((await post(url, 'api/save')).status).toBe(200);
      expect((await post(url, 'api/save')).status).toBe(200); // its own files: replaced
      const links = readFileSync(join(out, 'liens-ent.csv'), 'utf8').trimEnd().split('\r\n');
      expect(links).toHaveLength(1 + result.pairs.filter((x) => x.apply).length);
      expect(JSON.parse(readFileSync(join(out, 'decisions.json'), 'utf8'))).toEqual({ pairs: [], exclusions: [] });
      expect(lstatSync(join(out, 'decisions.json')).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the built ent-pronote/review entry', () => {
  it('shares the library modules with the main entry: isEntPronoteError recognises its errors (ESM and CommonJS)', async () => {
    ensureBuilt();
    const root = join(CLI, '..');
    const esmMain = (await import(join(root, 'index.js'))) as { isEntPronoteError: (e: unknown, c?: string) => boolean };
    const esmReview = (await import(join(root, 'review.js'))) as { startReviewServer: (o: unknown) => Promise<unknown> };
    const err = await esmReview.startReviewServer({ ent: {}, pronote: {}, onSave: 1 }).catch((e: unknown) => e);
    expect(esmMain.isEntPronoteError(err, 'ERR_ARGUMENT')).toBe(true);
    const req = createRequire(import.meta.url);
    const cjsMain = req(join(root, 'index.cjs')) as typeof esmMain;
    const cjsReview = req(join(root, 'review.cjs')) as typeof esmReview;
    const err2 = await cjsReview.startReviewServer({ ent: {}, pronote: {}, onSave: 1 }).catch((e: unknown) => e);
    expect(cjsMain.isEntPronoteError(err2, 'ERR_ARGUMENT')).toBe(true);
  });
});

describe('ent-pronote match --candidates', () => {
  it('caps the candidates of the reports and gives their count', async () => {
    ensureBuilt();
    const world = reviewWorld('review-cap', 200);
    const d = join(dir, 'cap');
    mkdirSync(d);
    writeFileSync(join(d, 'pi.xml'), world.partenaireIndexXml, { mode: 0o600 });
    writeFileSync(join(d, 'idpn.xml'), world.identifiantsXml, { mode: 0o600 });
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'match', '--ent', join(d, 'pi.xml'), '--pronote', join(d, 'idpn.xml'), '--json', '--candidates', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))));
    });
    const json = JSON.parse(out) as { ambiguous: { candidates: unknown[]; candidateCount: number }[] };
    expect(json.ambiguous.length).toBeGreaterThan(0);
    for (const a of json.ambiguous) {
      expect(a.candidates).toHaveLength(1);
      expect(a.candidateCount).toBe(2);
    }
  });
});
