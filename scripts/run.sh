#!/usr/bin/env bash
# Runs the service on this machine, ready to accept telemetry on http://127.0.0.1:${PORT:-7071}: Azurite,
# then the function app under `func start` when Azure Functions Core Tools are on PATH, or else under the
# project's local host (tools/Telemetry.LocalHost), which runs the same build exactly as the Functions host does.
#
#   bash scripts/run.sh [--no-build]
#
# Environment (each optional):
#   PORT                 the HTTP port (default 7071)
#   CONFIGURATION        Debug (default) or Release
#   AzureWebJobsStorage  use this storage and start no Azurite (otherwise Azurite starts on 127.0.0.1,
#                        ports 10000-10002, keeping its data in .azurite/)
#   any other setting    wins over the development defaults (functions/Telemetry.Functions/local.settings.json
#                        when you made one, else local.settings.sample.json beside it)
# --no-build runs what is already built (for tests that built the solution first).
# Ctrl-C or SIGTERM stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build=1
for argument in "$@"; do
  case "$argument" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# Development defaults: the Values of the app's local.settings.json (or its sample); a setting already in the
# environment wins, as it does under Core Tools. Host.CORS lets web pages on other origins call the service.
app=functions/Telemetry.Functions
settings_file="$app/local.settings.json"
[ -f "$settings_file" ] || settings_file="$app/local.settings.sample.json"
while IFS= read -r -d '' assignment; do
  name="${assignment%%=*}"
  [ -n "${!name+set}" ] || export "$assignment"
done < <(node -e '
  const values = require(process.argv[1]).Values || {};
  for (const [name, value] of Object.entries(values)) process.stdout.write(`${name}=${value}\0`);
' "$PWD/$settings_file")
cors="${CORS:-$(node -e 'process.stdout.write(String((require(process.argv[1]).Host || {}).CORS || ""))' "$PWD/$settings_file")}"
export AZURE_FUNCTIONS_ENVIRONMENT="${AZURE_FUNCTIONS_ENVIRONMENT:-Development}"

cat <<INFO
Development settings (from $settings_file unless set in your environment; never use them elsewhere).
Paste these into another terminal to call the admin API:
  export TELEMETRY_URL=http://127.0.0.1:$port
  export TELEMETRY_ADMIN_KEY='$Telemetry__AdminKey'
The demo tenant's ingestion key and sample requests follow once the service is up.
INFO

cors_option=()
[ -z "$cors" ] || cors_option=(--cors "$cors")
if command -v func >/dev/null 2>&1; then
  echo "Azure Functions Core Tools found: func start (it builds the app in its own configuration)."
  no_build=()
  [ "$build" = 1 ] || no_build=(--no-build)
  (cd "$app" && exec func start --port "$port" "${cors_option[@]}" "${no_build[@]}") &
else
  host=tools/Telemetry.LocalHost
  if [ "$build" = 1 ]; then
    dotnet build "$app" -c "$configuration" -nologo -v quiet -clp:NoSummary
    dotnet build "$host" -c "$configuration" -nologo -v quiet -clp:NoSummary
  fi
  root="$app/bin/$configuration/net10.0"
  host_dll="$host/bin/$configuration/net10.0/Telemetry.LocalHost.dll"
  for built in "$root/functions.metadata" "$host_dll"; do
    [ -f "$built" ] || { echo "run.sh: $built is not built; run without --no-build." >&2; exit 1; }
  done
  dotnet "$host_dll" --script-root "$root" --port "$port" "${cors_option[@]}" &
fi
app_pid=$!
started=("$app_pid" "${started[@]}")
trap 'exit 143' TERM
trap 'exit 130' INT
status=0
wait "$app_pid" || status=$?
exit "$status"
