#!/usr/bin/env python3
"""Load test of the class hub (docker/hub.sh): N students at once, as a class would.

    .local/venv/bin/python .ci/hub_test.py [-n 10] [--cold]

It starts the hub on a free port of 127.0.0.1 with empty homes. Through the hub's REST
API each student then, concurrently: is created, starts a server, opens a "Go (nnkit)"
kernel and executes notebook 01's code cells (headless), as a browser would. Per student it
records the server's start time, the time to the first output, the whole notebook's time,
the peak memory (VmHWM) of the student's server and of their kernel, and any error; it
prints p50, p95 and max. It fails if a student errors, if a figure differs from the
committed notebook's, if a student can read or write another's files through their
server, if a restart replaces a student's edited copy of a file, or if stopping one server
disturbs another. It stops everything it started, and fails if any of it outlives the hub.

--cold seeds no Go build cache, so each student compiles gonum, plot and nnkit cold: the
comparison for the sizing advice in docker/README.md.
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

    async def api(self, method, path, body=None, ok=(200, 201, 202, 204)):
        req = HTTPRequest(self.base + path, method=method, headers={"Authorization": "token " + self.token},
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


async def student(hub, name, cells, base_ws, results):
    r = {"student": name, "error": ""}
    results[name] = r
    try:
        await hub.api("POST", "/hub/api/users/" + name)
        t0 = time.time()
        await hub.api("POST", "/hub/api/users/%s/server" % name)
        while True:
            u = await hub.api("GET", "/hub/api/users/" + name)
            if u["servers"].get("", {}).get("ready"):
                break
            await asyncio.sleep(0.5)
        r["start"] = time.time() - t0
        k = await hub.api("POST", "/user/%s/api/kernels" % name, {"name": "gonb-nnkit"})
        ws = await websocket_connect(HTTPRequest("%s/user/%s/api/kernels/%s/channels" % (base_ws, name, k["id"]),
                                                 headers={"Authorization": "token " + hub.token}))
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
    env = dict(os.environ, HUB_PASSWORD=password, NNKIT_API_TOKEN=token, NNKIT_HUB_DIR=state, NNKIT_HUB_PORT=str(port),
               NNKIT_HEADLESS="1", NNKIT_OFFLINE="1")
    if args.cold:
        env["NNKIT_GOCACHE"] = os.path.join(state, "empty-cache")
        os.makedirs(env["NNKIT_GOCACHE"])
    log = open(os.path.join(state, "hub.log"), "w")
    proc = subprocess.Popen(["bash", os.path.join(ROOT, "docker", "hub.sh")], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
        nb = nbformat.read(os.path.join(ROOT, "notebooks", "01-moons-softmax.ipynb"), as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        committed = figures([o for c in nb.cells for o in c.get("outputs", [])])
        names = ["student%02d" % i for i in range(args.n)]
        results = {}
        t0 = time.time()
        await asyncio.gather(*(student(hub, n, cells, base.replace("http", "ws"), results) for n in names))
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
        print("hub load test: %d students at once, notebook 01, %s Go build cache; %.0f s in all" % (args.n, "a cold" if args.cold else "a shared, warm", wall))
        print("| | p50 | p95 | max |\n|---|---|---|---|")
        for key, label, unit in (("start", "server start", "s"), ("first_output", "time to first output", "s"), ("total", "notebook 01", "s"),
                                 ("server_mb", "server peak memory", "MB"), ("kernel_mb", "kernel peak memory (gonb)", "MB"),
                                 ("gopls_mb", "its gopls, peak memory", "MB")):
            vals = [r[key] for r in ok]
            if vals:
                print("| %s | %.1f %s | %.1f %s | %.1f %s |" % (label, pct(vals, 50), unit, pct(vals, 95), unit, max(vals), unit))
        if len(ok) >= 2:
            problems += await isolation(hub, ok[0]["student"], ok[1])
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


async def isolation(hub, a, b):
    """Student a's server must not reach b's files; a restart never replaces a's edited
    copy of a notebook; stopping a's server leaves b's kernel running."""
    problems = []
    listing = await hub.api("GET", "/user/%s/api/contents/" % a)
    if "01-moons-softmax.ipynb" not in [x["name"] for x in listing["content"]]:
        problems.append("%s's home lacks the notebooks: %s" % (a, [x["name"] for x in listing["content"]]))
    for path in ("../%s" % b["student"], "..%2F" + b["student"], "../../homes/%s/notebooks" % b["student"]):
        try:
            got = await hub.api("GET", "/user/%s/api/contents/%s" % (a, path), ok=())
            problems.append("%s's server listed %s: %s" % (a, path, str(got)[:200]))
        except RuntimeError:
            pass
    try:
        await hub.api("PUT", "/user/%s/api/contents/..%%2F%s%%2Fplanted.txt" % (a, b["student"]), {"type": "file", "format": "text", "content": "x"}, ok=())
        problems.append("%s's server wrote into %s's home" % (a, b["student"]))
    except RuntimeError:
        pass
    await hub.api("PUT", "/user/%s/api/contents/README.md" % a, {"type": "file", "format": "text", "content": "my notes"})
    await hub.api("DELETE", "/hub/api/users/%s/server" % a)
    await hub.api("POST", "/hub/api/users/%s/server" % a)
    while not (await hub.api("GET", "/hub/api/users/" + a))["servers"].get("", {}).get("ready"):
        await asyncio.sleep(0.5)
    mine = await hub.api("GET", "/user/%s/api/contents/README.md" % a)
    if mine["content"] != "my notes":
        problems.append("restarting %s's server replaced their edited README.md" % a)
    await hub.api("DELETE", "/hub/api/users/%s/server" % a)
    outs, _ = await execute(b["ws"], '%%\nfmt.Println("still running")', timeout=300)
    if not any("still running" in o.get("text", "") for o in outs):
        problems.append("after %s's server stopped, %s's kernel answered %s" % (a, b["student"], outs))
    return problems


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
    ap.add_argument("--cold", action="store_true", help="seed no Go build cache")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
