"""What the browser keeps: the conversation survives a reload (and the server still knows the
patient), lives in sessionStorage rather than localStorage, and expires (12 hours after the last
message by default, or what the channel's /about says), on a reload or while the page is open.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.web.conftest import (
    QUESTION,
    VIGNETTE_WITHOUT_PSYCH,
    latest_card,
    new_page,
    open_widget,
    screenshot,
    send,
)

RECORD = "JSON.parse(sessionStorage.getItem('itpump-webchat.v2'))"
HOUR_MS = 3600 * 1000


def test_reload_keeps_the_conversation_and_the_patients_facts(page, widget_url):
    send(page, VIGNETTE_WITHOUT_PSYCH)
    expect(latest_card(page)).to_have_attribute("data-verdict", "needs_information")
    sender = page.evaluate(RECORD)["sender"]
    turns = page.locator(".turn").count()

    open_widget(page, widget_url)  # a reload of the same page
    assert page.evaluate(RECORD)["sender"] == sender
    expect(page.locator(".turn")).to_have_count(turns)
    expect(latest_card(page)).to_have_attribute("data-verdict", "needs_information")

    # The server still knows the patient: the missing fact completes the assessment.
    send(page, "Psych evaluation completed and she was cleared.")
    expect(latest_card(page)).to_have_attribute("data-verdict", "meets_criteria")


def test_nothing_is_kept_in_local_storage(page, widget_url):
    page.evaluate(
        "localStorage.setItem('itpump-webchat.transcript.v1', '{\"entries\": []}');"
        "localStorage.setItem('itpump-webchat.sender', 'an-old-sender-id')"
    )
    open_widget(page, widget_url)
    send(page, QUESTION)
    assert page.evaluate("localStorage.length") == 0  # the earlier page's keys are gone
    record = page.evaluate(RECORD)
    assert [e["type"] for e in record["entries"]] == ["user", "bot"]


def test_an_expired_transcript_is_gone_after_a_reload(page, widget_url):
    send(page, QUESTION)
    old = page.evaluate(RECORD)
    page.evaluate(f"""() => {{ const r = {RECORD}; r.saved = Date.now() - 12 * {HOUR_MS} - 60000;
                     sessionStorage.setItem('itpump-webchat.v2', JSON.stringify(r)); }}""")
    open_widget(page, widget_url)
    expect(page.locator(".turn")).to_have_count(0)
    expect(page.locator(".page-notice")).to_contain_text("expire after 12 hours")
    assert page.evaluate(RECORD) is None
    send(page, QUESTION)
    assert page.evaluate(RECORD)["sender"] != old["sender"]  # a new conversation
    screenshot(page, "09-transcript-expired")


def test_a_transcript_expires_while_the_page_is_open(browser, assistant, widget_url):
    page = new_page(browser, assistant)
    try:
        page.clock.install()
        open_widget(page, widget_url)
        send(page, QUESTION)
        sender = page.evaluate(RECORD)["sender"]
        page.clock.fast_forward("11:58:00")
        expect(page.locator(".bot-turn")).to_have_count(1)  # not yet
        page.clock.fast_forward("00:03:00")
        expect(page.locator(".turn")).to_have_count(0)
        expect(page.locator(".page-notice")).to_be_visible()
        expect(page.locator("#status")).to_contain_text("expire")
        send(page, QUESTION)
        assert page.evaluate(RECORD)["sender"] != sender
    finally:
        page.context.close()


def test_the_expiry_comes_from_the_channel(browser, assistant, widget_url):
    """/about's transcript_hours (credentials.yml) sets the expiry: 1 hour here."""
    page = new_page(browser, assistant)

    def one_hour(route):
        response = route.fetch()
        about = {**response.json(), "transcript_hours": 1}
        route.fulfill(response=response, body=json.dumps(about))

    try:
        page.route("**/webhooks/webchat/about", one_hour)
        page.clock.install()
        open_widget(page, widget_url)
        send(page, QUESTION)
        page.clock.fast_forward("00:58:00")
        expect(page.locator(".bot-turn")).to_have_count(1)
        page.clock.fast_forward("00:03:00")
        expect(page.locator(".turn")).to_have_count(0)
        expect(page.locator(".page-notice")).to_contain_text("expire after 1 hour.")
    finally:
        page.context.close()
