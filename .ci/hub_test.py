#!/usr/bin/env python3
"""Load test of the class hub (docker/hub.sh): N students at once, as a class would.

    .local/venv/bin/python .ci/hub_test.py [-n 10] [--cold] [--image]

It starts the hub on a free port of 127.0.0.1 with empty homes. Through the hub's REST
API each student then, concurrently: is added by the admin (the teacher's roster), logs in
with the class password for a token of their own, and with it starts a server, opens a "Go (nnkit)"
kernel and executes notebook 01's code cells (headless), as a browser would. Per student it
records the server's start time, the time to the first output, the whole notebook's time,
the peak memory (VmHWM) of the student's server and of their kernel, and any error; it
prints p50, p95 and max. It fails if a student errors, if a figure differs from the
committed notebook's, if a student's token reaches another's files (through either
server), kernels or server, if a wrong password gets a token, if a restart replaces a student's edited copy of a file, or if stopping one server
disturbs another. It stops everything it started, and fails if any of it outlives the hub.

Every student's kernel reads the shared Go build cache through nnkit-gocache, which must
stay as it was, and writes to the student's own ~/.cache/nnkit/go-build, which must then
hold entries. --cold gives the kernels an empty shared cache instead, so each student
compiles gonum, plot and nnkit cold: the comparison for the sizing advice in
docker/README.md.

--image serves the image's layout, as .ci/image.py run installed it from the Dockerfile:
the checkout in /opt/nnkit/src, the tools, module cache and shared build cache in
/opt/nnkit, the kernelspec where the image's Jupyter looks, and the Dockerfile's
environment; only the students' homes are outside it, and they start empty.
"""
import argparse
import asyncio
import html
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import image  # noqa: E402 (.ci/image.py, beside this file)
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK = re.compile(r'<tr data-check="([^"]*)" data-ours="([^"]*)" data-ok="(true|false|miss)">')
TOL = re.compile(r"tolerance ([0-9.eE+-]+)")


def figures(outputs):
    """The checked figures in a list of outputs: name → (ours, tolerance)."""
    found = {}
    for o in outputs:
        page = o.get("data", {}).get("text/html", "") if isinstance(o, dict) else ""
        for row in page.split("</tr>"):
            m = CHECK.search(row)
            if m:
                t = TOL.search(row)
                found[html.unescape(m.group(1))] = (float(m.group(2)), float(t.group(1)) if t else 0.0)
    return found


def vmhwm(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def rss_by_student():
    """MB resident per student now: every process whose environment names them, the Go
    builds of their cells included (what a pod's memory limit counts)."""
    total = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            env = open("/proc/%s/environ" % d, "rb").read().split(b"\0")
            user = next((e[16:].decode() for e in env if e.startswith(b"JUPYTERHUB_USER=")), None)
            if user:
                kb = next(int(l.split()[1]) for l in open("/proc/%s/status" % d) if l.startswith("VmRSS:"))
                total[user] = total.get(user, 0) + kb / 1024
        except (OSError, StopIteration, ValueError):
            continue
    return total


async def sample(peak, done):
    """The peak of rss_by_student, sampled twice a second until done."""
    while not done.is_set():
        for user, mb in (await asyncio.to_thread(rss_by_student)).items():
            peak[user] = max(peak.get(user, 0), mb)
        try:
            await asyncio.wait_for(done.wait(), 0.5)
        except asyncio.TimeoutError:
            pass


def procs():
    """(pid, ppid, cmdline, environ) of every process this user can see."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            cmd = open("/proc/%s/cmdline" % d, "rb").read().split(b"\0")
            env = open("/proc/%s/environ" % d, "rb").read().split(b"\0")
            ppid = int(open("/proc/%s/stat" % d).read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        out.append((int(d), ppid, [c.decode(errors="replace") for c in cmd], dict(e.decode(errors="replace").split("=", 1) for e in env if b"=" in e)))
    return out


class Hub:
    def __init__(self, base, token):
        self.base, self.token, self.http = base, token, AsyncHTTPClient(max_clients=200)

    async def api(self, method, path, body=None, ok=(200, 201, 202, 204), anonymous=False):
        req = HTTPRequest(self.base + path, method=method, headers={} if anonymous else {"Authorization": "token " + self.token},
                          body=None if body is None and method in ("GET", "DELETE") else json.dumps(body or {}),
                          request_timeout=300, allow_nonstandard_methods=True)
        try:
            r = await self.http.fetch(req)
        except HTTPClientError as e:
            if e.code in ok:
                return None
            raise RuntimeError("%s %s: HTTP %s %s" % (method, path, e.code, e.response.body[:300] if e.response else ""))
        return json.loads(r.body) if r.body else None


async def execute(ws, code, timeout=600):
    """Runs one cell through a kernel's channels; returns its outputs and error, if any."""
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "", "session": uuid.uuid4().hex, "version": "5.3"},
                                 "parent_header": {}, "metadata": {}, "channel": "shell",
                                 "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}}))
    outputs, first, idle, replied = [], None, False, False
    deadline = time.time() + timeout
    while not (idle and replied):
        raw = await asyncio.wait_for(ws.read_message(), max(1, deadline - time.time()))
        if raw is None:
            raise RuntimeError("the kernel's channel closed")
        m = json.loads(raw)
        if m.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        t = m["header"]["msg_type"]
        if t in ("display_data", "execute_result", "stream", "error", "update_display_data"):
            first = first or time.time()
            outputs.append(m["content"])
        elif t == "status" and m["content"]["execution_state"] == "idle":
            idle = True
        elif t == "execute_reply":
            replied = True
    return outputs, first


