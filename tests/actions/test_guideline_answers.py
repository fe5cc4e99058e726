"""The answering actions: topic answers, refusals, and short answers that update the patient."""
import pytest

from actions.guideline_answers import ActionAnswerGuideline, ActionDecline, ActionSmallTalk
from tests.actions.conftest import KNOWN_TRIAL, fact_entity, make_tracker, run_action as run

MARKER = "["



def texts(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_question_is_answered_with_citations_and_buttons(dispatcher):
    events = run(ActionAnswerGuideline(), dispatcher,
                 make_tracker("what trial result is needed?", "ask_guideline"))
    assert events == []
    assert "50%" in texts(dispatcher) and "[1, 6]" in texts(dispatcher)
    assert dispatcher.messages[-1]["buttons"]


@pytest.mark.parametrize("action, intent", [(ActionAnswerGuideline, "ask_guideline"),
                                            (ActionDecline, "out_of_scope")])
def test_unanswerable_question_is_declined_without_citation(dispatcher, action, intent):
    run(action(), dispatcher, make_tracker("how do I treat gout?", intent))
    assert "can't answer" in texts(dispatcher) and MARKER not in texts(dispatcher)


def test_short_answer_during_an_assessment_updates_the_patient(dispatcher):
    known = KNOWN_TRIAL
    tracker = make_tracker("no infection", "out_of_scope",
                           entities=[fact_entity("active_infection", "absent", "no infection")],
                           earlier=[known])
    run(ActionDecline(), dispatcher, tracker)
    [assessment] = [m["custom"]["assessment"] for m in dispatcher.messages if m.get("custom")]
    assert assessment["facts"]["infection_status"] == "absent"
    assert assessment["facts"]["trial_relief_percent"] == 70


def test_facts_without_an_ongoing_patient_do_not_start_one(dispatcher):
    tracker = make_tracker("is infection a contraindication?", "ask_guideline",
                           entities=[fact_entity("active_infection", "present", "infection")])
    assert run(ActionAnswerGuideline(), dispatcher, tracker) == []
    assert "infection" in texts(dispatcher).lower()


def test_empty_message_gets_a_prompt(dispatcher):
    run(ActionDecline(), dispatcher, make_tracker("  ", "nlu_fallback"))
    assert "empty message" in texts(dispatcher)


@pytest.mark.parametrize("intent", ["greet", "thank", "goodbye", "ask_capabilities"])
def test_small_talk_carries_the_disclaimer(dispatcher, intent):
    run(ActionSmallTalk(), dispatcher, make_tracker("hi", intent))
    assert "healthcare professionals" in texts(dispatcher) and MARKER not in texts(dispatcher)


def test_a_guideline_word_taken_for_small_talk_is_answered(dispatcher):
    run(ActionSmallTalk(), dispatcher, make_tracker("granuloma?", "greet"))
    assert "granuloma" in texts(dispatcher).lower() and "[6]" in texts(dispatcher)
