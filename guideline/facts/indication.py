"""The indication: is the pain chronic (months or longer, or a chronic condition), is it severe
or refractory, and is a correctable cause still awaiting its treatment.

Acute or post-operative pain ("two weeks after a spinal fusion", "incisional pain") reads as
not chronic whatever else is said; a pain score counts only outside the trial's sentence (the
trial's before-and-after scores are the trial's).
"""

from __future__ import annotations

import re
from typing import List, Optional, Pattern

from guideline.facts import labels as L
from guideline.facts.document import Reading
from guideline.facts.events import Finding, fact, latest
from guideline.facts.numbers import MILD_SCORE_MAX, SEVERE_SCORE_MIN
from guideline.patient import Fact

_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|few|several|many)"
#: Words saying the pain has lasted: "chronic", "for 6 years", "3-year history", "long-standing".
CHRONIC = re.compile(
    r"\bchronic\b|\blong[- ]?standing\b|\blong[- ]term pain\b|\bfor years\b|\bfor decades\b"
    # "persistent post-mastectomy pain": persistent pain is chronic pain by its definition
    r"|\bpersistent\b(?=[^.;]{0,50}\bpain\b)"
    rf"|\b(?:for|x|over|since)\s+(?:the\s+)?(?:past\s+|last\s+)?{_NUMBER}?\s*[+]?\s*"
    r"(?:months|mos|years|yrs|y)\b"
    rf"|\b{_NUMBER}[- ](?:year|yr|month|mo)s?[- ](?:history|hx)\b"
    rf"|\b{_NUMBER}\s+(?:years|yrs|months)\s+of\s+(?:\w+\s+)?pain\b"
    r"|\b\d+\s*(?:years|yrs|months|mos)\b(?=[^.;]{0,20}\bpain\b)",
    re.IGNORECASE,
)
#: What a severity word may describe other than the pain: "severe depression", "refractory
#: nausea", "uncontrolled diabetes" say nothing of how bad the pain is.
_OTHER_PROBLEM = (
    r",?\s+(?:(?!pain\b|and\b|or\b)[\w-]+\s+){0,2}?(?:depression|depressive|anxiety|ptsd|psychiatric|mental|"
    r"osteoporosis|osteopenia|copd|emphysema|asthma|heart|cardiac|renal|kidney|liver|hepatic|"
    r"lung|respiratory|disease|diabetes|hypertension|hypotension|epilepsy|seizures?|"
    r"nausea|vomiting|emesis|constipation|sedation|drowsiness|somnolence|dizziness|confusion|"
    r"delirium|itch\w*|pruritus|fatigue|weakness|side[- ]effects?|adverse|reactions?|"
    r"allerg\w*|sepsis|infection|bleeding|haemorrhage|hemorrhage|anaemia|anemia|"
    r"ha?emophilia|coagulopathy|von\s+willebrand|"
    r"thrombocytopenia|neutropenia|malnutrition|cachexia|obesity|stenosis|spasticity|"
    r"ascites|oedema|edema|lymphoedema|lymphedema|dyspnoea|dyspnea|breathless\w*|cough|"
    r"insomnia|disability|frailty|deconditioning|hypercalcaemia|hypercalcemia|dementia)\b"
)
#: Acute or short-term pain: post-operative, an acute injury, days or weeks since the event.
ACUTE = re.compile(
    r"\bacute(?!\s+on\s+chronic)(?![- ]on[- ]chronic)\b"
    # post-operative pain, not a "post-op wound infection" or "post-op nausea"
    rf"|\bpost-?op(?:erative(?:ly)?)?\b(?!{_OTHER_PROBLEM})"
    r"|\bPOD\s*#?\d{1,2}\b|\bday\s+\d{1,2}\s+(?:after|post|following)\b"
    r"|\bincisional\b|\bjust had\b|\brecent (?:surgery|operation|injury|trauma|fracture)\b"
    r"|\bnew\s+(?:[\w-]+\s+){0,3}fracture\b"
    # the pain's own duration in days or weeks: "low back pain for the past 5 days"
    r"|\bpain\b(?:\s+(?!(?:relief|reduction|control|free|scores?)\b)[\w/-]+){0,3}?"
    rf"\s+(?:for|over|x)\s+(?:the\s+)?(?:past\s+|last\s+)?{_NUMBER}\s+"
    r"(?:days?|weeks?|wks?)\b"
    rf"|\b{_NUMBER}\s+(?:days?|weeks?|wks?)\s+(?:after|post|since|following|out from|out of)\b"
    r"|\b(?:surgery|operation|fusion|arthroplasty|replacement|injury|fracture|fall|accident)\s+"
    rf"{_NUMBER}\s+(?:days?|weeks?|wks?)\s+ago\b"
    # the pain itself began days or weeks ago: "pain that started two weeks ago"
    # an injury days or weeks ago, told as a story: "Two weeks ago my back went crunch ... the
    # hospital said I'd broken a vertebra"
    rf"|\b{_NUMBER}\s+(?:days?|weeks?|wks?)\s+ago\b(?=[^.;]{{0,120}}\b(?:broke|broken|fractur\w*|"
    r"fell|fall|injur\w*|crunch\w*|snapped|accident|surgery|operation)\b)"
    r"|\bpain\b(?:[^.;]{0,30}?\b(?:that|which))?\s+(?:has\s+|had\s+|first\s+)?(?:started|began|begun|came\s+on|"
    rf"developed|appeared|set\s+in)\s+(?:about\s+|only\s+|just\s+)?{_NUMBER}\s+(?:days?|weeks?|wks?)"
    r"\s+ago\b",
    re.IGNORECASE,
)
_ANOTHER_PROBLEM = re.compile(_OTHER_PROBLEM, re.IGNORECASE)


