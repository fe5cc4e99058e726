"""Actions that assess the patient described in the conversation.

The patient's facts are derived from the user messages of the current Rasa session, not kept
in a slot: each patient is its own session, started only by an explicit request.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import knowledge, latest_facts, latest_text, merged, send, session_messages
from guideline.answers import Reply, answer_question, answer_topic, rule_asked_about
from guideline.assessment_text import assessment_payload
from guideline.eligibility import assess
from guideline.patient import merge_facts
from guideline.text import is_new_patient_request


def assess_and_reply(dispatcher: CollectingDispatcher, known: Optional[Mapping[str, Any]],
                     tracker: Tracker) -> List[Dict[Text, Any]]:
    """Send the assessment of what is known plus the latest message's facts. A question about
    a rule in the same message is answered first. Nothing is stored: the conversation is the
    patient's record."""
    kb = knowledge()
    rule = rule_asked_about(kb, latest_text(tracker))
    if rule is not None:
        send(dispatcher, answer_topic(kb, rule))
    facts = merge_facts(known, latest_facts(tracker))
    payload = assessment_payload(kb, assess(kb, facts))
    send(dispatcher, Reply([payload["text"]]), {"assessment": payload})
    return []


def ongoing_patient(tracker: Tracker) -> Optional[Mapping[str, Any]]:
    """The facts the earlier messages of this patient's session stated, if any."""
    return merged(session_messages(tracker)) or None


class ActionAssessPatient(Action):
    """Assesses the session's patient. A message taken for a description that states nothing
    about any patient, in a session that has none, and that a guideline topic answers ("I read
    86% would have it again - is that right") gets that answer, not an empty assessment."""

    def name(self) -> Text:
        return "action_assess_patient"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        known = ongoing_patient(tracker)
        if not known and not latest_facts(tracker):
            topic, reply = answer_question(knowledge(), latest_text(tracker))
            if topic is not None:
                send(dispatcher, reply)
                return []
        return assess_and_reply(dispatcher, known, tracker)


class ActionStartNewPatient(Action):
    """Starts a new Rasa session for the new patient, so nothing said before counts. The
    request is re-added as the new session's first message: with facts ("new patient: 45M
    with arachnoiditis...") it is assessed next. Anything that is not an explicit request
    ("reassess", "is she eligible?") is assessed with everything known, never cleared."""

    def name(self) -> Text:
        return "action_start_new_patient"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        if not is_new_patient_request(text):
            return assess_and_reply(dispatcher, ongoing_patient(tracker), tracker)
        cleared = knowledge().conversation["new_patient"]
        send(dispatcher, Reply([cleared]), {"patient_cleared": {"text": cleared}})
        parse = dict(tracker.latest_message or {})
        has_facts = bool(latest_facts(tracker))
        parse["intent"] = {"name": "describe_patient" if has_facts else "new_patient",
                           "confidence": 1.0}
        events = [SessionStarted(), ActionExecuted("action_session_start"),
                  ActionExecuted("action_listen"),
                  UserUttered(text, parse_data=parse,
                              input_channel=tracker.get_latest_input_channel())]
        if not has_facts:  # the request is answered: the next action is to listen
            events.append(ActionExecuted(self.name()))
        return events
