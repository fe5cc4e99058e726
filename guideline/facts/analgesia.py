"""Systemic analgesia, for the prerequisite "failed conservative management": how the pain
responded to systemic opioids, whether doses were escalated, which opioids and adjuvants,
failed opioid rotation or other routes, and intolerable side effects.
"""

from __future__ import annotations

import re
from typing import FrozenSet, List, Optional

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading, Region
from guideline.facts.events import Finding, fact, latest
from guideline.facts.indication import describes_another_problem
from guideline.facts.numbers import has_high_pain_score, has_only_low_pain_scores
from guideline.patient import Fact

ANCHORS = (L.OPIOID, L.MED_MGMT)
#: Words between a pump trial and its drug: "IT trial with morphine 0.25 mg".
TRIAL_DRUG_LINKS = frozenset({"with", "of", "using", "via", "a"})


#: Words opening a clause that adds adjuvants to the opioids of the clause before.
ADDED_TO = frozenset({"plus", "with", "+", "and", "alongside"})
#: Words after an adjuvant that make it a procedure of its own ("a ketamine infusion").
INFUSION = frozenset({"infusion", "infusions", "drip"})


def _systemic(reading: Reading, mention: Mention) -> bool:
    """'IT morphine trial', 'intrathecal baclofen', 'IT trial with morphine': a drug given by
    the pump's route is not systemic analgesia; nor is an adjuvant given as a one-off infusion
    ('a ketamine infusion', 'lidocaine infusions'), a procedure rather than a co-analgesic
    taken with the opioids."""
    if mention.label not in (L.OPIOID, L.ADJUVANT):
        return True
    if mention.label == L.ADJUVANT and any(
        word in INFUSION for word in reading.lower[mention.end : mention.end + 2]
    ):
        return False
    beside = [
        m
        for m in reading.in_sentence(mention.sentence, L.TRIAL_MODE, L.TRIAL)
        if m.end == mention.start
        or m.start == mention.end
        or (
            m.label == L.TRIAL
            and mention.start - m.end in (1, 2)
            and all(word in TRIAL_DRUG_LINKS for word in reading.lower[m.end : mention.start])
        )
    ]
    return not beside


def _analgesics(reading: Reading, *labels: str) -> List[Mention]:
    return [m for m in reading.of(*labels) if _systemic(reading, m)]


#: Side-effect mentions that are already about the analgesics ("AEs", "opioid toxicity").
GENERAL_SIDE_EFFECTS = frozenset({"side_effects", "toxicity", "intolerance"})


def _mentions_opioids(reading: Reading) -> bool:
    return bool(reading.of(L.OPIOID, L.OPIOID_NAIVE, L.MED_MGMT))


def _pain_clauses(reading: Reading, anchor: Mention) -> List[Region]:
    """The anchor's clause, then the other clauses of its sentence that speak of no trial."""
    own = reading.clause(anchor)
    others = [
        c
        for c in reading.clauses
        if c.sentence == anchor.sentence
        and c != own
        and not reading.in_clause(reading.clauses.index(c), L.TRIAL, L.TRIAL_MODE)
    ]
    return [own] + others


def _response(reading: Reading, anchor: Mention) -> Optional[Finding]:
    outcome = [
        c
        for c in reading.cues(anchor, L.CUE_FAIL, L.CUE_PARTIAL, L.CUE_CONTROLLED)
        if not c.negated and not describes_another_problem(reading.text, c.end_char)
    ]
    if outcome:
        cue = outcome[-1]
        value = "controlled" if cue.label == L.CUE_CONTROLLED else "inadequate"
        same = [c for c in outcome if (c.label == L.CUE_CONTROLLED) == (value == "controlled")]
        return Finding(
            value, max(cue.start_char, anchor.start_char), reading.evidence(anchor, *same)
        )
    clauses = _pain_clauses(reading, anchor)
    for clause in clauses:
        if has_high_pain_score(reading.slice(clause)):
            return Finding("inadequate", anchor.start_char, reading.evidence(anchor, clause))
    if anchor.label == L.OPIOID and not anchor.negated:
        if has_only_low_pain_scores(" ; ".join(reading.slice(c) for c in clauses)):
            # "on slow-release morphine 30 mg twice daily her pain is 2/10", "takes oxycodone
            # 10 mg twice a day and the pain is mostly ok now, about 2 out of 10"
            low = next(c for c in clauses if has_only_low_pain_scores(reading.slice(c)))
            return Finding("controlled", anchor.start_char, reading.evidence(anchor, low))
    if anchor.label != L.OPIOID or anchor.uncertain or not anchor.negated:
        # an opioid named without an outcome says nothing of the response: in a later turn
        # ("she remains on morphine until the implant") it must not undo "failed opioids"
        return None
    return Finding("never_tried", anchor.start_char, reading.evidence(anchor))


