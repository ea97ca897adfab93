/**
 * The example export service under load (issue 15): a bound on exports in flight (`503` with
 * `Retry-After` beyond it), memory bounded under 200 concurrent requests (peak RSS measured by
 * the service process itself), and the work of a client that went away cancelled.
 * No timed assertion: counts, statuses and memory only.
 */

import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MiB = 1024 * 1024;
const KEY = 'test/data/keys/rsa2048.ssh2.pub';

function firstLine(c: ChildProcessWithoutNullStreams, logs: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl !== -1) {
        c.stdout.off('data', onData);
        resolve(buf.slice(0, nl));
      }
    };
    c.stdout.on('data', onData);
    c.on('exit', (code) => reject(new Error(`the service exited (${code}): ${logs.text}`)));
  });
}

function fetchStatus(url: string): Promise<{ status: number; bytes: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, retryAfter: res.headers['retry-after'] }));
    }).on('error', reject);
  });
}

describe('examples/export-service under load', { timeout: 120_000 }, () => {
  it('200 concurrent requests of a 300 KB export: 503 + Retry-After beyond 4 in flight, peak RSS growth under 100 MiB', async () => {
    // Without the bound, the same load holds 200 exports at once: about +420 MiB measured.
    const c = spawn(process.execPath, ['--import', 'tsx', 'examples/export-service/main.ts', '--key', KEY, '--students', '3000', '--schools', '1', '--max-in-flight', '4'], { cwd: ROOT });
    const logs = { text: '' };
    c.stderr.on('data', (d: Buffer) => (logs.text += d.toString('utf8')));
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const { url, uais, rss } = JSON.parse(await firstLine(c, logs)) as { url: string; uais: string[]; rss: number };
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetchStatus(`${url}/export/${uais[0] as string}`)));
    const exited = new Promise((resolve) => c.on('exit', resolve));
    c.kill('SIGTERM');
    await exited;
    const { peakRss } = JSON.parse(out.trim().split('\n').pop() as string) as { peakRss: number };

    const ok = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 503);
    expect(ok.length + busy.length).toBe(200);
    expect(ok.length).toBeGreaterThanOrEqual(4);
    expect(busy.length).toBeGreaterThan(0);
    expect(new Set(busy.map((a) => a.retryAfter))).toEqual(new Set(['5']));
    expect(new Set(ok.map((a) => a.bytes)).size).toBe(1);
    expect(ok[0]?.bytes).toBeGreaterThan(200_000);
    expect(logs.text.match(/ 503 busy\n/g)?.length).toBe(busy.length);
    const growth = peakRss - rss;
    expect(growth, `peak RSS grew by ${(growth / MiB).toFixed(0)} MiB`).toBeLessThan(100 * MiB);
  });

  it('a client that goes away cancels its export (nothing is sealed nor sent)', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'test/hardening/child/export-cancel.ts'], { cwd: ROOT }, (error, out, err) => {
        if (error !== null) reject(new Error(`${error.message}\n${err}`));
        else resolve(out);
      });
    });
    const { uai, logs } = JSON.parse(stdout.trim().split('\n').pop() as string) as { uai: string; logs: string[] };
    expect(logs).toEqual([`GET /export/${uai} cancelled: the client went away`]);
  });
});
