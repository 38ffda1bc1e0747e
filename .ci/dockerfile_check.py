#!/usr/bin/env python3
"""A written checklist for docker/Dockerfile, which cannot be built here (no Docker engine).
hadolint lints its syntax and practice; this checks what the project promises of it:
a date-pinned base with the Jupyter stacks' user, every install step a script that CI
runs, the Binder link, and the JupyterHub entry points left alone."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
text = open(os.path.join(ROOT, "docker", "Dockerfile")).read()
checks = []


def check(cond, what):
    checks.append((cond, what))
    print(("ok   " if cond else "FAIL ") + what)


base = re.search(r"^FROM (\S+)", text, re.M).group(1)
check(re.fullmatch(r"quay\.io/jupyter/base-notebook:\d{4}-\d{2}-\d{2}", base) is not None,
      "base is quay.io/jupyter/base-notebook pinned by a date tag (%s)" % base)
users = re.findall(r"^USER (\S+)", text, re.M)
check(users and users[-1] == "${NB_UID}", "the image ends as the notebook user, uid ${NB_UID}")
scripts = re.findall(r"bash docker/(\S+\.sh)", text)
check(sorted(set(scripts)) == ["install.sh", "warm.sh"], "its install steps are docker/install.sh and docker/warm.sh")
check("COPY docker/go.sh /tmp/go.sh" in text and "bash /tmp/go.sh" in text and "go.dev/dl" not in text,
      "Go comes from docker/go.sh, which checks the toolchain's SHA-256")
scripts.append("go.sh")
ci = open(os.path.join(ROOT, ".ci", "test")).read()
check(all(("docker/" + s) in ci for s in scripts), "CI runs those same scripts")
check(all(os.access(os.path.join(ROOT, "docker", s), os.X_OK) for s in scripts), "the scripts exist and are executable")
check("CMD" not in text and "ENTRYPOINT" not in text, "the base image's start-notebook.py / start-singleuser.py stay the entry points")
binder = os.path.join(ROOT, ".binder", "Dockerfile")
check(os.path.islink(binder) and os.path.realpath(binder) == os.path.join(ROOT, "docker", "Dockerfile"),
      ".binder/Dockerfile is a link to docker/Dockerfile")
check("GO_VERSION=1.2" in text and "GO_VERSION=${GO_VERSION}" in text, "Go is pinned")
check("singleuser:" in open(os.path.join(ROOT, "docker", "README.md")).read(), "a JupyterHub snippet is documented")
check("libopenblas-dev" in text and re.search(r"GOFLAGS=-tags=openblas\b", text) is not None
      and "-tags openblas" in ci, "the OpenBLAS backend is enabled (GOFLAGS) and CI tests that build")
ignore = open(os.path.join(ROOT, ".dockerignore")).read().split() if os.path.exists(os.path.join(ROOT, ".dockerignore")) else []
check(all(p in ignore for p in (".git", ".local", "out")), ".dockerignore keeps .git, .local and out out of COPY .")
failed = sum(1 for c, _ in checks if not c)
print("%d passed, %d failed" % (len(checks) - failed, failed))
sys.exit(1 if failed else 0)
