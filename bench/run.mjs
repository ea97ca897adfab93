#!/usr/bin/env node
// The performance benchmark of ent-pronote (`npm run bench`): generates documents with the
// fixture generator, measures the primitive floor and the library's operations in the same run,
// prints a table and exits 1 when a goal is missed (so it can gate a release).
//
// Environment: BENCH_RUNS (default 7) runs per measure, medians reported; BENCH_QUICK=1 for a
// smaller run (a tenth of the sizes; goals still checked, except the 10× linearity one).
import { spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import {
  buildPartenaireIndex,
  generateFixtures,
  generateKeyPair,
  inspectEnvelope,
  matchAccounts,
  openPartenaireIndex,
  sealPartenaireIndex,
} from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const QUICK = process.env.BENCH_QUICK === '1';
const SCALE = QUICK ? 0.1 : 1;
/** BENCH_ONLY=large,small,match,memory,review runs only those sections (all by default). */
const ONLY = process.env.BENCH_ONLY === undefined ? undefined : new Set(process.env.BENCH_ONLY.split(','));
const section = (name) => ONLY === undefined || ONLY.has(name);

const results = [];
let failed = false;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds taken by one call of `fn`, after a garbage collection. */
async function timed(fn) {
  globalThis.gc?.();
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function measure(fn, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timed(fn));
  return median(times);
}

/**
 * Medians of a floor and an operation measured in alternation (floor, operation, floor, …), so
 * that both see the same machine: on a shared virtual machine the speed drifts within a run, and
 * measuring all of one then all of the other would skew their ratio.
 */
async function measurePair(floorFn, opFn, runs = RUNS) {
  const floors = [];
  const ops = [];
  for (let i = 0; i < runs; i++) {
    floors.push(await timed(floorFn));
    ops.push(await timed(opFn));
  }
  return { floor: median(floors), op: median(ops) };
}

function mb(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function record(row) {
  results.push(row);
  if (row.ok === false) failed = true;
  const ratio = row.ratio === undefined ? '' : ` ratio ${row.ratio.toFixed(2)}`;
  process.stderr.write(`  ${row.ok === false ? 'MISS' : 'ok  '} ${row.operation}: ${row.ms.toFixed(0)} ms${ratio} (${row.goal})\n`);
}

// ---------------------------------------------------------------------------------------------
// Primitive floors: what cannot be avoided (zlib, AES-128-CBC, SHA-256, base64), in Node's native code.

function floorSeal(plain) {
  const z = deflateSync(plain, { level: constants.Z_DEFAULT_COMPRESSION });
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(z), cipher.final()]);
  const digest = createHash('sha256').update(z).digest('base64');
  return encrypted.toString('base64').length + digest.length;
}

function sealedParts(plain) {
  const z = deflateSync(plain, { level: constants.Z_DEFAULT_COMPRESSION });
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const contenu = Buffer.concat([cipher.update(z), cipher.final()]).toString('base64');
  return { key, iv, contenu, verification: createHash('sha256').update(z).digest('base64') };
}

function floorOpen({ key, iv, contenu, verification }) {
  const encrypted = Buffer.from(contenu, 'base64');
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  const z = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  if (createHash('sha256').update(z).digest('base64') !== verification) throw new Error('floor digest');
  return inflateSync(z).length;
}

// ---------------------------------------------------------------------------------------------

function world(students, seed) {
  const t = performance.now();
  const f = generateFixtures({
    seed,
    students,
    outputs: { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false },
  });
  const school = f.schools[0];
  return { school, ms: performance.now() - t };
}

function people(doc) {
  return doc.personnels.length + doc.professeurs.length + doc.responsables.length + doc.eleves.length;
}

/** A document of students and parents only (the issue's 100,000 + 100,000 shape). */
function studentsAndParents(doc) {
  return { ...doc, personnels: [], professeurs: [] };
}

