"""A test playing the EHR against the real Rasa server: discovery, hooks for every example
vignette as FHIR (same verdict as the chat over REST on the same server), feedback, the audit
export, and what a caller without the right JWT gets."""

import csv
import io
import json
import urllib.error
import urllib.request
import uuid

import pytest

from scripts.judge import assessment as chat_assessment
from scripts.servers import send_message
from tests.cds.conftest import validate
from tests.cds.fhir_builder import hook_request, load_cases
from tests.cds.test_vignettes import VIGNETTES

SERVICES = "/webhooks/cds/cds-services"
PATIENT_VIEW = "intrathecal-pump-assessment"


def call(url, body=None, token=None, raw=None, method=None):
    """(status, parsed JSON or text) of one HTTP call, as a CDS client makes it."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


class Ehr:
    """The CDS client: signs a fresh JWT for each call, with the called URL as audience."""

    def __init__(self, base, signer):
        self.base, self.signer = base, signer

    def get(self, path, **kwargs):
        return call(self.base + path, token=self.signer.token(self.base + path), **kwargs)

    def post(self, path, body=None, **kwargs):
        return call(self.base + path, body, token=self.signer.token(self.base + path), **kwargs)


@pytest.fixture(scope="module")
def ehr(cds_server, signer):
    return Ehr(cds_server.base_url, signer)


def test_discovery_follows_the_specification(ehr):
    status, body = ehr.get(SERVICES)
    assert status == 200
    validate(body, "discovery")
    assert {s["hook"] for s in body["services"]} == {"patient-view", "order-select"}
    assert all("{{context.patientId}}" in s["prefetch"]["conditions"] for s in body["services"])


def test_calls_without_a_valid_jwt_are_refused(cds_server, ehr, other_signer, signer):
    url = cds_server.base_url + SERVICES
    assert call(url)[0] == 401
    assert call(url, token=other_signer.token(url))[0] == 401
    assert call(url, token=signer.token(url, lifetime=-120))[0] == 401
    assert call(url, token=signer.token(url + "/elsewhere"))[0] == 401
    body = hook_request(load_cases()[0])
    status, answer = call(f"{url}/{PATIENT_VIEW}", body, token=other_signer.token(url))
    assert status == 401 and "cards" not in answer


def test_without_a_key_set_the_routes_answer_503(assistant):
    status, body = call(assistant.base_url + SERVICES)
    assert status == 503 and "CDS_JWKS_FILE" in body["error"]


def statuses(assessment):
    return {
        row["id"]: row["status"] for row in assessment["criteria"] + assessment["contraindications"]
    }


def test_every_vignette_as_fhir_gets_the_chats_verdict_and_is_audited(cds_server, ehr):
    cards, chats, mismatches = {}, {}, []
    for case in load_cases():
        status, body = ehr.post(f"{SERVICES}/{PATIENT_VIEW}", hook_request(case))
        assert status == 200, body
        validate(body, "response")
        [card] = body["cards"]
        status, stored = call(
            card["links"][0]["url"].replace(
                "/webhooks/webchat/chat/?assessment=", "/webhooks/cds/assessments/"
            )
        )
        assert status == 200
        sender = f"cds-test-{uuid.uuid4().hex}"
        replies = [
            send_message(cds_server.rest_url, sender, turn)
            for turn in VIGNETTES[case["id"]]["turns"]
        ]
        chat = [chat_assessment(r) for r in replies if chat_assessment(r)][-1]
        hook = stored["assessment"]
        if (hook["verdict"], statuses(hook)) != (chat["verdict"], statuses(chat)):
            mismatches.append((case["id"], hook["verdict"], chat["verdict"]))
        assert hook["rules_version"] == chat["rules_version"]
        cards[card["uuid"]] = hook["verdict"]
        chats[sender] = chat["verdict"]
    assert mismatches == []
    # The link opens the chat page.
    assert call(card["links"][0]["url"])[0] == 200
    # Feedback joins its card; the export holds every verdict of this run.
    overridden, accepted = list(cards)[:2]
    status, body = ehr.post(
        f"{SERVICES}/{PATIENT_VIEW}/feedback",
        {
            "feedback": [
                {
                    "card": overridden,
                    "outcome": "overridden",
                    "outcomeTimestamp": "2026-01-02T10:00:00Z",
                    "overrideReason": {
                        "reason": {
                            "system": "urn:pumpguide:cds:override-reason",
                            "code": "record-incomplete",
                            "display": "The record is incomplete or out of date",
                        },
                        "userComment": "trial repeated last week",
                    },
                },
                {
                    "card": accepted,
                    "outcome": "accepted",
                    "outcomeTimestamp": "2026-01-02T10:01:00Z",
                },
                {
                    "card": str(uuid.uuid4()),
                    "outcome": "accepted",
                    "outcomeTimestamp": "2026-01-02T10:02:00Z",
                },
            ]
        },
    )
    assert status == 200 and body["recorded"] == 2 and len(body["unknown_cards"]) == 1
    export = cds_server.base_url + "/webhooks/cds/audit"
    token = cds_server.settings["AUDIT_EXPORT_TOKEN"]
    assert call(export + "?format=json")[0] == 401
    assert call(export + "?format=json", token="wrong")[0] == 401
    status, rows = call(export + "?format=json", token=token)
    kept = {row["id"]: row for row in rows}
    assert status == 200 and set(cards) <= set(kept)
    assert all(kept[c]["verdict"] == v and kept[c]["channel"] == "cds" for c, v in cards.items())
    assert kept[overridden]["feedback"][0]["override_reason"]["code"] == "record-incomplete"
    assert kept[overridden]["feedback"][0]["user_comment"] == "trial repeated last week"
    assert kept[accepted]["feedback"][0]["outcome"] == "accepted"
    assert all(kept[c]["facts"] and kept[c]["rules_version"] for c in cards)
    # The chat's verdicts are in the same trail: the latest of each conversation is its reply's.
    latest = {}
    for row in sorted(rows, key=lambda r: r["created_at"]):
        if row["channel"] == "chat":
            latest[row["instance"]] = row["verdict"]
    assert {sender: latest.get(sender) for sender in chats} == chats
    status, text = call(export + "?format=csv", token=token)
    table = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert status == 200 and set(cards) <= set(table)
    assert json.loads(table[overridden]["feedback"])[0]["outcome"] == "overridden"


@pytest.mark.parametrize(
    "raw, mutate, status, reason",
    [
        (b"{not json", None, 400, "not JSON"),
        (None, lambda b: b.pop("hookInstance"), 400, "hookInstance"),
        (
            None,
            lambda b: b["prefetch"]["labs"]["entry"][0]["resource"].update(
                effectiveDateTime="last tuesday"
            ),
            400,
            "effectiveDateTime",
        ),
        (None, lambda b: b.pop("prefetch"), 412, "prefetch"),
        (b" " * (5 * 1024 * 1024 + 1), None, 413, "too large"),
    ],
)
def test_malformed_hook_requests(ehr, raw, mutate, status, reason):
    body = hook_request(next(c for c in load_cases() if c["id"] == "ex01"))
    if mutate:
        mutate(body)
    got, answer = ehr.post(f"{SERVICES}/{PATIENT_VIEW}", body, raw=raw)
    assert got == status and reason in answer["error"]


def test_unknown_service_and_malformed_feedback(ehr):
    assert ehr.post(f"{SERVICES}/no-such-service", {"hook": "patient-view"})[0] == 404
    status, body = ehr.post(
        f"{SERVICES}/{PATIENT_VIEW}/feedback",
        {
            "feedback": [
                {"card": "x", "outcome": "ignored", "outcomeTimestamp": "2026-01-02T10:00:00Z"}
            ]
        },
    )
    assert status == 400 and "outcome" in body["error"]
    assert ehr.get("/webhooks/cds/assessments/not-a-uuid")[0] == 404
