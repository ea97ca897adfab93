#!/usr/bin/env node
/**
 * Codemod: tests import what is public from the public entries.
 *
 * For every import of a test file (test/**.ts) that points at a deep module of src/ (not an entry
 * of tsup.config.ts), each imported name that one of the public entries exports (the same
 * declaration, possibly under another name) is imported from that entry instead: the main entry
 * `src/index.ts` first, then the subpath entries in the order of tsup.config.ts. Names that no
 * entry exports (internals) keep their deep import. Imports of one entry are merged into one
 * declaration. Re-run it after a rebase: it reads the entries and their exports each time.
 *
 *   node scripts/public-imports.mjs            rewrites the files, prints the counts
 *   node scripts/public-imports.mjs --check    changes nothing; exits with 1 when a file would change
 *   node scripts/public-imports.mjs --count    prints the counts only
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv.includes('--check') ? 'check' : process.argv.includes('--count') ? 'count' : 'write';

/** The public entries, main first: from the `entry` object of tsup.config.ts (workers and the CLI excluded). */
function entries() {
  const text = readFileSync(join(ROOT, 'tsup.config.ts'), 'utf8');
  const found = [...text.matchAll(/^\s*'?([\w-]+)'?\s*:\s*'(src\/[^']+\.ts)'/gm)]
    .filter(([, name, file]) => !/worker/.test(name) && !file.startsWith('src/cli/'))
    .map(([, , file]) => resolve(ROOT, file));
  found.sort((a, b) => Number(b.endsWith(`${sep}src${sep}index.ts`)) - Number(a.endsWith(`${sep}src${sep}index.ts`)));
  return found;
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'consumers' && e.name !== 'data') walk(p, out);
    } else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const ENTRIES = entries();
const program = ts.createProgram(ENTRIES, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
});
const checker = program.getTypeChecker();

function original(symbol) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Declaration symbol → { entry, name } (the first entry that exports it). */
const publicName = new Map();
for (const entry of ENTRIES) {
  const sf = program.getSourceFile(entry);
  const mod = sf && checker.getSymbolAtLocation(sf);
  if (!mod) throw new Error(`cannot read the exports of ${relative(ROOT, entry)}`);
  for (const s of checker.getExportsOfModule(mod)) {
    const o = original(s);
    if (!publicName.has(o)) publicName.set(o, { entry, name: s.escapedName.toString() });
  }
}

/** The source file of src/ that a relative specifier of `from` names, or undefined. */
function target(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const cand of [base, `${base}.ts`, join(base, 'index.ts')]) {
    const sf = program.getSourceFile(cand);
    if (sf) return sf;
  }
  const js = base.replace(/\.js$/, '.ts');
  return program.getSourceFile(js);
}

/** The specifier of `entry` written from `from`: `../src/index` for the main entry, `../src/cas` for a subpath. */
function entrySpecifier(from, entry) {
  let p = relative(dirname(from), entry).split(sep).join('/').replace(/\.ts$/, '');
  if (!p.endsWith('src/index')) p = p.replace(/\/index$/, '');
  return p.startsWith('.') ? p : `./${p}`;
}

let deepBefore = 0;
let deepAfter = 0;
let filesDeepBefore = 0;
let filesDeepAfter = 0;
let movedNames = 0;
const changed = [];

