"""The conversations database: one pooled engine per process, reachability, deletion, retention.

Shared by the tracker store, the readiness and delete routes and the CLI (scripts/conversations.py).
"""

from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from stores.errors import ServiceUnavailable
from stores.settings import settings

EVENTS = SQLTrackerStore.SQLEvent.__table__
SECONDS_PER_DAY = 86400


def engine_options(url: sa.engine.URL) -> Dict[str, Any]:
    """A bounded pool that notices a restarted database, and a short connect timeout."""
    if url.get_backend_name() == "sqlite":
        return {}
    return {
        "pool_size": settings().tracker_db_pool_size,
        "max_overflow": settings().tracker_db_max_overflow,
        "pool_pre_ping": True,
        "pool_timeout": 5,
        "connect_args": {"connect_timeout": 3},
    }


class Conversations:
    """The events table of Rasa's SQL tracker store."""

    def __init__(self, url: str) -> None:
        parsed = sa.engine.make_url(url)
        self.engine = sa.create_engine(parsed, **engine_options(parsed))
        self.sqlite_file = parsed.database if parsed.get_backend_name() == "sqlite" else None

    def wait_until_reachable(self, timeout: float) -> None:
        """Create the table once the database answers; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                EVENTS.metadata.create_all(self.engine, tables=[EVENTS])
                break
            except sa.exc.SQLAlchemyError as error:
                if time.monotonic() > deadline:
                    raise ConnectionError(
                        f"tracker store unreachable after {timeout:.0f} s: "
                        f"{error.__class__.__name__}"
                    ) from error
                time.sleep(1)
        if self.sqlite_file and Path(self.sqlite_file).exists():
            os.chmod(self.sqlite_file, 0o600)  # patient text: owner only

    def ping(self) -> None:
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as error:
            raise ServiceUnavailable("tracker store unreachable") from error

    def delete(self, sender_id: str) -> int:
        """Delete one conversation; the number of events removed."""
        with self.engine.begin() as connection:
            return connection.execute(
                EVENTS.delete().where(EVENTS.c.sender_id == sender_id)
            ).rowcount

    def delete_idle(self, days: float, now: float = None) -> int:
        """Delete every conversation with no event in the last `days`; events removed."""
        cutoff = (now or time.time()) - days * SECONDS_PER_DAY
        idle = (
            sa.select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(sa.func.max(EVENTS.c.timestamp) < cutoff)
        )
        with self.engine.begin() as connection:
            return connection.execute(EVENTS.delete().where(EVENTS.c.sender_id.in_(idle))).rowcount


@lru_cache(maxsize=1)
def conversations() -> Conversations:
    """This process's connection to the configured database."""
    return Conversations(settings().tracker_db_url)
