"""Coagulopathy, an absolute contraindication, and what bears on it: a named bleeding
disorder or normal coagulation, the INR, the platelet count, an anticoagulant and whether it
was stopped. The limits for INR and platelets are applied by guideline.eligibility."""

from __future__ import annotations

import re
from typing import List, Optional

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading
from guideline.facts.events import Finding, fact, latest
from guideline.facts.numbers import (
    find_inr_after,
    find_listed_value,
    find_platelets_after,
    find_platelets_before,
)
from guideline.patient import Fact

#: How far after the word INR / platelets its value may be written.
VALUE_WINDOW = 40


def read_coagulopathy(reading: Reading) -> List[Fact]:
    present, absent = [], []
    for mention in reading.of(L.COAGULOPATHY):
        if mention.uncertain:
            continue
        if not mention.negated and reading.cue(mention, L.CUE_RESOLVED) is not None:
            continue  # "TTP in 2019, in remission since": neither present nor, alone, absent
        (absent if mention.negated else present).append(
            Finding(
                "absent" if mention.negated else "present",
                mention.start_char,
                reading.evidence(mention),
            )
        )
    for mention in reading.of(L.COAG_PANEL, L.INR, L.PLATELETS):
        cue = reading.cue(mention, L.CUE_NORMAL, L.CUE_ABNORMAL)
        if cue is None or reading.firmly_negated(mention) or mention.uncertain:
            continue
        if mention.label != L.COAG_PANEL and cue.label == L.CUE_ABNORMAL:
            continue  # "INR high", "platelets low at 60" are read with their values
        target = present if cue.label == L.CUE_ABNORMAL else absent
        target.append(
            Finding(
                "present" if target is present else "absent",
                cue.start_char,
                reading.evidence(mention, cue),
            )
        )
    for mention in reading.of(L.BLEEDING_HISTORY):
        if mention.negated:
            absent.append(Finding("absent", mention.start_char, reading.evidence(mention)))
    # a disorder named anywhere outweighs normal tests mentioned elsewhere
    return fact("coagulopathy", latest(present) or latest(absent))


def _value_after(reading: Reading, mention: Mention, finder) -> Optional[Finding]:
    window = reading.text[mention.end_char : mention.end_char + VALUE_WINDOW]
    sentence_end = reading.sentences[mention.sentence].end_char
    window = window[: max(0, sentence_end - mention.end_char)]
    found = finder(window)
    if found is None:
        return None
    end = mention.end_char + found.end
    words = reading.evidence(mention, (mention.start_char, end), within=[(mention.start_char, end)])
    return Finding(found.value, mention.start_char, words)


def read_inr(reading: Reading) -> List[Fact]:
    findings = []
    for mention in reading.of(L.INR, L.COAG_PANEL):
        if reading.firmly_negated(mention) or mention.uncertain:
            continue
        if mention.label == L.COAG_PANEL:
            names = [name.strip().lower() for name in mention.text.split("/")]
            if "inr" not in names:
                continue
            found = _value_after(
                reading,
                mention,
                lambda text, names=names: find_listed_value(
                    text, len(names), names.index("inr"), find_inr_after
                ),
            )
        else:
            found = _value_after(reading, mention, find_inr_after)
        if found is not None:
            findings.append(found)
    return fact("inr", latest(findings))


def read_platelets(reading: Reading) -> List[Fact]:
    findings = []
    for mention in reading.of(L.PLATELETS):
        if reading.firmly_negated(mention) or mention.uncertain:
            continue
        found = _value_after(reading, mention, find_platelets_after)
        if found is None:
            start = max(
                reading.sentences[mention.sentence].start_char, mention.start_char - VALUE_WINDOW
            )
            before = find_platelets_before(reading.text[start : mention.start_char])
            if before is not None:
                span = (start + before.start, mention.end_char)
                words = reading.evidence(span, within=[span])
                found = Finding(before.value, start + before.start, words)
        if found is not None:
            findings.append(Finding(int(found.value), found.position, found.evidence))
    return fact("platelets", latest(findings))


#: A drug switched away from ("switched from warfarin to apixaban") is no longer taken.
SWITCHED_FROM = re.compile(
    r"\b(?:switched|changed|converted|moved|swapped)\s+(?:\w+\s+)?from\s+$", re.IGNORECASE
)
#: A change to another drug named next ("plan to switch to enoxaparin", "bridged with LMWH"):
#: the drug before it is (to be) stopped.
SWITCHED_TO = re.compile(
    r"\b(?:switch|switched|switching|change|changed|convert|converted|bridge|bridged|bridging|"
    r"swap|swapped|transition|transitioned)\s+(?:\w+\s+)?(?:to|with|onto)\s+$",
    re.IGNORECASE,
)
#: Words of a plan before such a change ("haematology plan to switch to ...").
PLAN_BEFORE = re.compile(r"\b(?:plan\w*|will|to\s+be|going\s+to|intend\w*)\b", re.IGNORECASE)
#: The lexicon id of the words "anticoagulant", "anticoagulation", "blood thinner".
GENERIC = "anticoagulant"


