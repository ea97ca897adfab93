import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, KEYS, run, useCli } from './helpers';
import { makeWorld, type World } from './world';

const cli = useCli();

/** `script` (util-linux) runs a command in a pseudo-terminal: stderr is then a TTY. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function quote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** Runs the CLI in a pseudo-terminal; returns everything the terminal showed. */
function runInTty(args: readonly string[]): { code: number | null; output: string } {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' } });
  return { code: r.status, output: r.stdout };
}

let world: World;
let exportArgs: string[];
beforeAll(async () => {
  world = await makeWorld(join(cli.dir(), 'world'), { students: 300 });
  const map = join(cli.dir(), 'idmap.csv');
  writeFileSync(map, Object.entries(world.truth.aafIds).map(([a, e]) => `${a};${e}`).join('\n'));
  exportArgs = ['export', '--accounts', world.aafDir, '--id-map', map, '--public-key', KEYS.public, '--ent-name', 'X', '--partenaire-id', 'Y', '--uai', world.uai];
});

describe('progress bars', () => {
  it('are absent when stderr is not a terminal', async () => {
    const r = await run([...exportArgs, '--out', join(cli.dir(), 'pipe.xml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const f = await run(['fixtures', '--students', '300', '--out', join(cli.dir(), 'fx-pipe')]);
    expect(f.code).toBe(0);
    expect(f.stderr).toBe('');
  });

  it.skipIf(!hasScript)('are drawn on stderr when it is a terminal, and cleared', () => {
    const r = runInTty([...exportArgs, '--out', join(cli.dir(), 'tty.xml')]);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('reading AAF [');
    expect(r.output).toContain('] 100%');
    expect(r.output).toContain('\r\x1b[K');
    const f = runInTty(['fixtures', '--students', '300', '--out', join(cli.dir(), 'fx-tty')]);
    expect(f.code, f.output).toBe(0);
    expect(f.output).toContain('fixtures generating 300 students');
    expect(f.output).toContain('fixtures writing');
  });

  it.skipIf(!hasScript)('show a phase line for each long step: reading, sealing, matching, decrypting, checking', () => {
    const csvExport = runInTty(['export', '--accounts', world.csv, '--public-key', KEYS.public, '--ent-name', 'X', '--partenaire-id', 'Y', '--uai', world.uai, '--out', join(cli.dir(), 'phases.xml')]);
    expect(csvExport.code, csvExport.output).toBe(0);
    expect(csvExport.output).toMatch(/reading CSV \([\d,]+ bytes\)…/);
    expect(csvExport.output).toMatch(/export sealing 1 school, [\d,]+ staff members/);
    const m = runInTty(['match', '--ent', world.partenaireIndex, '--pronote', world.complet]);
    expect(m.code, m.output).toBe(0);
    expect(m.output).toMatch(/match matching [\d,]+ ENT accounts with [\d,]+ PRONOTE people…/);
    const v = runInTty(['validate', '--private-key', KEYS.private, join(cli.dir(), 'phases.xml')]);
    expect(v.code, v.output).toBe(0);
    expect(v.output).toContain('validate decrypting and verifying…');
    expect(v.output).toContain('validate checking the PARTENAIRE_INDEX inside…');
  });
});
