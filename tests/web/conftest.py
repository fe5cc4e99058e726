"""Browser fixtures: Debian's Chromium driven by Playwright, against the real servers.

The `assistant` fixture (tests/conftest.py) starts the action server and the Rasa server; the
page under test is the one the Rasa server serves at WIDGET_PATH. Each test gets a new browser
context, so a new localStorage and with it a new sender id (a new conversation).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import List, Optional

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDGET_PATH = "/webhooks/webchat/chat/"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
#: Replies come from the real servers; the first ones after a start are the slowest.
REPLY_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM} "
                    "(scripts/setup.sh --browser installs Debian's package)")
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


@pytest.fixture
def page(browser, widget_url, assistant):
    """A fresh browser context (new storage, new sender) with the chat page loaded."""
    context = browser.new_context(viewport=DESKTOP, base_url=assistant.base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=assistant.base_url)
    page = context.new_page()
    page.set_default_timeout(REPLY_TIMEOUT_MS)
    watch = PageWatch(assistant.base_url)
    page.on("request", watch.on_request)
    page.on("dialog", watch.on_dialog)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda message: watch.errors.append(message.text)
            if message.type == "error" else None)
    page.watch = watch
    open_widget(page, widget_url)
    yield page
    context.close()


def open_widget(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body.ready")
    # The source's details and reference list have arrived.
    page.wait_for_selector("#references-list li[id^='ref-']", state="attached")
    page.wait_for_function(
        "document.getElementById('source-date').textContent.trim() !== '…'")


def screenshot(page, name: str, phone: bool = True, show: Optional[str] = None,
               block: str = "start") -> None:
    """Save the page as it is now at desktop size, and again at a phone's width; `show` is a
    selector whose last match is scrolled into view first (its top, or its end: block="end")."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
    sizes = [("desktop", DESKTOP)] + ([("phone", PHONE)] if phone else [])
    for label, size in sizes:
        page.set_viewport_size(size)
        if show:
            page.locator(show).last.evaluate("(node, block) => node.scrollIntoView({block})", block)
        page.wait_for_timeout(150)
        page.screenshot(path=str(SCREENSHOTS / f"{safe}-{label}.png"))
    page.set_viewport_size(DESKTOP)
