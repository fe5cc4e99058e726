"""Actions that answer from the guideline: questions, references, refusals, small talk."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import assess_and_reply, ongoing_patient
from actions.replies import knowledge, latest_facts, latest_text, send
from guideline.answers import answer_question, references_reply, small_talk
from guideline.text import clean_message

SMALL_TALK = {"greet": "greet", "ask_capabilities": "capabilities", "thank": "thanks",
              "goodbye": "goodbye"}


class ActionAnswerGuideline(Action):
    def name(self) -> Text:
        return "action_answer_guideline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic, reply = answer_question(knowledge(), latest_text(tracker))
        known = ongoing_patient(tracker)
        if topic is None and known and latest_facts(tracker):
            return assess_and_reply(dispatcher, known, tracker)
        send(dispatcher, reply)
        return []


class ActionAnswerReferences(Action):
    def name(self) -> Text:
        return "action_answer_references"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, references_reply(knowledge(), latest_text(tracker)))
        return []


class ActionDecline(Action):
    """Out of scope, or nothing NLU could place: no medical answer, no citation, unless the
    question names the therapy and a topic answers it. A short answer to the assessment's
    questions ("no infection") updates the patient instead."""

    def name(self) -> Text:
        return "action_decline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge()
        text = clean_message(latest_text(tracker))
        known = ongoing_patient(tracker)
        if known and latest_facts(tracker):
            return assess_and_reply(dispatcher, known, tracker)
        if not text:
            send(dispatcher, small_talk(kb, "empty_message"))
        else:
            send(dispatcher, answer_question(kb, text, judged_out_of_scope=True)[1])
        return []


class ActionSmallTalk(Action):
    """Greeting, thanks, goodbye, capabilities. The classifier takes short rare words for small
    talk ("granuloma?" as a greeting), so a message that matches a guideline topic is answered."""

    def name(self) -> Text:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge()
        topic, answer = answer_question(kb, latest_text(tracker))
        if topic is not None:
            send(dispatcher, answer)
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        send(dispatcher, small_talk(kb, SMALL_TALK.get(intent, "capabilities")))
        return []
