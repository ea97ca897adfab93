#!/usr/bin/env node
// The benchmark's fixture data sets, generated with the fixture generator and written to a data
// directory before any measurement (each in its own process, so that the generator's memory is
// gone when the sections run); a section child then reads only the files it needs.
//
//   node bench/lib/fixtures.mjs NAME DIR   (run by bench/run.mjs)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
 * A digest of the sources that make the data (every file under src/ but the matching engine,
 * which reads the data and does not make it).
 */
function sourcesDigest() {
  const root = join(here, '..', '..', 'src');
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(root, 'match')) walk(path);
      } else {
        hash.update(path.slice(root.length)).update(readFileSync(path));
      }
    }
  };
  walk(root);
  return hash.digest('hex').slice(0, 16);
}

/** What identifies a generated set: its options and the sources that generated it. */
export function fixtureKey(name, scale) {
  const spec = fixtureSpecs(scale)[name];
  if (spec === undefined) throw new Error(`unknown bench fixture ${name}`);
  return JSON.stringify({ name, options: spec.options, sources: sourcesDigest(), format: 1 });
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
  writeFileSync(join(tmp, 'key.json'), fixtureKey(name, scale));
  renameSync(tmp, dir);
  process.stderr.write(`  generated ${name} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
