"""Browser fixtures: Debian's Chromium driven by Playwright, against the real servers.

The `assistant` fixture (tests/conftest.py) starts the action server and the Rasa server; the
page under test is the one the Rasa server serves at WIDGET_PATH. Each test gets a new browser
context, so new storage and with it a new sender id (a new conversation).

axe-core (tests/web/vendor/axe.min.js, 4.14.1 from the npm registry, MPL-2.0, licence beside it)
reaches the page from its own origin: a route of the test browser answers
WIDGET_PATH + "axe.min.js" with the vendored file, so the page's CSP (script from 'self' only)
stays as it is and the server never serves it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Dict, List, Optional

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDGET_PATH = "/webhooks/webchat/chat/"
WEBHOOK = "**/webhooks/webchat/webhook"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
#: The sizes of issue 12: a laptop, a phone (touch), 400% zoom of 1280x1024, a phone with 200% text.
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ZOOM400 = {"width": 320, "height": 256}
SIZES = {
    "desktop": dict(viewport=DESKTOP),
    "phone": dict(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=3),
    "zoom400": dict(viewport=ZOOM400),
    "phone-text200": dict(
        viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=3, text_zoom=2.0
    ),
}
#: Replies come from the real servers; the first ones after a start are the slowest.
REPLY_TIMEOUT_MS = 60_000
#: axe-core rule sets checked: WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

VIGNETTE = (
    "74-year-old woman with metastatic lung cancer, pain 9/10 on escalating hydromorphone "
    "and pregabalin, too drowsy. IT trial 80% relief. LE 10 months. Psych cleared. "
    "Afebrile, no infection, platelets 190, INR 1.1."
)
VIGNETTE_WITHOUT_PSYCH = (
    "74-year-old woman with metastatic lung cancer, pain 9/10 on escalating "
    "hydromorphone and pregabalin, too drowsy. IT trial 80% relief. "
    "LE 10 months. Afebrile, no infection, platelets 190, INR 1.1."
)
VIGNETTE_OPENING = (
    "74-year-old woman with metastatic lung cancer, pain 9/10 on escalating "
    "hydromorphone and pregabalin, too drowsy. "
)
#: One vignette for each verdict, as the real server assesses it.
VERDICT_VIGNETTES = {
    "meets_criteria": VIGNETTE,
    "needs_information": VIGNETTE_WITHOUT_PSYCH,
    "criteria_not_met": VIGNETTE_OPENING + "IT trial 30% relief. LE 10 months. Psych cleared. "
    "Afebrile, no infection, platelets 190, INR 1.1.",
    "contraindicated": VIGNETTE_OPENING + "IT trial 80% relief. LE 10 months. Psych cleared. "
    "Febrile with an active wound infection on IV "
    "antibiotics, platelets 190, INR 1.1.",
}
QUESTION = "What is the primary indication for an intrathecal pain pump?"


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM} "
            "(scripts/setup.sh --browser installs Debian's package)"
        )
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def widget_url(assistant) -> str:
    return assistant.base_url + WIDGET_PATH


class PageWatch:
    """What a page did that a test may have to rule out: dialogs, errors, foreign requests."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.dialogs: List[str] = []
        self.errors: List[str] = []
        self.foreign_requests: List[str] = []

    def on_request(self, request) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith("data:")):
            self.foreign_requests.append(url)

    def on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def new_page(browser, assistant, size: str = "desktop", color_scheme: str = "light"):
    """A page in a fresh context (new storage, new sender) at one of SIZES, not yet loaded."""
    options = dict(SIZES[size])
    text_zoom = options.pop("text_zoom", None)
    context = browser.new_context(base_url=assistant.base_url, color_scheme=color_scheme, **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=assistant.base_url)
    page = context.new_page()
    page.set_default_timeout(REPLY_TIMEOUT_MS)
    watch = PageWatch(assistant.base_url)
    page.on("request", watch.on_request)
    page.on("dialog", watch.on_dialog)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on(
        "console",
        lambda message: watch.errors.append(message.text) if message.type == "error" else None,
    )
    page.watch = watch
    page.text_zoom = text_zoom
    page.route(
        "**" + WIDGET_PATH + "axe.min.js",
        lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
    )
    return page


@pytest.fixture
def make_page(browser, widget_url, assistant):
    """Pages at any of SIZES, loaded; all closed after the test."""
    pages = []

    def make(size: str = "desktop", color_scheme: str = "light"):
        page = new_page(browser, assistant, size, color_scheme)
        pages.append(page)
        open_widget(page, widget_url)
        return page

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def page(make_page):
    """A fresh page at desktop size with the chat loaded."""
    return make_page()


