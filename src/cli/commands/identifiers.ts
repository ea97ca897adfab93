/**
 * `ent-pronote identifiers`: the PRONOTE identifier file `IdPN_To_<SOCLE>.xml`
 * (`IDENTIFIANTS_PRONOTE`), complete or partial, plain (mode 0600) or sealed in an
 * `EXPORT_INDEX_EDUCATION` envelope for the ENT `--ent-name`.
 *
 * `--people` may be:
 * - an `IDENTIFIANTS_PRONOTE` (plain XML), e.g. a complete file to derive a partial one from;
 * - a JSON of the `IdentifiantsPronote` model (root fields `version`, `date`, `uai`, `socle`,
 *   `mode` optional: the options supply them; missing population lists are empty);
 * - a CSV of PRONOTE people: `population;ident;idpn;nom;prenom;date_naissance;sexe;id_partenaire;parents`
 *   (see `readIdentifiantsPronoteCsv`).
 *
 * @internal
 * @module
 */

import { join } from 'node:path';
import { Option, type Command } from 'commander';
import {
  buildIdentifiantsPronote,
  EntPronoteError,
  identifiantsPronoteFileName,
  type IdentifiantsPronoteMode,
  sealIdentifiantsPronote,
  selectIdentifiantsPronote,
} from '../../index';
import { type CliState, subcommand } from '../command';
import { type PeopleCounts, peopleCounts } from '../counts';
import { withFile } from '../errors';
import { checkOutputs, isExistingDirectory, readFileBytes, writeOutputFile } from '../io';
import { loadPublicKey } from '../keys';
import { addEntNameOption, addForceOption, addPublicKeyOption, exportDate, modeOf, parseDateTime, parseUai } from '../options';
import { plural, printJson, printLine, type Reporter, stderrReporter, warnProblems } from '../output';
import { loadPronotePeople } from '../pronote';

/** Options of {@link runIdentifiers}. */
export interface IdentifiersOptions {
  /** IDENTIFIANTS_PRONOTE XML, JSON model or CSV of PRONOTE people. */
  people: string;
  /** The ENT's name (`--ent-name`: `Socle`; also the key block name when sealed). */
  entName: string;
  uai: string;
  mode: 'complet' | 'partiel';
  /** The ENT's public key (`--public-key`): seal in EXPORT_INDEX_EDUCATION. */
  publicKey?: string;
  /** File to write; an existing directory gets `IdPN_To_<SOCLE>.xml`. */
  out: string;
  /** `Date` of the export (default now). */
  date?: string;
  /** Replace an existing output file. */
  force?: boolean;
}

/** What {@link runIdentifiers} did. */
export interface IdentifiersResult {
  out: string;
  source: 'IDENTIFIANTS_PRONOTE' | 'JSON' | 'CSV';
  uai: string;
  socle: string;
  mode: IdentifiantsPronoteMode;
  sealed: boolean;
  fingerprint: string | null;
  /** People written, per population. */
  counts: PeopleCounts;
  bytes: number;
}

/** Reads the people, builds (and seals) the identifier file, writes it. */
export async function runIdentifiers(options: IdentifiersOptions, reporter: Reporter = stderrReporter): Promise<IdentifiersResult> {
  let out = options.out;
  if (/[\\/]$/.test(out) || isExistingDirectory(out)) out = join(out, identifiantsPronoteFileName(options.entName));
  const output = { force: options.force === true, inputs: [options.people, ...(options.publicKey !== undefined ? [options.publicKey] : [])] };
  checkOutputs([out], output);
  const key = options.publicKey === undefined ? undefined : loadPublicKey(options.publicKey);
  const mode = modeOf(options.mode);
  const date = exportDate(options.date);
  const bytes = readFileBytes(options.people);
  const loaded = await loadPronotePeople(bytes, options.people, { date, uai: options.uai, entName: options.entName, sealed: false });
  const source = loaded.kind as IdentifiersResult['source'];
  let doc = loaded.document;
  const problems = loaded.problems;
  warnProblems(reporter, problems, options.people, `details: ent-pronote validate ${options.people}`);
  if (doc.uai !== options.uai) {
    throw new EntPronoteError('ERR_CONFLICT', `the people are for the school ${String(doc.uai)}, not --uai ${options.uai}`, { file: options.people });
  }
  if (typeof doc.socle === 'string' && doc.socle !== options.entName) {
    reporter.warn(`${options.people} names the ENT ${doc.socle}: the file is written for --ent-name ${options.entName}`);
  }
  doc = { ...doc, socle: options.entName, date };
  const exported = selectIdentifiantsPronote(doc, mode);
  let content: string;
  try {
    content = key === undefined ? buildIdentifiantsPronote(doc, { mode }) : sealIdentifiantsPronote(doc, key, { mode });
  } catch (e) {
    throw withFile(e, options.people);
  }
  writeOutputFile(out, content, { sensitive: key === undefined, ...output });
  return {
    out,
    source,
    uai: options.uai,
    socle: options.entName,
    mode,
    sealed: key !== undefined,
    fingerprint: key?.fingerprint ?? null,
    counts: peopleCounts(exported),
    bytes: Buffer.byteLength(content),
  };
}

/** Declares `identifiers`. */
export function registerIdentifiers(program: Command, _state: CliState): void {
  const command = subcommand(program, 'identifiers', 'build the PRONOTE identifier file IdPN_To_<ENT>.xml (IDENTIFIANTS_PRONOTE), sealed for the ENT when a key is given').requiredOption(
    '--people <path>',
    'an IDENTIFIANTS_PRONOTE (XML), a JSON IdentifiantsPronote model, a CSV of PRONOTE people, or - for standard input',
  );
  addEntNameOption(command, { description: "the ENT's name chosen in PRONOTE (Socle; key block name when sealed)", required: true, aliases: ['--socle'] });
  command
    .requiredOption('--uai <uai>', 'the school', parseUai)
    .addOption(new Option('--mode <mode>', 'complet: everyone; partiel: only people without an ENT identifier').choices(['complet', 'partiel']).makeOptionMandatory());
  addPublicKeyOption(command, { description: "the ENT's public key: seal the file in an EXPORT_INDEX_EDUCATION envelope", aliases: ['--key'] });
  command
    .requiredOption('--out <file>', 'the file to write (a directory, existing or ending with /, gets IdPN_To_<ENT>.xml); plain files get mode 0600')
    .option('--date <datetime>', 'export date (xs:dateTime), default now', parseDateTime)
    .option('--json', 'print the result as JSON');
  addForceOption(command, 'replace an existing output file');
  command.action(async (opts: IdentifiersOptions & { json?: boolean }) => {
      const r = await runIdentifiers(opts);
      if (opts.json === true) {
        printJson(r);
        return;
      }
      const c = r.counts;
      printLine(
        `${r.mode} identifier file for ${r.socle}, UAI ${r.uai}, written to ${r.out} (${r.sealed ? `sealed for ${r.fingerprint}` : 'plain, mode 0600'}, ${plural(r.bytes, 'byte')})`,
      );
      printLine(`  ${plural(c.personnels, 'staff member')}, ${plural(c.professeurs, 'teacher')}, ${plural(c.responsables, 'parent')}, ${plural(c.eleves, 'student')}`);
    });
}
