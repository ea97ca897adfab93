// Section child: matching one world (ENT side against PRONOTE side, complet mode). Times
// matchAccounts of the build (dist/), and, in alternation, the same engine from the sources
// with a phase callback (runMatch, src/match/match.ts through tsx: this child runs with
// `--import tsx`), then one more run that forces a garbage collection at the end of each phase
// and records the heap then in use (the inputs included): the live heap at phase ends.
// Garbage collections during the timed runs (not the forced ones between runs) are counted
// from the `gc` performance entries (full = mark-compact, young = scavenge), for the whole runs
// and for each phase.
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { readDocument } from '../lib/data.mjs';
import { alternate, mb, people, say, summary } from '../lib/stats.mjs';
import { matchAccounts } from '../../dist/index.js';
import { MATCH_PHASES, runMatch } from '../../src/match/match.ts';

/** Collections seen, with their start time and duration (ms). */
const collections = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = e.detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR || kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      collections.push({ start: e.startTime, ms: e.duration, major: kind === constants.NODE_PERFORMANCE_GC_MAJOR });
    }
  }
});

/** `{ major, majorMs, minor, minorMs }` of the collections that started inside one of `windows` ([from, to] pairs). */
function collectionsIn(windows) {
  const out = { major: 0, majorMs: 0, minor: 0, minorMs: 0 };
  for (const c of collections) {
    if (!windows.some(([from, to]) => c.start >= from && c.start < to)) continue;
    if (c.major) {
      out.major++;
      out.majorMs += c.ms;
    } else {
      out.minor++;
      out.minorMs += c.ms;
    }
  }
  return out;
}

const gcText = (g, runs) =>
  `${(g.major / runs).toFixed(1)} full (${(g.majorMs / runs).toFixed(0)} ms), ${(g.minor / runs).toFixed(1)} young (${(g.minorMs / runs).toFixed(0)} ms)`;

/** args: [fixture, label, goal ms or '-', runs ('all', a maximum, or 'xN': N times BENCH_RUNS), warm-up runs, heap goal MiB or '-']. */
export async function run({ fixture, runs: allRuns, args }) {
  const [name, label, goalArg, runsArg, warmupArg, heapGoalArg] = args;
  const ent = readDocument(join(fixture(name), 'ent.doc'));
  const pronote = readDocument(join(fixture(name), 'pronote.doc'));
  const runs = runsArg === 'all' ? allRuns : runsArg.startsWith('x') ? allRuns * Number(runsArg.slice(1)) : Math.min(allRuns, Number(runsArg));
  const options = { mode: 'Complet' };
  for (let i = 0; i < Number(warmupArg); i++) {
    matchAccounts(ent, pronote, options);
    runMatch(ent, pronote, options, undefined);
  }
  const phases = Object.fromEntries(MATCH_PHASES.map((p) => [p, []]));
  const runWindows = [];
  const phaseWindows = Object.fromEntries(MATCH_PHASES.map((p) => [p, []]));
  let last;
  say(`match ${label}: ${runs} runs`);
  observer.observe({ entryTypes: ['gc'] });
  const t = await alternate({
    total: {
      fn: () => {
        const from = performance.now();
        last = matchAccounts(ent, pronote, options);
        runWindows.push([from, performance.now()]);
      },
      runs,
    },
    phases: {
      fn: () => {
        let from = performance.now();
        runMatch(ent, pronote, options, (p, ms) => {
          const to = performance.now();
          phases[p].push(ms);
          phaseWindows[p].push([from, to]);
          from = performance.now();
        });
      },
      runs: Math.max(1, Math.ceil(runs / 2)),
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last entries are delivered
  observer.disconnect();
  const totals = last.totals;
  const shareAmbiguous = totals.ambiguous / (totals.ent + totals.pronote);
  last = undefined;
  const phaseRuns = t.phases.length;
  const byPhase = MATCH_PHASES.map((p) => [p, collectionsIn(phaseWindows[p])])
    .filter(([, g]) => g.major + g.minor > 0)
    .map(([p, g]) => `${p} ${gcText(g, phaseRuns)}`)
    .join('; ');

  // Live heap at phase ends (inputs included).
  globalThis.gc();
  const inputs = process.memoryUsage().heapUsed;
  let peakLive = inputs;
  runMatch(ent, pronote, options, () => {
    globalThis.gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  });

  const ms = summary(t.total);
  const row = {
    operation: `match ${label}`,
    size: `${people(ent).toLocaleString('en-US')} vs ${people(pronote).toLocaleString('en-US')} people`,
    ms,
    cpu: summary(t.cpu.total),
    people: people(ent),
    phases: Object.fromEntries(MATCH_PHASES.map((p) => [p, summary(phases[p])])),
    gc: { run: collectionsIn(runWindows), runs, byPhase },
    goal: goalArg === '-' ? 'reference' : `≤ ${goalArg} ms`,
    note:
      `${totals.ambiguous.toLocaleString('en-US')} ambiguous (${(100 * shareAmbiguous).toFixed(2)} % of the people); ` +
      `garbage collections per run: ${gcText(collectionsIn(runWindows), runs)}${byPhase === '' ? '' : `; by phase: ${byPhase}`}`,
  };
  if (goalArg !== '-') row.ok = ms.median <= Number(goalArg);
  const rows = [row];
  if (heapGoalArg !== undefined && heapGoalArg !== '-') {
    rows.push({
      operation: `memory: live heap, match ${label}`,
      size: row.size,
      heap: peakLive,
      goal: `< ${heapGoalArg} MiB`,
      ok: peakLive < Number(heapGoalArg) * 1048576,
      note: `inputs alone ${mb(inputs)}; heap after a forced GC at each phase end`,
    });
  }
  return rows;
}
