"""The source's eligibility rules: patient facts in, a verdict with its reasons out.

Each prerequisite and absolute contraindication is one function below, named after its id in
shared/CONTRACT.md section 4; each returns its status, the words that decided it and the
citations of the rule. Thresholds, labels and citations come from the knowledge file.
Nothing unknown, suspected or borderline ever reaches `meets_criteria`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Dict, List, Mapping, Tuple

from guideline.knowledge import Knowledge
from guideline.patient import fact_evidence, fact_value

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
PRESENT, ABSENT = "present", "absent"
#: Verdicts in order of precedence: the first that applies wins.
CONTRAINDICATED, CRITERIA_NOT_MET = "contraindicated", "criteria_not_met"
NEEDS_INFORMATION, MEETS_CRITERIA = "needs_information", "meets_criteria"

#: (status, words of the conversation that decided it, reason in the assistant's words)
Outcome = Tuple[str, str, str]


@dataclass(frozen=True)
class Finding:
    """One criterion or contraindication as judged for this patient."""

    id: str
    label: str
    status: str
    evidence: str
    reason: str
    citations: List[int]


@dataclass(frozen=True)
class Assessment:
    verdict: str
    facts: Dict[str, Any]
    criteria: List[Finding]
    contraindications: List[Finding]
    missing: List[str]

    def to_payload(self) -> Dict[str, Any]:
        """The `assessment` object of CONTRACT section 3."""
        return {
            "verdict": self.verdict,
            "facts": self.facts,
            "criteria": [asdict(finding) for finding in self.criteria],
            "contraindications": [asdict(finding) for finding in self.contraindications],
            "missing": self.missing,
        }


# --- the four prerequisites -------------------------------------------------------------------

def failed_conservative_management(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Met by inadequate relief on systemic opioids, failed rotation or other routes, or
    intolerable side effects; not met when opioids were never tried or control the pain."""
    response = fact_value(facts, "opioid_response")
    if response == "never_tried":
        return NOT_MET, fact_evidence(facts, "opioid_response"), "systemic opioids have not been tried"
    reasons = [
        (fact_value(facts, "intolerable_side_effects") is True, "intolerable_side_effects",
         "intolerable side effects of systemic treatment"),
        (fact_value(facts, "opioid_rotation_failed") is True, "opioid_rotation_failed",
         "opioid rotation or another route did not help"),
        (response == "inadequate", "opioid_response",
         "relief stayed inadequate despite systemic opioids"),
    ]
    decided = [(name, why) for applies, name, why in reasons if applies]
    if decided:
        names = [name for name, _ in decided] + ["opioids_escalated", "adjuvants"]
        return MET, fact_evidence(facts, *names), "; ".join(why for _, why in decided)
    if response == "controlled":
        return NOT_MET, fact_evidence(facts, "opioid_response"), "systemic opioids control the pain"
    return UNKNOWN, fact_evidence(facts, "opioid_response", "opioids"), \
        "whether systemic opioids with adjuvants failed is not stated"