async def login(base, name, password):
    """A student logs in through the REST API: the hub's authenticator checks the class
    password, and the student gets a token of their own, with their own rights only."""
    anon = Hub(base, "")
    got = await anon.api("POST", "/hub/api/users/%s/tokens" % name, {"auth": {"username": name, "password": password}, "note": "load test"},
                         anonymous=True)
    return Hub(base, got["token"])


async def student(hub, name, cells, base_ws, results, password):
    r = {"student": name, "error": ""}
    results[name] = r
    try:
        await hub.api("POST", "/hub/api/users/" + name)  # the teacher's roster: the admin adds the student
        me = await login(hub.base, name, password)
        r["hub"] = me
        t0 = time.time()
        await me.api("POST", "/hub/api/users/%s/server" % name)
        while True:
            u = await me.api("GET", "/hub/api/users/" + name)
            if u["servers"].get("", {}).get("ready"):
                break
            await asyncio.sleep(0.5)
        r["start"] = time.time() - t0
        k = await me.api("POST", "/user/%s/api/kernels" % name, {"name": "gonb-nnkit"})
        ws = await websocket_connect(HTTPRequest("%s/user/%s/api/kernels/%s/channels" % (base_ws, name, k["id"]),
                                                 headers={"Authorization": "token " + me.token}))
        t1, first, outs = time.time(), None, []
        for code in cells:
            o, f = await execute(ws, code)
            first = first or f
            outs += o
            for x in o:
                text = x.get("text", "") or x.get("evalue", "")
                if "panic:" in text or x.get("ename"):
                    raise RuntimeError("a cell failed: " + text.strip()[:300])
        r["first_output"], r["total"] = (first or time.time()) - t1, time.time() - t1
        r["figures"] = figures(outs)
        r["kernel"], r["ws"] = k["id"], ws
    except Exception as e:  # a student's failure is recorded, not raised: the others go on
        r["error"] = "%s: %s" % (type(e).__name__, e)


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


