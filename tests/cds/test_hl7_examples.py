"""Resources in the shape of HL7's published FHIR R4 examples: validated, read where the rules
can use them, every other code listed, and the verdict the chat gives on the same data."""

import json
from pathlib import Path

from guideline.eligibility import assess
from guideline.fhir.cards import card
from guideline.fhir.hooks import run_hook
from guideline.fhir.resources import parse_resource
from guideline.patient import merge_facts
from tests.cds.conftest import validate

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "fhir" / "hl7_r4_examples.json"


def request(extra=None):
    bundle = json.loads(EXAMPLES.read_text())
    resources = [entry["resource"] for entry in bundle["entry"]]
    prefetch = {
        "patient": resources[0],
        "everything": {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": r} for r in resources[1:] + (extra or [])],
        },
    }
    return {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "example"},
        "prefetch": prefetch,
    }


def test_every_example_is_valid_fhir_r4():
    for entry in json.loads(EXAMPLES.read_text())["entry"]:
        assert parse_resource(entry["resource"], "example").resource_type


def test_the_examples_give_the_chats_verdict_with_unknown_codes_listed(kb, extractor):
    result = run_hook("intrathecal-pump-assessment", request(), kb, extractor)
    facts = result.record.facts
    assert facts["pain_type"]["value"] == "cancer"
    assert facts["opioids"]["value"] == ["oxycodone"]  # through the referenced Medication
    unknown = " | ".join(result.record.unknown)
    for code in ("39065001", "15074-8", "29463-7", "Appendectomy", "attachment not included"):
        assert code in unknown
    # The chat, told the same coded facts in words, reaches the same verdict.
    said = "Patient with malignant neoplastic disease on oxycodone."
    chat = assess(kb, merge_facts(None, extractor.extract(said)))
    assert result.assessment["verdict"] == chat.verdict == "needs_information"
    made = card(
        kb,
        result.assessment,
        result.record,
        "4e0a3a1e-3283-4575-ab82-028d55fe2719",
        "http://127.0.0.1:5005/webhooks/webchat/chat/?assessment=x",
    )
    validate({"cards": [made]}, "response")
    assert made["indicator"] == "warning" and "Not read" in made["detail"]
    assert "Burnt Ear \\(SNOMED CT 39065001\\)" in made["detail"]


def test_markup_in_record_text_is_escaped_on_the_card(kb, extractor):
    sneaky = {
        "resourceType": "Observation",
        "id": "n",
        "status": "final",
        "code": {"text": "Note"},
        "subject": {"reference": "Patient/example"},
        "effectiveDateTime": "2025-10-06",
        "valueString": "No infection. [click](javascript:alert(1)) <img src=x> **bold**",
    }
    result = run_hook("intrathecal-pump-assessment", request([sneaky]), kb, extractor)
    made = card(
        kb,
        result.assessment,
        result.record,
        "4e0a3a1e-3283-4575-ab82-028d55fe2719",
        "http://127.0.0.1/x",
    )
    row = next(r for r in result.assessment["contraindications"] if r["id"] == "active_infection")
    assert row["status"] == "absent"
    assert "<img" not in made["detail"] and "](javascript" not in made["detail"]
