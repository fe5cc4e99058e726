"""Patients assessed through the running servers over REST, as a clinician types them."""

import os
import time
import urllib.error
import uuid
from pathlib import Path

import pytest
import yaml

from scripts.judge import assessment, citations, judge_vignette, reply_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VIGNETTES = [
    v
    for name in (
        "vignettes.yml",
        "vignettes_clinicians.yml",
        "vignettes_more.yml",
        "vignettes_heldout.yml",
    )
    for v in yaml.safe_load((FIXTURES / name).read_text())
]
#: A patient who meets every criterion, in one message.
ELIGIBLE = (
    "Metastatic breast cancer, severe pain despite escalating oxycodone and pregabalin, "
    "IT trial 75%, LE 9 months, psych eval done, no infection, INR 1.0, platelets 200"
)


def custom(reply, key):
    found = [m["custom"][key] for m in reply if key in (m.get("custom") or {})]
    return found[-1] if found else None


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette(rest, vignette):
    replies = rest.conversation(*vignette["turns"])
    assert judge_vignette(vignette, replies[-1]) == [], reply_text(replies[-1])


def test_assessment_reply_follows_contract_version_2(rest):
    [reply] = rest.conversation(
        "74F metastatic lung cancer, 9/10 despite escalating hydromorphone and pregabalin, IT "
        "trial 80%, LE 10 months, afebrile, INR 1.1"
    )
    found = assessment(reply)
    assert [c["id"] for c in found["criteria"]] == [
        "indication",
        "failed_conservative_management",
        "successful_trial",
        "life_expectancy",
        "psychological_evaluation",
    ]
    assert [c["id"] for c in found["contraindications"]] == [
        "active_infection",
        "coagulopathy",
        "short_life_expectancy",
    ]
    for item in found["criteria"] + found["contraindications"]:
        assert set(item["citations"]) <= set(range(1, 9)) and item["reason"]
    trial = next(c for c in found["criteria"] if c["id"] == "successful_trial")
    assert trial["status"] == "met" and "80%" in trial["evidence"]
    # afebrile alone and a single INR: what favours the patient must be stated
    assert found["verdict"] == "needs_information"
    assert found["headline"] == (
        "Needs more information: psychological evaluation not known; "
        "active infection not known; coagulopathy or bleeding disorder "
        "not known"
    )
    assert found["source"]["last_updated"] and found["rules_version"]
    text = reply_text(reply)
    assert text.index(found["headline"]) < text.index("Indication and prerequisites")
    # rows not known come before those met
    assert text.index("- Psychological evaluation") < text.index("- Severe, refractory")
    assert text.rstrip().endswith(found["disclaimer"]) and "decision support" in text
    assert "eligible" not in text.lower() and "candidate" not in text.lower()
    assert citations(reply) <= set(range(1, 9))


def test_missing_facts_are_asked_for_and_the_answer_updates_the_assessment(rest):
    first, second = rest.conversation(
        "Patient with metastatic kidney cancer and refractory pain despite escalating opioids "
        "and adjuvants.",
        "IT trial 60% relief, LE 1 year, psych eval done, no infection, INR 1.0, plt 250",
    )
    assert assessment(first)["verdict"] == "needs_information"
    assert "please tell me" in reply_text(first) and len(assessment(first)["missing"]) >= 3
    assert all(q.endswith("?") for q in assessment(first)["missing"])
    assert assessment(second)["verdict"] == "meets_criteria"
    assert assessment(second)["missing"] == []


def test_a_guideline_question_mid_assessment_keeps_the_patient(rest):
    first, question, last = rest.conversation(
        "62M with arachnoiditis, failed escalating opioids and gabapentin, IT trial 70%",
        "what are the absolute contraindications?",
        "psych eval completed, normal life expectancy, no infection, coags normal",
    )
    assert "infection" in reply_text(question).lower() and assessment(question) is None
    found = assessment(last)
    assert found["verdict"] == "meets_criteria"
    assert found["facts"]["trial_relief_percent"] == 70


@pytest.mark.parametrize(
    "question, rule_id, status",
    [
        (
            "can someone with an active skin infection have one placed?",
            "active_infection",
            "present",
        ),
        (
            "is a pump reasonable for a patient with only a few weeks left?",
            "short_life_expectancy",
            "present",
        ),
    ],
)
def test_question_about_one_patient_gets_the_rule_and_an_assessment(
    rest, question, rule_id, status
):
    [reply] = rest.conversation(question)
    found = assessment(reply)
    assert found is not None and found["verdict"] == "contraindicated"
    item = next(c for c in found["contraindications"] if c["id"] == rule_id)
    assert item["status"] == status and {1, 6} <= set(item["citations"])


