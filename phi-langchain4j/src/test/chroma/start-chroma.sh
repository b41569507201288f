#!/usr/bin/env bash
# Installs Chroma from the npm registry (once) and starts a server on loopback, for the Chroma store tests.
#
#   start-chroma.sh PORT DATA_DIR [INSTALL_DIR]
#
# INSTALL_DIR defaults to $PHI_CHROMA_HOME or ~/.cache/phisafe-chroma. chromadb 3.0.9 pulls its native server
# binding from an optional dependency; the override pins chromadb-js-bindings-linux-x64-gnu to 1.0.1 because newer
# bindings need a newer glibc than Debian 12 has (shared/DESIGN.md, "Real parts").
# Prints "chroma-ready http://127.0.0.1:PORT" once the heartbeat answers; the server keeps running in the
# background (its pid is written to DATA_DIR/chroma.pid, its log to DATA_DIR/chroma.log).
# Exit codes: 0 ready; 3 Chroma could not be installed; 4 it was installed but did not start.
set -euo pipefail

PORT="${1:?usage: start-chroma.sh PORT DATA_DIR [INSTALL_DIR]}"
DATA="${2:?usage: start-chroma.sh PORT DATA_DIR [INSTALL_DIR]}"
HOME_DIR="${3:-${PHI_CHROMA_HOME:-$HOME/.cache/phisafe-chroma}}"

mkdir -p "$HOME_DIR" "$DATA"
if [ ! -x "$HOME_DIR/node_modules/.bin/chroma" ]; then
  cat > "$HOME_DIR/package.json" <<'JSON'
{
  "name": "phisafe-chroma",
  "private": true,
  "dependencies": { "chromadb": "3.0.9" },
  "overrides": { "chromadb-js-bindings-linux-x64-gnu": "1.0.1" }
}
JSON
  if ! (cd "$HOME_DIR" && npm install --no-audit --no-fund --loglevel=error >"$HOME_DIR/npm-install.log" 2>&1); then
    echo "chroma-install-failed: see $HOME_DIR/npm-install.log" >&2
    exit 3
  fi
  if [ ! -x "$HOME_DIR/node_modules/.bin/chroma" ]; then
    echo "chroma-install-failed: no chroma binary after npm install" >&2
    exit 3
  fi
fi

# the installed binary is what `npx chroma run` runs; started directly so that the pid file names the server itself
nohup "$HOME_DIR/node_modules/.bin/chroma" run --path "$DATA" --host 127.0.0.1 --port "$PORT" \
    >"$DATA/chroma.log" 2>&1 </dev/null &
echo $! >"$DATA/chroma.pid"

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/api/v2/heartbeat" >/dev/null 2>&1; then
    echo "chroma-ready http://127.0.0.1:$PORT"
    exit 0
  fi
  sleep 0.5
done
echo "chroma-start-failed: see $DATA/chroma.log" >&2
exit 4
