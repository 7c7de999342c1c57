#!/usr/bin/env bash
# Captures real tool output on this machine into bench/fixtures/real/ for `npm run bench` (section "real").
# The fixtures are committed; run this only to re-capture. Afterwards review bench/fixtures/real/manifest.json: its
# gold facts were picked from the captured text by hand (the bench refuses gold facts that are not in the input).
# Files use .txt/.json, never .log (.gitignore drops *.log). Each file is capped at ~1 MB.
set -euo pipefail
export LC_ALL=C NO_COLOR=1 FORCE_COLOR=0 CI=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/fixtures/real"
# A fixed scratch path so paths printed by the tools are the same on every capture.
TMP=/tmp/headroom-capture
rm -rf "$TMP" && mkdir -p "$TMP" "$OUT"
trap 'rm -rf "$TMP"' EXIT
MAX=1000000

# cap FILE CMD...: runs CMD (a failing exit status is expected for test runs), keeps stdout+stderr, caps the size.
cap() {
  local file="$1"; shift
  ( "$@" || true ) >"$OUT/$file.tmp" 2>&1
  head -c "$MAX" "$OUT/$file.tmp" >"$OUT/$file" && rm "$OUT/$file.tmp"
  echo "captured $file ($(wc -c <"$OUT/$file") bytes)" >&2
}
# capout FILE CMD...: like cap, stdout only (npm's warnings about this machine's npmrc would break the JSON).
capout() {
  local file="$1"; shift
  ( "$@" || true ) 2>/dev/null | head -c "$MAX" >"$OUT/$file"
  echo "captured $file ($(wc -c <"$OUT/$file") bytes)" >&2
}

cd "$ROOT"

# 1. Code search over an installed package (stable: pinned typescript version).
cap grep-typescript-promise.txt bash -c 'grep -rn Promise node_modules/typescript/lib/*.d.ts'

# 2. A vitest run with ~50 passing tests and one planted failing assertion.
V="$TMP/vitest-demo"
mkdir -p "$V/test" && ln -s "$ROOT/node_modules" "$V/node_modules"
echo '{ "name": "vitest-demo", "type": "module", "private": true }' >"$V/package.json"
node "$ROOT/bench/capture/write-tests.mjs" vitest "$V/test"
cap vitest-failure.txt bash -c "cd '$V' && '$ROOT/node_modules/.bin/vitest' run --reporter=verbose"

# 3. The same suite under node's own test runner (spec reporter).
N="$TMP/node-test-demo"
mkdir -p "$N/test"
node "$ROOT/bench/capture/write-tests.mjs" node "$N/test"
cap node-test-failure.txt bash -c "cd '$N' && node --test --test-reporter=spec"

# 4. A recursive unified diff of a real package tree and a patched copy.
D="$TMP/diff"
mkdir -p "$D" && cp -r node_modules/unstorage/dist "$D/a" && cp -r node_modules/unstorage/dist "$D/b"
node "$ROOT/bench/capture/patch-tree.mjs" "$D/b"
cap diff-unstorage.txt bash -c "cd '$D' && diff -u -r a b"

# 5. System logs (whatever this machine has).
[ -r /var/log/apt/term.log ] && cap apt-term.txt cat /var/log/apt/term.log
[ -r /var/log/dpkg.log ] && cap dpkg.txt cat /var/log/dpkg.log

# 6. The dependency tree of this repo, and a recursive directory listing.
capout npm-ls.json npm ls --json --all
cap ls-typescript.txt ls -laR node_modules/typescript

echo "done: $OUT (now check manifest.json gold facts against the new files)" >&2