def _unattached_outcomes(reading: Reading) -> List[Finding]:
    """'On oxycodone 20 mg q4h. Pain remains 8/10.': a failure said of the pain (or of the
    doses) in a sentence that names no drug, in a message that does name opioids; likewise
    'On oxycodone SR 20 mg bd. Pain 3/10, well controlled.' (said of the pain only)."""
    if not reading.of(L.OPIOID, L.MED_MGMT):
        return []
    found = []
    for cue in reading.of(L.CUE_FAIL, L.CUE_PARTIAL, L.CUE_CONTROLLED):
        if cue.negated or reading.attached(cue):
            continue
        sentence = reading.sentences[cue.sentence]
        others = reading.in_sentence(cue.sentence, L.TRIAL, L.PSYCH, L.ADJUVANT)
        words = reading.slice(sentence).lower()
        if cue.label == L.CUE_CONTROLLED:
            failed = reading.in_sentence(cue.sentence, L.CUE_FAIL, L.CUE_PARTIAL)
            if not others and not failed and re.search(r"\bpain\b", words):
                found.append(Finding("controlled", cue.start_char, reading.evidence(cue)))
            continue
        if others or not (
            "pain" in words or "dose" in words or reading.in_sentence(cue.sentence, L.CUE_ESCALATED)
        ):
            continue
        found.append(Finding("inadequate", cue.start_char, reading.evidence(cue)))
    return found


def _regimen_failures(reading: Reading) -> List[Finding]:
    """'Oxycodone was titrated upward with pregabalin, without adequate relief': a failure said
    of the adjuvants given with the opioids (one clause names both) is the regimen's."""
    found = []
    opioid_clauses = {
        o.clause for o in _analgesics(reading, L.OPIOID) if not o.negated and not o.uncertain
    }
    for adjuvant in _analgesics(reading, L.ADJUVANT):
        clause = reading.clauses[adjuvant.clause]
        added = reading.lower[clause.start] in ADDED_TO  # "..., plus gabapentin"
        with_opioids = adjuvant.clause in opioid_clauses or (
            added and adjuvant.clause - 1 in opioid_clauses
        )
        response = _response(reading, adjuvant) if with_opioids else None
        if response is not None and response.value == "inadequate":
            found.append(response)
    return found


def read_opioid_response(reading: Reading) -> List[Fact]:
    findings = [_response(reading, anchor) for anchor in _analgesics(reading, *ANCHORS)]
    findings += _regimen_failures(reading)
    for naive in reading.of(L.OPIOID_NAIVE):
        value = "tried" if naive.negated else "never_tried"
        findings.append(Finding(value, naive.start_char, reading.evidence(naive)))
    findings += _unattached_outcomes(reading)
    decisive = latest(f for f in findings if f is not None and f.value != "tried")
    return fact("opioid_response", decisive or latest(findings))


def _names(reading: Reading, label: str, generic: FrozenSet[str]) -> List[Fact]:
    mentions = _analgesics(reading, label)
    taken = [m for m in mentions if not m.negated and not m.uncertain and m.id not in generic]
    names = list(dict.fromkeys(m.id for m in taken))
    if names:
        return [Fact(_fact_name(label), names, reading.evidence(*taken))]
    if mentions and all(m.negated for m in mentions):
        return [Fact(_fact_name(label), [], reading.evidence(*mentions))]
    return []


def _fact_name(label: str) -> str:
    return "opioids" if label == L.OPIOID else "adjuvants"


