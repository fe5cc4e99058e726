"""Coded FHIR data -> the facts the chat extracts (guideline.patient.FACT_VALUES).

The one place where a clinical concept of codes.yml becomes facts the rules read (the v2 units
of guideline/criteria): when the fact names change, this module is what changes. Each function
reads one kind of resource and returns Events (timeline.py) plus what it could not use, in words.
Only what the code states is mapped: nothing that favours the patient is inferred from a code
that does not say it (an uncoded chronicity, a moderate pain score).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from guideline.facts.lexicon import load_lexicon
from guideline.facts.numbers import MILD_SCORE_MAX, SEVERE_SCORE_MIN
from guideline.fhir.codes import SYSTEM_LABELS, load_codes
from guideline.fhir.resources import codings, concept_text, status_code, when
from guideline.fhir.timeline import CODED, Event
from guideline.patient import Fact

#: What a condition concept states: the kind of pain, and whether the pain is chronic (the
#: indication's `pain_chronic`); a pain condition whose chronicity is not coded states only the
#: kind, and acute pain states only that it is not chronic.
CONDITION_PAIN_TYPE = {
    "cancer": "cancer",
    "chronic_pain": "non_cancer",
    "pain_condition": "non_cancer",
}
CONDITION_CHRONIC = {"cancer": True, "chronic_pain": True, "acute_pain": False}
#: The pain score codes of codes.yml are numeric rating scales from 0 to 10.
PAIN_SCALE_MAX = 10
#: Condition.clinicalStatus -> the infection fact (active_infection)
INFECTION_STATUS = {
    "active": "present",
    "recurrence": "present",
    "relapse": "present",
    "inactive": "resolved",
    "remission": "resolved",
    "resolved": "resolved",
}
#: Condition.verificationStatus values that make a diagnosis not (yet) the patient's.
UNCONFIRMED = {"provisional": "suspected", "differential": "suspected", "refuted": "absent"}
ACTIVE = ("active", "recurrence", "relapse", None)
#: Medication statuses that say the drug was never taken, or the record is void.
NOT_TAKEN = ("entered-in-error", "draft", "cancelled", "not-taken", "intended")
#: Medication statuses that say the drug is no longer (or not now) being taken.
NOT_NOW = ("stopped", "completed", "on-hold")
#: Lexicon labels for drugs -> (fact, the lexicon's class word that names no drug)
DRUG_FACTS = {
    "OPIOID": ("opioids", "opioid"),
    "ADJUVANT": ("adjuvants", "adjuvants"),
    "ANTICOAG": ("anticoagulant", "anticoagulant"),
}
#: Procedure codes whose status says whether the trial was done.
TRIAL_DONE = {"completed": True, "preparation": False, "not-done": False}


@dataclass
class Reading:
    """What the coded data gave: events, codes not known, things read but not used."""

    events: List[Event] = field(default_factory=list)
    unknown: List[str] = field(default_factory=list)
    not_used: List[str] = field(default_factory=list)


def _date(moment: Optional[datetime]) -> str:
    return moment.date().isoformat() if moment else "undated"


def _coded(display: str, system: str, code: str) -> str:
    return f"{display or 'no display'} ({SYSTEM_LABELS.get(system, system)} {code})"


def _first_code(concept) -> str:
    pairs = codings(concept)
    if not pairs:
        return f"{concept_text(concept) or 'no code'} (uncoded)"
    system, code = pairs[0]
    return _coded(
        concept_text(concept), load_codes().system_name(system) or system or "no system", code
    )


# --- Condition ------------------------------------------------------------------------------


def read_conditions(conditions: Sequence, reading: Reading) -> None:
    codes = load_codes()
    pain: List[Tuple[int, Optional[datetime], str, str]] = []  # (rank, when, pain_type, words)
    for condition in conditions:
        verification = status_code(condition.verificationStatus)
        if verification == "entered-in-error":
            continue
        found = codes.concept(codes.conditions, codings(condition.code))
        if found is None:
            reading.unknown.append(f"Condition: {_first_code(condition.code)}")
            continue
        concept, system, code = found
        clinical = status_code(condition.clinicalStatus)
        moment = when(
            condition.abatementDateTime
            if clinical in INFECTION_STATUS and INFECTION_STATUS[clinical] == "resolved"
            else None,
            condition.recordedDate,
            condition.onsetDateTime,
            condition.onsetPeriod and condition.onsetPeriod.start,
        )
        status = verification if verification in UNCONFIRMED else clinical or "status not given"
        words = (
            f"Condition {_coded(concept_text(condition.code), system, code)}, {status}, "
            f"{_date(moment)}"
        )
        current = clinical in ACTIVE and verification not in UNCONFIRMED
        if concept in CONDITION_CHRONIC and current:
            # Chronic and acute pain on one record: the timeline keeps the more recent, and the
            # card lists the disagreement.
            reading.events.append(_event(moment, words, "pain_chronic", CONDITION_CHRONIC[concept]))
        if concept in CONDITION_PAIN_TYPE and current:
            rank = 0 if concept == "cancer" else 1
            pain.append((rank, moment, CONDITION_PAIN_TYPE[concept], words))
        elif concept == "infection":
            value = UNCONFIRMED.get(verification) or INFECTION_STATUS.get(clinical or "active")
            reading.events.append(_event(moment, words, "active_infection", value))
        elif concept == "bleeding_disorder" and (
            verification == "refuted" or (clinical in ACTIVE and verification not in UNCONFIRMED)
        ):
            value = "absent" if verification == "refuted" else "present"
            reading.events.append(_event(moment, words, "coagulopathy", value))
        elif not current:
            reading.not_used.append(f"{words}: not current")
    if pain:
        # An active cancer makes the pain cancer pain, whatever else is on the problem list.
        rank = min(item[0] for item in pain)
        chosen = [item for item in pain if item[0] == rank]
        latest = max((item[1] for item in chosen if item[1]), default=None)
        reading.events.append(
            Event(
                latest,
                CODED,
                chosen[0][3],
                (Fact("pain_type", chosen[0][2], "; ".join(item[3] for item in chosen)),),
            )
        )


def _event(moment: Optional[datetime], words: str, name: str, value) -> Event:
    return Event(moment, CODED, words, (Fact(name, value, words),))


# --- Observation ------------------------------------------------------------------------------


def read_observations(observations: Sequence, reading: Reading) -> None:
    """Lab values and scores; an Observation holding text is a note (notes.py)."""
    codes = load_codes()
    for observation in observations:
        if observation.status in ("entered-in-error", "cancelled") or observation.valueString:
            continue
        found = codes.concept(codes.observations, codings(observation.code))
        moment = when(
            observation.effectiveDateTime,
            observation.effectivePeriod and observation.effectivePeriod.end,
            observation.issued,
        )
        quantity = observation.valueQuantity
        if found is None:
            reading.unknown.append(f"Observation: {_first_code(observation.code)}")
            continue
        concept, system, code = found
        name = _coded(concept_text(observation.code), system, code)
        if quantity is None or quantity.value is None:
            reading.not_used.append(f"Observation {name}, {_date(moment)}: no numeric value")
            continue
        value = float(quantity.value)
        unit = quantity.code or quantity.unit or ""
        words = f"Observation {name} {value:g} {unit}".rstrip() + f", {_date(moment)}"
        if concept == "inr":
            reading.events.append(_event(moment, words, "inr", value))
        elif concept == "platelets" and unit in codes.platelet_units:
            count = int(round(value * codes.platelet_units[unit]))
            reading.events.append(_event(moment, words, "platelets", count))
        elif concept == "platelets":
            reading.unknown.append(f"{words}: unit {unit or '(none)'} not known")
        elif not 0 <= value <= PAIN_SCALE_MAX:
            reading.unknown.append(f"{words}: not a score from 0 to {PAIN_SCALE_MAX}")
        elif value >= SEVERE_SCORE_MIN or value <= MILD_SCORE_MAX:
            # The chat's own thresholds (guideline/facts/indication.py): a score states severity
            # only at either end; a moderate score says neither.
            severity = "severe" if value >= SEVERE_SCORE_MIN else "mild"
            reading.events.append(_event(moment, words, "pain_severity", severity))
        else:
            reading.not_used.append(
                f"{words}: a moderate score states neither severe nor mild pain"
            )


# --- MedicationRequest and MedicationStatement ------------------------------------------------


@lru_cache(maxsize=1)
def _drug_patterns() -> Dict[str, List[Tuple[str, "re.Pattern[str]"]]]:
    """Per lexicon label, (drug name, pattern of its names) from the extractor's vocabulary."""
    terms = load_lexicon().terms
    patterns: Dict[str, List[Tuple[str, re.Pattern]]] = {}
    for label, (_, class_word) in DRUG_FACTS.items():
        patterns[label] = []
        for drug, phrases in terms[label].items():
            # Exact-case abbreviations ("=SNRI") are for prose, not for drug names.
            names = [re.escape(p) for p in phrases if not p.startswith("=")]
            if drug != class_word and names:
                patterns[label].append(
                    (drug, re.compile(r"\b(?:" + "|".join(names) + r")\b", re.I))
                )
    return patterns


