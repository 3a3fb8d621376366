#!/usr/bin/env bash
# Lints and compiles the Bicep (any warning fails), runs every test (unit, Azurite-backed integration,
# end to end, contract, infrastructure) and ends with one line:
#   tests: N passed, N failed[, N skipped]
# The tests start their own Azurite from node_modules on free loopback ports. What a fresh machine with only
# the .NET SDK and Node/npm lacks is installed first: node_modules, and Debian's Chromium for the web client's
# tests (playwright-core drives it; it cannot download a browser of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: the web client's tests need Chromium: sudo apt-get install chromium" >&2
  fi
fi

results=artifacts/test-results
rm -rf "$results"

# Infrastructure: the real Bicep compiler (restored from NuGet). A warning fails the run; the tests still run.
bicep_status=0
bash scripts/bicep.sh lint || bicep_status=1
bash scripts/bicep.sh build || bicep_status=1

dotnet build Serverless.sln -c Release -nologo -v minimal
set +e
dotnet test Serverless.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
set -e

# Sum the counters of every test run's TRX file (node is already a prerequisite for Azurite).
node -e '
  const fs = require("fs"), path = require("path");
  const dir = process.argv[1];
  let passed = 0, failed = 0, skipped = 0, runs = 0;
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!f.endsWith(".trx")) continue;
    const m = /<Counters\b[^>]*>/.exec(fs.readFileSync(path.join(dir, f), "utf8"));
    if (!m) continue;
    const n = k => Number((new RegExp(k + "=\"(\\d+)\"").exec(m[0]) || [0, 0])[1]);
    runs++; passed += n("passed"); failed += n("failed") + n("error") + n("timeout") + n("aborted");
    // xunit writes skipped tests as total minus executed, with notExecuted left at 0.
    skipped += Math.max(n("notExecuted"), n("total") - n("executed"));
  }
  if (runs === 0) { console.log("tests: 0 passed, 1 failed (no test results were written)"); process.exit(1); }
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  process.exit(failed > 0 ? 1 : 0);
' "$results" || status=1
[ "$bicep_status" -eq 0 ] || { echo "bicep: lint or build failed (see above)"; status=1; }
exit $status
