"""The audit trail: every verdict given, from the chat or a CDS hook, and what was done with it.

Stored with SQLAlchemy in the database named by AUDIT_DB_URL (default: the SQLite file
audit.db in the working directory, readable by its owner only; any SQLAlchemy URL such as
postgresql://... for production). Records older than AUDIT_RETENTION_DAYS (default 30) are
deleted whenever a verdict is recorded or the trail is exported.

    record_verdict("chat", conversation_id, assessment_payload, facts)   -> record id
    default_store().record_feedback(card_uuid, "overridden", reason=..., comment=...)
    python -m guideline.audit export --format csv > audit.csv            (the CLI)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import uuid
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    select,
)
from sqlalchemy.engine import Engine, make_url

DEFAULT_URL = "sqlite:///audit.db"
DEFAULT_RETENTION_DAYS = 30
CHANNELS = ("chat", "cds")
OUTCOMES = ("accepted", "overridden")
CSV_COLUMNS = (
    "id",
    "created_at",
    "channel",
    "instance",
    "service",
    "verdict",
    "rules_version",
    "facts",
    "feedback",
)

metadata = MetaData()
verdicts = Table(
    "audit_verdicts",
    metadata,
    Column("id", String(64), primary_key=True),  # the card uuid for a hook's verdict
    Column("created_at", DateTime, nullable=False, index=True),  # UTC
    Column("channel", String(16), nullable=False),
    Column("instance", String(255), nullable=False),  # conversation id or hookInstance
    Column("service", String(128)),
    Column("verdict", String(32), nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("facts", Text, nullable=False),  # JSON: {name: {"value", "evidence"}}
    Column("assessment", Text, nullable=False),  # JSON: the whole payload
)
feedback = Table(
    "audit_feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "verdict_id",
        String(64),
        ForeignKey("audit_verdicts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("outcome", String(16), nullable=False),
    Column("override_reason", Text),  # JSON Coding, when the client sent one
    Column("user_comment", Text),
    Column("outcome_time", DateTime),
    Column("received_at", DateTime, nullable=False),
)


def _utc(moment: Optional[datetime] = None) -> datetime:
    """A naive UTC datetime, as stored (SQLite keeps no zone)."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


