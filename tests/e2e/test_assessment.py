"""Patients assessed through the running servers over REST, as a clinician types them."""
from pathlib import Path

import pytest
import yaml

from scripts.judge import assessment, citations, judge_vignette, reply_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VIGNETTES = [v for name in ("vignettes.yml", "vignettes_clinicians.yml", "vignettes_more.yml",
                                 "vignettes_heldout.yml")
             for v in yaml.safe_load((FIXTURES / name).read_text())]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette(rest, vignette):
    replies = rest.conversation(*vignette["turns"])
    assert judge_vignette(vignette, replies[-1]) == [], reply_text(replies[-1])


def test_assessment_reply_follows_the_contract(rest):
    [reply] = rest.conversation(
        "74F metastatic lung cancer, failed escalating hydromorphone and pregabalin, IT trial 80%, "
        "LE 10 months, psych cleared, afebrile, INR 1.1")
    found = assessment(reply)
    assert [c["id"] for c in found["criteria"]] == [
        "failed_conservative_management", "successful_trial", "life_expectancy",
        "psychological_evaluation"]
    assert [c["id"] for c in found["contraindications"]] == [
        "active_infection", "coagulopathy", "short_life_expectancy"]
    for item in found["criteria"] + found["contraindications"]:
        assert set(item["citations"]) <= set(range(1, 9)) and item["citations"]
    trial = next(c for c in found["criteria"] if c["id"] == "successful_trial")
    assert trial["status"] == "met" and "80%" in trial["evidence"]
    text = reply_text(reply)
    assert text.index("Assessment") < text.index("Prerequisites") < text.index("contraindications")
    assert citations(reply) <= set(range(1, 9))


def test_missing_facts_are_asked_for_and_the_answer_updates_the_assessment(rest):
    first, second = rest.conversation(
        "Patient with metastatic kidney cancer and refractory pain despite escalating opioids "
        "and adjuvants.",
        "IT trial 60% relief, LE 1 year, psych eval done, no infection, INR 1.0")
    assert assessment(first)["verdict"] == "needs_information"
    assert "please tell me" in reply_text(first) and len(assessment(first)["missing"]) >= 3
    assert assessment(second)["verdict"] == "meets_criteria"
    assert assessment(second)["missing"] == []


def test_a_guideline_question_mid_assessment_keeps_the_patient(rest):
    first, question, last = rest.conversation(
        "62M with arachnoiditis, failed escalating opioids and gabapentin, IT trial 70%",
        "what are the absolute contraindications?",
        "psych eval completed, normal life expectancy, afebrile, coags normal")
    assert "infection" in reply_text(question).lower() and assessment(question) is None
    found = assessment(last)
    assert found["verdict"] == "meets_criteria"
    assert found["facts"]["trial_relief_percent"] == 70


@pytest.mark.parametrize("question, rule_id, status", [
    ("can someone with an active skin infection have one placed?", "active_infection", "present"),
    ("is a pump reasonable for a patient with only a few weeks left?", "short_life_expectancy",
     "present"),
])
def test_question_about_one_patient_gets_the_rule_and_an_assessment(rest, question, rule_id,
                                                                    status):
    [reply] = rest.conversation(question)
    found = assessment(reply)
    assert found is not None and found["verdict"] == "contraindicated"
    item = next(c for c in found["contraindications"] if c["id"] == rule_id)
    assert item["status"] == status and {1, 6} <= set(item["citations"])


def test_facts_survive_a_restart_of_the_rasa_server(assistant, rest):
    sender = "restart-survivor"
    rest.send(sender, "Metastatic breast cancer, failed escalating opioids and pregabalin, "
                      "IT trial 75%, LE 9 months")
    assistant.stop_rasa()
    assistant.start_rasa()
    reply = rest.send(sender, "psych eval done, afebrile, INR 1.0")
    found = assessment(reply)
    assert found["facts"]["trial_relief_percent"] == 75
    assert found["facts"]["life_expectancy_months"] == 9
    assert found["verdict"] == "meets_criteria"
