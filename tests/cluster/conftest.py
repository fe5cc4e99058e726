"""A cluster on this machine: PostgreSQL, Redis, the action server, two Rasa instances behind
haproxy, all real and on loopback, started once for tests/cluster and stopped afterwards."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import pytest
import sqlalchemy as sa

from scripts.cluster import LocalCluster, ensure_packages, log_text
from stores.conversations import EVENTS

#: Short, so a killed instance's conversations are free again quickly.
LOCK_LIFETIME = 4.0


def post(
    url: str,
    body: bytes,
    headers: Optional[Dict[str, str]] = None,
    method: str = "POST",
    timeout: float = 60,
) -> Tuple[int, Any]:
    """Status and decoded JSON body of one request; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(
        url, body, {"Content-Type": "application/json", **(headers or {})}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw.decode(errors="replace")


def say(url: str, sender: str, text: str, timeout: float = 60) -> Tuple[int, Any]:
    return post(url, json.dumps({"sender": sender, "message": text}).encode(), timeout=timeout)


class Cluster(LocalCluster):
    """The cluster, and what the tests read from it."""

    def __init__(self, model: Path, work: Path) -> None:
        super().__init__(
            model,
            work,
            size=2,
            settings={
                "LOCK_LIFETIME_SECONDS": str(LOCK_LIFETIME),
                "LOCK_WAIT_SECONDS": "20",
                "STORE_CONNECT_TIMEOUT": "20",
            },
        )
        self.engine = sa.create_engine(self.postgres.url, pool_pre_ping=True)

    def rest_url(self, instance: int) -> str:
        return f"http://127.0.0.1:{self.ports[instance]}/webhooks/rest/webhook"

    def ready_url(self, instance: int) -> str:
        return f"http://127.0.0.1:{self.ports[instance]}/webhooks/rest/ready"

    def facts(self, sender: str) -> Dict[str, Any]:
        """The patient's facts as the stored conversation states them: the clinical entities of
        the user messages of its latest session in PostgreSQL, the latest statement winning
        (the assessment derives the patient the same way)."""
        query = sa.text(
            "SELECT data FROM events WHERE sender_id = :sender"
            " AND type_name IN ('user', 'session_started') ORDER BY id"
        )
        facts: Dict[str, Any] = {}
        with self.engine.connect() as connection:
            for (data,) in connection.execute(query, {"sender": sender}):
                event = json.loads(data)
                if event.get("event") == "session_started":
                    facts = {}
                for entity in (event.get("parse_data") or {}).get("entities") or []:
                    if entity.get("extractor") == "ClinicalFactExtractor":
                        facts[entity["entity"]] = {
                            "value": entity.get("value"),
                            "evidence": entity.get("text"),
                        }
        return facts

    def user_messages(self, sender: str) -> int:
        query = sa.text(
            "SELECT count(*) FROM events WHERE sender_id = :sender AND type_name = 'user'"
        )
        with self.engine.connect() as connection:
            return connection.execute(query, {"sender": sender}).scalar()

    def add_idle_conversation(self, sender: str, days: float) -> None:
        """A conversation whose last message is `days` old, written straight to PostgreSQL."""
        with self.engine.begin() as connection:
            connection.execute(
                EVENTS.insert().values(
                    sender_id=sender,
                    type_name="user",
                    timestamp=time.time() - days * 86400,
                    data=json.dumps({"event": "user", "text": "an old conversation"}),
                )
            )

    def logs(self) -> str:
        return log_text(self.work)

    def stop(self) -> None:
        self.engine.dispose()
        super().stop()


@pytest.fixture(scope="session")
def cluster(model, tmp_path_factory):
    ensure_packages()
    cluster = Cluster(model, tmp_path_factory.mktemp("cluster")).start()
    try:
        yield cluster
    finally:
        cluster.stop()
