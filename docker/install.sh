#!/usr/bin/env bash
# Installs everything nnkit's notebooks need, at pinned versions, and registers the
# "Go (nnkit)" Jupyter kernel. The Docker image runs this script; CI runs it on the bare
# machine, so every step here is exercised.
#
#   PREFIX/bin   gonb v0.11.1, goimports (x/tools v0.29.0), gopls v0.20.0, nnkit-kernel,
#                nnkit-gocache
#   PREFIX/venv  JupyterLab 4, nbclient, nbconvert, jupyter_kernel_test (requirements.lock)
#   kernelspec   gonb-nnkit in KERNEL_DATA_DIR
#
# Settings (environment):
#   PREFIX           default <repo>/.local
#   KERNEL_DATA_DIR  default PREFIX/venv/share/jupyter, which the venv's Jupyter reads (with
#                    NO_VENV=1: the data directory of the Jupyter on PATH)
#   NO_VENV=1        use the Jupyter already on PATH (the Docker image's) instead of a venv
#   NO_GOPLS=1       skip gopls (optional: completion in cells; it takes ~30 s to build)
#   SHARED_GOCACHE   a directory for the warm Go build cache that every user's cells read
#                    through nnkit-gocache (the image's /opt/nnkit/gocache); docker/warm.sh
#                    fills it. Unset: cells use each user's own Go cache.
#
# Run it again at any time: it rebuilds only what changed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${PREFIX:-$ROOT/.local}
BIN=$PREFIX/bin
VENV=$PREFIX/venv
mkdir -p "$BIN"

say() { printf '== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go not found: install Go ≥ 1.24 (https://go.dev/doc/install) and put it on PATH"
gov=$(go env GOVERSION); minor=$(echo "$gov" | sed -E 's/^go1\.([0-9]+).*/\1/')
[ "${minor:-0}" -ge 24 ] || die "$gov is too old: nnkit needs Go ≥ 1.24"

# Tools: each from its own pinned module (docker/tools/NAME/go.mod and go.sum), so one
# tool's dependencies never move another's.
tools="gonb goimports"
[ "${NO_GOPLS:-}" = 1 ] || tools="$tools gopls"
for t in $tools; do
  pkg=$(sed -n 's/^import _ "\(.*\)"$/\1/p' "$ROOT/docker/tools/$t/tools.go")
  say "building $t ($pkg)"
  (cd "$ROOT/docker/tools/$t" && go build -trimpath -o "$BIN/$t.new" "$pkg") && mv "$BIN/$t.new" "$BIN/$t"
done
for cmd in nnkit-kernel nnkit-gocache; do
  say "building $cmd"
  (cd "$ROOT" && go build -trimpath -o "$BIN/$cmd.new" "./kernelext/cmd/$cmd") && mv "$BIN/$cmd.new" "$BIN/$cmd"
done

# Python: a project-local venv from the lock file, reinstalled only when the lock changes.
if [ "${NO_VENV:-}" = 1 ]; then
  command -v jupyter >/dev/null || die "NO_VENV=1 but no jupyter on PATH"
  JUPYTER_BIN=$(dirname "$(command -v jupyter)")
else
  lockhash=$(sha256sum "$ROOT/docker/requirements.lock" | cut -c1-16)
  if [ "$(cat "$VENV/.nnkit-lock" 2>/dev/null)" != "$lockhash" ]; then
    say "creating the Python venv in $VENV"
    python3 -m venv "$VENV" || die "python3 -m venv failed: on Debian/Ubuntu run 'apt-get install python3-venv'"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$ROOT/docker/requirements.lock"
    echo "$lockhash" > "$VENV/.nnkit-lock"
  else
    say "Python venv is up to date"
  fi
  JUPYTER_BIN=$VENV/bin
fi

if [ -n "${KERNEL_DATA_DIR:-}" ]; then
  DATA=$KERNEL_DATA_DIR
elif [ "${NO_VENV:-}" = 1 ]; then
  DATA=$("$JUPYTER_BIN/jupyter" --data-dir)
else
  DATA=$VENV/share/jupyter
fi
say "registering the kernel"
shared=()
if [ -n "${SHARED_GOCACHE:-}" ]; then
  mkdir -p "$SHARED_GOCACHE"
  shared=(-shared-cache "$SHARED_GOCACHE")
fi
PATH="$BIN:$PATH" "$BIN/nnkit-kernel" install -gonb "$BIN/gonb" -data-dir "$DATA" -root "$ROOT" "${shared[@]}"
PATH="$BIN:$JUPYTER_BIN:$PATH" "$BIN/nnkit-kernel" doctor -data-dir "$DATA"
