# A class on one machine: JupyterHub with one local single-user JupyterLab per student,
# each in a home directory of its own, a test authenticator and the idle culler.
# docker/hub.sh starts it; the settings come from the environment it sets:
#
#   NNKIT_ROOT        the nnkit checkout (the notebooks)
#   NNKIT_HUB_DIR     the hub's state: database, cookie secret, student homes
#   NNKIT_HUB_PORT    the port on 127.0.0.1 (HUB_IP widens it); the next two are the
#                     proxy's API and the hub's own
#   HUB_PASSWORD      the class password (the test authenticator takes any user name)
#   JUPYTER_KERNELS   where the "Go (nnkit)" kernelspec is installed; it reads the shared,
#                     read-only Go build cache through nnkit-gocache (install.sh's
#                     SHARED_GOCACHE), each student writing only to their own
#   GOMODCACHE        the module cache, shared (every module a notebook needs is in it)
#   GOFLAGS, PATH     passed on, as the kernel was installed with them
#   NNKIT_API_TOKEN   the load test's admin token (unset: no such service)
#
# Each student's server runs from hub.sh's venv, as this process's user: JupyterLab
# serves only the student's home, whose nnkit folder gets the notebooks at every start
# (docker/first-start.sh, never over the student's own edits). Students who must not reach each other's files
# from a kernel need real users (LocalProcessSpawner), see docker/README.md.
import os
import subprocess
import sys

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

ROOT = os.environ["NNKIT_ROOT"]
STATE = os.environ["NNKIT_HUB_DIR"]
HOMES = os.path.join(STATE, "homes")
os.makedirs(HOMES, mode=0o700, exist_ok=True)

c.JupyterHub.ip = os.environ.get("HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("NNKIT_HUB_PORT", "8000"))
c.JupyterHub.port = PORT
# The proxy's API and the hub itself listen on the next two ports, so that two hubs on one
# machine (a class and a test) do not collide on JupyterHub's fixed defaults.
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 2
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % (PORT + 1)
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [os.path.join(ROOT, "docker", "hub", "node_modules", ".bin", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "proxy.pid")

# Any name, one class password.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["HUB_PASSWORD"]
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(HOMES, "{username}")
c.Spawner.cmd = [os.path.join(os.path.dirname(sys.executable), "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/nnkit"
if os.getuid() == 0:  # containers and CI machines often run as root
    c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "NNKIT_ROOT": ROOT,
    "JUPYTER_PATH": os.environ["JUPYTER_KERNELS"],
    "GOMODCACHE": os.environ["GOMODCACHE"],
    "GOTOOLCHAIN": "local",
    "PATH": os.environ["PATH"],
}
for v in ("GOFLAGS", "GOPATH", "NNKIT_DATA"):
    if os.environ.get(v):
        c.Spawner.environment[v] = os.environ[v]
if os.environ.get("NNKIT_HEADLESS"):
    c.Spawner.environment["NNKIT_HEADLESS"] = os.environ["NNKIT_HEADLESS"]


def first_start(spawner):
    """Fills a student's home as the image's start does (docker/first-start.sh): the
    notebooks, copied where the student has no file of that name. The Go build cache needs
    nothing: the kernel reads the shared one and writes to ~/.cache/nnkit/go-build."""
    home = spawner.home_dir
    os.makedirs(home, mode=0o700, exist_ok=True)
    subprocess.run(["bash", os.path.join(ROOT, "docker", "first-start.sh")], check=True,
                   env=dict(os.environ, NNKIT_ROOT=ROOT, NNKIT_NOTEBOOKS=os.path.join(home, "nnkit")))
    spawner.environment["NNKIT_CACHE"] = os.path.join(home, ".cache", "nnkit", "runs")
    spawner.notebook_dir = home


c.Spawner.pre_spawn_hook = first_start


async def reap(spawner):
    """Ends what a stopped server leaves behind. A single-user server that is stopped (by
    the culler, or the student) exits before its kernels have gone, and GoNB's kernel, with
    its gopls, then lives on without it, holding memory: every process that still carries
    the student's name in its environment is terminated, then killed."""
    import asyncio
    import signal

    prefix = "JUPYTERHUB_USER=" + spawner.user.name
    mine = []
    for d in os.listdir("/proc"):
        try:
            if d.isdigit() and prefix.encode() in open("/proc/%s/environ" % d, "rb").read().split(b"\0"):
                mine.append(int(d))
        except OSError:
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in mine:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        await asyncio.sleep(2)  # without blocking the hub, which the culler may be asking to stop others


c.Spawner.post_stop_hook = reap

# Servers idle for an hour are stopped; their students' files stay.
c.JupyterHub.services = [
    {"name": "idle-culler", "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"]},
]
c.JupyterHub.load_roles = [
    {"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"], "services": ["idle-culler"]},
]
if os.environ.get("NNKIT_API_TOKEN"):
    c.JupyterHub.services.append({"name": "loadtest", "api_token": os.environ["NNKIT_API_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "loadtest", "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"], "services": ["loadtest"]})
