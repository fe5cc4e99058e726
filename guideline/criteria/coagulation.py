"""Coagulopathy or bleeding disorder, an absolute contraindication [1, 6].

The source names the contraindication but gives no laboratory limits and says nothing on
anticoagulants. The INR and platelet limits are the project's (common procedural practice), so
a judgement resting on them says "not from the guideline" and carries no citation. Absent
needs coagulation stated normal or both INR and platelets within the limits; a single value
alone, or an anticoagulant or antiplatelet still taken with no plan to hold it, is unknown.
"""

from __future__ import annotations

from typing import Any, Mapping

from guideline.criteria.unit import (
    ABSENT,
    NOT_FROM_GUIDELINE,
    PRESENT,
    UNKNOWN,
    Outcome,
    Unit,
    fact_evidence,
    fact_value,
)


def coagulopathy(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    disorder = fact_value(facts, "coagulopathy")
    inr, platelets = fact_value(facts, "inr"), fact_value(facts, "platelets")
    drug, stopped = fact_value(facts, "anticoagulant"), fact_value(facts, "anticoagulant_stopped")
    inr_max, platelets_min = limits["inr_max"], limits["platelets_min_per_ul"]
    if disorder == "present":
        return Outcome(
            PRESENT, "a coagulopathy or bleeding disorder", fact_evidence(facts, "coagulopathy")
        )
    beyond = []
    if inr is not None and inr > inr_max:
        beyond.append(("inr", f"INR {inr:g} above {inr_max:g}"))
    if platelets is not None and platelets < platelets_min:
        beyond.append(("platelets", f"platelets {platelets:,.0f}/uL below {platelets_min:,.0f}/uL"))
    if beyond:
        return Outcome(
            PRESENT,
            "; ".join(why for _, why in beyond)
            + f" (the project's procedural limits, {NOT_FROM_GUIDELINE})",
            fact_evidence(facts, *(name for name, _ in beyond)),
            cited=False,
        )
    if drug not in (None, "none") and stopped not in (True, "planned"):
        return Outcome(
            UNKNOWN,
            f"{drug} is still being taken with no plan to hold it for the "
            "implant; the guideline says nothing on anticoagulants or "
            f"antiplatelets ({NOT_FROM_GUIDELINE})",
            fact_evidence(facts, "anticoagulant", "anticoagulant_stopped"),
            cited=False,
        )
    if disorder == "absent":
        return Outcome(
            ABSENT,
            "no coagulopathy or bleeding disorder; coagulation stated normal",
            fact_evidence(facts, "coagulopathy", "anticoagulant_stopped"),
        )
    if inr is not None and platelets is not None:
        return Outcome(
            ABSENT,
            f"INR and platelets within the project's procedural limits "
            f"(INR at most {inr_max:g}, platelets at least "
            f"{platelets_min:,.0f}/uL; {NOT_FROM_GUIDELINE})",
            fact_evidence(facts, "inr", "platelets", "anticoagulant_stopped"),
            cited=False,
        )
    if inr is not None or platelets is not None:
        return Outcome(
            UNKNOWN,
            "a single value (INR or platelets) alone does not settle it",
            fact_evidence(facts, "inr", "platelets"),
        )
    return Outcome(UNKNOWN, "not stated", fact_evidence(facts, "anticoagulant"))


UNIT = Unit(
    id="coagulopathy",
    kind="contraindication",
    label="Coagulopathy or bleeding disorder",
    citations=(1, 6),
    ask="What is the coagulation status: any bleeding disorder, the INR and the platelet "
    "count, and any anticoagulant or antiplatelet with a plan to hold it?",
    judge=coagulopathy,
    facts={
        "coagulopathy": '"present" | "absent"',
        "inr": "float",
        "platelets": "int, per microlitre (150 -> 150000, 45k -> 45000)",
        "anticoagulant": 'name of the anticoagulant or antiplatelet, or "none"',
        "anticoagulant_stopped": 'True (stopped) | "planned" (to be held for the implant) | False',
    },
    groups=(("anticoagulant", "anticoagulant_stopped"),),
)
