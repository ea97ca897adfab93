/**
 * Runs the code of the documentation as a reader would copy it: every ```ts and ```js block of
 * README.md and docs/**.md, in the order of the page, with the built package (`dist/`).
 *
 * - Each page runs in a fresh folder where `ent-pronote`, `ent-pronote/fixtures`, … resolve to the
 *   package through `node_modules/ent-pronote` → the repository (its `exports` point into `dist/`).
 *   The blocks of one page share that folder: a block may read the file an earlier block wrote.
 * - The folder holds the files the pages say the reader has: `index-education.pub` (the vendor's
 *   public key, SSH2) and `private.pem` (the matching private key, PKCS#8), both test keys.
 * - A block is compiled from TypeScript by `ts.transpileModule` (types are stripped, not checked) and run by
 *   `node` as an ES module (top-level `await` allowed), with a time budget; it must exit with 0.
 *   All blocks are also type-checked together (`strict`) against the published types (`dist/*.d.ts`).
 * - A block that is not meant to run alone (a fragment, a signature, an excerpt of a larger
 *   program) is preceded by the line `<!-- not run: why -->`. Use it sparingly: the reason is
 *   required, and the list of skipped blocks is checked below so that a new skip is a visible change.
 * - The command lines of ```sh blocks (`ent-pronote <command> --option …`) are checked against the
 *   built command's help: the command exists and has every option the page uses. They are not run
 *   (they name the reader's files).
 */

import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, ensureBuilt } from '../cli/build';

/** One fenced code block of a page. */
export interface Snippet {
  /** Line of the opening fence (1-based). */
  line: number;
  /** The info string's first word (`ts`, `js`, `sh`…). */
  lang: string;
  code: string;
  /** The reason of a `<!-- not run: … -->` line just before the block, if any. */
  skip?: string;
}

const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);
const SKIP = /^<!--\s*not run\s*(?::\s*(.*?))?\s*-->$/;
/** Time budget of one block. */
const BUDGET_MS = 30_000;

/** The fenced code blocks of a Markdown text (``` or ~~~ fences, indented by at most 3 spaces). */
export function codeBlocks(markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const out: Snippet[] = [];
  let lastText = '';
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i] ?? '');
    if (open === null) {
      if ((lines[i] ?? '').trim() !== '') lastText = (lines[i] ?? '').trim();
      continue;
    }
    const [, indent = '', fence = '', lang = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (l.trimStart().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '') break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    const skip = SKIP.exec(lastText);
    out.push({ line: i + 1, lang: lang.toLowerCase(), code: body.join('\n'), ...(skip !== null ? { skip: skip[1] ?? '' } : {}) });
    lastText = '';
    i = j;
  }
  return out;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []))
    .sort();
}

const PAGES = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

/** The `ent-pronote` command lines of a shell block: `{ command, options }` (continuations joined, comments dropped). */
export function commandLines(code: string): { command: string | undefined; options: string[] }[] {
  return code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').replace(/^\$\s*/, '').trim())
    .filter((l) => /^(npx\s+)?ent-pronote(\s|$)/.test(l))
    .map((l) => {
      const words = l.split(/\s+/).slice(l.startsWith('npx') ? 2 : 1);
      const command = words[0] !== undefined && !words[0].startsWith('-') ? words[0] : undefined;
      return { command, options: [...new Set(words.filter((w) => /^--[a-z]/.test(w)).map((w) => w.replace(/=.*$/, '')))] };
    });
}

function run(file: string, cwd: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.KEY_PASSPHRASE;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: BUDGET_MS, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, COLUMNS: '200' } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** A fresh folder where `ent-pronote` resolves to the built package, with the reader's files. */
function readerFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ent-pronote-snippets-'));
  folders.push(dir);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'ent-pronote'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'reader', private: true, type: 'module' }));
  copyFileSync(join(ROOT, 'test', 'data', 'keys', 'rsa2048.ssh2.pub'), join(dir, 'index-education.pub'));
  copyFileSync(join(ROOT, 'test', 'data', 'keys', 'rsa2048.pkcs8.pem'), join(dir, 'private.pem'));
  return dir;
}

describe('codeBlocks', () => {
  it('finds fenced blocks, their language, their line and a not-run marker with its reason', () => {
    const md = ['# T', '', '```ts', 'a();', '```', '', '<!-- not run: a fragment -->', '', '~~~js', 'b();', '~~~', '- item', '  ```sh', '  c', '  ```'].join('\n');
    expect(codeBlocks(md)).toEqual([
      { line: 3, lang: 'ts', code: 'a();' },
      { line: 9, lang: 'js', code: 'b();', skip: 'a fragment' },
      { line: 13, lang: 'sh', code: 'c' },
    ]);
  });
});

