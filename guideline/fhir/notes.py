"""Clinical text in FHIR resources, read by the chat's own fact extractor.

Text comes from notes (DocumentReference with a base64 text attachment), Observations that hold
text (valueString) and the narrative of Procedures (what was done, its outcome, its notes: the
trial's result is usually only there). Each text is one dated Event, like one chat message.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, List, Optional, Sequence

from guideline.fhir.mapping import Reading
from guideline.fhir.resources import FhirError, concept_text, when
from guideline.fhir.timeline import NOTE, Event
from guideline.patient import Fact

#: Attachment types read as text; any other type is listed as not read.
TEXT_TYPES = ("text/plain", "text/markdown")
#: Procedure statuses said in the clinician's words, so the text reads as it would in a note.
PLANNED = {"preparation": "planned", "not-done": "not done"}


@dataclass(frozen=True)
class Note:
    when: Optional[datetime]
    label: str
    text: str
    origin: Any = None  # the resource the text came from


def _date(moment: Optional[datetime]) -> str:
    return moment.date().isoformat() if moment else "undated"


def document_notes(documents: Sequence, reading: Reading) -> List[Note]:
    notes = []
    for document in documents:
        if document.status != "current":
            continue
        moment = when(
            document.date,
            document.context
            and document.context.period
            and (document.context.period.end or document.context.period.start),
        )
        kind = concept_text(document.type) or "Note"
        label = f"{kind} {_date(moment)}"
        for content in document.content or []:
            attachment = content.attachment
            media = (attachment.contentType or "text/plain").split(";")[0].strip().lower()
            if attachment.data is None:
                reading.unknown.append(
                    f"DocumentReference {label}: attachment not included "
                    "(only inline text is read; nothing is fetched)"
                )
            elif media not in TEXT_TYPES:
                reading.unknown.append(f"DocumentReference {label}: {media} not read")
            else:
                notes.append(Note(moment, label, _decoded(attachment.data, document.id)))
    return notes


def _decoded(data, resource_id: Optional[str]) -> str:
    raw = data if isinstance(data, bytes) else str(data).encode()
    try:
        return base64.b64decode(raw, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        raise FhirError(f"DocumentReference/{resource_id}: attachment data is not base64") from None


def observation_notes(observations: Sequence) -> List[Note]:
    return [
        Note(moment, f"{concept_text(o.code) or 'Observation'} {_date(moment)}", o.valueString)
        for o in observations
        if o.valueString and o.status not in ("entered-in-error", "cancelled")
        for moment in [when(o.effectiveDateTime, o.issued)]
    ]


def procedure_notes(procedures: Sequence) -> List[Note]:
    """A procedure's name and outcome as one sentence ("IT trial: 70% relief."), then its
    notes: the way a clinician would write it, so the extractor reads it as it reads the chat."""
    notes = []
    for procedure in procedures:
        if procedure.status in ("entered-in-error", "unknown"):
            continue
        name = concept_text(procedure.code).strip().rstrip(".")
        if name and procedure.status in PLANNED:
            name = f"{name} ({PLANNED[procedure.status]})"
        outcome = concept_text(procedure.outcome).strip().rstrip(".")
        parts = [
            ": ".join(part for part in (name, outcome) if part),
            *(n.text.strip().rstrip(".") for n in procedure.note or [] if n.text),
        ]
        moment = when(
            procedure.performedDateTime, procedure.performedPeriod and procedure.performedPeriod.end
        )
        text = ". ".join(part for part in parts if part)
        if text:
            notes.append(Note(moment, f"Procedure {_date(moment)}", text + ".", procedure))
    return notes


def read_notes(notes: Sequence[Note], extractor) -> List[Event]:
    """Each note through the fact extractor, in the notes' order; the evidence says which note
    it came from."""
    events = []
    for note in notes:
        facts = tuple(
            Fact(f.name, f.value, f'{note.label}: "{f.evidence}"')
            for f in extractor.extract(note.text)
        )
        events.append(Event(note.when, NOTE, note.label, facts))
    return events
