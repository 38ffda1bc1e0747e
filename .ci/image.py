#!/usr/bin/env python3
"""The image's own steps, read from docker/Dockerfile and run for real on this machine,
which has no Docker engine.

    python3 .ci/image.py run     # as root: copy the checkout and run the steps, as the build would
    python3 .ci/image.py env     # print the environment the image's steps and kernels get

The Dockerfile's environment (ARG defaults, ENV) and each RUN step's own assignments are
parsed from the file itself, so what CI runs cannot drift from what the image runs: a
step that is a docker/*.sh script runs with exactly the image's settings (NO_VENV, PREFIX,
KERNEL_DATA_DIR, GOFLAGS, ...), in the image's paths (/opt/nnkit), after the checkout is
copied where COPY puts it (without what .dockerignore keeps out). Every other RUN command
must be plain plumbing (apt-get, mkdir, chown, ln, rm): logic that CI would not run has no
place in the Dockerfile. Three things stand in for the base image: its PATH's Jupyter is
the project's venv (.local/venv/bin, which has the locked JupyterLab), the apt step is
.ci/run's, and Go's install is docker/go.sh's own CI step. NNKIT_OFFLINE=1 is added: CI
has no internet for MNIST.
"""
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCKERFILE = os.path.join(ROOT, "docker", "Dockerfile")
PLUMBING = ("apt-get", "mkdir", "chown", "ln", "rm")
SCRIPT = re.compile(r"^((?:[A-Z_][A-Z0-9_]*=\S+ )*)bash (docker/[\w-]+\.sh)$")


def instructions(text):
    """(keyword, argument) per instruction, continuation lines joined, comments dropped."""
    out, cur = [], ""
    for line in text.splitlines():
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue  # a comment inside a continued instruction
        cur += line.rstrip()
        if cur.endswith("\\"):
            cur = cur[:-1] + " "
            continue
        kw, _, arg = cur.strip().partition(" ")
        out.append((kw.upper(), " ".join(arg.split())))
        cur = ""
    return out


def subst(value, env):
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m.group(1) or m.group(2), ""), value)


def parse(text=None, base_path=None):
    """The image as CI runs it: env (after the last ENV), copies [(dest)], and steps
    [(workdir, {assignment}, script)], and problems (RUN commands that are not steps)."""
    text = text if text is not None else open(DOCKERFILE).read()
    env = {"PATH": base_path if base_path is not None else os.environ.get("PATH", "")}
    # The base image's NB_UID and NB_GID.
    env.update(NB_UID="1000", NB_GID="100")
    image_env, copies, steps, problems, workdir = {}, [], [], [], "/"
    for kw, arg in instructions(text):
        if kw == "ARG":
            name, _, default = arg.partition("=")
            env.setdefault(name, default)
        elif kw == "ENV":
            for pair in shlex.split(arg):
                k, _, v = pair.partition("=")
                env[k] = image_env[k] = subst(v, env)
        elif kw == "WORKDIR":
            workdir = subst(arg, env)
        elif kw == "COPY" and not arg.startswith("docker/go.sh"):
            parts = [p for p in arg.split() if not p.startswith("--")]
            if parts[:1] == ["."]:
                copies.append(subst(parts[-1], env))
        elif kw == "RUN":
            for cmd in (c.strip() for c in arg.split("&&")):
                m = SCRIPT.match(cmd)
                if m:
                    assign = dict(a.split("=", 1) for a in m.group(1).split())
                    steps.append((workdir, {k: subst(v, env) for k, v in assign.items()}, m.group(2)))
                elif re.fullmatch(r"(\w+=\S+ )*bash /tmp/go\.sh", cmd):
                    pass  # CI runs docker/go.sh on its own, into a scratch directory
                elif cmd.split()[0] not in PLUMBING:
                    problems.append("RUN %r is neither a docker/*.sh step nor plumbing (%s)" % (cmd, ", ".join(PLUMBING)))
    image_env["PATH"] = env["PATH"]
    return image_env, copies, steps, problems


def ignored(path, patterns):
    """Whether .dockerignore's patterns keep path out: a pattern matches the path or a
    folder it is in; one that starts with **/ matches any of its names."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(any(fnmatch.fnmatch(x, p[3:]) for x in parts) if p.startswith("**/") else any(fnmatch.fnmatch(x, p) for x in prefixes)
               for p in patterns)


def copy_checkout(dest):
    """What COPY . DEST copies: the checkout's files, less .dockerignore's."""
    patterns = [l.strip() for l in open(os.path.join(ROOT, ".dockerignore")) if l.strip() and not l.startswith("#")]
    files = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    if os.path.exists(dest):
        shutil.rmtree(dest)
    n = 0
    for f in files:
        if f and not ignored(f, patterns) and os.path.lexists(os.path.join(ROOT, f)):
            os.makedirs(os.path.dirname(os.path.join(dest, f)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, f), os.path.join(dest, f), follow_symlinks=False)
            n += 1
    return n


def ci_env():
    """The environment a step or a kernel gets: this machine's, less the Go and nnkit
    settings the image sets itself, plus the image's."""
    venv_bin = os.path.join(ROOT, ".local", "venv", "bin")
    image_env, copies, steps, problems = parse(base_path=venv_bin + os.pathsep + os.environ.get("PATH", ""))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "NNKIT_", "JUPYTER_")) and k not in ("PREFIX", "NO_VENV", "KERNEL_DATA_DIR", "SHARED_GOCACHE")}
    env.update(image_env)
    env["NNKIT_OFFLINE"] = "1"
    return env, copies, steps, problems


def run():
    env, copies, steps, problems = ci_env()
    if problems:
        sys.exit("\n".join(problems))
    if os.getuid() != 0:
        sys.exit("image.py run writes the image's paths (%s): run it as root, as CI does" % ", ".join(copies))
    for dest in copies:
        print("== COPY . %s: %d files" % (dest, copy_checkout(dest)))
    for workdir, assign, script in steps:
        step_env = dict(env, **assign)
        print("== %s %s  (in %s)" % (" ".join("%s=%s" % kv for kv in assign.items()), script, workdir), flush=True)
        subprocess.run(["bash", script], cwd=workdir, env=step_env, check=True)


def main():
    if sys.argv[1:] == ["run"]:
        run()
    elif sys.argv[1:] == ["env"]:
        env, copies, steps, problems = ci_env()
        for k in sorted(parse()[0]):
            print("%s=%s" % (k, env[k]))
        for workdir, assign, script in steps:
            print("step: %s %s (in %s)" % (" ".join("%s=%s" % kv for kv in assign.items()), script, workdir))
        for p in problems:
            print("problem:", p)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
