"""Train the model when needed and run the action server and the Rasa server.

One implementation for the run command (`python scripts/servers.py`) and the test fixtures,
so what the tests start is what a user starts.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
#: What a trained model depends on: its data, and the code of the custom NLU components it names.
TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "components")
WIDGET_PATH = "/webhooks/webchat/chat/"


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
        files = sorted(f for f in path.rglob("*") if f.suffix in (".yml", ".py")) \
            if path.is_dir() else [path]
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
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env=rasa_env())
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
    """Wait until the URL answers; fail early if the process died."""
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


class Assistant:
    """The two servers of one deployment, on the given ports, with their own tracker store;
    everything else as in the project's endpoints.yml."""

    def __init__(self, model: Path, port: int, action_port: int, run_dir: Path,
                 tracker_db: Optional[Path] = None, host: str = "127.0.0.1") -> None:
        self.model, self.port, self.action_port, self.host = model, port, action_port, host
        self.run_dir = run_dir
        self.tracker_db = tracker_db or run_dir / "tracker.db"
        self.endpoints = run_dir / "endpoints.yml"
        self._actions: Optional[subprocess.Popen] = None
        self._rasa: Optional[subprocess.Popen] = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/webhooks/rest/webhook"

    def _spawn(self, args: List[str], log_name: str) -> subprocess.Popen:
        log = open(self.run_dir / log_name, "a")
        return subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=rasa_env(),
                                start_new_session=True)

    def start(self) -> "Assistant":
        self.run_dir.mkdir(parents=True, exist_ok=True)
        endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
        endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{self.action_port}/webhook"
        endpoints["tracker_store"]["db"] = str(self.tracker_db)
        self.endpoints.write_text(yaml.safe_dump(endpoints))
        self.start_actions()
        self.start_rasa()
        return self

    def start_actions(self) -> None:
        say(f"Starting the action server on port {self.action_port}")
        self._actions = self._spawn(
            [str(VENV_BIN / "rasa"), "run", "actions", "-p", str(self.action_port),
             "--actions", "actions"], "actions.log")
        wait_for(f"http://127.0.0.1:{self.action_port}/health", self._actions, "the action server")

    def stop_actions(self) -> None:
        _stop(self._actions)
        self._actions = None

    def start_rasa(self) -> None:
        say(f"Starting the Rasa server on port {self.port} (loading the model takes ~30 s)")
        self._rasa = self._spawn(
            [str(VENV_BIN / "rasa"), "run", "-i", self.host, "-p", str(self.port), "--enable-api",
             "--credentials", "credentials.yml", "--endpoints", str(self.endpoints),
             "-m", str(self.model)], "rasa.log")
        wait_for(f"{self.base_url}/status", self._rasa, "the Rasa server")

    def stop_rasa(self) -> None:
        _stop(self._rasa)
        self._rasa = None

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()

    def wait(self) -> None:
        """Block until either server exits."""
        while all(p is not None and p.poll() is None for p in (self._rasa, self._actions)):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5005)))
    parser.add_argument("--action-port", type=int,
                        default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    args = parser.parse_args()
    model = ensure_model()
    run_dir = ROOT / ".run"
    assistant = Assistant(model, args.port, args.action_port, run_dir,
                          tracker_db=ROOT / "tracker.db", host=args.host)
    # Ctrl-C, a closed terminal or a kill stop both servers (even when started in background).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, lambda *_: sys.exit(0))
    try:
        assistant.start()
        say("The assistant is running. Open the chat page:")
        print(f"\n    http://localhost:{args.port}{WIDGET_PATH}\n", flush=True)
        print(f"    REST channel: POST http://localhost:{args.port}/webhooks/rest/webhook"
              f"  (logs in {run_dir})\n    Stop with Ctrl-C.", flush=True)
        assistant.wait()
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        say("Stopping the servers")
        assistant.stop()


if __name__ == "__main__":
    sys.exit(main())
