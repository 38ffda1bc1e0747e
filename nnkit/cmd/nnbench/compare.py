"""Side-by-side timing of nnkit against ../shared/bench's numpy and PyTorch scripts, in one
session on one machine: runs each workload REPEATS times per implementation, alternating
them so that the machine's load drifts over all alike, and prints a markdown table of
medians and of each one's ratio to numpy.

    /usr/bin/python3 nnkit/cmd/nnbench/compare.py [--repeats 5] [--workloads a,b,c] [--bench ../shared/bench]

Needs Debian's python3-numpy, python3-sklearn, python3-torch and dataset-fashion-mnist,
Go, and libopenblas-dev for the OpenBLAS column."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
UNIT = {"a": "us/pass", "b": "us/sample", "c": "median_s/epoch"}
ARGS = {"a": ["20000"], "b": ["10"], "c": ["3"]}
PY = {"a": ["numpy", "torch", "torchautograd"], "b": ["numpy", "torch", "torchautograd"],
      "c": ["numpy64", "torch64", "numpy32", "torch32"]}


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        sys.exit("%s failed:\n%s%s" % (" ".join(cmd), out.stdout, out.stderr))
    lines = out.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def field(line, name):
    m = re.search(r"(?:^| )%s=(\S+)" % re.escape(name), line)
    return float(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--workloads", default="a,b,c")
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    opts = ap.parse_args()
    tmp = tempfile.mkdtemp()
    gobin = os.path.join(tmp, "nnbench")
    run(["go", "build", "-o", gobin, "./nnkit/cmd/nnbench"])
    impls = {"nnkit (Go, default)": lambda w: [gobin, "-workload", w, "-n", ARGS[w][0]]}
    have_openblas = subprocess.run(["go", "build", "-tags", "openblas", "-o", gobin + "-openblas", "./nnkit/cmd/nnbench"],
                            cwd=ROOT, capture_output=True).returncode == 0
    if have_openblas:
        impls["nnkit (Go, -tags openblas)"] = lambda w: [gobin + "-openblas", "-workload", w, "-n", ARGS[w][0]]
    for w in opts.workloads.split(","):
        rows = {}
        for rep in range(opts.repeats):
            for name, cmd in impls.items():
                line = run(cmd(w))
                rows.setdefault(name, []).append(field(line, UNIT[w]))
                if w == "c":
                    rows.setdefault(name + " peak RSS MB", []).append(field(line, "maxrss_MB"))
            for py in PY[w]:
                line = run(["/usr/bin/python3", os.path.join(opts.bench, "wl_%s.py" % w), py] + ARGS[w])
                rows.setdefault(py, []).append(field(line, UNIT[w]))
            print("workload %s: repeat %d/%d done" % (w, rep + 1, opts.repeats), file=sys.stderr)
        base = statistics.median(rows[PY[w][0]])
        print("\n### workload (%s), %s, median of %d\n" % (w, UNIT[w], opts.repeats))
        print("| implementation | median | min–max | numpy ÷ this |")
        print("|---|---|---|---|")
        for name, vals in rows.items():
            if name.endswith("peak RSS MB"):
                print("| %s | %.0f | %.0f–%.0f | |" % (name, statistics.median(vals), min(vals), max(vals)))
                continue
            med = statistics.median(vals)
            print("| %s | %.3g | %.3g–%.3g | %.2f× |" % (name, med, min(vals), max(vals), base / med))


if __name__ == "__main__":
    main()
