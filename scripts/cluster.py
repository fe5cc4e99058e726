"""A cluster on one machine for the cluster test and the bench: real PostgreSQL, Redis and
haproxy on loopback, each with its own temporary data and free port, and the project's servers
started by `scripts/servers.py --only ...`, the entry point of the containers in deploy/.

Every process dies with the one that started it (PR_SET_PDEATHSIG); callers stop them.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional

from scripts.servers import ROOT, VENV_BIN, die_with_parent, free_port, wait_for

#: Debian packages the cluster test runs, and the program each provides.
PACKAGES = {"postgresql": "initdb", "redis-server": "redis-server", "haproxy": "haproxy"}


def pg_bin(program: str) -> Optional[str]:
    """A PostgreSQL program: on PATH, or in Debian's versioned directory (newest)."""
    versioned = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    return shutil.which(program) or (versioned[-1] if versioned else None)


def ensure_packages() -> None:
    """Install the missing packages with apt-get (as root); otherwise say what is missing."""
    missing = [
        package
        for package, program in PACKAGES.items()
        if not (pg_bin(program) if package == "postgresql" else shutil.which(program))
    ]
    if not missing:
        return
    if os.geteuid() != 0:
        raise RuntimeError(
            f"the cluster test needs {' '.join(missing)}: sudo apt-get install {' '.join(missing)}"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def child_setup(user: Optional[str] = None) -> Callable[[], None]:
    """Run as `user` (PostgreSQL refuses root), owner-only files, die with the test run."""

    def setup() -> None:
        if user is not None:
            entry = pwd.getpwnam(user)
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
        die_with_parent()  # after setuid: a change of user clears the parent-death signal

    return setup


class Process:
    """A started program, its log, and how to stop it (SIGTERM, then SIGKILL)."""

    def __init__(
        self,
        args: List[str],
        log: Path,
        env: Optional[Mapping[str, str]] = None,
        user: Optional[str] = None,
    ) -> None:
        self.args, self.log, self.env, self.user = args, log, env, user
        self.popen: Optional[subprocess.Popen] = None

    def start(self) -> "Process":
        with open(self.log, "a") as log:
            self.popen = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=child_setup(self.user),
            )
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(sig)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


def wait_port(port: int, process: Process, what: str, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{what} exited; see {process.log}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not open port {port}; see {process.log}")


class Postgres:
    """A throw-away PostgreSQL cluster (trust authentication on loopback only). As root it
    runs as the postgres user, in a directory of its own under /tmp (pytest's are root's)."""

    def __init__(self, work: Path) -> None:
        self.user = "postgres" if os.geteuid() == 0 else None
        self.data, self.port = Path(tempfile.mkdtemp(prefix="pumpguide-pg-")), free_port()
        if self.user:
            shutil.chown(self.data, self.user, self.user)
        self.log = work / "postgres.log"
        self.process: Optional[Process] = None
        subprocess.run(
            [pg_bin("initdb"), "-D", str(self.data), "-U", "rasa", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
            preexec_fn=child_setup(self.user),
        )

    @property
    def url(self) -> str:
        return f"postgresql://rasa@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self.process = Process(
            [
                pg_bin("postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-h",
                "127.0.0.1",
                "-k",
                str(self.data),
            ],
            self.log,
            user=self.user,
        ).start()
        wait_port(self.port, self.process, "PostgreSQL")

    def stop(self) -> None:
        if self.process:
            self.process.stop(signal.SIGINT)  # fast shutdown

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)


class Redis:
    def __init__(self, work: Path) -> None:
        self.work, self.port = work, free_port()
        self.process: Optional[Process] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = Process(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.work),
            ],
            self.work / "redis.log",
        ).start()
        wait_port(self.port, self.process, "Redis")

    def stop(self) -> None:
        if self.process:
            self.process.stop()


#: The deployment's proxy configuration, run here with local addresses.
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"