def describes_another_problem(text: str, end: int) -> bool:
    """Whether the severity or failure word ending at `end` describes another problem than the
    pain ("refractory nausea", "severe depression")."""
    return bool(_ANOTHER_PROBLEM.match(text, end))


SEVERE = re.compile(
    r"(?<!not )(?<!no longer )\b(?:severe|severely|refractory|uncontrolled|intractable|"
    r"debilitating|excruciating|unbearable|disabling|poorly controlled|not controlled|"
    r"inadequately controlled|uncontrollable|agony|agoni[sz]ing|out of control)\b"
    + rf"(?!{_OTHER_PROBLEM})"
    # a relative's words, said of the pain: "terrible pain", "the pain ... is awful"
    + r"|\b(?:terrible|awful|horrendous|dreadful)\b(?=\s+(?:\w+\s+){0,2}pain\b)"
    r"|\bpain\b[^.;]{0,40}\b(?:is|was|are|were)\s+(?:so\s+|really\s+|just\s+)?"
    r"(?:terrible|awful|horrendous|dreadful)\b",
    re.IGNORECASE,
)
MILD = re.compile(
    r"\b(?:mild|well[- ]controlled|well[- ]managed|adequately controlled|"
    r"minimal pain|controlled well|manageable)\b",
    re.IGNORECASE,
)
PAIN_SCORE = re.compile(
    r"(?<![\d./])(\d{1,2})(?:\.\d)?\s*/\s*10\b|\b(?:VAS|NRS)\s*(?:of\s*)?(\d{1,2})\b", re.IGNORECASE
)
_CORRECTIVE = (
    r"(?:surgery|surgical\s+\w+|decompression|fixation|stabili[sz]ation|repair|"
    r"resection|excision|(?:joint|hip|knee)\s+replacement|radiotherapy|"
    r"radiation(?:\s+therapy)?|revision|stenting|drainage|fusion|"
    # with any prefix: (micro)discectomy, (hemi)laminectomy, arthro/kyphoplasty
    r"[a-z-]*(?:discectomy|laminectomy|laminotomy|foraminotomy|plasty|desis)|"
    # a procedure that removes the cause: a stone, a blocked duct, a compressed nerve
    r"lithotripsy|eswl|ercp|(?:stone|duct)\s+clearance|stone\s+removal|ablation|neurectomy|"
    r"emboli[sz]ation|release)"
)
#: A correctable cause whose corrective treatment is still to come.
CORRECTABLE = re.compile(
    r"(?<!no )(?<!not )\b(?:awaiting|pending|"
    r"(?:scheduled|planned|booked|listed|wait-?listed)(?:\s+(?:him|her|them|the\s+patient))?"
    r"\s+for|"
    r"waiting for|due for|referred for|to undergo|will undergo|going for|"
    r"plans?\s*:?(?:\s+(?:for|to\s+do|an?|the))?|needs|requires|will\s+need)\s+"
    rf"(?:an?\s+|the\s+|his\s+|her\s+)?(?:[\w-]+\s+){{0,2}}?{_CORRECTIVE}\b"
    rf"|(?<!no )\b{_CORRECTIVE}(?:\s+[\w-]+){{0,6}}?\s+(?:is\s+|has\s+been\s+|was\s+)?"
    r"(?:planned|scheduled|pending|"
    r"booked|recommended|awaited|to follow|not\s+yet\s+(?:scheduled|done|performed|booked)|"
    r"yet\s+to\s+be\s+(?:scheduled|done|performed|booked))\b"
    r"|\b(?:correctable|reversible|surgically treatable) cause\b",
    re.IGNORECASE,
)


