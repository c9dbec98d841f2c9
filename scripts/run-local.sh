#!/usr/bin/env bash
# Runs the whole desk locally: the Azurite storage emulator and the local host on http://127.0.0.1:7071.
# State (tables, durable queues) lives in .data/azurite and survives restarts; emails land in .data/mail.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_azurite_installed

# Secure by default: the intake function key, a staff key and the ticket-token key come from local settings,
# generated on first run; the host prints them once at start.
node scripts/ensure-local-keys.js local.settings.sample.json local.settings.json

azurite_pid=""
if port_open 10002; then
  echo "Azurite (or another emulator) already listens on 127.0.0.1:10000-10002; using it."
else
  mkdir -p .data/azurite
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .data/azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > .data/azurite.log 2>&1 &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true' EXIT
  for port in 10000 10001 10002; do wait_for_port "$port" 30; done
  echo "Azurite started (data in .data/azurite, log in .data/azurite.log)."
fi

echo "Starting the local host on http://127.0.0.1:7071 (Ctrl+C stops it and Azurite)."
dotnet run --project functions/Support.LocalHost -c Release -- "$@"
