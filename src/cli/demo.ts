/**
 * `ent-pronote demo`: the whole flow on built-in sample data with INSECURE TEST KEYS, through the
 * same code as the subcommands: generate a small world, export and seal the ENT accounts,
 * inspect the container, open it, validate it, build the PRONOTE identifier file and match both
 * sides. Prints one short summary per step (counts, never names). Reproducible: fixed seed,
 * fixed dates, fixed keys (only the encrypted bytes differ between runs).
 *
 * @internal
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GroundTruth } from '../fixtures';
import { importPrivateKey, POPULATIONS, type PrivateKey } from '../index';
import { runExport } from './commands/export';
import { runFixtures } from './commands/fixtures';
import { runIdentifiers } from './commands/identifiers';
import { runInspect } from './commands/inspect';
import { matchTable, runMatch } from './commands/match';
import { runOpen } from './commands/open';
import { runValidate } from './commands/validate';
import { DEMO_ENT_PRIVATE_KEY, DEMO_INDEX_EDUCATION_PRIVATE_KEY, INSECURE_TEST_KEY_LABEL } from './demo-keys';
import { checkOutputFolder, ensureDirectory, writeOutputs } from './io';
import { plural, type Reporter } from './output';
import { createProgress } from './progress';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Output directory (default `./demo-output`). */
  out: string;
  /** Writes one line of the summary (default: stdout). */
  print?: (line: string) => void;
  /** Write into a non-empty folder that is not a previous demo's output. */
  force?: boolean;
}

/**
 * The file that marks a folder as the demo's output: the demo writes again into such a folder
 * (replacing its own files), and refuses any other non-empty folder without `force`.
 */
export const DEMO_MARKER = '.ent-pronote-demo';

/** The demo's fixed parameters (reproducible runs). */
export const DEMO = {
  seed: 'demo',
  students: 120,
  date: '2026-09-01T08:00:00+02:00',
  partenaire: 'DEMO-ENT',
  partenaireId: 'DEMO-PARTNER-ID',
  socle: 'DEMOENT',
} as const;

/** What {@link runDemo} returns (for tests). */
export interface DemoResult {
  out: string;
  uai: string;
  importChiffre: string;
  opened: string;
  identifiers: string;
  report: string;
  /** True when the matching gave the links the generator expected. */
  agreesWithGroundTruth: boolean;
}

function writeKeyPair(dir: string, role: string, pem: string): { privatePath: string; publicPath: string; key: PrivateKey } {
  const key = importPrivateKey(pem);
  const privatePath = join(dir, `INSECURE-TEST-KEY.${role}.private.pem`);
  const publicPath = join(dir, `INSECURE-TEST-KEY.${role}.public.ssh2.pub`);
  writeOutputs(
    [
      { path: privatePath, data: pem, sensitive: true },
      { path: publicPath, data: key.publicKey.toSsh2(`${INSECURE_TEST_KEY_LABEL}: ${role} (ent-pronote demo)`), sensitive: false },
    ],
    { force: true },
  );
  return { privatePath, publicPath, key };
}

