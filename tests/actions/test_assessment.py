"""The assessment side of action_respond: the patient is the current session's messages;
corrections replace; only an explicit request starts a new patient, as a new Rasa session."""

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted

from actions.guideline_answers import ActionRespond
from guideline.audit import default_store
from tests.actions.conftest import fact_entity
from tests.actions.conftest import run_action as run


def user(text, *entities, intent="describe_patient"):
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": list(entities),
        "describes_patient": bool(entities),
    }
    return {"event": "user", "text": text, "parse_data": parse}


def conversation(*events):
    """A tracker as the Rasa server sends it: every event, the last user message latest."""
    latest = [e for e in events if e["event"] == "user"][-1]["parse_data"]
    return Tracker("clinician", {}, latest, list(events), False, None, {}, "action_listen")


SESSION = {"event": "session_started"}
TRIAL = user("IT trial 70%", fact_entity("trial_relief_percent", 70, "IT trial 70%"))


def payload(dispatcher):
    [custom] = [m["custom"] for m in dispatcher.messages if m.get("custom", {}).get("assessment")]
    return custom["assessment"]


def test_facts_of_every_message_of_the_session_count(dispatcher):
    tracker = conversation(
        SESSION,
        TRIAL,
        {"event": "bot", "text": "..."},
        user("psych ok", fact_entity("psych_evaluation", "completed", "psych ok")),
    )
    assert run(ActionRespond(), dispatcher, tracker) == []
    assessment = payload(dispatcher)
    assert assessment["facts"]["trial_relief_percent"] == 70
    assert assessment["facts"]["psych_evaluation"] == "completed"
    assert assessment["verdict"] == "needs_information"
    assert assessment["text"] == dispatcher.messages[0]["text"]


def test_a_message_whose_action_failed_still_counts(dispatcher):
    """No action ran after the first message (the action server was down): it is not lost."""
    tracker = conversation(
        SESSION,
        user("platelets 20k", fact_entity("platelets", 20000, "platelets 20k")),
        {"event": "action", "name": "action_listen"},
        user("reassess", intent="ask_assessment"),
    )
    run(ActionRespond(), dispatcher, tracker)
    assert payload(dispatcher)["verdict"] == "contraindicated"


def test_messages_before_the_session_start_are_another_patient(dispatcher):
    tracker = conversation(
        TRIAL, SESSION, user("psych ok", fact_entity("psych_evaluation", "completed", "psych ok"))
    )
    run(ActionRespond(), dispatcher, tracker)
    assert payload(dispatcher)["facts"]["trial_relief_percent"] is None


def test_a_correction_replaces_the_earlier_value(dispatcher):
    tracker = conversation(
        SESSION,
        TRIAL,
        user(
            "correction: the trial gave 45%",
            fact_entity("trial_relief_percent", 45, "trial gave 45%"),
        ),
    )
    run(ActionRespond(), dispatcher, tracker)
    assessment = payload(dispatcher)
    assert assessment["facts"]["trial_relief_percent"] == 45
    assert assessment["verdict"] == "criteria_not_met"
    trial = next(c for c in assessment["criteria"] if c["id"] == "successful_trial")
    assert trial["evidence"] == "trial gave 45%" and trial["citations"] == [1, 6]


def test_the_payload_follows_contract_version_2(dispatcher):
    run(ActionRespond(), dispatcher, conversation(SESSION, TRIAL))
    assessment = payload(dispatcher)
    assert assessment["source"]["last_updated"] == "February 12, 2026"
    assert len(assessment["rules_version"]) == 12
    assert "decision support" in assessment["disclaimer"]
    assert assessment["text"].rstrip().endswith(assessment["disclaimer"])
    assert assessment["headline"].startswith("Needs more information: severe, refractory")
    assert all(row["reason"] for row in assessment["criteria"] + assessment["contraindications"])


