#!/usr/bin/env bash
# A class on this machine, in one command: JupyterHub on 127.0.0.1:8000 (HUB_IP=0.0.0.0 for
# the network), one local JupyterLab per student, each in a home of its own that starts
# empty and gets the notebooks in its nnkit folder. Students log in with any user name and
# the class password:
#
#   HUB_PASSWORD=... bash docker/hub.sh
#
# It installs what is missing first (docker/install.sh, then the hub's own venv from
# docker/hub/hub.lock with hashes, and the proxy from npm), and warms the Go build cache
# that every student's kernel reads, shared and read only (docker/warm.sh into
# SHARED_GOCACHE, default PREFIX/gocache). State lives in NNKIT_HUB_DIR (default
# PREFIX/hub): the database and the students' homes, kept across restarts.
#
# install.sh's settings (PREFIX, NO_VENV, KERNEL_DATA_DIR, GOFLAGS) pass through, so the
# hub can serve the image's layout (.ci/hub_test.py does). HUB_VENV (default
# PREFIX/hub-venv) is the hub's venv; NNKIT_COLD=1 leaves the shared cache as it is, for
# the load test's cold-cache comparison.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${PREFIX:-$ROOT/.local}
: "${HUB_PASSWORD:?set HUB_PASSWORD, the class password}"
export SHARED_GOCACHE=${SHARED_GOCACHE:-$PREFIX/gocache}
# The class's kernelspec, on the shared cache, apart from lab.sh's own.
export KERNEL_DATA_DIR=${KERNEL_DATA_DIR:-$PREFIX/hub-jupyter}
bash "$ROOT/docker/install.sh"
export PATH="$PREFIX/bin:$PATH"

HUBVENV=${HUB_VENV:-$PREFIX/hub-venv}
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
if [ "${NNKIT_COLD:-}" != 1 ]; then
  echo "== warming the shared Go build cache $SHARED_GOCACHE (docker/warm.sh)"
  NNKIT_OFFLINE=${NNKIT_OFFLINE:-} bash "$ROOT/docker/warm.sh"
fi
export NNKIT_ROOT=$ROOT GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)}
export NNKIT_HUB_DIR=${NNKIT_HUB_DIR:-$PREFIX/hub} JUPYTER_KERNELS=$KERNEL_DATA_DIR
mkdir -p "$NNKIT_HUB_DIR"
chmod 700 "$NNKIT_HUB_DIR"
echo "== JupyterHub on http://${HUB_IP:-127.0.0.1}:${NNKIT_HUB_PORT:-8000}/ (students' homes in $NNKIT_HUB_DIR/homes)"
exec "$HUBVENV/bin/jupyterhub" -f "$ROOT/docker/hub/jupyterhub_config.py" "$@"
