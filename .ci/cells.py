#!/usr/bin/env python3
"""Checks that the notebooks' code cells are short enough to read as the tutorial's steps.

    python3 .ci/cells.py [NOTEBOOK ...]      (default: every notebooks/**/*.ipynb)

A cell's length is its number of non-blank lines, not counting the `%%` line that starts a
GoNB cell's body. Two cells of each notebook are not counted: the first one, which points
GoNB at this checkout (`!*go mod edit …`), and the declarations cell, the first that
declares imports, functions, types or variables (GoNB keeps them for every later cell).
A notebook fails if the median length of the other cells is above MEDIAN, if one is above
LONGEST, or if any code cell holds `if err != nil`: errors go to kernelext.Show and
kernelext.Must. Needs only the standard library.
"""
import glob
import json
import os
import re
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEDIAN, LONGEST = 6, 15
DECLARATION = re.compile(r"^(import|func|var|type|const)\b", re.M)


def lines(src):
    return [l for l in src.splitlines() if l.strip() and l.strip() != "%%"]


def measure(nb):
    """Returns the counted cells' lengths (with their indices) and the problems found."""
    code = [(i, "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    problems, counted, declarations = [], [], None
    for n, (i, src) in enumerate(code):
        if "if err != nil" in src:
            problems.append("cell %d holds `if err != nil`" % i)
        if n == 0 and src.lstrip().startswith("!*go mod edit"):
            continue
        head = src.split("\n%%", 1)[0] if not src.startswith("%%") else ""
        if declarations is None and DECLARATION.search(head):
            declarations = i
            continue
        counted.append((i, len(lines(src))))
    for i, n in counted:
        if n > LONGEST:
            problems.append("cell %d has %d lines (at most %d)" % (i, n, LONGEST))
    if counted and statistics.median(n for _, n in counted) > MEDIAN:
        problems.append("median cell length %.1f lines (at most %d)" % (statistics.median(n for _, n in counted), MEDIAN))
    return counted, problems


def main():
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "notebooks", "**", "*.ipynb"), recursive=True))
    failed, every = 0, []
    for path in paths:
        with open(path) as f:
            counted, problems = measure(json.load(f))
        every += [n for _, n in counted]
        sizes = [n for _, n in counted]
        summary = "median %.1f, longest %d, %d cells" % (statistics.median(sizes), max(sizes), len(sizes)) if sizes else "no cells"
        name = os.path.relpath(path, ROOT)
        if problems:
            failed += 1
            print("FAIL %s (%s): %s" % (name, summary, "; ".join(problems)))
        else:
            print("ok   %s (%s)" % (name, summary))
    if every:
        print("all notebooks: median %.1f lines, longest %d, %d cells" % (statistics.median(every), max(every), len(every)))
    print("%d passed, %d failed" % (len(paths) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