def _stop_of(reading: Reading, drug: Mention, taking: List[Mention]) -> Finding:
    """Whether this drug is stopped, to be held for the implant, or still taken (the default)."""
    stops = []
    # the generic word ("anticoagulation held") speaks of whichever drug it is
    for mention in (m for m in taking if m.id in (drug.id, GENERIC)):
        for cue in reading.cues(
            mention, L.CUE_STOPPED, L.CUE_RESOLVED, L.CUE_NOT_STOPPED, L.CUE_CURRENT
        ):
            if cue.label == L.CUE_CURRENT and cue.id != "on_drug":
                continue  # "today", "now": not about the drug
            stopped = cue.label in (L.CUE_STOPPED, L.CUE_RESOLVED) and not cue.negated
            value = "planned" if stopped and cue.id == "planned" else stopped
            stops.append(Finding(value, cue.start_char, reading.evidence(mention, cue)))
    # a plan in a clause of its own later in the sentence, or in the next sentence when that
    # names no other anticoagulant ("on apixaban; plan to hold 72 h pre-implant"), still speaks
    # of the drug
    following = [drug.sentence]
    if all(m.id in (drug.id, GENERIC) for m in reading.in_sentence(drug.sentence + 1, L.ANTICOAG)):
        following.append(drug.sentence + 1)
    for cue in (c for s in following for c in reading.in_sentence(s, L.CUE_STOPPED)):
        if cue.start > drug.start and not reading.attached(cue) and not cue.negated:
            value = "planned" if cue.id == "planned" else True
            stops.append(Finding(value, cue.start_char, reading.evidence(drug, cue)))
    before = reading.text[max(0, drug.start_char - 30) : drug.start_char]
    if not stops and SWITCHED_FROM.search(before):
        return Finding(True, drug.start_char, reading.evidence(drug))
    if not stops:
        switch = _switched_to_another(reading, drug, following)
        if switch is not None:
            return switch
    return latest(stops) or Finding(False, drug.start_char, reading.evidence(drug))


def _switched_to_another(
    reading: Reading, drug: Mention, sentences: List[int]
) -> Optional[Finding]:
    """A change from this drug to another one named later ("on rivaroxaban - plan to switch to
    enoxaparin"): the drug is stopped, or planned to be when the change is a plan."""
    for index in sentences:
        for other in reading.in_sentence(index, L.ANTICOAG):
            if other.start <= drug.start or other.id in (drug.id, GENERIC):
                continue
            lead = reading.text[drug.end_char : other.start_char]
            change = SWITCHED_TO.search(lead)
            if change is not None:
                planned = PLAN_BEFORE.search(lead[: change.start()])
                return Finding(
                    "planned" if planned else True, other.start_char, reading.evidence(drug, other)
                )
    return None


def read_anticoagulant(reading: Reading) -> List[Fact]:
    """The anticoagulant or antiplatelet taken, and whether it is stopped or to be held. With
    several ("warfarin; aspirin to be stopped"), one still taken with no plan is the one
    reported: a plan for one drug says nothing of the other."""
    mentions = [m for m in reading.of(L.ANTICOAG) if not m.uncertain]
    taking = [m for m in mentions if not m.negated]
    if not taking:
        if mentions:
            last = mentions[-1]
            return fact("anticoagulant", Finding("none", last.start_char, reading.evidence(last)))
        return []
    named = [m for m in taking if m.id != GENERIC] or taking
    last_of_each = {m.id: m for m in named}.values()
    judged = [(drug, _stop_of(reading, drug, taking)) for drug in last_of_each]
    still = [(drug, stop) for drug, stop in judged if stop.value is False]
    drug, stop = (still or judged)[-1]
    return fact("anticoagulant", Finding(drug.id, drug.start_char, reading.evidence(drug))) + fact(
        "anticoagulant_stopped", stop
    )


#: The blood tests a coagulation status is read from, as clinicians name them.
_TESTS = r"(?:bloods|blood\s+(?:tests|work)|labs|coags|clotting(?:\s+screen)?|INR|platelets)"
#: Tests still to come, or given for someone else: "coags pending", "bloods not yet drawn",
#: "scratch the bloods I gave you - those were another patient's".
TESTS_NOT_HERS = re.compile(
    rf"\b{_TESTS}\b[^.;]{{0,40}}?\b(?:pending|awaited|yet\s+to\s+be|"
    r"(?:have|has|had)\s*n[o']t\s+(?:yet\s+)?been|not\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:drawn|done|taken|sent|checked))"
    rf"|\b{_TESTS}\b[^.;]{{0,40}}?\b(?:another|other|wrong)\s+patient",
    re.IGNORECASE,
)
#: The facts such a message leaves unknown.
TESTED = ("coagulopathy", "inr", "platelets")


def read_coagulation(reading: Reading) -> List[Fact]:
    """A message saying the tests are still to come, or were someone else's, and stating none
    of their results, takes back results given earlier."""
    tested = read_coagulopathy(reading) + read_inr(reading) + read_platelets(reading)
    awaited = TESTS_NOT_HERS.search(reading.text)
    if awaited is not None and not tested:
        tested = [Fact(name, None, awaited.group(0)) for name in TESTED]
    return tested + read_anticoagulant(reading)
