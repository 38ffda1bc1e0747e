#!/usr/bin/env bash
# Prepares a machine (or the Docker image) for fast first cells: compiles a program that
# imports nnkit and kernelext as a notebook cell does, which fills Go's build cache, and
# fetches MNIST into the data cache, verified (set NNKIT_OFFLINE=1 to skip the download,
# as CI does: it has no internet). Run after docker/install.sh.
#
# With SHARED_GOCACHE set (as for docker/install.sh), the build fills that directory, the
# cache every user's cells read through nnkit-gocache, and leaves it read only.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/go.mod" <<MOD
module warm

go 1.24

require github.com/nnkit-go/nnkit v0.0.0

replace github.com/nnkit-go/nnkit => "$ROOT"
MOD
cat > "$tmp/main.go" <<'SRC'
package main

import (
	"github.com/nnkit-go/nnkit/kernelext"
	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	_ "github.com/nnkit-go/nnkit/nnkit/datasets/fetch" // notebooks 02 and 05 read MNIST through it
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	_ "github.com/nnkit-go/nnkit/nnkit/recipes"
)

func main() {
	d := datasets.Moons(datasets.MoonsConfig{N: 20, Noise: 0.2}, nprand.New(0))
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	kernelext.Show(net.Forward(d.X))
}
SRC
echo "== warming the Go build cache for notebook cells"
cp "$ROOT/go.sum" "$tmp/go.sum"
cache=()
if [ -n "${SHARED_GOCACHE:-}" ]; then
  mkdir -p "$SHARED_GOCACHE" && chmod -R u+w "$SHARED_GOCACHE"
  cache=(env -u GOCACHEPROG GOCACHE="$SHARED_GOCACHE")
  echo "   into the shared cache $SHARED_GOCACHE"
fi
(cd "$tmp" && go mod tidy >/dev/null && time "${cache[@]}" go build -o "$tmp/warm" . && "$tmp/warm" >/dev/null)
if [ -n "${SHARED_GOCACHE:-}" ]; then
  chmod -R a-w "$SHARED_GOCACHE"
fi
if [ "${NNKIT_OFFLINE:-}" = 1 ]; then
  echo "== NNKIT_OFFLINE=1: MNIST not fetched"
else
  echo "== fetching MNIST into the data cache"
  (cd "$ROOT" && go run ./nnkit/datasets/cmd/nnkit-data fetch mnist)
fi
