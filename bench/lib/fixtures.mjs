#!/usr/bin/env node
// The benchmark's fixture data sets, generated with the fixture generator and written to a data
// directory before any measurement (each in its own process, so that the generator's memory is
// gone when the sections run); a section child then reads only the files it needs.
//
//   node bench/lib/fixtures.mjs NAME DIR   (run by bench/run.mjs)
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { writeDocument } from './data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist', 'index.js');

const none = { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false };
/** Students per pool of last names in the "constant share of homonyms" worlds (a large school). */
export const POOL = 4500;

const studentsAndParents = (doc) => ({ ...doc, personnels: [], professeurs: [] });

/**
 * The data sets: `options` of `generateFixtures` (students scaled by BENCH_QUICK), and `write`,
 * which writes the files of the set from the generated first school.
 */
export function fixtureSpecs(scale) {
  const n = (students) => Math.max(100, Math.round(students * scale));
  const matchWorld = (seed, students, pools) => ({
    options: { seed, students: n(students), outputs: none, ...(pools ? { namePoolStudents: POOL } : {}) },
    write(school, dir) {
      writeDocument(join(dir, 'ent.doc'), studentsAndParents(school.partenaireIndex));
      writeDocument(join(dir, 'pronote.doc'), studentsAndParents(school.identifiantsComplet));
    },
  });
  return {
    /** ~100,000 students and ~90,000 parents: the PARTENAIRE_INDEX model and its plain XML. */
    large: {
      options: { seed: 'bench-large', students: n(90_000), outputs: none },
      write(school, dir, lib) {
        const doc = studentsAndParents(school.partenaireIndex);
        writeDocument(join(dir, 'ent.doc'), doc);
        writeFileSync(join(dir, 'ent.xml'), lib.buildPartenaireIndex(doc), { mode: 0o600 });
      },
    },
    /** A typical school: 1,500 students, their parents, teachers and staff (~4,000 people), both sides. */
    school: {
      options: { seed: 'bench-small', students: 1500, outputs: none },
      write(school, dir) {
        writeDocument(join(dir, 'ent.doc'), school.partenaireIndex);
        writeDocument(join(dir, 'pronote.doc'), school.identifiantsComplet);
      },
    },
    'match-200k': matchWorld('bench-match', 90_000, false),
    'match-200k-pools': matchWorld('bench-match', 90_000, true),
    'match-2m': matchWorld('bench-match-10', 900_000, false),
    'match-2m-pools': matchWorld('bench-match-10', 900_000, true),
  };
}

/**
 * A digest of the sources that make the data: the files the fixture generator and the
 * PARTENAIRE_INDEX writer are built from (found by bundling their entries with esbuild, without
 * writing anything), so that a change to a reader, the matching engine or the envelopes does not
 * make the data sets again (about 5 minutes).
 */
let digest;
async function sourcesDigest() {
  if (digest !== undefined) return digest;
  const { build } = await import('esbuild');
  const root = join(here, '..', '..');
  const { metafile } = await build({
    entryPoints: [join(root, 'src', 'fixtures', 'index.ts'), join(root, 'src', 'partenaire-index', 'build.ts')],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: 'out',
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const path of Object.keys(metafile.inputs).sort()) hash.update(path).update(readFileSync(join(root, path)));
  digest = hash.digest('hex').slice(0, 16);
  return digest;
}

/** What identifies a generated set: its options and the sources that generated it. */
export async function fixtureKey(name, scale) {
  const spec = fixtureSpecs(scale)[name];
  if (spec === undefined) throw new Error(`unknown bench fixture ${name}`);
  return JSON.stringify({ name, options: spec.options, sources: await sourcesDigest(), format: 2 });
}

/** Whether `dir` holds the set `name` as `key` describes it. */
export function fixtureReady(dir, key) {
  const stamp = join(dir, 'key.json');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === key;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, dir, scaleArg] = process.argv.slice(2);
  const scale = Number(scaleArg ?? 1);
  const spec = fixtureSpecs(scale)[name];
  const lib = { ...(await import(dist)), ...(await import(join(here, '..', '..', 'dist', 'fixtures.js'))) };
  const t = performance.now();
  const fixtures = lib.generateFixtures(spec.options);
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  spec.write(fixtures.schools[0], tmp, lib);
  writeFileSync(join(tmp, 'key.json'), await fixtureKey(name, scale));
  renameSync(tmp, dir);
  process.stderr.write(`  generated ${name} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
