#!/usr/bin/env bash
# A class on this machine, in one command: JupyterHub on 127.0.0.1:8000 (HUB_IP=0.0.0.0 for
# the network), one local JupyterLab per student, each in a home of its own that starts
# with a copy of the notebooks and a warm Go build cache. Students log in with any user
# name and the class password:
#
#   HUB_PASSWORD=... bash docker/hub.sh
#
# It installs what is missing first (docker/install.sh, then the hub's own venv from
# docker/hub/hub.lock with hashes, and the proxy from npm), and warms the Go build cache
# (docker/warm.sh) that every student's is seeded from. State lives in NNKIT_HUB_DIR
# (default .local/hub): the database and the students' homes, kept across restarts.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${PREFIX:-$ROOT/.local}
: "${HUB_PASSWORD:?set HUB_PASSWORD, the class password}"
bash "$ROOT/docker/install.sh"
export PATH="$PREFIX/bin:$PATH"

HUBVENV=$PREFIX/hub-venv
lockhash=$(sha256sum "$ROOT/docker/hub/hub.lock" | cut -c1-16)
if [ "$(cat "$HUBVENV/.nnkit-lock" 2>/dev/null)" != "$lockhash" ]; then
  echo "== creating the hub's venv in $HUBVENV"
  python3 -m venv "$HUBVENV"
  "$HUBVENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$ROOT/docker/hub/hub.lock"
  echo "$lockhash" > "$HUBVENV/.nnkit-lock"
fi
if [ ! -x "$ROOT/docker/hub/node_modules/.bin/configurable-http-proxy" ]; then
  echo "== installing configurable-http-proxy (npm, docker/hub/package-lock.json)"
  (cd "$ROOT/docker/hub" && npm ci --silent --no-audit --no-fund)
fi
if [ -z "${NNKIT_GOCACHE:-}" ]; then
  echo "== warming the Go build cache every student's is seeded from (docker/warm.sh)"
  NNKIT_OFFLINE=${NNKIT_OFFLINE:-} bash "$ROOT/docker/warm.sh"
  NNKIT_GOCACHE=$(go env GOCACHE)
fi
export NNKIT_ROOT=$ROOT NNKIT_GOCACHE GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)}
export NNKIT_HUB_DIR=${NNKIT_HUB_DIR:-$PREFIX/hub} JUPYTER_KERNELS=${JUPYTER_KERNELS:-$PREFIX/venv/share/jupyter}
mkdir -p "$NNKIT_HUB_DIR"
chmod 700 "$NNKIT_HUB_DIR"
echo "== JupyterHub on http://${HUB_IP:-127.0.0.1}:${NNKIT_HUB_PORT:-8000}/ (students' homes in $NNKIT_HUB_DIR/homes)"
exec "$HUBVENV/bin/jupyterhub" -f "$ROOT/docker/hub/jupyterhub_config.py" "$@"