#: What stands before one end of a change ("from 8/10 to 3/10", "9/10 -> 2/10", "reduced to
#: 3/10"), not before the pain as it is ("pain back to 8/10").
ONE_END = re.compile(
    r"(?:\bfrom|->|→|>|\b(?:reduc\w*|decreas\w*|down|dropp?\w*|fell|fallen|improv\w*|"
    r"lower\w*)\s+to|\bfrom\s[^;]{0,25}\bto)\s*$",
    re.IGNORECASE,
)


def _sentences(reading: Reading):
    for index, sentence in enumerate(reading.sentences):
        if not reading.generic_sentence(index):
            yield index, sentence


def _matches(reading: Reading, pattern: Pattern[str], value) -> List[Finding]:
    found = []
    for _, sentence in _sentences(reading):
        for match in pattern.finditer(reading.slice(sentence)):
            span = (sentence.start_char + match.start(), sentence.start_char + match.end())
            found.append(Finding(value, span[0], reading.evidence(span, within=[span])))
    return found


def _conditions(reading: Reading) -> List[Finding]:
    """A chronic condition of the patient (the source's non-malignant ones, and others)."""
    return [
        Finding(True, m.start_char, reading.evidence(m))
        for m in reading.of(L.NONCANCER, L.POST_CANCER_THERAPY)
        if not m.negated and not m.uncertain and m.id != "non_malignant"
    ]


def _scores(reading: Reading) -> List[Finding]:
    trial_sentences = {m.sentence for m in reading.of(L.TRIAL, generic=True, hypothetical=True)}
    found = []
    for index, sentence in _sentences(reading):
        if index in trial_sentences:
            continue
        text = reading.slice(sentence)
        for match in PAIN_SCORE.finditer(text):
            score = int(match.group(1) or match.group(2))
            if score > 10 or SEVERE_SCORE_MIN > score > MILD_SCORE_MAX:
                continue
            if ONE_END.search(text[: match.start()]):
                continue  # one end of a change ("from 8/10 to 3/10") is not the pain as it is
            span = (sentence.start_char + match.start(), sentence.start_char + match.end())
            value = "severe" if score >= SEVERE_SCORE_MIN else "mild"
            found.append(Finding(value, span[0], reading.evidence(span, within=[span])))
    return found


def _chronic(reading: Reading) -> Optional[Finding]:
    acute = latest(_matches(reading, ACUTE, False))
    if acute is not None:
        return acute  # acute pain is never read as chronic from the same message
    return latest(_matches(reading, CHRONIC, True)) or latest(_conditions(reading))


def _severity(reading: Reading) -> Optional[Finding]:
    words = [
        f
        for f in _matches(reading, MILD, "mild")
        if re.search(r"\bpain\b", reading.text, re.IGNORECASE)
    ]
    return latest(words + _matches(reading, SEVERE, "severe") + _scores(reading))


#: The pump's own operation is no correction of the cause ("plan: surgery to implant the pump").
THE_PUMPS_OWN = re.compile(r"\b(?:pump|implant\w*|intrathecal|itdd|idds|tdd)\b", re.IGNORECASE)


def _corrections_pending(reading: Reading) -> List[Finding]:
    return [
        f
        for f in _matches(reading, CORRECTABLE, True)
        if not THE_PUMPS_OWN.search(
            re.split(r"[.;?!]", reading.text[f.position : f.position + len(f.evidence) + 25])[0]
        )
    ]


def read_indication(reading: Reading) -> List[Fact]:
    return (
        fact("pain_chronic", _chronic(reading))
        + fact("pain_severity", _severity(reading))
        + fact("correctable_cause_pending", latest(_corrections_pending(reading)))
    )
