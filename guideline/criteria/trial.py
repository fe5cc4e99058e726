"""Successful trial [1, 6]: a neuraxial trial (intrathecal or epidural, catheter or single-shot
bolus) with at least 50% pain reduction. A trial named without its route counts as this trial;
a trial of another kind (ketamine or lidocaine infusion, an oral drug, a stimulator) never does.
No trial done is not met; a trial still pending (scheduled, awaited) is unknown (contract v2).
"""

from __future__ import annotations

from typing import Any, Mapping

from guideline.criteria.unit import MET, NOT_MET, UNKNOWN, Outcome, Unit, fact_evidence, fact_value


def successful_trial(facts: Mapping[str, Any], limits: Mapping[str, float]) -> Outcome:
    relief = fact_value(facts, "trial_relief_percent")
    threshold = limits["trial_relief_min_percent"]
    evidence = fact_evidence(
        facts,
        "trial_relief_percent",
        "trial_successful",
        "trial_type",
        "trial_done",
        "trial_pending",
    )
    if relief is not None:
        if relief >= threshold:
            return Outcome(
                MET, f"{relief:g}% pain reduction reaches the {threshold:g}% threshold", evidence
            )
        return Outcome(
            NOT_MET, f"{relief:g}% pain reduction is below the {threshold:g}% threshold", evidence
        )
    if fact_value(facts, "trial_done") is False:
        if fact_value(facts, "trial_pending"):
            return Outcome(
                UNKNOWN, "the trial is planned but not done yet: its result decides", evidence
            )
        return Outcome(NOT_MET, "no intrathecal or epidural trial has been done", evidence)
    if fact_value(facts, "trial_successful") is False:
        return Outcome(NOT_MET, "the trial failed", evidence)
    other = fact_value(facts, "other_trial")
    if other and fact_value(facts, "trial_successful") is None:
        return Outcome(
            UNKNOWN,
            f"a trial of another kind ({other}) does not count: the trial "
            "must be intrathecal or epidural",
            fact_evidence(facts, "other_trial"),
        )
    if fact_value(facts, "trial_successful") is True:
        return Outcome(
            UNKNOWN,
            f"reported successful, but the percentage of pain reduction "
            f"(at least {threshold:g}%) is not stated",
            evidence,
        )
    return Outcome(UNKNOWN, "the trial result is not stated", evidence)


UNIT = Unit(
    id="successful_trial",
    kind="criterion",
    label="Successful trial (at least 50% pain reduction)",
    citations=(1, 6),
    ask="What pain reduction did an intrathecal or epidural trial (catheter or single-shot "
    "bolus) give, as a percentage or as pain scores before and after?",
    judge=successful_trial,
    facts={
        "trial_done": "True | False (no trial done, or only planned)",
        "trial_pending": "True | False: a trial not done yet is planned (scheduled, awaited, "
        "referred for): the criterion is unknown until its result, not unmet",
        "trial_type": '"intrathecal catheter" | "epidural catheter" | "single-shot bolus" | '
        '"intrathecal" | "epidural"',
        "trial_relief_percent": "int 0-100",
        "trial_successful": "True | False: the trial reported as successful or failed, no "
        "percentage given",
        "other_trial": "what a trial of another kind was (lidocaine infusion, ketamine "
        "infusion, oral drug, stimulator): it never counts",
    },
    groups=(("trial_relief_percent", "trial_successful"),),
)
