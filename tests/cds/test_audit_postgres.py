"""The audit trail on PostgreSQL, as production configures it (AUDIT_DB_URL=postgresql://...).

Runs a throwaway PostgreSQL cluster on a free loopback port when PostgreSQL's server binaries
are installed (Debian: apt-get install postgresql); skipped, saying so, where they are not.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

from guideline.assessment_text import assessment_payload
from guideline.audit import AuditStore
from guideline.eligibility import assess
from scripts.servers import free_port


def _binary(name):
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


@pytest.fixture(scope="module")
def postgres_url():
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries not installed: audit on PostgreSQL not tested")
    data = tempfile.mkdtemp(prefix="audit-pg-")
    run_as = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(data, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        run_as + [initdb, "-D", data, "-U", "audit", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        run_as
        + [
            pg_ctl,
            "-D",
            data,
            "-w",
            "-l",
            f"{data}/log",
            "-o",
            f"-p {port} -k {data} -c listen_addresses=127.0.0.1",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://audit@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(run_as + [pg_ctl, "-D", data, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def test_verdicts_feedback_and_retention_on_postgresql(postgres_url, kb):
    from datetime import datetime, timedelta, timezone

    facts = {"inr": {"value": 2.0, "evidence": "INR 2.0"}}
    payload = assessment_payload(kb, assess(kb, facts))
    store = AuditStore(postgres_url, retention_days=30)
    old = store.record_verdict(
        "cds", "h-old", payload, facts, now=datetime.now(timezone.utc) - timedelta(days=40)
    )
    card = store.record_verdict("cds", "h-1", payload, facts, service="svc")
    assert store.record_feedback(card, "overridden", {"system": "urn:x", "code": "c"}, "why")
    rows = {row["id"]: row for row in store.export()}
    assert old not in rows and rows[card]["verdict"] == "contraindicated"
    assert rows[card]["facts"] == facts and rows[card]["feedback"][0]["user_comment"] == "why"
