#!/usr/bin/env python3
"""A checkout whose path has a space and a non-ASCII letter works end to end: the kernel
installs (nnkit-kernel install -root), doctor is happy, docker/warm.sh writes a go.mod
that builds, and notebook 01's first two cells (the go mod edit line and the
declarations, with a cell body) run under that kernel through nbclient.

    .local/venv/bin/python .ci/path_test.py        (after docker/install.sh)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import nbclient
import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(os.environ.get("PREFIX", os.path.join(ROOT, ".local")), "bin")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "nn kit ü")
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", ".local", "out", "node_modules", "__pycache__"))
        data = os.path.join(tmp, "jupyter data")
        subprocess.run([os.path.join(BIN, "nnkit-kernel"), "install", "-root", root, "-data-dir", data, "-gonb", os.path.join(BIN, "gonb")], check=True)
        doctor = subprocess.run([os.path.join(BIN, "nnkit-kernel"), "doctor", "-data-dir", data], capture_output=True, text=True)
        if "✗ kernelspec" in doctor.stdout:
            sys.exit("doctor on a spaced path:\n" + doctor.stdout)
        subprocess.run(["bash", os.path.join(root, "docker", "warm.sh")], check=True, env=dict(os.environ, NNKIT_OFFLINE="1"),
                       stdout=subprocess.DEVNULL)
        nb = nbformat.read(os.path.join(root, "notebooks", "01-moons-softmax.ipynb"), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"][:2]
        for c in code:
            c.outputs = []
        nb.cells = code
        env = {k: v for k, v in os.environ.items() if k != "NNKIT_ROOT"}
        env.update(JUPYTER_PATH=data, NNKIT_HEADLESS="1", NNKIT_CACHE=os.path.join(tmp, "cache"))
        os.environ.clear()
        os.environ.update(env)
        nbclient.NotebookClient(nb, timeout=600, kernel_name="gonb-nnkit",
                                resources={"metadata": {"path": os.path.join(root, "notebooks")}}).execute()
        text = json.dumps([c.outputs for c in nb.cells], ensure_ascii=False)
        if "failed" in text or "panic" in text or "error" in text.lower():
            sys.exit("notebook 01's first cells under %r:\n%s" % (root, text[:3000]))
        if "200 samples" not in text:
            sys.exit("notebook 01's second cell printed no data set:\n%s" % text[:2000])
        print("ok   a checkout at %r installs, warms and runs notebook 01's first cells" % root)


if __name__ == "__main__":
    main()
