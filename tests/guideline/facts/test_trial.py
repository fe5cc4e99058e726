"""guideline/facts/trial.py: the screening trial, its type and its relief."""

import pytest


@pytest.mark.parametrize(
    "text, percent",
    [
        ("Intrathecal trial: 80% relief.", 80),
        ("IT trial 70%.", 70),
        ("50% on trial.", 50),
        ("60% relief on intrathecal trial.", 60),
        ("Trial gave 70 percent relief.", 70),
        ("Fifty percent relief with the intrathecal catheter trial.", 50),
        ("Trial reduced her pain by half.", 50),
        ("The trial halved his pain.", 50),
        ("Bolus trial reduced pain by two thirds.", 66),
        ("Epidural catheter trial reduced pain from 8/10 to 3/10.", 62),
        ("Trial: pain 8 -> 3.", 62),
        ("IT trial, VAS 9 to 4.", 55),
        ("IT bolus trial -> 9 to 3.", 66),
        ("IT trial: 8 to 2.", 75),
        ("Intrathecal bolus trial: VAS 80 mm -> 20 mm.", 75),
        ("A 3-day epidural catheter trial took him from NRS 8 to NRS 2.", 75),
        ("He had a test in his spine that took away most of the pain, about 70%.", 70),
        ("She had the spinal test last week and it brought her pain down by more than half.", 50),
        ("Admitted for a 3-day epidural screening test: NRS 8/10 -> 2/10.", 75),
        ("Intrathecal test infusion via temporary catheter: NRS 10 -> 3.", 70),
        ("Pain 8/10 before the trial and 2/10 after it.", 75),
        ("IT trial performed last week. She reported 80% relief.", 80),
        ("Trial done, with 65% pain reduction.", 65),
        ("Trial only 30% relief.", 30),
        ("IT trial gave less than 50% relief.", 49),
        ("Seventy-five percent relief on trial.", 75),
        ("She underwent a successful trial with 75% improvement.", 75),
        ("He reports pain relief of 60% during the trial.", 60),
    ],
)
def test_relief(read, text, percent):
    facts = read(text)
    assert facts["trial_relief_percent"] == percent and facts["trial_done"] is True


def test_the_percentage_nearest_the_trial_is_its_relief(read):
    assert read("IT trial 70%, LE ~8 mo, psych eval done.")["trial_relief_percent"] == 70


def test_a_distant_negation_does_not_undo_a_trial_result(read):
    assert read("No infection and IT trial 60%.")["trial_relief_percent"] == 60


def test_a_later_trial_wins(read):
    assert read("First trial gave 30%. Repeat IT trial gave 60%.")["trial_relief_percent"] == 60


@pytest.mark.parametrize(
    "text",
    [
        "No trial yet.",
        "Trial not done.",
        "She has not had a trial.",
        "No intrathecal trial has been done.",
        "She has not had an intrathecal or epidural drug trial.",
        "Declined a trial.",
    ],
)
def test_trial_not_done(read, text):
    facts = read(text)
    assert facts["trial_done"] is False and facts["trial_pending"] is False
    # and a figure an earlier message gave no longer stands
    assert facts["trial_relief_percent"] is None


@pytest.mark.parametrize(
    "text",
    [
        "Trial scheduled for next week.",
        "IT trial planned.",
        "Awaiting IT trial.",
        "Trial pending.",
        "Referred for an intrathecal trial.",
        "IT trial booked for Tuesday.",
    ],
)
def test_trial_pending(read, text):
    """Contract v2: a pending trial leaves the criterion unknown, not unmet."""
    facts = read(text)
    assert facts["trial_done"] is False and facts["trial_pending"] is True


def test_a_trial_done_after_it_was_scheduled_is_not_pending(read):
    facts = read("IT trial was scheduled for Tuesday. The trial gave 60% relief.")
    assert facts["trial_relief_percent"] == 60 and "trial_pending" not in facts


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Intrathecal catheter trial 60%.", "intrathecal catheter"),
        ("Temporary intrathecal catheter, 70% relief.", "intrathecal catheter"),
        ("IT trial via temporary catheter, 70%.", "intrathecal catheter"),
        ("Epidural catheter trial reduced pain by half.", "epidural catheter"),
        ("Single-shot intrathecal morphine gave 70% relief.", "single-shot bolus"),
        ("Intrathecal bolus trial gave 20% relief.", "single-shot bolus"),
        ("IT trial 70%.", "intrathecal"),
        ("Epidural trial 60%.", "epidural"),
        ("ITDD trial 55%.", "intrathecal"),
    ],
)
def test_trial_type(read, text, kind):
    assert read(text)["trial_type"] == kind


