"""Coded FHIR data -> the chat's facts: statuses, units, drugs, unknown codes, bad input."""

import base64

import pytest

from guideline.fhir.codes import Codes, load_codes
from guideline.fhir.hooks import HookError, parse_request, run_hook
from guideline.fhir.record import read_record
from guideline.fhir.resources import FhirError, parse_prefetch, parse_resource
from tests.cds.fhir_builder import condition, hook_request, lab, medication, note, procedure

PID = "p1"


def record_of(extractor, *resources):
    return read_record([parse_resource(r, "test") for r in resources], extractor)


def value(record, name):
    entry = record.facts.get(name)
    return entry and entry["value"]


@pytest.mark.parametrize(
    "code, status, verification, expected",
    [
        ("J18.9", "active", "confirmed", "present"),
        ("J189", "active", "confirmed", "present"),  # ICD-10-CM written without its dot
        ("L03.115", "resolved", "confirmed", "resolved"),
        ("N39.0", "active", "provisional", "suspected"),
        ("A41.9", "active", "refuted", "absent"),
        ("T85.79XA", "recurrence", "confirmed", "present"),  # infected implanted device
    ],
)
def test_infection_diagnoses(extractor, code, status, verification, expected):
    record = record_of(
        extractor,
        condition(
            PID,
            0,
            {"code": code, "display": "infection", "status": status, "verification": verification},
        ),
    )
    assert value(record, "active_infection") == expected


@pytest.mark.parametrize(
    "code, expected",
    [
        ("D68.0", "present"),
        ("D69.6", "present"),
        ("D66", "present"),
        ("D68.51", None),  # factor V Leiden: a clotting disorder, not a bleeding one
        ("D68.61", None),
    ],
)
def test_bleeding_disorders_but_not_thrombophilias(extractor, code, expected):
    record = record_of(extractor, condition(PID, 0, {"code": code, "display": "x"}))
    assert value(record, "coagulopathy") == expected
    assert (expected is None) == bool(record.unknown)


def test_an_active_cancer_makes_the_pain_cancer_pain_a_cured_one_does_not(extractor):
    both = record_of(
        extractor,
        condition(PID, 0, {"code": "M54.5", "display": "Low back pain"}),
        condition(PID, 1, {"code": "C50.911", "display": "Breast cancer"}),
    )
    assert value(both, "pain_type") == "cancer"
    cured = record_of(
        extractor,
        condition(PID, 0, {"code": "G89.29", "display": "Other chronic pain"}),
        condition(PID, 1, {"code": "C50.911", "display": "Breast cancer", "status": "remission"}),
    )
    assert value(cured, "pain_type") == "non_cancer"
    snomed = record_of(
        extractor,
        condition(
            PID,
            0,
            {"code": "363346000", "system": "snomed", "display": "Malignant neoplastic disease"},
        ),
    )
    assert value(snomed, "pain_type") == "cancer"


def test_a_chronic_pain_or_cancer_diagnosis_states_chronic_pain_and_acute_pain_does_not(extractor):
    acute = record_of(
        extractor,
        condition(PID, 0, {"code": "G89.18", "display": "Other acute postprocedural pain"}),
    )
    assert (
        value(acute, "pain_chronic") is False
        and "G89.18" in acute.facts["pain_chronic"]["evidence"]
        and not acute.not_used
    )
    for code, display in (("G89.29", "Other chronic pain"), ("C18.9", "Colon cancer")):
        chronic = record_of(extractor, condition(PID, 0, {"code": code, "display": display}))
        assert value(chronic, "pain_chronic") is True
        assert code in chronic.facts["pain_chronic"]["evidence"]
    uncoded = record_of(extractor, condition(PID, 0, {"code": "M54.5", "display": "Low back pain"}))
    assert "pain_chronic" not in uncoded.facts and value(uncoded, "pain_type") == "non_cancer"
    cured = record_of(
        extractor,
        condition(PID, 0, {"code": "C18.9", "display": "Colon cancer", "status": "remission"}),
    )
    assert "pain_chronic" not in cured.facts and "not current" in cured.not_used[0]


def test_chronic_and_acute_pain_on_one_record_the_more_recent_wins(extractor):
    record = record_of(
        extractor,
        condition(
            PID, 0, {"code": "G89.4", "display": "Chronic pain syndrome", "date": "2025-01-01"}
        ),
        condition(
            PID, 1, {"code": "G89.18", "display": "Acute postprocedural pain", "date": "2025-06-01"}
        ),
    )
    assert value(record, "pain_chronic") is False


@pytest.mark.parametrize(
    "score, expected", [(9, "severe"), (7, "severe"), (5, None), (2, "mild"), (70, None)]
)
def test_a_pain_score_states_severity_only_at_either_end(extractor, score, expected):
    record = record_of(
        extractor,
        lab(
            PID,
            0,
            {"code": "72514-3", "display": "Pain severity", "value": score, "unit": "{score}"},
        ),
    )
    assert value(record, "pain_severity") == expected
    assert bool(record.not_used or record.unknown) == (expected is None)
    assert bool(record.unknown) == (score > 10)