for (const file of walk(join(ROOT, 'test'))) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const imports = sf.statements.filter((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier));
  const isDeep = (d) => {
    const t = target(file, d.moduleSpecifier.text);
    return t !== undefined && !ENTRIES.includes(t.fileName) && t.fileName.startsWith(join(ROOT, 'src') + sep);
  };
  const deep = imports.filter(isDeep);
  deepBefore += deep.length;
  if (deep.length > 0) filesDeepBefore++;

  /** entry → specifiers `{ text, type }` to import from it. */
  const toEntry = new Map();
  const rewritten = new Map(); // declaration → new text ('' to drop)
  for (const d of deep) {
    const clause = d.importClause;
    const named = clause?.namedBindings;
    if (!clause || clause.name || !named || !ts.isNamedImports(named)) continue; // default, namespace or side-effect import: kept
    const mod = checker.getSymbolAtLocation(target(file, d.moduleSpecifier.text));
    if (!mod) continue;
    const exports = new Map(checker.getExportsOfModule(mod).map((s) => [s.escapedName.toString(), s]));
    const keep = [];
    for (const el of named.elements) {
      const imported = (el.propertyName ?? el.name).text;
      const local = el.name.text;
      const isType = clause.isTypeOnly || el.isTypeOnly;
      const s = exports.get(imported);
      const pub = s && publicName.get(original(s));
      if (!pub) {
        keep.push(el.getText(sf).replace(/^type\s+/, '') + '\u0000' + (el.isTypeOnly ? 't' : ''));
        continue;
      }
      movedNames++;
      const spec = `${isType ? 'type ' : ''}${pub.name === local ? local : `${pub.name} as ${local}`}`;
      if (!toEntry.has(pub.entry)) toEntry.set(pub.entry, []);
      toEntry.get(pub.entry).push(spec);
    }
    if (keep.length === named.elements.length) continue;
    const spec = d.moduleSpecifier.getText(sf);
    if (keep.length === 0) rewritten.set(d, '');
    else {
      const list = keep.map((k) => {
        const [t, flag] = k.split('\u0000');
        return `${flag === 't' ? 'type ' : ''}${t}`;
      });
      rewritten.set(d, `import ${clause.isTypeOnly ? 'type ' : ''}{ ${list.join(', ')} } from ${spec};`);
    }
  }
  const stillDeep = deep.filter((d) => rewritten.get(d) !== '').length;
  deepAfter += stillDeep;
  if (stillDeep > 0) filesDeepAfter++;
  if (rewritten.size === 0) continue;

  // Merge with the file's existing named imports of the same entries.
  const existing = new Map();
  for (const d of imports) {
    const t = target(file, d.moduleSpecifier.text);
    const named = d.importClause?.namedBindings;
    if (!t || !ENTRIES.includes(t.fileName) || !toEntry.has(t.fileName) || d.importClause?.name || !named || !ts.isNamedImports(named)) continue;
    if (existing.has(t.fileName)) continue;
    existing.set(t.fileName, d);
    const specs = named.elements.map((el) => `${d.importClause.isTypeOnly || el.isTypeOnly ? 'type ' : ''}${el.getText(sf).replace(/^type\s+/, '')}`);
    toEntry.set(t.fileName, [...specs, ...toEntry.get(t.fileName)]);
  }
  const lines = [];
  for (const [entry, specs] of toEntry) {
    const unique = [...new Set(specs)];
    const allTypes = unique.every((s) => s.startsWith('type '));
    const list = allTypes ? unique.map((s) => s.slice(5)) : unique;
    const spec = existing.has(entry) ? existing.get(entry).moduleSpecifier.getText(sf) : `'${entrySpecifier(file, entry)}'`;
    lines.push(`import ${allTypes ? 'type ' : ''}{ ${list.join(', ')} } from ${spec};`);
  }
  // Edits, from the end of the file: new entry imports where the first touched import was.
  const touched = [...rewritten.keys(), ...existing.values()].sort((a, b) => a.getStart(sf) - b.getStart(sf));
  const first = touched[0];
  const edits = touched.map((d) => {
    let text2 = rewritten.get(d) ?? '';
    if (d === first) text2 = [...lines, text2].filter((l) => l !== '').join('\n');
    return { start: d.getStart(sf), end: d.getEnd(), text: text2 };
  });
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    let end = e.end;
    if (e.text === '' && out[end] === '\n') end++;
    out = out.slice(0, e.start) + e.text + out.slice(end);
  }
  if (out !== text) {
    changed.push(relative(ROOT, file));
    if (mode === 'write') writeFileSync(file, out);
  }
}

console.log(
  JSON.stringify(
    {
      entries: ENTRIES.map((e) => relative(ROOT, e)),
      deepImportDeclarationsBefore: deepBefore,
      deepImportDeclarationsAfter: deepAfter,
      testFilesWithDeepImportsBefore: filesDeepBefore,
      testFilesWithDeepImportsAfter: filesDeepAfter,
      namesMovedToEntries: movedNames,
      filesChanged: changed.length,
    },
    null,
    2,
  ),
);
if (mode === 'check' && changed.length > 0) {
  console.error(`would change:\n${changed.join('\n')}`);
  process.exit(1);
}
