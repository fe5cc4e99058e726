"""Rasa NLU adapter around guideline.facts: clinical facts become entities.

It also says whether the facts describe a particular patient (`describes_patient` in the parse
data). It never changes the intent: what the turn is, is decided in one place from the intent,
its confidence and these facts (guideline/turn.py, called by the action).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from components import action_validation
from guideline.facts import FactExtractor
from guideline.patient import Fact
from guideline.turn import DESCRIBES_PATIENT

EXTRACTOR_NAME = "ClinicalFactExtractor"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
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
        facts = self._extractor.extract(text) if text.strip() else []
        entities = [entity_of(fact, text) for fact in facts]
        message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        about = bool(facts) and self._extractor.describes_patient(text, facts)
        message.set(DESCRIBES_PATIENT, about, add_to_output=True)


def entity_of(fact: Fact, text: str) -> Dict[str, Any]:
    """A Rasa entity for one fact; `text` holds the evidence words, start/end locate them."""
    start = text.find(fact.evidence)
    start, end = (start, start + len(fact.evidence)) if start >= 0 else (0, 0)
    return {
        "entity": fact.name,
        "value": fact.value,
        "text": fact.evidence,
        "start": start,
        "end": end,
        "confidence": 1.0,
        "extractor": EXTRACTOR_NAME,
    }