async function sealAndOpen(label, doc, keys, goals) {
  const plain = Buffer.from(buildPartenaireIndex(doc), 'utf8');
  const { floor, op: seal } = await measurePair(
    () => floorSeal(plain),
    () => sealPartenaireIndex(doc, keys.publicKey),
  );
  record({
    operation: `seal ${label} (build + seal)`,
    size: `${people(doc).toLocaleString('en-US')} people, ${mb(plain.length)} XML`,
    ms: seal,
    floorMs: floor,
    ratio: seal / floor,
    goal: `≤ ${goals.seal}× floor`,
    ok: seal / floor <= goals.seal,
  });
  if (goals.open === undefined) return;
  const envelope = await sealPartenaireIndex(doc, keys.publicKey);
  const info = inspectEnvelope(envelope);
  const parts = sealedParts(plain);
  const { floor: openFloor, op: open } = await measurePair(
    () => floorOpen(parts),
    () => openPartenaireIndex(envelope, keys.privateKey),
  );
  record({
    operation: `open ${label} (open + parse)`,
    size: `${mb(Buffer.byteLength(envelope))} envelope, ${mb(info.encryptedBytes)} encrypted`,
    ms: open,
    floorMs: openFloor,
    ratio: open / openFloor,
    goal: `≤ ${goals.open}× floor`,
    ok: open / openFloor <= goals.open,
  });
}

async function matching(label, students, seed, goalMs) {
  const { school } = world(students, seed);
  const ent = studentsAndParents(school.partenaireIndex);
  const pronote = { ...school.identifiantsComplet, personnels: [], professeurs: [] };
  const size = people(ent);
  const ms = await measure(() => matchAccounts(ent, pronote, { mode: 'complet' }), label.includes('×10') ? Math.min(RUNS, 3) : RUNS);
  const row = {
    operation: `match ${label}`,
    size: `${size.toLocaleString('en-US')} vs ${people(pronote).toLocaleString('en-US')} people`,
    ms,
    goal: goalMs === undefined ? 'reference' : `< ${goalMs} ms`,
    people: size,
  };
  if (goalMs !== undefined) row.ok = ms < goalMs;
  record(row);
  return row;
}

