/**
 * `ent-pronote fixtures`: the generator's coherent ENT ⇄ PRONOTE world written to a directory
 * (nominative clear files with mode 0600, sealed envelopes 0644), with its ground truth.
 *
 * @internal
 * @module
 */

import { join } from 'node:path';
import type { Command } from 'commander';
import { type GeneratedFileKind, generateFixtures, type GenerateFixturesOptions, type PublicKey } from '../../index';
import { type CliState, subcommand } from '../command';
import { usageError } from '../errors';
import { ensureDirectory, writeOutputFile } from '../io';
import { loadPublicKey } from '../keys';
import { integerParser, parseDateTime, parseNonEmpty } from '../options';
import { plural, printJson, printLine, type Reporter, stderrReporter } from '../output';

/** Options of {@link runFixtures}. */
export interface FixturesOptions {
  students: number;
  schools?: number;
  seed?: string;
  out: string;
  /** Index-Education's public key file: also seal each PARTENAIRE_INDEX in an ImportChiffre. */
  key?: string;
  /** `NAME=PUBKEY`: also seal each IDENTIFIANTS_PRONOTE for the ENT partner NAME (the socle). */
  partnerKey?: string;
  /** Public keys already imported (the demo), instead of files. */
  keys?: { indexEducation?: PublicKey; partner?: { name: string; key: PublicKey } };
  date?: string;
  /** `PARTENAIRE_INDEX/@Partenaire`. */
  partenaireId?: string;
  /** The socle (ENT name) when no `--partner-key` names it. */
  socle?: string;
  /** `false`: both sides agree (no divergence). */
  divergences?: boolean;
  /** UNSAFE: sealed files derived from the seed (byte-identical runs). */
  deterministicSealing?: boolean;
}

/** One written file. */
export interface WrittenFixture {
  path: string;
  kind: GeneratedFileKind;
  sensitive: boolean;
  uai: string | null;
  mode: 'Complet' | 'Partiel' | null;
  bytes: number;
}

/** What {@link runFixtures} wrote. */
export interface FixturesResult {
  out: string;
  seed: string;
  students: number;
  schools: string[];
  socle: string;
  files: WrittenFixture[];
}

/** The default seed (fixtures are reproducible unless another seed is given). */
export const DEFAULT_SEED = 'ent-pronote';

/** Parses `NAME=PUBKEY`. */
export function parsePartnerKey(value: string): { name: string; path: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw usageError('--partner-key must be NAME=PUBKEY (the ENT name, then its public key file)');
  return { name: value.slice(0, eq), path: value.slice(eq + 1) };
}

/** Generates the world and writes its files under `out`. */
export async function runFixtures(options: FixturesOptions, reporter: Reporter = stderrReporter): Promise<FixturesResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const gen: GenerateFixturesOptions = { seed, students: options.students, schools: options.schools ?? 1 };
  if (options.date !== undefined) gen.date = options.date;
  if (options.partenaireId !== undefined) gen.partenaire = options.partenaireId;
  if (options.socle !== undefined) gen.socle = options.socle;
  if (options.divergences === false) gen.divergences = false;
  if (options.deterministicSealing === true) gen.unsafeDeterministicSealing = true;
  const ie = options.keys?.indexEducation ?? (options.key !== undefined ? loadPublicKey(options.key) : undefined);
  if (ie !== undefined) gen.indexEducationPublicKey = ie;
  let partner = options.keys?.partner;
  if (partner === undefined && options.partnerKey !== undefined) {
    const { name, path } = parsePartnerKey(options.partnerKey);
    partner = { name, key: loadPublicKey(path) };
  }
  if (partner !== undefined) {
    if (options.socle !== undefined && options.socle !== partner.name) throw usageError('--socle and the NAME of --partner-key differ: the sealed files are for the socle');
    gen.socle = partner.name;
    gen.partnerPublicKey = partner.key;
  }
  const progress = reporter.progress('fixtures');
  try {
    progress.status(`generating ${plural(options.students, 'student')}…`);
    // The generator's ERR_ARGUMENT (a bad option value) is a usage error, as everywhere.
    const generated = generateFixtures(gen);
    ensureDirectory(options.out);
    const files: WrittenFixture[] = [];
    generated.files.forEach((f, i) => {
      writeOutputFile(join(options.out, ...f.path.split('/')), f.content, { sensitive: f.sensitive });
      files.push({
        path: f.path,
        kind: f.kind,
        sensitive: f.sensitive,
        uai: f.uai ?? null,
        mode: f.mode ?? null,
        bytes: typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength,
      });
      progress.update(i + 1, generated.files.length);
    });
    return {
      out: options.out,
      seed,
      students: options.students,
      schools: generated.world.schools.map((s) => s.uai),
      socle: gen.socle ?? 'FIXTURES',
      files,
    };
  } finally {
    progress.done();
  }
}

/** Declares `fixtures`. */
export function registerFixtures(program: Command, _state: CliState): void {
  subcommand(program, 'fixtures', 'generate a coherent world of test files (AAF, CSV, JSON, PARTENAIRE_INDEX, IDENTIFIANTS_PRONOTE, sealed envelopes, ground truth)')
    .requiredOption('--students <n>', 'number of students, all schools together', integerParser(0, 2_000_000))
    .option('--schools <k>', 'number of schools', integerParser(1, 1000), 1)
    .option('--seed <seed>', 'seed: the same seed and options give the same plain files', DEFAULT_SEED)
    .requiredOption('--out <dir>', 'directory to write the files into')
    .option('--key <pubkey>', "Index-Education's public key: also seal each PARTENAIRE_INDEX in an ImportChiffre")
    .option('--partner-key <name=pubkey>', 'also seal each IDENTIFIANTS_PRONOTE for the ENT partner NAME (the socle) with its public key')
    .option('--date <datetime>', 'date of every document (xs:dateTime; default 2026-09-01T08:00:00+02:00)', parseDateTime)
    .option('--partenaire-id <id>', 'PARTENAIRE_INDEX Partenaire (default ENT-FIXTURES)', parseNonEmpty)
    .option('--socle <name>', 'ENT name of the identifier files (default FIXTURES, or the NAME of --partner-key)', parseNonEmpty)
    .option('--no-divergences', 'both sides agree: no spelling, presence or identity divergence')
    .option('--deterministic-sealing', 'UNSAFE, for golden files: sealed files derived from the seed')
    .option('--json', 'print the list of files as JSON')
    .action(async (opts: FixturesOptions & { json?: boolean }) => {
      const r = await runFixtures(opts);
      if (opts.json === true) {
        printJson(r);
        return;
      }
      const sensitive = r.files.filter((f) => f.sensitive).length;
      printLine(`${plural(r.files.length, 'file')} written to ${r.out} (seed ${r.seed}; ${sensitive} with nominative data in clear, mode 0600)`);
      printLine(`  ${plural(r.students, 'student')} in ${plural(r.schools.length, 'school')}: ${r.schools.join(', ')}; socle ${r.socle}`);
      printLine(`  expected matching: ${join(r.out, 'ground-truth.json')}`);
    });
}
