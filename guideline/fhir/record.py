"""A patient's FHIR resources -> one fact table, as the chat would have built it.

record = read_record(resources, extractor)   # resources from resources.parse_prefetch
record.facts      # {name: {"value", "evidence"}} for guideline.eligibility.assess
record.conflicts  # where coded data and notes disagreed (the more recent was used)
record.unknown    # codes and attachments that were not read, in words
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence

from guideline.fhir.mapping import (
    Reading,
    read_conditions,
    read_medications,
    read_observations,
    read_procedures,
)
from guideline.fhir.notes import document_notes, observation_notes, procedure_notes, read_notes
from guideline.fhir.timeline import Conflict, merge_events
from guideline.patient import FactTable


@dataclass(frozen=True)
class PatientRecord:
    facts: FactTable
    conflicts: List[Conflict]
    unknown: List[str]
    not_used: List[str]
    sources: int  # events that stated at least one fact


def read_record(resources: Sequence, extractor) -> PatientRecord:
    by_type: Dict[str, list] = {}
    for resource in resources:
        by_type.setdefault(resource.resource_type, []).append(resource)
    kinds = by_type.get
    reading = Reading()
    read_conditions(kinds("Condition", []), reading)
    read_observations(kinds("Observation", []), reading)
    medications = {m.id: m for m in kinds("Medication", []) if m.id}
    read_medications(
        kinds("MedicationRequest", []) + kinds("MedicationStatement", []), medications, reading
    )
    uncoded = read_procedures(kinds("Procedure", []), reading)
    notes = (
        document_notes(kinds("DocumentReference", []), reading)
        + observation_notes(kinds("Observation", []))
        + procedure_notes(kinds("Procedure", []))
    )
    note_events = read_notes(notes, extractor)
    # A procedure with an unknown code counts as read when its text stated something.
    for note, event in zip(notes, note_events):  # read_notes keeps the order
        if any(note.origin is p for p in uncoded) and not event.facts:
            reading.unknown.append(f"Procedure: {note.text}")
    events = reading.events + note_events
    facts, conflicts = merge_events(events)
    return PatientRecord(
        facts,
        conflicts,
        reading.unknown,
        reading.not_used,
        sum(1 for event in events if event.facts),
    )
