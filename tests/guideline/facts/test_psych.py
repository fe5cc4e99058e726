"""guideline/facts/psych.py: the psychological evaluation."""
import pytest


@pytest.mark.parametrize("text, cleared", [
    ("Psych eval done.", None), ("Psych eval completed.", None), ("Psych done.", None),
    ("Psychological evaluation completed.", None), ("Psych eval ok.", True),
    ("Psychology cleared her.", True), ("Psychological clearance obtained.", True),
    ("Cleared by psychology.", True), ("Seen by pain psychology, no contraindications.", True),
    ("Psych eval completed and cleared.", True), ("Psych eval unremarkable.", True),
    ("Psych eval done but not cleared.", False),
    ("Psych evaluated him and deemed him unsuitable for an implant.", False),
    ("Failed psych evaluation.", False), ("Psychology recommended against the pump.", False),
])
def test_completed(read, text, cleared):
    facts = read(text)
    assert facts["psych_evaluation"] == "completed"
    assert facts.get("psych_cleared") is cleared


@pytest.mark.parametrize("text", [
    "Psych eval pending.", "Psych eval scheduled.", "Psych eval not done.",
    "Psych evaluation not documented.", "Psychology appointment has not happened yet.",
    "No psych eval yet.", "Referred to psychology.", "Awaiting psychological evaluation.",
    "Psychological evaluation is scheduled for next month.", "Psych eval not yet completed.",
    "He has not seen a psychologist.",
])
def test_not_completed(read, text):
    facts = read(text)
    assert facts["psych_evaluation"] == "not_completed" and "psych_cleared" not in facts


def test_a_distant_negation_does_not_undo_a_completed_evaluation(read):
    assert read("No infection and psych eval done.")["psych_evaluation"] == "completed"


def test_a_mention_without_a_status_says_nothing(read):
    assert "psych_evaluation" not in read("History of depression, followed by psychiatry.")


def test_the_later_status_wins(read):
    assert read("Psych eval was pending; now completed and cleared.")["psych_evaluation"] == \
        "completed"
