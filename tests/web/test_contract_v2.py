"""What the page relies on from the server's contract v2, asked of the real server over REST.

These come with the assess branch (issue 12's other half). Until it is merged they skip, saying
so; the page's own handling is tested meanwhile through `v2_stand_in` (conftest.py).
"""

from __future__ import annotations

import pytest

from tests.conftest import RestClient
from tests.web.conftest import VIGNETTE

NEEDS_ASSESS_BRANCH = "needs the assess branch (contract v2): the server does not send {} yet"


def test_assessment_carries_chart_note_and_headline(rest: RestClient, v2):
    if not (v2["chart_note"] and v2["headline"]):
        pytest.skip(NEEDS_ASSESS_BRANCH.format("chart_note/headline"))
    reply = rest.conversation(VIGNETTE)[0]
    payload = next(
        m["custom"]["assessment"] for m in reply if "assessment" in (m.get("custom") or {})
    )
    note = payload["chart_note"].split("\n")
    assert f"Verdict: {payload['headline']}" in note
    assert payload["rules_version"] in note[1]
    assert note[-1] == payload["disclaimer"]


@pytest.mark.parametrize("typed", ["new patient", "new case", "next patient", "start over"])
def test_new_patient_reply_carries_patient_cleared(rest: RestClient, v2, typed):
    if not v2["patient_cleared"]:
        pytest.skip(NEEDS_ASSESS_BRANCH.format("custom.patient_cleared"))
    _, cleared = rest.conversation(VIGNETTE, typed)
    events = [
        m["custom"]["patient_cleared"]
        for m in cleared
        if "patient_cleared" in (m.get("custom") or {})
    ]
    assert len(events) == 1 and events[0]["text"].strip()
    _, reassess = rest.conversation(VIGNETTE, "is she eligible now?")
    assert not any("patient_cleared" in (m.get("custom") or {}) for m in reassess)
