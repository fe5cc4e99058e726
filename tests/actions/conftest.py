"""Trackers as the Rasa server would hand them to the action server."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(text="", intent="describe_patient", entities=(), slots=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "entities": list(entities)}
    return Tracker("clinician", dict(slots or {}), latest, [], False, None, {}, "action_listen")


def fact_entity(name, value, evidence):
    return {"entity": name, "value": value, "text": evidence, "start": 0, "end": len(evidence),
            "extractor": "ClinicalFactExtractor"}


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()
