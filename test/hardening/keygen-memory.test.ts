import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child/keygen-memory.ts', import.meta.url));

describe('generateKeyPair with a large document in memory', () => {
  // Node 20 deadlocks when a key object that shares its lock with the key generation job has its
  // details read during a collection that destroys that job (it happens whenever 32 MiB of young
  // buffers are alive). The child hung forever on the previous code; a timeout turns a hang into
  // a failure here.
  it('generates, seals and opens without hanging', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', CHILD],
        { cwd: ROOT, timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, NODE_OPTIONS: '' } },
        (error, stdout, stderr) => {
          if (error !== null) reject(new Error(`${error.killed ? 'the child hung (killed after 60 s)' : error.message}\n${stderr}`));
          else resolve(stdout.trim());
        },
      );
    });
    expect(out).toBe('ok 2048 43000000');
  }, 90_000);
});
