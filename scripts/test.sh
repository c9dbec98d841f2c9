#!/usr/bin/env bash
# Builds the solution and runs every test. The tests start their own Azurite (from node_modules) and
# local host processes on free loopback ports, so nothing else needs to run first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_azurite_installed
ensure_chromium_installed

# `dotnet test` on a solution builds only the test projects' references; build everything first.
dotnet build Support.Functions.sln -c Release -nologo -v:q

mkdir -p .data
log=.data/test-output.log
report=.data/test-report.txt
rm -f "$report"
set +e
dotnet test Support.Functions.sln -c Release --no-build -nologo --blame-hang-timeout 5m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ total += $2 } END { print total + 0 }'; }
# Counts the fault and bad-input tests measured (see tests/.../TestReport.cs).
[ -f "$report" ] && cat "$report"
echo "$(sum Passed) passed, $(sum Failed) failed"
exit "$status"
