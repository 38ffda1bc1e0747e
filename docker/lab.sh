#!/usr/bin/env bash
# The README's launch command: installs what is missing (docker/install.sh), then starts
# JupyterLab on notebooks/ with the "Go (nnkit)" kernel. Extra arguments go to JupyterLab
# (for example --port=8899 or --no-browser).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$ROOT/docker/install.sh"
PREFIX=${PREFIX:-$ROOT/.local}
export PATH="$PREFIX/bin:$PATH"
extra=()
# JupyterLab refuses root unless told; containers and CI machines often are root.
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
exec "$PREFIX/venv/bin/jupyter" lab --notebook-dir="$ROOT/notebooks" "${extra[@]}" "$@"