class AuditStore:
    def __init__(self, url: str = DEFAULT_URL, retention_days: int = DEFAULT_RETENTION_DAYS):
        if retention_days < 1:
            raise ValueError("the retention period must be at least one day")
        self.retention = timedelta(days=retention_days)
        parsed = make_url(url)
        sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
            None,
            "",
            ":memory:",
        )
        if sqlite_file:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(
            url,
            future=True,
            connect_args={"check_same_thread": False}
            if parsed.get_backend_name() == "sqlite"
            else {},
        )
        metadata.create_all(self.engine)
        if sqlite_file:
            os.chmod(parsed.database, 0o600)

    def record_verdict(
        self,
        channel: str,
        instance: str,
        assessment: Mapping[str, Any],
        facts: Mapping[str, Any],
        service: Optional[str] = None,
        record_id: Optional[str] = None,
        now: Optional[datetime] = None,
    ) -> str:
        """Store one verdict with the facts and evidence behind it; returns its id."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        record_id = record_id or str(uuid.uuid4())
        now = _utc(now)
        with self.engine.begin() as db:
            db.execute(
                verdicts.insert().values(
                    id=record_id,
                    created_at=now,
                    channel=channel,
                    instance=str(instance),
                    service=service,
                    verdict=assessment["verdict"],
                    rules_version=assessment["rules_version"],
                    facts=json.dumps(facts, default=str),
                    assessment=json.dumps(assessment, default=str),
                )
            )
        self.purge(now)
        return record_id

    def record_feedback(
        self,
        verdict_id: str,
        outcome: str,
        override_reason: Optional[Mapping[str, Any]] = None,
        user_comment: Optional[str] = None,
        outcome_time: Optional[datetime] = None,
    ) -> bool:
        """Join the client's feedback to its verdict; False when no such verdict is kept."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        with self.engine.begin() as db:
            if db.execute(select(verdicts.c.id).where(verdicts.c.id == verdict_id)).first() is None:
                return False
            db.execute(
                feedback.insert().values(
                    verdict_id=verdict_id,
                    outcome=outcome,
                    override_reason=json.dumps(override_reason) if override_reason else None,
                    user_comment=user_comment,
                    outcome_time=_utc(outcome_time) if outcome_time else None,
                    received_at=_utc(),
                )
            )
        return True

    def get(self, record_id: str, max_age: Optional[timedelta] = None) -> Optional[Dict]:
        """One verdict with its feedback; None when unknown or older than max_age."""
        rows = self.export(record_id=record_id)
        if not rows or (max_age and _utc() - rows[0]["created_at"] > max_age):
            return None
        return rows[0]

    def export(
        self, since: Optional[datetime] = None, record_id: Optional[str] = None
    ) -> List[Dict[str, Any]]:
        """Every kept verdict, oldest first, each with its feedback."""
        self.purge()
        query = select(verdicts).order_by(verdicts.c.created_at, verdicts.c.id)
        if since is not None:
            query = query.where(verdicts.c.created_at >= _utc(since))
        if record_id is not None:
            query = query.where(verdicts.c.id == record_id)
        with self.engine.connect() as db:
            rows = [dict(row._mapping) for row in db.execute(query)]
            notes = db.execute(select(feedback).order_by(feedback.c.id)).fetchall()
        joined: Dict[str, List[Dict[str, Any]]] = {}
        for note in notes:
            joined.setdefault(note.verdict_id, []).append(
                {
                    "outcome": note.outcome,
                    "override_reason": json.loads(note.override_reason)
                    if note.override_reason
                    else None,
                    "user_comment": note.user_comment,
                    "outcome_time": note.outcome_time.isoformat() + "Z"
                    if note.outcome_time
                    else None,
                    "received_at": note.received_at.isoformat() + "Z",
                }
            )
        for row in rows:
            row["facts"] = json.loads(row["facts"])
            row["assessment"] = json.loads(row["assessment"])
            row["feedback"] = joined.get(row["id"], [])
        return rows

    def purge(self, now: Optional[datetime] = None) -> int:
        """Delete what is older than the retention period; the number of verdicts deleted."""
        cutoff = _utc(now) - self.retention
        with self.engine.begin() as db:
            old = select(verdicts.c.id).where(verdicts.c.created_at < cutoff)
            db.execute(delete(feedback).where(feedback.c.verdict_id.in_(old)))
            return db.execute(delete(verdicts).where(verdicts.c.created_at < cutoff)).rowcount


def as_json(rows: List[Dict[str, Any]]) -> str:
    return json.dumps(
        [{**row, "created_at": row["created_at"].isoformat() + "Z"} for row in rows],
        indent=1,
        default=str,
    )


def as_csv(rows: List[Dict[str, Any]]) -> str:
    """One line per verdict; facts and feedback as JSON cells."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row["created_at"].isoformat() + "Z"
                if key == "created_at"
                else json.dumps(row[key])
                if key in ("facts", "feedback")
                else row[key]
                if row[key] is not None
                else ""
                for key in CSV_COLUMNS
            ]
        )
    return out.getvalue()


def store_from_env(env: Mapping[str, str] = os.environ) -> AuditStore:
    return _store(
        env.get("AUDIT_DB_URL") or DEFAULT_URL,
        int(env.get("AUDIT_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS),
    )


@lru_cache(maxsize=4)
def _store(url: str, retention_days: int) -> AuditStore:
    return AuditStore(url, retention_days)


def default_store() -> AuditStore:
    """The store this process's environment configures (one per URL)."""
    return store_from_env()


def record_verdict(
    channel: str,
    instance: str,
    assessment: Mapping[str, Any],
    facts: Mapping[str, Any],
    service: Optional[str] = None,
    record_id: Optional[str] = None,
) -> str:
    """Store a verdict in the configured audit trail (the chat's assessment action calls this
    with channel "chat" and the conversation id)."""
    return default_store().record_verdict(channel, instance, assessment, facts, service, record_id)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m guideline.audit",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="print every kept verdict with its feedback")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument(
        "--since",
        type=datetime.fromisoformat,
        help="only verdicts from this UTC date/time on (YYYY-MM-DD[THH:MM])",
    )
    commands.add_parser("purge", help="delete what is older than the retention period")
    args = parser.parse_args(argv)
    store = default_store()
    if args.command == "purge":
        print(f"deleted {store.purge()} verdicts older than {store.retention.days} days")
        return 0
    rows = store.export(since=args.since)
    sys.stdout.write(as_csv(rows) if args.format == "csv" else as_json(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
