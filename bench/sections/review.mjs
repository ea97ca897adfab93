// Section `review`: the supervision server (`ent-pronote review`) at a large school's size.
// bench/review.mjs generates its world and measures in its own process (it holds the server, the
// inputs and the HTTP client together, as the command does); this step turns its figures into rows.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
const once = (ms) => ({ median: ms, min: ms, max: ms, runs: 1 });

/** args: [students]. */
export async function run({ args }) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, '..', 'review.mjs'), args[0]], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`review benchmark failed (exit ${r.status ?? r.signal})`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  const size = `${m.perSide.toLocaleString('en-US')} people per side`;
  const row = (operation, ms, goal) => ({ operation, size, ms: once(ms), goal: goal === undefined ? 'reference' : `< ${goal} ms`, ...(goal === undefined ? {} : { ok: ms < goal }) });
  return [
    row('review: server start (matching + indexes)', m.startMs),
    row('review: first screen (page, script, summary, 50 rows)', m.firstScreenMs, 1000),
    row('review: search by name', m.searchMs, 1000),
    row('review: filter (unmatched, PRONOTE side)', m.filterMs, 1000),
    row('review: search of the other side', m.otherSideSearchMs, 1000),
    row('review: last page, another sort', m.lastPageMs),
    row('review: confirm a decision (matching again)', m.confirmMs),
    {
      operation: 'review: peak RSS over the inputs held',
      size,
      ms: once(m.startMs + m.confirmMs),
      rss: m.peakRss,
      goal: 'server adds < 512 MiB',
      ok: m.peakRss - m.baseRss < 512 * 1048576,
      note: `inputs ${mb(m.baseRss)}, peak ${mb(m.peakRss)}`,
    },
  ];
}
