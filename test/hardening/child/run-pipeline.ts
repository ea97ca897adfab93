/**
 * Entry of the sandboxed run: reads the keys (JSON) from standard input, runs the pipeline, and
 * prints one line: `PIPELINE-SUMMARY <json>`. Bundled by the sandbox test with the library.
 */

import { runPipeline, type PipelineKeys } from '../pipeline';

const input: Buffer[] = [];
for await (const chunk of process.stdin) input.push(chunk as Buffer);
const keys = JSON.parse(Buffer.concat(input).toString('utf8')) as PipelineKeys;
const summary = await runPipeline(keys);
let writeDenied = false;
try {
  // Proof that the sandbox is effective: this must be refused.
  const fs = await import('node:fs');
  fs.writeFileSync('sandbox-probe.txt', 'x');
} catch (e) {
  writeDenied = (e as { code?: string }).code === 'ERR_ACCESS_DENIED';
}
process.stdout.write(`PIPELINE-SUMMARY ${JSON.stringify({ ...summary, writeDenied })}\n`);
