#!/usr/bin/env bash
# Runs every notebook headless and writes an HTML page per notebook into OUT (default
# <repo>/out/html), for reading the results without a browser session. Installs what is
# missing first, as docker/lab.sh does.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/out/html}
bash "$ROOT/docker/install.sh"
PREFIX=${PREFIX:-$ROOT/.local}
export PATH="$PREFIX/bin:$PATH"
"$PREFIX/venv/bin/python" "$ROOT/.ci/notebooks.py" --html "$OUT"
echo "HTML pages in $OUT"