def drug_class(name: str) -> Optional[Tuple[str, str]]:
    """(lexicon label, drug) for a medication's name or display text, if the rules read it."""
    for label, drugs in _drug_patterns().items():
        for drug, pattern in drugs:
            if pattern.search(name):
                return label, drug
    return None


def _medication_name(item, medications: Dict[str, object]) -> str:
    if item.medicationCodeableConcept is not None:
        return concept_text(item.medicationCodeableConcept)
    reference = item.medicationReference
    wanted = (reference.reference or "") if reference else ""
    # "#med1" names a resource contained in this one; "Medication/med1" one of the prefetch.
    known = (
        {f"#{m.id}": m for m in item.contained or [] if m.id}
        if wanted.startswith("#")
        else {f"Medication/{key}": m for key, m in medications.items()}
    )
    target = known.get(wanted)
    if target is not None:
        return concept_text(target.code)
    return (reference.display or "") if reference else ""


def read_medications(items: Sequence, medications: Dict[str, object], reading: Reading) -> None:
    """Opioids and adjuvants tried (names, accumulated); anticoagulants and antiplatelets, current
    or stopped. A list of drugs says nothing of relief: that comes from notes."""
    tried: Dict[str, List[Tuple[Optional[datetime], str, str]]] = {"opioids": [], "adjuvants": []}
    anticoagulants: List[Tuple[Optional[datetime], str, str, bool]] = []
    for item in items:
        if item.status in NOT_TAKEN:
            continue
        name = _medication_name(item, medications)
        found = drug_class(name)
        kind = item.resource_type
        if found is None:
            reading.unknown.append(f"{kind}: {name or 'medication not named'}")
            continue
        label, drug = found
        moment = when(
            getattr(item, "authoredOn", None),
            getattr(item, "effectiveDateTime", None),
            getattr(item, "effectivePeriod", None) and item.effectivePeriod.start,
            getattr(item, "dateAsserted", None),
        )
        words = f"{kind} {name}, {item.status}, {_date(moment)}"
        if label == "ANTICOAG":
            anticoagulants.append((moment, drug, words, item.status in NOT_NOW))
        else:
            tried[DRUG_FACTS[label][0]].append((moment, drug, words))
    for fact, found in tried.items():
        if found:
            latest = max((m for m, _, _ in found if m), default=None)
            drugs = list(dict.fromkeys(drug for _, drug, _ in found))
            words = "; ".join(w for _, _, w in found)
            reading.events.append(Event(latest, CODED, words, (Fact(fact, drugs, words),)))
    if anticoagulants:
        current = [a for a in anticoagulants if not a[3]]
        chosen = current or anticoagulants
        latest = max((a[0] for a in chosen if a[0]), default=None)
        words = "; ".join(a[2] for a in chosen)
        facts = [Fact("anticoagulant", chosen[0][1], words)]
        if not current:
            facts.append(Fact("anticoagulant_stopped", True, words))
        reading.events.append(Event(latest, CODED, words, tuple(facts)))


