"""The assessment side of a turn: the current patient's assessment, and starting a new patient.

The patient's facts are derived from the user messages of the current Rasa session, not kept
in a slot: each patient is its own session, started only by an explicit request (what the turn
is, is decided by guideline/turn.py; actions/guideline_answers.py calls these functions).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.replies import knowledge, latest_facts, latest_text, merged, send, session_messages
from guideline.answers import Reply
from guideline.assessment_text import assessment_payload
from guideline.audit import record_verdict
from guideline.chart_note import chart_note
from guideline.eligibility import assess
from guideline.patient import merge_facts

logger = logging.getLogger(__name__)


def assess_and_reply(
    dispatcher: CollectingDispatcher, known: Optional[Mapping[str, Any]], tracker: Tracker
) -> List[Dict[Text, Any]]:
    """Send the assessment of what is known plus the latest message's facts, with the chart
    note made from the same payload. The verdict is kept in the audit trail (guideline/audit.py);
    a trail that cannot be written is logged and never fails the reply."""
    kb = knowledge()
    facts = merge_facts(known, latest_facts(tracker))
    payload = assessment_payload(kb, assess(kb, facts))
    payload["chart_note"] = chart_note(payload, datetime.now(timezone.utc), kb)
    send(dispatcher, Reply([payload["text"]]), {"assessment": payload})
    try:
        record_verdict("chat", tracker.sender_id, payload, facts)
    except (SQLAlchemyError, OSError, ValueError):
        logger.exception(
            "the chat verdict for %s was not written to the audit trail", tracker.sender_id
        )
    return []


def ongoing_patient(tracker: Tracker) -> Optional[Mapping[str, Any]]:
    """The facts the earlier messages of this patient's session stated, if any."""
    return merged(session_messages(tracker)) or None


def start_new_patient(
    dispatcher: CollectingDispatcher, tracker: Tracker, action_name: Text
) -> List[Dict[Text, Any]]:
    """Start a new Rasa session for the new patient, so nothing said before counts. The request
    is re-added as the new session's first message, so facts given with it ("new patient: 45M
    with arachnoiditis...") are the new patient's, and assessed now."""
    cleared = knowledge().conversation["new_patient"]
    send(dispatcher, Reply([cleared]), {"patient_cleared": {"text": cleared}})
    if latest_facts(tracker):
        assess_and_reply(dispatcher, None, tracker)
    return [
        SessionStarted(),
        ActionExecuted("action_session_start"),
        ActionExecuted("action_listen"),
        UserUttered(
            latest_text(tracker),
            parse_data=dict(tracker.latest_message or {}),
            input_channel=tracker.get_latest_input_channel(),
        ),
        ActionExecuted(action_name),
    ]
