"""The CDS Hooks 2.0 services: what discovery lists, and a hook request -> an assessment.

No web framework here: connectors/cds.py serves these over HTTP, checks the caller and keeps
the audit trail. A request that breaks the specification or holds invalid FHIR raises
HookError with the HTTP status and a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional

from pydantic import BaseModel, Extra, StrictStr, ValidationError, validator

from guideline.assessment_text import assessment_payload
from guideline.chart_note import chart_note
from guideline.eligibility import assess
from guideline.fhir.codes import load_codes
from guideline.fhir.mapping import is_pump_order
from guideline.fhir.record import PatientRecord, read_record
from guideline.fhir.resources import (
    FhirError,
    flatten,
    parse_prefetch,
    parse_resource,
    reference_id,
)
from guideline.knowledge import Knowledge


def prefetch_templates() -> Dict[str, str]:
    """What the service asks the EHR to send; the labs are the LOINC codes of codes.yml."""
    codes = load_codes()
    loinc = ",".join(
        f"{codes.systems['loinc']}|{code}"
        for concept in codes.observations.values()
        for code in concept.loinc
    )
    return {
        "patient": "Patient/{{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}",
        "labs": f"Observation?patient={{{{context.patientId}}}}&code={loinc}&_sort=-date&_count=50",
        "medicationRequests": "MedicationRequest?patient={{context.patientId}}",
        "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
        "procedures": "Procedure?patient={{context.patientId}}",
        "notes": "DocumentReference?patient={{context.patientId}}&status=current&_sort=-date"
        "&_count=20",
    }


DESCRIPTION = (
    "Checks the patient's record against the prerequisites and absolute contraindications for "
    "an implanted intrathecal drug-delivery pump in one guideline summary, criterion by "
    "criterion with the summary's citations. Coded problems, labs, medications and procedures "
    "are read together with the text of recent notes. Decision support, not a decision."
)


@dataclass(frozen=True)
class Service:
    id: str
    hook: str
    title: str
    description: str
    #: context keys the hook must carry
    context: tuple


SERVICES = {
    service.id: service
    for service in (
        Service(
            "intrathecal-pump-assessment",
            "patient-view",
            "Intrathecal pump: guideline criteria",
            DESCRIPTION + " Shown when the record holds a pain diagnosis, opioids or a trial.",
            ("patientId",),
        ),
        Service(
            "intrathecal-pump-order-check",
            "order-select",
            "Intrathecal pump or trial order: guideline criteria",
            DESCRIPTION + " Shown when an intrathecal pump or trial order is selected.",
            ("patientId", "selections", "draftOrders"),
        ),
    )
}
USAGE = (
    "Send the prefetch: the service reads only what it is sent and queries no FHIR "
    "server. Every call carries a JWT signed with a key the operator has configured."
)
#: Facts that make a patient-view card worth showing: the record is about pain or a trial.
PAIN_FACTS = (
    "pain_type",
    "opioid_response",
    "opioids",
    "adjuvants",
    "trial_done",
    "trial_relief_percent",
    "trial_successful",
)


class HookError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


class HookRequest(BaseModel):
    """The request body of CDS Hooks 2.0 ("Calling a CDS Service"); extensions are allowed."""

    hook: StrictStr
    hookInstance: StrictStr
    context: Dict[str, Any]
    prefetch: Optional[Dict[str, Any]] = None
    fhirServer: Optional[StrictStr] = None
    fhirAuthorization: Optional[Dict[str, Any]] = None

    class Config:
        extra = Extra.allow

    @validator("hookInstance")
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


@dataclass(frozen=True)
class HookResult:
    request: HookRequest
    #: the chat's payload (guideline.assessment_text); None when there is nothing to say
    assessment: Optional[Dict[str, Any]]
    record: Optional[PatientRecord]


def discovery() -> Dict[str, List[Dict[str, Any]]]:
    return {
        "services": [
            {
                "hook": s.hook,
                "title": s.title,
                "description": s.description,
                "id": s.id,
                "prefetch": prefetch_templates(),
                "usageRequirements": USAGE,
            }
            for s in SERVICES.values()
        ]
    }


def parse_request(service_id: str, body: Any) -> HookRequest:
    service = SERVICES.get(service_id)
    if service is None:
        raise HookError(404, f"no CDS service {service_id!r}")
    if not isinstance(body, Mapping):
        raise HookError(400, "the request body must be a JSON object")
    try:
        request = HookRequest.parse_obj(body)
    except ValidationError as error:
        first = error.errors()[0]
        raise HookError(400, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    if request.hook != service.hook:
        raise HookError(400, f"service {service.id} answers {service.hook}, not {request.hook}")
    for key in service.context:
        if key not in request.context:
            raise HookError(400, f"context.{key} is required for {service.hook}")
    if not isinstance(request.context["patientId"], str):
        raise HookError(400, "context.patientId must be a string")
    if not request.prefetch:
        raise HookError(
            412,
            "no prefetch: this service reads only prefetched data and does "
            "not query the FHIR server",
        )
    return request


def _check_patient(resources, patient_id: str) -> None:
    """Every resource must be about the patient in context: data of another patient must never
    decide this one's card."""
    for resource in resources:
        if resource.resource_type == "Patient":
            others = [resource.id] if resource.id and resource.id != patient_id else []
        else:
            others = [
                found
                for attr in ("subject", "patient")
                for found in [reference_id(getattr(resource, attr, None), "Patient")]
                if found and found != patient_id
            ]
        if others:
            raise HookError(
                400,
                f"{resource.resource_type}/{resource.id} is about Patient/"
                f"{others[0]}, not the patient in context ({patient_id})",
            )


def _pump_order_selected(context: Mapping[str, Any]) -> bool:
    selections = context.get("selections")
    if not isinstance(selections, list) or not all(isinstance(s, str) for s in selections):
        raise HookError(400, "context.selections must be a list of strings")
    orders = flatten(parse_resource(context["draftOrders"], "context.draftOrders"))
    chosen = [o for o in orders if f"{o.resource_type}/{o.id}" in selections] or orders
    return any(is_pump_order(order) for order in chosen)


def run_hook(service_id: str, body: Any, kb: Knowledge, extractor) -> HookResult:
    """The assessment a hook call asks for, or no assessment when there is nothing to say."""
    request = parse_request(service_id, body)
    try:
        resources = parse_prefetch(request.prefetch)
        _check_patient(resources, request.context["patientId"])
        if request.hook == "order-select" and not _pump_order_selected(request.context):
            return HookResult(request, None, None)
        record = read_record(resources, extractor)
    except FhirError as error:
        raise HookError(400, str(error)) from None
    if request.hook == "patient-view" and not any(name in record.facts for name in PAIN_FACTS):
        return HookResult(request, None, record)
    payload = assessment_payload(kb, assess(kb, record.facts))
    # The chat's payload in full, chart note included: the card's link opens it in the chat page.
    payload["chart_note"] = chart_note(payload, datetime.now(timezone.utc), kb)
    return HookResult(request, payload, record)
