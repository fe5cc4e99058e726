"""The rules of CONTRACT section 4 (version 2), row by row, and the verdict precedence.
What favours the patient must be stated: silence, a single reassuring detail, a suspicion or a
borderline value never does."""

import itertools

import pytest

from guideline.eligibility import Finding, assess, decide_verdict
from guideline.knowledge import default_knowledge


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def facts(**values):
    return {name: {"value": value, "evidence": f"<{name}>"} for name, value in values.items()}


#: A patient who meets every criterion, to vary one fact at a time.
ELIGIBLE = dict(
    pain_type="cancer",
    pain_severity="severe",
    opioid_response="inadequate",
    opioids_escalated=True,
    trial_relief_percent=70,
    trial_type="intrathecal catheter",
    life_expectancy_months=12,
    psych_evaluation="completed",
    active_infection="absent",
    coagulopathy="absent",
)


def row(kb, rule_id, **values):
    assessment = assess(kb, facts(**values))
    return {f.id: f for f in (*assessment.criteria, *assessment.contraindications)}[rule_id]


def status(kb, rule_id, **values):
    return row(kb, rule_id, **values).status


@pytest.mark.parametrize(
    "values, expected",
    [
        # chronic (a duration or a chronic condition) and severe (score, refractory, poor relief)
        (dict(pain_chronic=True, pain_severity="severe"), "met"),
        (dict(pain_type="cancer", pain_severity="severe"), "met"),
        (dict(pain_type="cancer", opioid_response="inadequate"), "met"),
        (dict(pain_chronic=True, opioid_response="inadequate"), "met"),
        # acute or post-operative, mild or controlled, a correctable cause pending
        (dict(pain_chronic=False, pain_severity="severe", opioid_response="inadequate"), "not_met"),
        (dict(pain_chronic=True, pain_severity="mild"), "not_met"),
        (dict(pain_chronic=True, opioid_response="controlled"), "not_met"),
        (
            dict(pain_type="cancer", pain_severity="severe", correctable_cause_pending=True),
            "not_met",
        ),
        # never on silence: chronic without severity, severity without chronicity, nothing at all
        (dict(pain_chronic=True), "unknown"),
        (dict(pain_type="non_cancer"), "unknown"),
        (dict(pain_severity="severe"), "unknown"),
        (dict(opioid_response="inadequate", opioids_escalated=True), "unknown"),
        (dict(), "unknown"),
    ],
)
def test_indication(kb, values, expected):
    assert status(kb, "indication", **values) == expected


def test_the_correctable_cause_pitfall_is_uncited_and_says_so(kb):
    found = row(
        kb, "indication", pain_type="cancer", pain_severity="severe", correctable_cause_pending=True
    )
    assert found.citations == [] and "without a citation" in found.reason
    assert row(kb, "indication", pain_chronic=False).citations == [1]


@pytest.mark.parametrize(
    "values, expected",
    [
        (
            dict(opioid_response="inadequate", opioids_escalated=True, adjuvants=["pregabalin"]),
            "met",
        ),
        (dict(opioid_response="inadequate", opioids_escalated=True), "met"),
        (dict(opioid_response="inadequate", adjuvants=["gabapentin"]), "met"),
        (dict(opioid_rotation_failed=True), "met"),
        (dict(intolerable_side_effects=True), "met"),
        (dict(opioid_response="controlled", intolerable_side_effects=True), "met"),
        (dict(opioid_response="never_tried"), "not_met"),
        (dict(opioid_response="never_tried", intolerable_side_effects=True), "not_met"),
        (dict(opioid_response="controlled"), "not_met"),
        # "failed morphine" alone: no escalation, adjuvant, rotation or side effect
        (dict(opioid_response="inadequate", opioids=["morphine"]), "unknown"),
        (dict(opioid_response="tried"), "unknown"),
        (dict(opioids_escalated=True), "unknown"),
        (dict(), "unknown"),
    ],
)
def test_failed_conservative_management(kb, values, expected):
    assert status(kb, "failed_conservative_management", **values) == expected


