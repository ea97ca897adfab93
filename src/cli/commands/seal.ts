/**
 * `ent-pronote seal`: seals any plain document in either envelope (for harnesses and tests).
 * Container metadata comes from the options, else from the document itself.
 *
 * @internal
 * @module
 */

import { Option, type Command } from 'commander';
import {
  detectFileKind,
  EntPronoteError,
  isUaiFormat,
  parseIdentifiantsPronote,
  parsePartenaireIndex,
  sealExportIndexEducation,
  sealImportChiffre,
} from '../../index';
import { type CliState, subcommand } from '../command';
import { checkOutputs, readFileBytes, writeOutputFile } from '../io';
import { loadPublicKey } from '../keys';
import { addEntNameOption, addForceOption, addPublicKeyOption, parseDateTime, parseUai } from '../options';
import { plural, printJson, printLine } from '../output';

/** The two envelopes, as named on the command line. */
export type EnvelopeName = 'import-chiffre' | 'export-index-education';

/** Options of {@link runSeal}. */
export interface SealOptions {
  /** The plain document. */
  input: string;
  /** The recipient's public key file (`--public-key`). */
  publicKey: string;
  envelope: EnvelopeName;
  /** The ENT's name (`--ent-name`): ImportChiffre `Partenaire` (default: the PARTENAIRE_INDEX's); EXPORT_INDEX_EDUCATION key block `NOM` (default: the IDENTIFIANTS_PRONOTE's `Socle`). */
  entName?: string;
  /** `UAI` (default: the document's: first school of a PARTENAIRE_INDEX, `UAI` of an IDENTIFIANTS_PRONOTE). */
  uai?: string;
  /** ImportChiffre `Description`. */
  description?: string;
  /** `Version` / `VERSION` (default `1.0`). */
  version?: string;
  /** `DateExport` / `DATEHEURE` (default now). */
  date?: string;
  /** EXPORT_INDEX_EDUCATION `LOGICIEL` (default `PRONOTE`). */
  logiciel?: string;
  /** EXPORT_INDEX_EDUCATION: compress before encrypting (default true). */
  compress?: boolean;
  /** EXPORT_INDEX_EDUCATION: start the plaintext with a UTF-8 BOM as PRONOTE does (default true). */
  bom?: boolean;
  out: string;
  /** Replace an existing `out`. */
  force?: boolean;
}

/** What {@link runSeal} did. */
export interface SealResult {
  out: string;
  envelope: EnvelopeName;
  partner: string;
  uai: string | null;
  fingerprint: string;
  bytes: number;
}

/** Metadata a document gives when the options do not. */
interface DocumentDefaults {
  partner?: string;
  uai?: string;
}

/**
 * The metadata the document gives (its `Partenaire` and first school, or its `Socle` and `UAI`).
 * A document that does not parse gives none: `seal` also seals invalid documents for tests.
 */
function documentDefaults(bytes: Uint8Array, envelope: EnvelopeName): DocumentDefaults {
  const kind = detectFileKind(bytes);
  try {
    if (envelope === 'import-chiffre' && kind === 'PARTENAIRE_INDEX') {
      const { document: doc } = parsePartenaireIndex(bytes);
      const uai = doc.etablissements[0]?.numero;
      return { partner: doc.partenaire, ...(uai !== undefined ? { uai } : {}) };
    }
    if (envelope === 'export-index-education' && kind === 'IDENTIFIANTS_PRONOTE') {
      const doc = parseIdentifiantsPronote(bytes).document;
      return { partner: doc.socle, uai: doc.uai };
    }
  } catch {
    // an invalid document: the options must give the metadata
  }
  return {};
}

