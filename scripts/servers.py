"""Train the model when needed and run the action server and the Rasa server, supervised.

One implementation for the run command (`python scripts/servers.py`), the test fixtures, the
cluster test and the containers (deploy/), so what the tests start is what a user starts:

    python scripts/servers.py                 both servers (make run), training first if needed
    python scripts/servers.py --only rasa     one Rasa instance; the model must exist (MODEL=...)
    python scripts/servers.py --only actions  the action server

Settings come from the environment as given (stores/settings.py, endpoints.yml). A server that
exits is started again; when this process ends, however it ends, its servers end with it.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, List, Mapping, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
#: What a trained model depends on: its data, and the code of the custom NLU components it names.
TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "components")
WIDGET_PATH = "/webhooks/webchat/chat/"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def rasa_env() -> dict:
    """The environment for Rasa processes: the project importable, no telemetry (no network)."""
    return dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def training_fingerprint(root: Path = ROOT) -> str:
    """A hash of everything training reads, so an unchanged project is not trained again."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = (
            sorted(f for f in path.rglob("*") if f.suffix in (".yml", ".py"))
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def ensure_model(root: Path = ROOT, log_dir: Optional[Path] = None) -> Path:
    """The trained model for the current data, training it first if it does not exist."""
    name = f"pumpguide-{training_fingerprint(root)}"
    model = root / "models" / f"{name}.tar.gz"
    if model.exists():
        return model
    log_dir = log_dir or root / ".run"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / "train.log"
    say(f"Training the model (1-2 minutes; log: {log})")
    started = time.monotonic()
    with open(log, "w") as out:
        result = subprocess.run(
            [str(VENV_BIN / "rasa"), "train", "--fixed-model-name", name, "--out", "models"],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=rasa_env(),
        )
    if result.returncode != 0 or not model.exists():
        sys.stdout.write(log.read_text()[-3000:])
        raise RuntimeError(f"training failed; see {log}")
    say(f"Trained {model.name} in {time.monotonic() - started:.0f} s")
    return model


def send_message(url: str, sender: str, message: Any, timeout: float = 60) -> List[dict]:
    """POST one message to a REST channel as a client would; the bot's reply messages."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered HTTP {response.status}")
        return json.loads(response.read())


def wait_for(url: str, process: subprocess.Popen, what: str, timeout: float = 240) -> None:
    """Wait until the URL answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout:.0f} s")


def die_with_parent() -> None:
    """In the child before exec: owner-only files, and SIGTERM when the supervisor dies, even
    by kill -9 (Linux PR_SET_PDEATHSIG), so no server is ever left behind holding its port."""
    os.umask(0o077)
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def api_args(env: Mapping[str, str]) -> List[str]:
    """Rasa's HTTP API (trackers, model, events) only when the operator gave a credential."""
    if env.get("RASA_JWT_SECRET"):
        return ["--enable-api", "--jwt-secret", env["RASA_JWT_SECRET"]]
    if env.get("RASA_API_TOKEN"):
        return ["--enable-api", "--auth-token", env["RASA_API_TOKEN"]]
    return []


def action_server_command(port: int) -> List[str]:
    return [
        str(VENV_BIN / "python"),
        str(ROOT / "scripts" / "action_server.py"),
        "--port",
        str(port),
    ]


