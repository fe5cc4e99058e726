"""The clinicians' web chat: Rasa's REST channel plus the page that talks to it, same origin.

Registered in credentials.yml as ``connectors.webchat.WebChatInput:`` and mounted by Rasa under
``/webhooks/webchat/``:

==============================  =====================================================
``GET  /webhooks/webchat/``          health, as Rasa's REST channel (``{"status": "ok"}``)
``POST /webhooks/webchat/webhook``   messages, exactly as Rasa's REST channel
``GET  /webhooks/webchat/chat/``     the chat page (web/index.html)
``GET  /webhooks/webchat/chat/<f>``  its style sheet and ES modules (web/*.js, web/style.css)
``GET  /webhooks/webchat/references`` the source's numbered reference list (JSON)
``GET  /webhooks/webchat/about``     source title, publisher, last update, disclaimer (JSON)
==============================  =====================================================

Everything the page needs is in the repository: nothing is fetched from another origin, and the
page's Content-Security-Policy forbids it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.rest import RestInput

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
#: The files the page is made of (its ES modules and style sheet); nothing else in web/ is served.
SCRIPT = "text/javascript; charset=utf-8"
ASSETS = {
    **{
        name: SCRIPT
        for name in (
            "main.js",
            "api.js",
            "storage.js",
            "dom.js",
            "markdown.js",
            "citations.js",
            "card.js",
            "transcript.js",
        )
    },
    "style.css": "text/css; charset=utf-8",
}
#: Hours the page keeps a conversation in the browser after its last message (credentials.yml:
#: ``connectors.webchat.WebChatInput: {transcript_hours: 12}``).
DEFAULT_TRANSCRIPT_HOURS = 12
PAGE_HEADERS = {
    # Only this origin's own script, style and JSON; no inline script, no frames, no plugins.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # A new version of the page is picked up on the next load.
    "Cache-Control": "no-cache",
}


def reference_list(kb: Any) -> List[Dict[str, Any]]:
    """The references as JSON. An untitled one keeps ``title: null`` and its note: the page
    says the title is not printed in the source rather than inventing one."""
    return [
        {
            "number": ref.number,
            "kind": ref.kind,
            "title": ref.title,
            "published_in": ref.published_in,
            "year": ref.year,
            "note": ref.note,
        }
        for ref in (kb.references[n] for n in sorted(kb.references))
    ]


def about(kb: Any) -> Dict[str, Any]:
    """What the page shows in its header and footer, plus a few questions to start with."""
    info = {key: kb.source[key] for key in ("title", "publisher", "last_updated", "disclaimer")}
    try:
        from guideline.answers import STARTER_TOPICS

        info["examples"] = [kb.topics[t].question for t in STARTER_TOPICS if t in kb.topics]
    except ImportError:  # pragma: no cover - the starters are a nicety, not a requirement
        info["examples"] = []
    return info


def _knowledge() -> Any:
    # Imported here so the module loads (and the page is served) even while the knowledge
    # package is being edited; a broken knowledge file fails the JSON routes, loudly.
    from guideline.knowledge import default_knowledge

    return default_knowledge()


class WebChatInput(RestInput):
    """Rasa's REST channel under ``/webhooks/webchat/``, serving the chat page as well."""

    def __init__(self, transcript_hours: float = DEFAULT_TRANSCRIPT_HOURS) -> None:
        if not isinstance(transcript_hours, (int, float)) or transcript_hours <= 0:
            raise ValueError(
                f"webchat transcript_hours must be a positive number of hours, "
                f"got {transcript_hours!r}"
            )
        self.transcript_hours = float(transcript_hours)

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        return cls(**(credentials or {}))

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        body = req.json
        if not isinstance(body, dict):
            raise InvalidUsage('Send a JSON object: {"sender": "...", "message": "..."}')
        sender = body.get("sender")
        return None if sender is None else str(sender)

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = req.json.get("message")
        return message if message is None or isinstance(message, str) else str(message)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """The REST channel's routes (health, webhook) plus the page, its assets and JSON."""
        bp = super().blueprint(on_new_message)

        @bp.route("/chat", methods=["GET"], strict_slashes=True)
        async def chat_no_slash(request: Request) -> HTTPResponse:
            # The page uses relative URLs (../webhook), which need the trailing slash.
            return response.redirect(request.path + "/")

        @bp.route("/chat/", methods=["GET"], strict_slashes=True)
        async def chat_page(request: Request) -> HTTPResponse:
            return await response.file(
                WEB_DIR / "index.html", headers=PAGE_HEADERS, mime_type="text/html; charset=utf-8"
            )

        @bp.route("/chat/<asset:str>", methods=["GET"])
        async def chat_asset(request: Request, asset: str) -> HTTPResponse:
            if asset not in ASSETS:
                return response.text("Not found", status=404)
            return await response.file(
                WEB_DIR / asset,
                mime_type=ASSETS[asset],
                headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
            )

        @bp.route("/references", methods=["GET"])
        async def references(request: Request) -> HTTPResponse:
            kb = _knowledge()
            return response.json(
                {
                    "source": kb.source["title"],
                    "last_updated": kb.source["last_updated"],
                    "references": reference_list(kb),
                }
            )

        @bp.route("/about", methods=["GET"])
        async def about_route(request: Request) -> HTTPResponse:
            return response.json({**about(_knowledge()), "transcript_hours": self.transcript_hours})

        return bp
