"""Trackers as the Rasa server would hand them to the action server."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(text="", intent="describe_patient", entities=(), slots=None, earlier=()):
    """The latest message, after the user messages `earlier` ({name: {value, evidence}} each)
    of the same session."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": list(entities),
    }
    events = [{"event": "session_started"}]
    for facts in earlier:
        events.append(
            {
                "event": "user",
                "parse_data": {
                    "entities": [
                        fact_entity(name, entry["value"], entry["evidence"])
                        for name, entry in facts.items()
                    ]
                },
            }
        )
    events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker("clinician", dict(slots or {}), latest, events, False, None, {}, "action_listen")


def fact_entity(name, value, evidence):
    return {
        "entity": name,
        "value": value,
        "text": evidence,
        "start": 0,
        "end": len(evidence),
        "extractor": "ClinicalFactExtractor",
    }


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


#: A patient already described: an intrathecal trial with 70% relief.
KNOWN_TRIAL = {"trial_relief_percent": {"value": 70, "evidence": "IT trial 70%"}}


def run_action(action, dispatcher, tracker):
    """Run an action as the action server would and return its events."""
    return asyncio.run(action.run(dispatcher, tracker, {}))


@pytest.fixture(autouse=True)
def audit_db(tmp_path, monkeypatch):
    """Each test's chat verdicts go to its own audit trail, never to a file of the project."""
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    monkeypatch.setenv("AUDIT_DB_URL", url)
    return url
