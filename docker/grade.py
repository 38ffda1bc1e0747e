#!/usr/bin/env python3
"""Grades learners' exercise notebooks headless and writes a JSON score per exercise.

    .local/venv/bin/python docker/grade.py [--out DIR] [--timeout SECONDS] NOTEBOOK ...

Each notebook runs from top to bottom through nbclient on the gonb-nnkit kernel, with
NNKIT_HEADLESS=1, in a copy in a scratch directory (the submission is never modified).
GoNB answers a panicking cell with status ok, so a runner that trusts cell status sees
no failure; this one reads what kernelext.Grade and kernelext.Finish display instead:
their tables carry each part's score (data-grade, data-right, data-of, data-passed) and
each checked figure (data-check, data-ok). A part whose Grade cell was deleted or never
ran counts as missing. A cell that runs past --timeout stops the notebook: what was graded
before it counts, and the timeout is reported.

For each NOTEBOOK it writes DIR/<its path, / as _>.json (default DIR: grades/):

    {"notebook": "...", "exercise": "moons", "passed": false, "right": 12, "of": 29,
     "parts": {"init": {"right": 4, "of": 4, "passed": true}, "forward": {"missing": true},
               "cost": {"right": 0, "of": 1, "passed": false, "panic": "not implemented yet"}, ...},
     "final": {"test accuracy ...": {"ours": 96.0, "ok": true}}, "errors": [...]}

and prints one line per notebook. It exits 1 if a notebook could not be read or has no
exercise in its metadata, 0 otherwise, whatever the scores.
"""
import argparse
import html
import json
import os
import re
import shutil
import sys
import tempfile

import nbclient
import nbformat

# The parts each exercise has, in order, as nnkit/exercise names them.
PARTS = {
    "moons": ["init", "forward", "cost", "backward", "update"],
    "planar": ["initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation", "update_parameters"],
}
GRADE = re.compile(r'<table data-grade="([^"]*)" data-right="(\d+)" data-of="(\d+)" data-passed="(true|false)" data-panic="([^"]*)"')
CHECK = re.compile(r'<tr data-check="([^"]*)" data-ours="([^"]*)" data-ok="(true|false|miss)">')


def scores(nb, exercise):
    """The grader's tables in an executed notebook: parts and final figures."""
    parts, final, errors = {}, {}, []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html", "") if "data" in out else ""
            for m in GRADE.finditer(page):
                ex, _, part = html.unescape(m.group(1)).partition("/")
                if ex == exercise:
                    parts[part] = {"right": int(m.group(2)), "of": int(m.group(3)), "passed": m.group(4) == "true"}
                    if m.group(5):
                        parts[part]["panic"] = html.unescape(m.group(5))
            for m in CHECK.finditer(page):
                final[html.unescape(m.group(1))] = {"ours": float(m.group(2)), "ok": m.group(3) == "true"}
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if "panic:" in text:
                errors.append(text.strip().splitlines()[0][:300])
    return parts, final, errors


def grade(path, timeout):
    nb = nbformat.read(path, as_version=4)
    exercise = nb.metadata.get("nnkit", {}).get("exercise")
    if exercise not in PARTS:
        raise ValueError("%s: its metadata names no known exercise (%s)" % (path, ", ".join(PARTS)))
    errors = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, os.path.basename(path))
        shutil.copy(path, copy)
        env = {"NNKIT_HEADLESS": "1", "NNKIT_ROOT": os.environ.get("NNKIT_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))}
        os.environ.update(env)
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="gonb-nnkit", allow_errors=True,
                                         resources={"metadata": {"path": scratch}})
        try:
            client.execute()
        except nbclient.exceptions.CellTimeoutError:
            errors.append("a cell ran for more than %d s; the rest of the notebook was not run" % timeout)
        except Exception as e:  # the kernel died, or could not start
            errors.append("the notebook stopped: %s" % str(e).strip().splitlines()[-1][:300])
    parts, final, panics = scores(nb, exercise)
    result = {"notebook": path, "exercise": exercise, "parts": {}, "final": final, "errors": errors + panics}
    right = of = 0
    for part in PARTS[exercise]:
        p = parts.get(part, {"missing": True, "passed": False})
        result["parts"][part] = p
        right += p.get("right", 0)
        of += p.get("of", 0)
    result.update(right=right, of=of,
                  passed=all(p["passed"] for p in result["parts"].values()) and bool(final) and all(f["ok"] for f in final.values()))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="grades", help="directory for the JSON scores (default: grades)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (default: 600)")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    status = 0
    for path in args.notebooks:
        try:
            result = grade(path, args.timeout)
        except (OSError, ValueError, nbformat.reader.NotJSONError) as e:
            print("ERROR %s" % e, file=sys.stderr)
            status = 1
            continue
        name = os.path.splitext(os.path.normpath(path))[0].lstrip(os.sep).replace(os.sep, "_") + ".json"
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)
        print("%s %s: %d of %d quantities right%s" % ("PASS" if result["passed"] else "TODO", path, result["right"], result["of"],
                                                      "; " + "; ".join(result["errors"][:2]) if result["errors"] else ""))
    return status


if __name__ == "__main__":
    sys.exit(main())
