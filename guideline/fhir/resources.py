"""FHIR R4 resources from a CDS Hooks request, validated by the fhir.resources models.

A prefetch value is a resource or a search-set Bundle; every resource is checked against the
R4 (4.0.1) model of its type, so a malformed one is refused with the reason instead of being
half read. Dates come out as timezone-aware datetimes for ordering.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Iterable, List, Mapping, Optional

from fhir.resources import construct_fhir_element
from fhir.resources.resource import Resource
from pydantic import ValidationError

#: Resources that carry no patient data the rules read and are skipped without comment.
SKIPPED_TYPES = ("OperationOutcome",)


class FhirError(ValueError):
    """The request is not valid FHIR R4; the message is the one-line reason for the 400."""


def parse_resource(value: Any, where: str) -> Resource:
    """One validated resource; FhirError naming the first problem."""
    if not isinstance(value, Mapping) or not isinstance(value.get("resourceType"), str):
        raise FhirError(f"{where}: not a FHIR resource (an object with a resourceType)")
    try:
        return construct_fhir_element(value["resourceType"], dict(value))
    except LookupError:
        raise FhirError(f"{where}: unknown resourceType {value['resourceType']!r}") from None
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"] if part != "__root__")
        raise FhirError(
            f"{where} ({value['resourceType']}): {field or 'resource'}: {first['msg']}"
        ) from None
    except (TypeError, ValueError) as error:  # a model refusing a value outside pydantic
        raise FhirError(f"{where} ({value['resourceType']}): {error}") from None


def flatten(resource: Resource) -> List[Resource]:
    """A Bundle's entries (nested Bundles too), or the resource itself."""
    if resource.resource_type != "Bundle":
        return [] if resource.resource_type in SKIPPED_TYPES else [resource]
    found: List[Resource] = []
    for entry in resource.entry or []:
        if entry.resource is not None:
            found.extend(flatten(entry.resource))
    return found


def parse_prefetch(prefetch: Mapping[str, Any]) -> List[Resource]:
    """Every resource of the prefetch, validated. A key whose value is null (the client could
    not fetch it) is skipped, as the CDS Hooks specification allows."""
    found: List[Resource] = []
    for key, value in prefetch.items():
        if value is not None:
            found.extend(flatten(parse_resource(value, f"prefetch.{key}")))
    return found


def when(*values: Any) -> Optional[datetime]:
    """The first value given as a timezone-aware datetime; FHIR's partial dates ("2026",
    "2026-01") count from their first day, a time without a zone as UTC."""
    for value in values:
        if value is None:
            continue
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
        if isinstance(value, str):
            parts = [int(p) for p in value.split("-")[:3] if p.isdigit()]
            if parts:
                parts += [1] * (3 - len(parts))
                return datetime(*parts, tzinfo=timezone.utc)
    return None


def codings(concept: Any) -> List[tuple]:
    """(system, code) pairs of a CodeableConcept (or of several)."""
    concepts: Iterable[Any] = concept if isinstance(concept, list) else [concept]
    return [
        (c.system, c.code) for item in concepts if item is not None for c in (item.coding or [])
    ]


def concept_text(concept: Any) -> str:
    """What a CodeableConcept says in words: its text, else its codings' displays."""
    if concept is None:
        return ""
    if concept.text:
        return concept.text
    return "; ".join(c.display for c in concept.coding or [] if c.display)


def status_code(concept: Any) -> Optional[str]:
    """The code of a status CodeableConcept (Condition.clinicalStatus and the like)."""
    for coding in (concept.coding or []) if concept is not None else []:
        if coding.code:
            return coding.code
    return None


def reference_id(reference: Any, resource_type: str) -> Optional[str]:
    """The id in a reference like "Patient/123" (or a full URL ending so); None otherwise."""
    text = getattr(reference, "reference", None) or ""
    parts = text.rstrip("/").split("/")
    if len(parts) >= 2 and parts[-2] == resource_type:
        return parts[-1]
    return None
