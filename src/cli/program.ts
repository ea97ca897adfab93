/**
 * The `ent-pronote` program: its subcommands, and one run of it with the exit code policy of
 * `./errors`.
 *
 * @internal
 * @module
 */

import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import type { CliState } from './command';
import { registerCasServer } from './commands/cas-server';
import { registerDemo } from './commands/demo';
import { registerExport } from './commands/export';
import { registerFixtures } from './commands/fixtures';
import { registerIdentifiers } from './commands/identifiers';
import { registerInspect } from './commands/inspect';
import { registerKeygen } from './commands/keygen';
import { registerMatch } from './commands/match';
import { registerReview } from './commands/review';
import { registerOpen } from './commands/open';
import { registerPronoteServer } from './commands/pronote-server';
import { registerSeal } from './commands/seal';
import { registerValidate } from './commands/validate';
import { describeError, EXIT_USAGE, PROGRAM } from './errors';
import { markRequiredInHelp } from './options';

/** The version printed by `--version`. */
export const CLI_VERSION: string = version;

const EXIT_CODES_HELP = `
Exit codes:
  0   success (validate: valid, possibly with warnings)
  1   invalid input or failed verification (bad file, wrong key, altered envelope, invalid document)
  2   usage error (unknown command or option, missing or bad option value)
  70  internal error (a bug; run with --debug and report it)

Files holding nominative data in clear are written with mode 0600. No command overwrites an
existing file without --force, writes through a link, or leaves a partial file: outputs are
written to a temporary file in the same folder, then renamed. Inputs larger than the limit are
refused before being read (ENT_PRONOTE_MAX_INPUT_BYTES lowers it; - reads standard input).
Errors and warnings on stderr never quote names. Progress appears on stderr when it is a terminal.`;

/** Builds the program; `state` receives the exit code of commands that succeed with a verdict. */
export function createProgram(state: CliState): Command {
  const program = new Command();
  program
    .name(PROGRAM)
    .description('Build, seal, open and match the files that link a French school ENT with PRONOTE.')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .option('--debug', 'show the stack trace of an error')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true)
    .addHelpText('after', EXIT_CODES_HELP);
  markRequiredInHelp(program);
  registerKeygen(program, state);
  registerExport(program, state);
  registerSeal(program, state);
  registerOpen(program, state);
  registerInspect(program, state);
  registerValidate(program, state);
  registerIdentifiers(program, state);
  registerMatch(program, state);
  registerReview(program, state);
  registerFixtures(program, state);
  registerDemo(program, state);
  registerCasServer(program, state);
  registerPronoteServer(program, state);
  return program;
}

/** The subcommand named on the command line, if any (for the error hint). */
function subcommandOf(program: Command, args: readonly string[]): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return args.find((a) => names.has(a));
}

/**
 * Runs the program on `argv` (as `process.argv`: node, script, then arguments) and returns the
 * exit code. Errors are written to stderr (one line, plus the problems of a validation error,
 * plus the stack with `--debug`), and with `--json` as `{"error": …}` on stdout.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const state: CliState = { exitCode: 0 };
  const args = argv.slice(2);
  const debug = args.includes('--debug');
  const json = args.includes('--json');
  const program = createProgram(state);
  try {
    await program.parseAsync([...argv]);
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return EXIT_USAGE; // help already shown
    }
    const described = describeError(e, { debug, subcommand: subcommandOf(program, args) });
    process.stderr.write(`${described.lines.join('\n')}\n`);
    if (json) process.stdout.write(`${JSON.stringify(described.json)}\n`);
    return described.exitCode;
  }
}
