"""Failed conservative management [1, 6]: inadequate relief despite escalating systemic opioids
with adjuvants, failed opioid rotation or another route, or intolerable side effects.

"Failed morphine" alone, with no escalation, adjuvant, rotation or side effect stated, does not
show that conservative management was exhausted: unknown.
"""

from __future__ import annotations

from typing import Any, Mapping

from guideline.criteria.unit import MET, NOT_MET, UNKNOWN, Outcome, Unit, fact_evidence, fact_value


def failed_conservative_management(
    facts: Mapping[str, Any], limits: Mapping[str, float]
) -> Outcome:
    response = fact_value(facts, "opioid_response")
    if response == "never_tried":
        return Outcome(
            NOT_MET, "systemic opioids have not been tried", fact_evidence(facts, "opioid_response")
        )
    escalated = fact_value(facts, "opioids_escalated") is True
    adjuvants = bool(fact_value(facts, "adjuvants"))
    reasons = [
        (
            fact_value(facts, "intolerable_side_effects") is True,
            "intolerable_side_effects",
            "intolerable side effects of systemic treatment",
        ),
        (
            fact_value(facts, "opioid_rotation_failed") is True,
            "opioid_rotation_failed",
            "opioid rotation or another route did not help",
        ),
        (
            response == "inadequate" and (escalated or adjuvants),
            "opioid_response",
            "relief stayed inadequate despite escalating systemic opioids or adjuvants",
        ),
    ]
    decided = [(name, why) for applies, name, why in reasons if applies]
    if decided:
        names = [name for name, _ in decided] + ["opioids_escalated", "adjuvants"]
        return Outcome(MET, "; ".join(why for _, why in decided), fact_evidence(facts, *names))
    if response == "controlled":
        return Outcome(
            NOT_MET, "systemic opioids control the pain", fact_evidence(facts, "opioid_response")
        )
    if response == "inadequate":
        return Outcome(
            UNKNOWN,
            "opioids are said to have failed, but not whether they were "
            "escalated with adjuvants, rotated, or limited by side effects",
            fact_evidence(facts, "opioid_response", "opioids"),
        )
    return Outcome(
        UNKNOWN,
        "whether systemic opioids with adjuvants failed is not stated",
        fact_evidence(facts, "opioid_response", "opioids"),
    )


UNIT = Unit(
    id="failed_conservative_management",
    kind="criterion",
    label="Failed conservative management",
    citations=(1, 6),
    ask="Which systemic opioids and adjuvants were tried, were they escalated or rotated, and "
    "with what relief or side effects?",
    judge=failed_conservative_management,
    facts={
        "opioid_response": '"inadequate" (relief inadequate despite systemic opioids) | '
        '"controlled" (pain controlled by them) | "never_tried" | "tried" '
        "(tried, outcome not said)",
        "opioids_escalated": "True when doses were escalated",
        "opioids": "list of systemic opioid names, lower case",
        "adjuvants": "list of adjuvant analgesic names, lower case",
        "opioid_rotation_failed": "True: rotation to another opioid or another route did not help",
        "intolerable_side_effects": "True: dose-limiting or intolerable side effects",
    },
)
