"""Active infection, an absolute contraindication [1, 6]: present for a current infection,
including one still under treatment; absent only when stated absent or resolved. Being afebrile
alone, a suspicion or pending cultures settle nothing."""

from __future__ import annotations

from typing import Any, Mapping

from guideline.criteria.unit import (
    ABSENT,
    PRESENT,
    UNKNOWN,
    Outcome,
    Unit,
    fact_evidence,
    fact_value,
)


def active_infection(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    status = fact_value(facts, "active_infection")
    evidence = fact_evidence(facts, "active_infection")
    if status == "present":
        return Outcome(PRESENT, "a current infection", evidence)
    if status == "absent":
        return Outcome(ABSENT, "no current infection", evidence)
    if status == "resolved":
        return Outcome(ABSENT, "a past infection that has resolved", evidence)
    if status == "suspected":
        return Outcome(
            UNKNOWN, "suspected or under investigation, not yet confirmed or excluded", evidence
        )
    signs = fact_value(facts, "infection_signs")
    if signs == "present":
        return Outcome(
            UNKNOWN,
            "signs of infection (fever or a raised white count) with no "
            "diagnosis confirmed or excluded",
            fact_evidence(facts, "infection_signs"),
        )
    if signs == "absent":
        return Outcome(
            UNKNOWN,
            "being afebrile alone does not exclude an infection",
            fact_evidence(facts, "infection_signs"),
        )
    return Outcome(UNKNOWN, "not stated")


UNIT = Unit(
    id="active_infection",
    kind="contraindication",
    label="Active infection",
    citations=(1, 6),
    ask="Is there any current infection (being afebrile alone does not exclude one)?",
    judge=active_infection,
    facts={
        "active_infection": '"present" | "absent" | "suspected" | "resolved"',
        "infection_signs": '"present" (fever, raised white count) | "absent" (afebrile, '
        "normal temperature)",
    },
)
