"""Side-by-side timing of nnkit against ../shared/bench's numpy and PyTorch scripts, in one
session on one machine: runs each workload REPEATS times per implementation, alternating
them so that the machine's load drifts over all alike, and prints a markdown table of
medians and of each one's ratio to numpy at its best, in the same precision: float32 rows
(nnkit -f32, numpy32, torch32) to numpy32, the others to numpy's float64.

Some machines export OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which hold OpenBLAS to older
kernels. Every implementation that runs OpenBLAS (numpy, torch, nnkit -tags openblas) is
therefore run twice, as the environment has it ("as CI sees it") and with both unset ("at
its best"), and the table says which OpenBLAS kernel numpy ran in each (threadpoolctl).
Where neither is set the two are one, and it is run once. The machine's DGEMM GFLOP/s,
measured in the same run with numpy at its best, gives workload (c)'s limit: its 67.6
GFLOP of matrix products per epoch at that rate.

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
HELD = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# Workload (c)'s matrix products per sample: forward and weight gradients of every layer,
# 2·(784·300 + 300·100 + 100·10) each, and the input gradients of layers 2 and 3.
FLOP_C = 60000 * (2 * 2 * (784 * 300 + 300 * 100 + 100 * 10) + 2 * (300 * 100 + 100 * 10))


def states():
    """name → environment: as given, and at its best if that differs."""
    given = dict(os.environ)
    best = {k: v for k, v in given.items() if k not in HELD}
    if best == given:
        return {"": given}
    return {" (as CI sees it)": given, " (at its best)": best}


def kernel(env):
    """Which OpenBLAS numpy runs in env: threadpoolctl's word, or numpy's config."""
    code = ("try:\n from threadpoolctl import threadpool_info\n import numpy\n"
            " print('; '.join('%s %s, %s, %d threads' % (d.get('internal_api'), d.get('version'), d.get('architecture'), d.get('num_threads')) for d in threadpool_info()))\n"
            "except ImportError:\n import numpy; numpy.show_config()")
    out = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, env=env)
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "unknown (%s)" % out.stderr.strip()[-200:]


def dgemm(bench, env):
    """numpy's DGEMM GFLOP/s at n=1024 and 2048, the best median of the two."""
    out = subprocess.run(["/usr/bin/python3", os.path.join(bench, "dgemm_py.py"), "numpy", "1024,2048"], capture_output=True, text=True, env=env)
    return max((field(l, "GFLOPs") for l in out.stdout.splitlines() if "GFLOPs=" in l), default=None)


def run(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
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
    envs = states()
    impls = {"nnkit (Go, default)": (lambda w: [gobin, "-workload", w, "-n", ARGS[w][0]], None)}
    have_openblas = subprocess.run(["go", "build", "-tags", "openblas", "-o", gobin + "-openblas", "./nnkit/cmd/nnbench"],
                                   cwd=ROOT, capture_output=True).returncode == 0
    if have_openblas:
        for tag, env in envs.items():
            impls["nnkit (Go, -tags openblas)" + tag] = (lambda w: [gobin + "-openblas", "-workload", w, "-n", ARGS[w][0]], env)
    impls_c = {"nnkit (Go, f32)": (lambda w: [gobin, "-workload", w, "-n", ARGS[w][0], "-f32"], None)}
    print("OpenBLAS as numpy runs it:")
    for tag, env in envs.items():
        print("- %s: %s" % (tag.strip(" ()") or "this machine (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)", kernel(env)))
    best_env = list(envs.values())[-1]
    for w in opts.workloads.split(","):
        rows, limit = {}, []
        for rep in range(opts.repeats):
            for name, (cmd, env) in (impls | impls_c if w == "c" else impls).items():
                line = run(cmd(w), env)
                rows.setdefault(name, []).append(field(line, UNIT[w]))
                if w == "c":
                    rows.setdefault(name + " peak RSS MB", []).append(field(line, "maxrss_MB"))
            for py in PY[w]:
                for tag, env in envs.items():
                    line = run(["/usr/bin/python3", os.path.join(opts.bench, "wl_%s.py" % w), py] + ARGS[w], env)
                    rows.setdefault(py + tag, []).append(field(line, UNIT[w]))
            if w == "c":
                limit.append(dgemm(opts.bench, best_env))
            print("workload %s: repeat %d/%d done" % (w, rep + 1, opts.repeats), file=sys.stderr)
        base_name = PY[w][0] + list(envs)[-1]
        base = statistics.median(rows[base_name])
        base32_name = "numpy32" + list(envs)[-1]
        base32 = statistics.median(rows[base32_name]) if base32_name in rows else None
        print("\n### workload (%s), %s, median of %d; the ratio is to %s%s\n" % (w, UNIT[w], opts.repeats, base_name,
              ", float32 rows to " + base32_name if base32 else ""))
        if limit:
            g = statistics.median([x for x in limit if x])
            rows["the limit: 67.6 GFLOP at numpy's DGEMM, %.0f GFLOP/s" % g] = [FLOP_C / g / 1e9]
        print("| implementation | median | min–max | numpy at its best ÷ this |")
        print("|---|---|---|---|")
        for name, vals in rows.items():
            if name.endswith("peak RSS MB"):
                print("| %s | %.0f | %.0f–%.0f | |" % (name, statistics.median(vals), min(vals), max(vals)))
                continue
            med = statistics.median(vals)
            single = base32 and ("f32" in name or re.match(r"(numpy|torch)32", name))
            print("| %s | %.3g | %.3g–%.3g | %.2f×%s |" % (name, med, min(vals), max(vals), (base32 if single else base) / med,
                  " (f32)" if single else ""))


if __name__ == "__main__":
    main()
