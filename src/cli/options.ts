/**
 * The options of the command line: value parsers (a bad value is a usage error, exit 2, naming
 * the option) and the options shared by several commands, declared here once so that every
 * command spells them alike:
 *
 * | concept | option | helper |
 * |---|---|---|
 * | recipient's public key | `--public-key <file>` | {@link addPublicKeyOption} |
 * | private key (+ passphrase) | `--private-key <file>`, `--passphrase-file <file>` | {@link addPrivateKeyOption} |
 * | the ENT's name | `--ent-name <name>` | {@link addEntNameOption} |
 * | replace existing outputs | `--force` | {@link addForceOption} |
 *
 * Old spellings stay as hidden aliases that warn ({@link addDeprecatedAlias}). Required options
 * are marked in the help by {@link markRequiredInHelp}.
 *
 * @internal
 * @module
 */

import { type Command, Help, InvalidArgumentError, Option } from 'commander';
import { formatXsDateTime, type IdentifiantsPronoteMode, isUaiFormat, isXsDateTime } from '../index';
import { PROGRAM } from './errors';

/** A UAI: 7 digits and a letter (a lower-case letter is upper-cased). */
export function parseUai(value: string): string {
  const v = value.trim().toUpperCase();
  if (!isUaiFormat(v)) throw new InvalidArgumentError('a UAI is 7 digits and a letter, e.g. 0410017W.');
  return v;
}

/** An integer ≥ `min`. */
export function integerParser(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    if (!/^\s*\d+\s*$/.test(value)) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    return n;
  };
}

/** An `xs:dateTime` such as `2026-09-01T08:00:00+02:00`. */
export function parseDateTime(value: string): string {
  const v = value.trim();
  if (!isXsDateTime(v)) throw new InvalidArgumentError('expected an xs:dateTime such as 2026-09-01T08:00:00+02:00.');
  return v;
}

/** A non-empty string (surrounding spaces kept: some values are compared exactly). */
export function parseNonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return value;
}

/** The export date: the option when given, else now with the local offset. */
export function exportDate(option: string | undefined): string {
  return option ?? formatXsDateTime(new Date());
}

/** Adds the options every subcommand has: `--debug`. */
export function addDebugOption(command: Command): Command {
  return command.option('--debug', 'show the stack trace of an error');
}

/**
 * An option stored under another option's attribute: the deprecated spelling of an option
 * (see {@link addDeprecatedAlias}).
 */
class AliasOption extends Option {
  constructor(
    flags: string,
    private readonly target: string,
  ) {
    super(flags);
  }

  override attributeName(): string {
    return this.target;
  }
}

let deprecationWarner: (message: string) => void = (message) => {
  process.stderr.write(`${PROGRAM}: warning: ${message}\n`);
};

/** Warns about a deprecated option spelling (`ent-pronote: warning: …` on stderr by default). */
export function warnDeprecated(message: string): void {
  deprecationWarner(message);
}

/** Replaces where deprecation warnings go (tests collect them). */
export function setDeprecationWarner(warn: (message: string) => void): void {
  deprecationWarner = warn;
}

/**
 * Adds a deprecated spelling of an option already declared on `command`: hidden from the help,
 * it sets the same value (so that a `requiredOption` is satisfied by either spelling) and warns
 * `--old is deprecated: use --new` when used. `parse` is the value parser of the new option.
 *
 * @example
 * ```ts
 * command.requiredOption('--public-key <file>', '…');
 * addDeprecatedAlias(command, '--key <file>', '--public-key');
 * ```
 */
export function addDeprecatedAlias(command: Command, flags: string, replacement: string, parse?: (value: string) => unknown, note = ''): Command {
  const current = command.options.find((o) => o.long === replacement);
  if (current === undefined) throw new Error(`addDeprecatedAlias: ${replacement} is not an option of ${command.name()}`);
  const alias = new AliasOption(flags, current.attributeName()).hideHelp();
  if (parse !== undefined) alias.argParser(parse);
  else if (current.parseArg !== undefined) alias.argParser(current.parseArg);
  command.addOption(alias);
  command.on(`option:${alias.name()}`, () => {
    warnDeprecated(`${alias.long ?? flags} is deprecated: use ${replacement}${note} (the old spelling will be removed in 1.0)`);
  });
  return command;
}

/**
 * Adds `--force`: replace existing output files. Without it every command refuses to overwrite
 * a file (`ERR_CONFLICT`), and commands writing into a folder refuse a non-empty one.
 */
export function addForceOption(command: Command, description = 'replace existing output files (links are refused even then)'): Command {
  return command.option('--force', description);
}

/** Declaration of a key or name option (see {@link addPublicKeyOption}). */
export interface SharedOptionSpec {
  /** The help text. */
  description: string;
  /** Mandatory (marked `(required)` in the help). */
  required?: boolean;
  /** Deprecated spellings, each warned about when used. */
  aliases?: readonly string[];
}

function addShared(command: Command, flags: string, spec: SharedOptionSpec, parse?: (value: string) => string): Command {
  const option = new Option(flags, spec.description);
  if (parse !== undefined) option.argParser(parse);
  if (spec.required === true) option.makeOptionMandatory();
  command.addOption(option);
  const long = option.long as string;
  const arg = flags.slice(flags.indexOf(' '));
  for (const alias of spec.aliases ?? []) addDeprecatedAlias(command, `${alias}${arg}`, long);
  return command;
}

/**
 * `--public-key <file>`: the recipient's public key (SSH2/RFC 4716, OpenSSH, PEM, DER, JWK),
 * stored as `publicKey`. The one spelling of a public key option across commands.
 */
export function addPublicKeyOption(command: Command, spec: SharedOptionSpec): Command {
  return addShared(command, '--public-key <file>', spec);
}

/**
 * `--private-key <file>`: a private key (PEM, DER or JWK; PKCS#8 or PKCS#1, encrypted or not),
 * stored as `privateKey`, with `--passphrase-file <file>`. The one spelling across commands.
 */
export function addPrivateKeyOption(command: Command, spec: SharedOptionSpec): Command {
  addShared(command, '--private-key <file>', spec);
  return command.option('--passphrase-file <file>', "file holding the private key's passphrase");
}

/**
 * `--ent-name <name>`: the ENT's name, stored as `entName`: the `Socle` of an identifier file, the
 * key block `NOM` of an `EXPORT_INDEX_EDUCATION`, the `Partenaire` of an `ImportChiffre`. The one
 * spelling across commands (formerly `--partenaire`, `--partner`, `--socle` or `NAME=`).
 */
export function addEntNameOption(command: Command, spec: SharedOptionSpec): Command {
  return addShared(command, '--ent-name <name>', spec, parseNonEmpty);
}

/**
 * The help of every command: required options end with `(required)` (commander does not mark
 * them by itself). Set on the program; subcommands inherit it.
 */
export function markRequiredInHelp(program: Command): Command {
  return program.configureHelp({
    optionDescription(option: Option): string {
      const text = Help.prototype.optionDescription.call(this, option);
      return option.mandatory ? `${text} (required)` : text;
    },
  });
}

/**
 * The library's spelling (`Complet`, `Partiel`: the identifier file's `Mode`) of a `--mode`
 * value as typed on the command line (`complet`, `partiel`).
 */
export function modeOf(mode: 'complet' | 'partiel'): IdentifiantsPronoteMode {
  return mode === 'partiel' ? 'Partiel' : 'Complet';
}
