"""Indication [1]: severe, refractory chronic pain, cancer-related or not.

Chronic: months or longer, or a chronic condition (cancer pain, arachnoiditis, failed back
surgery, MS, osteoporotic fractures, CRPS). Severe: a stated severe score, "refractory",
"uncontrolled", or inadequate relief despite stated treatment (including escalation ended by
intolerable side effects or a failed rotation). Acute or post-operative pain,
mild or well-controlled pain, or a correctable cause whose corrective treatment is still
pending is not the indication; the last is the source's pitfall, which it states uncited.
"""

from __future__ import annotations

from typing import Any, Mapping

from guideline.criteria.unit import MET, NOT_MET, UNKNOWN, Outcome, Unit, fact_evidence, fact_value


def indication(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    if fact_value(facts, "correctable_cause_pending") is True:
        return Outcome(
            NOT_MET,
            "a correctable cause whose corrective treatment is still pending "
            "(the source's pitfall, which it states without a citation)",
            fact_evidence(facts, "correctable_cause_pending"),
            cited=False,
        )
    if fact_value(facts, "pain_chronic") is False:
        return Outcome(
            NOT_MET,
            "acute or short-term pain, not chronic pain",
            fact_evidence(facts, "pain_chronic"),
        )
    controlled = fact_value(facts, "opioid_response") == "controlled"
    if fact_value(facts, "pain_severity") == "mild" or controlled:
        return Outcome(
            NOT_MET,
            "mild or well-controlled pain, not severe refractory pain",
            fact_evidence(facts, "pain_severity", "opioid_response"),
        )
    chronic = (
        fact_value(facts, "pain_chronic") is True or fact_value(facts, "pain_type") == "cancer"
    )
    # refractory: inadequate relief, or escalation ended by intolerable side effects or a
    # failed rotation (the source's indication names both [1])
    severe = (
        fact_value(facts, "pain_severity") == "severe"
        or fact_value(facts, "opioid_response") == "inadequate"
        or fact_value(facts, "intolerable_side_effects") is True
        or fact_value(facts, "opioid_rotation_failed") is True
    )
    evidence = fact_evidence(
        facts,
        "pain_chronic",
        "pain_type",
        "pain_severity",
        "opioid_response",
        "intolerable_side_effects",
        "opioid_rotation_failed",
    )
    if chronic and severe:
        return Outcome(MET, "severe or refractory chronic pain", evidence)
    missing = [
        what
        for what, known in (
            ("that the pain is chronic", chronic),
            ("that it is severe or refractory", severe),
        )
        if not known
    ]
    return Outcome(UNKNOWN, " and ".join(missing) + " is not stated", evidence)


UNIT = Unit(
    id="indication",
    kind="criterion",
    label="Severe, refractory chronic pain (the indication)",
    citations=(1,),
    ask="How long has the pain lasted, how severe is it despite treatment (a pain score, "
    "refractory or uncontrolled), and is a correctable cause still awaiting treatment?",
    judge=indication,
    facts={
        "pain_type": '"cancer" | "non_cancer"',
        "pain_chronic": "True: months or longer, or a chronic condition | False: acute, "
        "post-operative or an acute injury",
        "pain_severity": '"severe" (a severe score, refractory, uncontrolled) | "mild" (mild, '
        "well controlled)",
        "correctable_cause_pending": "True: a correctable cause whose treatment is pending",
    },
)
