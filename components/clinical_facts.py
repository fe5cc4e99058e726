"""Rasa NLU adapter around guideline.facts: clinical facts become entities.

It runs after the intent classifier and also settles what the classifier cannot: an empty
message becomes `nlu_fallback`; only one that explicitly asks for a new patient starts one
(`new_patient`, with the facts that follow), anything else the classifier took for it ("reassess")
is an assessment request; one that describes a patient is assessed (`describe_patient`)
whatever question words it contains, unless it asks for a reference.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components import action_validation
from guideline.facts import FactExtractor
from guideline.patient import Fact
from guideline.text import is_new_patient_request

EXTRACTOR_NAME = "ClinicalFactExtractor"
#: Intents a patient's facts in the same message do not override.
KEEP_INTENTS = {"new_patient", "ask_references"}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class ClinicalFactExtractor(GraphComponent, EntityExtractorMixin):
    """Adds the clinical facts of a message as entities with normalised values."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ClinicalFactExtractor":
        action_validation.install()  # this component is loaded with the model: see its docstring
        return cls(FactExtractor())

    def __init__(self, extractor: FactExtractor) -> None:
        self._extractor = extractor

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""  # cleaned by MessageCleaner, first in the pipeline
        if not text.strip():
            self._set_intent(message, "nlu_fallback")
            return
        facts = self._extractor.extract(text)
        entities = [entity_of(fact, text) for fact in facts]
        message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        intent = (message.get(INTENT) or {}).get("name")
        if is_new_patient_request(text):
            self._set_intent(message, "new_patient")
        elif intent == "new_patient":  # only an explicit request clears: "reassess" assesses
            self._set_intent(message, "describe_patient")
        elif facts and intent not in KEEP_INTENTS and self._extractor.describes_patient(text, facts):
            self._set_intent(message, "describe_patient")

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)


def entity_of(fact: Fact, text: str) -> Dict[str, Any]:
    """A Rasa entity for one fact; `text` holds the evidence words, start/end locate them."""
    start = text.find(fact.evidence)
    start, end = (start, start + len(fact.evidence)) if start >= 0 else (0, 0)
    return {"entity": fact.name, "value": fact.value, "text": fact.evidence, "start": start,
            "end": end, "confidence": 1.0, "extractor": EXTRACTOR_NAME}
