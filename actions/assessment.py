"""Actions that assess the patient described in the conversation."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import knowledge, latest_facts, send
from guideline.answers import Reply
from guideline.assessment_text import assessment_text
from guideline.eligibility import assess
from guideline.patient import merge_facts

FACTS_SLOT = "patient_facts"


def assess_and_reply(dispatcher: CollectingDispatcher, known: Optional[Mapping[str, Any]],
                     tracker: Tracker) -> List[Dict[Text, Any]]:
    """Add the latest message's facts to what is known, send the assessment, keep the facts.
    (A question asked in the same message is answered first by the caller: guideline/turn.py.)"""
    kb = knowledge()
    facts = merge_facts(known, latest_facts(tracker))
    assessment = assess(kb, facts)
    text = assessment_text(kb, assessment)
    send(dispatcher, Reply([text]), {"assessment": {**assessment.to_payload(), "text": text}})
    return [SlotSet(FACTS_SLOT, facts)]


def ongoing_patient(tracker: Tracker) -> Optional[Mapping[str, Any]]:
    """The facts of the patient being discussed, if any."""
    return tracker.get_slot(FACTS_SLOT) or None


class ActionAssessPatient(Action):
    def name(self) -> Text:
        return "action_assess_patient"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return assess_and_reply(dispatcher, ongoing_patient(tracker), tracker)


class ActionStartNewPatient(Action):
    """Clears the previous patient; facts given with "new patient: ..." start the new one."""

    def name(self) -> Text:
        return "action_start_new_patient"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if latest_facts(tracker):
            return assess_and_reply(dispatcher, None, tracker)
        send(dispatcher, Reply([knowledge().conversation["new_patient"]]))
        return [SlotSet(FACTS_SLOT, None)]
