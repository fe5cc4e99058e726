"""The clinicians' chat page in headless Chromium, against the real action and Rasa servers.

Ask and see cited answers (focus into the citation popover and back), reply buttons, markup
shown as text, the renderer on a crafted reply, and the assistant being unreachable (which keeps
the typed text). The server-down test stops and restarts the Rasa server, so it stays the last
test of the last module of tests/web.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

from guideline.knowledge import default_knowledge
from tests.web.conftest import (
    QUESTION,
    REPLY_TIMEOUT_MS,
    WEBHOOK,
    WIDGET_PATH,
    assert_no_axe_violations,
    focused_id,
    screenshot,
    send,
)

KB = default_knowledge()
MARKUP = "<img src=x onerror=alert(1)><b>bold</b>"
MODULES = [
    "main.js",
    "api.js",
    "storage.js",
    "dom.js",
    "markdown.js",
    "citations.js",
    "card.js",
    "transcript.js",
]


def test_page_comes_from_the_assistant_with_disclaimer_date_and_notice(page, assistant):
    expect(page).to_have_title("Intrathecal pump guideline assistant")
    expect(page.locator("#disclaimer-text")).to_have_text(KB.source["disclaimer"].strip())
    expect(page.locator("#disclaimer")).to_be_in_viewport()
    expect(page.locator("#source-date")).to_have_text(KB.source["last_updated"])
    expect(page.locator("#source-date")).to_be_in_viewport()
    expect(page.locator("#phi-notice")).to_contain_text("identifying patient data")
    expect(page.locator("#message-input")).to_have_accessible_name("Message to the assistant")
    assert focused_id(page) == "message-input"

    # Same origin, nothing from anywhere else, and a policy that forbids it.
    assert page.watch.foreign_requests == []
    response = page.request.get(assistant.base_url + WIDGET_PATH)
    assert response.ok
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # The front end is ES modules served by the same channel; nothing else from web/.
    for module in MODULES:
        served = page.request.get(assistant.base_url + WIDGET_PATH + module)
        assert served.ok and served.headers["content-type"].startswith("text/javascript"), module
    for other in ("README.md", "axe.min.js", "../connectors/webchat.py"):
        assert page.request.get(assistant.base_url + WIDGET_PATH + other).status == 404, other

    # The JSON routes, from the knowledge base; reference 6 has no invented title.
    about = page.request.get(assistant.base_url + "/webhooks/webchat/about").json()
    assert about["last_updated"] == KB.source["last_updated"]
    assert about["transcript_hours"] == 12
    references = page.request.get(assistant.base_url + "/webhooks/webchat/references").json()
    numbers = [ref["number"] for ref in references["references"]]
    assert numbers == sorted(KB.references)
    assert references["references"][5]["title"] is None and references["references"][5]["note"]

    # The message route is Rasa's REST channel, same JSON in and out.
    reply = page.request.post(
        assistant.base_url + "/webhooks/webchat/webhook",
        data=json.dumps({"sender": "web-test-rest", "message": QUESTION}),
        headers={"Content-Type": "application/json"},
    ).json()
    assert (
        isinstance(reply, list)
        and reply
        and all(m["recipient_id"] == "web-test-rest" for m in reply)
    )
    assert page.watch.errors == []


def test_citation_popover_takes_the_focus_and_gives_it_back(page):
    reply = send(page, QUESTION)
    assert focused_id(page) == "message-input"  # Enter sent it; the focus stayed
    expect(reply.locator(".message.bot strong").first).to_be_visible()  # **title** rendered
    citation = reply.locator(".message.bot .cite").first
    number = int(citation.get_attribute("data-ref"))
    reference = KB.references[number]

    citation.focus()
    page.keyboard.press("Enter")
    popover = page.locator("#ref-popover")
    expect(popover).to_be_visible()
    expect(popover).to_be_focused()
    expect(popover).to_contain_text(reference.title or "Title not printed in the source")
    if reference.title:
        expect(popover).to_contain_text(reference.published_in)
        expect(popover).to_contain_text(str(reference.year))
    expect(citation).to_have_attribute("aria-expanded", "true")
    # Tab walks the popover's own controls, then leaves it back at the citation.
    page.keyboard.press("Tab")
    expect(page.locator("#ref-popover-close")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#ref-popover-all")).to_be_focused()
    page.keyboard.press("Tab")
    expect(popover).to_be_hidden()
    expect(citation).to_be_focused()
    # Escape closes it and the focus returns to the citation too.
    page.keyboard.press("Enter")
    expect(popover).to_be_focused()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(citation).to_be_focused()

    citation.click()
    page.locator("#ref-popover-all").click()
    panel = page.locator("#references-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("li[id^='ref-']")).to_have_count(len(KB.references))
    expect(panel.locator(f"#ref-{number}")).to_have_class("highlight")
    expect(panel.locator(f"#ref-{number}")).to_be_focused()
    expect(panel.locator("#ref-6")).to_contain_text("Title not printed in the source")
    for ref in KB.references.values():
        if ref.title:
            expect(panel.locator(f"#ref-{ref.number}")).to_contain_text(ref.title)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator("#references-toggle")).to_be_focused()
    assert page.watch.errors == []


def test_reply_button_sends_its_question(page):
    reply = send(page, QUESTION)
    button = reply.locator(".reply-button").first
    expect(button).to_be_visible()
    question = button.inner_text()
    turns = page.locator(".bot-turn").count()

    button.click()
    expect(page.locator(".user-turn .user-text").last).to_have_text(question)
    expect(page.locator(".bot-turn")).to_have_count(turns + 1)
    answer = page.locator(".bot-turn").last.locator(".message.bot").first
    expect(answer).to_be_visible()
    assert len(answer.inner_text().strip()) > 20
    assert focused_id(page) == "message-input"
    # The new answer is spoken through the status region.
    expect(page.locator("#status")).not_to_be_empty()


def test_markup_is_shown_as_text(page):
    send(page, MARKUP)
    expect(page.locator(".user-turn .user-text").last).to_have_text(MARKUP)
    expect(page.locator("#transcript img")).to_have_count(0)
    expect(page.locator("#transcript b")).to_have_count(0)
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    page.wait_for_timeout(300)
    assert page.watch.dialogs == []


def test_renderer_escapes_assistant_text_and_renders_the_markdown_subset(page):
    """The renderer on a crafted reply (served in place of the assistant's, in the browser):
    markup in every field stays text, the markdown subset and citations are rendered."""
    evil = "<img src=x onerror=window.__pwned=1>"
    assessment_text = "**Assessment: Needs more information.**\n- Trial: unknown [1, 6]"
    crafted = [
        {"recipient_id": "x", "text": f"**Bold {evil}** and [1, 6][7]\n- first {evil}\n- second"},
        {
            "recipient_id": "x",
            "text": "<script>window.__pwned=2</script> plain",
            "buttons": [{"title": f"Button {evil}", "payload": "Button payload"}],
        },
        {"recipient_id": "x", "text": assessment_text},
        {
            "recipient_id": "x",
            "custom": {
                "assessment": {
                    "verdict": "needs_information",
                    "text": assessment_text,
                    "facts": {},
                    "headline": f"Needs information {evil}",
                    "chart_note": f"note {evil}",
                    "criteria": [
                        {
                            "id": "successful_trial",
                            "label": f"Trial {evil}",
                            "status": "unknown",
                            "evidence": evil,
                            "reason": "not stated",
                            "citations": [1, 6],
                        }
                    ],
                    "contraindications": [],
                    "missing": [f"the trial result {evil}"],
                }
            },
        },
    ]
    page.route(
        WEBHOOK,
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(crafted)
        ),
    )
    reply = send(page, "show me the renderer")
    first = reply.locator(".message.bot").first
    expect(first.locator("strong")).to_have_count(1)
    expect(first.locator("strong")).to_contain_text(evil)
    expect(first.locator("ul li")).to_have_count(2)
    expect(first.locator(".cite")).to_have_count(3)
    assert [c.get_attribute("data-ref") for c in first.locator(".cite").all()] == ["1", "6", "7"]
    expect(reply.locator(".reply-button")).to_have_text(f"Button {evil}")
    expect(reply.locator(".message.bot").nth(1)).to_contain_text("<script>")
    # The assessment's own text is replaced by the card.
    expect(reply.locator(".message.bot:not(.card-message)")).to_have_count(2)
    card = reply.locator(".assessment")
    expect(card.locator(".verdict-title")).to_have_text(f"Needs information {evil}")
    expect(card.locator(".row-evidence q")).to_have_text(evil)
    expect(card.locator(".missing li")).to_have_text(f"the trial result {evil}")
    card.locator(".copy-button").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"note {evil}"
    # Where no clipboard works, the note is shown selected for Ctrl+C.
    page.evaluate(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
        "document.execCommand = () => false"
    )
    card.locator(".copy-button").click()
    expect(card.locator(".copy-status")).to_contain_text("Copy did not work")
    shown = card.locator(".chart-note-text")
    expect(shown).to_be_focused()
    expect(shown).to_have_value(f"note {evil}")
    selected = page.evaluate(
        "(e => e.value.substring(e.selectionStart, e.selectionEnd))(document.activeElement)"
    )
    assert selected == f"note {evil}"
    expect(page.locator("#transcript img, #transcript script")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None
    assert page.watch.dialogs == []
    page.unroute(WEBHOOK)


# ---- last: the assistant unreachable -------------------------------------------------------


def test_unreachable_assistant_keeps_the_typed_text(page, assistant):
    typed = "Which patients with cancer pain are candidates?"
    turns = page.locator(".turn").count()
    assistant.stop_rasa()
    try:
        page.locator("#message-input").fill(typed)
        page.locator("#message-input").press("Enter")
        error = page.locator("#error")
        expect(error).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        expect(error).to_contain_text("cannot be reached")
        expect(error).to_have_attribute("role", "alert")
        expect(page.locator("#message-input")).to_have_value(typed)
        expect(page.locator(".turn")).to_have_count(turns)  # nothing pretends it was sent
        expect(page.locator("#typing")).to_be_hidden()
        assert focused_id(page) == "message-input"
        screenshot(page, "10-error-desktop")
        assert_no_axe_violations(page, "error")
    finally:
        assistant.start_rasa()

    # Back up: Enter sends the kept text, and the error goes away.
    page.locator("#message-input").press("Enter")
    expect(page.locator(".bot-turn")).to_have_count(1, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator("#error")).to_be_hidden()
    expect(page.locator("#message-input")).to_have_value("")
