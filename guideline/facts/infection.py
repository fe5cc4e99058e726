"""Active infection, an absolute contraindication: present, absent, resolved (in the past) or
suspected (possible, cultures pending, not yet confirmed or excluded)."""
from __future__ import annotations

from typing import List, Optional, Tuple

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading
from guideline.facts.events import Finding, fact, latest
from guideline.patient import Fact

#: Cues saying a past infection is over ("resolved", "cleared", "completed antibiotics").
OVER = (L.CUE_RESOLVED, L.CUE_CLEARED, L.CUE_DONE)


def _infection(reading: Reading, mention: Mention) -> Tuple[str, Optional[Mention]]:
    """The status, and the cue that decided it (if a cue did)."""
    if mention.negated:
        return "absent", None
    over = reading.cue(mention, *OVER)
    if over:
        return "resolved", over
    if mention.uncertain:
        return "suspected", None
    current = reading.cue(mention, L.CUE_CURRENT)
    if current:
        return "present", current
    treated = reading.cue(mention, L.CUE_TREATED)
    if mention.historical or treated:
        return "resolved", treated
    return "present", None


def _sign(mention: Mention) -> Optional[str]:
    """Fever suggests an infection; 'afebrile' suggests none (both weaker than a diagnosis)."""
    if mention.uncertain:
        return None
    fever = mention.id == "fever"
    if fever == mention.negated:
        return "absent"
    return "suspected"


def _workup(mention: Mention) -> Optional[str]:
    if mention.negated or mention.uncertain:
        return None
    return "suspected" if mention.id == "pending" else "absent"


def read_infection(reading: Reading) -> List[Fact]:
    strong, weak = [], []
    for mention in reading.of(L.INFECTION, L.ANTIBIOTIC):
        status, cue = _infection(reading, mention)
        strong.append(Finding(status, mention.start_char, reading.evidence(mention, cue)))
    for mention in reading.of(L.INFECTION_WORKUP):
        status = _workup(mention)
        if status:
            strong.append(Finding(status, mention.start_char, reading.evidence(mention)))
    for mention in reading.of(L.INFECTION_SIGN):
        status = _sign(mention)
        if status:
            weak.append(Finding(status, mention.start_char, reading.evidence(mention)))
    return fact("active_infection", latest(strong) or latest(weak))
