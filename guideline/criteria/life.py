"""Life expectancy [1, 6]: the prerequisite (more than 6 months) and the contraindication (less
than 6 months) read the same facts. A range that spans 6 months, or hospice or "terminal" with
no time given, settles neither.
"""

from __future__ import annotations

from typing import Any, Mapping, Tuple

from guideline.criteria.unit import (
    ABSENT,
    MET,
    NOT_MET,
    PRESENT,
    UNKNOWN,
    Outcome,
    Unit,
    fact_evidence,
    fact_value,
)

FACTS = {
    "life_expectancy_months": "number of months as stated (about a year -> 12)",
    "life_expectancy_relation": '"about" | "more_than" | "less_than" | "at_most" | "at_least"',
    "life_expectancy_normal": "True: a normal life expectancy, or years of life expected",
}
GROUPS = (tuple(FACTS),)


def _range(facts: Mapping[str, Any]) -> Tuple[float, float, str]:
    """The range of months the statement allows (0 to infinity when not stated), in words.
    'More than 6 months' is (6, inf); 'less than a year' is (0, 12); 'normal' is above any limit."""
    if fact_value(facts, "life_expectancy_normal") is True:
        return float("inf"), float("inf"), "a normal life expectancy"
    months = fact_value(facts, "life_expectancy_months")
    if months is None:
        return 0.0, float("inf"), "life expectancy is not stated"
    relation = fact_value(facts, "life_expectancy_relation") or "about"
    said = (
        f"{months:g} months"
        if relation == "about"
        else f"{relation.replace('_', ' ')} {months:g} months"
    )
    low, high = {
        "less_than": (0, months - 1e-9),
        "at_most": (0, months),
        "more_than": (months + 1e-9, float("inf")),
        "at_least": (months, float("inf")),
    }.get(relation, (months, months))
    return low, high, said


def _evidence(facts: Mapping[str, Any]) -> str:
    return fact_evidence(facts, "life_expectancy_months", "life_expectancy_normal")


def life_expectancy(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    limit = limits["life_expectancy_min_months"]
    low, high, said = _range(facts)
    evidence = _evidence(facts)
    if low > limit:
        return Outcome(MET, f"{said}, more than {limit:g} months", evidence)
    if high <= limit:
        return Outcome(NOT_MET, f"{said}, not more than {limit:g} months", evidence)
    return Outcome(UNKNOWN, f"{said} does not settle it" if evidence else said, evidence)


def short_life_expectancy(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    limit = limits["life_expectancy_min_months"]
    low, high, said = _range(facts)
    evidence = _evidence(facts)
    if high < limit:
        return Outcome(PRESENT, f"{said}, less than {limit:g} months", evidence)
    if low >= limit:
        return Outcome(ABSENT, f"{said}, not less than {limit:g} months", evidence)
    return Outcome(UNKNOWN, f"{said} does not settle it" if evidence else said, evidence)


ASK = "What is the expected life expectancy, in months?"

CRITERION = Unit(
    id="life_expectancy",
    kind="criterion",
    label="Life expectancy over 6 months",
    citations=(1, 6),
    ask=ASK,
    judge=life_expectancy,
    facts=FACTS,
    groups=GROUPS,
)
CONTRAINDICATION = Unit(
    id="short_life_expectancy",
    kind="contraindication",
    label="Life expectancy under 6 months",
    citations=(1, 6),
    ask=ASK,
    judge=short_life_expectancy,
    facts=FACTS,
    groups=GROUPS,
)