def test_a_question_with_no_patient_anywhere_gets_its_answer(dispatcher):
    tracker = conversation(SESSION, user("I read 86% would have it again - is that right"))
    assert run(ActionRespond(), dispatcher, tracker) == []
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert "86%" in text and "[8]" in text
    assert not any(m.get("custom") for m in dispatcher.messages)


def test_asking_again_with_a_patient_known_assesses(dispatcher):
    run(
        ActionRespond(),
        dispatcher,
        conversation(SESSION, TRIAL, user("is she eligible?", intent="ask_assessment")),
    )
    assert payload(dispatcher)["facts"]["trial_relief_percent"] == 70


def test_entities_of_other_extractors_are_not_facts(dispatcher):
    other = {"entity": "trial_relief_percent", "value": 90, "extractor": "RegexEntityExtractor"}
    psych = user("psych ok", fact_entity("psych_evaluation", "completed", "psych ok"))
    run(ActionRespond(), dispatcher, conversation(SESSION, psych, user("trial 90%", other)))
    assert payload(dispatcher)["facts"]["trial_relief_percent"] is None


def test_new_patient_starts_a_new_session_and_says_the_facts_were_cleared(dispatcher):
    tracker = conversation(SESSION, TRIAL, user("new patient", intent="new_patient"))
    events = run(ActionRespond(), dispatcher, tracker)
    assert events[:3] == [
        SessionStarted(),
        ActionExecuted("action_session_start"),
        ActionExecuted("action_listen"),
    ]
    assert events[3]["event"] == "user" and events[3]["text"] == "new patient"
    assert events[-1] == ActionExecuted("action_respond")
    [cleared] = [m["custom"]["patient_cleared"] for m in dispatcher.messages if m.get("custom")]
    assert "cleared" in cleared["text"] and "cleared" in dispatcher.messages[0]["text"]


def test_new_patient_with_facts_is_the_new_session_and_assessed_at_once(dispatcher):
    message = user(
        "new patient: arachnoiditis",
        fact_entity("pain_type", "non_cancer", "arachnoiditis"),
        intent="new_patient",
    )
    events = run(ActionRespond(), dispatcher, conversation(SESSION, TRIAL, message))
    assert events[3]["parse_data"]["entities"][0]["value"] == "non_cancer"
    assert events[-1] == ActionExecuted("action_respond")  # nothing runs again for it
    assessment = payload(dispatcher)
    assert assessment["facts"]["pain_type"] == "non_cancer"
    assert assessment["facts"]["trial_relief_percent"] is None  # the previous patient's


def test_reassess_taken_for_a_new_patient_clears_nothing(dispatcher):
    tracker = conversation(SESSION, TRIAL, user("reassess", intent="new_patient"))
    events = run(ActionRespond(), dispatcher, tracker)
    assert events == []
    assert payload(dispatcher)["facts"]["trial_relief_percent"] == 70
    assert not any("patient_cleared" in (m.get("custom") or {}) for m in dispatcher.messages)


def test_a_chat_assessment_is_kept_in_the_audit_trail(dispatcher, audit_db):
    run(ActionRespond(), dispatcher, conversation(SESSION, TRIAL))
    [row] = default_store().export()
    assert row["channel"] == "chat" and row["instance"] == "clinician"
    assert row["verdict"] == payload(dispatcher)["verdict"] == "needs_information"
    assert row["rules_version"] == payload(dispatcher)["rules_version"]
    assert row["facts"]["trial_relief_percent"] == {"value": 70, "evidence": "IT trial 70%"}
    assert row["assessment"]["headline"] == payload(dispatcher)["headline"]


def test_an_audit_trail_that_cannot_be_written_never_fails_the_reply(
    dispatcher, monkeypatch, tmp_path, caplog
):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    # the database's directory is a file: SQLite cannot open it
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{blocker / 'audit.db'}")
    run(ActionRespond(), dispatcher, conversation(SESSION, TRIAL))
    assert payload(dispatcher)["verdict"] == "needs_information"
    assert "not written to the audit trail" in caplog.text
