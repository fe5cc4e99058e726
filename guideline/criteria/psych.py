"""Psychological evaluation [6]: met only by a completed evaluation with no unfavourable result.
Not done, pending or scheduled is not met; so is one that did not clear the patient (concerns,
treatment first, unsuitable, deferred)."""

from __future__ import annotations

from typing import Any, Mapping

from guideline.criteria.unit import MET, NOT_MET, UNKNOWN, Outcome, Unit, fact_evidence, fact_value


def psychological_evaluation(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    status = fact_value(facts, "psych_evaluation")
    evidence = fact_evidence(facts, "psych_evaluation", "psych_cleared")
    if status == "completed" and fact_value(facts, "psych_cleared") is False:
        return Outcome(
            NOT_MET,
            "the evaluation did not clear the patient (concerns, treatment "
            "first, unsuitable or deferred)",
            evidence,
        )
    if status == "completed":
        return Outcome(MET, "completed, with no unfavourable result stated", evidence)
    if status == "not_completed":
        return Outcome(NOT_MET, "not completed (not done, pending or scheduled)", evidence)
    return Outcome(UNKNOWN, "whether an evaluation was done is not stated", evidence)


UNIT = Unit(
    id="psychological_evaluation",
    kind="criterion",
    label="Psychological evaluation",
    citations=(6,),
    ask="Has a psychological evaluation been completed, and did it clear the patient?",
    judge=psychological_evaluation,
    facts={
        "psych_evaluation": '"completed" | "not_completed"',
        "psych_cleared": "True | False (concerns, not cleared, treatment first, unsuitable)",
    },
    groups=(("psych_evaluation", "psych_cleared"),),
)