/** Seals the document and writes the envelope (not sensitive). */
export async function runSeal(options: SealOptions): Promise<SealResult> {
  const output = { force: options.force === true, inputs: [options.input, options.publicKey] };
  checkOutputs([options.out], output);
  const key = loadPublicKey(options.publicKey);
  const bytes = readFileBytes(options.input);
  const needed = options.entName === undefined || (options.envelope === 'import-chiffre' && options.uai === undefined);
  const defaults = needed ? documentDefaults(bytes, options.envelope) : {};
  const partner = options.entName ?? defaults.partner;
  const uai = options.uai ?? defaults.uai;
  const what = options.envelope === 'import-chiffre' ? 'a valid PARTENAIRE_INDEX' : 'a valid IDENTIFIANTS_PRONOTE';
  if (partner === undefined) {
    throw new EntPronoteError('ERR_ARGUMENT', `--ent-name is needed: ${options.input} is not ${what} to take it from`);
  }
  if (uai !== undefined && !isUaiFormat(uai)) {
    throw new EntPronoteError('ERR_INPUT', 'the UAI of the document is not 7 digits and a letter: give --uai', { file: options.input });
  }
  let sealed: string;
  if (options.envelope === 'import-chiffre') {
    if (uai === undefined) throw new EntPronoteError('ERR_ARGUMENT', `--uai is needed: ${options.input} is not ${what} to take it from`);
    sealed = sealImportChiffre(bytes, key, {
      partenaire: partner,
      uai,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.date !== undefined ? { date: options.date } : {}),
    });
  } else {
    sealed = sealExportIndexEducation(bytes, [{ nom: partner, publicKey: key }], {
      ...(uai !== undefined ? { uai } : {}),
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.date !== undefined ? { date: options.date } : {}),
      ...(options.logiciel !== undefined ? { logiciel: options.logiciel } : {}),
      ...(options.compress === false ? { compress: false } : {}),
      ...(options.bom === false ? { bom: false } : {}),
    });
  }
  writeOutputFile(options.out, sealed, { sensitive: false, ...output });
  return { out: options.out, envelope: options.envelope, partner, uai: uai ?? null, fingerprint: key.fingerprint, bytes: Buffer.byteLength(sealed) };
}

/** Declares `seal`. */
export function registerSeal(program: Command, _state: CliState): void {
  const command = subcommand(program, 'seal', 'seal a plain document in an ImportChiffre or EXPORT_INDEX_EDUCATION envelope (for test harnesses)').argument(
    '<in>',
    'the plain document to seal (- for standard input)',
  );
  addPublicKeyOption(command, { description: "the recipient's public key", required: true, aliases: ['--key'] });
  command
    .addOption(new Option('--envelope <kind>', 'which envelope').choices(['import-chiffre', 'export-index-education']).makeOptionMandatory())
    .requiredOption('--out <file>', 'the envelope file to write');
  addEntNameOption(command, {
    description: "the ENT's name: ImportChiffre Partenaire (default: the PARTENAIRE_INDEX's); EXPORT_INDEX_EDUCATION key block NOM (default: the IDENTIFIANTS_PRONOTE's Socle)",
    aliases: ['--partner'],
  });
  command
    .option('--uai <uai>', "UAI (default: the document's)", parseUai)
    .option('--description <text>', 'ImportChiffre Description')
    .option('--version <version>', 'envelope version (default 1.0)')
    .option('--date <datetime>', 'envelope date (xs:dateTime), default now', parseDateTime)
    .option('--logiciel <name>', 'EXPORT_INDEX_EDUCATION LOGICIEL (default PRONOTE)')
    .option('--no-compress', 'EXPORT_INDEX_EDUCATION: do not compress before encrypting')
    .option('--no-bom', 'EXPORT_INDEX_EDUCATION: no UTF-8 BOM before the content')
    .option('--json', 'print the result as JSON');
  addForceOption(command, 'replace an existing --out file');
  command.action(async (input: string, opts: Omit<SealOptions, 'input'> & { json?: boolean }) => {
      const r = await runSeal({ ...opts, input });
      if (opts.json === true) {
        printJson(r);
        return;
      }
      printLine(`sealed ${envelopeTitle(r.envelope)} for ${r.partner} written to ${r.out} (${plural(r.bytes, 'byte')})`);
      printLine(`  key ${r.fingerprint}${r.uai !== null ? `, UAI ${r.uai}` : ''}`);
    });
}

function envelopeTitle(envelope: EnvelopeName): string {
  return envelope === 'import-chiffre' ? 'ImportChiffre' : 'EXPORT_INDEX_EDUCATION';
}
