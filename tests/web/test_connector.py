"""The web chat channel's own settings, without a server: how long the page keeps a transcript."""

import pytest

from connectors.webchat import ASSETS, DEFAULT_TRANSCRIPT_HOURS, WEB_DIR, WebChatInput


def test_transcript_hours_from_credentials():
    assert WebChatInput.from_credentials(None).transcript_hours == DEFAULT_TRANSCRIPT_HOURS == 12
    assert WebChatInput.from_credentials({"transcript_hours": 2}).transcript_hours == 2


@pytest.mark.parametrize(
    "credentials", [{"transcript_hours": 0}, {"transcript_hours": "12"}, {"transcript_hour": 12}]
)
def test_bad_settings_fail_at_start(credentials):
    with pytest.raises((ValueError, TypeError)):
        WebChatInput.from_credentials(credentials)


def test_every_module_the_page_imports_is_served():
    """index.html loads main.js; every `from "./x.js"` in web/ must be among the served assets."""
    import re

    imported = {"main.js"}
    for path in WEB_DIR.glob("*.js"):
        imported |= set(re.findall(r'from "\./([\w-]+\.js)"', path.read_text()))
    assert imported == {name for name in ASSETS if name.endswith(".js")}
    assert imported == {path.name for path in WEB_DIR.glob("*.js")}