def test_a_bare_trial_has_no_type(read):
    assert "trial_type" not in read("Trial 65% relief.")


@pytest.mark.parametrize(
    "text",
    [
        "Failed a trial of gabapentin.",
        "Trialed pregabalin without benefit.",
        "Enrolled in a clinical trial of a new chemotherapy.",
        "A trial of physical therapy helped.",
        "Gabapentin trial was stopped.",
    ],
)
def test_other_trials_are_not_pump_trials(read, text):
    facts = read(text)
    assert "trial_done" not in facts and "trial_relief_percent" not in facts


def test_a_hypothetical_trial_is_not_read(read):
    assert "trial_relief_percent" not in read("If the trial gives 40%, would she qualify?")


def test_evidence_quotes_the_trial_and_its_number(evidence):
    text = "Metastatic cholangiocarcinoma, IT trial 70%, LE ~8 mo."
    assert evidence(text, "trial_relief_percent") == "IT trial 70%"


@pytest.mark.parametrize(
    "text, percent", [("70%", 70), ("About 60 percent relief.", 60), ("It gave 70% relief.", 70)]
)
def test_a_bare_figure_answers_the_question_about_the_trial(read, text, percent):
    assert read(text)["trial_relief_percent"] == percent


@pytest.mark.parametrize(
    "text", ["O2 sat 95%", "Is 50% enough?", "Pain 8/10.", "Mets in 70% of cases."]
)
def test_other_bare_figures_are_not_trial_relief(read, text):
    assert "trial_relief_percent" not in read(text)


@pytest.mark.parametrize(
    "text, percent",
    [
        ("Single-shot intrathecal bolus gave a 2/3 reduction in pain.", 66),
        ("IT trial reduced pain by 1/2.", 50),
        ("Epidural trial: 3/4 relief.", 75),
    ],
)
def test_relief_as_a_fraction_in_digits(read, text, percent):
    assert read(text)["trial_relief_percent"] == percent


@pytest.mark.parametrize(
    "text, percent", [("Correction: 45%.", 45), ("Update: about 55% relief.", 55)]
)
def test_a_corrected_bare_relief(read, text, percent):
    assert read(text)["trial_relief_percent"] == percent


@pytest.mark.parametrize(
    "text",
    [
        "IT trial gave a good reduction in pain.",
        "IT trial: some decrease in pain, no figure recorded.",
    ],
)
def test_a_reduction_in_pain_is_not_a_failed_trial(read, text):
    facts = read(text)
    assert facts["trial_done"] is True and facts.get("trial_successful") is not False
    assert "trial_relief_percent" not in facts


@pytest.mark.parametrize(
    "text, percent",
    [
        ("Intrathecal morphine bolus gave 70% relief.", 70),
        ("Bolus of intrathecal morphine gave 30% relief.", 30),
        ("IT injection: 8/10 to 2/10.", 75),
    ],
)
def test_an_intrathecal_morphine_bolus_or_injection_is_a_single_shot_trial(read, text, percent):
    facts = read(text)
    assert facts["trial_type"] == "single-shot bolus"
    assert facts["trial_relief_percent"] == percent


@pytest.mark.parametrize(
    "text, percent",
    [
        ("Got the figure wrong - the trial gave 75%, not 35%.", 75),
        ("I misread it: 55% relief rather than 30%.", 55),
        (
            "Misread the note: relief was 60%, the 40% was his residual pain. Is he eligible now?",
            60,
        ),
    ],
)
def test_a_corrected_figure_is_the_one_asserted(read, text, percent):
    assert read(text)["trial_relief_percent"] == percent


@pytest.mark.parametrize(
    "text, percent",
    [
        ("Intraspinal hydromorphone trial took her NRS from 9 to 4.", 55),
        ("Neuraxial morphine trial: pain 8/10 down to 2/10.", 75),
    ],
)
def test_an_intraspinal_or_neuraxial_drug_trial_is_the_pump_trial(read, text, percent):
    facts = read(text)
    assert facts["trial_relief_percent"] == percent and "other_trial" not in facts


def test_a_catheter_trial_described_as_a_peripheral_nerve_infusion_is_another_kind(read):
    facts = read(
        "Catheter trial: 6-day infraclavicular perineural ropivacaine infusion, pain 10 -> 2."
    )
    assert "trial_relief_percent" not in facts
    assert facts["other_trial"].startswith("infraclavicular perineural")


def test_a_test_bolus_is_a_trial(read):
    facts = read("A single intrathecal test bolus of morphine reduced his pain intensity by 50%.")
    assert facts["trial_relief_percent"] == 50 and facts["trial_type"] == "intrathecal"