# --- Procedure ----------------------------------------------------------------------------------


def read_procedures(procedures: Sequence, reading: Reading) -> List[object]:
    """Trials done or planned (the result itself is in the procedure's text, read as a note).
    Returns the procedures whose codes are not known, for their text to be read as notes."""
    codes = load_codes()
    unknown = []
    for procedure in procedures:
        if procedure.status in ("entered-in-error", "unknown"):
            continue
        found = codes.concept(codes.procedures, codings(procedure.code))
        if found is None:
            unknown.append(procedure)
            continue
        concept, system, code = found
        moment = when(
            procedure.performedDateTime, procedure.performedPeriod and procedure.performedPeriod.end
        )
        words = (
            f"Procedure {_coded(concept_text(procedure.code), system, code)}, "
            f"{procedure.status}, {_date(moment)}"
        )
        if concept == "neuraxial_trial" and procedure.status in TRIAL_DONE:
            # The route (intrathecal or epidural) and the result are in its text (notes.py).
            reading.events.append(_event(moment, words, "trial_done", TRIAL_DONE[procedure.status]))
        elif concept == "intrathecal_pump" and procedure.status == "completed":
            reading.not_used.append(f"{words}: intrathecal pump already implanted")
    return unknown


def is_pump_order(order, codes=None) -> bool:
    """An order (ServiceRequest, DeviceRequest, ...) for an intrathecal pump or its trial: by
    code, or, when uncoded, by the words of codes.yml `order_terms` in its text."""
    codes = codes or load_codes()
    concept = getattr(order, "code", None) or getattr(order, "codeCodeableConcept", None)
    if concept is None:
        return False
    if codes.concept(codes.procedures, codings(concept)) is not None:
        return True
    text = concept_text(concept).lower()
    return any(term in text for term in codes.order_terms)