@pytest.mark.parametrize(
    "unit, number, count",
    [("10*3/uL", 45, 45000), ("10*9/L", 120, 120000), ("/uL", 150000, 150000)],
)
def test_platelet_units(extractor, unit, number, count):
    record = record_of(
        extractor,
        lab(PID, 0, {"code": "777-3", "display": "Platelets", "value": number, "unit": unit}),
    )
    assert value(record, "platelets") == count


def test_an_unknown_unit_or_code_is_listed_never_guessed(extractor):
    record = record_of(
        extractor,
        lab(PID, 0, {"code": "777-3", "display": "Platelets", "value": 45, "unit": "g/dL"}),
        lab(PID, 1, {"code": "15074-8", "display": "Glucose", "value": 6.3, "unit": "mmol/L"}),
    )
    assert "platelets" not in record.facts
    assert any("g/dL" in item for item in record.unknown)
    assert any("15074-8" in item for item in record.unknown)


def test_the_latest_lab_value_wins(extractor):
    record = record_of(
        extractor,
        lab(
            PID,
            0,
            {
                "code": "6301-6",
                "display": "INR",
                "value": 2.4,
                "unit": "{INR}",
                "date": "2026-01-01",
            },
        ),
        lab(
            PID,
            1,
            {
                "code": "34714-6",
                "display": "INR",
                "value": 1.1,
                "unit": "{INR}",
                "date": "2026-01-09",
            },
        ),
    )
    assert value(record, "inr") == 1.1


def test_drugs_from_the_extractors_vocabulary(extractor):
    record = record_of(
        extractor,
        medication(PID, 0, {"name": "OxyContin 20 MG Extended Release Oral Tablet"}),
        medication(
            PID, 1, {"name": "Gabapentin 300 MG Oral Capsule", "kind": "MedicationStatement"}
        ),
        medication(PID, 2, {"name": "Lisinopril 10 MG Oral Tablet"}),
        medication(PID, 3, {"name": "Morphine 10 MG", "status": "entered-in-error"}),
    )
    assert value(record, "opioids") == ["oxycodone"]
    assert value(record, "adjuvants") == ["gabapentin"]
    assert record.unknown == ["MedicationRequest: Lisinopril 10 MG Oral Tablet"]
    assert "opioid_response" not in record.facts  # a drug list says nothing of relief


@pytest.mark.parametrize(
    "status, stopped", [("active", None), ("on-hold", True), ("stopped", True)]
)
def test_anticoagulants_current_or_stopped(extractor, status, stopped):
    record = record_of(
        extractor,
        medication(PID, 0, {"name": "Warfarin Sodium 5 MG Oral Tablet", "status": status}),
    )
    assert value(record, "anticoagulant") == "warfarin"
    assert value(record, "anticoagulant_stopped") == stopped


def test_one_current_anticoagulant_outweighs_a_stopped_one(extractor):
    record = record_of(
        extractor,
        medication(PID, 0, {"name": "Clopidogrel 75 MG Oral Tablet", "date": "2026-01-08"}),
        medication(PID, 1, {"name": "Warfarin 5 MG", "status": "stopped", "date": "2026-01-09"}),
    )
    assert value(record, "anticoagulant") == "clopidogrel"
    assert "anticoagulant_stopped" not in record.facts


def test_a_trial_procedure_and_its_outcome(extractor):
    record = record_of(
        extractor,
        procedure(
            PID, 0, {"code": "62324", "text": "Intrathecal catheter trial", "outcome": "60% relief"}
        ),
    )
    assert value(record, "trial_done") is True and value(record, "trial_relief_percent") == 60
    planned = record_of(
        extractor, procedure(PID, 0, {"code": "62322", "text": "IT trial", "status": "preparation"})
    )
    assert value(planned, "trial_done") is False


def test_an_uncoded_procedure_is_read_by_its_text_or_listed(extractor):
    told = record_of(
        extractor,
        {
            **procedure(PID, 0, {"code": "x", "text": "Epidural trial", "outcome": "70% relief"}),
            "code": {"text": "Epidural trial"},
        },
    )
    assert value(told, "trial_relief_percent") == 70 and told.unknown == []
    silent = record_of(
        extractor,
        {
            **procedure(PID, 0, {"code": "x", "text": "Colonoscopy"}),
            "code": {"text": "Colonoscopy"},
        },
    )
    assert silent.unknown == ["Procedure: Colonoscopy."]


def test_notes_as_documents_and_as_observation_text(extractor):
    from datetime import date

    text_observation = {
        "resourceType": "Observation",
        "id": "o",
        "status": "final",
        "code": {"text": "Psychology note"},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-01-03",
        "valueString": "Psych eval completed.",
    }
    pdf = note(PID, 1, "x", date(2026, 1, 4))
    pdf["content"][0]["attachment"]["contentType"] = "application/pdf"
    record = record_of(
        extractor,
        note(PID, 0, "Life expectancy about a year.", date(2026, 1, 2)),
        text_observation,
        pdf,
    )
    assert value(record, "life_expectancy_months") == 12
    assert value(record, "psych_evaluation") == "completed"
    assert record.facts["psych_evaluation"]["evidence"].startswith("Psychology note 2026-01-03")
    assert any("application/pdf not read" in item for item in record.unknown)


