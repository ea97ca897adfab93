/**
 * `ent-pronote identifiers`: the PRONOTE identifier file `IdPN_To_<SOCLE>.xml`
 * (`IDENTIFIANTS_PRONOTE`), complete or partial, plain (mode 0600) or sealed in an
 * `EXPORT_INDEX_EDUCATION` envelope for the ENT partner `--socle`.
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

import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Option, type Command } from 'commander';
import {
  buildIdentifiantsPronote,
  detectFileKind,
  EntPronoteError,
  IDENTIFIANTS_PRONOTE_VERSION,
  type IdentifiantsPronote,
  identifiantsPronoteFileName,
  type ModeIdentifiants,
  parseIdentifiantsPronote,
  type Problem,
  sealIdentifiantsPronote,
  selectIdentifiantsPronote,
} from '../../index';
import { readIdentifiantsPronoteCsv } from '../../identifiants-pronote/read-csv';
import { type CliState, subcommand } from '../command';
import { type PeopleCounts, peopleCounts } from '../counts';
import { withFile } from '../errors';
import { readFileBytes, writeOutputFile } from '../io';
import { loadPublicKey } from '../keys';
import { exportDate, parseDateTime, parseNonEmpty, parseUai } from '../options';
import { plural, printJson, printLine, type Reporter, stderrReporter, warnProblems } from '../output';

/** Options of {@link runIdentifiers}. */
export interface IdentifiersOptions {
  /** IDENTIFIANTS_PRONOTE XML, JSON model or CSV of PRONOTE people. */
  people: string;
  /** The ENT name (`Socle`; also the key block name when sealed). */
  socle: string;
  uai: string;
  mode: 'complet' | 'partiel';
  /** The ENT partner's public key: seal in EXPORT_INDEX_EDUCATION. */
  key?: string;
  /** File to write; an existing directory gets `IdPN_To_<SOCLE>.xml`. */
  out: string;
  /** `Date` of the export (default now). */
  date?: string;
}

/** What {@link runIdentifiers} did. */
export interface IdentifiersResult {
  out: string;
  source: 'IDENTIFIANTS_PRONOTE' | 'JSON' | 'CSV';
  uai: string;
  socle: string;
  mode: ModeIdentifiants;
  sealed: boolean;
  fingerprint: string | null;
  /** People written, per population. */
  counts: PeopleCounts;
  bytes: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON `IdentifiantsPronote` model, root fields and lists completed from the options. */
function jsonModel(bytes: Uint8Array, path: string, defaults: Pick<IdentifiantsPronote, 'date' | 'uai' | 'socle'>): IdentifiantsPronote {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new EntPronoteError('ERR_INPUT', 'malformed JSON (check it with a JSON validator)', { file: path });
  }
  if (!isRecord(value)) throw new EntPronoteError('ERR_INPUT', 'the JSON must be an object (an IdentifiantsPronote model)', { file: path });
  const doc = {
    version: IDENTIFIANTS_PRONOTE_VERSION,
    date: defaults.date,
    uai: defaults.uai,
    socle: defaults.socle,
    mode: 'Complet',
    ...value,
  } as Record<string, unknown>;
  for (const k of ['personnels', 'professeurs', 'responsables', 'eleves']) doc[k] ??= [];
  if (Array.isArray(doc.eleves)) for (const e of doc.eleves) if (isRecord(e)) e.responsables ??= [];
  return doc as unknown as IdentifiantsPronote;
}

function isExistingDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads the people, builds (and seals) the identifier file, writes it. */
export async function runIdentifiers(options: IdentifiersOptions, reporter: Reporter = stderrReporter): Promise<IdentifiersResult> {
  const key = options.key === undefined ? undefined : loadPublicKey(options.key);
  const mode: ModeIdentifiants = options.mode === 'partiel' ? 'Partiel' : 'Complet';
  const date = exportDate(options.date);
  const bytes = readFileBytes(options.people);
  const kind = detectFileKind(bytes);
  let source: IdentifiersResult['source'];
  let doc: IdentifiantsPronote;
  let problems: Problem[] = [];
  try {
    if (kind === 'IDENTIFIANTS_PRONOTE') {
      source = kind;
      ({ document: doc, notices: problems } = parseIdentifiantsPronote(bytes, { file: basename(options.people) }));
    } else if (kind === 'JSON') {
      source = kind;
      doc = jsonModel(bytes, options.people, { date, uai: options.uai, socle: options.socle });
    } else if (kind === 'CSV' || (kind === 'unknown' && options.people.toLowerCase().endsWith('.csv'))) {
      source = 'CSV';
      ({ document: doc, problems } = readIdentifiantsPronoteCsv(bytes, { date, uai: options.uai, socle: options.socle, file: basename(options.people) }));
    } else if (kind === 'EXPORT_INDEX_EDUCATION') {
      throw new EntPronoteError('ERR_INPUT', "this identifier file is sealed: open it first ('ent-pronote open --key … --out plain.xml')");
    } else {
      throw new EntPronoteError('ERR_INPUT', 'expected an IDENTIFIANTS_PRONOTE (XML), a JSON of the IdentifiantsPronote model or a CSV of PRONOTE people');
    }
  } catch (e) {
    throw withFile(e, options.people);
  }
  warnProblems(reporter, problems, options.people, `details: ent-pronote validate ${options.people}`);
  if (doc.uai !== options.uai) {
    throw new EntPronoteError('ERR_CONFLICT', `the people are for the school ${String(doc.uai)}, not --uai ${options.uai}`, { file: options.people });
  }
  if (typeof doc.socle === 'string' && doc.socle !== options.socle) {
    reporter.warn(`${options.people} names the ENT ${doc.socle}: the file is written for --socle ${options.socle}`);
  }
  doc = { ...doc, socle: options.socle, date };
  const exported = selectIdentifiantsPronote(doc, mode);
  let out = options.out;
  if (/[\\/]$/.test(out) || isExistingDirectory(out)) out = join(out, identifiantsPronoteFileName(options.socle));
  let content: string;
  try {
    content = key === undefined ? buildIdentifiantsPronote(doc, { mode }) : sealIdentifiantsPronote(doc, key, { mode });
  } catch (e) {
    throw withFile(e, options.people);
  }
  writeOutputFile(out, content, { sensitive: key === undefined });
  return {
    out,
    source,
    uai: options.uai,
    socle: options.socle,
    mode,
    sealed: key !== undefined,
    fingerprint: key?.fingerprint ?? null,
    counts: peopleCounts(exported),
    bytes: Buffer.byteLength(content),
  };
}

/** Declares `identifiers`. */
export function registerIdentifiers(program: Command, _state: CliState): void {
  subcommand(program, 'identifiers', 'build the PRONOTE identifier file IdPN_To_<SOCLE>.xml (IDENTIFIANTS_PRONOTE), sealed for the ENT when a key is given')
    .requiredOption('--people <path>', 'an IDENTIFIANTS_PRONOTE (XML), a JSON IdentifiantsPronote model, or a CSV of PRONOTE people')
    .requiredOption('--socle <name>', 'the ENT name chosen in PRONOTE (Socle; key block name when sealed)', parseNonEmpty)
    .requiredOption('--uai <uai>', 'the school', parseUai)
    .addOption(new Option('--mode <mode>', 'complet: everyone; partiel: only people without an ENT identifier').choices(['complet', 'partiel']).makeOptionMandatory())
    .option('--key <pubkey>', "the ENT partner's public key: seal the file in an EXPORT_INDEX_EDUCATION envelope")
    .requiredOption('--out <file>', 'the file to write (a directory, existing or ending with /, gets IdPN_To_<SOCLE>.xml); plain files get mode 0600')
    .option('--date <datetime>', 'export date (xs:dateTime), default now', parseDateTime)
    .option('--json', 'print the result as JSON')
    .action(async (opts: IdentifiersOptions & { json?: boolean }) => {
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
