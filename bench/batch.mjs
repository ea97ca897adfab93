#!/usr/bin/env node
// Benchmark section `batch` (`npm run bench:batch`): the nightly export of a whole academy.
//
// A generated academy (generateAcademy: 500 schools, about 1,000,000 people in ONE AAF feed)
// is exported three ways, each in its own process:
// - the batch: `ent-pronote export --all-schools` (one pass, worker threads), wall time and peak RSS;
// - today's way: `ent-pronote export --uai X` once per file, measured on a sample of schools and
//   extrapolated to every file;
// - the floor: reading the feed once (`readAafFeed` keeping one school: the parse of the whole
//   feed) plus sealing each school's plain document (`sealImportChiffre`, one thread).
// And the batch on half the academy (half the schools and people), for linearity.
//
// Environment: BENCH_QUICK=1 for a tenth of the sizes; BENCH_SAMPLE (default 3) single-school runs;
// BENCH_DIR (default the system's temporary folder) where the feeds are generated once and kept;
// BENCH_GENERATE_ONLY=1 generates them and stops.
// Exits 1 when a goal is missed.
import { spawnSync } from 'node:child_process';
import { appendFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAcademy } from '../dist/fixtures.js';
import { generateKeyPair, openImportChiffre, sealImportChiffre } from '../dist/index.js';
import { compareAafFileNames, readAafFeed } from '../dist/input.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'dist', 'cli.js');
const QUICK = process.env.BENCH_QUICK === '1';
const SCALE = QUICK ? 0.1 : 1;
const SCHOOLS = Math.round(500 * SCALE);
/** 2.26 people per student in a generated academy (parents, teachers, staff): about 1,000,000 people. */
const STUDENTS = Math.round(442_000 * SCALE);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 3);
const ROOT = process.env.BENCH_DIR ?? join(tmpdir(), 'ent-pronote-bench-batch');
const DATE = '2026-09-01T08:00:00+02:00';

function log(text) {
  process.stderr.write(`${text}\n`);
}

/** Generates (once) an academy's feed, id map and regroupements under ROOT. */
function academy(schools, students) {
  const dir = join(ROOT, `academy-${schools}-${students}`);
  const done = join(dir, 'done.json');
  if (existsSync(done)) return { dir, ...JSON.parse(readFileSync(done, 'utf8')) };
  log(`generating an academy of ${schools} schools, ${students} students in ${dir}…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'aaf'), { recursive: true });
  const t = performance.now();
  const a = generateAcademy({ seed: `bench-${schools}`, schools, students });
  for (const name of a.fileNames) writeFileSync(join(dir, 'aaf', name), '');
  let bytes = 0;
  for (const chunk of a.feed()) {
    appendFileSync(join(dir, 'aaf', chunk.name), chunk.bytes);
    bytes += chunk.bytes.length;
  }
  writeFileSync(join(dir, 'id-map.csv'), a.idMap);
  writeFileSync(join(dir, 'regroupements.json'), JSON.stringify(a.regroupements));
  const files = a.groundTruth.files.map((f) => ({ uai: f.uai, members: f.uais.length, skipped: f.skipped }));
  const info = { people: a.world.people.length, bytes, files };
  writeFileSync(done, JSON.stringify(info));
  log(`  ${info.people} people, ${(bytes / 1e6).toFixed(0)} MB, in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return { dir, ...info };
}

/** Runs a command under /usr/bin/time: wall seconds and peak RSS (KiB). */
function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (m === null) throw new Error(`no timing: ${r.stderr}`);
  return { status: r.status, s: Number(m[1]), rssKiB: Number(m[2]), stdout: r.stdout, stderr: r.stderr };
}

const keys = join(ROOT, 'keys');
if (!existsSync(join(keys, 'public.pem'))) {
  mkdirSync(keys, { recursive: true });
  const kp = generateKeyPair({ bits: 2048 });
  writeFileSync(join(keys, 'public.pem'), kp.publicKey.toPem());
  writeFileSync(join(keys, 'private.pem'), kp.privateKey.toPem(), { mode: 0o600 });
}

// ENT identifiers derived from the AAF ones with a secret (--id-secret-file), as an ENT without an
// account table would: no 1,000,000-line id map in memory.
if (!existsSync(join(keys, 'id-secret.txt'))) writeFileSync(join(keys, 'id-secret.txt'), 'bench-secret-of-32-bytes-0123456', { mode: 0o600 });

function common(a) {
  return ['--accounts', join(a.dir, 'aaf'), '--public-key', join(keys, 'public.pem'), '--ent-name', 'MONENT', '--partenaire-id', '1234', '--id-secret-file', join(keys, 'id-secret.txt'), '--date', DATE];
}

