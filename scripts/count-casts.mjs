// Counts `x as T` and `<T>x` type assertions (excluding `as const`) in the TypeScript files under the given folders.
import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const files = [];
const walk = (d) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p); } };
for (const d of process.argv.slice(2)) walk(d);
let asConst = 0, casts = 0;
for (const f of files) {
  const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    if (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) {
      if (ts.isTypeReferenceNode(n.type) && n.type.typeName.getText(sf) === 'const') asConst++; else casts++;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
console.log(JSON.stringify({ files: files.length, casts, asConst }));
