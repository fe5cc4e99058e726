"""CDS Hooks 2.0 for EHRs: the assessment as a card, served by the Rasa server itself.

Registered in credentials.yml as ``connectors.cds.CdsHooksInput:`` and mounted under
``/webhooks/cds/``; an EHR registers ``https://<host>/webhooks/cds`` as the service base URL.

=================================================  ============================================
``GET  /webhooks/cds/cds-services``                 discovery (JWT)
``POST /webhooks/cds/cds-services/<id>``            a hook call -> cards (JWT)
``POST /webhooks/cds/cds-services/<id>/feedback``   accepted / overridden, joined to its verdict
``GET  /webhooks/cds/assessments/<uuid>``           a card's assessment for the chat page (the
                                                   card's unguessable id, for CDS_LINK_TTL_HOURS)
``GET  /webhooks/cds/audit?format=csv|json``        the audit trail (Bearer AUDIT_EXPORT_TOKEN)
=================================================  ============================================

The medical work is in guideline.fhir (no Rasa there); this adapter checks the caller
(connectors/cds_auth.py), keeps the audit trail (guideline.audit) and speaks HTTP.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import uuid
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Text
from urllib.parse import quote

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.cds_auth import AuthError, ClientPolicy
from guideline.audit import as_csv, as_json, store_from_env
from guideline.facts import FactExtractor
from guideline.fhir.cards import card
from guideline.fhir.hooks import HookError, discovery, run_hook
from guideline.knowledge import default_knowledge

log = logging.getLogger(__name__)

CHAT_PATH = "/webhooks/webchat/chat/"
DEFAULT_MAX_BODY = 5 * 1024 * 1024
DEFAULT_LINK_TTL_HOURS = 24
OUTCOMES = ("accepted", "overridden")


def _error(status: int, reason: str, headers: Optional[Dict[str, str]] = None) -> HTTPResponse:
    return response.json({"error": reason}, status=status, headers=headers)


class CdsHooksInput(InputChannel):
    """The CDS Hooks routes. Nothing here talks to the dialogue: a hook is answered directly."""

    @classmethod
    def name(cls) -> Text:
        return "cds"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "CdsHooksInput":
        return cls(os.environ)

    def __init__(self, env: Mapping[str, str] = os.environ) -> None:
        self.policy = ClientPolicy.from_env(env)
        self.public_url = (env.get("CDS_PUBLIC_URL") or "").rstrip("/")
        self.max_body = int(env.get("CDS_MAX_BODY_BYTES") or DEFAULT_MAX_BODY)
        self.link_ttl = timedelta(
            hours=float(env.get("CDS_LINK_TTL_HOURS") or DEFAULT_LINK_TTL_HOURS)
        )
        self.export_token = env.get("AUDIT_EXPORT_TOKEN") or ""
        self.env = dict(env)
        self._extractor = None
        if self.policy.allow_unsigned:
            log.warning(
                "CDS_ALLOW_UNSIGNED=true: CDS Hooks calls are NOT authenticated. "
                "For local testing only."
            )

    # -- collaborators, loaded once -----------------------------------------------------------

    def extractor(self):
        if self._extractor is None:
            self._extractor = FactExtractor()
        return self._extractor

    def store(self):
        return store_from_env(self.env)

    def base_url(self, request: Request) -> str:
        return self.public_url or f"{request.scheme}://{request.host}"

    def _authorise(self, request: Request, *paths: str) -> Optional[HTTPResponse]:
        base = self.base_url(request)
        try:
            self.policy.check(
                request.headers.get("authorization"),
                [base + path for path in (request.path, *paths)],
            )
        except AuthError as error:
            headers = (
                {"WWW-Authenticate": 'Bearer error="invalid_token"'}
                if error.status == 401
                else None
            )
            return _error(error.status, error.reason, headers)
        return None

    def _body(self, request: Request) -> Any:
        if len(request.body or b"") > self.max_body:
            raise ValueError(413)
        try:
            return json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            raise ValueError(400) from None

    # -- the routes -------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        bp = Blueprint("cds_hooks", __name__)
        self.extractor()  # build the pipeline at start-up, not on the first hook

        @bp.route("/cds-services", methods=["GET"])
        async def discover(request: Request) -> HTTPResponse:
            return self._authorise(request) or response.json(discovery())

        @bp.route("/cds-services/<service_id>", methods=["POST"])
        async def call(request: Request, service_id: str) -> HTTPResponse:
            return self._authorise(request) or self._hook(request, service_id)

        @bp.route("/cds-services/<service_id>/feedback", methods=["POST"])
        async def feedback(request: Request, service_id: str) -> HTTPResponse:
            service_path = request.path[: -len("/feedback")]
            return self._authorise(request, service_path) or self._feedback(request, service_id)

        @bp.route("/assessments/<record_id>", methods=["GET"])
        async def assessment(request: Request, record_id: str) -> HTTPResponse:
            found = (
                self.store().get(record_id, max_age=self.link_ttl) if _is_uuid(record_id) else None
            )
            if found is None or found["channel"] != "cds":
                return _error(
                    404,
                    "no such assessment (links expire after "
                    f"{self.link_ttl.total_seconds() / 3600:g} hours)",
                )
            return response.json(
                {
                    "id": found["id"],
                    "created_at": found["created_at"].isoformat() + "Z",
                    "assessment": found["assessment"],
                },
                headers={"Cache-Control": "no-store"},
            )

        @bp.route("/audit", methods=["GET"])
        async def audit(request: Request) -> HTTPResponse:
            return self._export(request)

        return bp

    def _hook(self, request: Request, service_id: str) -> HTTPResponse:
        try:
            body = self._body(request)
        except ValueError as error:
            status = error.args[0]
            return _error(
                status,
                "request body too large" if status == 413 else "the request body is not JSON",
            )
        kb = default_knowledge()
        try:
            result = run_hook(service_id, body, kb, self.extractor())
        except HookError as error:
            return _error(error.status, error.reason)
        if result.assessment is None:
            return response.json({"cards": []})
        card_uuid = str(uuid.uuid4())
        payload = result.assessment
        self.store().record_verdict(
            "cds",
            result.request.hookInstance,
            payload,
            result.record.facts,
            service=service_id,
            record_id=card_uuid,
        )
        chat_url = f"{self.base_url(request)}{CHAT_PATH}?assessment={quote(card_uuid)}"
        return response.json({"cards": [card(kb, payload, result.record, card_uuid, chat_url)]})

    def _feedback(self, request: Request, service_id: str) -> HTTPResponse:
        try:
            body = self._body(request)
        except ValueError as error:
            return _error(error.args[0], "the request body is not JSON")
        items = body.get("feedback") if isinstance(body, dict) else None
        problem = _feedback_problem(items)
        if problem:
            return _error(400, problem)
        store, unknown = self.store(), []
        for item in items:
            reason = item.get("overrideReason") or {}
            if not store.record_feedback(
                item["card"],
                item["outcome"],
                reason.get("reason"),
                reason.get("userComment"),
                _timestamp(item["outcomeTimestamp"]),
            ):
                unknown.append(item["card"])
        return response.json({"recorded": len(items) - len(unknown), "unknown_cards": unknown})

    def _export(self, request: Request) -> HTTPResponse:
        if not self.export_token:
            return _error(503, "the audit export is off: set AUDIT_EXPORT_TOKEN")
        scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.encode(), self.export_token.encode()
        ):
            return _error(
                401,
                "Authorization: Bearer <AUDIT_EXPORT_TOKEN> required",
                {"WWW-Authenticate": "Bearer"},
            )
        kind = request.args.get("format", "json")
        if kind not in ("csv", "json"):
            return _error(400, "format must be csv or json")
        rows = self.store().export()
        if kind == "csv":
            return response.text(
                as_csv(rows),
                content_type="text/csv; charset=utf-8",
                headers={"Cache-Control": "no-store"},
            )
        return response.text(
            as_json(rows), content_type="application/json", headers={"Cache-Control": "no-store"}
        )


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
        return True
    except ValueError:
        return False


def _timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _feedback_problem(items: Any) -> Optional[str]:
    """Why a feedback body breaks CDS Hooks 2.0 ("Feedback"), or None."""
    if not isinstance(items, list) or not items:
        return 'the body must be {"feedback": [ ... ]} with at least one item'
    for n, item in enumerate(items):
        where = f"feedback[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("card"), str):
            return f"{where}.card (the card's uuid) is required"
        if item.get("outcome") not in OUTCOMES:
            return f"{where}.outcome must be accepted or overridden"
        if not isinstance(item.get("outcomeTimestamp"), str):
            return f"{where}.outcomeTimestamp is required"
        try:
            _timestamp(item["outcomeTimestamp"])
        except ValueError:
            return f"{where}.outcomeTimestamp is not an ISO timestamp"
        if not isinstance(item.get("overrideReason", {}), dict):
            return f"{where}.overrideReason must be an object"
    return None
