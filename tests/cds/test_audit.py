"""The audit trail: verdicts with their facts and evidence, feedback joined, retention, export."""

import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from guideline.assessment_text import assessment_payload
from guideline.audit import AuditStore, as_csv, as_json, store_from_env
from guideline.eligibility import assess, rules_version
from scripts.servers import ROOT

FACTS = {
    "inr": {"value": 1.1, "evidence": "INR 1.1"},
    "active_infection": {"value": "present", "evidence": "on IV antibiotics"},
}


@pytest.fixture
def store(tmp_path):
    return AuditStore(f"sqlite:///{tmp_path / 'audit.db'}", retention_days=30)


@pytest.fixture
def assessment(kb):
    return assessment_payload(kb, assess(kb, FACTS))


def test_a_verdict_is_kept_with_its_facts_and_rules_version(store, assessment):
    record_id = store.record_verdict("chat", "conversation-1", assessment, FACTS)
    [row] = store.export()
    assert row["id"] == record_id and row["channel"] == "chat"
    assert row["instance"] == "conversation-1" and row["verdict"] == "contraindicated"
    assert row["facts"]["active_infection"]["evidence"] == "on IV antibiotics"
    assert row["rules_version"] == rules_version() and len(row["rules_version"]) == 12
    assert row["assessment"]["verdict"] == "contraindicated" and row["feedback"] == []
    given = store.record_verdict("cds", "hook-1", {**assessment, "rules_version": "v2-abc"}, FACTS)
    assert store.get(given)["rules_version"] == "v2-abc"


def test_feedback_joins_its_card(store, assessment):
    card = "4e0a3a1e-3283-4575-ab82-028d55fe2719"
    store.record_verdict("cds", "hook-1", assessment, FACTS, service="svc", record_id=card)
    other = store.record_verdict("cds", "hook-2", assessment, FACTS, service="svc")
    reason = {"system": "urn:x", "code": "clinical-judgement", "display": "Clinical judgement"}
    assert store.record_feedback(
        card,
        "overridden",
        reason,
        "ID cleared him yesterday",
        datetime(2026, 1, 2, tzinfo=timezone.utc),
    )
    assert not store.record_feedback("no-such-card", "accepted")
    rows = {row["id"]: row for row in store.export()}
    [note] = rows[card]["feedback"]
    assert note["outcome"] == "overridden" and note["override_reason"] == reason
    assert note["user_comment"] == "ID cleared him yesterday"
    assert note["outcome_time"] == "2026-01-02T00:00:00Z" and rows[other]["feedback"] == []
    with pytest.raises(ValueError):
        store.record_feedback(card, "ignored")


def test_retention_deletes_old_verdicts_and_their_feedback(store, assessment):
    old = store.record_verdict(
        "cds", "old", assessment, FACTS, now=datetime.now(timezone.utc) - timedelta(days=31)
    )
    recent = store.record_verdict("cds", "new", assessment, FACTS)
    assert [row["id"] for row in store.export()] == [recent]
    assert store.get(old) is None
    assert store.get(recent, max_age=timedelta(seconds=-1)) is None  # a link past its time
    with pytest.raises(ValueError):
        AuditStore("sqlite://", retention_days=0)


def test_csv_and_json_exports(store, assessment):
    store.record_verdict("chat", "c1", assessment, FACTS)
    store.record_verdict("cds", "h1", assessment, FACTS, service="svc")
    rows = store.export()
    table = list(csv.DictReader(io.StringIO(as_csv(rows))))
    assert [r["channel"] for r in table] == ["chat", "cds"]
    assert json.loads(table[0]["facts"]) == FACTS and table[1]["service"] == "svc"
    assert table[0]["created_at"].endswith("Z")
    parsed = json.loads(as_json(rows))
    assert parsed[1]["instance"] == "h1" and parsed[0]["assessment"]["verdict"] == "contraindicated"


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "sub" / "audit.db"
    AuditStore(f"sqlite:///{path}")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_store_follows_the_environment(tmp_path, assessment):
    env = {"AUDIT_DB_URL": f"sqlite:///{tmp_path / 'env.db'}", "AUDIT_RETENTION_DAYS": "7"}
    store = store_from_env(env)
    assert store is store_from_env(env) and store.retention == timedelta(days=7)


def test_the_cli_exports_and_purges(tmp_path, assessment):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    AuditStore(url).record_verdict("cds", "hook-cli", assessment, FACTS)
    env = dict(os.environ, AUDIT_DB_URL=url, PYTHONPATH=str(ROOT))
    run = [sys.executable, "-m", "guideline.audit"]
    out = subprocess.run(
        run + ["export", "--format", "csv"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert "hook-cli" in out and out.startswith("id,created_at,channel")
    out = subprocess.run(
        run + ["export", "--format", "json", "--since", "2999-01-01"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert json.loads(out) == []
    out = subprocess.run(
        run + ["purge"], env=env, capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert out.startswith("deleted 0 verdicts older than 30 days")


def test_record_verdict_uses_the_configured_store(tmp_path, monkeypatch, assessment):
    from guideline.audit import record_verdict

    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{tmp_path / 'chat.db'}")
    record_id = record_verdict("chat", "sender-1", assessment, FACTS)
    [row] = AuditStore(f"sqlite:///{tmp_path / 'chat.db'}").export()
    assert row["id"] == record_id and row["instance"] == "sender-1"
    with pytest.raises(ValueError):
        record_verdict("fax", "x", assessment, FACTS)
