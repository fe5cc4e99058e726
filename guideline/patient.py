"""The patient facts that extraction produces and the eligibility rules read.

One vocabulary shared by `guideline.facts` (text -> facts), `guideline.eligibility`
(facts -> verdict) and the Rasa adapters, which carry facts between turns as plain dicts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, Mapping, Optional

#: Every fact name with the values it may hold. Extraction emits only these names.
FACT_VALUES: Dict[str, str] = {
    "pain_type": '"cancer" | "non_cancer"',
    "opioid_response": '"inadequate" (relief inadequate despite systemic opioids) | "controlled" '
    '(pain controlled by them) | "never_tried" | "tried" (tried, outcome not said)',
    "opioids_escalated": "True when doses were escalated",
    "opioids": "list of systemic opioid names, lower case",
    "adjuvants": "list of adjuvant analgesic names, lower case",
    "opioid_rotation_failed": "True: rotation to another opioid or another route did not help",
    "intolerable_side_effects": "True: dose-limiting or intolerable side effects",
    "trial_done": "True | False (no trial done, or only planned)",
    "trial_type": '"intrathecal catheter" | "epidural catheter" | "single-shot bolus" | "intrathecal" '
    '| "epidural"',
    "trial_relief_percent": "int 0-100",
    "trial_successful": "True | False: the trial reported as successful or failed, no percentage given",
    "life_expectancy_months": "number of months as stated (about a year -> 12)",
    "life_expectancy_relation": '"about" | "more_than" | "less_than" | "at_most" | "at_least"',
    "life_expectancy_normal": "True: a normal life expectancy, or years of life expected",
    "psych_evaluation": '"completed" | "not_completed"',
    "psych_cleared": "True | False (evaluated and found unsuitable)",
    "active_infection": '"present" | "absent" | "suspected" | "resolved"',
    "coagulopathy": '"present" | "absent"',
    "inr": "float",
    "platelets": "int, per microlitre (150 -> 150000, 45k -> 45000)",
    "anticoagulant": "name of the anticoagulant, or \"none\" when not anticoagulated",
    "anticoagulant_stopped": "True | False",
}


#: Facts that together state one thing: a turn that states any of them replaces the whole group,
#: so "the trial failed" after "trial 60%" does not leave the old percentage standing.
FACT_GROUPS = (
    ("trial_relief_percent", "trial_successful"),
    ("life_expectancy_months", "life_expectancy_relation", "life_expectancy_normal"),
    ("psych_evaluation", "psych_cleared"),
    ("anticoagulant", "anticoagulant_stopped"),
)


@dataclass(frozen=True)
class Fact:
    """One clinical fact read from the conversation, with the words that said it."""

    name: str
    value: Any
    evidence: str

    def __post_init__(self) -> None:
        if self.name not in FACT_VALUES:
            raise ValueError(f"unknown fact name {self.name!r}")

    def to_dict(self) -> Dict[str, Any]:
        return {"value": self.value, "evidence": self.evidence}


#: Facts as carried between turns: name -> {"value": ..., "evidence": "..."}.
FactTable = Dict[str, Dict[str, Any]]


def merge_facts(known: Optional[Mapping[str, Any]], new: Iterable[Fact]) -> FactTable:
    """Add a turn's facts to what is known; a later statement replaces an earlier one."""
    table: FactTable = {
        name: dict(entry) for name, entry in (known or {}).items() if name in FACT_VALUES
    }
    new = list(new)
    stated = {fact.name for fact in new}
    for group in FACT_GROUPS:
        if stated & set(group):
            for name in group:
                table.pop(name, None)
    for fact in new:
        table[fact.name] = fact.to_dict()
    return table


def fact_value(table: Mapping[str, Any], name: str) -> Any:
    """The value of a fact, or None when the conversation has not established it."""
    entry = table.get(name)
    return entry.get("value") if isinstance(entry, Mapping) else None


def fact_evidence(table: Mapping[str, Any], *names: str) -> str:
    """The words that stated the given facts, in order, without repeats."""
    seen = []
    for name in names:
        entry = table.get(name)
        words = entry.get("evidence") if isinstance(entry, Mapping) else None
        if words and words not in seen:
            seen.append(words)
    return "; ".join(seen)
