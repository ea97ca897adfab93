#!/usr/bin/env bash
# Release readiness of the npm package (run by .ci/run after the tests, or alone):
#
#  1. the files a user needs exist (README.md, CHANGELOG.md, LICENSE under MIT) and dist is built;
#  2. `npm pack` holds only package.json, README.md, CHANGELOG.md, LICENSE, dist/ (JS, CJS, type
#     declarations, source maps) and schema/*.xsd; everything package.json points at is in it;
#     no private key other than the CLI's labelled, public demo keys; no test key or secret;
#  3. the tarball, installed into a fresh consumer project, is imported by an ES module (.mts) and
#     a CommonJS (.cts) consumer (test/consumers/): both type-check with tsc (module and
#     moduleResolution nodenext, skipLibCheck false) and run;
#  4. `attw` (@arethetypeswrong/cli) and `publint`, on the same tarball, find no problem;
#  5. `npm audit --audit-level=high` finds no high or critical vulnerability (a warning, not a
#     failure, when the registry's audit endpoint cannot be reached).
#
# Every check runs; the script lists the failures at the end and exits 1 if there was any.
# Network: only the npm registry (the consumer's `npm install`, which prefers the cache and falls
# back to the dependencies installed here; `npm audit`).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

failures=()
fail() { failures+=("$*"); printf '  FAIL: %s\n' "$*"; }
pass() { printf '  ok: %s\n' "$*"; }
warn() { printf '  WARNING: %s\n' "$*"; }
step() { printf '\n--> %s\n' "$*"; }
indent() { sed -e '/npm warn Unknown user config/d' -e 's/^/    /'; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ent-pronote-release.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
TARBALL=""

# --------------------------------------------------------------------------------------------
step "files a user needs"
for f in README.md CHANGELOG.md LICENSE; do
  if [ -s "$f" ]; then pass "$f"; else fail "$f is missing or empty"; fi
done
if grep -q '^MIT License' LICENSE 2>/dev/null && [ "$(node -p "require('./package.json').license")" = "MIT" ]; then
  pass "LICENSE is MIT, as package.json says"
else
  fail "LICENSE is not the MIT license declared in package.json"
fi

step "build"
if [ ! -f dist/index.js ] || [ -n "$(find src schema tsup.config.ts -newer dist/index.js -type f 2>/dev/null | head -n 1)" ]; then
  if npm run -s build >"$WORK/build.log" 2>&1; then pass "npm run build"; else
    tail -n 20 "$WORK/build.log" | indent
    fail "npm run build failed"
  fi
else
  pass "dist is up to date"
fi

# --------------------------------------------------------------------------------------------
step "npm pack"
if npm pack --json --pack-destination "$WORK" >"$WORK/pack.json" 2>"$WORK/pack.err"; then
  TARBALL="$WORK/$(node -p "require('$WORK/pack.json')[0].filename")"
  node "$ROOT/.ci/release-check-pack.mjs" contents "$WORK/pack.json" || fail "unexpected or missing files in the package"
  mkdir -p "$WORK/unpacked"
  tar -xzf "$TARBALL" -C "$WORK/unpacked"
  node "$ROOT/.ci/release-check-pack.mjs" secrets "$WORK/unpacked/package" || fail "key material or test secrets in the package"
else
  indent <"$WORK/pack.err"
  fail "npm pack failed"
fi

# --------------------------------------------------------------------------------------------
step "consumer projects (ESM .mts and CJS .cts)"
if [ -n "$TARBALL" ]; then
  APP="$WORK/consumer"
  mkdir -p "$APP"
  cp -R test/consumers/esm test/consumers/cjs "$APP/"
  printf '{ "name": "consumer", "private": true, "version": "0.0.0" }\n' >"$APP/package.json"
  # A real install of the tarball resolves its dependencies from their declared ranges (npm cache,
  # else the registry). Without either, use the tarball with the dependencies installed here.
  if (cd "$APP" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error "$TARBALL" >"$WORK/install.log" 2>&1); then
    pass "npm install of the tarball (dependencies resolved from its package.json)"
  else
    tail -n 5 "$WORK/install.log" | indent
    warn "npm install failed (no cache, no registry?): using the tarball with the dependencies installed here"
    mkdir -p "$APP/node_modules/ent-pronote"
    tar -xzf "$TARBALL" -C "$APP/node_modules/ent-pronote" --strip-components=1
    for dep in $(node -p "Object.keys(require('./package.json').dependencies || {}).join(' ')"); do
      mkdir -p "$APP/node_modules/$(dirname "$dep")"
      ln -s "$ROOT/node_modules/$dep" "$APP/node_modules/$dep"
    done
  fi
  # Node's types, as any TypeScript consumer of a Node library has them.
  mkdir -p "$APP/node_modules/@types"
  [ -e "$APP/node_modules/@types/node" ] || ln -s "$ROOT/node_modules/@types/node" "$APP/node_modules/@types/node"
  TSC="$ROOT/node_modules/typescript/bin/tsc"
  for kind in esm cjs; do
    ext=$([ "$kind" = esm ] && echo mjs || echo cjs)
    if (cd "$APP/$kind" && node "$TSC" -p tsconfig.json >"$WORK/tsc-$kind.log" 2>&1); then
      pass "$kind consumer type-checks (tsc, nodenext, skipLibCheck false)"
      if out=$(cd "$APP" && node "$kind/out/index.$ext" 2>&1) && [ "$out" = "ok $kind" ]; then
        pass "$kind consumer runs: $out"
      else
        printf '%s\n' "$out" | indent
        fail "$kind consumer does not run"
      fi
    else
      indent <"$WORK/tsc-$kind.log"
      fail "$kind consumer does not type-check"
    fi
  done
else
  fail "consumer projects: no tarball"
fi

# --------------------------------------------------------------------------------------------
step "attw (are the types wrong?) on the tarball"
# The schema/*.xsd subpaths are data files (for require.resolve), not modules: attw cannot resolve
# them to JavaScript or types, by design, so they are not checked as entry points.
if [ -z "$TARBALL" ]; then
  fail "attw: no tarball"
elif npx --no-install attw "$TARBALL" --format table-flipped --exclude-entrypoints ./schema/partenaire-index.xsd ./schema/identifiants-pronote.xsd >"$WORK/attw.log" 2>&1; then
  indent <"$WORK/attw.log"
  pass "attw: no problem"
else
  indent <"$WORK/attw.log"
  fail "attw found problems"
fi

step "publint on the tarball"
if [ -z "$TARBALL" ]; then
  fail "publint: no tarball"
elif npx --no-install publint run "$TARBALL" --strict >"$WORK/publint.log" 2>&1; then
  indent <"$WORK/publint.log"
  pass "publint: no problem"
else
  indent <"$WORK/publint.log"
  fail "publint found problems"
fi

# --------------------------------------------------------------------------------------------
step "npm audit --audit-level=high"
npm audit --json >"$WORK/audit.json" 2>"$WORK/audit.err"
if node "$ROOT/.ci/release-check-pack.mjs" audit "$WORK/audit.json"; then
  pass "no high or critical vulnerability (unless reported unavailable above)"
else
  fail "npm audit: high or critical vulnerabilities"
fi

# --------------------------------------------------------------------------------------------
printf '\n'
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'release check FAILED (%d):\n' "${#failures[@]}"
  printf '  - %s\n' "${failures[@]}"
  exit 1
fi
printf 'release check passed\n'