def read_drug_lists(reading: Reading) -> List[Fact]:
    """opioids: the systemic opioids named ('opioids' alone names none); adjuvants: the
    adjuvants named, the word 'adjuvants' included; an empty list when only denied."""
    return _names(reading, L.OPIOID, frozenset({"opioid"})) + _names(
        reading, L.ADJUVANT, frozenset()
    )


def read_escalation(reading: Reading) -> List[Fact]:
    findings = []
    for anchor in _analgesics(reading, *ANCHORS, L.ADJUVANT):
        for cue in reading.cues(anchor, L.CUE_ESCALATED, L.CUE_NOT_ESCALATED):
            escalated = cue.label == L.CUE_ESCALATED and not cue.negated
            if anchor.label == L.ADJUVANT and not escalated:
                continue
            findings.append(Finding(escalated, cue.start_char, reading.evidence(anchor, cue)))
    if _mentions_opioids(reading):
        for cue in reading.of(L.CUE_ESCALATED):
            if not reading.attached(cue) and not cue.negated:
                findings.append(Finding(True, cue.start_char, reading.evidence(cue)))
    return fact("opioids_escalated", latest(findings))


def _about_analgesics(reading: Reading, outcome: Mention) -> bool:
    """An outcome qualifying no other concept: not "positive" of a trial after "rotated x2"."""
    return all(m.label in (*ANCHORS, L.ADJUVANT) for m in reading.qualified(outcome))


def _outcome_after(reading: Reading, cue: Mention) -> Optional[bool]:
    """Whether the sentence says, after the cue, that it failed (True) or worked (False)."""
    later = [
        m
        for m in reading.in_sentence(cue.sentence, L.CUE_FAIL, L.CUE_PARTIAL, L.CUE_CONTROLLED)
        if m.start >= cue.end and not m.negated and _about_analgesics(reading, m)
    ]
    if not later:
        return None
    return later[0].label != L.CUE_CONTROLLED


def _switch_to_opioid(reading: Reading, cue: Mention) -> bool:
    """'switched to tapentadol', 'changed to methadone': the next drug named is an opioid."""
    after = [
        m
        for m in reading.in_sentence(cue.sentence, L.OPIOID, L.ADJUVANT, L.ANTICOAG, L.ANTIBIOTIC)
        if m.start >= cue.end and m.start - cue.end <= 6
    ]
    return bool(after) and after[0].label == L.OPIOID


#: The words before "rotation" that make it a trainee's ("for my oncology rotation").
TRAINING_ROTATION = re.compile(
    r"\b(?:oncology|clinical|surgical|medical|student|residency|elective|icu|"
    r"an(?:a)?esthe\w*|my|our)\s+$",
    re.IGNORECASE,
)


def read_rotation(reading: Reading) -> List[Fact]:
    findings = []
    for cue in reading.of(L.CUE_ROTATION):
        if TRAINING_ROTATION.search(reading.text[max(0, cue.start_char - 30) : cue.start_char]):
            continue
        outcome = _outcome_after(reading, cue)
        failed = not cue.negated and outcome is not False
        findings.append(Finding(failed, cue.start_char, reading.evidence(cue)))
    for cue in reading.of(L.CUE_SWITCH):
        if cue.negated or not _switch_to_opioid(reading, cue):
            continue
        outcome = _outcome_after(reading, cue)
        if outcome is None:
            sentence_fails = reading.in_sentence(cue.sentence, L.CUE_FAIL, L.CUE_PARTIAL)
            outcome = (
                True
                if any(not m.negated and _about_analgesics(reading, m) for m in sentence_fails)
                else None
            )
        if outcome is not None:
            findings.append(
                Finding(
                    outcome,
                    cue.start_char,
                    reading.evidence(
                        cue,
                        *[
                            m
                            for m in reading.in_sentence(cue.sentence, L.CUE_FAIL, L.CUE_CONTROLLED)
                            if m.start >= cue.end
                        ][:1],
                    ),
                )
            )
    return fact("opioid_rotation_failed", latest(findings))


#: Words between a stop and its reason: "stopped for vomiting", "discontinued due to nausea".
REASON_WORDS = frozenset({"for", "due", "because", "d/t", "owing"})


