"""FHIR R4 resources and CDS Hooks requests from the compact cases of
tests/fixtures/fhir/vignettes.yml, as an EHR would send them."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fhir"
SYSTEMS = {
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "snomed": "http://snomed.info/sct",
    "loinc": "http://loinc.org",
    "cpt": "http://www.ama-assn.org/go/cpt",
}
CODED_DATE = "2026-01-05"
FIRST_NOTE = date(2026, 1, 10)
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def load_cases() -> List[Dict[str, Any]]:
    return yaml.safe_load((FIXTURES / "vignettes.yml").read_text())


def searchset(resources: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [
            {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r, "search": {"mode": "match"}}
            for r in resources
        ],
    }


def _concept(system: str, code: str, display: str) -> Dict[str, Any]:
    return {
        "coding": [{"system": SYSTEMS[system], "code": code, "display": display}],
        "text": display,
    }


def condition(pid: str, n: int, item: Dict[str, Any]) -> Dict[str, Any]:
    resource = {
        "resourceType": "Condition",
        "id": f"{pid}-cond-{n}",
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": item.get("status", "active")}]},
        "verificationStatus": {
            "coding": [{"system": VERIFICATION, "code": item.get("verification", "confirmed")}]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                        "code": "problem-list-item",
                    }
                ]
            }
        ],
        "code": _concept(item.get("system", "icd10cm"), str(item["code"]), item["display"]),
        "subject": {"reference": f"Patient/{pid}"},
        "recordedDate": item.get("date", CODED_DATE),
    }
    return resource


def lab(pid: str, n: int, item: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": f"{pid}-lab-{n}",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": _concept("loinc", str(item["code"]), item["display"]),
        "subject": {"reference": f"Patient/{pid}"},
        "effectiveDateTime": f"{item.get('date', CODED_DATE)}T08:00:00Z",
        "valueQuantity": {
            "value": item["value"],
            "unit": item["unit"],
            "system": "http://unitsofmeasure.org",
            "code": item["unit"],
        },
    }


def medication(pid: str, n: int, item: Dict[str, Any]) -> Dict[str, Any]:
    kind = item.get("kind", "MedicationRequest")
    resource = {
        "resourceType": kind,
        "id": f"{pid}-med-{n}",
        "status": item.get("status", "active"),
        "medicationCodeableConcept": {"text": item["name"]},
        "subject": {"reference": f"Patient/{pid}"},
    }
    if kind == "MedicationRequest":
        resource.update(intent="order", authoredOn=item.get("date", CODED_DATE))
    else:
        resource.update(effectiveDateTime=item.get("date", CODED_DATE))
    return resource


def procedure(pid: str, n: int, item: Dict[str, Any]) -> Dict[str, Any]:
    resource = {
        "resourceType": "Procedure",
        "id": f"{pid}-proc-{n}",
        "status": item.get("status", "completed"),
        "code": {
            "coding": [{"system": SYSTEMS["cpt"], "code": str(item["code"])}],
            "text": item["text"],
        },
        "subject": {"reference": f"Patient/{pid}"},
        "performedDateTime": item.get("date", CODED_DATE),
    }
    if item.get("outcome"):
        resource["outcome"] = {"text": item["outcome"]}
    return resource


def note(pid: str, n: int, text: str, when: date) -> Dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "id": f"{pid}-note-{n}",
        "status": "current",
        "type": {
            "coding": [{"system": SYSTEMS["loinc"], "code": "11506-3", "display": "Progress note"}],
            "text": "Progress note",
        },
        "subject": {"reference": f"Patient/{pid}"},
        "date": f"{when.isoformat()}T09:00:00Z",
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(text.encode()).decode(),
                }
            }
        ],
    }


def prefetch(case: Dict[str, Any], pid: str) -> Dict[str, Any]:
    """The prefetch an EHR would send for the service's templates (the keys of
    hooks.prefetch_templates)."""
    meds = [medication(pid, n, m) for n, m in enumerate(case.get("meds", []))]
    notes = [
        note(pid, n, text, FIRST_NOTE + timedelta(days=n))
        for n, text in enumerate(case.get("notes", []))
    ]
    return {
        "patient": {
            "resourceType": "Patient",
            "id": pid,
            "active": True,
            "name": [{"use": "official", "family": "Example", "given": [case["id"]]}],
            "gender": "unknown",
            "birthDate": "1960-01-01",
        },
        "conditions": searchset(
            [condition(pid, n, c) for n, c in enumerate(case.get("conditions", []))]
        ),
        "labs": searchset([lab(pid, n, o) for n, o in enumerate(case.get("labs", []))]),
        "medicationRequests": searchset(
            [m for m in meds if m["resourceType"] == "MedicationRequest"]
        ),
        "medicationStatements": searchset(
            [m for m in meds if m["resourceType"] == "MedicationStatement"]
        ),
        "procedures": searchset(
            [procedure(pid, n, p) for n, p in enumerate(case.get("procedures", []))]
        ),
        "notes": searchset(notes),
    }


def hook_request(
    case: Dict[str, Any],
    hook: str = "patient-view",
    draft_orders: Optional[List[Dict[str, Any]]] = None,
) -> Dict[str, Any]:
    pid = f"pt-{case['id']}"
    context: Dict[str, Any] = {"userId": "Practitioner/example", "patientId": pid}
    if hook == "order-select":
        orders = draft_orders or []
        context.update(
            selections=[f"{o['resourceType']}/{o['id']}" for o in orders],
            draftOrders={
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": o} for o in orders],
            },
        )
    return {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": context,
        "prefetch": prefetch(case, pid),
    }


def service_request(pid: str, code: str, text: str, system: str = "cpt") -> Dict[str, Any]:
    return {
        "resourceType": "ServiceRequest",
        "id": f"{pid}-order-{code}",
        "status": "draft",
        "intent": "proposal",
        "code": {"coding": [{"system": SYSTEMS[system], "code": code}], "text": text},
        "subject": {"reference": f"Patient/{pid}"},
    }
