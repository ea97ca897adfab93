/**
 * Runs examples/sso-harness.ts as a user would (`npx tsx`), in each of PRONOTE's three modes: every
 * account of the generated school logs in through the test CAS server and the PRONOTE stand-in,
 * and the outcome matches the ground truth.
 */

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/build';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function runExample(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/sso-harness.ts', () => {
  // 120 students with the seed "d" give homonym students: ambiguous users, never a guessed person.
  for (const [mode, protocol, students, seed] of [
    ['identite', 'cas2', 120, 'd'],
    ['identite-pronote', 'cas3', 40, 'examples'],
    ['double-authentification', 'saml11', 40, 'examples'],
  ] as const) {
    it(`mode ${mode} (${protocol}): every account ends as the ground truth says`, async () => {
      const r = await runExample(['examples/sso-harness.ts', '--mode', mode, '--protocol', protocol, '--students', String(students), '--seed', seed]);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const summary = JSON.parse(lines[0] as string) as { mode: string; protocol: string; checked: number; mismatches: number; counts: Record<string, number> };
      expect(summary).toMatchObject({ mode, protocol, mismatches: 0 });
      expect(summary.checked).toBeGreaterThan(40);
      expect(summary.counts.recognized).toBeGreaterThan(20);
      if (mode === 'identite') expect(summary.counts.ambiguous).toBeGreaterThan(0);
      expect(r.code).toBe(0);
    });
  }
});
