"""The chart note, line by line, from payloads the rules produce (plus the contract v2 fields)."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from guideline.chart_note import TOOL, TOOL_VERSION, chart_note
from guideline.eligibility import assess
from guideline.knowledge import default_knowledge

NOW = datetime(2026, 3, 4, 9, 5, tzinfo=timezone.utc)
CITATION = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def facts(**values):
    return {name: {"value": value, "evidence": f"said {name}"} for name, value in values.items()}


def payload(kb, **values):
    """The rules' payload for these facts, with the v2 fields the assessment action adds."""
    result = assess(kb, facts(**values)).to_payload()
    result.update(
        source={"title": kb.source["title"], "last_updated": kb.source["last_updated"]},
        rules_version="r-1234abcd",
        disclaimer="Decision support only:\n  not a decision.",
        headline="Contraindicated: active infection present",
    )
    return result


INFECTED = dict(
    pain_type="cancer",
    opioid_response="inadequate",
    opioids_escalated=True,
    trial_relief_percent=70,
    life_expectancy_months=12,
    active_infection="present",
)


def sections(note: str):
    """The note's blocks (separated by blank lines) as lists of lines."""
    return [block.split("\n") for block in note.split("\n\n")]


def test_header_names_time_tool_rules_and_guideline(kb):
    note = chart_note(payload(kb, **INFECTED), NOW)
    first, second, third = note.split("\n")[:3]
    assert "2026-03-04 09:05 UTC" in first and "decision support" in first
    assert f"{TOOL} {TOOL_VERSION}" in second and "rules version r-1234abcd" in second
    assert kb.source["last_updated"] in third and f'"{kb.source["title"]}"' in third
    assert kb.source["publisher"] in third


def test_time_keeps_its_zone_and_a_naive_time_has_none(kb):
    cet = timezone(timedelta(hours=1))
    assert "2026-03-04 10:05 UTC+01:00" in chart_note(payload(kb), NOW.astimezone(cet))
    first = chart_note(payload(kb), NOW.replace(tzinfo=None)).split("\n")[0]
    assert first.endswith("(2026-03-04 09:05)")


def test_verdict_line_is_the_headline_and_falls_back_to_the_verdict(kb):
    data = payload(kb, **INFECTED)
    assert "Verdict: Contraindicated: active infection present" in chart_note(data, NOW).split("\n")
    del data["headline"]
    assert f"Verdict: {data['verdict'].replace('_', ' ').capitalize()}" in chart_note(data, NOW)


def test_one_line_per_row_without_citation_markers(kb):
    data = payload(kb, **INFECTED)
    blocks = sections(chart_note(data, NOW))
    criteria = next(b for b in blocks if b[0].startswith("Prerequisites"))
    contra = next(b for b in blocks if b[0].startswith("Absolute contraindications"))
    assert len(criteria) - 1 == len(data["criteria"])
    assert len(contra) - 1 == len(data["contraindications"])
    for line, row in zip(criteria[1:] + contra[1:], data["criteria"] + data["contraindications"]):
        assert line.startswith(f"- {row['label']}: ")
        assert row["reason"] in line
        assert not CITATION.search(line), line
    infection = next(line for line in contra if line.startswith("- Active infection"))
    assert infection.startswith("- Active infection: Present - a current infection")


def test_the_same_evidence_is_quoted_once(kb):
    data = payload(kb, **INFECTED)
    note = chart_note(data, NOW)
    # Both life-expectancy rows rest on the same words; the note quotes them once.
    assert note.count('"said life_expectancy_months"') == 1
    assert note.count('(noted: "said active_infection")') == 1


def test_references_once_at_the_end_before_the_disclaimer(kb):
    data = payload(kb, **INFECTED)
    blocks = sections(chart_note(data, NOW))
    references = blocks[-2]
    assert references[0] == "References:"
    cited = sorted(
        {n for row in data["criteria"] + data["contraindications"] for n in row["citations"]}
    )
    assert references[1:] == [kb.references[n].describe() for n in cited]
    assert "Title not printed in the source" in "\n".join(references)  # [6], no guessed title


def test_missing_facts_are_questions(kb):
    data = payload(kb, pain_type="cancer")
    block = next(b for b in sections(chart_note(data, NOW)) if b[0] == "To ask:")
    assert len(block) - 1 == len(data["missing"]) > 0
    for line, item in zip(block[1:], data["missing"]):
        assert line.startswith("- ") and line.endswith("?")
        assert item.strip().rstrip("?").lower() in line.lower()


def test_nothing_missing_no_question_block(kb):
    data = payload(kb, **INFECTED, psych_evaluation="completed", coagulopathy="absent")
    data["missing"] = []
    assert "To ask:" not in chart_note(data, NOW)


def test_disclaimer_is_the_last_line_on_one_line(kb):
    note = chart_note(payload(kb, **INFECTED), NOW)
    assert note.split("\n")[-1] == "Decision support only: not a decision."


def test_a_v1_payload_takes_source_and_disclaimer_from_the_knowledge(kb):
    data = assess(kb, facts(**INFECTED)).to_payload()
    note = chart_note(data, NOW)
    assert "rules version not given" in note
    assert note.split("\n")[-1] == " ".join(kb.source["disclaimer"].split())
    assert kb.source["last_updated"] in note


def test_a_row_without_label_is_named_by_its_id(kb):
    data = payload(kb)
    data["criteria"] = [
        {
            "id": "indication",
            "status": "unknown",
            "reason": "not stated",
            "evidence": "",
            "citations": [1],
        }
    ]
    assert "- Indication: Unknown - not stated" in chart_note(data, NOW).split("\n")
