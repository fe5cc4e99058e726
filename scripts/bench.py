"""Latency, throughput and CPU of the assistant over REST.

`make bench` (this script): a local cluster (scripts/cluster.py: PostgreSQL, Redis, the action
server, three Rasa instances) with haproxy in front of 1, 2 and then 3 of them, the same load
through each (8 clients, ten-turn conversations, Q&A and assessment messages alternating), and
for each: messages/s, p50, p95, CPU seconds per message (Rasa instances + action server, and
the stores + proxy) and each instance's memory.

`python scripts/bench.py --single`: one machine as `make run` starts it (SQLite), Q&A and
assessment loads apart, and, when ../shared/bench exists, the lean Rasa reference on the same
tracker store, like with like, and the ratio.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.cluster import Haproxy, LocalCluster, children, ensure_packages  # noqa: E402
from scripts.servers import ROOT, Assistant, ensure_model, free_port, say, send_message  # noqa: E402

QUESTIONS = [
    "who is a candidate for an intrathecal pump?",
    "what are the contraindications?",
    "what trial result is needed?",
    "how does intrathecal morphine compare with oral?",
    "what are the outcomes?",
    "what monitoring is needed after implantation?",
    "is the pump first-line?",
    "what life expectancy is required?",
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
    return {
        "n": len(latencies),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "rate": len(latencies) / wall,
    }


def show(name: str, result: Dict[str, float]) -> None:
    print(
        f"{name:<22} n={result['n']:.0f} p50={result['p50']:.1f}ms p95={result['p95']:.1f}ms "
        f"throughput={result['rate']:.1f} msg/s errors={result['errors']:.0f}",
        flush=True,
    )


def reference(url: str) -> None:
    """The lean Rasa reference on an SQLite tracker store, then our Q&A load by the same client."""
    if not REFERENCE.exists():
        print("(no ../shared/bench/reference.sh here: reference not measured)")
        return
    say("Measuring the lean Rasa reference (SQLite tracker store) and the ratio")
    args = ["bash", str(REFERENCE), url, *QUESTIONS]
    subprocess.run(args, cwd=ROOT, env=dict(os.environ, REF_STORE="sqlite"), check=False)


def cpu_seconds(pids: List[int]) -> float:
    """User + system CPU time of these processes and all their descendants."""
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks + cpu_seconds(children(pid))
    return total


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cluster_bench(model: Path, sizes: List[int], total: int, clients: int) -> None:
    """The same load through haproxy in front of 1, 2, 3... instances of one cluster."""
    ensure_packages()
    messages = [m for pair in zip(QUESTIONS * 4, vignette_messages()) for m in pair]
    with tempfile.TemporaryDirectory() as work:
        cluster = LocalCluster(model, Path(work), size=max(sizes)).start()
        try:
            proxies = {size: Haproxy(Path(work), cluster.ports[:size]) for size in sizes}
            for proxy in proxies.values():
                proxy.start()
            time.sleep(2)  # haproxy's first health checks
            servers = [p.pid for p in (cluster.actions, *cluster.instances)]
            stores = [
                p.pid
                for p in (
                    cluster.postgres.process,
                    cluster.redis.process,
                    *(proxy.process for proxy in proxies.values()),
                )
            ]
            say("Warming up every instance")
            for port in cluster.ports:
                load(f"http://127.0.0.1:{port}/webhooks/rest/webhook", messages, 48, clients, 10)
            say(
                f"Load: {total} messages through haproxy, {clients} clients, ten-turn "
                f"conversations, Q&A and assessment messages alternating"
            )
            for size, proxy in proxies.items():
                before = cpu_seconds(servers), cpu_seconds(stores)
                result = load(proxy.rest_url, messages, total, clients, 10)
                rasa_cpu = (cpu_seconds(servers) - before[0]) / result["n"] * 1000
                store_cpu = (cpu_seconds(stores) - before[1]) / result["n"] * 1000
                print(
                    f"{size} instance{'s' if size > 1 else ' '}  n={result['n']:.0f} "
                    f"throughput={result['rate']:.1f} msg/s p50={result['p50']:.1f}ms "
                    f"p95={result['p95']:.1f}ms cpu/msg: servers={rasa_cpu:.1f}ms "
                    f"stores+proxy={store_cpu:.1f}ms errors={result['errors']:.0f}",
                    flush=True,
                )
            rasa = [rss_mb(pid) for instance in cluster.instances for pid in children(instance.pid)]
            actions = sum(rss_mb(pid) for pid in children(cluster.actions.pid))
            print(
                f"memory (RSS): Rasa instances {', '.join(f'{m:.0f}' for m in rasa)} MB; "
                f"action server {actions:.0f} MB; {os.cpu_count()} CPU cores, load average "
                f"{os.getloadavg()[0]:.1f} (other work on the machine slows every figure "
                f"but CPU per message)"
            )
        finally:
            cluster.stop()


def single_machine(model: Path, total: int, clients: int, reference_too: bool) -> None:
    with tempfile.TemporaryDirectory() as run_dir:
        assistant = Assistant(model, free_port(), free_port(), Path(run_dir)).start()
        try:
            url = assistant.rest_url
            vignettes = vignette_messages()
            say("Warming up")
            load(url, QUESTIONS + vignettes, 80, clients, 10)
            say(f"Load: {total} messages, {clients} clients, ten-turn conversations")
            qa = load(url, QUESTIONS, total, clients, 10)
            assessments = load(url, vignettes, total, clients, 10)
            show("Q&A message", qa)
            show("assessment message", assessments)
            print(f"assessment p95 / Q&A p95: {assessments['p95'] / qa['p95']:.2f}x (target <= 3x)")
            if reference_too:
                reference(url)
        finally:
            assistant.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=800)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--single", action="store_true")
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    model = ensure_model()
    say(f"Model ready in {time.monotonic() - started:.0f} s")
    if args.single:
        single_machine(model, args.n, args.clients, not args.no_reference)
    else:
        cluster_bench(model, args.sizes, args.n, args.clients)
    return 0


if __name__ == "__main__":
    sys.exit(main())
