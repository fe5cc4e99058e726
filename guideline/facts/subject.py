"""Whether a message is about a particular patient (and so gets an assessment) or is a
general question about the guideline.

A message is about a patient when it states two or more substantive facts, or one together
with a person ("my patient", "she", "a 59-year-old", "64M"), or one value that only a
particular patient has ("INR 1.1", "trial 45%", "only a few weeks left", "afebrile"), or
one reported as a state ("admitted with pneumonia", "on IV antibiotics"). A concept named
alone ("cancer pain", "active infection", "morphine") is what a guideline question names, so
it needs a person. Sentences asking or stating the guideline's rules
without a person yield no facts at all (document.Reading marks them generic).
"""

from __future__ import annotations

from typing import Iterable, List

from guideline.facts.document import Reading
from guideline.patient import Fact

#: Facts that a bare mention produces; they count only together with a person.
MENTION_ONLY = {
    "opioids",
    "adjuvants",
    "trial_type",
    "life_expectancy_relation",
    "pain_chronic",
    "pain_severity",
    "other_trial",
}
#: Values that merely name a concept.
CONCEPT_VALUES = {
    ("pain_type", "cancer"),
    ("pain_type", "non_cancer"),
    ("active_infection", "present"),
    ("coagulopathy", "present"),
    ("opioid_response", "tried"),
}


def _substantive(facts: Iterable[Fact]) -> List[Fact]:
    return [f for f in facts if f.name not in MENTION_ONLY]


def _names_a_concept_only(fact: Fact) -> bool:
    if fact.name == "anticoagulant":
        return fact.value != "none"
    if fact.name == "life_expectancy_normal":
        return False
    return (fact.name, fact.value) in CONCEPT_VALUES


def describes_patient(readings: Iterable[Reading], facts: Iterable[Fact]) -> bool:
    facts = list(facts)
    if not facts:
        return False
    readings = list(readings)
    has_person = any(reading.has_person for reading in readings)
    reports = any(reading.reports_state for reading in readings)
    substantive = _substantive(facts)
    names = {f.name for f in substantive}
    # one statement gives months, relation and normal together: count it once
    if {"life_expectancy_months", "life_expectancy_normal"} <= names:
        names.discard("life_expectancy_normal")
    if not substantive:
        return has_person
    if len(names) >= 2 or has_person:
        return True
    return reports or not any(_names_a_concept_only(f) for f in substantive)
