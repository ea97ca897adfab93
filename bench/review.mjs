#!/usr/bin/env node
// The supervision server at a large school's size (`ent-pronote review`), run by bench/run.mjs
// in its own process (section `review`), or alone: `node --expose-gc bench/review.mjs [STUDENTS]`.
// Serves ~200,000 people per side (students and parents), then measures as the page does: time
// to the first screen (page, script, summary, first page of rows), a search by name, a filter, a
// search of the other side, a confirmation (the matching run again), and the peak RSS of the
// process over the whole run. Prints one JSON line (the last line of stdout).
import { request } from 'node:http';
import { generateFixtures } from '../dist/fixtures.js';
import { startReviewServer } from '../dist/review.js';

const students = Number(process.argv[2] ?? 90_000);

let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
}, 5);

function get(url, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method: body === undefined ? 'GET' : 'POST', headers: { 'X-Review': '1', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${res.statusCode}`));
          else resolve(Buffer.concat(chunks).toString('utf8'));
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function timed(fn) {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const f = generateFixtures({
  seed: 'bench-review',
  students,
  outputs: { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false },
});
const school = f.schools[0];
const ent = { ...school.partenaireIndex, personnels: [], professeurs: [] };
const pronote = { ...school.identifiantsComplet, personnels: [], professeurs: [] };
const perSide = ent.eleves.length + ent.responsables.length;
globalThis.gc?.();
const baseRss = process.memoryUsage.rss();
peak = baseRss;

const start = await timed(() => startReviewServer({ ent, pronote, onSave: () => [] }));
const server = start.value;
const url = server.url;
// First screen: what the browser fetches before it shows the table.
const first = await timed(async () => {
  await get(url, '');
  await get(url, 'app.js');
  await get(url, 'api/vocabulary');
  await get(url, 'api/summary');
  return JSON.parse(await get(url, 'api/rows?population=eleves&filter=all&sort=name&offset=0&limit=50'));
});
const unmatched = await timed(async () => JSON.parse(await get(url, 'api/rows?population=responsables&filter=unmatched-pronote&limit=50')));
const someone = first.value.rows[0]?.ent ?? first.value.rows[0]?.pronote;
const search = await timed(async () => JSON.parse(await get(url, `api/rows?population=eleves&q=${encodeURIComponent(`${someone.nom} ${someone.prenom}`)}&limit=50`)));
const lastPage = await timed(async () => JSON.parse(await get(url, `api/rows?population=eleves&sort=date&order=desc&offset=${Math.max(0, first.value.total - 50)}&limit=50`)));
const other = await timed(async () => JSON.parse(await get(url, `api/search?population=responsables&side=pronote&q=${encodeURIComponent(someone.nom)}&limit=20`)));
// A decision confirmed: the matching runs again with it.
const row = unmatched.value.rows[0];
const confirm = await timed(async () => {
  if (row !== undefined) await get(url, 'api/pending', { op: 'add', decision: { kind: 'exclude', population: 'responsables', idpn: row.pronote.id } });
  await get(url, 'api/confirm', {});
  return JSON.parse(await get(url, 'api/rows?population=eleves&limit=50'));
});
await server.close();
clearInterval(sampler);
process.stdout.write(
  `${JSON.stringify({
    perSide,
    startMs: start.ms,
    firstScreenMs: first.ms,
    filterMs: unmatched.ms,
    searchMs: search.ms,
    searchHits: search.value.total,
    lastPageMs: lastPage.ms,
    otherSideSearchMs: other.ms,
    confirmMs: confirm.ms,
    baseRss,
    peakRss: peak,
  })}\n`,
);
