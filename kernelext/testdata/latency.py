"""Measures GoNB cell latency, warm: the time to re-execute an unchanged cell, which GoNB
answers by recompiling and re-running the whole program. Compares a cell that imports
nnkit and kernelext, as the installed kernel builds it (its GOFLAGS, printed), with one
that imports only gonum/plot, the floor; with the least that any kernelext cell imports,
gonum/plot with GoNB's gonbui (to display) and gonum/mat (nnkit's matrices), which no
change to nnkit can go below; and with the nnkit cell linked by the C toolchain
(%goflags "-ldflags=-linkmode=external", as cgo does by default). They alternate, round
by round, so that the machine's drift touches all alike; it prints the median of REPEATS
re-executions of each in every round, and each one's ratio to the floor.

An unchanged cell is not linked again: GoNB rewrites the same program, and the go command
finds its binary up to date, so the time is GoNB's goimports and "go get", the go
command's check of every package the program imports, and the run. An edited cell (here,
one whose printed number changes each time) is compiled and linked: the second table
times that, the case where the linker matters.

    .local/venv/bin/python kernelext/testdata/latency.py [REPEATS] [ROUNDS]
"""
import os
import statistics
import sys
import time

import nbclient
import nbformat
from nbformat.v4 import new_code_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

# The notebooks' first cell: nnkit's requirements added once, and GoNB's go get before
# every cell turned off.
SETUP = '!*go mod edit -require=github.com/nnkit-go/nnkit@v0.0.0 -replace=github.com/nnkit-go/nnkit="${NNKIT_ROOT:-$GONB_DIR/..}" && go get github.com/nnkit-go/nnkit/...@v0.0.0\n%noautoget'
PLOT = '''import (
	"bytes"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

%%
p := plot.New()
l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
p.Add(l)
c := vgsvg.New(4*vg.Inch, 3*vg.Inch)
p.Draw(draw.New(c))
var b bytes.Buffer
c.WriteTo(&b)
fmt.Println(b.Len() > 0)'''
NNKIT = '''import (
	"github.com/nnkit-go/nnkit/kernelext"
	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

%%
net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
kernelext.Show(net)'''
# The least a kernelext cell imports: the floor's plot, gonbui and gonum/mat.
LEAST = PLOT.replace('import (\n', 'import (\n\t"github.com/janpfeifer/gonb/gonbui"\n\t"gonum.org/v1/gonum/mat"\n', 1).replace(
    'fmt.Println(b.Len() > 0)', 'gonbui.DisplayHtml(fmt.Sprint(mat.Formatted(mat.NewDense(1, 1, []float64{float64(b.Len())}))))')
EXTERNAL = '%goflags "-ldflags=-linkmode=external"'
RESET = '%goflags ""'
GOFLAGS = '!echo "GOFLAGS=$GOFLAGS"'


def main():
    nb = new_notebook(cells=[new_code_cell(SETUP), new_code_cell(PLOT), new_code_cell(NNKIT),
                             new_code_cell(EXTERNAL), new_code_cell(RESET), new_code_cell(GOFLAGS), new_code_cell(LEAST)])
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="gonb-nnkit", resources={"metadata": {"path": HERE}})
    names = ["gonum/plot only (the floor)", "gonum/plot + gonbui + gonum/mat (the least a kernelext cell imports)",
             "nnkit + kernelext, as the kernel links it", 'nnkit + kernelext, %goflags "-ldflags=-linkmode=external"']
    times = {n: [] for n in names}
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)
        client.execute_cell(nb.cells[5], 5)
        goflags = "".join(o.get("text", "") for o in nb.cells[5].outputs).strip()

        def timed(i, name):
            client.execute_cell(nb.cells[i], i)  # first run: compiles what changed
            for _ in range(REPEATS):
                t = time.time()
                client.execute_cell(nb.cells[i], i)
                times[name].append(time.time() - t)
            for o in nb.cells[i].outputs:
                if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr" and "panic" in o.text):
                    sys.exit("cell %d failed: %s" % (i, o))

        edits = iter(range(10**6))

        def edited(i, name):
            base = nb.cells[i].source
            for _ in range(REPEATS):
                nb.cells[i].source = base + "\nfmt.Println(%d)" % next(edits)
                t = time.time()
                client.execute_cell(nb.cells[i], i)
                times.setdefault(name, []).append(time.time() - t)
            nb.cells[i].source = base

        for _ in range(ROUNDS):
            timed(1, names[0])
            timed(6, names[1])
            timed(2, names[2])
            edited(1, "edited: " + names[0])
            edited(6, "edited: " + names[1])
            edited(2, "edited: " + names[2])
            client.execute_cell(nb.cells[3], 3)
            timed(2, names[3])
            edited(2, "edited: " + names[3])
            client.execute_cell(nb.cells[4], 4)
    floor = statistics.median(times[names[0]])
    print("kernel: %s" % goflags)
    print("| warm re-execution, %d rounds of %d | median s | min–max | ÷ the floor |" % (ROUNDS, REPEATS))
    print("|---|---|---|---|")
    for name in names:
        v = times[name]
        print("| %s | %.2f | %.2f–%.2f | %.2f× |" % (name, statistics.median(v), min(v), max(v), statistics.median(v) / floor))
    floor = statistics.median(times["edited: " + names[0]])
    print("\n| an edited cell, %d rounds of %d | median s | min–max | ÷ the floor |" % (ROUNDS, REPEATS))
    print("|---|---|---|---|")
    for name in names:
        v = times["edited: " + name]
        print("| %s | %.2f | %.2f–%.2f | %.2f× |" % (name, statistics.median(v), min(v), max(v), statistics.median(v) / floor))


if __name__ == "__main__":
    main()
