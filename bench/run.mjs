#!/usr/bin/env node
// The performance benchmark of ent-pronote (`npm run bench`).
//
// 1. Generates the fixture data sets the selected sections need (bench/lib/fixtures.mjs), each
//    in its own process, into a data directory.
// 2. Runs every step of every section (bench/sections.mjs) in its own clean process, which reads
//    only its inputs: no generator data stays alive while measuring. Inside a step, a floor and
//    its operation (or the parsers compared) are measured in alternation.
// 3. Prints the table (medians with their spread, min–max, for the operation, the floor and the
//    ratio; the matching phases) and exits 1 when a goal is missed.
//
// Environment: BENCH_RUNS (default 7) runs per measure; BENCH_ONLY=large,parse,small,match,memory
// runs some sections; BENCH_QUICK=1 a tenth of the sizes, without the ×10 worlds; BENCH_DATA=DIR
// keeps the generated data sets in DIR and reuses them while the library build and the options
// are unchanged (by default a temporary directory, removed at the end).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureKey, fixtureReady } from './lib/fixtures.mjs';
import { mb } from './lib/stats.mjs';
import { sections } from './sections.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const QUICK = process.env.BENCH_QUICK === '1';
const SCALE = QUICK ? 0.1 : 1;
/** BENCH_ONLY=large,parse,small,match,memory,review runs only those sections (all by default). */
const ONLY = process.env.BENCH_ONLY === undefined ? undefined : new Set(process.env.BENCH_ONLY.split(','));
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('BENCH_RUNS must be a positive integer');

const all = sections({ quick: QUICK });
if (ONLY !== undefined) {
  for (const name of ONLY) if (!all.some((s) => s.name === name)) throw new Error(`BENCH_ONLY: no section ${name} (${all.map((s) => s.name).join(', ')})`);
}
const chosen = all.filter((s) => ONLY === undefined || ONLY.has(s.name));

const keep = process.env.BENCH_DATA !== undefined;
const dataDir = keep ? resolve(process.env.BENCH_DATA) : mkdtempSync(join(tmpdir(), 'ent-pronote-bench-'));
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mb(totalmem())} RAM, Node ${process.version}`;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
process.stderr.write(`ent-pronote benchmark — ${machine}${QUICK ? ' (quick)' : ''}, ${RUNS} runs per measure, load ${load()}\n`);

function node(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: join(here, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1048576 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
  return r.stdout;
}

/** Generates the data set `name` unless the data directory holds it already. */
async function ensure(name) {
  const dir = join(dataDir, name);
  if (fixtureReady(dir, await fixtureKey(name, SCALE))) return;
  node(['--max-old-space-size=12288', join(here, 'lib', 'fixtures.mjs'), name, dir, String(SCALE)], `generating ${name}`);
}

const results = [];
try {
  for (const section of chosen) {
    const rows = [];
    for (const step of section.steps) {
      for (const f of step.fixtures) await ensure(f);
      const out = node([...(step.node ?? []), '--expose-gc', join(here, 'child.mjs'), join(here, step.script), dataDir, String(RUNS), ...step.args], `${section.name}: ${step.script}`);
      const stepRows = JSON.parse(out.trim().split('\n').pop());
      for (const r of stepRows) report(r);
      rows.push(...stepRows);
    }
    const extra = section.finish?.(rows) ?? [];
    for (const r of extra) report(r);
    results.push(...rows, ...extra);
  }
} finally {
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

function spread(s, digits = 0) {
  return s === undefined ? '' : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

function ratioText(s) {
  return s === undefined ? '' : `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

function report(r) {
  const status = r.ok === undefined ? '    ' : r.ok ? 'ok  ' : 'MISS';
  const value = r.ms !== undefined ? `${spread(r.ms)} ms` : r.heap !== undefined ? mb(r.heap) : '';
  const ratio = r.ratio === undefined ? '' : ` ratio ${ratioText(r.ratio)}`;
  process.stderr.write(`  ${status} ${r.operation}: ${value}${ratio} (${r.goal})\n`);
}

const lines = [
  '| operation | size | median ms (min–max) | CPU ms | floor ms (min–max) | ratio (min–max) | memory | goal | |',
  '|---|---|---:|---:|---:|---:|---:|---|---|',
];
for (const r of results) {
  const memory = r.rss !== undefined ? `RSS ${mb(r.rss)}` : r.heap !== undefined ? `live heap ${mb(r.heap)}` : '';
  lines.push(
    `| ${r.operation} | ${r.size} | ${spread(r.ms)} | ${r.cpu === undefined ? '' : r.cpu.median.toFixed(0)} | ${spread(r.floor)} | ${ratioText(r.ratio)} | ${memory} | ${r.goal}${r.note ? ` (${r.note})` : ''} | ${r.ok === undefined ? '' : r.ok ? 'met' : '**missed**'} |`,
  );
}
const phased = results.filter((r) => r.phases !== undefined);
if (phased.length > 0) {
  const names = Object.keys(phased[0].phases);
  lines.push('', `| matching phase, median ms (min–max) | ${phased.map((r) => r.operation.replace(/^match /, '')).join(' | ')} |`, `|---|${phased.map(() => '---:').join('|')}|`);
  for (const p of names) lines.push(`| ${p} | ${phased.map((r) => spread(r.phases[p])).join(' | ')} |`);
}
process.stdout.write(`\nMachine: ${machine}; load average at the end ${load()}\n\n${lines.join('\n')}\n`);
const missed = results.filter((r) => r.ok === false);
if (missed.length > 0) {
  process.stderr.write(`\nbenchmark: ${missed.length} goal(s) missed: ${missed.map((r) => r.operation).join('; ')}\n`);
  process.exit(1);
}