def successful_trial(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Met by a trial (catheter or single-shot bolus) with at least the threshold relief."""
    relief = fact_value(facts, "trial_relief_percent")
    threshold = limits["trial_relief_min_percent"]
    evidence = fact_evidence(facts, "trial_relief_percent", "trial_successful", "trial_type",
                             "trial_done")
    if relief is not None:
        if relief >= threshold:
            return MET, evidence, f"{relief:g}% pain reduction reaches the {threshold:g}% threshold"
        return NOT_MET, evidence, f"{relief:g}% pain reduction is below the {threshold:g}% threshold"
    if fact_value(facts, "trial_done") is False:
        return NOT_MET, evidence, "no trial has been done yet"
    if fact_value(facts, "trial_successful") is False:
        return NOT_MET, evidence, "the trial failed"
    if fact_value(facts, "trial_successful") is True:
        return UNKNOWN, evidence, (f"reported successful, but the percentage of pain reduction "
                                   f"(at least {threshold:g}%) is not stated")
    return UNKNOWN, evidence, "the trial result is not stated"


def _life_expectancy_range(facts: Mapping) -> Tuple[float, float, str]:
    """The range of months the statement allows (0 to infinity when not stated), in words.
    'More than 6 months' is (6, inf); 'less than a year' is (0, 12); 'normal' is above any limit."""
    if fact_value(facts, "life_expectancy_normal") is True:
        return float("inf"), float("inf"), "a normal life expectancy"
    months = fact_value(facts, "life_expectancy_months")
    if months is None:
        return 0.0, float("inf"), "life expectancy is not stated"
    relation = fact_value(facts, "life_expectancy_relation") or "about"
    said = f"{months:g} months" if relation == "about" else f"{relation.replace('_', ' ')} {months:g} months"
    low, high = {
        "less_than": (0, months - 1e-9), "at_most": (0, months),
        "more_than": (months + 1e-9, float("inf")), "at_least": (months, float("inf")),
    }.get(relation, (months, months))
    return low, high, said


def life_expectancy(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Met by a life expectancy of more than the limit (6 months); 6 months or less is not."""
    limit = limits["life_expectancy_min_months"]
    low, high, said = _life_expectancy_range(facts)
    evidence = fact_evidence(facts, "life_expectancy_months", "life_expectancy_normal")
    if low > limit:
        return MET, evidence, f"{said}, more than {limit:g} months"
    if high <= limit:
        return NOT_MET, evidence, f"{said}, not more than {limit:g} months"
    return UNKNOWN, evidence, said if not evidence else f"{said} does not settle it"


def psychological_evaluation(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Met only by a completed evaluation that cleared the patient."""
    status = fact_value(facts, "psych_evaluation")
    evidence = fact_evidence(facts, "psych_evaluation", "psych_cleared")
    if status == "completed" and fact_value(facts, "psych_cleared") is False:
        return NOT_MET, evidence, "the evaluation did not clear the patient"
    if status == "completed":
        return MET, evidence, "completed"
    if status == "not_completed":
        return NOT_MET, evidence, "not completed or not documented"
    return UNKNOWN, evidence, "not stated"


# --- the three absolute contraindications -----------------------------------------------------

def active_infection(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Present for a current infection; a past, resolved one is absent; a suspected one is
    unknown until it is confirmed or excluded."""
    status = fact_value(facts, "active_infection")
    evidence = fact_evidence(facts, "active_infection")
    return {
        "present": (PRESENT, evidence, "a current infection"),
        "absent": (ABSENT, evidence, "no current infection"),
        "resolved": (ABSENT, evidence, "a past infection that has resolved"),
        "suspected": (UNKNOWN, evidence, "suspected, not yet confirmed or excluded"),
    }.get(status, (UNKNOWN, evidence, "not stated"))


def coagulopathy(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Present for a coagulopathy or bleeding disorder, an INR or platelet count beyond the
    limits, or anticoagulation not stopped; absent when coagulation is stated to be normal."""
    disorder = fact_value(facts, "coagulopathy")
    inr, platelets = fact_value(facts, "inr"), fact_value(facts, "platelets")
    drug, stopped = fact_value(facts, "anticoagulant"), fact_value(facts, "anticoagulant_stopped")
    on_drug = drug not in (None, "none")
    inr_max, platelets_min = limits["inr_max"], limits["platelets_min_per_ul"]
    present = []  # (fact name, reason) for each finding that makes it present
    if disorder == "present":
        present.append(("coagulopathy", "a coagulopathy or bleeding disorder"))
    if inr is not None and inr > inr_max:
        present.append(("inr", f"INR {inr:g} above {inr_max:g} (a usual procedural limit, "
                               "not the guideline's)"))
    if platelets is not None and platelets < platelets_min:
        present.append(("platelets", f"platelets {platelets:,.0f}/uL below {platelets_min:,.0f}/uL"
                                     " (a usual procedural limit, not the guideline's)"))
    if on_drug and stopped is not True:
        present.append(("anticoagulant", f"anticoagulation ({drug}) not stopped"))
    if present:
        return (PRESENT, fact_evidence(facts, *(name for name, _ in present), "anticoagulant_stopped"),
                "; ".join(why for _, why in present))
    normal = [name for name, applies in (
        ("coagulopathy", disorder == "absent"), ("inr", inr is not None),
        ("platelets", platelets is not None), ("anticoagulant", drug == "none" or stopped is True),
    ) if applies]
    if normal:
        return ABSENT, fact_evidence(facts, *normal, "anticoagulant_stopped"), "coagulation normal"
    return UNKNOWN, "", "not stated"


def short_life_expectancy(facts: Mapping, limits: Mapping[str, float]) -> Outcome:
    """Present for a life expectancy under the limit (6 months); 6 months or more is absent."""
    limit = limits["life_expectancy_min_months"]
    low, high, said = _life_expectancy_range(facts)
    evidence = fact_evidence(facts, "life_expectancy_months", "life_expectancy_normal")
    if high < limit:
        return PRESENT, evidence, f"{said}, less than {limit:g} months"
    if low >= limit:
        return ABSENT, evidence, f"{said}, not less than {limit:g} months"
    return UNKNOWN, evidence, said if not evidence else f"{said} does not settle it"


CRITERIA: Dict[str, Callable[[Mapping, Mapping[str, float]], Outcome]] = {
    "failed_conservative_management": failed_conservative_management,
    "successful_trial": successful_trial,
    "life_expectancy": life_expectancy,
    "psychological_evaluation": psychological_evaluation,
}
CONTRAINDICATIONS: Dict[str, Callable[[Mapping, Mapping[str, float]], Outcome]] = {
    "active_infection": active_infection,
    "coagulopathy": coagulopathy,
    "short_life_expectancy": short_life_expectancy,
}


def decide_verdict(criteria: List[Finding], contraindications: List[Finding]) -> str:
    """CONTRACT precedence: a contraindication present, then a criterion not met, then anything
    unknown; only when every criterion is met and every contraindication absent: meets."""
    if any(f.status == PRESENT for f in contraindications):
        return CONTRAINDICATED
    if any(f.status == NOT_MET for f in criteria):
        return CRITERIA_NOT_MET
    if any(f.status == UNKNOWN for f in (*criteria, *contraindications)):
        return NEEDS_INFORMATION
    return MEETS_CRITERIA


def _payload_facts(facts: Mapping, contraindications: List[Finding]) -> Dict[str, Any]:
    """CONTRACT section 3 `facts`: null for whatever the conversation did not establish."""
    status = {f.id: f.status for f in contraindications}
    as_bool = {PRESENT: True, ABSENT: False}
    names = ("pain_type", "trial_relief_percent", "life_expectancy_months", "psych_evaluation")
    extra = ("trial_type", "trial_done", "trial_successful", "life_expectancy_relation", "life_expectancy_normal",
             "opioid_response", "opioids", "adjuvants", "opioid_rotation_failed",
             "intolerable_side_effects", "psych_cleared", "inr", "platelets", "anticoagulant",
             "anticoagulant_stopped")
    payload = {name: fact_value(facts, name) for name in names}
    payload["active_infection"] = as_bool.get(status["active_infection"])
    payload["coagulopathy"] = as_bool.get(status["coagulopathy"])
    payload["infection_status"] = fact_value(facts, "active_infection")
    payload.update({name: fact_value(facts, name) for name in extra})
    return payload


def _findings(kb_rules, functions, facts, limits) -> List[Finding]:
    findings = []
    for rule_id, judge in functions.items():
        status, evidence, reason = judge(facts, limits)
        rule = kb_rules[rule_id]
        findings.append(Finding(rule_id, rule.label, status, evidence, reason, list(rule.cite)))
    return findings


def assess(kb: Knowledge, facts: Mapping[str, Any]) -> Assessment:
    """Judge every criterion and contraindication on the facts and give the verdict."""
    criteria = _findings(kb.criteria, CRITERIA, facts, kb.thresholds)
    contraindications = _findings(kb.contraindications, CONTRAINDICATIONS, facts, kb.thresholds)
    missing: List[str] = []
    for finding in (*criteria, *contraindications):
        rules = kb.criteria if finding.id in kb.criteria else kb.contraindications
        ask = rules[finding.id].ask
        if finding.status == UNKNOWN and ask not in missing:
            missing.append(ask)
    return Assessment(decide_verdict(criteria, contraindications),
                      _payload_facts(facts, contraindications), criteria, contraindications, missing)
