"""What a CDS hook costs next to an assessment message through the chat (issue 13: at most 2x).

Starts the real servers with CDS Hooks configured as an operator would (a JWK Set made here,
one allowed issuer, an audit database of the run's own), then times, from the same number of
clients: every example vignette as a FHIR patient-view hook (JWT signed per call, prefetch with
coded data and notes, card, audit row) and the same vignettes' first message through the REST
chat. Run: .venv/bin/python scripts/bench_cds.py [--rounds 10 --clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Callable, Dict, List

import jwt
import yaml
from bench import figures
from cryptography.hazmat.primitives.asymmetric import rsa
from servers import ROOT, Assistant, ensure_model, free_port, say, send_message

sys.path.insert(0, str(ROOT))
from tests.cds.fhir_builder import hook_request, load_cases  # noqa: E402

ISSUER = "https://bench.invalid/"
SERVICE = "/webhooks/cds/cds-services/intrathecal-pump-assessment"


def timed(calls: List[Callable[[], None]], clients: int) -> Dict[str, float]:
    """Run the calls from `clients` threads; p50, p95 (ms) and calls per second."""
    latencies: List[float] = []
    lock = threading.Lock()
    queue = list(calls)

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                call = queue.pop()
            started = time.perf_counter()
            call()
            with lock:
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return figures(latencies, time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="times each vignette is sent")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    cases = load_cases()
    # The chat gets each vignette's own first message: the same patient, in words.
    vignettes = yaml.safe_load((ROOT.parent / "shared" / "examples" / "vignettes.yml").read_text())
    chat_texts = [v["turns"][0] for v in vignettes]
    with tempfile.TemporaryDirectory() as run_dir:
        env = {
            "CDS_JWKS_JSON": json.dumps({"keys": [{**public, "kid": "bench"}]}),
            "CDS_ALLOWED_ISSUERS": ISSUER,
            "AUDIT_DB_URL": f"sqlite:///{run_dir}/audit.db",
        }
        os.environ.update(env)
        assistant = Assistant(ensure_model(), free_port(), free_port(), Path(run_dir)).start()
        try:
            url = assistant.base_url + SERVICE

            def hook(case) -> Callable[[], None]:
                def send() -> None:
                    now = int(time.time())
                    token = jwt.encode(
                        {
                            "iss": ISSUER,
                            "aud": url,
                            "iat": now,
                            "exp": now + 60,
                            "jti": str(uuid.uuid4()),
                        },
                        key,
                        algorithm="RS384",
                        headers={"kid": "bench"},
                    )
                    request = urllib.request.Request(
                        url,
                        json.dumps(hook_request(case)).encode(),
                        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                    )
                    with urllib.request.urlopen(request, timeout=60) as response:
                        assert response.status == 200 and json.loads(response.read())["cards"]

                return send

            def chat(text: str) -> Callable[[], None]:
                return lambda: send_message(assistant.rest_url, f"bench-{uuid.uuid4().hex}", text)

            say("Warming up")
            timed([hook(c) for c in cases] + [chat(t) for t in chat_texts], args.clients)
            say(f"{len(cases)} vignettes x {args.rounds} rounds, {args.clients} clients")
            hooks = timed([hook(c) for c in cases] * args.rounds, args.clients)
            chats = timed([chat(t) for t in chat_texts] * args.rounds, args.clients)
            for name, result in (("CDS hook call", hooks), ("chat assessment message", chats)):
                print(
                    f"{name:<24} n={result['n']} p50={result['p50']:.0f}ms "
                    f"p95={result['p95']:.0f}ms throughput={result['rate']:.1f}/s",
                    flush=True,
                )
            print(
                f"hook p50 / chat p50: {hooks['p50'] / chats['p50']:.2f}x; "
                f"p95: {hooks['p95'] / chats['p95']:.2f}x (target <= 2x)"
            )
        finally:
            assistant.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
