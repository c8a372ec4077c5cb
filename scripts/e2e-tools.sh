#!/usr/bin/env bash
# Installs what the real-VS-Code tests need and a fresh machine lacks: Debian's Chromium,
# Node 24 (code-server refuses Node 20) and code-server built under it. Idempotent: everything
# is cached under $STEPWISE_TOOLS (default ~/.cache/stepwise-e2e), so a reused machine skips
# it all in seconds. See docs/reference/real-vscode-e2e.md for why each piece is needed.
# Usage: bash scripts/e2e-tools.sh [--no-browser]
#   --no-browser  skip Chromium (npm start only needs code-server)
# Prints the tool paths as KEY=VALUE lines at the end.
set -euo pipefail

with_browser=1
[ "${1:-}" = --no-browser ] && with_browser=

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
TOOLS=${STEPWISE_TOOLS:-$HOME/.cache/stepwise-e2e}
NODE24_DIR=$TOOLS/node24
NODE24_BIN=$NODE24_DIR/node_modules/node/bin
CODE_SERVER_DIR=$TOOLS/code-server-$CODE_SERVER_VERSION

started=$(date +%s)
step_start=$started
log() { echo "[e2e-tools] $*" >&2; }
step_done() {
  local now; now=$(date +%s)
  log "$1 ($((now - step_start)) s)"
  step_start=$now
}

mkdir -p "$TOOLS"
# Two runs at once (a session and its CI) must not build into the same folder.
exec 9>"$TOOLS/.lock"
flock 9

# `npm start` / `npm test` export npm's whole configuration as npm_* variables, among them
# npm_config_user_agent naming the outer Node 20. A nested npm install must start clean:
# code-server's postinstall reads the Node version from that user agent and refuses Node 20.
clean_npm() {
  local unset=() name
  for name in $(compgen -e); do
    case $name in npm_* | NPM_* | INIT_CWD | NODE) unset+=(-u "$name") ;; esac
  done
  env ${unset[@]+"${unset[@]}"} "$@"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  # apt and dpkg are chatty: keep their output in a log and show its end only on failure.
  local apt_log=$TOOLS/apt.log
  command -v apt-get >/dev/null || { log "needs $* but this is not a Debian machine (no apt-get): install it by hand"; exit 1; }
  if [ -z "$apt_updated" ]; then
    as_root apt-get update >"$apt_log" 2>&1 || { tail -n 30 "$apt_log" >&2; exit 1; }
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$apt_log" 2>&1 ||
    { tail -n 30 "$apt_log" >&2; exit 1; }
}

# --- Chromium (Playwright drives Debian's build; it cannot download its own here) ---
if [ -z "$with_browser" ]; then
  step_done "chromium: not needed"
elif [ -x /usr/bin/chromium ]; then
  step_done "chromium: present"
else
  log "chromium: installing from Debian (~350 MB)…"
  apt_install chromium
  step_done "chromium: installed"
fi

# --- Node 24, from npm, kept out of the project (it would shadow Node 20 in npm scripts) ---
node24_ok() { [ -x "$NODE24_BIN/node" ] && "$NODE24_BIN/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; }
if node24_ok; then
  step_done "node $("$NODE24_BIN/node" --version): present"
else
  log "node $NODE_MAJOR: installing from npm…"
  rm -rf "$NODE24_DIR"
  clean_npm npm install --prefix "$NODE24_DIR" --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2
  node24_ok || { log "node $NODE_MAJOR did not install"; exit 1; }
  step_done "node $("$NODE24_BIN/node" --version): installed"
fi

# --- code-server, built under Node 24 (native modules need libkrb5-dev and local headers) ---
if [ -f "$CODE_SERVER_DIR/.complete" ]; then
  step_done "code-server $CODE_SERVER_VERSION: present"
else
  if ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed'; then
    log "libkrb5-dev: installing from Debian…"
    apt_install libkrb5-dev
    step_done "libkrb5-dev: installed"
  fi
  log "code-server $CODE_SERVER_VERSION: installing under node $NODE_MAJOR (about 3 min on 2 cores)…"
  # Build in a scratch folder and rename at the end, so an interrupted build is never taken as done.
  partial=$CODE_SERVER_DIR.partial
  rm -rf "$partial"
  headers=$(ls -d "$NODE24_DIR"/node_modules/node/node_modules/node-linux-* 2>/dev/null | head -n1)
  [ -n "$headers" ] || { log "no Node headers under $NODE24_DIR/node_modules/node/node_modules"; exit 1; }
  clean_npm PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$headers" \
    npm install --prefix "$partial" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  PATH=$NODE24_BIN:$PATH "$partial/node_modules/.bin/code-server" --version >/dev/null
  touch "$partial/.complete"
  rm -rf "$CODE_SERVER_DIR"
  mv "$partial" "$CODE_SERVER_DIR"
  step_done "code-server $CODE_SERVER_VERSION: installed"
fi

log "ready in $(($(date +%s) - started)) s"
echo "NODE24=$NODE24_BIN/node"
echo "CODE_SERVER=$CODE_SERVER_DIR/node_modules/.bin/code-server"
[ -n "$with_browser" ] && echo "CHROMIUM=/usr/bin/chromium"
exit 0