@pytest.mark.parametrize(
    "values, expected",
    [
        (dict(trial_relief_percent=50), "met"),
        (dict(trial_relief_percent=80, trial_type="single-shot bolus"), "met"),
        (dict(trial_relief_percent=65, trial_type="epidural catheter"), "met"),
        (dict(trial_relief_percent=49), "not_met"),
        (dict(trial_relief_percent=20, trial_done=True), "not_met"),
        (dict(trial_done=False), "not_met"),
        (dict(trial_done=False, other_trial="lidocaine infusion"), "not_met"),
        (dict(trial_done=True, trial_successful=False), "not_met"),
        (dict(trial_relief_percent=60, trial_successful=False), "met"),
        # pending, a success without a figure, a trial of another kind: never counts
        (dict(trial_done=False, trial_pending=True), "unknown"),
        (dict(trial_done=False, trial_pending=False), "not_met"),
        (dict(trial_done=True, trial_pending=True), "unknown"),
        (dict(trial_done=True), "unknown"),
        (dict(trial_done=True, trial_successful=True), "unknown"),
        (dict(other_trial="ketamine infusion"), "unknown"),
        (dict(other_trial="spinal cord stimulator"), "unknown"),
        (dict(trial_type="epidural catheter"), "unknown"),
        (dict(), "unknown"),
    ],
)
def test_successful_trial(kb, values, expected):
    assert status(kb, "successful_trial", **values) == expected


def test_another_kind_of_trial_says_why_it_does_not_count(kb):
    found = row(kb, "successful_trial", other_trial="oral ketamine")
    assert "oral ketamine" in found.reason and "intrathecal or epidural" in found.reason


@pytest.mark.parametrize(
    "values, criterion, contraindication",
    [
        (dict(life_expectancy_months=12), "met", "absent"),
        (dict(life_expectancy_months=7), "met", "absent"),
        (dict(life_expectancy_months=6), "not_met", "absent"),
        (dict(life_expectancy_months=5), "not_met", "present"),
        (dict(life_expectancy_months=0.1), "not_met", "present"),
        (dict(life_expectancy_normal=True), "met", "absent"),
        (dict(life_expectancy_months=12, life_expectancy_relation="more_than"), "met", "absent"),
        (dict(life_expectancy_months=6, life_expectancy_relation="more_than"), "met", "absent"),
        (
            dict(life_expectancy_months=6, life_expectancy_relation="less_than"),
            "not_met",
            "present",
        ),
        # a range that spans 6 months, or hospice / terminal with no time (no months): unknown
        (dict(life_expectancy_months=6, life_expectancy_relation="at_least"), "unknown", "absent"),
        (dict(life_expectancy_months=6, life_expectancy_relation="at_most"), "not_met", "unknown"),
        (
            dict(life_expectancy_months=12, life_expectancy_relation="less_than"),
            "unknown",
            "unknown",
        ),
        (dict(), "unknown", "unknown"),
    ],
)
def test_life_expectancy_and_short_life_expectancy(kb, values, criterion, contraindication):
    assert status(kb, "life_expectancy", **values) == criterion
    assert status(kb, "short_life_expectancy", **values) == contraindication


@pytest.mark.parametrize(
    "values, expected",
    [
        (dict(psych_evaluation="completed"), "met"),
        (dict(psych_evaluation="completed", psych_cleared=True), "met"),
        # completed with an unfavourable result (concerns, not cleared, treatment first)
        (dict(psych_evaluation="completed", psych_cleared=False), "not_met"),
        (dict(psych_evaluation="not_completed"), "not_met"),
        (dict(psych_cleared=True), "unknown"),
        (dict(), "unknown"),
    ],
)
def test_psychological_evaluation(kb, values, expected):
    assert status(kb, "psychological_evaluation", **values) == expected