def haproxy_config(port: int, backends: List[int]) -> str:
    """deploy/haproxy.cfg bound to a loopback port, its server lines replaced by `backends`."""
    lines = []
    for line in HAPROXY_CONFIG.read_text().splitlines():
        words = line.split()
        if words[:1] == ["bind"]:
            line = f"  bind 127.0.0.1:{port}"
        elif words[:1] == ["server"]:
            template, line = " ".join(words[3:]), None
        if line is not None:
            lines.append(line)
    lines += [
        f"  server rasa{i} 127.0.0.1:{backend} {template}" for i, backend in enumerate(backends)
    ]
    return "\n".join(lines) + "\n"


class Haproxy:
    """The load balancer in front of the Rasa instances; a server is out after 2 failed checks."""

    def __init__(self, work: Path, backends: List[int]) -> None:
        self.port = free_port()
        self.config = work / f"haproxy-{self.port}.cfg"
        self.config.write_text(haproxy_config(self.port, backends))
        self.process = Process(
            ["haproxy", "-db", "-f", str(self.config)], work / f"haproxy-{self.port}.log"
        )

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    def start(self) -> None:
        self.process.start()
        wait_port(self.port, self.process, "haproxy")

    def stop(self) -> None:
        self.process.stop()


def supervised(only: str, port: int, work: Path, env: Dict[str, str]) -> Process:
    """`scripts/servers.py --only rasa|actions`: the entry point of the containers."""
    run_dir = work / f"{only}-{port}"
    run_dir.mkdir()
    args = [
        str(VENV_BIN / "python"),
        str(ROOT / "scripts" / "servers.py"),
        "--only",
        only,
        "--port" if only == "rasa" else "--action-port",
        str(port),
        "--run-dir",
        str(run_dir),
    ]
    return Process(args, run_dir / "supervisor.log", env=env)


def children(pid: int) -> List[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def wait_ready(url: str, process: Process, what: str, timeout: float = 240) -> None:
    wait_for(url, process.popen, what, timeout)


def status_of(url: str, timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def log_text(work: Path) -> str:
    """Everything every process of the cluster wrote to its logs."""
    return "\n".join(path.read_text(errors="replace") for path in work.rglob("*.log"))


class LocalCluster:
    """PostgreSQL, Redis, the action server, `size` Rasa instances and haproxy in front of them,
    configured as a deployment is: through the environment only."""

    def __init__(
        self, model: Path, work: Path, size: int = 2, settings: Optional[Mapping[str, str]] = None
    ) -> None:
        from scripts.servers import rasa_env

        self.work, self.postgres, self.redis = work, Postgres(work), Redis(work)
        self.action_port, self.ports = free_port(), [free_port() for _ in range(size)]
        self.env = {
            name: value
            for name, value in rasa_env().items()
            if name not in ("RASA_API_TOKEN", "RASA_JWT_SECRET")
        }
        self.env.update(
            TRACKER_DB_URL=self.postgres.url,
            REDIS_URL=self.redis.url,
            MODEL=str(model),
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            ACTION_SERVER_TOKEN=secrets.token_hex(16),
            ADMIN_TOKEN=secrets.token_hex(16),
            **(settings or {}),
        )
        self.actions = supervised("actions", self.action_port, work, self.env)
        self.instances = [supervised("rasa", port, work, self.env) for port in self.ports]
        self.proxy = Haproxy(work, self.ports)
        self._started: List[object] = []

    def start(self) -> "LocalCluster":
        try:
            for service in (self.postgres, self.redis):
                service.start()
                self._started.append(service)
            self.actions.start()
            self._started.append(self.actions)
            wait_ready(
                f"http://127.0.0.1:{self.action_port}/health", self.actions, "the action server"
            )
            for instance in self.instances:  # started together: they load their models at once
                self._started.append(instance.start())
            for instance, port in zip(self.instances, self.ports):
                wait_ready(
                    f"http://127.0.0.1:{port}/webhooks/rest/ready",
                    instance,
                    f"the Rasa instance on port {port}",
                )
            self.proxy.start()
            self._started.append(self.proxy)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for service in reversed(self._started):
            service.stop()
        self._started = []
        self.postgres.remove()
