#!/usr/bin/env node
// Memory scenarios of the benchmark, each run in its own process by bench/run.mjs; prints one
// JSON line. Peak RSS is sampled every 2 ms during the measured operation (the operations are
// asynchronous and yield often), on top of what the process already holds.
//
//   node --expose-gc bench/memory.mjs seal STUDENTS
//   node --expose-gc bench/memory.mjs aaf OTHER_STUDENTS
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareAafFileNames, deriveOpaqueId, generateFixtures, generateKeyPair, readAafFeed, sealPartenaireIndex } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const [scenario, arg] = process.argv.slice(2);
const n = Number(arg);

/**
 * Runs `fn`, sampling RSS every 2 ms; with `live`, also forces a garbage collection every 25 ms
 * and records the heap then in use: the peak of live memory, without the garbage V8 has not
 * collected yet.
 */
async function peakDuring(fn, live = false) {
  let peak = process.memoryUsage.rss();
  let peakLive = 0;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, 2);
  const gcTimer = live
    ? setInterval(() => {
        globalThis.gc?.();
        const used = process.memoryUsage().heapUsed;
        if (used > peakLive) peakLive = used;
      }, 25)
    : undefined;
  const t = performance.now();
  const result = await fn();
  const ms = performance.now() - t;
  clearInterval(timer);
  if (gcTimer !== undefined) clearInterval(gcTimer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { result, peak, peakLive, ms };
}

const none = { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false };

if (scenario === 'seal') {
  // The model of ~n students and their parents, then the seal.
  let fixtures = generateFixtures({ seed: 'bench-large', students: n, outputs: none });
  const full = fixtures.schools[0].partenaireIndex;
  const doc = { ...full, personnels: [], professeurs: [] };
  fixtures = undefined;
  globalThis.gc?.();
  const { publicKey } = generateKeyPair();
  await sealPartenaireIndex(doc, publicKey); // warm-up
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  const { peak, ms } = await peakDuring(() => sealPartenaireIndex(doc, publicKey));
  console.log(JSON.stringify({ people: doc.responsables.length + doc.eleves.length, baseRss: before, peakRss: peak, ms }));
} else if (scenario === 'aaf') {
  // A feed with one fixed school of 1,000 students (kept) and other schools of n students (dropped
  // by the filter): peak RSS must not follow n.
  const dir = join(here, '..', '.bench', `aaf-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const kept = generateFixtures({ seed: 'bench-aaf-kept', students: 1000, schools: ['0410017W'], outputs: { ...none, aaf: true } });
  const others = generateFixtures({ seed: `bench-aaf-${n}`, students: n, schools: 4, outputs: { ...none, aaf: true } });
  for (const f of [...kept.files, ...others.files]) {
    if (f.kind !== 'aaf') continue;
    writeFileSync(join(dir, f.path.split('/').pop()), f.content);
  }
  // Measure the read in a fresh process, without the generators' memory.
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'aaf-read', dir], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  process.stdout.write(r.stdout);
} else if (scenario === 'aaf-read') {
  const dir = arg;
  const names = readdirSync(dir).sort(compareAafFileNames);
  const feedBytes = names.reduce((s, name) => s + statSync(join(dir, name)).size, 0);
  const secret = 'bench-secret-0123456789abcdef';
  globalThis.gc?.();
  const { result, peak, peakLive, ms } = await peakDuring(() =>
    readAafFeed(
      names.map((name) => ({ name, chunks: createReadStream(join(dir, name), { highWaterMark: 64 * 1024 }) })),
      {
        resolveId: (id) => deriveOpaqueId(secret, id),
        uai: '0410017W',
        date: '2026-09-01T08:00:00+02:00',
        partenaire: 'BENCH',
        onInvalidRecord: 'skip',
      },
    ),
    true,
  );
  const doc = result.document;
  globalThis.gc?.();
  const liveAfter = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ peakLiveHeap: peakLive, liveHeapAfterGc: liveAfter, feedBytes, kept: doc.eleves.length + doc.responsables.length + doc.professeurs.length + doc.personnels.length, peakRss: peak, ms }));
} else {
  console.error('usage: memory.mjs seal STUDENTS | aaf OTHER_STUDENTS');
  process.exit(2);
}
