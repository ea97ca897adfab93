/**
 * `ent-pronote cas-server`: a TEST CAS server over ENT accounts (any accounts input, or a folder
 * written by `ent-pronote fixtures`), for test harnesses. Prints its base URL as the first line
 * of stdout once it listens; stops on SIGINT/SIGTERM.
 *
 * @internal
 * @module
 */

import { Option, type Command } from 'commander';
import { startCasTestServer, type CasTestServerOptions } from '../../cas/server/index';
import type { IdentifiantsPronote, PartenaireIndex } from '../../index';
import { loadEntAccounts } from '../accounts';
import { type CliState, subcommand } from '../command';
import { usageError } from '../errors';
import { loadPrivateKey } from '../keys';
import { addEntNameOption, addPrivateKeyOption, exportDate, integerParser, parseNonEmpty, parseUai } from '../options';
import { printLine, stderrReporter, warnProblems } from '../output';
import { collectPairs, isFixturesFolder, loadIdentifiants, parsePort, readFixturesFolder, testServerBanner, untilStopped } from '../sso-inputs';
import { fixtureSsoAccounts } from '../sso-fixtures';

/** Options of {@link runCasServer}. */
export interface CasServerCommandOptions {
  /** Accounts (CSV, JSON, AAF, PARTENAIRE_INDEX, ImportChiffre) or a fixtures folder. */
  accounts: string;
  /** PRONOTE identifier files: their IDPN is released (mode 2). */
  identifiers?: string[];
  /** The harness password (required unless the fixtures folder gives one per account). */
  password?: string;
  layout?: 'entcore' | 'laclasse' | 'apereo';
  dateFormat?: 'dd/mm/yyyy' | 'yyyy-mm-dd';
  casVersion?: '2.0' | '3.0';
  casUser?: 'idPartenaire' | 'login' | 'derived';
  attributeName?: Record<string, string>;
  servicePattern?: string;
  host: string;
  port: number;
  allowNonLoopback?: boolean;
  ticketTtl?: number;
  allowHttpProxyCallback?: boolean;
  /** `--private-key` (was `--key`). */
  privateKey?: string;
  passphraseFile?: string;
  /** `--ent-name` (was `--partner`): the key block of a sealed identifier file. */
  entName?: string;
  uai?: string;
  idMap?: string;
  idSecretFile?: string;
  skipInvalid?: boolean;
}

/** Reads the inputs into the server's options (without host and port). */
export async function casServerInputs(options: CasServerCommandOptions): Promise<CasTestServerOptions> {
  let accounts: PartenaireIndex[];
  let identifiants: IdentifiantsPronote[] = [];
  let password: CasTestServerOptions['password'] | undefined = options.password;
  let logins: Map<string, string> | undefined;
  let staffKinds: CasTestServerOptions['staffKinds'];
  if (isFixturesFolder(options.accounts)) {
    const folder = await readFixturesFolder(options.accounts);
    const schools = options.uai === undefined ? folder.schools : folder.schools.filter((s) => s.uai === options.uai);
    if (schools.length === 0) throw usageError(`the fixtures folder has no school ${options.uai ?? ''}`);
    accounts = schools.map((s) => s.partenaireIndex);
    identifiants = schools.map((s) => s.identifiants);
    const sso = fixtureSsoAccounts(folder);
    if (sso !== undefined) {
      logins = sso.logins;
      staffKinds = sso.staffKinds;
      if (password === undefined) password = (account) => sso.passwords.get(account.idPartenaire) ?? '';
    }
  } else {
    const loaded = await loadEntAccounts(
      options.accounts,
      {
        date: exportDate(undefined),
        partenaire: 'cas-server',
        ...(options.privateKey !== undefined ? { privateKey: () => loadPrivateKey(options.privateKey as string, options.passphraseFile) } : {}),
        ...(options.uai !== undefined ? { uai: options.uai } : {}),
        ...(options.idMap !== undefined ? { idMap: options.idMap } : {}),
        ...(options.idSecretFile !== undefined ? { idSecretFile: options.idSecretFile } : {}),
        ...(options.skipInvalid === true ? { skipInvalid: true } : {}),
      },
      stderrReporter,
    );
    warnProblems(stderrReporter, loaded.problems, options.accounts, `details: ent-pronote validate ${options.accounts}`);
    accounts = [loaded.document];
  }
  for (const f of options.identifiers ?? []) {
    identifiants.push(await loadIdentifiants(f, { ...(options.privateKey !== undefined ? { path: options.privateKey } : {}), ...(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {}), ...(options.entName !== undefined ? { partner: options.entName } : {}) }));
  }
  if (password === undefined) throw usageError('give --password: the harness password every account logs in with');
  const profile: NonNullable<CasTestServerOptions['profile']> = {};
  if (options.casUser !== undefined) profile.user = options.casUser;
  return {
    accounts,
    ...(identifiants.length > 0 ? { identifiants } : {}),
    password,
    ...(logins !== undefined ? { logins } : {}),
    ...(staffKinds !== undefined ? { staffKinds } : {}),
    ...(options.layout !== undefined ? { layout: options.layout } : {}),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
    ...(options.casVersion !== undefined ? { version: options.casVersion } : {}),
    ...(options.attributeName !== undefined ? { attributeNames: options.attributeName } : {}),
    ...(Object.keys(profile).length > 0 ? { profile } : {}),
    ...(options.servicePattern !== undefined ? { servicePattern: options.servicePattern } : {}),
    ...(options.ticketTtl !== undefined ? { ticketTtlMs: options.ticketTtl } : {}),
    ...(options.allowHttpProxyCallback === true ? { allowHttpLoopbackProxyCallback: true } : {}),
  };
}

