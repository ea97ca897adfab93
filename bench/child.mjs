// One section step in its own process (spawned by bench/run.mjs): imports the step's script,
// runs it and prints its rows as one JSON line on stdout. Progress goes to stderr.
//
//   node --expose-gc bench/child.mjs SCRIPT DATA_DIR RUNS [ARGS…]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, dataDir, runs, ...args] = process.argv.slice(2);
const { run } = await import(pathToFileURL(script).href);
const rows = await run({ fixture: (name) => join(dataDir, name), runs: Number(runs), args });
process.stdout.write(`${JSON.stringify(rows)}\n`);
