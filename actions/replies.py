"""What every action shares: the knowledge base, sending a composed reply, and the patient's
facts as the conversation states them."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from guideline.answers import Reply
from guideline.knowledge import Knowledge, default_knowledge
from guideline.patient import FACT_VALUES, Fact, FactTable, merge_facts

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


def facts_of(parse: Mapping[str, Any]) -> List[Fact]:
    """The clinical facts NLU read from one user message (its parse data)."""
    entities = parse.get("entities") or []
    return [
        Fact(entity["entity"], entity.get("value"), entity.get("text") or "")
        for entity in entities
        if entity.get("extractor") == FACT_EXTRACTOR and entity.get("entity") in FACT_VALUES
    ]


def latest_facts(tracker: Tracker) -> List[Fact]:
    """The clinical facts NLU read from the latest user message."""
    return facts_of(tracker.latest_message or {})


def session_messages(tracker: Tracker) -> List[Mapping[str, Any]]:
    """The user messages of the current session (the current patient), oldest first, without
    the latest one. Each patient is a Rasa session, so a message whose action failed still
    counts, and the SQL tracker store loads only this session (the cost stays flat)."""
    events = list(tracker.events or [])
    starts = [i for i, event in enumerate(events) if event.get("event") == "session_started"]
    session = events[starts[-1] + 1 :] if starts else events
    users = [event.get("parse_data") or {} for event in session if event.get("event") == "user"]
    return users[:-1] if users else []


def merged(messages: Iterable[Mapping[str, Any]]) -> FactTable:
    """The facts of the messages, in order: a later statement replaces an earlier one."""
    table: FactTable = {}
    for parse in messages:
        table = merge_facts(table, facts_of(parse))
    return table


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""
