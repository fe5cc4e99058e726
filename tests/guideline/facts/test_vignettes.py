"""Whole vignettes: the shared examples (tests/fixtures/vignettes.yml) and more clinician-style
ones (tests/fixtures/vignettes_more.yml), whose `facts` are the CONTRACT payload's, e.g.
active_infection as a boolean, and clinician-style ones
(tests/fixtures/clinician_vignettes.yml, whose `facts` are extracted facts). Facts are merged
turn by turn as the assistant does, and guideline.eligibility must reach the expected verdict."""

from typing import Any, Dict

import pytest
import yaml

from guideline.eligibility import assess
from guideline.knowledge import default_knowledge
from guideline.patient import fact_value, merge_facts

from .conftest import FIXTURES

NEW_PATIENT = {"new patient", "start over", "next patient"}


def load(name):
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


SHARED = load("vignettes.yml") + load("vignettes_more.yml")
CLINICIAN = load("clinician_vignettes.yml")
VIGNETTES = SHARED + CLINICIAN


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def conversation(extractor, turns) -> Dict[str, Any]:
    facts: Dict[str, Any] = {}
    for turn in turns:
        if turn.strip().lower() in NEW_PATIENT:
            facts = {}
            continue
        facts = merge_facts(facts, extractor.extract(turn))
    return facts


@pytest.mark.parametrize("vignette", SHARED, ids=[v["id"] for v in SHARED])
def test_payload_facts(extractor, kb, vignette):
    payload = assess(kb, conversation(extractor, vignette["turns"])).to_payload()["facts"]
    for name, expected in (vignette.get("facts") or {}).items():
        assert payload[name] == expected, f"{name}: {payload[name]!r} != {expected!r}"


@pytest.mark.parametrize("vignette", CLINICIAN, ids=[v["id"] for v in CLINICIAN])
def test_extracted_facts(extractor, vignette):
    facts = conversation(extractor, vignette["turns"])
    for name, expected in (vignette.get("facts") or {}).items():
        got = fact_value(facts, name)
        assert got == expected, f"{name}: {got!r} != {expected!r}"


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_verdict(extractor, kb, vignette):
    assessment = assess(kb, conversation(extractor, vignette["turns"]))
    if "verdict" in vignette:
        assert assessment.verdict == vignette["verdict"]
    assert assessment.verdict not in vignette.get("verdict_not", [])
    found = {f.id: f.status for f in (*assessment.criteria, *assessment.contraindications)}
    for rule_id, status in {
        **(vignette.get("criteria") or {}),
        **(vignette.get("contraindications") or {}),
    }.items():
        assert found[rule_id] == status, rule_id


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_every_turn_with_facts_about_the_patient_describes_a_patient(extractor, vignette):
    for turn in vignette["turns"]:
        facts = extractor.extract(turn)
        if turn.strip().lower() in NEW_PATIENT or not facts:
            continue
        assert extractor.describes_patient(turn, facts), turn


def test_there_are_enough_clinician_vignettes():
    assert len(CLINICIAN) >= 15


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_evidence_is_the_messages_own_words(extractor, vignette):
    for turn in vignette["turns"]:
        for fact in extractor.extract(turn):
            assert fact.evidence and fact.evidence in turn, (fact.name, fact.evidence)
            assert len(fact.evidence) <= 160