def open_widget(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body.ready")
    if page.text_zoom:
        # Larger text as a phone's text-size setting gives it: the root font size, which the
        # page's rem-based sizes follow (the viewport stays the same).
        page.evaluate(
            "z => { document.documentElement.style.fontSize = (100 * z) + '%';"
            " window.dispatchEvent(new Event('resize')); }",
            page.text_zoom,
        )
    # The source's details and reference list have arrived.
    page.wait_for_selector("#references-list li[id^='ref-']", state="attached")
    page.wait_for_function("document.getElementById('source-date').textContent.trim() !== '…'")


def send(page, text: str):
    """Type a message, press Enter, and return the assistant's reply (the last bot turn)."""
    page.locator("#message-input").fill(text)
    page.locator("#message-input").press("Enter")
    return await_reply(page)


def await_reply(page):
    """The reply to what was just sent: its pending turn is gone and the typing indicator too."""
    expect(page.locator(".turn.pending")).to_have_count(0, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator("#typing")).to_be_hidden()
    return page.locator(".bot-turn").last


def latest_card(page):
    card = page.locator(".assessment").last
    expect(card).to_be_visible()
    return card


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def axe_violations(page, context: Optional[str] = None) -> List[Dict]:
    """axe-core's violations on the page as it is now (loaded from the page's own origin)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=WIDGET_PATH + "axe.min.js")
    result = page.evaluate(
        """async ([tags, context]) => {
             const r = await axe.run(context || document, { runOnly: { type: 'tag', values: tags },
                                                            resultTypes: ['violations'] });
             return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary) }));
           }""",
        [AXE_TAGS, context],
    )
    return result


def assert_no_axe_violations(page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core on '{state}':\n" + json.dumps(violations, indent=1)


def screenshot(
    page, name: str, show: Optional[str] = None, block: str = "start", full_page: bool = False
) -> None:
    """Save the page as it is now to SCREENSHOTS; `show` is a selector whose last match is
    scrolled into view first (its top, or its end: block="end")."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
    if show:
        page.locator(show).last.evaluate("(node, block) => node.scrollIntoView({block})", block)
    page.wait_for_timeout(150)
    page.screenshot(path=str(SCREENSHOTS / f"{safe}.png"), full_page=full_page)


# ---- contract v2 (the assess branch) -------------------------------------------------------------
# The assess branch makes the server send contract v2: `chart_note` (and `headline`, `source`,
# `rules_version`, `disclaimer`) in the assessment, and `custom.patient_cleared` when a new
# patient starts. Until it lands, `v2_stand_in` fills in only what the real server's reply
# lacks, from the real reply itself: the note from guideline.chart_note, and the event when the
# server answered with its own new-patient words. Once the server sends them it changes nothing
# (test_contract_v2.py then checks the real fields, and skips, saying why, until then).


def server_v2(rest) -> Dict[str, bool]:
    """Which v2 fields the running server sends (asked over REST, one new conversation)."""
    from guideline.knowledge import default_knowledge

    new_patient_words = default_knowledge().conversation["new_patient"].split(":")[0]
    assessed, cleared = rest.conversation(VIGNETTE, "new patient")
    payload = next(
        (m["custom"]["assessment"] for m in assessed if "assessment" in (m.get("custom") or {})), {}
    )
    return {
        "chart_note": isinstance(payload.get("chart_note"), str),
        "headline": isinstance(payload.get("headline"), str),
        "patient_cleared": any("patient_cleared" in (m.get("custom") or {}) for m in cleared),
        "new_patient_words": new_patient_words,
    }


def v2_stand_in(page, v2: Dict[str, bool]) -> None:
    """Route the page's messages through the real server, adding what v2 would add if missing."""
    from datetime import datetime, timezone

    from guideline.chart_note import chart_note

    if v2["chart_note"] and v2["patient_cleared"]:
        return

    def handle(route):
        response = route.fetch()
        messages = response.json()
        for message in messages:
            payload = (message.get("custom") or {}).get("assessment")
            if payload is not None and "chart_note" not in payload:
                payload["chart_note"] = chart_note(payload, datetime.now(timezone.utc))
        said_new_patient = [
            m["text"]
            for m in messages
            if str(m.get("text", "")).startswith(v2["new_patient_words"])
        ]
        if said_new_patient and not any(
            "patient_cleared" in (m.get("custom") or {}) for m in messages
        ):
            messages.insert(
                0,
                {
                    "recipient_id": messages[0]["recipient_id"],
                    "custom": {"patient_cleared": {"text": said_new_patient[0]}},
                },
            )
        route.fulfill(response=response, body=json.dumps(messages))

    page.route(WEBHOOK, handle)
    page.stand_in = True


@pytest.fixture(scope="session")
def v2(rest) -> Dict[str, bool]:
    return server_v2(rest)
