/**
 * `ent-pronote pronote-server`: a TEST stand-in for PRONOTE's side of the single sign-on (a CAS
 * client over PRONOTE's people), for test harnesses. Prints its base URL as the first line of
 * stdout once it listens; stops on SIGINT/SIGTERM.
 *
 * @internal
 * @module
 */

import { Option, type Command } from 'commander';
import { type PronoteLogin, type PronoteStandInOptions, startPronoteStandIn, type StandInProtocol } from '../../cas/server/index';
import { EntPronoteError, type IdentifiantsPronote, isEntPronoteError, POPULATIONS } from '../../index';
import { type CliState, subcommand } from '../command';
import { usageError } from '../errors';
import { readFileText } from '../io';
import { addEntNameOption, addPrivateKeyOption, parseNonEmpty, parseUai } from '../options';
import { printLine } from '../output';
import { fixtureSsoAccounts } from '../sso-fixtures';
import { collectPairs, isFixturesFolder, loadIdentifiants, parsePort, readFixturesFolder, testServerBanner, untilStopped } from '../sso-inputs';

/** Options of {@link pronoteServerInputs}. */
export interface PronoteServerCommandOptions {
  /** Base URL of the CAS server. */
  cas: string;
  /** IDENTIFIANTS_PRONOTE (plain or sealed) or a fixtures folder. */
  pronote: string;
  mode: PronoteStandInOptions['mode'];
  protocol: StandInProtocol;
  attributeName?: Record<string, string>;
  /** Mode 1: recognise parents on name and first name too. */
  parentsByName?: boolean;
  /** JSON file: `[{ login, password, population, idpn }]`. */
  logins?: string;
  uai?: string;
  /** `--private-key` (was `--key`). */
  privateKey?: string;
  passphraseFile?: string;
  /** `--ent-name` (was `--partner`): the key block of a sealed identifier file. */
  entName?: string;
  host: string;
  port: number;
  allowNonLoopback?: boolean;
}

function readLogins(path: string): PronoteLogin[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileText(path).replace(/^\uFEFF/, ''));
  } catch (e) {
    if (isEntPronoteError(e)) throw e;
    throw new EntPronoteError('ERR_INPUT', 'malformed JSON (expected [{ "login", "password", "population", "ident" }])', { file: path });
  }
  if (!Array.isArray(value)) throw new EntPronoteError('ERR_INPUT', 'expected an array [{ "login", "password", "population", "ident" }]', { file: path });
  return value.map((v: unknown, i) => {
    const o = v as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || typeof o.login !== 'string' || typeof o.password !== 'string' || typeof o.ident !== 'number' || !(POPULATIONS as readonly unknown[]).includes(o.population)) {
      throw new EntPronoteError('ERR_INPUT', 'each entry must be { "login", "password", "population", "ident" }', { file: path, record: `#${i + 1}` });
    }
    return { login: o.login, password: o.password, population: o.population as PronoteLogin['population'], ident: o.ident };
  });
}

/** Reads the inputs into the stand-in's options (without host and port). */
export async function pronoteServerInputs(options: PronoteServerCommandOptions): Promise<PronoteStandInOptions> {
  let people: IdentifiantsPronote;
  let logins: PronoteLogin[] | undefined;
  if (isFixturesFolder(options.pronote)) {
    const folder = await readFixturesFolder(options.pronote);
    const school = options.uai === undefined ? folder.schools[0] : folder.schools.find((s) => s.uai === options.uai);
    if (school === undefined) throw usageError(`the fixtures folder has no school ${options.uai ?? ''}`);
    if (options.uai === undefined && folder.schools.length > 1) {
      process.stderr.write(`ent-pronote: pronote-server: the fixtures folder has ${folder.schools.length} schools; serving ${school.uai} (choose with --uai)\n`);
    }
    people = school.identifiants;
    logins = fixtureSsoAccounts(folder)?.pronoteLogins.filter((l) => l.uai === school.uai).map(({ uai: _uai, ...l }) => l);
  } else {
    people = await loadIdentifiants(options.pronote, {
      ...(options.privateKey !== undefined ? { path: options.privateKey } : {}),
      ...(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {}),
      ...(options.entName !== undefined ? { partner: options.entName } : {}),
    });
  }
  if (options.logins !== undefined) logins = readLogins(options.logins);
  if (options.mode === 'double-authentification' && (logins === undefined || logins.length === 0)) {
    throw usageError('the double-authentification mode needs the PRONOTE logins: give --logins FILE, or a fixtures folder as --pronote');
  }
  return {
    casUrl: options.cas,
    people,
    mode: options.mode,
    protocol: options.protocol,
    ...(options.attributeName !== undefined ? { attributeNames: options.attributeName } : {}),
    ...(options.parentsByName === true ? { recognize: { parentsByName: true } } : {}),
    ...(logins !== undefined ? { logins } : {}),
  };
}

/** Declares `pronote-server`. */
export function registerPronoteServer(program: Command, _state: CliState): void {
  const command = subcommand(program, 'pronote-server', 'run a TEST stand-in for PRONOTE that logs users in through a CAS server and recognises them; never for production')
    .requiredOption('--cas <url>', 'base URL of the CAS server (e.g. the first line printed by "ent-pronote cas-server")', parseNonEmpty)
    .requiredOption('--pronote <path>', "PRONOTE's people: an IDENTIFIANTS_PRONOTE (plain, or sealed with --private-key), or a folder written by \"ent-pronote fixtures\"")
    .addOption(new Option('--mode <mode>', 'how a user is recognised at first connection').choices(['identite', 'identite-pronote', 'double-authentification']).default('identite'))
    .addOption(new Option('--protocol <protocol>', 'how tickets are validated: CAS 2.0, CAS 3.0 or SAML 1.1').choices(['cas2', 'cas3', 'saml11']).default('cas2'))
    .option('--attribute-name <key=name>', 'the CAS attribute PRONOTE reads for a key (nom, prenom, dateNaissance, codePostal, categories, idpn; repeatable)', collectPairs)
    .option('--parents-by-name', 'mode identite: also recognise parents on name and first name (PRONOTE does; a homonym parent of another family may be named)')
    .option('--logins <file>', 'PRONOTE logins (mode double-authentification, ?login=true): JSON [{ "login", "password", "population", "ident" }]')
    .option('--uai <uai>', 'fixtures folder: the school to serve (default: the first)', parseUai)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port (0: any free port)', parsePort, 0)
    .option('--allow-non-loopback', 'allow a non-loopback --host (never with real data)');
  addPrivateKeyOption(command, { description: 'private key opening a sealed identifier file', aliases: ['--key'] });
  addEntNameOption(command, { description: 'sealed identifier file: the key block to use (the ENT name)', aliases: ['--partner'] });
  command
    .action(async (opts: PronoteServerCommandOptions) => {
      const inputs = await pronoteServerInputs(opts);
      testServerBanner('pronote-server');
      const server = await startPronoteStandIn({ ...inputs, host: opts.host, port: opts.port, ...(opts.allowNonLoopback === true ? { allowNonLoopback: true } : {}) });
      printLine(server.url);
      process.stderr.write(`ent-pronote: pronote-server: mode ${opts.mode}, ${opts.protocol}; open ${server.serviceUrl} (add ?login=true to bypass the CAS); Ctrl-C stops it\n`);
      await untilStopped();
      await server.close();
    });
}