@pytest.mark.parametrize(
    "values, expected",
    [
        (dict(active_infection="present"), "present"),
        (dict(active_infection="present", infection_signs="absent"), "present"),
        (dict(active_infection="absent"), "absent"),
        (dict(active_infection="resolved"), "absent"),
        (dict(active_infection="absent", infection_signs="absent"), "absent"),
        # suspected, pending, or "afebrile" alone
        (dict(active_infection="suspected"), "unknown"),
        (dict(infection_signs="absent"), "unknown"),
        (dict(infection_signs="present"), "unknown"),
        (dict(), "unknown"),
    ],
)
def test_active_infection(kb, values, expected):
    assert status(kb, "active_infection", **values) == expected


@pytest.mark.parametrize(
    "values, expected",
    [
        (dict(coagulopathy="present"), "present"),
        (dict(inr=1.6), "present"),
        (dict(platelets=49000), "present"),
        (dict(coagulopathy="absent", platelets=22000), "present"),
        (dict(coagulopathy="absent"), "absent"),
        (dict(inr=1.5, platelets=50000), "absent"),
        (
            dict(anticoagulant="warfarin", anticoagulant_stopped=True, inr=1.1, platelets=200000),
            "absent",
        ),
        (dict(anticoagulant="none", coagulopathy="absent"), "absent"),
        (
            dict(anticoagulant="apixaban", anticoagulant_stopped="planned", coagulopathy="absent"),
            "absent",
        ),
        # a single value alone, or a current anticoagulant with no plan to hold it
        (dict(inr=1.1), "unknown"),
        (dict(platelets=190000), "unknown"),
        (dict(anticoagulant="apixaban"), "unknown"),
        (
            dict(anticoagulant="apixaban", anticoagulant_stopped=False, coagulopathy="absent"),
            "unknown",
        ),
        (dict(anticoagulant="clopidogrel", inr=1.0, platelets=250000), "unknown"),
        (dict(anticoagulant="none"), "unknown"),
        (dict(), "unknown"),
    ],
)
def test_coagulopathy(kb, values, expected):
    assert status(kb, "coagulopathy", **values) == expected


@pytest.mark.parametrize(
    "values, cited",
    [
        (dict(inr=1.8), False),
        (dict(platelets=20000), False),
        (dict(inr=1.0, platelets=200000), False),
        (dict(anticoagulant="apixaban"), False),
        (dict(coagulopathy="present"), True),
    ],
)
def test_the_projects_own_readings_say_so_and_carry_no_citation(kb, values, cited):
    found = row(kb, "coagulopathy", **values)
    assert bool(found.citations) is cited
    assert ("not from the guideline" in found.reason) is not cited


def test_anticoagulants_say_the_guideline_is_silent(kb):
    found = row(kb, "coagulopathy", anticoagulant="apixaban")
    assert "guideline says nothing on anticoagulants" in found.reason


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
        "indication",
        "failed_conservative_management",
        "successful_trial",
        "life_expectancy",
        "psychological_evaluation",
    ]
    assert [c["id"] for c in payload["contraindications"]] == [
        "active_infection",
        "coagulopathy",
        "short_life_expectancy",
    ]
    assert all(c["reason"] for c in payload["criteria"] + payload["contraindications"])


def test_nothing_known_needs_information_and_asks_for_everything(kb):
    assessment = assess(kb, {})
    assert assessment.verdict == "needs_information"
    assert len(assessment.missing) == 7  # life expectancy asked once for two rules
    assert all(question.endswith("?") for question in assessment.missing)
    assert all(v is None for v in assessment.to_payload()["facts"].values())


#: Facts whose absence still leaves the patient meeting every rule: the severity is stated by
#: the inadequate relief, and a trial named without its route counts.
NOT_DECIDING = ("pain_severity", "trial_type")