def test_soft_hyphen_platelets_are_read(rest):
    [reply] = rest.conversation(ELIGIBLE.replace("platelets 200", "plate\u00adlets 20k"))
    found = assessment(reply)
    assert found["facts"]["platelets"] == 20000
    assert found["verdict"] == "contraindicated"
    assert found["headline"].startswith("Contraindicated: coagulopathy or bleeding disorder")


def test_an_update_from_oncology_replaces_the_prognosis(rest):
    first, update = rest.conversation(ELIGIBLE, "update from oncology: now 6-8 weeks")
    assert assessment(first)["verdict"] == "meets_criteria"
    found = assessment(update)
    assert found["verdict"] == "contraindicated"
    assert found["facts"]["life_expectancy_months"] < 6


@pytest.mark.parametrize(
    "request_again",
    ["reassess", "is the patient eligible?", "assessment please", "is she eligible now?"],
)
def test_asking_for_the_assessment_again_clears_nothing(rest, request_again):
    first, again = rest.conversation(ELIGIBLE, request_again)
    assert custom(again, "patient_cleared") is None
    found = assessment(again)
    assert found is not None and found["verdict"] == "meets_criteria"
    assert found["facts"]["trial_relief_percent"] == 75


def test_a_new_patient_clears_the_previous_facts_and_says_so(rest):
    first, cleared, new = rest.conversation(
        ELIGIBLE, "new patient", "45-year-old with lumbar arachnoiditis"
    )
    assert "cleared" in custom(cleared, "patient_cleared")["text"]
    assert assessment(new)["facts"]["trial_relief_percent"] is None
    assert assessment(new)["facts"]["pain_type"] == "non_cancer"


def test_facts_survive_a_restart_of_the_rasa_server(assistant, rest):
    sender = f"restart-{uuid.uuid4().hex}"
    rest.send(
        sender,
        "Metastatic breast cancer, failed escalating opioids and pregabalin, "
        "IT trial 75%, LE 9 months",
    )
    assistant.stop_rasa()
    assistant.start_rasa()
    reply = rest.send(sender, "psych eval done, no infection, INR 1.0, platelets 200")
    found = assessment(reply)
    assert found["facts"]["trial_relief_percent"] == 75
    assert found["facts"]["life_expectancy_months"] == 9
    assert found["verdict"] == "meets_criteria"


def test_a_turn_sent_while_the_action_server_is_down_counts_once_it_is_back(assistant, rest):
    sender = f"outage-{uuid.uuid4().hex}"
    rest.send(sender, ELIGIBLE.replace(", INR 1.0, platelets 200", ""))
    assistant.stop_actions()
    try:
        with pytest.raises(urllib.error.HTTPError) as failed:  # loud: 503, not an empty 200
            rest.send(sender, "INR 1.1, platelets 20k")
        assert failed.value.code == 503
    finally:
        assistant.start_actions()
    found = assessment(rest.send(sender, "reassess"))
    assert found["facts"]["platelets"] == 20000
    assert found["verdict"] == "contraindicated"


#: Patients in the long conversation (LONG_DAY_PATIENTS=100 for the issue's 1,000 turns), and
#: turns for each (a new patient, the description, a guideline question, ..., asking again).
PATIENTS, TURNS = int(os.environ.get("LONG_DAY_PATIENTS", "30")), 10


def test_a_long_day_costs_the_same_at_its_end(rest, capsys):
    """A clinician's day in one conversation: each patient is a session, so the last message
    costs about what the first patient's did (the timings are reported, loosely checked)."""
    sender = f"day-{uuid.uuid4().hex}"
    timings = []
    for _ in range(PATIENTS):
        turns = ["new patient", ELIGIBLE, "what is the trial threshold?"]
        turns += ["psych eval done"] * (TURNS - len(turns) - 1) + ["reassess"]
        for message in turns:
            started = time.perf_counter()
            reply = rest.send(sender, message)
            timings.append(time.perf_counter() - started)
        assert assessment(reply)["verdict"] == "meets_criteria"
    first = sum(timings[1:TURNS]) / (TURNS - 1)
    last = sum(timings[-(TURNS - 1) :]) / (TURNS - 1)
    with capsys.disabled():
        print(
            f"\nlong conversation: {len(timings)} turns; mean per message, first patient "
            f"{first * 1000:.0f} ms, last patient {last * 1000:.0f} ms"
        )
    assert last < 3 * first + 0.5
