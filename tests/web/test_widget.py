"""The clinicians' chat page in headless Chromium, against the real action and Rasa servers.

Issue 6: ask and see cited answers, assess a pasted vignette as a card, press a reply button,
start a new patient, markup shown as text, reload keeps the conversation, and the assistant
being unreachable keeps the typed text. Screenshots of each state go to
test-artifacts/screenshots/ (desktop and phone width). The server-down test stops and restarts
the Rasa server, so it stays the last test of this module.
"""
from __future__ import annotations

import json

from playwright.sync_api import expect

from guideline.knowledge import default_knowledge
from tests.web.conftest import REPLY_TIMEOUT_MS, WIDGET_PATH, open_widget, screenshot

KB = default_knowledge()
VIGNETTE = ("74-year-old woman with metastatic lung cancer, pain 9/10 on escalating hydromorphone "
            "and pregabalin, too drowsy. IT trial 80% relief. LE 10 months. Psych cleared. "
            "Afebrile with no sign of infection, platelets 190, INR 1.1.")
VIGNETTE_WITHOUT_PSYCH = ("74-year-old woman with metastatic lung cancer, pain 9/10 on escalating "
                          "hydromorphone and pregabalin, too drowsy. IT trial 80% relief. "
                          "LE 10 months. Afebrile with no sign of infection, platelets 190, "
                          "INR 1.1.")
QUESTION = "What is the primary indication for an intrathecal pain pump?"
CRITERIA = {"indication", "failed_conservative_management", "successful_trial",
            "life_expectancy", "psychological_evaluation"}
CONTRAINDICATIONS = {"active_infection", "coagulopathy", "short_life_expectancy"}
MARKUP = "<img src=x onerror=alert(1)><b>bold</b>"


# ---- helpers ----------------------------------------------------------------------------------

def send(page, text: str):
    """Type a message, press Enter, and return the assistant's reply (the new bot turn)."""
    turns = page.locator(".bot-turn")
    before = turns.count()
    page.locator("#message-input").fill(text)
    page.locator("#message-input").press("Enter")
    expect(turns).to_have_count(before + 1, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator("#typing")).to_be_hidden()
    return turns.last


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def latest_card(page):
    card = page.locator(".assessment").last
    expect(card).to_be_visible()
    return card


# ---- the page ---------------------------------------------------------------------------------

def test_page_comes_from_the_assistant_with_disclaimer_date_and_notice(page, assistant):
    expect(page).to_have_title("Intrathecal pump guideline assistant")
    expect(page.locator("#disclaimer-text")).to_have_text(KB.source["disclaimer"])
    expect(page.locator("#disclaimer")).to_be_in_viewport()
    expect(page.locator("#source-date")).to_have_text(KB.source["last_updated"])
    expect(page.locator("#source-date")).to_be_in_viewport()
    expect(page.locator("#phi-notice")).to_contain_text("identifying patient data")
    expect(page.locator("#message-input")).to_have_accessible_name("Message to the assistant")
    assert focused_id(page) == "message-input"
    screenshot(page, "01-empty")

    # Same origin, nothing from anywhere else, and a policy that forbids it.
    assert page.watch.foreign_requests == []
    response = page.request.get(assistant.base_url + WIDGET_PATH)
    assert response.ok
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert page.request.get(assistant.base_url + WIDGET_PATH + "README.md").status == 404

    # The JSON routes, from the knowledge base; reference 6 has no invented title.
    about = page.request.get(assistant.base_url + "/webhooks/webchat/about").json()
    assert about["last_updated"] == KB.source["last_updated"]
    references = page.request.get(assistant.base_url + "/webhooks/webchat/references").json()
    numbers = [ref["number"] for ref in references["references"]]
    assert numbers == sorted(KB.references)
    assert references["references"][5]["title"] is None and references["references"][5]["note"]

    # The message route is Rasa's REST channel, same JSON in and out.
    reply = page.request.post(assistant.base_url + "/webhooks/webchat/webhook",
                              data=json.dumps({"sender": "web-test-rest", "message": QUESTION}),
                              headers={"Content-Type": "application/json"}).json()
    assert isinstance(reply, list) and reply and all(m["recipient_id"] == "web-test-rest"
                                                     for m in reply)
    assert page.watch.errors == []


