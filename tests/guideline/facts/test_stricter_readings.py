"""The readings contract version 2 made stricter (issue 9): what favours the patient must be
stated; another kind of trial, an unfavourable evaluation, a plan to hold an anticoagulant."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Psych eval done, concerns about untreated depression.",
        "Psychology saw her: not cleared, active substance use to be addressed first.",
        "Psych eval completed, deferred pending treatment of depression.",
    ],
)
def test_an_unfavourable_evaluation_does_not_clear(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "completed" and facts["psych_cleared"] is False


@pytest.mark.parametrize(
    "text, kind",
    [
        ("A ketamine infusion trial gave 60% relief.", "ketamine infusion"),
        ("IV lidocaine infusion trial gave 50% relief.", "IV lidocaine infusion"),
        ("Spinal cord stimulator trial: 60% relief.", "Spinal cord stimulator"),
    ],
)
def test_another_kind_of_trial_is_not_the_pump_trial(read, text, kind):
    facts = read(text)
    assert facts["other_trial"] == kind and "trial_relief_percent" not in facts


@pytest.mark.parametrize(
    "text", ["IT trial 60%.", "Trial gave 65% relief.", "Intrathecal morphine trial: 70% relief."]
)
def test_a_trial_without_its_route_or_a_neuraxial_one_counts(read, text):
    facts = read(text)
    assert facts["trial_relief_percent"] >= 60 and "other_trial" not in facts


@pytest.mark.parametrize(
    "text",
    [
        "On apixaban for a DVT, to be held 3 days before the implant per hematology.",
        # the plan in the next sentence, or in the words a plan is written in
        "On apixaban for AF; plan to hold 72 h pre-implant.",
        "On apixaban for AF. Plan: hold apixaban 3 days before implant.",
        "On apixaban for AF - haematology happy to hold it for 3 days around the implant.",
    ],
)
def test_a_plan_to_hold_the_anticoagulant(read, text):
    facts = read(text)
    assert facts["anticoagulant"] == "apixaban" and facts["anticoagulant_stopped"] == "planned"


def test_a_drug_switched_from_is_no_longer_taken(read):
    facts = read("Switched from warfarin to apixaban; apixaban to be held for the implant.")
    assert facts["anticoagulant"] == "apixaban" and facts["anticoagulant_stopped"] == "planned"


@pytest.mark.parametrize(
    "text, stopped",
    [
        # a planned change to another drug that is itself to be held: nothing is still taken
        ("On rivaroxaban for PE - plan to switch to enoxaparin and hold 24h pre-op.", "planned"),
        ("On warfarin, bridged with enoxaparin, hold 24 h before the implant.", "planned"),
        # the new drug with no plan of its own is still taken
        ("On rivaroxaban, plan to switch to enoxaparin.", False),
    ],
)
def test_a_change_to_another_anticoagulant(read, text, stopped):
    facts = read(text)
    assert facts["anticoagulant"] == "enoxaparin" and facts["anticoagulant_stopped"] == stopped


def test_an_anticoagulant_not_yet_stopped(read):
    facts = read("On apixaban for a DVT, not yet stopped.")
    assert facts["anticoagulant_stopped"] is False


@pytest.mark.parametrize(
    "text", ["plate\u00adlets 20k", "plate\u200blets 20k", "\ufeffplatelets 20k"]
)
def test_invisible_characters_do_not_split_words(read, text):
    assert read(text)["platelets"] == 20000


@pytest.mark.parametrize(
    "text, name, value",
    [
        ("Update from oncology: now 6-8 weeks.", "life_expectancy_relation", "about"),
        ("Misread the note: relief was 60%.", "trial_relief_percent", 60),
        (
            "Pain was 40% of baseline during the trial, so relief was 60%.",
            "trial_relief_percent",
            60,
        ),
        ("Correction: the trial gave 45%.", "trial_relief_percent", 45),
    ],
)
def test_corrections_in_clinicians_wording(read, text, name, value):
    assert read(text)[name] == value