/** Declares `cas-server`. */
export function registerCasServer(program: Command, _state: CliState): void {
  const command = subcommand(program, 'cas-server', 'run a TEST CAS server over ENT accounts (the ENT side of the single sign-on with PRONOTE); never for production')
    .requiredOption('--accounts <path>', 'ENT accounts: CSV, JSON, AAF, PARTENAIRE_INDEX, sealed ImportChiffre (with --private-key), or a folder written by "ent-pronote fixtures"')
    .option('--identifiers <file>', 'PRONOTE identifier file (IdPN_To_<ENT>.xml, plain or sealed): release the PRONOTE identifier of the accounts it links (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--password <password>', 'the harness password of every account (a fixtures folder gives one per account)', parseNonEmpty)
    .addOption(new Option('--layout <layout>', 'the ENT answer to reproduce (profile preset and attribute layout)').choices(['entcore', 'laclasse', 'apereo']).default('entcore'))
    .addOption(new Option('--date-format <format>', 'birth date format (default: the layout preset)').choices(['dd/mm/yyyy', 'yyyy-mm-dd']))
    .addOption(new Option('--cas-version <version>', 'CAS protocol version: 3.0 also serves /p3/…').choices(['2.0', '3.0']).default('3.0'))
    .addOption(new Option('--cas-user <source>', 'what the CAS user is (default: the layout preset)').choices(['idPartenaire', 'login', 'derived']))
    .option('--attribute-name <key=name>', 'rename a released attribute (keys: nom, prenom, dateNaissance, codePostal, categories, idpn; empty name leaves it out; repeatable)', collectPairs)
    .option('--service-pattern <pattern>', 'the registered PRONOTE service: URL followed by ** (prefix), exact URL, or ^regex (default: any loopback http(s) URL)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port (0: any free port)', parsePort, 0)
    .option('--allow-non-loopback', 'allow a non-loopback --host (never with real data)')
    .option('--ticket-ttl <ms>', 'service ticket lifetime in milliseconds', integerParser(1, 86_400_000))
    .option('--allow-http-proxy-callback', 'accept http:// proxy callbacks (pgtUrl) on loopback (the protocol wants https)')
    .option('--uai <uai>', 'keep this school (CSV, AAF, fixtures folder)', parseUai)
    .option('--id-map <file>', 'AAF: CSV "aaf_id;ent_id"')
    .option('--id-secret-file <file>', 'AAF: secret to derive ENT identifiers from')
    .option('--skip-invalid', 'leave invalid account records out instead of failing');
  addPrivateKeyOption(command, { description: 'private key opening a sealed accounts or identifier file', aliases: ['--key'] });
  addEntNameOption(command, { description: 'sealed identifier file: the key block to use (the ENT name)', aliases: ['--partner'] });
  command
    .action(async (opts: CasServerCommandOptions) => {
      const inputs = await casServerInputs(opts);
      testServerBanner('cas-server');
      const server = await startCasTestServer({ ...inputs, host: opts.host, port: opts.port, ...(opts.allowNonLoopback === true ? { allowNonLoopback: true } : {}) });
      printLine(server.url);
      process.stderr.write(`ent-pronote: cas-server: ${server.accounts} accounts; login at ${server.url}/login; Ctrl-C stops it\n`);
      await untilStopped();
      await server.close();
    });
}
