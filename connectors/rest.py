"""The REST channel, closed by default and loud when broken (replaces Rasa's ``rest:``).

Registered in credentials.yml as ``connectors.rest.RestInput:``; mounted under ``/webhooks/rest/``:

=========================================  ==================================================
``GET    /webhooks/rest/``                 liveness, as Rasa's REST channel
``GET    /webhooks/rest/ready``            readiness: tracker store, lock store, action server
``POST   /webhooks/rest/webhook``          one message: ``{"sender": "...", "message": "..."}``
``DELETE /webhooks/rest/conversations/<id>``  delete a conversation (``Authorization: Bearer
                                           $ADMIN_TOKEN``; off when ADMIN_TOKEN is unset)
=========================================  ==================================================

Rasa's channel answers 500 to an empty body or a JSON array, 200 ``[]`` to a number as message,
puts every client without a sender into one conversation, accepts any content type from any
site and any size, and answers 200 with no reply when a store or the action server is down.
Here (CONTRACT sections 5 and 6): only ``application/json``, from no other site, at most
MAX_BODY_BYTES (413); a malformed request gets 400 with a one-line reason; a message that
cannot be processed gets 503 with the reason. The chat page's channel (connectors/webchat.py)
is this channel under another name, so both routes check requests the same way.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import urlsplit

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.lock_store import LockError
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from stores.conversations import conversations
from stores.errors import ServiceUnavailable
from stores.settings import settings

logger = logging.getLogger(__name__)
#: How often idle conversations are looked for (each instance; the deletion is idempotent).
RETENTION_INTERVAL_SECONDS = 3600
USAGE = 'send a JSON object {"sender": "<conversation id>", "message": "<text>"}'


class RequestRejected(Exception):
    """A request the channel will not process: its HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class ChatRequest:
    sender: str
    text: str


def from_another_site(request: Request) -> bool:
    """A browser sending for a page of another origin (what a cross-site form post is)."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc != request.host


def read_chat_request(request: Request) -> ChatRequest:
    """The sender and text of a chat POST, or RequestRejected saying what is wrong with it."""
    limit = settings().max_body_bytes
    declared = request.headers.get("content-length")
    if (declared and declared.isdigit() and int(declared) > limit) or len(request.body) > limit:
        raise RequestRejected(413, f"request body over the limit of {limit} bytes")
    if from_another_site(request):
        raise RequestRejected(403, "requests from another site are not accepted")
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise RequestRejected(415, f"Content-Type must be application/json: {USAGE}")
    if not request.body.strip():
        raise RequestRejected(400, f"empty body: {USAGE}")
    try:
        body = json.loads(request.body)
    except ValueError:
        raise RequestRejected(400, f"body is not valid JSON: {USAGE}") from None
    if not isinstance(body, dict):
        raise RequestRejected(400, f"body is a JSON {type(body).__name__}, not an object: {USAGE}")
    sender, text = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise RequestRejected(400, "sender is required: a non-empty string naming the conversation")
    if not isinstance(text, str):
        raise RequestRejected(400, "message must be a string")
    return ChatRequest(sender, text)


def rejection(status: int, reason: str) -> HTTPResponse:
    logger.info("chat request refused: %s %s", status, reason)  # never the message text
    return response.json({"error": reason}, status=status)


async def action_server_reason(agent: Any) -> Optional[str]:
    """Why the action server cannot be used, or None when its /health answers."""
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None:
        return None
    health = endpoint.url.rsplit("/webhook", 1)[0] + "/health"
    try:
        timeout = aiohttp.ClientTimeout(total=2)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(health) as answer:
                return None if answer.status == 200 else f"action server answered {answer.status}"
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return "action server unreachable"


async def readiness(agent: Any) -> Dict[str, str]:
    """Each dependency of a message and whether it answers ("ok" or the reason)."""
    checks: Dict[str, str] = {}
    if agent is None or not agent.is_ready():
        return {"model": "not loaded"}
    try:
        await agent.tracker_store.retrieve("readiness-probe")
        checks["tracker_store"] = "ok"
    except ServiceUnavailable as error:
        checks["tracker_store"] = error.reason
    ping = getattr(agent.lock_store, "ping", None)
    try:
        if ping is not None:
            ping()
        checks["lock_store"] = "ok"
    except ConnectionError as error:
        checks["lock_store"] = str(error)
    checks["action_server"] = await action_server_reason(agent) or "ok"
    return checks


def authorised(request: Request) -> bool:
    token = settings().admin_token
    return token is not None and request.headers.get("authorization", "") == f"Bearer {token}"


async def keep_retention() -> None:
    """Delete idle conversations now and every RETENTION_INTERVAL_SECONDS."""
    while True:
        try:
            removed = await asyncio.get_running_loop().run_in_executor(  # off the event loop
                None, conversations().delete_idle, settings().retention_days
            )
            logger.info("retention: %d events of idle conversations deleted", removed)
        except Exception as error:  # the readiness route reports the store; keep trying
            logger.error("retention failed: %s", error.__class__.__name__)
        await asyncio.sleep(RETENTION_INTERVAL_SECONDS)


class RestInput(InputChannel):
    """Messages over HTTP as JSON, one conversation per sender."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @bp.listener("after_server_start")
        async def start_retention(app: Any, _loop: Any) -> None:
            if getattr(app.ctx, "retention", None) is None:
                app.ctx.retention = asyncio.ensure_future(keep_retention())

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            checks = await readiness(getattr(request.app.ctx, "agent", None))
            ok = all(value == "ok" for value in checks.values())
            return response.json(
                {"status": "ok" if ok else "unavailable", **checks}, status=200 if ok else 503
            )

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                chat = read_chat_request(request)
            except RequestRejected as rejected:
                return rejection(rejected.status, rejected.reason)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(chat.text, collector, chat.sender, input_channel=self.name())
                )
            except ServiceUnavailable as error:
                return rejection(503, f"the assistant is unavailable: {error.reason}")
            except LockError as error:
                return rejection(503, f"the assistant is unavailable: {error}")
            except Exception as error:
                logger.error("message failed: %s", error.__class__.__name__)
                return rejection(503, "the assistant is unavailable: the message failed")
            if not collector.messages:  # every message gets a reply (CONTRACT section 5)
                agent = getattr(request.app.ctx, "agent", None)
                reason = await action_server_reason(agent) or "no reply was produced"
                return rejection(503, f"the assistant is unavailable: {reason}")
            return response.json(collector.messages)

        @bp.route("/conversations/<sender_id:str>", methods=["DELETE"])
        async def delete(request: Request, sender_id: str) -> HTTPResponse:
            if settings().admin_token is None:
                return rejection(403, "deleting over HTTP is off: set ADMIN_TOKEN")
            if not authorised(request):
                return rejection(401, "Authorization: Bearer <ADMIN_TOKEN> required")
            try:
                removed = conversations().delete(sender_id)
            except Exception as error:
                logger.error("delete failed: %s", error.__class__.__name__)
                return rejection(503, "the assistant is unavailable: tracker store")
            return response.json({"deleted_events": removed})

        return bp