@pytest.mark.parametrize("name", sorted(ELIGIBLE))
def test_dropping_any_deciding_fact_never_meets_criteria(kb, name):
    values = {k: v for k, v in ELIGIBLE.items() if k != name}
    verdict = assess(kb, facts(**values)).verdict
    assert verdict == ("meets_criteria" if name in NOT_DECIDING else "needs_information")


@pytest.mark.parametrize(
    "change",
    [
        dict(active_infection="suspected"),
        dict(active_infection=None, infection_signs="absent"),
        dict(life_expectancy_months=6, life_expectancy_relation="at_least"),
        dict(opioid_response="tried"),
        dict(opioids_escalated=None),
        dict(trial_done=True, trial_relief_percent=None),
        dict(trial_relief_percent=None, other_trial="ketamine infusion"),
        dict(coagulopathy=None, inr=1.1),
        dict(coagulopathy=None, platelets=190000),
        dict(anticoagulant="apixaban"),
        dict(pain_severity=None, pain_type="non_cancer"),
    ],
)
def test_suspected_or_borderline_never_meets_criteria(kb, change):
    values = {**ELIGIBLE, **change}
    assert (
        assess(kb, facts(**{k: v for k, v in values.items() if v is not None})).verdict
        == "needs_information"
    )


@pytest.mark.parametrize(
    "change, verdict",
    [
        (dict(psych_cleared=False), "criteria_not_met"),
        (dict(pain_chronic=False), "criteria_not_met"),
        (dict(correctable_cause_pending=True), "criteria_not_met"),
        (
            dict(trial_relief_percent=None, trial_done=False, other_trial="lidocaine infusion"),
            "criteria_not_met",
        ),
        (dict(platelets=20000), "contraindicated"),
        (dict(life_expectancy_months=2, life_expectancy_relation="at_most"), "contraindicated"),
    ],
)
def test_what_disfavours_is_taken(kb, change, verdict):
    assert assess(kb, facts(**{**ELIGIBLE, **change})).verdict == verdict


def finding(status):
    return Finding("x", "x", status, "", "", [])


@pytest.mark.parametrize(
    "criteria, contra, expected",
    [
        (["met"] * 5, ["absent"] * 3, "meets_criteria"),
        (["met", "unknown", "met", "met", "met"], ["absent"] * 3, "needs_information"),
        (["met"] * 5, ["absent", "unknown", "absent"], "needs_information"),
        (
            ["not_met", "unknown", "met", "met", "met"],
            ["absent", "unknown", "absent"],
            "criteria_not_met",
        ),
        (
            ["not_met", "unknown", "met", "met", "met"],
            ["present", "unknown", "absent"],
            "contraindicated",
        ),
        (["met"] * 5, ["absent", "absent", "present"], "contraindicated"),
    ],
)
def test_verdict_precedence(criteria, contra, expected):
    assert decide_verdict([finding(s) for s in criteria], [finding(s) for s in contra]) == expected


def test_no_combination_with_an_unknown_meets_criteria():
    for crit in itertools.product(["met", "unknown"], repeat=5):
        for contra in itertools.product(["absent", "unknown"], repeat=3):
            verdict = decide_verdict([finding(s) for s in crit], [finding(s) for s in contra])
            assert (verdict == "meets_criteria") == ("unknown" not in crit + contra)


@pytest.mark.parametrize(
    "values, reported",
    [
        (dict(life_expectancy_months=4, life_expectancy_relation="at_least"), None),  # 4-9 mo
        (dict(life_expectancy_months=12, life_expectancy_relation="about"), 12),
        (dict(life_expectancy_months=3, life_expectancy_relation="about"), 3),
    ],
)
def test_a_life_span_that_settles_nothing_is_reported_as_null(kb, values, reported):
    """CONTRACT section 3: a value the conversation did not establish is null."""
    assert assess(kb, facts(**values)).facts["life_expectancy_months"] == reported
