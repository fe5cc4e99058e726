"""The psychological evaluation, a mandatory prerequisite: completed or not (pending,
scheduled, not documented), and whether it cleared the patient."""

from __future__ import annotations

from typing import List, Optional

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading
from guideline.facts.events import Finding, fact, latest
from guideline.patient import Fact

#: What each status cue says: (psych_evaluation, psych_cleared).
STATUS = {
    L.CUE_NOT_CLEARED: ("completed", False),
    L.CUE_FAIL: ("completed", False),
    L.CUE_NOT_DONE: ("not_completed", None),
    L.CUE_CLEARED: ("completed", True),
    L.CUE_NORMAL: ("completed", True),
    L.CUE_DONE: ("completed", None),
}


def _absence(cue: Mention) -> bool:
    """A clearing cue that only states an absence: "no contraindications", "no barriers"."""
    return cue.label in (L.CUE_CLEARED, L.CUE_NORMAL) and cue.text.lower().startswith("no ")


def _status(reading: Reading, evaluation: Mention) -> Optional[Finding]:
    if evaluation.uncertain:
        return None
    cues = [c for c in reading.cues(evaluation, *STATUS) if not reading.firmly_negated(c)]
    # an unfavourable result later in the sentence, in a clause of its own ("psych eval done,
    # concerns about untreated depression"), still qualifies the evaluation
    cues += [
        c
        for c in reading.in_sentence(evaluation.sentence, L.CUE_NOT_CLEARED)
        if c.start > evaluation.start and not reading.attached(c) and not c.negated
    ]
    cues.sort(key=lambda c: c.start)
    if any(c.label == L.CUE_NOT_DONE for c in cues):
        # "Psych eval pending, no contraindications": an absence of findings beside an
        # evaluation not yet done does not say it was done and cleared
        cues = [c for c in cues if not _absence(c)]
    if evaluation.negated and (reading.firmly_negated(evaluation) or not cues):
        return Finding(("not_completed", None), evaluation.start_char, reading.evidence(evaluation))
    if cues:
        cue = cues[-1]
        status = STATUS[cue.label]
        if evaluation.id == "clearance" and status == ("completed", None):
            status = ("completed", True)  # "psychological clearance obtained"
        return Finding(
            status, max(cue.start_char, evaluation.start_char), reading.evidence(evaluation, cue)
        )
    if evaluation.id == "clearance":
        return Finding(("completed", True), evaluation.start_char, reading.evidence(evaluation))
    return None


def read_psych(reading: Reading) -> List[Fact]:
    found = latest(_status(reading, m) for m in reading.of(L.PSYCH))
    if found is None:
        return []
    status, cleared = found.value
    facts = fact("psych_evaluation", Finding(status, found.position, found.evidence))
    if cleared is not None:
        facts += fact("psych_cleared", Finding(cleared, found.position, found.evidence))
    return facts
