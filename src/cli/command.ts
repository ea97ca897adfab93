/**
 * What the subcommand modules share: the state of one run (exit code) and how a subcommand is
 * declared.
 *
 * @internal
 * @module
 */

import type { Command } from 'commander';
import { addDebugOption } from './options';

/** The state of one run of the command line. */
export interface CliState {
  /** The exit code when no error is thrown (e.g. `validate` sets 1 for an invalid document). */
  exitCode: number;
}

/**
 * Declares a subcommand on `program` (so that it inherits the program's output and error
 * settings) with the options every subcommand has (`--debug`).
 */
export function subcommand(program: Command, name: string, description: string): Command {
  return addDebugOption(program.command(name).description(description));
}
