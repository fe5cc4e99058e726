"""pain_type: cancer pain or non-cancer pain, from the diagnoses the message names.

The source counts pain after cancer therapy in a patient cured of the cancer as non-cancer
pain, so a cancer that is cured, in remission or only in the past (with another cause of pain
named) does not make the pain cancer pain; a relative's cancer never does.
"""

from __future__ import annotations

import re
from typing import List, Optional

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading
from guideline.facts.events import Finding, fact
from guideline.facts.indication import CHRONIC
from guideline.patient import Fact

#: A diagnosis is quoted with its clause only when that is short.
EVIDENCE_LIMIT = 60
#: Pain with its cause named: "hip pain after arthroplasty", "pain following a car accident".
PAIN_WITH_CAUSE = re.compile(
    r"\bpain\b[^.;?]{0,60}?\b(?:after|following|post|secondary\s+to|due\s+to|d/t|caused\s+by|"
    r"since|from)\s+(?:an?\s+|the\s+|his\s+|her\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}",
    re.IGNORECASE,
)
PAIN = re.compile(r"\bpain\b", re.IGNORECASE)


def _past(reading: Reading, cancer: Mention) -> bool:
    """Said to be in the past ('history of', 'treated in 2015') and not said to be current.
    Metastases found or treated years ago are still there unless a cure is said of them."""
    if reading.cue(cancer, L.CUE_CURRENT) or cancer.id == "metastatic":
        return False
    return cancer.historical or reading.cue(cancer, L.CUE_TREATED) is not None


def read_pain_type(reading: Reading) -> List[Fact]:
    cancers = [m for m in reading.of(L.CANCER) if not m.negated and not m.uncertain]
    cured_markers = [m for m in reading.of(L.CANCER_CURED) if not m.negated]
    cured_markers += [
        cue for m in cancers for cue in reading.cues(m, L.CUE_RESOLVED) if not cue.negated
    ]
    cured = [m for m in cancers if reading.cue(m, L.CUE_RESOLVED)]
    current = [m for m in cancers if m not in cured and not _past(reading, m)]
    other_causes = [m for m in reading.of(L.NONCANCER, L.POST_CANCER_THERAPY) if not m.negated]
    denied_cancer = [m for m in reading.of(L.CANCER) if m.negated]

    if current and cured_markers:
        # The cancer a cure is said of is cured ("cured of lymphoma", "sarcoma, no evidence of
        # disease"); only a later, other statement brings it back ("now metastatic recurrence").
        last_cure = max(cured_markers, key=lambda m: m.start)
        current = [
            m
            for m in current
            if m.start > last_cure.start
            and (m.sentence != last_cure.sentence or m.id == "metastatic")
        ]
    if current:
        first = current[0]
        named = [m for m in current if m.clause == first.clause]
        words = reading.evidence(*named, limit=EVIDENCE_LIMIT)
        return fact("pain_type", Finding("cancer", first.start_char, words))
    if cancers and not cured_markers and not other_causes:
        # a cancer in the past with no other cause of the pain named: still the cancer's pain
        last = cancers[-1]
        words = reading.evidence(last, limit=EVIDENCE_LIMIT)
        return fact("pain_type", Finding("cancer", last.start_char, words))
    deciding = other_causes or cured_markers or denied_cancer
    if deciding:
        first = deciding[0]
        words = reading.evidence(first, limit=EVIDENCE_LIMIT)
        return fact("pain_type", Finding("non_cancer", first.start_char, words))
    if not reading.of(L.CANCER, L.CANCER_CURED, family=True, hypothetical=True):
        return fact("pain_type", _pain_named_without_cancer(reading))
    return []


def _pain_named_without_cancer(reading: Reading) -> Optional[Finding]:
    """Pain stated chronic or with its cause named ("chronic back pain after a discectomy",
    "post-traumatic pain after a car accident") in a message that names no cancer at all is
    non-cancer pain, whatever the cause is called."""
    for index, sentence in enumerate(reading.sentences):
        if reading.generic_sentence(index):
            continue
        text = reading.slice(sentence)
        if not PAIN.search(text):
            continue
        caused, chronic = PAIN_WITH_CAUSE.search(text), CHRONIC.search(text)
        if caused or chronic:
            found = [m for m in (caused, chronic, PAIN.search(text)) if m]
            span = (
                sentence.start_char + min(m.start() for m in found),
                sentence.start_char + max(m.end() for m in found),
            )
            return Finding("non_cancer", span[0], reading.evidence(span, within=[span]))
    return None
