"""The assessment reply: the deciding finding first, rows not met or unknown before met ones,
missing facts as questions, the disclaimer last, and the payload fields of contract v2."""

import pytest

from guideline.assessment_text import assessment_payload, assessment_text, headline
from guideline.eligibility import assess
from guideline.knowledge import default_knowledge


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def facts(**values):
    return {name: {"value": value, "evidence": f"<{name}>"} for name, value in values.items()}


ELIGIBLE = dict(
    pain_type="cancer",
    pain_severity="severe",
    opioid_response="inadequate",
    opioids_escalated=True,
    trial_relief_percent=70,
    life_expectancy_months=12,
    psych_evaluation="completed",
    active_infection="absent",
    coagulopathy="absent",
)


@pytest.mark.parametrize(
    "change, expected",
    [
        (dict(active_infection="present"), "Contraindicated: active infection present"),
        (dict(psych_cleared=False), "Criteria not met: psychological evaluation not met"),
        (
            dict(coagulopathy=None, inr=1.1),
            "Needs more information: coagulopathy or bleeding disorder not known",
        ),
    ],
)
def test_the_headline_names_the_deciding_finding_first(kb, change, expected):
    values = {k: v for k, v in {**ELIGIBLE, **change}.items() if v is not None}
    assert headline(assess(kb, facts(**values))) == expected


def test_meeting_the_criteria_is_always_by_this_guideline_summary(kb):
    text = assessment_text(kb, assess(kb, facts(**ELIGIBLE)))
    assert "this guideline summary" in text.splitlines()[0]


def test_rows_not_met_or_unknown_come_first_and_the_disclaimer_last(kb):
    values = {**ELIGIBLE, "psych_evaluation": "not_completed"}
    lines = assessment_text(kb, assess(kb, facts(**values))).splitlines()
    rows = [
        line
        for line in lines[: lines.index(next(x for x in lines if x.startswith("Absolute")))]
        if line.startswith("- ")
    ]
    assert rows[0].startswith("- Psychological evaluation")
    assert lines[-1] == kb.source.assessment_disclaimer


def test_the_payload_carries_contract_version_2_fields(kb):
    payload = assessment_payload(kb, assess(kb, facts(inr=1.8)))
    assert payload["source"] == {"title": kb.source.title, "last_updated": "February 12, 2026"}
    assert payload["disclaimer"] == kb.source.assessment_disclaimer
    assert payload["headline"].startswith("Contraindicated: coagulopathy")
    coagulation = next(r for r in payload["contraindications"] if r["id"] == "coagulopathy")
    assert coagulation["citations"] == [] and "not from the guideline" in coagulation["reason"]
    assert "[1, 6]" not in next(
        line for line in payload["text"].splitlines() if line.startswith("- Coagulopathy")
    )