/** Runs the demo (see the module documentation). */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const out = options.out;
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const notes: string[] = [];
  const reporter: Reporter = { warn: (m) => notes.push(m), progress: (label) => createProgress(label) };
  const step = (n: number, name: string, text: string) => print(`${String(n).padStart(2)}. ${name.padEnd(12)}${text}`);
  const started = Date.now();

  // A previous demo's output: the marker, or (demos before the marker) its test key.
  const previous = existsSync(join(out, DEMO_MARKER)) || existsSync(join(out, 'keys', 'INSECURE-TEST-KEY.index-education.private.pem'));
  if (!previous) checkOutputFolder(out, options.force === true ? { force: true } : {});
  print(`ent-pronote demo: fake people and ${INSECURE_TEST_KEY_LABEL}S (public, shipped with the package: never use them for real data)`);
  print(`writing to ${rel(out)}/`);
  print('');
  ensureDirectory(out);
  writeOutputs([{ path: join(out, DEMO_MARKER), data: 'ent-pronote demo output: fake people and INSECURE TEST KEYS\n', sensitive: false }], { force: true });

  // 1. Keys.
  const keysDir = join(out, 'keys');
  const ie = writeKeyPair(keysDir, 'index-education', DEMO_INDEX_EDUCATION_PRIVATE_KEY);
  const ent = writeKeyPair(keysDir, 'ent', DEMO_ENT_PRIVATE_KEY);
  step(1, 'keys', `${INSECURE_TEST_KEY_LABEL} pairs in ${rel(keysDir)}/: Index-Education ${ie.key.fingerprint}, ENT ${ent.key.fingerprint}`);

  // 2. Fixtures.
  const fixturesDir = join(out, 'fixtures');
  const fx = await runFixtures({ students: DEMO.students, schools: 1, seed: DEMO.seed, out: fixturesDir, date: DEMO.date, partenaireId: DEMO.partenaireId, entName: DEMO.socle, force: true }, reporter);
  const uai = fx.schools[0] as string;
  const sensitive = fx.files.filter((f) => f.sensitive).length;
  step(2, 'fixtures', `seed "${fx.seed}": ${plural(fx.students, 'student')}, school ${uai}; ${plural(fx.files.length, 'file')} (${sensitive} nominative, mode 0600) in ${rel(fixturesDir)}/`);

  // 3. Export: the ENT's CSV of accounts → PARTENAIRE_INDEX sealed in an ImportChiffre.
  const importChiffre = join(out, `ImportChiffre_${uai}.xml`);
  const ex = await runExport(
    {
      accounts: join(fixturesDir, 'ent', 'comptes-ent.csv'),
      publicKey: ie.publicPath,
      entName: DEMO.partenaire,
      partenaireId: DEMO.partenaireId,
      uai,
      out: importChiffre,
      date: DEMO.date,
      protocol: 'CAS',
      force: true,
    },
    reporter,
  );
  const c = ex.counts;
  step(
    3,
    'export',
    `${rel(ex.out)}: ${c.eleves} students, ${c.responsables} parents, ${c.professeurs} teachers, ${c.personnels} staff, sealed for Index-Education (${INSECURE_TEST_KEY_LABEL} ${ex.fingerprint})`,
  );

  // 4. Inspect the container (no key).
  const info = await runInspect(importChiffre, reporter);
  if (info.kind === 'ImportChiffre') {
    step(4, 'inspect', `${info.kind} v${info.version}, UAI ${info.uai}, Partenaire ${info.partenaire}, ${plural(info.encryptedBytes, 'encrypted byte')}, ${(info.keyBlockBytes[0] ?? 0) * 8}-bit key block`);
  }

  // 5. Open it with Index-Education's (test) private key.
  const opened = join(out, 'opened', 'PARTENAIRE_INDEX.xml');
  const op = await runOpen({ input: importChiffre, privateKey: ie.privatePath, out: opened, force: true }, reporter);
  step(5, 'open', `verified (key block, SHA-256) with the ${INSECURE_TEST_KEY_LABEL}: ${plural(op.content.length, 'byte')} → ${rel(opened)} (mode 0600)`);

  // 6. Validate what was opened.
  const v = await runValidate({ input: opened }, reporter);
  step(6, 'validate', `${v.kind} is ${v.valid ? 'valid' : 'INVALID'}: ${plural(v.errors, 'error')}, ${plural(v.warnings, 'warning')}`);

  // 7. PRONOTE's identifier file (complete), sealed for the ENT.
  const complet = join(fixturesDir, 'pronote', uai, 'complet', `IdPN_To_${DEMO.socle}.xml`);
  const identifiers = join(out, `IdPN_To_${DEMO.socle}.xml`);
  const id = await runIdentifiers(
    { people: complet, entName: DEMO.socle, uai, mode: 'complet', publicKey: ent.publicPath, out: identifiers, date: DEMO.date, force: true },
    reporter,
  );
  const ic = id.counts;
  step(
    7,
    'identifiers',
    `${rel(id.out)}: ${id.mode}, ${ic.eleves} students, ${ic.responsables} parents, ${ic.professeurs} teachers, ${ic.personnels} staff, sealed for the ENT (${INSECURE_TEST_KEY_LABEL} ${id.fingerprint})`,
  );

  // 8. Match both sealed files.
  const report = join(out, 'rapprochement.html');
  const m = await runMatch({ ent: importChiffre, pronote: identifiers, entPrivateKey: ie.privatePath, pronotePrivateKey: ent.privatePath, report, force: true }, reporter);
  const truth = JSON.parse(readFileSync(join(fixturesDir, 'ground-truth.json'), 'utf8')) as GroundTruth;
  const expected = truth.schools.find((s) => s.uai === uai)?.complet;
  let agrees = expected !== undefined;
  for (const pop of POPULATIONS) {
    const got = m.result.populations[pop].counts;
    const want = expected?.counts[pop].pronote;
    if (want === undefined || got.matched !== want.matched || got.confirmed !== want.confirmed || got.conflict !== want.conflict) agrees = false;
  }
  const t = m.result.totals;
  step(
    8,
    'match',
    `${m.result.mode.toLowerCase()}: ${t.matched} matched, ${t.confirmed} confirmed, ${t.conflict} conflicts, ${t.ambiguous} ambiguous, ${t.unmatched} unmatched` +
      ` (ground truth: ${agrees ? 'as expected' : 'DIFFERENT'})`,
  );
  for (const line of matchTable(m.result)) print(`      ${line}`);
  print(`      report with names: ${rel(report)} (mode 0600)`);

  print('');
  // The first line of each warning (the details are what the subcommands print on stderr).
  for (const n of notes) if (!n.startsWith(' ')) print(`note: ${n}`);
  print(`done in ${((Date.now() - started) / 1000).toFixed(1)} s. Next: ent-pronote inspect ${rel(importChiffre)}`);
  return { out, uai, importChiffre, opened, identifiers, report, agreesWithGroundTruth: agrees };
}
