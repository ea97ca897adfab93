// Helpers of .ci/release-check.sh (run from the repository root):
//   node .ci/release-check-pack.mjs contents <npm pack --json output>
//   node .ci/release-check-pack.mjs secrets <unpacked package folder>
//   node .ci/release-check-pack.mjs audit <npm audit --json output>
// Each prints what it found and exits 1 on a failure.
import fs from 'node:fs';
import path from 'node:path';

const [command, arg] = process.argv.slice(2);

function files(dir) {
  return fs.readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return fs.statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** What users need, and nothing else. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^dist\/[^/]+\.(js|cjs|mjs|d\.ts|d\.cts|d\.mts|map)$/,
  /^schema\/[^/]+\.xsd$/,
];

function contents(packJson) {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const info = JSON.parse(fs.readFileSync(packJson, 'utf8'))[0];
  const list = info.files.map((f) => f.path).sort();
  console.log(`  ${list.length} files, ${(info.size / 1024).toFixed(1)} KiB packed, ${(info.unpackedSize / 1024).toFixed(1)} KiB unpacked (${info.filename})`);
  for (const f of info.files) console.log(`    ${String(f.size).padStart(9)}  ${f.path}`);
  let bad = 0;
  for (const f of list) {
    if (!ALLOWED.some((re) => re.test(f))) {
      console.log(`  FAIL: unexpected file in the package: ${f}`);
      bad++;
    }
  }
  // Everything package.json points at (main, module, types, bin, exports) must be packed.
  const targets = new Set(['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', pkg.main, pkg.module, pkg.types]);
  for (const b of Object.values(typeof pkg.bin === 'string' ? { bin: pkg.bin } : (pkg.bin ?? {}))) targets.add(b);
  const walk = (v) => {
    if (typeof v === 'string') targets.add(v);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  for (const t of targets) {
    if (t === undefined) continue;
    const p = String(t).replace(/^\.\//, '');
    if (!list.includes(p)) {
      console.log(`  FAIL: package.json points at ${p}, which is not in the package`);
      bad++;
    }
  }
  if (bad === 0) console.log('  ok: only what users need, and everything package.json points at');
  return bad === 0;
}

const PEM = /-----BEGIN ((?:RSA |ENCRYPTED |EC |DSA |OPENSSH )?PRIVATE KEY)-----((?:\\n|[A-Za-z0-9+/=\s])+?)-----END \1-----/g;
const body = (b64) => b64.replace(/\\n|\s/g, '');

function secrets(dir) {
  // The only private keys allowed: the CLI's demo keys, published on purpose and labelled in
  // their source file ("INSECURE TEST KEY").
  const allowed = new Map();
  for (const f of files('src')) {
    const text = fs.readFileSync(f, 'utf8');
    if (!text.includes('INSECURE TEST KEY')) continue;
    for (const m of text.matchAll(PEM)) allowed.set(body(m[2]), f);
  }
  const testKeys = fs.existsSync('test/data/keys')
    ? files('test/data/keys')
        .filter((f) => /\.(pem|key|pub|json)$/.test(f))
        .map((f) => [f, fs.readFileSync(f, 'utf8').replace(/-----[^-]+-----|---- [^-]+ ----/g, '').replace(/\s+/g, '').slice(0, 64)])
        .filter(([, head]) => head.length === 64)
    : [];
  let bad = 0;
  const demo = new Set();
  for (const f of files(dir)) {
    const rel = path.relative(dir, f);
    const text = fs.readFileSync(f, 'latin1');
    for (const m of text.matchAll(PEM)) {
      if (allowed.has(body(m[2]))) demo.add(`${rel}: a labelled demo key of ${allowed.get(body(m[2]))}`);
      else {
        console.log(`  FAIL: ${rel} holds a ${m[1]} that is not a labelled demo key`);
        bad++;
      }
    }
    if (text.includes('test-only-passphrase')) {
      console.log(`  FAIL: ${rel} holds the test keys' passphrase`);
      bad++;
    }
    for (const [k, head] of testKeys) {
      if (text.includes(head)) {
        console.log(`  FAIL: ${rel} holds the test key ${k}`);
        bad++;
      }
    }
  }
  for (const d of demo) console.log(`  note: ${d} (INSECURE and public, for \`ent-pronote demo\` only)`);
  if (bad === 0) console.log('  ok: no private key other than the labelled demo keys, no test key or secret');
  return bad === 0;
}

function audit(file) {
  let report = {};
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8') || '{}');
  } catch {
    report = {};
  }
  const v = report.metadata && report.metadata.vulnerabilities;
  if (!v) {
    const why = report.message || (report.error && (report.error.summary || report.error.code)) || 'no report';
    console.log(`  WARNING: npm audit got no report from the registry (${String(why).split('\n')[0]}): vulnerabilities NOT checked`);
    return true;
  }
  console.log(`  vulnerabilities: critical ${v.critical}, high ${v.high}, moderate ${v.moderate}, low ${v.low}, info ${v.info}`);
  for (const [name, d] of Object.entries(report.vulnerabilities || {})) {
    if (d.severity === 'high' || d.severity === 'critical') console.log(`    ${d.severity}: ${name} (${d.range})${d.isDirect ? ' [direct]' : ''}`);
  }
  return v.high + v.critical === 0;
}

const ok = command === 'contents' ? contents(arg) : command === 'secrets' ? secrets(arg) : command === 'audit' ? audit(arg) : false;
process.exit(ok ? 0 : 1);
