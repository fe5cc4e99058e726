"""action_respond: the turn guideline/turn.py decides, done with the right events and reply."""

import pytest

from actions.guideline_answers import ActionRespond, reading_of
from tests.actions.conftest import KNOWN_TRIAL, fact_entity, make_tracker, run_action

MARKER = "["


def respond(
    dispatcher,
    text,
    intent,
    confidence=0.9,
    ranking=None,
    entities=(),
    earlier=(),
    describes_patient=False,
):
    tracker = make_tracker(text, intent, entities=entities, earlier=earlier)
    tracker.latest_message["intent"]["confidence"] = confidence
    tracker.latest_message["intent_ranking"] = [
        {"name": name, "confidence": c} for name, c in (ranking or [(intent, confidence)])
    ]
    tracker.latest_message["describes_patient"] = describes_patient
    return run_action(ActionRespond(), dispatcher, tracker)


def texts(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_a_topic_intent_is_answered_with_citations_and_buttons(dispatcher):
    events = respond(dispatcher, "what trial result is needed?", "faq_prerequisite_trial")
    assert events == []
    assert "50%" in texts(dispatcher) and "[1, 6]" in texts(dispatcher)
    assert all(b["payload"].startswith("/faq_") for b in dispatcher.messages[-1]["buttons"])


def test_an_unsure_question_on_the_pump_gets_did_you_mean_buttons(dispatcher):
    respond(
        dispatcher,
        "pump numbers?",
        "faq_outcomes_success",
        0.2,
        [("faq_outcomes_success", 0.2), ("faq_mechanism", 0.15), ("out_of_scope", 0.1)],
    )
    [message] = dispatcher.messages
    assert "Did you mean" in message["text"] and MARKER not in message["text"]
    assert 2 <= len(message["buttons"]) <= 3
    assert "/faq_outcomes_success" in [b["payload"] for b in message["buttons"]]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("how do I treat gout?", "out_of_scope"),
        ("what dose of baclofen in the pump", "faq_mechanism"),
    ],
)
def test_unanswerable_question_is_declined_without_citation(dispatcher, text, intent):
    respond(dispatcher, text, intent)
    assert "can't answer" in texts(dispatcher) and MARKER not in texts(dispatcher)


def assessment_facts(dispatcher):
    [assessment] = [
        m["custom"]["assessment"]
        for m in dispatcher.messages
        if "assessment" in (m.get("custom") or {})
    ]
    return assessment["facts"]


def test_short_answer_during_an_assessment_updates_the_patient(dispatcher):
    events = respond(
        dispatcher,
        "no infection",
        "out_of_scope",
        0.6,
        entities=[fact_entity("active_infection", "absent", "no infection")],
        earlier=[KNOWN_TRIAL],
    )
    assert events == []
    facts = assessment_facts(dispatcher)
    assert facts["infection_status"] == "absent" and facts["trial_relief_percent"] == 70


def test_facts_in_a_question_without_a_patient_do_not_start_one(dispatcher):
    events = respond(
        dispatcher,
        "is infection a contraindication?",
        "faq_contraindication_infection",
        entities=[fact_entity("active_infection", "present", "infection")],
    )
    assert events == []
    assert "infection" in texts(dispatcher).lower() and "[1, 6]" in texts(dispatcher)
    assert not any(m.get("custom") for m in dispatcher.messages)


def test_a_description_with_a_question_gets_the_rule_and_the_assessment(dispatcher):
    respond(
        dispatcher,
        "58F breast cancer, IT trial 60%. Is 60% relief enough for the trial?",
        "describe_patient",
        entities=[fact_entity("trial_relief_percent", 60, "IT trial 60%")],
        describes_patient=True,
    )
    assert "at least 50% pain reduction" in dispatcher.messages[0]["text"]
    assert assessment_facts(dispatcher)["trial_relief_percent"] == 60


def test_reassess_keeps_the_patient(dispatcher):
    events = respond(dispatcher, "reassess", "ask_assessment", 0.7, earlier=[KNOWN_TRIAL])
    assert events == []
    assert assessment_facts(dispatcher)["trial_relief_percent"] == 70


def test_new_patient_clears_the_previous_one(dispatcher):
    events = respond(dispatcher, "new patient", "new_patient", earlier=[KNOWN_TRIAL])
    assert events[0] == {"event": "session_started", "timestamp": None}
    assert any("patient_cleared" in (m.get("custom") or {}) for m in dispatcher.messages)


def test_empty_message_gets_a_prompt(dispatcher):
    respond(dispatcher, "  ", "greet", 0.3)
    assert "empty message" in texts(dispatcher)


@pytest.mark.parametrize("intent", ["greet", "thank", "goodbye", "ask_capabilities"])
def test_small_talk_carries_the_disclaimer(dispatcher, intent):
    respond(dispatcher, "hi", intent)
    assert "healthcare professionals" in texts(dispatcher) and MARKER not in texts(dispatcher)


def test_references_are_listed(dispatcher):
    respond(dispatcher, "references please", "ask_references")
    for number in range(1, 9):
        assert f"[{number}]" in texts(dispatcher)


def test_the_reading_takes_the_ranking_and_the_facts():
    tracker = make_tracker(
        "trial 70%",
        "describe_patient",
        entities=[fact_entity("trial_relief_percent", 70, "trial 70%")],
    )
    tracker.latest_message["intent_ranking"] = [
        {"name": "describe_patient", "confidence": 0.8},
        {"name": "faq_prerequisite_trial", "confidence": 0.1},
    ]
    tracker.latest_message["describes_patient"] = True
    reading = reading_of(tracker)
    assert reading.ranking == (("describe_patient", 0.8), ("faq_prerequisite_trial", 0.1))
    assert reading.facts and reading.about_patient
