#!/usr/bin/env bash
# Builds the solution and runs the benchmarks: Azurite and the local host as real processes, load on 127.0.0.1.
# Writes docs/benchmarks.md and docs/benchmarks.json. Arguments are passed on (e.g. --only intake,crash).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_azurite_installed

dotnet build Support.Functions.sln -c Release -nologo -v:q
exec dotnet tests/Support.Desk.Benchmarks/bin/Release/net10.0/Support.Desk.Benchmarks.dll "$@"