/** Peak RSS of a child process running one scenario (bench/memory.mjs). */
function childPeak(scenario, ...args) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'memory.mjs'), scenario, ...args.map(String)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory scenario ${scenario} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------------------------------------

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mb(totalmem())} RAM, Node ${process.version}`;
process.stderr.write(`ent-pronote benchmark — ${machine}${QUICK ? ' (quick)' : ''}, ${RUNS} runs per measure\n`);

const keys = generateKeyPair();

// 1. The large document: ~100,000 students and ~100,000 parents.
if (section('large')) {
  const large = world(Math.round(90_000 * SCALE), 'bench-large');
  process.stderr.write(`  generated the large world in ${large.ms.toFixed(0)} ms\n`);
  await sealAndOpen('large', studentsAndParents(large.school.partenaireIndex), keys, { seal: 2, open: 4 });
}

// 2. A typical school: 1,500 students, 2,500 parents, 150 staff, after warm-up.
if (section('small')) {
  const { school } = world(1500, 'bench-small');
  const base = school.partenaireIndex;
  const doc = { ...base, responsables: base.responsables.slice(0, 2500), eleves: base.eleves.slice(0, 1500) };
  const kept = new Set(doc.responsables.map((r) => r.ident));
  doc.eleves = doc.eleves.map((e) => ({ ...e, responsables: e.responsables.filter((r) => kept.has(r)) }));
  const plain = Buffer.from(buildPartenaireIndex(doc), 'utf8');
  for (let i = 0; i < 20; i++) await sealPartenaireIndex(doc, keys.publicKey);
  const { floor, op: seal } = await measurePair(
    () => floorSeal(plain),
    () => sealPartenaireIndex(doc, keys.publicKey),
    RUNS * 5,
  );
  record({
    operation: 'seal typical school (build + seal)',
    size: `${people(doc).toLocaleString('en-US')} people, ${mb(plain.length)} XML`,
    ms: seal,
    floorMs: floor,
    ratio: seal / floor,
    goal: '≤ 3× floor',
    ok: seal / floor <= 3,
  });
}

// 3. Matching: 200,000 against 200,000 in under a second; ten times the people in at most 12× the time.
const m1 = section('match') ? await matching('~200k', Math.round(90_000 * SCALE), 'bench-match', 1000) : undefined;
if (m1 !== undefined && !QUICK) {
  const m10 = await matching('~200k ×10', 900_000, 'bench-match-10', undefined);
  const factor = m10.ms / m1.ms;
  const perPerson = factor / (m10.people / m1.people);
  record({
    operation: 'match linearity (×10 people)',
    size: `${(m10.people / m1.people).toFixed(1)}× the people`,
    ms: m10.ms,
    ratio: factor,
    goal: '≤ 12× the time of ~200k',
    ok: factor <= 12 * (m10.people / m1.people / 10),
    note: `${perPerson.toFixed(2)}× the time per person`,
  });
}

// 4. Memory: peak RSS of the 200,000-person seal; AAF reading does not grow with the feed.
if (section('memory')) {
  const seal = childPeak('seal', Math.round(90_000 * SCALE));
  record({
    operation: 'memory: peak RSS of the large seal',
    size: `${seal.people.toLocaleString('en-US')} people`,
    ms: seal.ms,
    rss: seal.peakRss,
    goal: '< 400 MiB',
    ok: seal.peakRss < 400 * 1048576,
  });
  const small = childPeak('aaf', Math.round(20_000 * SCALE));
  const big = childPeak('aaf', Math.round(80_000 * SCALE));
  record({
    operation: 'memory: AAF feed read with a school filter',
    size: `${mb(small.feedBytes)} → ${mb(big.feedBytes)} feed, ${small.kept} people kept`,
    ms: big.ms,
    rss: big.peakRss,
    goal: 'peak RSS growth ≤ 25% for 4× the feed',
    ok: big.peakRss <= small.peakRss * 1.25,
    note: `RSS ${mb(small.peakRss)} → ${mb(big.peakRss)}, live heap ${mb(small.peakLiveHeap)} → ${mb(big.peakLiveHeap)}`,
  });
}

// 5. Supervision (`ent-pronote review`): ~200,000 people per side served, first screen and searches.
if (section('review')) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'review.mjs'), String(Math.round(90_000 * SCALE))], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`review benchmark failed:\n${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  const size = `${m.perSide.toLocaleString('en-US')} people per side`;
  record({ operation: 'review: server start (matching + indexes)', size, ms: m.startMs, goal: 'reference' });
  record({ operation: 'review: first screen (page, script, summary, 50 rows)', size, ms: m.firstScreenMs, goal: '< 1000 ms', ok: m.firstScreenMs < 1000 });
  record({ operation: 'review: search by name', size, ms: m.searchMs, goal: '< 1000 ms', ok: m.searchMs < 1000 });
  record({ operation: 'review: filter (unmatched, PRONOTE side)', size, ms: m.filterMs, goal: '< 1000 ms', ok: m.filterMs < 1000 });
  record({ operation: 'review: search of the other side', size, ms: m.otherSideSearchMs, goal: '< 1000 ms', ok: m.otherSideSearchMs < 1000 });
  record({ operation: 'review: last page, another sort', size, ms: m.lastPageMs, goal: 'reference' });
  record({ operation: 'review: confirm a decision (matching again)', size, ms: m.confirmMs, goal: 'reference' });
  record({
    operation: 'review: peak RSS over the inputs held',
    size,
    ms: m.startMs + m.confirmMs,
    rss: m.peakRss,
    goal: 'server adds < 512 MiB',
    ok: m.peakRss - m.baseRss < 512 * 1048576,
    note: `inputs ${mb(m.baseRss)}, peak ${mb(m.peakRss)}`,
  });
}

// ---------------------------------------------------------------------------------------------

const header = '| operation | size | median ms | floor ms | ratio | peak RSS | goal | |';
const lines = [header, '|---|---|---:|---:|---:|---:|---|---|'];
for (const r of results) {
  lines.push(
    `| ${r.operation} | ${r.size} | ${r.ms.toFixed(0)} | ${r.floorMs === undefined ? '' : r.floorMs.toFixed(0)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.rss === undefined ? '' : mb(r.rss)} | ${r.goal}${r.note ? ` (${r.note})` : ''} | ${r.ok === undefined ? '' : r.ok ? 'met' : '**missed**'} |`,
  );
}
process.stdout.write(`\nMachine: ${machine}\n\n${lines.join('\n')}\n`);
if (failed) {
  process.stderr.write('\nbenchmark: at least one goal was missed\n');
  process.exit(1);
}
