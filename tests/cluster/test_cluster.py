"""Two Rasa instances on PostgreSQL and Redis behind haproxy (issue 11, CONTRACT section 6).

The tests run in this order on one cluster; the outage tests leave it whole again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.cluster import children, status_of, wait_ready
from scripts.servers import ROOT, VENV_BIN, free_port
from tests.cluster.conftest import LOCK_LIFETIME, post, say

#: Two messages of one patient, each adding a fact the other does not.
FACT_A = (
    "patient with metastatic breast cancer, intrathecal trial gave 70% relief",
    "trial_relief_percent",
)
FACT_B = (
    "patient failed escalating opioids, psych evaluation done and cleared",
    "psych_evaluation",
)
FACT_C = ("life expectancy about 12 months", "life_expectancy_months")
TRIALS = 50


def new_sender() -> str:
    return f"cluster-{uuid.uuid4().hex}"


def test_api_and_action_server_are_closed(cluster):
    base = f"http://127.0.0.1:{cluster.ports[0]}"
    sender = new_sender()
    assert say(cluster.proxy.rest_url, sender, FACT_A[0])[0] == 200
    # Rasa's HTTP API is off without RASA_API_TOKEN / RASA_JWT_SECRET.
    for method, path in (
        ("GET", f"/conversations/{sender}/tracker"),
        ("GET", "/status"),
        ("POST", f"/conversations/{sender}/tracker/events"),
        ("PUT", "/model"),
        ("DELETE", "/model"),
    ):
        status, _ = post(base + path, b"{}", method=method)
        assert status in (404, 405), (method, path, status)
    # The action server answers its health check to anyone, its actions only to Rasa.
    actions = f"http://127.0.0.1:{cluster.action_port}"
    assert status_of(actions + "/health") == 200
    body = json.dumps(
        {
            "next_action": "action_respond",
            "sender_id": sender,
            "tracker": {"sender_id": sender, "events": [], "slots": {}},
        }
    ).encode()
    assert post(actions + "/webhook", body)[0] == 401
    token = cluster.env["ACTION_SERVER_TOKEN"]
    assert post(actions + "/webhook", body, {"Authorization": f"Bearer {token}"})[0] == 200


def test_a_conversation_is_deleted_only_with_the_admin_token(cluster):
    sender = new_sender()
    assert say(cluster.proxy.rest_url, sender, FACT_A[0])[0] == 200
    url = f"http://127.0.0.1:{cluster.ports[1]}/webhooks/rest/conversations/{sender}"
    assert post(url, None, method="DELETE")[0] == 401
    assert post(url, None, {"Authorization": "Bearer wrong"}, method="DELETE")[0] == 401
    status, body = post(
        url, None, {"Authorization": f"Bearer {cluster.env['ADMIN_TOKEN']}"}, method="DELETE"
    )
    assert status == 200 and body["deleted_events"] > 0
    assert cluster.user_messages(sender) == 0


def test_logs_hold_no_message_text(cluster):
    marker = f"Zebrafinch{uuid.uuid4().hex[:8]}"
    assert say(cluster.proxy.rest_url, new_sender(), f"{FACT_A[0]}, {marker}")[0] == 200
    assert say(cluster.proxy.rest_url, new_sender(), marker * 10000)[0] == 413
    assert marker not in cluster.logs()


def test_same_sender_on_both_instances_at_once_loses_no_fact(cluster):
    """Each trial sends two messages of one new conversation together, one per instance."""
    lost = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for trial in range(TRIALS):
            sender = new_sender()
            start = threading.Barrier(2)

            def send(instance: int, text: str, start=start, sender=sender):
                start.wait()
                return say(cluster.rest_url(instance), sender, text)

            first, second = (FACT_A, FACT_B) if trial % 2 else (FACT_B, FACT_A)
            answers = list(pool.map(send, (0, 1), (first[0], second[0])))
            assert [status for status, _ in answers] == [200, 200], answers
            facts = cluster.facts(sender)
            if not {FACT_A[1], FACT_B[1]} <= set(facts):
                lost.append((trial, sorted(facts)))
    assert not lost, f"facts lost in {len(lost)} of {TRIALS} trials: {lost[:3]}"


def test_redis_outage_is_a_503_then_nothing_is_lost(cluster):
    sender = new_sender()
    assert say(cluster.proxy.rest_url, sender, FACT_A[0])[0] == 200
    cluster.redis.stop()
    try:
        status, body = say(cluster.proxy.rest_url, sender, FACT_B[0])
        assert status == 503 and "lock store" in body["error"]
        assert status_of(cluster.ready_url(0)) == 503
    finally:
        cluster.redis.start()
    assert say(cluster.proxy.rest_url, sender, FACT_B[0])[0] == 200
    assert {FACT_A[1], FACT_B[1]} <= set(cluster.facts(sender))
    assert status_of(cluster.ready_url(0)) == 200


def test_postgres_outage_is_a_503_then_nothing_is_lost(cluster):
    sender = new_sender()
    assert say(cluster.proxy.rest_url, sender, FACT_A[0])[0] == 200
    cluster.postgres.stop()
    try:
        for instance in (0, 1):  # never a fresh conversation in memory
            status, body = say(cluster.rest_url(instance), sender, FACT_B[0])
            assert status == 503 and "tracker store" in body["error"], (status, body)
        assert status_of(cluster.ready_url(1)) == 503
    finally:
        cluster.postgres.start()
    assert say(cluster.proxy.rest_url, sender, FACT_C[0])[0] == 200
    facts = cluster.facts(sender)
    assert FACT_A[1] in facts and FACT_C[1] in facts and FACT_B[1] not in facts
    assert status_of(cluster.ready_url(1)) == 200


def test_action_server_outage_is_a_503_then_nothing_is_lost(cluster):
    sender = new_sender()
    assert say(cluster.proxy.rest_url, sender, FACT_A[0])[0] == 200
    cluster.actions.stop()  # its supervisor stops it and does not come back
    try:
        status, body = say(cluster.proxy.rest_url, sender, FACT_B[0])
        assert status == 503 and "action server" in body["error"], (status, body)
        assert status_of(cluster.ready_url(0)) == 503
    finally:
        cluster.actions.start()
        wait_ready(
            f"http://127.0.0.1:{cluster.action_port}/health", cluster.actions, "the action server"
        )
    assert say(cluster.proxy.rest_url, sender, FACT_B[0])[0] == 200
    assert {FACT_A[1], FACT_B[1]} <= set(cluster.facts(sender))


def test_start_up_fails_when_the_store_cannot_be_reached(cluster, tmp_path):
    env = dict(
        cluster.env,
        TRACKER_DB_URL=f"postgresql://rasa@127.0.0.1:{free_port()}/rasa",
        STORE_CONNECT_TIMEOUT="1",
    )
    started = time.monotonic()
    result = subprocess.run(
        [
            str(VENV_BIN / "python"),
            str(ROOT / "scripts" / "servers.py"),
            "--only",
            "rasa",
            "--port",
            str(free_port()),
            "--run-dir",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode != 0, result.stdout[-2000:]
    log = (tmp_path / "rasa.log").read_text()
    assert "tracker store" in log.lower() and time.monotonic() - started < 240


def send_unanswered(url: str, sender: str, text: str) -> None:
    """A message whose server dies under it: the connection breaks, the client resends."""
    try:
        say(url, sender, text)
    except OSError:
        pass


def test_kill_9_of_an_instance_mid_conversation(cluster):
    """The killed instance's conversation goes on at the other one within the lock lifetime,
    with every acknowledged fact; its supervisor brings it back, and the restarted instance
    applies the retention period at once."""
    idle, recent = new_sender(), new_sender()
    cluster.add_idle_conversation(idle, days=31)
    cluster.add_idle_conversation(recent, days=29)
    sender = new_sender()
    assert say(cluster.rest_url(0), sender, FACT_A[0])[0] == 200
    [rasa] = children(cluster.instances[0].pid)
    in_flight = threading.Thread(
        target=send_unanswered, args=(cluster.rest_url(0), sender, FACT_B[0])
    )
    in_flight.start()
    time.sleep(0.05)  # the message is on its way (or holds the conversation's lock)
    os.kill(rasa, signal.SIGKILL)
    in_flight.join()
    started = time.monotonic()
    status, _ = say(cluster.rest_url(1), sender, FACT_C[0])
    waited = time.monotonic() - started
    assert status == 200 and waited < LOCK_LIFETIME + 2, (status, waited)
    facts = cluster.facts(sender)
    assert FACT_A[1] in facts and FACT_C[1] in facts
    # The client resends what got no answer, through the proxy while instance 0 is down: until
    # the proxy's health check marks it down, a resend may land on it and get a 502, which a
    # client retries like any 5xx.
    deadline, status = time.monotonic() + LOCK_LIFETIME + 5, None
    while status != 200 and time.monotonic() < deadline:
        status = say(cluster.proxy.rest_url, sender, FACT_B[0])[0]
        if status != 200:
            time.sleep(0.5)
    assert status == 200
    assert {FACT_A[1], FACT_B[1], FACT_C[1]} <= set(cluster.facts(sender))
    wait_ready(cluster.ready_url(0), cluster.instances[0], "the restarted instance", 240)
    assert children(cluster.instances[0].pid) not in ([], [rasa])
    deadline = time.monotonic() + 10
    while cluster.user_messages(idle) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cluster.user_messages(idle) == 0 and cluster.user_messages(recent) == 1


def test_a_killed_supervisor_leaves_no_server_behind(cluster):
    [rasa] = children(cluster.instances[1].pid)
    os.kill(cluster.instances[1].pid, signal.SIGKILL)
    cluster.instances[1].popen.wait()
    deadline = time.monotonic() + 30
    while running(rasa) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(rasa), "the Rasa server outlived its supervisor"
    # The proxy sends everything to the instance left.
    time.sleep(1.5)
    assert say(cluster.proxy.rest_url, new_sender(), FACT_A[0])[0] == 200


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
