// Section child: memory scenarios.
// - seal: peak RSS while sealing the large document (sampled every 2 ms; the operation is
//   asynchronous and yields often), after a warm-up, in this clean process;
// - aaf: an AAF feed with one kept school of 1,000 students and other schools of N students
//   (dropped by the filter), read in a fresh process: peak RSS must not follow N.
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocument } from '../lib/data.mjs';
import { mb, people, say } from '../lib/stats.mjs';
import { generateFixtures } from '../../dist/fixtures.js';
import { generateKeyPair, sealPartenaireIndex } from '../../dist/index.js';
import { compareAafFileNames, deriveOpaqueId, readAafFeed } from '../../dist/input.js';

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

async function sealScenario(fixture) {
  const doc = readDocument(join(fixture('large'), 'ent.doc'));
  const { publicKey } = generateKeyPair();
  await sealPartenaireIndex(doc, publicKey); // warm-up
  globalThis.gc?.();
  const base = process.memoryUsage.rss();
  const { peak, ms } = await peakDuring(() => sealPartenaireIndex(doc, publicKey));
  // The kernel's peak RSS of this process (reading the model and both seals included): exact,
  // where 2 ms sampling can miss a peak on a loaded machine.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return {
    operation: 'memory: peak RSS of the large seal',
    size: `${people(doc).toLocaleString('en-US')} people`,
    ms: { median: ms, min: ms, max: ms, runs: 1 },
    rss: maxRss,
    goal: '< 400 MiB',
    ok: maxRss < 400 * 1048576,
    note: `the process's peak RSS (model read, warm-up and measured seal); sampled during the seal ${mb(peak)}, before it ${mb(base)}`,
  };
}

function aafRead(others) {
  const dir = mkdtempSync(join(tmpdir(), `ent-pronote-bench-aaf-`));
  try {
    const kept = generateFixtures({ seed: 'bench-aaf-kept', students: 1000, schools: ['0410017W'], outputs: { ...none, aaf: true } });
    const rest = generateFixtures({ seed: `bench-aaf-${others}`, students: others, schools: 4, outputs: { ...none, aaf: true } });
    for (const f of [...kept.files, ...rest.files]) if (f.kind === 'aaf') writeFileSync(join(dir, f.path.split('/').pop()), f.content, { mode: 0o600 });
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'aaf-read', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`aaf-read failed:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** args: ['seal'] or ['aaf', small, big]. */
export async function run({ fixture, args }) {
  if (args[0] === 'seal') return [await sealScenario(fixture)];
  const [, smallArg, bigArg] = args;
  say('memory: AAF feeds');
  const small = aafRead(Number(smallArg));
  const big = aafRead(Number(bigArg));
  return [
    {
      operation: 'memory: AAF feed read with a school filter',
      size: `${mb(small.feedBytes)} → ${mb(big.feedBytes)} feed, ${small.kept} people kept`,
      ms: { median: big.ms, min: big.ms, max: big.ms, runs: 1 },
      rss: big.peakRss,
      goal: 'peak RSS growth ≤ 25 % for 4× the feed',
      ok: big.peakRss <= small.peakRss * 1.25,
      note: `RSS ${mb(small.peakRss)} → ${mb(big.peakRss)}, live heap ${mb(small.peakLiveHeap)} → ${mb(big.peakLiveHeap)}`,
    },
  ];
}

// The fresh process that reads a feed.
if (process.argv[2] === 'aaf-read') {
  const dir = process.argv[3];
  const names = readdirSync(dir).sort(compareAafFileNames);
  const feedBytes = names.reduce((s, name) => s + statSync(join(dir, name)).size, 0);
  globalThis.gc?.();
  const { result, peak, peakLive, ms } = await peakDuring(
    () =>
      readAafFeed(
        names.map((name) => ({ name, chunks: createReadStream(join(dir, name), { highWaterMark: 64 * 1024 }) })),
        {
          resolveId: (id) => deriveOpaqueId('bench-secret-0123456789abcdef', id),
          uai: '0410017W',
          date: '2026-09-01T08:00:00+02:00',
          partenaire: 'BENCH',
          onInvalidRecord: 'skip',
        },
      ),
    true,
  );
  const doc = result.document;
  console.log(JSON.stringify({ peakLiveHeap: peakLive, feedBytes, kept: doc.eleves.length + doc.responsables.length + doc.professeurs.length + doc.personnels.length, peakRss: peak, ms }));
}
