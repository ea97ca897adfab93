/**
 * Entry point of the `ent-pronote` command (built to `dist/cli.js` with a `#!/usr/bin/env node`
 * banner). See `./program` for the subcommands and `./errors` for the exit codes.
 *
 * @internal
 * @module
 */

import { describeError, EXIT_INTERNAL } from './errors';
import { runCli } from './program';

const debug = process.argv.includes('--debug');

/** Last resort: one line (frames with --debug), never the message of a foreign error. */
function fail(e: unknown): never {
  const described = describeError(e, { debug });
  process.stderr.write(`${described.lines.join('\n')}\n`);
  process.exit(described.exitCode === 0 ? EXIT_INTERNAL : described.exitCode);
}

// `ent-pronote open … | head`: a closed pipe ends the run quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fail(e);
});
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

runCli(process.argv).then((code) => {
  process.exitCode = code;
}, fail);
