#!/usr/bin/env bash
# Runs the service on this machine, ready to accept telemetry on http://127.0.0.1:${PORT:-7071}.
#
#   bash scripts/run.sh [--no-build]
#
# Environment (each optional):
#   PORT                 the HTTP port (default 7071)
#   CONFIGURATION        Debug (default) or Release
#   AzureWebJobsStorage  use this storage and start no Azurite (otherwise Azurite starts on 127.0.0.1,
#                        ports 10000-10002, keeping its data in .azurite/)
#   any other setting    wins over the development defaults (local.settings.sample.json)
# --no-build runs what is already built (for tests that built the solution first).
# Ctrl-C or SIGTERM stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build=1
for argument in "$@"; do
  case "$argument" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$argument' (try --help)" >&2; exit 2 ;;
  esac
done

port="${PORT:-7071}"
configuration="${CONFIGURATION:-Debug}"
case "$configuration" in
  Debug|Release) ;;
  *) echo "run.sh: CONFIGURATION must be Debug or Release, not '$configuration'." >&2; exit 2 ;;
esac

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if answers "$port"; then
  echo "run.sh: port $port on 127.0.0.1 is already in use (is the service running in another terminal?)." >&2
  echo "        Stop what uses it, or pick another port: PORT=$((port + 1)) bash scripts/run.sh" >&2
  exit 1
fi

started=()
stop_started() {
  local pid
  for pid in "${started[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_started EXIT

if [ -n "${AzureWebJobsStorage:-}" ]; then
  echo "Using the storage in AzureWebJobsStorage; no Azurite is started."
else
  [ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
  if answers 10001 && answers 10002; then
    echo "Azurite already answers on 127.0.0.1:10001 and 10002: using it."
  else
    mkdir -p .azurite
    node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
    started+=($!)
    for _ in $(seq 1 150); do
      if answers 10001 && answers 10002; then break; fi
      if ! kill -0 "${started[-1]}" 2>/dev/null; then
        echo "Azurite did not start; see .azurite/azurite.log (are ports 10000-10002 taken?)" >&2
        exit 1
      fi
      sleep 0.2
    done
    answers 10001 && answers 10002 || { echo "Azurite did not answer within 30 s; see .azurite/azurite.log" >&2; exit 1; }
    echo "Azurite started on 127.0.0.1:10000-10002 (data in .azurite/, log in .azurite/azurite.log)."
  fi
  export AzureWebJobsStorage="UseDevelopmentStorage=true"
fi

# Development defaults: the Values of local.settings.sample.json; a setting already in the environment wins.
while IFS= read -r -d '' assignment; do
  name="${assignment%%=*}"
  [ -n "${!name+set}" ] || export "$assignment"
done < <(node -e '
  const values = require(process.argv[1]).Values;
  for (const [name, value] of Object.entries(values)) process.stdout.write(`${name}=${value}\0`);
' "$PWD/local.settings.sample.json")
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

cat <<INFO
Development settings (from local.settings.sample.json unless set in your environment; never use them elsewhere).
Paste these into another terminal to call the admin API:
  export TELEMETRY_URL=http://127.0.0.1:$port
  export TELEMETRY_ADMIN_KEY='$Telemetry__AdminKey'
The demo tenant's ingestion key and sample requests follow once the service is up.
INFO

app=functions/Telemetry.Functions
if [ "$build" = 1 ]; then
  dotnet build "$app" -c "$configuration" -nologo -v quiet -clp:NoSummary
fi
dll="$app/bin/$configuration/net10.0/Telemetry.Functions.dll"
[ -f "$dll" ] || { echo "run.sh: $dll is not built; run without --no-build." >&2; exit 1; }

# In the background so that a signal to this script reaches the service too; the EXIT trap stops the rest.
dotnet "$dll" --urls "http://127.0.0.1:$port" &
app_pid=$!
started=("$app_pid" "${started[@]}")
trap 'exit 143' TERM
trap 'exit 130' INT
status=0
wait "$app_pid" || status=$?
exit "$status"
