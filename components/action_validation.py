"""Rasa 3.6 checks every action server reply against its JSON schema with `jsonschema.validate`,
which re-checks the schema itself on every call: about 60% of a message's CPU time here, with
8 clients (py-spy, `make bench`). `install()` validates against a validator built once from the
same schema instead; a reply it rejects goes to Rasa's own check, so errors read as before.
"""

from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_MARK = "_schema_checked_once"


def install() -> None:
    """Make RemoteAction validate replies with a cached validator (idempotent)."""
    if getattr(RemoteAction, _MARK, False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    original = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        if best_match(validator.iter_errors(result)) is None:
            return True
        return original(self, result)

    RemoteAction._validate_action_result = _validate_action_result
    setattr(RemoteAction, _MARK, True)
