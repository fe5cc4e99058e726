"""Active infection, an absolute contraindication: present, absent, resolved (in the past) or
suspected (possible, cultures pending, not yet confirmed or excluded); and, apart from it, the
signs (fever, a raised white count, or being afebrile), which alone settle nothing."""

from __future__ import annotations

import re
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
    if mention.uncertain:  # "possible cellulitis, being evaluated": never read as over
        return "suspected", None
    over = reading.cue(mention, *OVER)
    if over:
        return "resolved", over
    current = reading.cue(mention, L.CUE_CURRENT)
    if current:
        return "present", current
    treated = reading.cue(mention, L.CUE_TREATED)
    if mention.historical or treated:
        return "resolved", treated
    return "present", None


def _sign(mention: Mention) -> Optional[str]:
    """Fever is a sign of infection; 'afebrile' is its absence. Either is only a sign (the
    infection_signs fact): being afebrile alone never rules an infection out."""
    if mention.uncertain:
        return None
    fever = mention.id == "fever"
    if fever == mention.negated:
        return "absent"
    return "present"


#: A measured temperature: "T 38.6", "Tmax 39.1", "temp 101.2 F", "temperature of 37.0".
TEMPERATURE_RE = re.compile(
    r"(?:\b(?:[Tt]emp(?:erature)?|TEMP|Tmax|T\s?max|T)\b\.?)\s*(?:of|was|is|:|=)?\s*"
    r"(?P<value>\d{2,3}(?:\.\d)?)(?![\d/])\s*(?:°\s*)?(?P<unit>[CF]\b)?"
)
#: Fever from this temperature on (degrees Celsius; Fahrenheit is converted).
FEVER_FROM_C = 38.0
#: A white cell count: "WBC 18", "WBC of 15.2k", "white count 14".
WBC_RE = re.compile(
    r"\b(?:WBC|wbc|[Ww]hite\s+(?:blood\s+)?(?:cell\s+)?count|[Ww]hite\s+cells|[Ll]eukocytes)"
    r"\s*(?:count)?\s*(?:of|is|was|at|:|=|up\s+to|rose\s+to|now)?\s*"
    r"(?P<value>\d{1,2}(?:\.\d{1,2})?)(?![\d/])"
)
#: A white cell count above this (thousands per microlitre) suggests an infection.
LEUKOCYTOSIS_ABOVE = 12.0


def _temperatures(reading: Reading) -> List[Finding]:
    """A temperature of 38 C (100.4 F) or more suggests an infection, as 'febrile' does; a
    normal one suggests none, as 'afebrile' does."""
    found = []
    for index, sentence in enumerate(reading.sentences):
        if reading.generic_sentence(index):
            continue
        for match in TEMPERATURE_RE.finditer(reading.slice(sentence)):
            value = float(match.group("value"))
            if match.group("unit") == "F" or value > 50:
                value = (value - 32) * 5 / 9
            if not 34.0 <= value <= 43.0:
                continue
            span = (sentence.start_char + match.start(), sentence.start_char + match.end())
            status = "present" if value >= FEVER_FROM_C else "absent"
            found.append(Finding(status, span[0], reading.evidence(span, within=[span])))
    return found


def _white_counts(reading: Reading) -> List[Finding]:
    """A raised white cell count suggests an infection, as 'leukocytosis' does (a normal
    one does not exclude it)."""
    found = []
    for index, sentence in enumerate(reading.sentences):
        if reading.generic_sentence(index):
            continue
        for match in WBC_RE.finditer(reading.slice(sentence)):
            if float(match.group("value")) <= LEUKOCYTOSIS_ABOVE:
                continue
            span = (sentence.start_char + match.start(), sentence.start_char + match.end())
            found.append(Finding("present", span[0], reading.evidence(span, within=[span])))
    return found


def _workup(mention: Mention) -> Optional[str]:
    if mention.negated or mention.uncertain:
        return None
    return "suspected" if mention.id == "pending" else "absent"


def _treats_infection_beside(reading: Reading, antibiotic: Mention) -> bool:
    """'Infection resolved on antibiotics', 'pneumonia treated with antibiotics': an antibiotic
    with no status of its own in the clause of an infection is read with that infection."""
    if antibiotic.label != L.ANTIBIOTIC or reading.cues(antibiotic):
        return False
    return any(
        not m.family and not m.hypothetical and m.start < antibiotic.start
        for m in reading.in_clause(antibiotic.clause, L.INFECTION)
    )


def _untreated(mention: Mention) -> bool:
    """'No antibiotics (started yet)': no treatment says nothing of the infection, so it never
    reads as 'no infection' (what favours a patient is stated, not inferred)."""
    return mention.label == L.ANTIBIOTIC and mention.negated


def read_infection(reading: Reading) -> List[Fact]:
    strong, weak = [], []
    for mention in reading.of(L.INFECTION, L.ANTIBIOTIC):
        if _treats_infection_beside(reading, mention) or _untreated(mention):
            continue
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
    weak += _temperatures(reading) + _white_counts(reading)
    return fact("active_infection", _current_over_suspected(reading, strong)) + fact(
        "infection_signs", latest(weak)
    )


def _current_over_suspected(reading: Reading, found: List[Finding]) -> Optional[Finding]:
    """The latest statement, except that a suspected infection never outweighs one under
    treatment in the same sentence ("on IV pip-tazo for cellulitis with probable
    osteomyelitis" is a current infection)."""
    last = latest(found)
    if last is None or last.value != "suspected":
        return last
    sentence = next(
        (s for s in reading.sentences if s.start_char <= last.position < s.end_char), None
    )
    current = [
        f
        for f in found
        if f.value == "present"
        and sentence is not None
        and sentence.start_char <= f.position < sentence.end_char
    ]
    return current[-1] if current else last
