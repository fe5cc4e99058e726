"""The rules of CONTRACT section 4, row by row, and the verdict precedence."""
import itertools

import pytest

from guideline.eligibility import assess, decide_verdict, Finding
from guideline.knowledge import default_knowledge


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def facts(**values):
    return {name: {"value": value, "evidence": f"<{name}>"} for name, value in values.items()}


#: A patient who meets every criterion, to vary one fact at a time.
ELIGIBLE = dict(pain_type="cancer", opioid_response="inadequate", opioids_escalated=True,
                trial_relief_percent=70, trial_type="intrathecal catheter",
                life_expectancy_months=12, psych_evaluation="completed",
                active_infection="absent", coagulopathy="absent")


def status(kb, rule_id, **values):
    assessment = assess(kb, facts(**values))
    found = {f.id: f for f in (*assessment.criteria, *assessment.contraindications)}
    return found[rule_id].status


@pytest.mark.parametrize("values, expected", [
    (dict(opioid_response="inadequate", opioids_escalated=True, adjuvants=["pregabalin"]), "met"),
    (dict(opioid_rotation_failed=True), "met"),
    (dict(intolerable_side_effects=True), "met"),
    (dict(opioid_response="controlled", intolerable_side_effects=True), "met"),
    (dict(opioid_response="never_tried"), "not_met"),
    (dict(opioid_response="never_tried", intolerable_side_effects=True), "not_met"),
    (dict(opioid_response="controlled"), "not_met"),
    (dict(opioid_response="tried"), "unknown"),
    (dict(), "unknown"),
])
def test_failed_conservative_management(kb, values, expected):
    assert status(kb, "failed_conservative_management", **values) == expected


@pytest.mark.parametrize("values, expected", [
    (dict(trial_relief_percent=50), "met"),
    (dict(trial_relief_percent=80, trial_type="single-shot bolus"), "met"),
    (dict(trial_relief_percent=49), "not_met"),
    (dict(trial_relief_percent=20, trial_done=True), "not_met"),
    (dict(trial_done=False), "not_met"),
    (dict(trial_done=True), "unknown"),
    (dict(trial_done=True, trial_successful=False), "not_met"),
    (dict(trial_done=True, trial_successful=True), "unknown"),
    (dict(trial_relief_percent=60, trial_successful=False), "met"),
    (dict(trial_type="epidural catheter"), "unknown"),
    (dict(), "unknown"),
])
def test_successful_trial(kb, values, expected):
    assert status(kb, "successful_trial", **values) == expected


@pytest.mark.parametrize("values, criterion, contraindication", [
    (dict(life_expectancy_months=12), "met", "absent"),
    (dict(life_expectancy_months=7), "met", "absent"),
    (dict(life_expectancy_months=6), "not_met", "absent"),
    (dict(life_expectancy_months=5), "not_met", "present"),
    (dict(life_expectancy_months=0.1), "not_met", "present"),
    (dict(life_expectancy_normal=True), "met", "absent"),
    (dict(life_expectancy_months=12, life_expectancy_relation="more_than"), "met", "absent"),
    (dict(life_expectancy_months=6, life_expectancy_relation="more_than"), "met", "absent"),
    (dict(life_expectancy_months=6, life_expectancy_relation="less_than"), "not_met", "present"),
    (dict(life_expectancy_months=6, life_expectancy_relation="at_least"), "unknown", "absent"),
    (dict(life_expectancy_months=6, life_expectancy_relation="at_most"), "not_met", "unknown"),
    (dict(life_expectancy_months=12, life_expectancy_relation="less_than"), "unknown", "unknown"),
    (dict(), "unknown", "unknown"),
])
def test_life_expectancy_and_short_life_expectancy(kb, values, criterion, contraindication):
    assert status(kb, "life_expectancy", **values) == criterion
    assert status(kb, "short_life_expectancy", **values) == contraindication


@pytest.mark.parametrize("values, expected", [
    (dict(psych_evaluation="completed"), "met"),
    (dict(psych_evaluation="completed", psych_cleared=True), "met"),
    (dict(psych_evaluation="completed", psych_cleared=False), "not_met"),
    (dict(psych_evaluation="not_completed"), "not_met"),
    (dict(), "unknown"),
])
def test_psychological_evaluation(kb, values, expected):
    assert status(kb, "psychological_evaluation", **values) == expected


