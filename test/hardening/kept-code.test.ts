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

describe('the compiled reader survives a garbage collection between two documents', () => {
  // V8 throws away optimised code that relies on a hidden class it collected. Without the objects
  // kept by keepShapes, a full collection between two documents took the classes of the reader,
  // the tree builder and the tokenizer, and the next document was read in unoptimised code.
  it.each([
    ['PARTENAIRE_INDEX reader', 'partenaire-index'],
    ['identifier file reader', 'identifiants-pronote'],
    ['tree builder (envelopes)', 'tree'],
  ])('the %s: the tokenizer stays optimised once the documents, readers and models are dropped', async (_name, mode) => {
    const r = await runChild(mode);
    expect(r.dropped).toBe(true);
    expect(r.before, 'optimised after 60 documents (else the check below proves nothing)').toEqual({ parseStartTag: true, run: true });
    expect(r.after, 'still optimised after a full collection').toEqual({ parseStartTag: true, run: true });
  }, 120_000);
});