def supervised_endpoints(run_dir: Path) -> Path:
    """endpoints.yml with the action endpoint taken from the environment: Rasa resolves
    `${ACTION_ENDPOINT_URL}` and `${ACTION_SERVER_TOKEN}` when it loads the copy, so the
    secret is never written to disk, and the committed file keeps working on its own."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"].update(
        url="${ACTION_ENDPOINT_URL}", headers={"Authorization": "Bearer ${ACTION_SERVER_TOKEN}"}
    )
    path = run_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def rasa_server_command(
    model: Optional[Path], host: str, port: int, env: Mapping[str, str], endpoints: Path
) -> List[str]:
    return [
        str(VENV_BIN / "rasa"),
        "run",
        "-i",
        host,
        "-p",
        str(port),
        "--credentials",
        "credentials.yml",
        "--endpoints",
        str(endpoints),
        "-m",
        str(model),
        *api_args(env),
    ]


class Server:
    """One supervised process: started, waited for, restarted after a crash, stopped."""

    def __init__(
        self, name: str, args: List[str], ready_url: str, log: Path, env: Mapping[str, str]
    ) -> None:
        self.name, self.args, self.ready_url, self.log, self.env = name, args, ready_url, log, env
        self.process: Optional[subprocess.Popen] = None
        self.restarts = 0

    def start(self) -> "Server":
        owner_only = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(owner_only, 0o600)  # a log left by an older version
        with open(owner_only, "a") as log:
            self.process = subprocess.Popen(
                self.args,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(self.env),
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        wait_for(self.ready_url, self.process, self.name)
        return self

    def crashed(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def restart(self) -> None:
        """Start again after a crash, waiting longer after each one (at most a minute)."""
        self.restarts += 1
        say(
            f"{self.name} exited with code {self.process.returncode}; restarting "
            f"(restart {self.restarts}, log: {self.log})"
        )
        time.sleep(min(60, 2 ** min(self.restarts, 6)) - 1)
        self.start()

    def stop(self) -> None:
        _stop(self.process)
        self.process = None


class Assistant:
    """The two servers of one deployment, on the given ports.

    `environment` holds the settings of stores/settings.py and endpoints.yml (TRACKER_DB_URL,
    REDIS_URL, ACTION_ENDPOINT_URL, ACTION_SERVER_TOKEN, ...), used as given; only names it
    lacks get the defaults of one machine. Without it (the tests), an isolated deployment: a
    new SQLite file in run_dir (or tracker_db), locks in memory, its own action server.
    """

    def __init__(
        self,
        model: Optional[Path],
        port: int,
        action_port: int,
        run_dir: Path,
        tracker_db: Optional[Path] = None,
        host: str = "127.0.0.1",
        environment: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.model, self.port, self.action_port, self.host = model, port, action_port, host
        self.run_dir = run_dir
        env = rasa_env()
        if environment is None:
            env.pop("REDIS_URL", None)
            env["TRACKER_DB_URL"] = f"sqlite:///{tracker_db or run_dir / 'tracker.db'}"
            env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{action_port}/webhook"
            env.setdefault("AUDIT_DB_URL", f"sqlite:///{run_dir / 'audit.db'}")  # a test run's own
        else:
            env.update(environment)
        env.setdefault("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{action_port}/webhook")
        # A secret shared by the two servers of this run only, unless the operator set one.
        env.setdefault("ACTION_SERVER_TOKEN", secrets.token_hex(16))
        self.env = env
        self.actions = Server(
            "the action server",
            action_server_command(action_port),
            f"http://127.0.0.1:{action_port}/health",
            run_dir / "actions.log",
            env,
        )
        run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        endpoints = supervised_endpoints(run_dir)
        self.rasa = Server(
            "the Rasa server",
            rasa_server_command(model, host, port, env, endpoints),
            f"{self.base_url}/webhooks/rest/",
            run_dir / "rasa.log",
            env,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/webhooks/rest/webhook"

    def start(self) -> "Assistant":
        self.start_actions()
        self.start_rasa()
        return self

    def start_actions(self) -> None:
        say(f"Starting the action server on port {self.action_port}")
        self.actions.start()

    def stop_actions(self) -> None:
        self.actions.stop()

    def start_rasa(self) -> None:
        say(f"Starting the Rasa server on port {self.port} (loading the model takes ~30 s)")
        self.rasa.start()

    def stop_rasa(self) -> None:
        self.rasa.stop()

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()

    def supervise(self, servers: Optional[List[Server]] = None) -> None:
        """Run until stopped, restarting whichever server exits."""
        supervised = servers or [self.actions, self.rasa]
        while True:
            for server in supervised:
                if server.crashed():
                    try:
                        server.restart()
                    except RuntimeError as error:  # it failed to come up: try again later
                        say(str(error))
            time.sleep(1)


def _stop(process: Optional[subprocess.Popen]) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def shipped_model() -> Path:
    """The model a node runs without training: $MODEL, else the one for the current data."""
    model = Path(
        os.environ.get("MODEL") or ROOT / "models" / f"pumpguide-{training_fingerprint()}.tar.gz"
    )
    if not model.exists():
        raise SystemExit(f"no model at {model}: train once (make train) and ship models/")
    return model


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5005)))
    parser.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--only", choices=("rasa", "actions"))
    parser.add_argument(
        "--run-dir", type=Path, default=Path(os.environ.get("RUN_DIR", ROOT / ".run"))
    )
    args = parser.parse_args()
    os.umask(0o077)  # tracker.db, logs and .run/ are the owner's only
    # A node runs the model it was shipped with; the action server needs none.
    model = {"rasa": shipped_model, "actions": lambda: None}.get(args.only, ensure_model)()
    args.run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    assistant = Assistant(
        model, args.port, args.action_port, args.run_dir, host=args.host, environment=os.environ
    )
    servers = {"rasa": [assistant.rasa], "actions": [assistant.actions]}.get(
        args.only, [assistant.actions, assistant.rasa]
    )
    # Ctrl-C, a closed terminal or a kill stop the servers (kill -9: PR_SET_PDEATHSIG does).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, lambda *_: sys.exit(0))
    try:
        for server in servers:
            say(f"Starting {server.name}")
            server.start()
        if assistant.rasa in servers:
            say("The assistant is running. Open the chat page:")
            print(f"\n    http://localhost:{args.port}{WIDGET_PATH}\n", flush=True)
            print(
                f"    REST channel: POST http://localhost:{args.port}/webhooks/rest/webhook"
                f"  (logs in {args.run_dir})\n    Stop with Ctrl-C.",
                flush=True,
            )
        assistant.supervise(servers)
    except KeyboardInterrupt:
        return 0
    finally:
        say("Stopping the servers")
        for server in reversed(servers):
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
