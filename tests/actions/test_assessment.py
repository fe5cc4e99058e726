"""The assessment actions: facts accumulate in the slot, corrections replace, new patient clears."""
from rasa_sdk.events import SlotSet

from actions.assessment import ActionAssessPatient, ActionStartNewPatient
from tests.actions.conftest import KNOWN_TRIAL, fact_entity, make_tracker, run_action as run



def payload(dispatcher):
    [custom] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    return custom["assessment"]


def test_facts_of_a_turn_are_added_to_the_known_ones(dispatcher):
    known = KNOWN_TRIAL
    tracker = make_tracker(entities=[fact_entity("psych_evaluation", "completed", "psych ok")],
                           slots={"patient_facts": known})
    events = run(ActionAssessPatient(), dispatcher, tracker)
    assert events == [SlotSet("patient_facts", {
        "trial_relief_percent": {"value": 70, "evidence": "IT trial 70%"},
        "psych_evaluation": {"value": "completed", "evidence": "psych ok"}})]
    assessment = payload(dispatcher)
    assert assessment["facts"]["trial_relief_percent"] == 70
    assert assessment["facts"]["psych_evaluation"] == "completed"
    assert assessment["verdict"] == "needs_information"
    assert assessment["text"] == dispatcher.messages[0]["text"]


def test_a_correction_replaces_the_earlier_value(dispatcher):
    known = KNOWN_TRIAL
    tracker = make_tracker(entities=[fact_entity("trial_relief_percent", 45, "trial gave 45%")],
                           slots={"patient_facts": known})
    run(ActionAssessPatient(), dispatcher, tracker)
    assessment = payload(dispatcher)
    assert assessment["facts"]["trial_relief_percent"] == 45
    assert assessment["verdict"] == "criteria_not_met"
    trial = next(c for c in assessment["criteria"] if c["id"] == "successful_trial")
    assert trial["evidence"] == "trial gave 45%" and trial["citations"] == [1, 6]


def test_entities_of_other_extractors_are_not_facts(dispatcher):
    other = {"entity": "trial_relief_percent", "value": 90, "extractor": "RegexEntityExtractor"}
    run(ActionAssessPatient(), dispatcher, make_tracker(entities=[other]))
    assert payload(dispatcher)["facts"]["trial_relief_percent"] is None


def test_new_patient_clears_the_facts(dispatcher):
    known = KNOWN_TRIAL
    events = run(ActionStartNewPatient(), dispatcher,
                 make_tracker("new patient", "new_patient", slots={"patient_facts": known}))
    assert events == [SlotSet("patient_facts", None)]
    assert "new patient" in dispatcher.messages[0]["text"].lower()
    assert not any(m.get("custom") for m in dispatcher.messages)


def test_new_patient_with_facts_assesses_only_the_new_ones(dispatcher):
    known = KNOWN_TRIAL
    tracker = make_tracker("new patient: arachnoiditis", "new_patient",
                           entities=[fact_entity("pain_type", "non_cancer", "arachnoiditis")],
                           slots={"patient_facts": known})
    events = run(ActionStartNewPatient(), dispatcher, tracker)
    assert events == [SlotSet("patient_facts", {
        "pain_type": {"value": "non_cancer", "evidence": "arachnoiditis"}})]
    assert payload(dispatcher)["facts"]["trial_relief_percent"] is None
