#!/usr/bin/env python3
"""Tests docker/grade.py, the headless grading command, on one passing submission (an
instructor version: the reference solutions) and on the untouched student versions (the
TODO stubs): the first scores every quantity right and the published figure; in the
others every part is wrong with "not implemented yet", and the notebook still runs to
its end (the final cell reports the stub instead of a figure)."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSING = "notebooks/exercises/instructor/01-moons.ipynb"
STUBS = ["notebooks/exercises/01-moons.ipynb", "notebooks/exercises/02-planar.ipynb"]


def main():
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, os.path.join(ROOT, "docker", "grade.py"), "--out", out, PASSING] + STUBS, cwd=ROOT, check=True)
        problems = []
        for path in [PASSING] + STUBS:
            with open(os.path.join(out, os.path.splitext(path)[0].replace("/", "_") + ".json")) as f:
                r = json.load(f)
            if path == PASSING:
                if not r["passed"] or r["right"] != r["of"] or r["of"] < 20 or not r["final"]:
                    problems.append("%s should pass: %s" % (path, json.dumps(r)))
                continue
            if r["passed"] or r["right"] != 0 or r["final"]:
                problems.append("%s should score nothing: %s" % (path, json.dumps(r)))
            for part, p in r["parts"].items():
                if p.get("missing") or p.get("panic") != "not implemented yet":
                    problems.append("%s, %s: %s" % (path, part, p))
        for p in problems:
            print("FAIL", p)
        if problems:
            sys.exit(1)
        print("grade.py: %s passes; %s score nothing, every part \"not implemented yet\"" % (PASSING, " and ".join(STUBS)))


if __name__ == "__main__":
    main()
