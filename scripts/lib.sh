#!/usr/bin/env bash
# Helpers shared by the scripts in this folder.

# Installs the pinned Azurite from package-lock.json unless it is already there.
ensure_azurite_installed() {
  if [ ! -x node_modules/.bin/azurite ] || ! grep -q '"version": "3.35.0"' node_modules/azurite/package.json 2>/dev/null; then
    npm ci --no-audit --no-fund
  fi
}

# The browser tests drive Debian's Chromium (/usr/bin/chromium); Playwright is never allowed to download one.
ensure_chromium_installed() {
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Chromium from the Debian packages for the browser tests..."
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
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
