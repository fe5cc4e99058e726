"""Rasa NLU adapter around guideline.text: the message is Unicode-normalised (NFKC), and
markup, control and invisible formatting characters leave it before anything reads it, so the
classifier, the fact extractor and the stored conversation all see the plain text a clinician
meant ("<b>INR 1.2</b>" is "INR 1.2", "plate\u00adlets" is "platelets")."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guideline.text import clean_message


# Registered as a tokenizer-type component so it runs first, in training and prediction alike.
@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class MessageCleaner(GraphComponent):
    """Replaces each message's text with its cleaned form."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageCleaner":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(TEXT) is not None:
                message.set(TEXT, clean_message(message.get(TEXT)))
        return messages
