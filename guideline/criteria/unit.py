"""What one criterion or contraindication is: a declared unit naming its facts, its rule, its
label, its citations and the question asked when it is not known.

Everything that must agree with the rules (the fact names extraction may emit, the domain's
entities, the payload's ids) is derived from or checked against these units, so adding a
criterion is one unit, its reader and its tests (README, "Adding a criterion").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Tuple

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
PRESENT, ABSENT = "present", "absent"
#: Said in every reason that rests on the project's own reading rather than on the source.
NOT_FROM_GUIDELINE = "not from the guideline"


@dataclass(frozen=True)
class Outcome:
    """A rule's judgement: its status, why, and the words of the conversation that decided it.
    `cited` is False when the judgement rests on the project's own reading (a lab threshold,
    anticoagulants, a correctable cause): the row then carries no citation."""

    status: str
    reason: str
    evidence: str = ""
    cited: bool = True


#: A rule reads the patient's facts and the thresholds of knowledge.yml.
Judge = Callable[[Mapping[str, Any], Mapping[str, float]], Outcome]


@dataclass(frozen=True)
class Unit:
    """One criterion (met / not_met / unknown) or contraindication (present / absent / unknown)."""

    id: str
    kind: str  # "criterion" or "contraindication"
    label: str
    citations: Tuple[int, ...]
    ask: str
    judge: Judge
    #: fact name -> what values it holds; the facts this unit's reader emits
    facts: Dict[str, str] = field(default_factory=dict)
    #: facts that state one thing together: a message stating any of them replaces them all
    groups: Tuple[Tuple[str, ...], ...] = ()


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
