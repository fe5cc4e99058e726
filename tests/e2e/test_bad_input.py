"""CONTRACT section 5: bad input gets HTTP 200 and a reply, and the servers go on; a malformed
request gets a 4xx with its reason (sections 5 and 6)."""

import json
import sqlite3
import time
import urllib.error
import urllib.request
import uuid

import pytest

from scripts.judge import reply_text

BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "markup": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql injection": "'; DROP TABLE events; --",
    "template injection": "{{7*7}} ${jndi:ldap://x} {% raw %}",
    "control characters": "\x00\x01\x07\x1b[31mred\x1b[0m\x7f",
    "emoji": "\U0001f600\U0001f489\U0001f3e5 pump? \U0001f914",
    "20,000 characters": "pain pump trial " * 1250,
    "unicode noise": "\u202e\u200b\ufeffȸ̸̢̛̗̫͎ͮ",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_prompt_plain_reply(rest, name):
    started = time.monotonic()
    [reply] = rest.conversation(BAD_INPUTS[name])
    assert time.monotonic() - started < 10
    text = reply_text(reply)
    assert reply and text.strip(), "every message gets an answer"
    assert "<script" not in text and "<img" not in text and "\x00" not in text


def test_markup_inside_a_patient_description_is_not_echoed(rest):
    [reply] = rest.conversation(
        "<b>Metastatic lung cancer</b>, failed escalating opioids, IT trial 70% "
        "<script>alert(1)</script>, LE 12 months, psych eval done, afebrile, INR 1.0"
    )
    text = reply_text(reply)
    assert "<b>" not in text and "<script" not in text
    assert "70%" in text


def test_conversation_goes_on_after_bad_input(rest):
    replies = rest.conversation("", "\x00<script>", "what are the contraindications?")
    assert "infection" in reply_text(replies[-1]).lower()


def test_server_survives_all_bad_input_and_a_non_string_message(assistant, rest):
    sender = "bad-input-survivor"
    for message in (12345, None, ["a", "list"]):
        try:
            rest.send(sender, message)
        except Exception:  # a 4xx for a malformed request body is acceptable
            pass
    [reply] = rest.conversation("hello")
    assert reply_text(reply)


# CONTRACT sections 5 and 6 over HTTP: malformed, oversized and cross-site requests are refused
# with a reason, on the REST route and the chat page's route alike.
ROUTES = ["/webhooks/rest/webhook", "/webhooks/webchat/webhook"]
JSON = {"Content-Type": "application/json"}
MALFORMED = {
    "no body": (b"", "empty body"),
    "not JSON": (b"{sender: x", "not valid JSON"),
    "a JSON array": (b'[{"sender": "a", "message": "hi"}]', "not an object"),
    "message a number": (b'{"sender": "a", "message": 12345}', "message must be a string"),
    "message null": (b'{"sender": "a", "message": null}', "message must be a string"),
    "no sender": (b'{"message": "hello"}', "sender is required"),
    "empty sender": (b'{"sender": " ", "message": "hello"}', "sender is required"),
}


def answer(url, body, headers):
    """Status and JSON body, whatever the status."""
    request = urllib.request.Request(url, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def stored_senders(assistant):
    with sqlite3.connect(assistant.run_dir / "tracker.db") as db:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_request_gets_400_and_a_one_line_reason(assistant, route, name):
    body, reason = MALFORMED[name]
    status, reply = answer(assistant.base_url + route, body, JSON)
    assert status == 400 and reason in reply["error"] and "\n" not in reply["error"]


@pytest.mark.parametrize("route", ROUTES)
def test_only_json_from_the_same_site_is_accepted(assistant, route):
    body = json.dumps({"sender": f"site-{uuid.uuid4().hex}", "message": "hello"}).encode()
    url = assistant.base_url + route
    assert answer(url, body, {"Content-Type": "text/plain"})[0] == 415
    assert answer(url, body, {**JSON, "Origin": "https://elsewhere.example"})[0] == 403
    assert answer(url, body, {**JSON, "Sec-Fetch-Site": "cross-site"})[0] == 403
    same_site = {**JSON, "Origin": assistant.base_url, "Sec-Fetch-Site": "same-origin"}
    assert answer(url, body, same_site)[0] == 200


def test_a_body_over_the_limit_gets_413_and_is_not_stored(assistant):
    sender = f"big-{uuid.uuid4().hex}"
    body = json.dumps({"sender": sender, "message": "pain pump " * 7000}).encode()
    status, reply = answer(assistant.rest_url, body, JSON)
    assert status == 413 and "limit" in reply["error"]
    assert sender not in stored_senders(assistant)


def test_readiness_reports_each_store_and_the_action_server(assistant):
    with urllib.request.urlopen(assistant.base_url + "/webhooks/rest/ready", timeout=10) as ready:
        assert json.loads(ready.read()) == {
            "status": "ok",
            "tracker_store": "ok",
            "lock_store": "ok",
            "action_server": "ok",
        }


def test_files_holding_conversations_are_the_owners_only(assistant, rest):
    rest.conversation("hello")
    for path in [assistant.run_dir / "tracker.db", *assistant.run_dir.glob("*.log")]:
        assert path.stat().st_mode & 0o077 == 0, path