describe('commandLines', () => {
  it('finds each ent-pronote command, its options, across continuations, without comments', () => {
    const sh = ['npx ent-pronote --help   # or: npm run demo', 'ent-pronote export --accounts a.csv \\', '  --out x.xml --force', 'ls --all', 'ent-pronote cas-server --accounts world/ &  # prints --port'].join('\n');
    expect(commandLines(sh)).toEqual([
      { command: undefined, options: ['--help'] },
      { command: 'export', options: ['--accounts', '--out', '--force'] },
      { command: 'cas-server', options: ['--accounts'] },
    ]);
  });
});

describe('command lines of the documentation', () => {
  const uses = new Map<string, Set<string>>(); // command → options, over every page
  for (const page of PAGES) {
    for (const b of codeBlocks(readFileSync(page, 'utf8')).filter((x) => SHELL.has(x.lang))) {
      for (const c of commandLines(b.code)) {
        const key = c.command ?? '';
        const set = uses.get(key) ?? new Set<string>();
        for (const o of c.options) set.add(o);
        uses.set(key, set);
      }
    }
  }
  it('the pages use commands', () => {
    expect(uses.size).toBeGreaterThan(5);
  });
  for (const [command, options] of uses) {
    it(`ent-pronote ${command} has the options the pages use`, async () => {
      ensureBuilt();
      const r = await runCli(command === '' ? ['--help'] : [command, '--help']);
      expect(r.code).toBe(0);
      if (command !== '') expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: ent-pronote ${command}( |$)`));
      const listed = new Set([...r.stdout.matchAll(/(?:^|[\s,])(--[a-z][\w-]*)/g)].map((m) => m[1]));
      expect([...options].filter((o) => !listed.has(o))).toEqual([]);
    });
  }
});

describe('documentation snippets', () => {
  const skipped: string[] = [];
  for (const page of PAGES) {
    const name = relative(ROOT, page);
    const blocks = codeBlocks(readFileSync(page, 'utf8')).filter((b) => RUNNABLE.has(b.lang));
    for (const b of blocks) if (b.skip !== undefined) skipped.push(`${name}:${b.line}`);
    const runnable = blocks.filter((b) => b.skip === undefined);
    if (runnable.length === 0) continue;
    describe(name, () => {
      let dir = '';
      for (const b of runnable) {
        it(`the block at line ${b.line} runs`, async () => {
          if (dir === '') {
            ensureBuilt();
            dir = readerFolder();
          }
          const js = ts.transpileModule(b.code, { fileName: `snippet-${b.line}.ts`, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
          const file = join(dir, `snippet-${b.line}.mjs`);
          writeFileSync(file, js);
          const r = await run(file, dir);
          if (r.code !== 0) expect.fail(`${name}:${b.line} ${r.signal === null ? `exited with ${r.code}` : `was stopped (${r.signal}, budget ${BUDGET_MS} ms)`}:\n${r.stderr.slice(-3000)}`);
          expect(r.code).toBe(0);
        }, BUDGET_MS + 10_000);
      }
    });
  }

  // strict, as a reader's project would be (without noUncheckedIndexedAccess, which strict does not include)
  it('every block type-checks as a strict TypeScript module against the published types', () => {
    ensureBuilt();
    const dir = readerFolder();
    const files = PAGES.flatMap((page) =>
      codeBlocks(readFileSync(page, 'utf8'))
        .filter((x) => RUNNABLE.has(x.lang) && x.skip === undefined)
        .map((x) => {
          const file = join(dir, `${relative(ROOT, page).replace(/[^\w]+/g, '_')}_${x.line}.ts`);
          writeFileSync(file, `${x.code}\nexport {};\n`);
          return file;
        }),
    );
    const program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      skipLibCheck: true,
      noEmit: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file === undefined ? '' : `${relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('every skipped block says why, and the list of skipped blocks is this one', () => {
    const reasons = PAGES.flatMap((page) =>
      codeBlocks(readFileSync(page, 'utf8'))
        .filter((b) => RUNNABLE.has(b.lang) && b.skip !== undefined)
        .map((b) => ({ at: `${relative(ROOT, page)}:${b.line}`, reason: b.skip })),
    );
    expect(reasons.filter((r) => r.reason === '')).toEqual([]);
    expect(skipped.length).toBe(reasons.length);
    expect(reasons.map((r) => `${r.at.replace(/:\d+$/, '')}: ${r.reason ?? ''}`)).toEqual(SKIPPED);
  });
});

/** The skipped blocks, `page: reason`, in page order: a new skip is added here, in review. */
const SKIPPED: readonly string[] = [
  'README.md: an excerpt of examples/cas-attribute-release.ts, which test/examples runs whole',
  'README.md: the PRONOTE side of a live CAS validation (a CAS server and a fresh ticket); the SSO test servers below run it',
  'docs/formats/identifiants-pronote.md: one entry of the ATTRIBUTES array of src/identifiants-pronote/vocabulary.ts, not a program',
];
