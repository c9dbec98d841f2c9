#!/usr/bin/env bash
# Helpers shared by the scripts in this folder.

# Installs the pinned Azurite from package-lock.json unless it is already there.
ensure_azurite_installed() {
  if [ ! -x node_modules/.bin/azurite ] || ! grep -q '"version": "3.35.0"' node_modules/azurite/package.json 2>/dev/null; then
    npm ci --no-audit --no-fund
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
  local port=$1 seconds=$2
  for _ in $(seq $((seconds * 10))); do
    port_open "$port" && return 0
    sleep 0.1
  done
  echo "Nothing listens on 127.0.0.1:$port after ${seconds}s." >&2
  return 1
}
