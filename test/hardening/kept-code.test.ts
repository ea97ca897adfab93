import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child/kept-code.ts', import.meta.url));

interface KeptCodeReport {
  before: Record<string, boolean>;
  after: Record<string, boolean>;
  dropped: boolean;
}

function runChild(mode: string): Promise<KeptCodeReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--allow-natives-syntax', '--import', 'tsx', CHILD, mode],
      { cwd: ROOT, maxBuffer: 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as KeptCodeReport);
      },
    );
  });
}

describe('the compiled readers and matching survive a garbage collection between two runs', () => {
  // V8 throws away optimised code that relies on a hidden class it collected. Without the objects
  // kept by keepShapes, a full collection between two documents took the classes of the reader,
  // the tree builder and the tokenizer (or the matching's tables), and the next run started in
  // unoptimised code.
  it.each([
    ['PARTENAIRE_INDEX reader', 'partenaire-index', ['parseStartTag', 'run']],
    ['identifier file reader', 'identifiants-pronote', ['parseStartTag', 'run']],
    ['tree builder (envelopes)', 'tree', ['parseStartTag', 'run']],
    ['matching engine', 'match', ['PairTable.id', 'StringIndex.add']],
  ])('the %s: its hottest functions stay optimised once the documents (or results) are dropped', async (_name, mode, functions) => {
    const r = await runChild(mode);
    const all = Object.fromEntries(functions.map((f) => [f, true]));
    expect(r.dropped).toBe(true);
    expect(r.before, 'optimised after 60 runs (else the check below proves nothing)').toEqual(all);
    expect(r.after, 'still optimised after a full collection').toEqual(all);
  }, 120_000);
});
