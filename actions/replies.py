"""What every action shares: the knowledge base, and sending a composed reply."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from guideline.answers import Reply
from guideline.knowledge import Knowledge, default_knowledge
from guideline.patient import Fact, FACT_VALUES

#: Matches components.clinical_facts.EXTRACTOR_NAME (not imported: it needs Rasa, not the SDK).
FACT_EXTRACTOR = "ClinicalFactExtractor"


def knowledge() -> Knowledge:
    """The validated knowledge base (loaded once; the action server loads it at start-up)."""
    return default_knowledge()


def send(dispatcher: CollectingDispatcher, reply: Reply, custom: Dict[str, Any] = None) -> None:
    """Each text as its own message; buttons go with the last text, custom data after it."""
    for index, text in enumerate(reply.texts):
        last = index == len(reply.texts) - 1
        dispatcher.utter_message(text=text, buttons=reply.buttons if last else [])
    if custom is not None:
        dispatcher.utter_message(json_message=custom)


def latest_facts(tracker: Tracker) -> List[Fact]:
    """The clinical facts NLU read from the latest user message."""
    entities = tracker.latest_message.get("entities") or []
    return [
        Fact(entity["entity"], entity.get("value"), entity.get("text") or "")
        for entity in entities
        if entity.get("extractor") == FACT_EXTRACTOR and entity.get("entity") in FACT_VALUES
    ]


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""
