"""guideline/facts/subject.py (FactExtractor.describes_patient): a particular patient or a
general question about the guideline."""

import pytest


def describes(extractor, text):
    return extractor.describes_patient(text, extractor.extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Is active infection a contraindication?",
        "Is active infection a contraindication",
        "What is the trial threshold?",
        "Does the pump help cancer pain?",
        "Can patients with a life expectancy under 6 months get a pump?",
        "What life expectancy is required?",
        "Is a pump indicated for failed back surgery syndrome?",
        "How much relief should the trial give?",
        "Tell me about cancer pain.",
        "Explain the coagulopathy contraindication.",
        "Active infection and coagulopathy are contraindications.",
        "Patients with cancer pain who failed opioids qualify.",
        "What about pain after cancer treatment in a cured patient?",
        "Does the patient need to fail opioids first?",
        "Has a trial been done?",
        "Does the guideline require a psychological evaluation?",
        "What are the outcomes of intrathecal morphine?",
        "new patient",
        "Hi",
        "",
        "cancer pain",
        "active infection",
        "morphine",
        "I'd like to check if my patient qualifies for a pump.",
        # a setting, not a person
        "Should the trial be done as inpatient or outpatient?",
    ],
)
def test_general_questions_and_bare_concepts(extractor, text):
    assert describes(extractor, text) is False


@pytest.mark.parametrize(
    "text",
    [
        "Is active infection a contraindication?",
        "What is the trial threshold of 50%?",
        "Can patients with a life expectancy under 6 months get a pump?",
        "Patients with cancer pain who failed opioids qualify.",
        "is gabapentin effective for diabetic neuropathy",
        "does duloxetine help arachnoiditis",
        # asking for a span quotes no patient's value
        "How many days do we hold apixaban before the intrathecal trial?",
    ],
)
def test_general_questions_yield_no_facts(extractor, text):
    assert extractor.extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "My patient has CRPS.",
        "Someone with arachnoiditis who failed opioids.",
        "I have a 59 yo with pancreatic cancer.",
        "64M metastatic NSCLC.",
        "Would a 70-year-old with metastatic prostate cancer qualify?",
        "Can a patient with an active infection get a pump?",
        "My patient has an INR of 1.6, is that too high?",
        "Only a few weeks left.",
        "Is a pump an option for pancreatic cancer with weeks to live?",
        "I'm 84 and the hospital said I have a compression fracture.",
        "INR 1.8",
        "Trial 45%.",
        "Afebrile.",
        "Psych eval pending.",
        "Admitted with pneumonia.",
        "On IV antibiotics for bacteremia.",
        "Failed escalating opioids.",
        "Metastatic breast cancer, failed opioids.",
        "She is on apixaban.",
        "Pt w/ lumbar arachnoiditis.",
        "45-year-old with lumbar arachnoiditis asking about a pump.",
        "Is on apixaban, not held.",
        "No history of cancer. Chronic low back pain after two fusions.",
    ],
)
def test_a_particular_patient(extractor, text):
    assert describes(extractor, text) is True


def test_a_hypothetical_value_about_her_is_not_a_fact(extractor):
    text = "Would she still qualify if her INR were 1.6?"
    assert "inr" not in {f.name for f in extractor.extract(text)}


def test_facts_passed_in_are_what_counts(extractor):
    text = "My patient."
    assert extractor.describes_patient(text, []) is False
    assert extractor.describes_patient(text, extractor.extract("Trial 45%.")) is True


@pytest.mark.parametrize(
    "text",
    [
        "Is a pump an option for metastatic pancreatic cancer with weeks to live?",
        "Is it contraindicated with an INR of 1.8 and platelets of 40k?",
        "Would the pump help a pancreatic cancer with 2 months left?",
        "What if the trial only gave 40%?",
        "What if my patient's trial only gave 30% relief?",
        "Can someone with an active skin infection have one placed?",
        "Is a pump reasonable for a patient with only a few weeks left?",
        "My patient is on clopidogrel, is that a problem?",
        "Would a patient with a platelet count of 30k qualify?",
    ],
)
def test_a_question_quoting_a_patients_values_is_about_that_patient(extractor, text):
    """Mid-conversation, 'what if the trial only gave 40%?' is about the patient at hand."""
    assert describes(extractor, text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Is 50% relief enough?",
        "What life expectancy is required, 6 months?",
        "How long should the trial last, 3 days?",
        "Is a trial needed for cancer pain?",
    ],
)
def test_a_question_about_the_rules_quoting_a_value_is_general(extractor, text):
    assert extractor.extract(text) == [] and describes(extractor, text) is False


@pytest.mark.parametrize("text", ["Lumbar arachnoiditis, 52F.", "FBSS in a 52 M."])
def test_age_and_sex_at_the_end_of_a_sentence_name_a_patient(extractor, text):
    assert extractor.describes_patient(text, extractor.extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "CRPS type I R foot/leg x4 yrs (Budapest criteria met), 9/10.",
        "Meets criteria for CRPS, pain 9/10 for 3 years.",
    ],
)
def test_criteria_the_patient_fulfils_report_a_finding(extractor, text):
    facts = {f.name: f.value for f in extractor.extract(text)}
    assert facts["pain_type"] == "non_cancer" and facts["pain_severity"] == "severe"
