"""The patient facts that extraction produces and the eligibility rules read.

One vocabulary shared by `guideline.facts` (text -> facts), `guideline.eligibility`
(facts -> verdict) and the Rasa adapters. The names and groups are declared by the rule units
(guideline.criteria); the patient's table is rebuilt from the conversation's messages, in order,
a later statement replacing an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, Mapping, Optional

from guideline.criteria import FACT_GROUPS, FACT_VALUES
from guideline.criteria.unit import fact_evidence, fact_value

__all__ = [
    "FACT_GROUPS",
    "FACT_VALUES",
    "Fact",
    "FactTable",
    "fact_evidence",
    "fact_value",
    "merge_facts",
]


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
    """Add a message's facts to what is known; a later statement replaces an earlier one, and
    one stating part of a group replaces the whole group."""
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
