#!/usr/bin/env python3
"""A written checklist for docker/Dockerfile, which cannot be built here (no Docker engine).
hadolint lints its syntax and practice; this checks what the project promises of it:
a date-pinned base with the Jupyter stacks' user, every install step a script that CI
runs with the image's own environment (.ci/image.py reads both from this file, so they
cannot drift), nothing of nnkit's in the home that a student's volume hides, the Binder
link, and the JupyterHub entry points left alone."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import image  # noqa: E402 (.ci/image.py)

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
check(sorted(set(scripts)) == ["first-start.sh", "install.sh", "warm.sh"], "its install steps are docker/install.sh, warm.sh and first-start.sh")
check("COPY docker/go.sh /tmp/go.sh" in text and "bash /tmp/go.sh" in text and "go.dev/dl" not in text,
      "Go comes from docker/go.sh, which checks the toolchain's SHA-256")
scripts.append("go.sh")
ci = open(os.path.join(ROOT, ".ci", "test")).read()
image_env, copies, steps, problems = image.parse()
for p in problems:
    check(False, p)
check(not problems, "every other RUN command is plumbing (%s)" % ", ".join(image.PLUMBING))
check("python3 .ci/image.py run" in ci and "docker/go.sh" in ci and "hub_layout=(--image)" in ci and "REQUIRE_IMAGE=1" in open(os.path.join(ROOT, ".ci", "run")).read(),
      "CI runs the image's steps as the Dockerfile gives them (.ci/image.py run), docker/go.sh, and the hub on that layout")
check(sorted(s for _, _, s in steps) == sorted("docker/" + x for x in scripts if x != "go.sh"), "image.py finds every script step")
install = next((dict(image_env, **a) for _, a, sc in steps if sc == "docker/install.sh"), {})
print("     install.sh's environment, in the image and in CI alike:")
for k in ("NO_VENV", "PREFIX", "KERNEL_DATA_DIR", "GOFLAGS", "SHARED_GOCACHE", "GOPATH", "NNKIT_ROOT"):
    print("       %s=%s" % (k, install.get(k, "(unset)")))
check(all(install.get(k) for k in ("NO_VENV", "PREFIX", "KERNEL_DATA_DIR", "GOFLAGS")), "install.sh gets NO_VENV, PREFIX, KERNEL_DATA_DIR and GOFLAGS")
home = "/home/jovyan"
outside = {k: v for k, v in install.items() if k in ("PREFIX", "KERNEL_DATA_DIR", "SHARED_GOCACHE", "GOPATH", "NNKIT_ROOT", "NNKIT_DATA")}
check(all(v and not v.startswith(home) for v in outside.values()) and copies and not copies[0].startswith(home),
      "tools, kernelspec, module and build caches, data and checkout are outside %s, which a student's volume hides" % home)
check("/usr/local/bin/before-notebook.d/" in text and "docker/first-start.sh" in text,
      "a start hook (before-notebook.d) copies the notebooks into the home at every start")
check(all(os.access(os.path.join(ROOT, "docker", s), os.X_OK) for s in scripts), "the scripts exist and are executable (the hook runs first-start.sh itself)")
check("CMD" not in text and "ENTRYPOINT" not in text, "the base image's start-notebook.py / start-singleuser.py stay the entry points")
binder = os.path.join(ROOT, ".binder", "Dockerfile")
check(os.path.islink(binder) and os.path.realpath(binder) == os.path.join(ROOT, "docker", "Dockerfile"),
      ".binder/Dockerfile is a link to docker/Dockerfile")
check("GO_VERSION=1.2" in text and "GO_VERSION=${GO_VERSION}" in text, "Go is pinned")
# The Zero to JupyterHub config.yaml: what ties it to the image (the chart's own schema is
# not reachable from here; the file says so).
import yaml  # noqa: E402 (the project venv has it)

z2jh = yaml.safe_load(open(os.path.join(ROOT, "docker", "hub", "z2jh-config.yaml")))
su = z2jh.get("singleuser", {})
hook = su.get("lifecycleHooks", {}).get("postStart", {}).get("exec", {}).get("command", [])
notebooks = image_env.get("NNKIT_NOTEBOOKS", "")
check(hook == ["bash", copies[0] + "/docker/first-start.sh"] if copies else False,
      "z2jh: the postStart hook runs the image's docker/first-start.sh (%s)" % hook)
check(su.get("storage", {}).get("homeMountPath") == home and notebooks.startswith(home + "/")
      and su.get("defaultUrl") == "/lab/tree/" + notebooks[len(home) + 1:],
      "z2jh: the volume is the home, and the default URL opens the notebooks' folder (%s)" % su.get("defaultUrl"))
mem = su.get("memory", {})
check(mem.get("guarantee") == "1G" and mem.get("limit") in ("2G", "3G") and z2jh.get("cull", {}).get("enabled") is True,
      "z2jh: memory sized from the load test (1 GB peak per student), the idle culler on")
check("libopenblas-dev" in text and re.search(r"GOFLAGS=-tags=openblas\b", text) is not None
      and "-tags openblas" in ci, "the OpenBLAS backend is enabled (GOFLAGS) and CI tests that build")
ignore = open(os.path.join(ROOT, ".dockerignore")).read().split() if os.path.exists(os.path.join(ROOT, ".dockerignore")) else []
check(all(p in ignore for p in (".git", ".local", "out")), ".dockerignore keeps .git, .local and out out of COPY .")
# The check itself: a Dockerfile whose install step loses a setting, or grows a command CI
# would not run, must fail it.
drifted_env, _, drifted_steps, _ = image.parse(text.replace("NO_VENV=1 ", ""))
bad = dict(drifted_env, **next(a for _, a, sc in drifted_steps if sc == "docker/install.sh"))
check("NO_VENV" not in bad and image.parse(text.replace("bash docker/warm.sh", "make warm"))[3],
      "the drift check catches a lost NO_VENV and a RUN command that is not a script")
failed = sum(1 for c, _ in checks if not c)
print("%d passed, %d failed" % (len(checks) - failed, failed))
sys.exit(1 if failed else 0)
