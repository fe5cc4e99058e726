"""Retention and deletion on a real SQLite tracker store, through the CLI."""

import json
import subprocess
import time

import sqlalchemy as sa

from scripts.servers import ROOT, VENV_BIN, rasa_env
from stores.conversations import EVENTS, Conversations

DAY = 86400


def store_with(tmp_path, ages_in_days):
    """A tracker database with one conversation per age, its last event that old."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    database = Conversations(url)
    database.wait_until_reachable(5)
    now = time.time()
    with database.engine.begin() as connection:
        for sender, age in ages_in_days.items():
            for offset in (age + 1, age):
                connection.execute(
                    EVENTS.insert().values(
                        sender_id=sender,
                        type_name="user",
                        timestamp=now - offset * DAY,
                        data=json.dumps({"event": "user", "text": "x"}),
                    )
                )
    return url, database


def senders(database):
    with database.engine.connect() as connection:
        return {row[0] for row in connection.execute(sa.select(EVENTS.c.sender_id).distinct())}


def cli(url, *args):
    return subprocess.run(
        [str(VENV_BIN / "python"), str(ROOT / "scripts" / "conversations.py"), *args],
        env=dict(rasa_env(), TRACKER_DB_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_purge_deletes_only_conversations_idle_past_the_retention(tmp_path):
    url, database = store_with(tmp_path, {"old": 31, "recent": 29, "ongoing": 0})
    result = cli(url, "purge")
    assert result.returncode == 0, result.stderr
    assert senders(database) == {"recent", "ongoing"}
    assert cli(url, "purge", "--days", "10").returncode == 0
    assert senders(database) == {"ongoing"}


def test_delete_removes_one_conversation_and_says_when_there_was_none(tmp_path):
    url, database = store_with(tmp_path, {"a": 0, "b": 0})
    assert cli(url, "delete", "a").returncode == 0
    assert senders(database) == {"b"}
    assert cli(url, "delete", "a").returncode == 1


def test_the_database_file_is_the_owners_only(tmp_path):
    store_with(tmp_path, {"a": 0})
    assert (tmp_path / "tracker.db").stat().st_mode & 0o077 == 0