def _stopped_for(reading: Reading, effect: Mention) -> bool:
    """The drug was stopped for this side effect: it limited the dose, so it was intolerable."""
    return any(
        0 <= effect.start - cue.end <= 4
        and not cue.negated
        and (
            cue.label == L.CUE_INTOLERABLE  # "stopped due to nausea" is one cue
            or any(word in REASON_WORDS for word in reading.lower[cue.end : effect.start])
        )
        for cue in reading.in_sentence(effect.sentence, L.CUE_STOPPED, L.CUE_INTOLERABLE)
    )


#: What makes a side effect one of the analgesics when it is named in the same sentence.
ANALGESIC_CONTEXT = (
    L.OPIOID,
    L.MED_MGMT,
    L.CUE_FAIL,
    L.CUE_ESCALATED,
    L.CUE_ROTATION,
    L.CUE_SWITCH,
)


#: Words that may stand between "with" and a side effect that grows with the dose.
GROWING = frozenset({"worsening", "increasing", "more", "progressive", "dose-related"})
#: How far an escalation may stand before the "with" that names its side effect.
ESCALATION_REACH = 12


def _grew_with_escalation(reading: Reading, effect: Mention) -> bool:
    """The side effect came with the escalation ("fentanyl patches escalated with sedation",
    "escalating hydromorphone + gabapentin with sedation and nausea"), so it grows with the
    dose, which the contract counts as intolerable; or it came again with the opioid switched
    to ("switched to oxycodone with nausea and drowsiness")."""
    before = reading.lower[max(0, effect.start - 3) : effect.start]
    if "with" not in before:
        return False
    at = effect.start - len(before) + before.index("with")
    if any(word not in GROWING for word in reading.lower[at + 1 : effect.start]):
        return False
    return any(
        not cue.negated and cue.end <= at and at - cue.end <= ESCALATION_REACH
        for cue in reading.in_sentence(
            effect.sentence, L.CUE_ESCALATED, L.CUE_SWITCH, L.CUE_ROTATION
        )
    )


def _own_and_joined(reading: Reading, index: int) -> List[int]:
    """The sentence, and the one before it when a semicolon joins them ("morphine escalated
    with pregabalin; intolerable constipation and sedation")."""
    start = reading.sentences[index].start_char
    if index > 0 and reading.text[:start].rstrip().endswith(";"):
        return [index - 1, index]
    return [index]


def read_side_effects(reading: Reading, serious: FrozenSet[str]) -> List[Fact]:
    """True for an intolerable or dose-limiting side effect of the analgesics (falls,
    confusion and the like are dose-limiting by nature); False when they are tolerated."""
    intolerable, tolerated = [], []
    for effect in reading.of(L.SIDE_EFFECT):
        if effect.uncertain:
            continue
        if effect.negated or reading.cue(effect, L.CUE_TOLERATED):
            tolerated.append(Finding(False, effect.start_char, reading.evidence(effect)))
            continue
        cue = reading.cue(effect, L.CUE_INTOLERABLE)
        about_analgesics = effect.id in GENERAL_SIDE_EFFECTS or any(
            reading.in_sentence(sentence, *ANALGESIC_CONTEXT)
            for sentence in _own_and_joined(reading, effect.sentence)
        )
        if about_analgesics and (
            cue
            or effect.id in serious
            or _stopped_for(reading, effect)
            or _grew_with_escalation(reading, effect)
        ):
            evidence = reading.evidence(effect, cue) if cue else reading.evidence(effect)
            intolerable.append(Finding(True, effect.start_char, evidence))
    for anchor in reading.of(L.OPIOID, L.MED_MGMT):
        for cue in reading.cues(anchor, L.CUE_INTOLERABLE, L.CUE_TOLERATED):
            if cue.negated:
                continue
            if cue.label == L.CUE_TOLERATED:
                tolerated.append(Finding(False, cue.start_char, reading.evidence(anchor, cue)))
            elif cue.id == "not_tolerated":
                intolerable.append(Finding(True, cue.start_char, reading.evidence(anchor, cue)))
    return fact("intolerable_side_effects", latest(intolerable) or latest(tolerated))


def read_analgesia(reading: Reading, serious: FrozenSet[str]) -> List[Fact]:
    return (
        read_opioid_response(reading)
        + read_escalation(reading)
        + read_drug_lists(reading)
        + read_rotation(reading)
        + read_side_effects(reading, serious)
    )
