"""Checks the action server's answers against Rasa's schema with a validator built once, not on every turn.

Rasa 3.6 checks every answer of the action server with ``jsonschema.validate(answer, schema)``, which first
checks the schema itself against the JSON Schema meta-schema: some 10 ms of CPU on every candidate turn (half
of what the Rasa server spends on a turn), for a schema that never changes. Here the schema is checked once
and its validator kept; answers are checked exactly as before (same schema, same error, same message).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

logger = logging.getLogger(__name__)

HINT = (
    ". Failed to validate Action server response from API, make sure your response from the Action endpoint "
    f"is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


@lru_cache(maxsize=1)
def validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result, with the validator built once."""
    error = best_match(validator().iter_errors(result))
    if error is not None:
        error.message += HINT
        raise error
    return True


def install() -> None:
    """Replaces RemoteAction's check of the action server's answers (once; Rasa 3.6's method only)."""
    current = getattr(RemoteAction, "_validate_action_result", None)
    if current is None or current is validate_action_result:
        return
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    logger.debug("action server answers are checked with a validator built once")
