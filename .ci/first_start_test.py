#!/usr/bin/env python3
"""docker/first-start.sh, the students' start hook, on the cases a class meets: an empty
home gets every notebook but the instructor versions; an edited notebook survives the next
start and a deleted one comes back; a file of the student's where a folder of ours goes is
kept, and the start still succeeds; a relative destination, or one inside the notebooks, is refused."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "notebooks")
failed = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failed.append(what)


def start(dest):
    return subprocess.run(["bash", os.path.join(ROOT, "docker", "first-start.sh")], capture_output=True, text=True,
                          env=dict(os.environ, NNKIT_ROOT=ROOT, NNKIT_NOTEBOOKS=dest))


def files(d):
    return sorted(os.path.relpath(os.path.join(p, f), d) for p, _, fs in os.walk(d) for f in fs)


want = [f for f in files(SRC) if not f.startswith("exercises/instructor/") and "/.ipynb_checkpoints/" not in "/" + f]
with tempfile.TemporaryDirectory() as home:
    dest = os.path.join(home, "nnkit")
    r = start(dest)
    check(r.returncode == 0 and files(dest) == want, "an empty home gets the %d notebooks and files, no instructor version" % len(want))
    edited = os.path.join(dest, "01-moons-softmax.ipynb")
    open(edited, "w").write("my edits")
    os.remove(os.path.join(dest, "03-logic-gates-xor.ipynb"))
    r = start(dest)
    check(r.returncode == 0 and open(edited).read() == "my edits", "the next start keeps the student's edited notebook")
    check(os.path.exists(os.path.join(dest, "03-logic-gates-xor.ipynb")) and "1 new file(s)" in r.stdout,
          "a deleted notebook comes back, and only it is copied (%s)" % r.stdout.strip())
with tempfile.TemporaryDirectory() as home:
    dest = os.path.join(home, "nnkit")
    os.makedirs(dest)
    open(os.path.join(dest, "exercises"), "w").write("mine")
    r = start(dest)
    check(r.returncode == 0 and open(os.path.join(dest, "exercises")).read() == "mine" and "skipped" in r.stdout
          and "could not copy exercises/" in r.stderr, "a file where a folder goes is kept, its files skipped with a warning, the start goes on")
    check(not any(f.endswith(".nnkit-tmp") for f in files(dest)), "no half-copied file is left")
r = start("nnkit")
check(r.returncode != 0 and "must be an absolute path" in r.stderr, "a relative destination is refused")
r = start(os.path.join(SRC, "inside"))
check(r.returncode != 0 and "is inside" in r.stderr and not os.path.exists(os.path.join(SRC, "inside")), "a destination inside the notebooks is refused")
print("%d failed" % len(failed))
sys.exit(1 if failed else 0)
