// Section child: matching one world (ENT side against PRONOTE side, complet mode). Times
// matchAccounts of the build (dist/), and, in alternation, the same engine from the sources
// with a phase callback (runMatch, src/match/match.ts through tsx: this child runs with
// `--import tsx`), then one more run that forces a garbage collection at the end of each phase
// and records the heap then in use (the inputs included): the live heap at phase ends.
import { join } from 'node:path';
import { readDocument } from '../lib/data.mjs';
import { alternate, mb, people, say, summary } from '../lib/stats.mjs';
import { matchAccounts } from '../../dist/index.js';
import { MATCH_PHASES, runMatch } from '../../src/match/match.ts';

/** args: [fixture, label, goal ms or '-', runs ('all' or a maximum), warm-up runs, heap goal MiB or '-']. */
export async function run({ fixture, runs: allRuns, args }) {
  const [name, label, goalArg, runsArg, warmupArg, heapGoalArg] = args;
  const ent = readDocument(join(fixture(name), 'ent.doc'));
  const pronote = readDocument(join(fixture(name), 'pronote.doc'));
  const runs = runsArg === 'all' ? allRuns : Math.min(allRuns, Number(runsArg));
  const options = { mode: 'Complet' };
  for (let i = 0; i < Number(warmupArg); i++) {
    matchAccounts(ent, pronote, options);
    runMatch(ent, pronote, options, undefined);
  }
  const phases = Object.fromEntries(MATCH_PHASES.map((p) => [p, []]));
  let last;
  say(`match ${label}: ${runs} runs`);
  const t = await alternate({
    total: { fn: () => (last = matchAccounts(ent, pronote, options)), runs },
    phases: { fn: () => runMatch(ent, pronote, options, (p, ms) => phases[p].push(ms)), runs: Math.max(1, Math.ceil(runs / 2)) },
  });
  const totals = last.totals;
  const shareAmbiguous = totals.ambiguous / (totals.ent + totals.pronote);
  last = undefined;

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
    goal: goalArg === '-' ? 'reference' : `≤ ${goalArg} ms`,
    note: `${totals.ambiguous.toLocaleString('en-US')} ambiguous (${(100 * shareAmbiguous).toFixed(2)} % of the people)`,
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
