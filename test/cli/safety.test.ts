/**
 * A command line that never destroys a file: no overwrite without --force, no output through
 * hard or symbolic links, none onto the command's own input, no non-empty output folder, all
 * outputs of a command or none; inputs refused by size before being read; one option name per
 * concept, old spellings warned about.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, DATA, expectError, KEYS, ROOT, run, type RunResult, useCli } from './helpers';
import { makeWorld, type World } from './world';
import { DEFAULT_LIMITS } from '../../src/index';

const cli = useCli();
const PI = join(DATA, 'partenaire-index', 'sample.xml');
const posix = process.platform !== 'win32';

/** Runs the command with `input` on its standard input (a pipe). */
function runWithInput(args: readonly string[], input: Buffer, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => {}); // the command may stop reading early (EPIPE)
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
    child.stdin.end(input);
  });
}

/** A fresh folder under the test directory. */
function folder(name: string): string {
  const d = join(cli.dir(), name);
  mkdirSync(d, { recursive: true });
  return d;
}

let world: World;
let sealed: string;
beforeAll(async () => {
  world = await makeWorld(join(cli.dir(), 'world'), { students: 30, seed: 'safety' });
  sealed = join(cli.dir(), 'sealed.xml');
  expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', sealed])).code).toBe(0);
});

