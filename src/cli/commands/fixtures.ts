/**
 * `ent-pronote fixtures`: the generator's coherent ENT ⇄ PRONOTE world written to a directory
 * (nominative clear files with mode 0600, sealed envelopes 0644), with its ground truth.
 *
 * @internal
 * @module
 */

import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { type GeneratedFileKind, generateFixtures, type GenerateFixturesOptions } from '../../fixtures';
import type { PublicKey } from '../../index';
import { type CliState, subcommand } from '../command';
import { usageError } from '../errors';
import { checkOutputFolder, writeOutputs } from '../io';
import { loadPublicKey } from '../keys';
import { addDeprecatedAlias, addEntNameOption, addForceOption, integerParser, parseDateTime, parseNonEmpty, warnDeprecated } from '../options';
import { plural, printJson, printLine, type Reporter, stderrReporter } from '../output';

/** Options of {@link runFixtures}. */
export interface FixturesOptions {
  students: number;
  schools?: number;
  seed?: string;
  out: string;
  /** Index-Education's public key file (`--index-education-public-key`): also seal each PARTENAIRE_INDEX in an ImportChiffre. */
  indexEducationPublicKey?: string;
  /** The ENT's public key file (`--ent-public-key`): also seal each IDENTIFIANTS_PRONOTE for the ENT `entName`. */
  entPublicKey?: string;
  /** Deprecated `--partner-key NAME=PUBKEY`: the ENT's name and public key file. */
  partnerKey?: string;
  /** Public keys already imported (the demo), instead of files. */
  keys?: { indexEducation?: PublicKey; partner?: { name: string; key: PublicKey } };
  date?: string;
  /** `PARTENAIRE_INDEX/@Partenaire`. */
  partenaireId?: string;
  /** The ENT's name (`--ent-name`): `Socle` of the identifier files, key block of their envelopes (default FIXTURES). */
  entName?: string;
  /** Write into a non-empty folder (replacing files of the same names). */
  force?: boolean;
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

/** Parses the deprecated `--partner-key NAME=PUBKEY`. */
export function parsePartnerKey(value: string): { name: string; path: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw usageError('--partner-key must be NAME=PUBKEY (better: --ent-name NAME --ent-public-key PUBKEY)');
  return { name: value.slice(0, eq), path: value.slice(eq + 1) };
}

/** Generates the world and writes its files under `out`. */
export async function runFixtures(options: FixturesOptions, reporter: Reporter = stderrReporter): Promise<FixturesResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const gen: GenerateFixturesOptions = { seed, students: options.students, schools: options.schools ?? 1 };
  if (options.date !== undefined) gen.date = options.date;
  if (options.partenaireId !== undefined) gen.partenaire = options.partenaireId;
  if (options.entName !== undefined) gen.socle = options.entName;
  if (options.divergences === false) gen.divergences = false;
  if (options.deterministicSealing === true) gen.unsafeDeterministicSealing = true;
  checkOutputFolder(options.out, options.force === true ? { force: true } : {});
  const ie = options.keys?.indexEducation ?? (options.indexEducationPublicKey !== undefined ? loadPublicKey(options.indexEducationPublicKey) : undefined);
  if (ie !== undefined) gen.indexEducationPublicKey = ie;
  let partner = options.keys?.partner;
  if (partner === undefined && options.partnerKey !== undefined) {
    if (options.entPublicKey !== undefined) throw usageError('give --ent-public-key, not also the deprecated --partner-key');
    const { name, path } = parsePartnerKey(options.partnerKey);
    partner = { name, key: loadPublicKey(path) };
  }
  if (partner === undefined && options.entPublicKey !== undefined) {
    partner = { name: options.entName ?? 'FIXTURES', key: loadPublicKey(options.entPublicKey) };
  }
  if (partner !== undefined) {
    if (options.entName !== undefined && options.entName !== partner.name) throw usageError('--ent-name and the NAME of --partner-key differ: give --ent-name NAME --ent-public-key PUBKEY');
    gen.socle = partner.name;
    gen.partnerPublicKey = partner.key;
  }
  const progress = reporter.progress('fixtures');
  try {
    progress.status(`generating ${plural(options.students, 'student')}…`);
    // The generator's ERR_ARGUMENT (a bad option value) is a usage error, as everywhere.
    const generated = generateFixtures(gen);
    progress.status(`writing ${plural(generated.files.length, 'file')}…`);
    // All the files, or none.
    writeOutputs(
      generated.files.map((f) => ({ path: join(options.out, ...f.path.split('/')), data: f.content, sensitive: f.sensitive })),
      options.force === true ? { force: true } : {},
    );
    const files: WrittenFixture[] = [];
    generated.files.forEach((f) => {
      files.push({
        path: f.path,
        kind: f.kind,
        sensitive: f.sensitive,
        uai: f.uai ?? null,
        mode: f.mode ?? null,
        bytes: typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength,
      });
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
  const command = subcommand(program, 'fixtures', 'generate a coherent world of test files (AAF, CSV, JSON, PARTENAIRE_INDEX, IDENTIFIANTS_PRONOTE, sealed envelopes, ground truth)')
    .requiredOption('--students <n>', 'number of students, all schools together', integerParser(0, 2_000_000))
    .option('--schools <k>', 'number of schools', integerParser(1, 1000), 1)
    .option('--seed <seed>', 'seed: the same seed and options give the same plain files', DEFAULT_SEED)
    .requiredOption('--out <dir>', 'directory to write the files into: missing or empty (or --force)')
    .option('--index-education-public-key <file>', "Index-Education's public key: also seal each PARTENAIRE_INDEX in an ImportChiffre")
    .option('--ent-public-key <file>', "the ENT's public key: also seal each IDENTIFIANTS_PRONOTE for the ENT (--ent-name)");
  addDeprecatedAlias(command, '--key <file>', '--index-education-public-key');
  command.addOption(new Option('--partner-key <name=pubkey>').hideHelp());
  command.on('option:partner-key', () => warnDeprecated('--partner-key NAME=PUBKEY is deprecated: use --ent-name NAME --ent-public-key PUBKEY (the old spelling will be removed in 1.0)'));
  addEntNameOption(command, { description: "the ENT's name: Socle of the identifier files and key block of their envelopes (default FIXTURES)", aliases: ['--socle'] });
  command
    .option('--date <datetime>', 'date of every document (xs:dateTime; default 2026-09-01T08:00:00+02:00)', parseDateTime)
    .option('--partenaire-id <id>', 'PARTENAIRE_INDEX Partenaire (default ENT-FIXTURES)', parseNonEmpty)
    .option('--no-divergences', 'both sides agree: no spelling, presence or identity divergence')
    .option('--deterministic-sealing', 'UNSAFE, for golden files: sealed files derived from the seed')
    .option('--json', 'print the list of files as JSON');
  addForceOption(command, 'write into a non-empty directory, replacing files of the same names');
  command.action(async (opts: FixturesOptions & { json?: boolean }) => {
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
