#!/usr/bin/env bash
# The Bicep compiler of this repository (NuGet package Azure.Bicep.CommandLine.linux-x64, restored by
# infra/Bicep.proj; no Azure CLI needed):
#   scripts/bicep.sh lint              lints infra/main.bicep and every module it uses
#   scripts/bicep.sh build [<outdir>]  compiles infra/main.bicep to <outdir>/main.json (artifacts/infra by default)
#   scripts/bicep.sh <command> ...     any other bicep command as is (for example: format infra/main.bicep)
# lint and build fail on any warning as well as on errors (bicep itself exits 0 on warnings).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore infra/Bicep.proj -nologo -v quiet
bicep="$(dotnet msbuild infra/Bicep.proj -nologo -getProperty:BicepPath)"
[ -x "$bicep" ] || chmod +x "$bicep"

# Runs bicep, shows its diagnostics, and fails when there is any warning or error among them.
strict() {
  local diagnostics status=0
  diagnostics="$("$bicep" "$@" 2>&1 >/dev/null)" || status=$?
  [ -z "$diagnostics" ] || printf '%s\n' "$diagnostics" >&2
  if [ "$status" -ne 0 ] || grep -qE ' : (Warning|Error) ' <<<"$diagnostics"; then
    echo "bicep $1: failed (warnings count as failures)" >&2
    return 1
  fi
  echo "bicep $1: clean"
}

case "${1:-}" in
  lint)
    strict lint infra/main.bicep
    ;;
  build)
    outdir="${2:-artifacts/infra}"
    mkdir -p "$outdir"
    strict build infra/main.bicep --outfile "$outdir/main.json"
    echo "template: $outdir/main.json"
    ;;
  "")
    echo "usage: scripts/bicep.sh lint | build [<outdir>] | <bicep command> ..." >&2
    exit 2
    ;;
  *)
    exec "$bicep" "$@"
    ;;
esac
