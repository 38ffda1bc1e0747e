#!/usr/bin/env python3
"""Executes nnkit's notebooks headless and checks them.

    .local/venv/bin/python .ci/notebooks.py [--write] [--html DIR] [NOTEBOOK ...]

Each notebook (default: every notebooks/*.ipynb and the exercises' instructor versions,
notebooks/exercises/instructor/*.ipynb) runs through nbclient against the
gonb-nnkit kernel, with NNKIT_HEADLESS=1 (widget cells show a static snapshot) and an
empty NNKIT_CACHE. A notebook fails if a cell fails, if a checked figure (kernelext.Check)
shows ✗ that is not a recorded, explained miss, if a checked figure differs from the committed outputs by more than its
tolerance, if the result holds a script or reaches 1 MB, if a picture is not in the
form untrusted notebooks keep or lacks a text/plain description (.ci/pictures.py), or if
nbconvert's HTML export loses a picture, or if an exercise part (kernelext.Grade) is not
all right: the instructor versions hold the reference solutions. A notebook whose data can
neither be found nor fetched (offline, without ../shared) is skipped, saying so. --write saves the fresh
outputs into the notebooks; --html writes an HTML page per notebook into DIR.
"""
import argparse
import glob
import html
import os
import re
import sys
import tempfile
import time

import nbclient
import nbconvert
import nbformat

import pictures

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK = re.compile(r'<tr data-check="([^"]*)" data-ours="([^"]*)" data-ok="(true|false|miss)">')
TOL = re.compile(r"tolerance ([0-9.eE+-]+)")
GRADE = re.compile(r'<table data-grade="([^"]*)" data-right="(\d+)" data-of="(\d+)" data-passed="(true|false)"')
MAX_BYTES = 1 << 20


def checks(nb):
    """The checked figures in a notebook's outputs: name → (ours, ok, tolerance)."""
    found = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/html", "") if "data" in out else ""
            for row in text.split("</tr>"):
                m = CHECK.search(row)
                if m:
                    t = TOL.search(row)
                    # A recorded miss (kernelext's Expect.Miss) passes; its value is still compared.
                    found[html.unescape(m.group(1))] = (float(m.group(2)), m.group(3) != "false", float(t.group(1)) if t else 0.0)
    return found


def grades(nb):
    """The exercise parts graded in a notebook's outputs that are not all right."""
    wrong = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for m in GRADE.finditer(out.get("data", {}).get("text/html", "") if "data" in out else ""):
                if m.group(4) != "true":
                    wrong.append("grade %s: %s of %s right" % (html.unescape(m.group(1)), m.group(2), m.group(3)))
    return wrong


def panics(nb):
    """The first Go panic a cell printed. GoNB answers a panicking cell with status ok, so
    nbclient does not raise: the panic shows only in the cell's stderr."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if out.get("output_type") == "error":
                text = out.get("evalue", "")
            if "panic:" in text or "goroutine " in text:
                return text
    return ""


def run(path, cache):
    nb = nbformat.read(path, as_version=4)
    committed = checks(nb)
    env = dict(os.environ, NNKIT_HEADLESS="1", NNKIT_CACHE=cache)
    os.environ.update(env)
    start = time.time()
    nbclient.NotebookClient(nb, timeout=1800, kernel_name="gonb-nnkit",
                            resources={"metadata": {"path": os.path.dirname(path)}}).execute()
    return nb, committed, time.time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="save the fresh outputs into the notebooks")
    ap.add_argument("--html", metavar="DIR", help="write an HTML export of each notebook into DIR")
    ap.add_argument("notebooks", nargs="*")
    args = ap.parse_args()
    paths = args.notebooks or (sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb"))) +
                               sorted(glob.glob(os.path.join(ROOT, "notebooks", "exercises", "instructor", "*.ipynb"))))
    passed = failed = skipped = 0
    total = time.time()
    for path in paths:
        name = os.path.basename(path)
        problems = []
        with tempfile.TemporaryDirectory() as cache:
            try:
                nb, committed, secs = run(path, cache)
            except nbclient.exceptions.CellExecutionError as e:
                if "could not fetch" in str(e):
                    # Offline and without ../shared: the data is absent, not the notebook wrong.
                    print("SKIP %s: its data is absent and the network unreachable:\n%s" % (name, str(e)[-600:]))
                    skipped += 1
                    continue
                print("FAIL %s: a cell failed:\n%s" % (name, str(e)[-2000:]))
                failed += 1
                continue
        panic = panics(nb)
        if panic and "could not fetch" in panic:
            # Offline and without ../shared: the data is absent, not the notebook wrong.
            print("SKIP %s: its data is absent and the network unreachable:\n%s" % (name, panic[-600:]))
            skipped += 1
            continue
        if panic:
            print("FAIL %s: a cell panicked:\n%s" % (name, panic[-1500:]))
            failed += 1
            continue
        fresh = checks(nb)
        for figure, (ours, ok, tol) in fresh.items():
            if not ok:
                problems.append("✗ %s: ours %g" % (figure, ours))
            if figure in committed:
                old = committed[figure][0]
                if abs(old - ours) > max(tol, 1e-9 * abs(old)):
                    problems.append("%s: %g now, %g in the committed outputs" % (figure, ours, old))
            elif committed and not args.write:
                problems.append("%s: not in the committed outputs" % figure)
        if not fresh:
            problems.append("no checked figures (kernelext.Check)")
        problems += grades(nb)
        text = nbformat.writes(nb)
        if "<script" in text:
            problems.append("outputs hold a script")
        if len(text.encode()) >= MAX_BYTES:
            problems.append("%.2f MB, not under 1 MB" % (len(text.encode()) / 2**20))
        pics = pictures.notebook_pictures(nb)
        problems += pictures.problems(pics)
        page, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
        exported = pictures.html_pictures(page)
        if [p[:2] for p in pics] != exported:
            problems.append("nbconvert's HTML has %d pictures, the notebook %d" % (len(exported), len(pics)))
        if args.write:
            nbformat.write(nb, path)
        if args.html:
            os.makedirs(args.html, exist_ok=True)
            with open(os.path.join(args.html, name.replace(".ipynb", ".html")), "w") as f:
                f.write(page)
        summary = ", ".join("%s %g" % (k, v[0]) for k, v in fresh.items())
        if problems:
            failed += 1
            print("FAIL %s (%.1f s): %s" % (name, secs, "; ".join(problems)))
        else:
            passed += 1
            print("ok   %s (%.1f s, %.0f KB, %d pictures): %s" % (name, secs, len(text.encode()) / 1024, len(pics), summary))
    print("notebooks: %.1f min in all" % ((time.time() - total) / 60))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
