#!/usr/bin/env bash
# The project's one test command (README, CI): install what is missing, start the real Redis and
# MongoDB-wire server, lint and type-check, build the apps, then run unit and integration tests.
# Prints `jest: N passed, N failed` as its last line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp
status=0

bash scripts/install.sh || exit 1
# Chromium for the browser tests, promtool for the alert rules (Debian packages, installed once).
bash scripts/apt-tools.sh chromium:chromium promtool:prometheus || exit 1
bash scripts/services.sh up || exit 1

echo "== lint + typecheck"
bash scripts/nx.sh run-many -t lint --output-style=static || status=1
node_modules/.bin/tsc -p tsconfig.json --noEmit || status=1

echo "== generated docs (docs/environment.md against the config schema, .env.example complete)"
node tools/env-docs.mjs --check || status=1

echo "== fused kernel: the embedded WebAssembly against its Rust sources"
node tools/kernel-build.mjs --check || status=1

echo "== alert rules and monitoring config (promtool)"
promtool check config deploy/prometheus/prometheus.yml || status=1
promtool test rules deploy/prometheus/rules.test.yml || status=1
# Where Docker runs, compose itself checks the file (elsewhere compose-file.spec.ts checks it against the schema).
if docker compose version >/dev/null 2>&1; then docker compose config --quiet || status=1; fi

echo "== build"
bash scripts/build.sh || status=1

echo "== unit tests"
node_modules/.bin/jest -c jest.unit.config.js --json --outputFile=tmp/jest-unit.json "$@" || status=1
echo "== integration tests (real Redis + FerretDB)"
node_modules/.bin/jest -c jest.int.config.js --runInBand --json --outputFile=tmp/jest-int.json "$@" || status=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of ["tmp/jest-unit.json", "tmp/jest-int.json"]) {
  if (!fs.existsSync(f)) { failed++; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}
console.log(`jest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
' || status=1
exit $status