@pytest.mark.parametrize("value, expected", [
    ("present", "present"), ("absent", "absent"), ("resolved", "absent"),
    ("suspected", "unknown"), (None, "unknown"),
])
def test_active_infection(kb, value, expected):
    values = {} if value is None else {"active_infection": value}
    assert status(kb, "active_infection", **values) == expected


@pytest.mark.parametrize("values, expected", [
    (dict(coagulopathy="present"), "present"),
    (dict(inr=1.6), "present"),
    (dict(inr=1.5), "absent"),
    (dict(platelets=49000), "present"),
    (dict(platelets=50000), "absent"),
    (dict(anticoagulant="apixaban"), "present"),
    (dict(anticoagulant="apixaban", anticoagulant_stopped=False), "present"),
    (dict(anticoagulant="warfarin", anticoagulant_stopped=True, inr=1.1), "absent"),
    (dict(anticoagulant="none"), "absent"),
    (dict(coagulopathy="absent"), "absent"),
    (dict(coagulopathy="absent", platelets=22000), "present"),
    (dict(), "unknown"),
])
def test_coagulopathy(kb, values, expected):
    assert status(kb, "coagulopathy", **values) == expected


def test_eligible_patient_meets_criteria_with_evidence_and_citations(kb):
    assessment = assess(kb, facts(**ELIGIBLE))
    assert assessment.verdict == "meets_criteria"
    assert assessment.missing == []
    trial = next(f for f in assessment.criteria if f.id == "successful_trial")
    assert trial.evidence == "<trial_relief_percent>; <trial_type>"
    assert trial.citations == [1, 6]
    payload = assessment.to_payload()
    assert payload["facts"]["trial_relief_percent"] == 70
    assert payload["facts"]["active_infection"] is False
    assert [c["id"] for c in payload["criteria"]] == [
        "failed_conservative_management", "successful_trial", "life_expectancy",
        "psychological_evaluation"]
    assert [c["id"] for c in payload["contraindications"]] == [
        "active_infection", "coagulopathy", "short_life_expectancy"]


def test_nothing_known_needs_information_and_asks_for_everything(kb):
    assessment = assess(kb, {})
    assert assessment.verdict == "needs_information"
    assert len(assessment.missing) == 6  # life expectancy asked once for two rules
    assert all(v is None for v in assessment.to_payload()["facts"].values())


@pytest.mark.parametrize("name", sorted(ELIGIBLE))
def test_dropping_any_deciding_fact_never_meets_criteria(kb, name):
    values = {k: v for k, v in ELIGIBLE.items() if k != name}
    verdict = assess(kb, facts(**values)).verdict
    assert verdict == ("meets_criteria" if name in ("pain_type", "opioids_escalated", "trial_type")
                       else "needs_information")


@pytest.mark.parametrize("change", [
    dict(active_infection="suspected"), dict(life_expectancy_months=6,
                                             life_expectancy_relation="at_least"),
    dict(opioid_response="tried"), dict(trial_done=True, trial_relief_percent=None),
])
def test_suspected_or_borderline_never_meets_criteria(kb, change):
    values = {**ELIGIBLE, **change}
    assert assess(kb, facts(**{k: v for k, v in values.items() if v is not None})).verdict \
        == "needs_information"


def finding(status):
    return Finding("x", "x", status, "", "", [])


@pytest.mark.parametrize("criteria, contra, expected", [
    (["met"] * 4, ["absent"] * 3, "meets_criteria"),
    (["met", "unknown", "met", "met"], ["absent"] * 3, "needs_information"),
    (["met"] * 4, ["absent", "unknown", "absent"], "needs_information"),
    (["not_met", "unknown", "met", "met"], ["absent", "unknown", "absent"], "criteria_not_met"),
    (["not_met", "unknown", "met", "met"], ["present", "unknown", "absent"], "contraindicated"),
    (["met"] * 4, ["absent", "absent", "present"], "contraindicated"),
])
def test_verdict_precedence(criteria, contra, expected):
    assert decide_verdict([finding(s) for s in criteria], [finding(s) for s in contra]) == expected


def test_no_combination_with_an_unknown_meets_criteria():
    statuses = list(itertools.product(["met", "unknown"], repeat=4))
    for crit in statuses:
        for contra in itertools.product(["absent", "unknown"], repeat=3):
            verdict = decide_verdict([finding(s) for s in crit], [finding(s) for s in contra])
            assert (verdict == "meets_criteria") == ("unknown" not in crit + contra)