@pytest.mark.parametrize(
    "resource, reason",
    [
        (
            {
                "resourceType": "Condition",
                "subject": {"reference": "Patient/p1"},
                "recordedDate": "yesterday",
            },
            "recordedDate",
        ),
        (
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"text": "x"},
                "valueQuantity": {"value": "lots"},
            },
            "value",
        ),
        ({"resourceType": "Nonsense"}, "unknown resourceType"),
        ({"id": "x"}, "not a FHIR resource"),
        (
            {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}, "bogus": 1},
            "bogus",
        ),
    ],
)
def test_malformed_fhir_is_refused_with_the_reason(resource, reason):
    with pytest.raises(FhirError, match=reason):
        parse_prefetch({"conditions": resource})


def test_a_null_prefetch_key_is_allowed():
    assert parse_prefetch({"patient": {"resourceType": "Patient", "id": "p1"}, "labs": None})


@pytest.mark.parametrize(
    "mutate, status, reason",
    [
        (lambda b: b.pop("hookInstance"), 400, "hookInstance"),
        (lambda b: b.update(hook="order-sign"), 400, "answers patient-view"),
        (lambda b: b["context"].pop("patientId"), 400, "patientId"),
        (lambda b: b.pop("prefetch"), 412, "prefetch"),
        (
            lambda b: b["prefetch"].update(
                conditions={
                    "resourceType": "Bundle",
                    "type": "searchset",
                    "entry": [
                        {
                            "resource": {
                                "resourceType": "Condition",
                                "subject": {"reference": "Patient/other"},
                            }
                        }
                    ],
                }
            ),
            400,
            "not the patient in context",
        ),
        (
            lambda b: b["prefetch"]["notes"]["entry"][0]["resource"]["content"][0][
                "attachment"
            ].update(data="!!!not base64!!!"),
            400,
            "base64",
        ),
    ],
)
def test_bad_hook_requests(kb, extractor, mutate, status, reason):
    body = hook_request({"id": "bad", "notes": ["Chronic back pain."]})
    mutate(body)
    with pytest.raises(HookError) as raised:
        run_hook("intrathecal-pump-assessment", body, kb, extractor)
    assert raised.value.status == status and reason in raised.value.reason


def test_unknown_service_and_non_object_body():
    with pytest.raises(HookError) as raised:
        parse_request("nope", {})
    assert raised.value.status == 404
    with pytest.raises(HookError) as raised:
        parse_request("intrathecal-pump-assessment", ["not", "an", "object"])
    assert raised.value.status == 400


def test_the_code_lists_are_loaded_strictly():
    data = {
        "systems": {"icd10cm": "x"},
        "conditions": {"c": {"icd10cm": ["C"], "rxnorm": ["1"]}},
        "observations": {},
        "procedures": {},
        "platelet_units": {},
        "order_terms": [],
    }
    with pytest.raises(ValueError, match="rxnorm"):
        Codes.parse_obj(data)
    assert load_codes().conditions["bleeding_disorder"].excluded == ["D68.5", "D68.6"]


def test_note_text_is_base64_decoded_as_utf8(extractor):
    from datetime import date

    document = note(PID, 0, "x", date(2026, 1, 2))
    document["content"][0]["attachment"]["data"] = base64.b64encode(
        "Psych eval completed \u2014 cleared.".encode()
    ).decode()
    assert value(record_of(extractor, document), "psych_evaluation") == "completed"


def test_a_medication_named_by_reference_contained_or_in_the_prefetch(extractor):
    contained = {
        **medication(PID, 0, {"name": "x"}),
        "contained": [
            {
                "resourceType": "Medication",
                "id": "m1",
                "code": {"text": "Apixaban 5 MG Oral Tablet"},
            }
        ],
        "medicationReference": {"reference": "#m1"},
    }
    contained.pop("medicationCodeableConcept")
    assert value(record_of(extractor, contained), "anticoagulant") == "apixaban"
    listed = {
        **medication(PID, 1, {"name": "x"}),
        "medicationReference": {"reference": "Medication/m2", "display": "Tapentadol"},
    }
    listed.pop("medicationCodeableConcept")
    other = {"resourceType": "Medication", "id": "m2", "code": {"text": "Methadone 10 MG"}}
    assert value(record_of(extractor, listed, other), "opioids") == ["methadone"]
    assert value(record_of(extractor, listed), "opioids") == ["tapentadol"]  # display only


def test_the_test_ehr_sends_what_discovery_asks_for():
    from guideline.fhir.hooks import discovery, prefetch_templates
    from tests.cds.fhir_builder import prefetch

    assert set(prefetch({"id": "x"}, PID)) == set(prefetch_templates())
    labs = prefetch_templates()["labs"]
    assert "http://loinc.org|6301-6" in labs and "http://loinc.org|777-3" in labs
    assert all(service["usageRequirements"] for service in discovery()["services"])
