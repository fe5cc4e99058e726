"""Latency and throughput of the assistant over REST: Q&A messages and assessment messages.

Starts the real servers (SQLite tracker store, as deployed), sends each load from 8 clients in
ten-turn conversations, and prints p50 / p95 / messages per second. When ../shared/bench exists,
it also measures the lean Rasa reference on the same tracker store, like with like, and prints
the ratio. Run with `make bench`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List

import yaml

from servers import ROOT, Assistant, ensure_model, free_port, say, send_message

QUESTIONS = [
    "who is a candidate for an intrathecal pump?", "what are the contraindications?",
    "what trial result is needed?", "how does intrathecal morphine compare with oral?",
    "what are the outcomes?", "what monitoring is needed after implantation?",
    "is the pump first-line?", "what life expectancy is required?",
]
REFERENCE = ROOT.parent / "shared" / "bench" / "reference.sh"


def vignette_messages() -> List[str]:
    vignettes = yaml.safe_load((ROOT / "tests" / "fixtures" / "vignettes.yml").read_text())
    return [v["turns"][0] for v in vignettes if len(v["turns"]) == 1]


def post(url: str, sender: str, text: str) -> float:
    """Seconds one message takes, reply included."""
    started = time.perf_counter()
    send_message(url, sender, text)
    return time.perf_counter() - started


def load(url: str, messages: List[str], total: int, clients: int, turns: int) -> Dict[str, float]:
    """`total` messages from `clients` threads; each starts a new conversation every `turns`."""
    latencies: List[float] = []
    errors: List[Exception] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        sender = ""
        for i in range(count):
            if i % turns == 0:
                sender = f"bench-{uuid.uuid4().hex}"
            try:
                elapsed = post(url, sender, messages[i % len(messages)])
                with lock:
                    latencies.append(elapsed)
            except Exception as error:  # counted and reported, never fatal to the run
                with lock:
                    errors.append(error)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(total // clients,)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not latencies:
        raise RuntimeError(f"every request failed: {errors[:1]}")
    return {**figures(latencies, time.perf_counter() - started), "errors": len(errors)}


def figures(latencies: List[float], wall: float) -> Dict[str, float]:
    """Count, p50 and p95 in ms, and requests per second, of one timed load."""
    latencies = sorted(latencies)
    return {"n": len(latencies), "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
            "rate": len(latencies) / wall}


def show(name: str, result: Dict[str, float]) -> None:
    print(f"{name:<22} n={result['n']:.0f} p50={result['p50']:.1f}ms p95={result['p95']:.1f}ms "
          f"throughput={result['rate']:.1f} msg/s errors={result['errors']:.0f}", flush=True)


def reference(url: str) -> None:
    """The lean Rasa reference on an SQLite tracker store, then our Q&A load by the same client."""
    if not REFERENCE.exists():
        print("(no ../shared/bench/reference.sh here: reference not measured)")
        return
    say("Measuring the lean Rasa reference (SQLite tracker store) and the ratio")
    args = ["bash", str(REFERENCE), url, *QUESTIONS]
    subprocess.run(args, cwd=ROOT, env=dict(os.environ, REF_STORE="sqlite"), check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=800)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    model = ensure_model()
    say(f"Model ready in {time.monotonic() - started:.0f} s")
    with tempfile.TemporaryDirectory() as run_dir:
        assistant = Assistant(model, free_port(), free_port(), Path(run_dir)).start()
        try:
            url = assistant.rest_url
            vignettes = vignette_messages()
            say("Warming up")
            load(url, QUESTIONS + vignettes, 80, args.clients, 10)
            say(f"Load: {args.n} messages, {args.clients} clients, ten-turn conversations")
            qa = load(url, QUESTIONS, args.n, args.clients, 10)
            assessments = load(url, vignettes, args.n, args.clients, 10)
            show("Q&A message", qa)
            show("assessment message", assessments)
            print(f"assessment p95 / Q&A p95: {assessments['p95'] / qa['p95']:.2f}x (target <= 3x)")
            if not args.no_reference:
                reference(url)
        finally:
            assistant.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
