#!/usr/bin/env bash
# Runs the service on this machine: Azurite on 127.0.0.1 (ports 10000-10002, data kept in .azurite/),
# then the function app on its own at http://127.0.0.1:${PORT:-7071}, serving every route and draining
# the queues in-process. Ctrl-C stops both. Needs only the .NET SDK and Node/npm.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
port="${PORT:-7071}"

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if answers 10001 && answers 10002; then
  echo "Azurite already answers on 127.0.0.1:10001 and 10002: using it."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 150); do
    if answers 10001 && answers 10002; then break; fi
    if ! kill -0 "$azurite_pid" 2>/dev/null; then
      echo "Azurite did not start; see .azurite/azurite.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  answers 10001 && answers 10002 || { echo "Azurite did not answer within 30 s; see .azurite/azurite.log" >&2; exit 1; }
  echo "Azurite started on 127.0.0.1:10000-10002 (data in .azurite/, log in .azurite/azurite.log)."
fi

# Development-only settings; anything already set in the environment wins.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export AzureWebJobsStorage="${AzureWebJobsStorage:-UseDevelopmentStorage=true}"
export Telemetry__AdminKey="${Telemetry__AdminKey:-dev-admin-key-development-only-0000000000}"
export Telemetry__Pseudonymization__Keys__dev1="${Telemetry__Pseudonymization__Keys__dev1:-ZGV2ZWxvcG1lbnQtb25seS1wc2V1ZG9ueW1pemF0aW9uLWtleQ==}"
export Telemetry__Pseudonymization__CurrentKey="${Telemetry__Pseudonymization__CurrentKey:-dev1}"

cat <<INFO
Development only (never use these values anywhere else):
  admin key (x-admin-key):     $Telemetry__AdminKey
  pseudonymization key "dev1": $Telemetry__Pseudonymization__Keys__dev1
The demo tenant's ingestion key and sample requests follow once the service is up.
INFO

# In the background so that a signal to this script reaches the service too (graceful stop, then Azurite).
dotnet run --project functions/Telemetry.Functions -c Release -- --urls "http://127.0.0.1:$port" &
app_pid=$!
trap 'kill -TERM "$app_pid" 2>/dev/null || true' INT TERM
status=0
wait "$app_pid" || status=$?
while kill -0 "$app_pid" 2>/dev/null; do wait "$app_pid" || status=$?; done
exit "$status"
