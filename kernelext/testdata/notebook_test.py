"""Runs kernelext.ipynb headless, twice, through nbclient against the gonb-nnkit kernel,
and checks its saved outputs: Show, the step-by-step blocks, a live training view whose
final picture is kept, Fit (trained the first time, loaded the second, trained again once λ is edited), a checked cell,
the headless playground, and the one-line switch to OpenBLAS (needs libopenblas-dev). Run by .ci/test with the project's venv:
    .local/venv/bin/python kernelext/testdata/notebook_test.py
"""
import os
import re
import sys
import tempfile
import time

import nbclient
import nbconvert
import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", ".ci"))
import pictures  # noqa: E402  (the repository's own helper, found through the path above)

PICTURE = '<img src="data:image/svg+xml;base64,'


def run(path, env_cache):
    """Executes the notebook; returns it, the total time and each code cell's wall time."""
    nb = nbformat.read(path, as_version=4)
    if not OPENBLAS:
        nb.cells = nb.cells[:-3]  # the %goflags -tags=openblas -ldflags=-w cells
    os.environ["NNKIT_CACHE"] = env_cache
    os.environ["NNKIT_HEADLESS"] = "1"  # widget cells would wait for a browser
    starts, times = {}, []
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="gonb-nnkit", resources={"metadata": {"path": HERE}},
        on_cell_start=lambda cell, cell_index: starts.__setitem__(cell_index, time.time()),
        on_cell_executed=lambda cell, cell_index, execute_reply: times.append(time.time() - starts[cell_index]))
    start = time.time()
    client.execute()
    return nb, time.time() - start, times


def html_of(cell):
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "error":
            raise AssertionError("cell failed: %s: %s" % (o["ename"], o["evalue"]))
        if o["output_type"] in ("display_data", "execute_result"):
            out.append(o["data"].get("text/html", ""))
        if o["output_type"] == "stream":
            out.append(o["text"])
    return "\n".join(out)


failures = []
# .ci/test sets NNKIT_OPENBLAS=1 when libopenblas-dev is installed.
OPENBLAS = os.environ.get("NNKIT_OPENBLAS") == "1"
skipped = 0


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as cache:
    nb, secs, _ = run(os.path.join(HERE, "kernelext.ipynb"), cache)
    print("first execution: %.1f s" % secs)
    cells = [html_of(c) for c in nb.cells]
    expect(PICTURE in cells[2] and "total</td>" in cells[2], "Show(network): summary table and diagram")
    expect("Z¹ = X·W¹ + b¹" in cells[3] and "δ¹ = (δ²·W²ᵀ) ⊙ (1−A¹²)" in cells[3] and "W¹ ← W¹ − ε·dW¹" in cells[3],
           "forward, backward and update shown step by step")
    expect("trained in" in cells[4], "Fit trains the first time")
    expect(cells[4].count(PICTURE) >= 2 and "seed 000" in cells[4], "the live view's final curves and boundary are kept")
    expect("✓" in cells[4] and "test accuracy" in cells[4] and "96%" in cells[4], "checked cell: 96% published, ✓ ours")
    expect("Static snapshot" in cells[5] and PICTURE in cells[5], "headless playground renders a static snapshot")
    expect(all("<script" not in c for c in cells), "no scripts in the saved outputs")
    pics = pictures.notebook_pictures(nb)
    bad = pictures.problems(pics)
    expect(len(pics) >= 5 and not bad, "%d pictures, each a data-URI SVG with a text/plain description%s"
           % (len(pics), ": " + "; ".join(bad) if bad else ""))
    if OPENBLAS:
        expect("backend: openblas" in cells[8], "%goflags -tags=openblas -ldflags=-w switches the cell to OpenBLAS")
    else:
        print("SKIP %goflags -tags=openblas -ldflags=-w: libopenblas-dev not installed (NNKIT_OPENBLAS unset)")
        skipped += 1
    nbformat.write(nb, os.path.join(cache, "first.ipynb"))
    page, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    expect(len(pictures.html_pictures(page)) == len(pics) and "Z¹ = X·W¹ + b¹" in page and "✓" in page,
           "the outputs survive nbconvert to HTML, every picture included")

    nb2, secs2, warm = run(os.path.join(HERE, "kernelext.ipynb"), cache)
    print("second execution: %.1f s" % secs2)
    print("warm re-execution per code cell (s): " + ", ".join("%.2f" % w for w in warm))
    print("typical nnkit cell (Show of a network), warm: %.2f s" % warm[1])
    expect("loaded from cache" in html_of(nb2.cells[4]) and "trained in" not in html_of(nb2.cells[4]),
           "Fit loads on the second execution")

    # A learner edits λ in newNet and re-runs: Fit must train again, never serve the old network.
    edited = nbformat.read(os.path.join(HERE, "kernelext.ipynb"), as_version=4)
    assert "L2: 0.01" in edited.cells[2].source
    edited.cells[2].source = edited.cells[2].source.replace("L2: 0.01", "L2: 0.02")
    path3 = os.path.join(cache, "edited.ipynb")
    nbformat.write(edited, path3)
    nb3, _, _ = run(path3, cache)
    loss = lambda nb: re.search(r"final loss ([0-9.]+)", html_of(nb.cells[4])).group(1)
    expect("trained in" in html_of(nb3.cells[4]) and loss(nb3) != loss(nb2),
           "after λ is edited, Fit trains again (final loss %s, was %s)" % (loss(nb3), loss(nb2)))

CHECKS = 12
print("%d passed, %d failed, %d skipped" % (CHECKS - skipped - len(failures), len(failures), skipped))
if failures:
    sys.exit(1)