async def run(args):
    port = free_port()
    token, password = secrets.token_hex(16), secrets.token_hex(8)
    state = tempfile.mkdtemp(prefix="nnkit-hub-")
    hub_sh = os.path.join(ROOT, "docker", "hub.sh")
    env = dict(os.environ)
    if args.image:
        env, copies, steps, problems = image.ci_env()
        if problems or not copies or not os.path.isdir(copies[0]):
            sys.exit("--image: the image's layout is not installed (run .ci/image.py run first): %s" % problems)
        # install.sh's settings, as the Dockerfile's step gives them; the hub's venv is the checkout's.
        env.update(next(a for _, a, script in steps if script == "docker/install.sh"))
        env["HUB_VENV"] = os.path.join(ROOT, ".local", "hub-venv")
        hub_sh = os.path.join(copies[0], "docker", "hub.sh")
    env.update(HUB_PASSWORD=password, NNKIT_API_TOKEN=token, NNKIT_HUB_DIR=state, NNKIT_HUB_PORT=str(port),
               NNKIT_HEADLESS="1", NNKIT_OFFLINE="1")
    env.setdefault("SHARED_GOCACHE", os.path.join(env.get("PREFIX", os.path.join(ROOT, ".local")), "gocache"))
    if args.cold:
        # An empty shared cache, and a kernelspec of the test's own that names it.
        env.update(SHARED_GOCACHE=os.path.join(state, "empty-cache"), KERNEL_DATA_DIR=os.path.join(state, "kernels"), NNKIT_COLD="1")
        os.makedirs(env["SHARED_GOCACHE"])
    shared = env["SHARED_GOCACHE"]
    log = open(os.path.join(state, "hub.log"), "w")
    proc = subprocess.Popen(["bash", hub_sh], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = "http://127.0.0.1:%d" % port
    hub = Hub(base, token)
    problems = []
    try:
        for _ in range(600):
            try:
                await hub.api("GET", "/hub/api/")
                break
            except Exception:
                if proc.poll() is not None:
                    raise RuntimeError("the hub exited:\n" + open(log.name).read()[-3000:])
                await asyncio.sleep(1)
        before = tree(shared)
        nb = nbformat.read(os.path.join(ROOT, "notebooks", "01-moons-softmax.ipynb"), as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        committed = figures([o for c in nb.cells for o in c.get("outputs", [])])
        names = ["student%02d" % i for i in range(args.n)]
        results = {}
        t0 = time.time()
        peak, done = {}, asyncio.Event()
        sampler = asyncio.create_task(sample(peak, done))
        await asyncio.gather(*(student(hub, n, cells, base.replace("http", "ws"), results, password) for n in names))
        done.set()
        await sampler
        wall = time.time() - t0
        # Peak memory, while every server and kernel is still up.
        ps = procs()
        for n in names:
            r = results[n]
            srv = [p for p in ps if p[3].get("JUPYTERHUB_USER") == n and any("jupyterhub-singleuser" in c for c in p[2])]
            r["server_mb"] = max((vmhwm(p[0]) for p in srv), default=0)
            kern = [p for p in ps if any(p[1] == s[0] for s in srv) and any(c.endswith("gonb") for c in p[2][:1])]
            r["kernel_mb"] = max((vmhwm(p[0]) for p in kern), default=0)
            # GoNB's gopls, one per kernel, for completion and hover.
            r["all_mb"] = peak.get(n, 0)
            r["gopls_mb"] = sum(vmhwm(p[0]) for p in ps if any(p[1] == k[0] for k in kern) and p[2][:1] and p[2][0].endswith("gopls"))
        for n in names:
            r = results[n]
            if r["error"]:
                problems.append("%s: %s" % (n, r["error"]))
                continue
            for fig, (ours, tol) in committed.items():
                got = r["figures"].get(fig)
                if got is None or abs(got[0] - ours) > max(tol, 1e-9 * abs(ours)):
                    problems.append("%s: %s is %s, committed %g" % (n, fig, got and got[0], ours))
        ok = [results[n] for n in names if not results[n]["error"]]
        if tree(shared) != before:
            problems.append("the shared Go build cache %s changed" % shared)
        for r in ok:
            own = os.path.join(state, "homes", r["student"], ".cache", "nnkit", "go-build")
            if not any(f.endswith("-a") for _, _, fs in os.walk(own) for f in fs):
                problems.append("%s's kernel wrote no entry to their own build cache %s: it did not use nnkit-gocache" % (r["student"], own))
        print("hub load test: %d students at once, notebook 01, %s Go build cache; %.0f s in all" % (args.n, "a cold" if args.cold else "a shared, warm", wall))
        print("| | p50 | p95 | max |\n|---|---|---|---|")
        for key, label, unit in (("start", "server start", "s"), ("first_output", "time to first output", "s"), ("total", "notebook 01", "s"),
                                 ("server_mb", "server peak memory", "MB"), ("kernel_mb", "kernel peak memory (gonb)", "MB"),
                                 ("gopls_mb", "its gopls, peak memory", "MB"),
                                 ("all_mb", "all the student's processes at once, peak (go build included)", "MB")):
            vals = [r[key] for r in ok]
            if vals:
                print("| %s | %.1f %s | %.1f %s | %.1f %s |" % (label, pct(vals, 50), unit, pct(vals, 95), unit, max(vals), unit))
        if len(ok) >= 2:
            problems += await isolation(hub, ok[0], ok[1], password)
        for n in names:
            if results[n].get("ws"):
                results[n]["ws"].close()
            await hub.api("DELETE", "/hub/api/users/%s/server" % n, ok=(200, 202, 204, 400, 404))
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        # The servers' kernels, and GoNB's gopls, take a few seconds to wind down.
        ours = lambda: [p for p in procs() if p[3].get("NNKIT_HUB_DIR") == state or p[3].get("JUPYTERHUB_SERVICE_PREFIX", "").startswith("/user/student")]
        for _ in range(30):
            if not ours():
                break
            time.sleep(1)
        left = ours()
        for p in left:
            os.kill(p[0], signal.SIGKILL)
        if left:
            problems.append("%d processes outlived the hub by 30 s and were killed: %s" % (len(left), [" ".join(p[2])[:80] for p in left]))
    for p in problems:
        print("FAIL", p)
    if problems:
        print(open(log.name).read()[-2000:])
        sys.exit(1)
    print("ok   every student ran notebook 01 with the committed figures; isolation holds; everything stopped")


async def isolation(hub, ra, b, password):
    """Student a, with a's own token, must not reach b's files, b's server or b's kernel,
    through a's server or b's; a wrong password gets no token; a restart never replaces
    a's edited copy of a notebook; stopping a's server leaves b's kernel running."""
    problems = []
    a, me = ra["student"], ra["hub"]

    async def refused(what, method, path, body=None):
        try:
            got = await me.api(method, path, body, ok=())
            problems.append("%s could %s: %s" % (a, what, str(got)[:200]))
        except RuntimeError:
            pass

    listing = await me.api("GET", "/user/%s/api/contents/nnkit" % a)
    if "01-moons-softmax.ipynb" not in [x["name"] for x in listing["content"]]:
        problems.append("%s's home lacks the notebooks: %s" % (a, [x["name"] for x in listing["content"]]))
    for path in ("../%s" % b["student"], "..%2F" + b["student"], "../../homes/%s/nnkit" % b["student"]):
        await refused("list %s through their own server" % path, "GET", "/user/%s/api/contents/%s" % (a, path))
    await refused("write into %s's home through their own server" % b["student"], "PUT",
                  "/user/%s/api/contents/..%%2F%s%%2Fplanted.txt" % (a, b["student"]), {"type": "file", "format": "text", "content": "x"})
    await refused("list %s's files through %s's server" % (b["student"], b["student"]), "GET", "/user/%s/api/contents/nnkit" % b["student"])
    await refused("see %s's kernels" % b["student"], "GET", "/user/%s/api/kernels" % b["student"])
    await refused("stop %s's server" % b["student"], "DELETE", "/hub/api/users/%s/server" % b["student"])
    try:
        await login(hub.base, a, password + "-wrong")
        problems.append("a wrong password got %s a token" % a)
    except RuntimeError:
        pass
    await me.api("PUT", "/user/%s/api/contents/nnkit/README.md" % a, {"type": "file", "format": "text", "content": "my notes"})
    await me.api("DELETE", "/hub/api/users/%s/server" % a)
    await me.api("POST", "/hub/api/users/%s/server" % a)
    while not (await me.api("GET", "/hub/api/users/" + a))["servers"].get("", {}).get("ready"):
        await asyncio.sleep(0.5)
    mine = await me.api("GET", "/user/%s/api/contents/nnkit/README.md" % a)
    if mine["content"] != "my notes":
        problems.append("restarting %s's server replaced their edited README.md" % a)
    await me.api("DELETE", "/hub/api/users/%s/server" % a)
    outs, _ = await execute(b["ws"], '%%\nfmt.Println("still running")', timeout=300)
    if not any("still running" in o.get("text", "") for o in outs):
        problems.append("after %s's server stopped, %s's kernel answered %s" % (a, b["student"], outs))
    return problems


def tree(d):
    """Every file under d with its size and mtime: a write shows in it."""
    return sorted((path, st.st_size, st.st_mtime_ns)
                  for path, st in ((os.path.join(p, f), os.stat(os.path.join(p, f))) for p, _, fs in os.walk(d) for f in fs))


def free_port():
    """A port p with p + 1 and p + 2 free too (the proxy's API and the hub's)."""
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        try:
            for q in (port, port + 1, port + 2):
                t = socket.socket()
                t.bind(("127.0.0.1", q))
                t.close()
            return port
        except OSError:
            continue


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10, help="students (default 10)")
    ap.add_argument("--cold", action="store_true", help="an empty shared Go build cache")
    ap.add_argument("--image", action="store_true", help="the image's layout, as .ci/image.py run installed it")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