# ---- answers and references ------------------------------------------------------------------

def test_question_answered_with_working_citation_links(page):
    reply = send(page, QUESTION)
    assert focused_id(page) == "message-input"   # Enter sent it; the focus stayed
    expect(reply.locator(".message.bot strong").first).to_be_visible()   # **title** rendered
    citation = reply.locator(".message.bot .cite").first
    expect(citation).to_be_visible()
    number = int(citation.get_attribute("data-ref"))
    reference = KB.references[number]

    citation.click()
    popover = page.locator("#ref-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(reference.title or "Title not printed in the source")
    if reference.title:
        expect(popover).to_contain_text(reference.published_in)
        expect(popover).to_contain_text(str(reference.year))
    expect(citation).to_have_attribute("aria-expanded", "true")
    screenshot(page, "02-answer-with-reference-popover", phone=False)

    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    # Keyboard: the citation is a button, Enter opens it too.
    citation.focus()
    page.keyboard.press("Enter")
    expect(popover).to_be_visible()
    page.locator("#ref-popover-all").click()

    panel = page.locator("#references-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("li[id^='ref-']")).to_have_count(len(KB.references))
    expect(panel.locator(f"#ref-{number}")).to_have_class("highlight")
    expect(panel.locator("#ref-6")).to_contain_text("Title not printed in the source")
    for ref in KB.references.values():
        if ref.title:
            expect(panel.locator(f"#ref-{ref.number}")).to_contain_text(ref.title)
    screenshot(page, "03-references-panel")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
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
    screenshot(page, "04-button-answered", show=".user-turn")


# ---- the assessment card ---------------------------------------------------------------------

def test_vignette_gives_an_assessment_card_that_copies_as_text(page):
    reply = send(page, VIGNETTE)
    card = latest_card(page)
    expect(card).to_have_attribute("data-verdict", "meets_criteria")
    expect(card.locator(".verdict-title")).to_have_text("Meets criteria")

    prerequisites, contraindications = card.locator(".checklist").all()
    assert {row.get_attribute("data-id") for row in prerequisites.locator(".row").all()} == CRITERIA
    assert {row.get_attribute("data-id")
            for row in contraindications.locator(".row").all()} == CONTRAINDICATIONS
    for row in card.locator(".row").all():
        expect(row.locator(".status-icon")).to_be_visible()
        expect(row.locator(".status-word")).to_be_visible()
        if row.get_attribute("data-id") != "coagulopathy":  # decided by the project's own
            expect(row.locator(".cite").first).to_be_visible()  # thresholds: no citation
    expect(contraindications.locator(".row[data-id='coagulopathy'] .cite")).to_have_count(0)
    expect(prerequisites.locator(".row[data-status='met']")).to_have_count(5)
    expect(contraindications.locator(".row[data-status='absent']")).to_have_count(3)
    expect(card.locator(".row-evidence q").first).to_be_visible()

    # The plain-text assessment that came with the card is not shown a second time.
    for bubble in reply.locator(".message.bot:not(.card-message)").all():
        assert "Assessment:" not in bubble.inner_text()

    # A citation inside the card works like any other.
    card.locator(".cite").first.click()
    expect(page.locator("#ref-popover")).to_be_visible()
    page.keyboard.press("Escape")

    card.locator(".copy-button").click()
    expect(card.locator(".copy-status")).to_have_text("Copied as plain text.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Intrathecal pump assessment: MEETS CRITERIA")
    for row in card.locator(".row").all():
        assert row.locator(".row-label").inner_text() in copied
    assert "Met - " in copied and "Absent - " in copied and 'evidence: "' in copied
    assert "References:" in copied and "[1] " in copied
    assert KB.source["last_updated"] in copied
    screenshot(page, "05-assessment-card", show=".assessment")
    screenshot(page, "05-assessment-card-end", show=".assessment", block="end")


def test_reload_keeps_the_conversation_and_the_patients_facts(page, widget_url):
    send(page, VIGNETTE_WITHOUT_PSYCH)
    card = latest_card(page)
    expect(card).to_have_attribute("data-verdict", "needs_information")
    expect(card.locator(".missing li").first).to_be_visible()
    sender = page.evaluate("localStorage.getItem('itpump-webchat.sender')")
    turns = page.locator(".turn").count()
    screenshot(page, "06-needs-information", show=".assessment", block="end")

    open_widget(page, widget_url)          # a reload of the same page
    assert page.evaluate("localStorage.getItem('itpump-webchat.sender')") == sender
    expect(page.locator(".turn")).to_have_count(turns)
    expect(latest_card(page)).to_have_attribute("data-verdict", "needs_information")

    # The server still knows the patient: the missing fact completes the assessment.
    send(page, "Psych evaluation completed and she was cleared.")
    expect(latest_card(page)).to_have_attribute("data-verdict", "meets_criteria")


def test_new_patient_starts_a_clean_assessment(page):
    send(page, VIGNETTE)
    expect(latest_card(page)).to_have_attribute("data-verdict", "meets_criteria")

    page.locator("#new-patient").click()
    divider = page.locator(".new-patient-divider")
    expect(divider).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(divider).to_contain_text("New patient")
    expect(page.locator(".assessment")).to_have_count(0)
    expect(page.locator(".bot-turn")).to_have_count(1)
    expect(page.locator(".bot-turn .message.bot").first).to_be_visible()
    assert focused_id(page) == "message-input"
    screenshot(page, "07-new-patient")

    # The previous patient's facts are gone: one fact alone cannot meet the criteria.
    send(page, "IT trial gave 80% relief.")
    card = latest_card(page)
    expect(card).to_have_attribute("data-verdict", "needs_information")
    expect(card.locator(".row[data-id='psychological_evaluation']")).to_have_attribute(
        "data-status", "unknown")


# ---- safety --------------------------------------------------------------------------------

def test_markup_is_shown_as_text(page):
    send(page, MARKUP)
    expect(page.locator(".user-turn .user-text").last).to_have_text(MARKUP)
    expect(page.locator("#transcript img")).to_have_count(0)
    expect(page.locator("#transcript b")).to_have_count(0)
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    page.wait_for_timeout(300)
    assert page.watch.dialogs == []
    screenshot(page, "08-markup-as-text", phone=False, show=".user-turn")


def test_renderer_escapes_assistant_text_and_renders_the_markdown_subset(page, assistant):
    """The renderer on a crafted reply (served in place of the assistant's, in the browser):
    markup in every field stays text, the markdown subset and citations are rendered."""
    evil = "<img src=x onerror=window.__pwned=1>"
    assessment_text = "**Assessment: Needs more information.**\n- Trial: unknown [1, 6]"
    crafted = [
        {"recipient_id": "x", "text": f"**Bold {evil}** and [1, 6][7]\n- first {evil}\n- second"},
        {"recipient_id": "x", "text": "<script>window.__pwned=2</script> plain",
         "buttons": [{"title": f"Button {evil}", "payload": "Button payload"}]},
        {"recipient_id": "x", "text": assessment_text},
        {"recipient_id": "x", "custom": {"assessment": {
            "verdict": "needs_information", "text": assessment_text, "facts": {},
            "criteria": [{"id": "successful_trial", "label": f"Trial {evil}", "status": "unknown",
                          "evidence": evil, "reason": "not stated", "citations": [1, 6]}],
            "contraindications": [], "missing": [f"the trial result {evil}"]}}},
    ]
    page.route("**/webhooks/webchat/webhook",
               lambda route: route.fulfill(status=200, content_type="application/json",
                                           body=json.dumps(crafted)))
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
    expect(card.locator(".row-evidence q")).to_have_text(evil)
    expect(card.locator(".missing li")).to_have_text(f"the trial result {evil}")
    expect(page.locator("#transcript img, #transcript script")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None
    assert page.watch.dialogs == []
    page.unroute("**/webhooks/webchat/webhook")


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
        expect(page.locator(".turn")).to_have_count(turns)     # nothing pretends it was sent
        expect(page.locator("#typing")).to_be_hidden()
        assert focused_id(page) == "message-input"
        screenshot(page, "09-assistant-unreachable")
    finally:
        assistant.start_rasa()

    # Back up: Enter sends the kept text, and the error goes away.
    page.locator("#message-input").press("Enter")
    expect(page.locator(".bot-turn")).to_have_count(1, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator("#error")).to_be_hidden()
    expect(page.locator("#message-input")).to_have_value("")
