"""Rasa NLU adapter around guideline.familiar: learns the words of the guideline topics'
training phrasings, keeps them in the model, and lists each message's words that neither they
nor the source's statements use (`unfamiliar_words` in the parse data). Out-of-scope examples
are left out: a word met only there is no sign the source covers it."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guideline.familiar import Vocabulary, knowledge_texts
from guideline.knowledge import default_knowledge
from guideline.turn import OUT_OF_SCOPE, UNFAMILIAR_WORDS

FILE = "vocabulary.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class FamiliarWords(GraphComponent):
    """Adds `unfamiliar_words` to every parsed message."""

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[Vocabulary] = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FamiliarWords":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = (
            m.get(TEXT) or ""
            for m in training_data.intent_examples
            if m.get(INTENT) != OUT_OF_SCOPE
        )
        words = Vocabulary.learn(examples).words
        with self._model_storage.write_to(self._resource) as directory:
            (directory / FILE).write_text(json.dumps(sorted(words)))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FamiliarWords":
        with model_storage.read_from(resource) as directory:
            learned = Vocabulary(frozenset(json.loads((directory / FILE).read_text())))
        return cls(model_storage, resource, learned.merged(knowledge_texts(default_knowledge())))

    def process(self, messages: List[Message]) -> List[Message]:
        if self._vocabulary is None:  # not trained: nothing is known, so nothing is claimed
            return messages
        for message in messages:
            words = self._vocabulary.unfamiliar(message.get(TEXT) or "")
            message.set(UNFAMILIAR_WORDS, list(words), add_to_output=True)
        return messages
