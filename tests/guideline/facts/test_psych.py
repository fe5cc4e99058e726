"""guideline/facts/psych.py: the psychological evaluation."""

import pytest


@pytest.mark.parametrize(
    "text, cleared",
    [
        ("Psych eval done.", None),
        ("Psych eval completed.", None),
        ("Psych done.", None),
        ("Psychological evaluation completed.", None),
        ("Psych eval ok.", True),
        ("Psychology cleared her.", True),
        ("Psychological clearance obtained.", True),
        ("Cleared by psychology.", True),
        ("Seen by pain psychology, no contraindications.", True),
        ("Psych eval completed and cleared.", True),
        ("Psych eval unremarkable.", True),
        ("Psych eval done but not cleared.", False),
        ("Psych evaluated him and deemed him unsuitable for an implant.", False),
        ("Failed psych evaluation.", False),
        ("Psychology recommended against the pump.", False),
        ("Psychologist saw her and recommends treating the anxiety first.", False),
        ("Psychologist is not clearing him and recommends depression treatment first.", False),
        ("Psychometric testing unremarkable.", True),
        ("He saw the psychologist on Tuesday.", None),
        ("Seen by psycho-oncology.", None),
    ],
)
def test_completed(read, text, cleared):
    facts = read(text)
    assert facts["psych_evaluation"] == "completed"
    assert facts.get("psych_cleared") is cleared


@pytest.mark.parametrize(
    "text",
    [
        "Psych eval pending.",
        "Psych eval scheduled.",
        "Psych eval not done.",
        "Psychology has not seen him.",
        "He has not seen a psychologist.",
        "Psych evaluation not documented.",
        "Psychology appointment has not happened yet.",
        "No psych eval yet.",
        "Referred to psychology.",
        "Awaiting psychological evaluation.",
        "Psychological evaluation is scheduled for next month.",
        "Psych eval not yet completed.",
        "He has not seen a psychologist.",
    ],
)
def test_not_completed(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "not_completed" and "psych_cleared" not in facts


def test_a_distant_negation_does_not_undo_a_completed_evaluation(read):
    assert read("No infection and psych eval done.")["psych_evaluation"] == "completed"


def test_a_mention_without_a_status_says_nothing(read):
    assert "psych_evaluation" not in read("History of depression, followed by psychiatry.")


def test_the_later_status_wins(read):
    assert (
        read("Psych eval was pending; now completed and cleared.")["psych_evaluation"]
        == "completed"
    )


@pytest.mark.parametrize(
    "text",
    [
        "She declined the psychological evaluation.",
        "Refused psych eval.",
        "Psych declined.",
        "Psych evaluation refused by the patient.",
        "Psych evaluation not yet documented.",
        "Psych eval not done yet.",
        "Psychology has not yet seen her.",
    ],
)
def test_declined_or_not_yet_done(read, text):
    assert read(text)["psych_evaluation"] == "not_completed"


def test_declining_something_else_leaves_a_completed_evaluation(read):
    facts = read("Psych eval done; declined the implant for now.")
    assert facts["psych_evaluation"] == "completed"


@pytest.mark.parametrize(
    "text",
    [
        "Psych: poor candidate given active substance use.",
        "Deemed a poor candidate by psychology.",
        "Psych did not clear her, concerns about substance use.",
    ],
)
def test_not_cleared(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "completed" and facts["psych_cleared"] is False


def test_a_report_still_pending(read):
    assert read("Has seen psychologist, report pending.")["psych_evaluation"] == "not_completed"


@pytest.mark.parametrize("text", ["No psych concerns.", "No psychological concerns noted."])
def test_no_concerns_documents_no_evaluation(read, text):
    assert "psych_evaluation" not in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "Psychological evaluation was completed, but he was deemed not a suitable candidate.",
        "Psych eval completed, but she was judged unsuitable.",
        "Psych eval done: not an appropriate candidate for a pump.",
        "Psychology assessment completed; not psychologically suitable.",
    ],
)
def test_an_evaluation_that_found_the_patient_unsuitable(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "completed" and facts["psych_cleared"] is False


@pytest.mark.parametrize(
    "text",
    [
        "Psychiatry evaluation: no barriers to implant.",
        "Psych eval done, no psychological barriers.",
        "Neuropsychological evaluation completed, cleared.",
    ],
)
def test_an_evaluation_that_found_no_barriers_cleared_the_patient(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "completed" and facts["psych_cleared"] is True


def test_neuropsychological_testing_is_a_psychological_evaluation(read):
    assert read("Neuropsych testing pending.")["psych_evaluation"] == "not_completed"


@pytest.mark.parametrize(
    "text",
    [
        "Psych eval not yet done, no barriers to implant.",
        "Psych eval pending, no contraindications.",
        "Psych eval scheduled; no barriers.",
    ],
)
def test_an_absence_of_findings_beside_an_evaluation_not_done_does_not_clear(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "not_completed" and "psych_cleared" not in facts


def test_an_evaluation_pending_then_completed_and_cleared(read):
    facts = read("Psych eval pending, now completed and cleared.")
    assert facts["psych_evaluation"] == "completed" and facts["psych_cleared"] is True


def test_a_programme_recommended_before_any_implant_is_not_a_clearance(read):
    facts = read(
        "Psychological assessment completed: marked catastrophising; the psychologist "
        "recommends a CBT pain programme before any implant."
    )
    assert facts["psych_evaluation"] == "completed" and facts["psych_cleared"] is False


def test_a_pending_test_in_the_next_sentence_is_not_the_evaluation(read):
    facts = read("Psych cleared, no infection. Coags pending.")
    assert (facts["psych_evaluation"], facts["psych_cleared"]) == ("completed", True)


def test_a_re_evaluation_is_an_evaluation(read):
    facts = read("Psychological re-evaluation completed, cleared.")
    assert (facts["psych_evaluation"], facts["psych_cleared"]) == ("completed", True)
