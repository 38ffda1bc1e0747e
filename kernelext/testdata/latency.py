"""Measures GoNB cell latency, warm: the time to re-execute an unchanged cell, which GoNB
answers by recompiling and re-running the whole program. Compares a cell that imports
nnkit and kernelext with one that imports only gonum/plot, and the nnkit cell with
%goflags "-ldflags=-s -w". Prints the median of REPEATS re-executions of each.

    .local/venv/bin/python kernelext/testdata/latency.py [REPEATS]
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

SETUP = '!*go mod edit -require=github.com/nnkit-go/nnkit@v0.0.0 -replace=github.com/nnkit-go/nnkit="${NNKIT_ROOT:-$GONB_DIR/..}"'
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
STRIP = '%goflags "-ldflags=-s -w"'
RESET = '%goflags ""'


def main():
    nb = new_notebook(cells=[new_code_cell(SETUP), new_code_cell(PLOT), new_code_cell(NNKIT),
                             new_code_cell(STRIP), new_code_cell(RESET)])
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="gonb-nnkit", resources={"metadata": {"path": HERE}})
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)

        def timed(i, n):
            client.execute_cell(nb.cells[i], i)  # first run: compiles what changed
            times = []
            for _ in range(n):
                t = time.time()
                client.execute_cell(nb.cells[i], i)
                times.append(time.time() - t)
            for o in nb.cells[i].outputs:
                if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr" and "panic" in o.text):
                    sys.exit("cell %d failed: %s" % (i, o))
            return statistics.median(times), min(times), max(times)

        rows = [("gonum/plot only", timed(1, REPEATS)), ("nnkit + kernelext", timed(2, REPEATS))]
        client.execute_cell(nb.cells[3], 3)
        rows.append(('nnkit + kernelext, %goflags "-ldflags=-s -w"', timed(2, REPEATS)))
        client.execute_cell(nb.cells[4], 4)
    print("| warm re-execution, median of %d | s | min–max |" % REPEATS)
    print("|---|---|---|")
    for name, (med, lo, hi) in rows:
        print("| %s | %.2f | %.2f–%.2f |" % (name, med, lo, hi))


if __name__ == "__main__":
    main()