function batch(a, out) {
  rmSync(out, { recursive: true, force: true });
  const r = timed([CLI, 'export', '--all-schools', ...common(a), '--regroupements', join(a.dir, 'regroupements.json'), '--out-dir', out, '--json']);
  if (r.status !== 0 && r.status !== 3) throw new Error(`batch failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const manifest = JSON.parse(r.stdout);
  return { ...r, manifest };
}

const full = academy(SCHOOLS, STUDENTS);
const half = academy(Math.round(SCHOOLS / 2), Math.round(STUDENTS / 2));
if (process.env.BENCH_GENERATE_ONLY === '1') process.exit(0);
const out = join(ROOT, 'out');
const outHalf = join(ROOT, 'out-half');

log('batch on the whole academy…');
const b = batch(full, out);
log(`  ${b.s} s, peak RSS ${(b.rssKiB / 1024).toFixed(0)} MiB, ${b.manifest.totals.sealed} files`);
log('batch on half the academy…');
const bh = batch(half, outHalf);
log(`  ${bh.s} s, peak RSS ${(bh.rssKiB / 1024).toFixed(0)} MiB`);

// Today's way: one export per file, on a sample of single schools, extrapolated.
const singles = full.files.filter((f) => !f.skipped && f.members === 1);
const sample = Array.from({ length: Math.min(SAMPLE, singles.length) }, (_, i) => singles[Math.floor(((i + 0.5) * singles.length) / SAMPLE)]);
const singleTimes = [];
for (const f of sample) {
  log(`one export for ${f.uai}…`);
  const r = timed([CLI, 'export', ...common(full), '--uai', f.uai, '--skip-invalid', '--force', '--out', join(ROOT, `single-${f.uai}.xml`)]);
  if (r.status !== 0) throw new Error(`export failed: ${r.stderr.slice(0, 2000)}`);
  singleTimes.push(r.s);
  log(`  ${r.s} s`);
}
const perSchool = singleTimes.reduce((x, y) => x + y, 0) / singleTimes.length;
const filesCount = full.files.length;
const todays = perSchool * filesCount;

// The floor: the feed read once (one thread), plus sealing each school's plain bytes (one thread).
log('floor: reading the feed once…');
const names = readdirSync(join(full.dir, 'aaf')).sort(compareAafFileNames);
globalThis.gc?.();
let t = performance.now();
await readAafFeed(
  names.map((name) => ({ name, chunks: createReadStream(join(full.dir, 'aaf', name), { highWaterMark: 256 * 1024 }) })),
  { uai: sample[0].uai, resolveId: (id) => id, date: DATE, partenaire: '1234', onInvalidRecord: 'skip' },
);
const readS = (performance.now() - t) / 1000;
log(`  ${readS.toFixed(1)} s`);
log('floor: sealing each school…');
const privateKey = readFileSync(join(keys, 'private.pem'), 'utf8');
const publicKey = readFileSync(join(keys, 'public.pem'), 'utf8');
let sealS = 0;
for (const s of b.manifest.schools) {
  if (s.file === null) continue;
  const plain = openImportChiffre(readFileSync(join(out, s.file)), privateKey).content;
  t = performance.now();
  sealImportChiffre(plain, publicKey, { partenaire: 'MONENT', uai: s.uai, date: DATE });
  sealS += (performance.now() - t) / 1000;
}
log(`  ${sealS.toFixed(1)} s`);
const floor = readS + sealS;

const rows = [
  ['batch (`export --all-schools`)', `${b.s.toFixed(1)} s`, `${(b.rssKiB / 1024).toFixed(0)} MiB`, `${b.manifest.totals.sealed} files, ${b.manifest.totals.peopleRead.toLocaleString('en-US')} people read`],
  ['batch, half the academy', `${bh.s.toFixed(1)} s`, `${(bh.rssKiB / 1024).toFixed(0)} MiB`, `${bh.manifest.totals.sealed} files, ${bh.manifest.totals.peopleRead.toLocaleString('en-US')} people read`],
  ["today's way (one `export` per file)", `${(todays / 60).toFixed(0)} min (extrapolated)`, '', `${perSchool.toFixed(1)} s per file (mean of ${singleTimes.length}) × ${filesCount} files`],
  ['floor (read once + seal each)', `${floor.toFixed(1)} s`, '', `read ${readS.toFixed(1)} s + seal ${sealS.toFixed(1)} s`],
];
const goals = [
  { goal: 'batch ≥ 20× faster than one run per file', value: `${(todays / b.s).toFixed(0)}×`, ok: todays / b.s >= 20 },
  { goal: 'batch within 2× of the floor', value: `${(b.s / floor).toFixed(2)}×`, ok: b.s / floor <= 2 },
  { goal: 'peak RSS < 1.5 GB', value: `${((b.rssKiB * 1024) / 1e9).toFixed(2)} GB`, ok: b.rssKiB * 1024 < 1.5e9 },
  { goal: 'linear: half the academy in about half the time (0.35–0.65)', value: (bh.s / b.s).toFixed(2), ok: bh.s / b.s >= 0.35 && bh.s / b.s <= 0.65 },
];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nAcademy: ${SCHOOLS} schools (${filesCount} files with regroupements), ${full.people.toLocaleString('en-US')} people, AAF feed ${(full.bytes / 1e6).toFixed(0)} MB; ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
console.log('| run | time | peak RSS | notes |');
console.log('|---|---:|---:|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('\n| goal | measured | ok |');
console.log('|---|---:|:-:|');
for (const g of goals) console.log(`| ${g.goal} | ${g.value} | ${g.ok ? 'yes' : '**no**'} |`);
process.exitCode = goals.every((g) => g.ok) ? 0 : 1;
