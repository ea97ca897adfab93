/**
 * `ent-pronote demo [--out DIR]`: see `../demo`.
 *
 * @internal
 * @module
 */

import type { Command } from 'commander';
import { EntPronoteError } from '../../index';
import { type CliState, subcommand } from '../command';
import { runDemo } from '../demo';
import { EXIT_INVALID } from '../errors';

/** The demo's default output directory (gitignored). */
export const DEFAULT_DEMO_OUT = 'demo-output';

/** Declares `demo`. */
export function registerDemo(program: Command, state: CliState): void {
  subcommand(program, 'demo', 'run the whole flow on built-in sample data with INSECURE TEST KEYS (fixtures, export, inspect, open, validate, identifiers, match)')
    .option('--out <dir>', "directory to write into: empty, missing, or a previous demo's output", DEFAULT_DEMO_OUT)
    .option('--force', 'write into a non-empty directory that is not a previous demo output')
    .action(async (opts: { out: string; force?: boolean }) => {
      const r = await runDemo({ out: opts.out, ...(opts.force === true ? { force: true } : {}) });
      if (!r.agreesWithGroundTruth) {
        state.exitCode = EXIT_INVALID;
        throw new EntPronoteError('ERR_CONFLICT', "the matching differs from the generator's ground truth (a bug: please report it)");
      }
    });
}
