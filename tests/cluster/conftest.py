"""A cluster on this machine: PostgreSQL, Redis, the action server, two Rasa instances behind
haproxy, all real and on loopback, started once for tests/cluster and stopped afterwards."""
from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import sqlalchemy as sa

from scripts.servers import free_port, rasa_env
from tests.cluster.services import (Haproxy, Postgres, Process, Redis, ensure_packages,
                                    log_text, supervised, wait_ready)

#: Short, so a killed instance's conversations are free again quickly.
LOCK_LIFETIME = 4.0


def post(url: str, body: bytes, headers: Optional[Dict[str, str]] = None,
         method: str = "POST", timeout: float = 60) -> Tuple[int, Any]:
    """Status and decoded JSON body of one request; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, body, {"Content-Type": "application/json",
                                                 **(headers or {})}, method=method)
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


@dataclass
class Cluster:
    work: Path
    postgres: Postgres
    redis: Redis
    env: Dict[str, str]
    actions: Process
    action_port: int
    instances: List[Process]
    ports: List[int]
    proxy: Haproxy
    engine: Any = field(default=None)

    def rest_url(self, instance: int) -> str:
        return f"http://127.0.0.1:{self.ports[instance]}/webhooks/rest/webhook"

    def ready_url(self, instance: int) -> str:
        return f"http://127.0.0.1:{self.ports[instance]}/webhooks/rest/ready"

    def facts(self, sender: str) -> Dict[str, Any]:
        """The patient's facts as last stored for this conversation, read from PostgreSQL."""
        query = sa.text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'slot'"
                        " ORDER BY id DESC")
        with self.engine.connect() as connection:
            for (data,) in connection.execute(query, {"sender": sender}):
                event = json.loads(data)
                if event.get("name") == "patient_facts":
                    return event.get("value") or {}
        return {}

    def user_messages(self, sender: str) -> int:
        query = sa.text("SELECT count(*) FROM events WHERE sender_id = :sender"
                        " AND type_name = 'user'")
        with self.engine.connect() as connection:
            return connection.execute(query, {"sender": sender}).scalar()

    def logs(self) -> str:
        return log_text(self.work)


@pytest.fixture(scope="session")
def cluster(model, tmp_path_factory):
    ensure_packages()
    work = tmp_path_factory.mktemp("cluster")
    postgres, redis = Postgres(work), Redis(work)
    action_port, ports = free_port(), [free_port(), free_port()]
    started: List[Any] = [postgres, redis]
    try:
        postgres.start()
        redis.start()
        env = rasa_env()
        env.update(TRACKER_DB_URL=postgres.url, REDIS_URL=redis.url, MODEL=str(model),
                   LOCK_LIFETIME_SECONDS=str(LOCK_LIFETIME), LOCK_WAIT_SECONDS="20",
                   ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
                   ACTION_SERVER_TOKEN=secrets.token_hex(16), ADMIN_TOKEN=secrets.token_hex(16),
                   STORE_CONNECT_TIMEOUT="20")
        for name in ("RASA_API_TOKEN", "RASA_JWT_SECRET"):
            env.pop(name, None)
        actions = supervised("actions", action_port, work, env).start()
        started.append(actions)
        wait_ready(f"http://127.0.0.1:{action_port}/health", actions, "the action server")
        instances = [supervised("rasa", port, work, env).start() for port in ports]
        started.extend(instances)
        for instance, port in zip(instances, ports):
            wait_ready(f"http://127.0.0.1:{port}/webhooks/rest/ready", instance, "a Rasa instance")
        proxy = Haproxy(work, ports)
        proxy.start()
        started.append(proxy)
        cluster = Cluster(work, postgres, redis, env, actions, action_port, instances, ports,
                          proxy, engine=sa.create_engine(postgres.url, pool_pre_ping=True))
        yield cluster
        cluster.engine.dispose()
    finally:
        for service in reversed(started):
            service.stop()
        postgres.remove()