describe('no overwrite without --force', () => {
  const cases: [string, (out: string) => string[]][] = [
    ['seal', (out) => ['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', out]],
    ['open', (out) => ['open', '--private-key', KEYS.private, sealed, '--out', out]],
    ['export', (out) => ['export', '--accounts', world.csv, '--public-key', KEYS.public, '--ent-name', 'E', '--partenaire-id', 'P', '--uai', world.uai, '--out', out]],
    ['identifiers', (out) => ['identifiers', '--people', world.complet, '--ent-name', 'KOSMOS', '--uai', world.uai, '--mode', 'complet', '--out', out]],
    ['match', (out) => ['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--report', out]],
  ];
  it.each(cases)('%s refuses an existing file (exit 1, ERR_CONFLICT, file untouched), replaces it with --force', async (name, args) => {
    const out = join(folder(`overwrite-${name}`), 'out.xml');
    writeFileSync(out, 'precious');
    const r = await run(args(out));
    expectError(r, 1, 'ERR_CONFLICT');
    expect(r.stderr.split('\n')[0]).toBe(`ent-pronote: ERR_CONFLICT: refusing to overwrite ${out}: it exists (use --force to replace it)`);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const forced = await run([...args(out), '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('precious');
    expect(readdirSync(join(out, '..'))).toEqual(['out.xml']); // no temporary file left
  });

  it('keygen refuses an existing key file and writes none of the three; --force replaces the pair', async () => {
    const dir = folder('keygen-existing');
    writeFileSync(join(dir, 'public.pem'), 'precious');
    expectError(await run(['keygen', '--out', dir]), 1, 'ERR_CONFLICT');
    expect(readdirSync(dir)).toEqual(['public.pem']);
    expect(readFileSync(join(dir, 'public.pem'), 'utf8')).toBe('precious');
    expect((await run(['keygen', '--out', dir, '--force'])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['private.pem', 'public.pem', 'public.ssh2.pub']);
    expect(statSync(join(dir, 'private.pem')).mode & 0o777).toBe(0o600);
  });

  it('export --out onto its own input is refused, even with --force, and the input survives', async () => {
    const dir = folder('own-input');
    const accounts = join(dir, 'accounts.csv');
    writeFileSync(accounts, readFileSync(world.csv));
    const before = readFileSync(accounts);
    const r = await run(['export', '--accounts', accounts, '--public-key', KEYS.public, '--ent-name', 'E', '--partenaire-id', 'P', '--uai', world.uai, '--out', accounts, '--force']);
    expectError(r, 2, 'ERR_ARGUMENT');
    expect(r.stderr).toContain(`refusing to write ${accounts}: it is one of this command's inputs`);
    expect(readFileSync(accounts).equals(before)).toBe(true);
  });

  it('fixtures refuses a non-empty folder (nothing written), writes into it with --force', async () => {
    const dir = folder('fixtures-non-empty');
    writeFileSync(join(dir, 'mine.txt'), 'precious');
    const r = await run(['fixtures', '--students', '5', '--out', dir]);
    expectError(r, 1, 'ERR_CONFLICT');
    expect(r.stderr).toContain(`refusing to write into ${dir}: it is not empty (use --force`);
    expect(readdirSync(dir)).toEqual(['mine.txt']);
    expect((await run(['fixtures', '--students', '5', '--out', dir, '--force'])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['aaf', 'ent', 'ground-truth.json', 'mine.txt', 'pronote']);
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('precious');
  });
});

describe.runIf(posix)('links at the destination', () => {
  it('a hard link is refused, even with --force, and both names keep their content', async () => {
    const dir = folder('hardlink');
    const target = join(dir, 'target.xml');
    const link = join(dir, 'link.xml');
    writeFileSync(target, 'precious');
    linkSync(target, link);
    for (const force of [[], ['--force']]) {
      const r = await run(['open', '--private-key', KEYS.private, sealed, '--out', link, ...force]);
      expectError(r, 1, 'ERR_INPUT');
      expect(r.stderr.split('\n')[0]).toBe(
        `ent-pronote: ERR_INPUT: cannot write ${link}: the file has other hard links, and output files are never written through one; remove it or choose another output path`,
      );
    }
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(readFileSync(link, 'utf8')).toBe('precious');
    expect(statSync(target).nlink).toBe(2);
  });

  it('a symbolic link is refused, even with --force, its target untouched', async () => {
    const dir = folder('symlink');
    const target = join(dir, 'target.xml');
    const link = join(dir, 'link.xml');
    writeFileSync(target, 'precious');
    symlinkSync(target, link);
    const r = await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', link, '--force']);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toContain('is a symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });
});

describe('all outputs or none', () => {
  it('match --report r.html --csv <a directory> leaves nothing (not even the HTML report)', async () => {
    const dir = folder('multi');
    const html = join(dir, 'r.html');
    const csvDir = folder('multi/csv-is-a-dir');
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--report', html, '--csv', csvDir]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toContain(`cannot write ${csvDir}: it is a directory`);
    expect(readdirSync(dir)).toEqual(['csv-is-a-dir']);
    expect(readdirSync(csvDir)).toEqual([]);
  });

  it('match writes every report when all can be written, in folders it creates', async () => {
    const dir = join(cli.dir(), 'multi-ok', 'new', 'folder');
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--report', join(dir, 'r.html'), '--csv', join(dir, 'r.csv'), '--json-report', join(dir, 'r.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['r.csv', 'r.html', 'r.json']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it.runIf(existsSync('/dev/full'))('open --out on a full device fails with exit 1 (ERR_INPUT, no space) and leaves nothing', async () => {
    const r = await run(['open', '--private-key', KEYS.private, sealed, '--out', '/dev/full']);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr.split('\n')[0]).toBe('ent-pronote: ERR_INPUT: cannot write /dev/full: no space left on the device (nothing was left behind)');
  });
});

describe('inputs refused by size before being read', () => {
  it.runIf(existsSync('/dev/zero'))('validate /dev/zero ends in ERR_LIMIT (exit 1), the device read with a running count', async () => {
    const r = await run(['validate', '/dev/zero'], { env: { ENT_PRONOTE_MAX_INPUT_BYTES: String(4 * 1024 * 1024) } });
    expectError(r, 1, 'ERR_LIMIT');
    expect(r.stderr.split('\n')[0]).toBe(
      'ent-pronote: ERR_LIMIT: /dev/zero is larger than 4,194,304 bytes, the most this command reads (refused before reading it whole; ENT_PRONOTE_MAX_INPUT_BYTES can only lower this limit)',
    );
  });

  it('a 1.5 GB file is refused from its size, with the default limit, without being read', async () => {
    const big = join(cli.dir(), 'big.xml');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 1.5 * 1024 ** 3); // sparse: no disk used
    closeSync(fd);
    for (const args of [['validate', big], ['inspect', big], ['open', '--private-key', KEYS.private, big]]) {
      const r = await run(args);
      expectError(r, 1, 'ERR_LIMIT');
      expect(r.stderr).toContain(`${big} is larger than ${DEFAULT_LIMITS.maxInputBytes.toLocaleString('en-US')} bytes`);
    }
  });

  it('standard input (-) is read with a running count: refused beyond the limit, read when within', async () => {
    const doc = readFileSync(PI);
    const over = await runWithInput(['validate', '-'], Buffer.concat([doc, Buffer.alloc(64 * 1024, 0x20)]), { ENT_PRONOTE_MAX_INPUT_BYTES: String(doc.length + 1000) });
    expectError(over, 1, 'ERR_LIMIT');
    expect(over.stderr).toContain(`standard input is larger than ${(doc.length + 1000).toLocaleString('en-US')} bytes`);
    const within = await runWithInput(['validate', '-', '--json'], doc);
    expect(within.code, within.stderr).toBe(0);
    expect((JSON.parse(within.stdout) as { kind: string; valid: boolean }).kind).toBe('PARTENAIRE_INDEX');
  });
});

describe('one option name per concept', () => {
  it('the old spellings still work, each with a deprecation warning on stderr', async () => {
    const out = join(folder('aliases'), 'sealed.xml');
    const r = await run(['seal', '--key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', out, '--partner', 'VENDOR']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'ent-pronote: warning: --key is deprecated: use --public-key (the old spelling will be removed in 1.0)',
      'ent-pronote: warning: --partner is deprecated: use --ent-name (the old spelling will be removed in 1.0)',
    ]);
    const opened = await run(['open', '--key', KEYS.private, out]);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdoutBytes.equals(readFileSync(PI))).toBe(true);
    expect(opened.stderr).toBe('ent-pronote: warning: --key is deprecated: use --private-key (the old spelling will be removed in 1.0)\n');
    const id = await run(['identifiers', '--people', world.complet, '--socle', world.socle, '--uai', world.uai, '--mode', 'complet', '--out', join(cli.dir(), 'aliases', 'id.xml')]);
    expect(id.code, id.stderr).toBe(0);
    expect(id.stderr).toBe('ent-pronote: warning: --socle is deprecated: use --ent-name (the old spelling will be removed in 1.0)\n');
    const ex = await run(['export', '--accounts', world.csv, '--key', KEYS.public, '--partenaire', 'E', '--partenaire-id', 'P', '--uai', world.uai, '--out', join(cli.dir(), 'aliases', 'ic.xml')]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stderr).toContain('--partenaire is deprecated: use --ent-name');
  });

  it('the new spellings give no warning; the help marks required options and hides the old spellings', async () => {
    const out = join(folder('new-names'), 'sealed.xml');
    const r = await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', out, '--ent-name', 'VENDOR']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const help = (await run(['export', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain("--public-key <file> Index-Education's public key (SSH2/RFC 4716, OpenSSH, PEM, DER, JWK) (required)");
    expect(help).toContain("--ent-name <name> the ENT's name (container Partenaire) (required)");
    expect(help).toContain('--out <file> the sealed ImportChiffre file to write (required, unless --all-schools)');
    expect(help).toContain('--force replace an existing --out file -h');
    expect(help).toContain('--description <text> container Description (default: "PARTENAIRE_INDEX") --protocol');
    expect(help).not.toMatch(/--key\b/);
    expect(help).not.toMatch(/--partenaire </);
  });
});

describe('the test servers share the option names', () => {
  it('cas-server and pronote-server offer --private-key and --ent-name, the old spellings hidden', async () => {
    for (const name of ['cas-server', 'pronote-server']) {
      const help = (await run([name, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help, name).toContain('--private-key <file>');
      expect(help, name).toContain('--ent-name <name> sealed identifier file: the key block to use (the ENT name)');
      expect(help, name).not.toMatch(/--key\b/);
      expect(help, name).not.toMatch(/--partner\b/);
    }
  });
});

describe('every input kind where it makes sense', () => {
  it('match and inspect read the PRONOTE people CSV that identifiers accepts', async () => {
    const dir = folder('pronote-csv');
    const people = join(dir, 'people.csv');
    writeFileSync(
      people,
      'population;ident;idpn;nom;prenom;date_naissance;sexe;id_partenaire;parents\n' +
        'responsable;;r1;TESTPARENT;Alix;;;;\n' +
        'eleve;;e1;TESTCHILD;Noa;01/02/2012;M;;r1\n',
    );
    const id = await run(['identifiers', '--people', people, '--ent-name', 'K', '--uai', world.uai, '--mode', 'complet', '--out', join(dir, 'id.xml')]);
    expect(id.code, id.stderr).toBe(0);
    const m = await run(['match', '--ent', world.partenaireIndex, '--pronote', people, '--json']);
    expect(m.code, m.stderr).toBe(0);
    const counts = (JSON.parse(m.stdout) as { counts: Record<string, { pronote: number }> }).counts;
    expect([counts.eleves?.pronote, counts.responsables?.pronote]).toEqual([1, 1]);
    const i = await run(['inspect', people, '--json']);
    expect(i.code, i.stderr).toBe(0);
    const inspected = JSON.parse(i.stdout) as { kind: string; counts: Record<string, number> };
    expect(inspected.kind).toBe('PRONOTE_CSV');
    expect(inspected.counts).toEqual({ personnels: 0, professeurs: 0, responsables: 1, eleves: 1 });
  });

  it('the fixture CSV of accounts raises no warning', async () => {
    const r = await run(['validate', world.csv, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { warnings: number; errors: number }).warnings).toBe(0);
  });
});

describe('problems in one run, in the command words', () => {
  it('validate lists the schema problems and the semantic ones together', async () => {
    const lines = readFileSync(PI, 'utf8').split('\n');
    const eleve = lines.findIndex((l) => l.includes('<Eleve '));
    lines[eleve] = (lines[eleve] as string).replace(/ Prenom="[^"]*"/, '');
    lines[eleve + 1] = (lines[eleve + 1] as string).replace(/Ident="\d+"/, 'Ident="99"');
    const file = join(folder('one-run'), 'both.xml');
    writeFileSync(file, lines.join('\n'));
    const r = await run(['validate', file, '--json']);
    expect(r.code).toBe(1);
    const problems = (JSON.parse(r.stdout) as { problems: { rule: string; path: string }[] }).problems;
    expect(problems.map((p) => `${p.rule} ${p.path}`)).toEqual([
      'required /PARTENAIRE_INDEX/Eleves/Eleve[1]/@Prenom',
      'ref /PARTENAIRE_INDEX/Eleves/Eleve[1]/Responsable[1]/@Ident',
    ]);
  });

  it("match names the decisions file and the pair, not the library's manual.pairs[0]", async () => {
    const decisions = join(folder('decisions'), 'decisions.json');
    writeFileSync(decisions, JSON.stringify({ pairs: [{ population: 'eleves', idPartenaire: 'x' }] }));
    const r = await run(['match', '--ent', world.partenaireIndex, '--pronote', world.complet, '--decisions', decisions]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).not.toContain('manual');
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^ent-pronote: ERR_INPUT: ${decisions.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: pair #1 \\(field idpn\\) of the decisions file: `));
  });
});

describe('demo output folder', () => {
  it('demo refuses a non-empty folder that is not its own previous output (nothing written)', async () => {
    const dir = folder('demo-non-empty');
    writeFileSync(join(dir, 'mine.txt'), 'precious');
    const r = await run(['demo', '--out', dir]);
    expectError(r, 1, 'ERR_CONFLICT');
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['mine.txt']);
  });
});

describe('no internal error (exit 70) on hostile keys', () => {
  it('an RSA public key with an even modulus ends in ERR_KEY_UNSUPPORTED (exit 1), nothing written', async () => {
    const dir = folder('even-modulus');
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n as string, 'base64url');
    n[n.length - 1] = (n[n.length - 1] as number) & 0xfe;
    const key = join(dir, 'even.jwk');
    writeFileSync(key, JSON.stringify({ ...jwk, n: n.toString('base64url') }));
    const r = await run(['seal', '--public-key', key, '--envelope', 'import-chiffre', PI, '--out', join(dir, 'sealed.xml')]);
    expectError(r, 1, 'ERR_KEY_UNSUPPORTED');
    expect(readdirSync(dir)).toEqual(['even.jwk']);
  });
});
