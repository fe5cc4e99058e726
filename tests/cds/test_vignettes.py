"""Every example vignette as FHIR (coded data + note text) gives, through the hook, the verdict
the chat gives on the vignette's own words: one rule set for both (in-process here; over HTTP
in test_server.py)."""

import pytest
import yaml

from guideline.eligibility import assess
from guideline.fhir.cards import card
from guideline.fhir.hooks import run_hook
from guideline.patient import merge_facts
from scripts.servers import ROOT
from tests.cds.conftest import validate
from tests.cds.fhir_builder import hook_request, load_cases, service_request

#: The worked examples (shared/examples/vignettes.yml, kept in the project so that a fresh
#: clone tests without the folder beside it).
VIGNETTES = {
    v["id"]: v for v in yaml.safe_load((ROOT / "tests" / "fixtures" / "vignettes.yml").read_text())
}
CASES = load_cases()
PATIENT_VIEW = "intrathecal-pump-assessment"
ORDER_SELECT = "intrathecal-pump-order-check"


def chat_assessment(kb, extractor, case):
    """What the chat concludes: each turn's facts merged as the assessment action merges them."""
    facts = None
    for turn in VIGNETTES[case["id"]]["turns"][case.get("chat_from", 0) :]:
        facts = merge_facts(facts, extractor.extract(turn))
    return assess(kb, facts)


def test_every_example_vignette_has_a_fhir_case():
    assert {case["id"] for case in CASES} == set(VIGNETTES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_hook_gives_the_chats_verdict(kb, extractor, case):
    result = run_hook(PATIENT_VIEW, hook_request(case), kb, extractor)
    chat = chat_assessment(kb, extractor, case)
    assert result.assessment is not None, "no card for a pain patient"
    assert result.assessment["verdict"] == chat.verdict
    hook_status = {
        row["id"]: row["status"]
        for row in result.assessment["criteria"] + result.assessment["contraindications"]
    }
    assert hook_status == {f.id: f.status for f in chat.criteria + chat.contraindications}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_card_follows_the_specification_and_the_vignette(kb, extractor, case):
    result = run_hook(PATIENT_VIEW, hook_request(case), kb, extractor)
    made = card(
        kb,
        result.assessment,
        result.record,
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "http://127.0.0.1/webhooks/webchat/chat/?assessment=x",
    )
    validate({"cards": [made]}, "response")
    verdict = result.assessment["verdict"]
    assert made["indicator"] == {"meets_criteria": "info", "contraindicated": "critical"}.get(
        verdict, "warning"
    )
    for row in result.assessment["criteria"] + result.assessment["contraindications"]:
        assert row["label"].replace("(", "\\(").replace(")", "\\)") in made["detail"]
    expected = VIGNETTES[case["id"]]
    assert made["summary"].startswith(result.assessment["headline"][:40])
    assert verdict == expected.get("verdict", verdict)
    assert verdict not in expected.get("verdict_not", [])


def test_a_later_coded_diagnosis_overrides_an_earlier_note_and_the_card_says_so(kb, extractor):
    case = next(c for c in CASES if c["id"] == "ex10")  # "no infection" note, pneumonia later
    result = run_hook(PATIENT_VIEW, hook_request(case), kb, extractor)
    assert result.assessment["verdict"] == "contraindicated"
    [conflict] = result.record.conflicts
    assert conflict.fact == "active_infection" and conflict.newer[1] == "present"
    made = card(
        kb,
        result.assessment,
        result.record,
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "http://127.0.0.1/x",
    )
    assert "the more recent is used" in made["detail"] and "J18.9" in made["detail"]
    assert made["summary"].startswith("Contraindicated") and "infection" in made["summary"]


def test_a_note_newer_than_the_code_wins(kb, extractor):
    case = {
        "id": "late-note",
        "conditions": [{"code": "J18.9", "display": "Pneumonia, unspecified organism"}],
        "notes": ["Pneumonia treated and resolved, no infection now."],
    }
    result = run_hook(
        PATIENT_VIEW,
        hook_request(
            {
                **case,
                "conditions": case["conditions"]
                + [{"code": "G89.4", "display": "Chronic pain syndrome"}],
            }
        ),
        kb,
        extractor,
    )
    row = next(r for r in result.assessment["contraindications"] if r["id"] == "active_infection")
    assert row["status"] == "absent" and "Progress note" in row["evidence"]
    assert result.record.conflicts[0].newer[0].startswith("Progress note")


def test_order_select_answers_for_a_pump_or_trial_order_only(kb, extractor):
    case = next(c for c in CASES if c["id"] == "ex01")
    pid = f"pt-{case['id']}"
    pump = service_request(pid, "62362", "Implantation of programmable intrathecal pump")
    uncoded = {
        **service_request(pid, "x", "Intrathecal drug delivery system trial"),
        "code": {"text": "Intrathecal drug delivery system trial"},
    }
    xray = service_request(pid, "36643-5", "XR Chest 2 Views", system="loinc")
    for orders, answers in (([pump], True), ([uncoded], True), ([xray], False)):
        result = run_hook(ORDER_SELECT, hook_request(case, "order-select", orders), kb, extractor)
        assert (result.assessment is not None) is answers, orders[0]["code"]
    result = run_hook(ORDER_SELECT, hook_request(case, "order-select", [pump]), kb, extractor)
    assert result.assessment["verdict"] == chat_assessment(kb, extractor, case).verdict


def test_patient_view_is_silent_without_pain_data(kb, extractor):
    case = {
        "id": "no-pain",
        "labs": [{"code": "6301-6", "display": "INR", "value": 1.0, "unit": "{INR}"}],
    }
    result = run_hook(PATIENT_VIEW, hook_request(case), kb, extractor)
    assert result.assessment is None and result.record.facts["inr"]["value"] == 1.0
