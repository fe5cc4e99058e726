"""The cached check of action server replies accepts and rejects exactly what Rasa's does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from components import action_validation

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "patient_facts", "value": {"a": 1}}],
        "responses": [{"text": "hi", "buttons": [], "custom": {"assessment": {}}}],
    },
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": 3}]},
    {"responses": "text"},
]


@pytest.fixture(scope="module")
def action():
    original = RemoteAction._validate_action_result
    action_validation.install()
    action_validation.install()  # idempotent
    yield RemoteAction("action_x", None), original
    RemoteAction._validate_action_result = original
    delattr(RemoteAction, action_validation._MARK)


@pytest.mark.parametrize("result", VALID)
def test_valid_replies_pass(action, result):
    cached, original = action
    assert cached._validate_action_result(result) is True
    assert original(cached, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_replies_fail_with_rasas_message(action, result):
    cached, original = action
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        cached._validate_action_result(result)
    with pytest.raises(ValidationError):
        original(cached, result)
