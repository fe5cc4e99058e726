"""The one action every user turn runs: guideline.turn decides what the turn is, this does it.

Questions, references, refusals, "did you mean" and small talk are answered here from the
guideline; a patient's description and a new patient go to the assessment actions' functions.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import assess_and_reply, ongoing_patient, start_new_patient
from actions.replies import knowledge, latest_facts, latest_text, send
from guideline.answers import (
    Reply,
    answer_topic,
    decline,
    did_you_mean,
    references_reply,
    small_talk,
    with_also,
)
from guideline.knowledge import Knowledge
from guideline.turn import Kind, Reading, Turn, decide, reading_of_parse


def reading_of(tracker: Tracker) -> Reading:
    """What NLU read from the latest user message, as guideline.turn takes it."""
    return reading_of_parse(tracker.latest_message or {}, facts=bool(latest_facts(tracker)))


def assess(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """The assessment of the current patient with this message's facts added."""
    return assess_and_reply(dispatcher, ongoing_patient(tracker), tracker)


class ActionRespond(Action):
    """Runs for every user turn (data/rules): one decision, then the reply it calls for."""

    def name(self) -> Text:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge()
        turn = decide(kb, reading_of(tracker), patient_ongoing=bool(ongoing_patient(tracker)))
        if turn.kind is Kind.NEW_PATIENT:
            return start_new_patient(dispatcher, tracker, self.name())
        if turn.kind in (Kind.PATIENT, Kind.BOTH):
            if turn.topic:
                send(dispatcher, answer_topic(kb, kb.topics[turn.topic]))
            return assess(dispatcher, tracker)
        send(dispatcher, reply_to(kb, turn, latest_text(tracker)))
        return []


def reply_to(kb: Knowledge, turn: Turn, text: str) -> Reply:
    """The reply to a turn that leaves the patient as it is."""
    if turn.kind is Kind.QUESTION:
        answer = answer_topic(kb, kb.topics[turn.topic], text)
        return with_also(kb, answer, turn.also, turn.also_heading)
    if turn.kind is Kind.REFERENCES:
        return references_reply(kb, text)
    if turn.kind is Kind.UNSURE:
        return did_you_mean(kb, turn.choices)
    if turn.kind is Kind.SMALL_TALK:
        return small_talk(kb, turn.small_talk)
    if turn.kind is Kind.EMPTY:
        return small_talk(kb, "empty_message")
    return decline(kb, text)
