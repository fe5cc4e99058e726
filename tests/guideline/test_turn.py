"""guideline/turn.py: what a turn is, from the intent ranking, the facts and the conversation."""

import pytest

from guideline.knowledge import default_knowledge
from guideline.turn import Kind, Reading, decide, is_one_question, reading_of_parse


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def reading(text, ranking, facts=False, about_patient=False):
    """A Reading as NLU gives it: the intent is the first of the ranking."""
    intent, confidence = ranking[0] if ranking else ("", 0.0)
    return Reading(text, intent, confidence, tuple(ranking), facts, about_patient)


# (text, intent ranking, facts read, describes a patient, patient ongoing) -> (kind, topic)
TABLE = [
    # empty, new patient, references
    ("   ", [("greet", 0.4)], False, False, False, Kind.EMPTY, None),
    (
        "new patient: 45M with arachnoiditis",
        [("describe_patient", 0.9)],
        True,
        True,
        True,
        Kind.NEW_PATIENT,
        None,
    ),
    ("next patient", [("new_patient", 0.95)], False, False, True, Kind.NEW_PATIENT, None),
    ("what is reference 3?", [("ask_references", 0.9)], False, False, False, Kind.REFERENCES, None),
    # a references intent on a message that names no source is routed as a question
    (
        "when is a hospice referral appropriate",
        [("ask_references", 0.55), ("out_of_scope", 0.3)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    # a confident topic is answered
    (
        "who qualifies for a pump",
        [("faq_indication", 0.9)],
        False,
        False,
        False,
        Kind.QUESTION,
        "indication",
    ),
    # a description ending in a question the source does not answer, no patient yet: declined
    (
        "Pt on 60 mg oral morphine a day, switching to oxycodone. What's the equianalgesic dose?",
        [("describe_patient", 0.7), ("out_of_scope", 0.2)],
        True,
        True,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    # one question that is a patient's whole description is assessed, whatever words it names
    (
        "Is a pump indicated for chronic back pain after failed oral opioids and epidural "
        "steroid injections?",
        [("describe_patient", 0.7), ("out_of_scope", 0.2)],
        True,
        True,
        False,
        Kind.PATIENT,
        None,
    ),
    # small talk that only half claims a question about the pump: "did you mean"
    (
        "why do I have to see a psychologist before they give me a pump? I'm not crazy",
        [("goodbye", 0.51), ("faq_not_first_line", 0.26), ("out_of_scope", 0.14)],
        False,
        False,
        False,
        Kind.UNSURE,
        None,
    ),
    # a topic's button payload is answered whatever the guard patterns say
    (
        "/faq_monitoring_refills",
        [("faq_monitoring_refills", 1.0)],
        False,
        False,
        False,
        Kind.QUESTION,
        "monitoring_refills",
    ),
    # the family of a broad topic together is confident: the broad topic is answered
    (
        "tell me about outcomes",
        [("faq_outcomes", 0.3), ("faq_outcomes_success", 0.2), ("faq_mechanism", 0.1)],
        False,
        False,
        False,
        Kind.QUESTION,
        "outcomes",
    ),
    # a quoted figure the chosen topic does not state moves the answer to the topic stating it
    (
        "is the IT dose really 1/300 of the PO dose",
        [("faq_mechanism_epidural_ratio", 0.8)],
        False,
        False,
        False,
        Kind.QUESTION,
        "mechanism_oral_ratio",
    ),
    # what the source does not answer is refused, whatever the classifier says
    (
        "what starting dose of ziconotide goes in the pump",
        [("faq_mechanism", 0.9)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    (
        "can a patient with a pump have an MRI",
        [("faq_contraindications", 0.7)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    # sure out of scope stays declined, even when it names the pump; less sure, a question
    # naming the pump gets "did you mean" (never an answer with citations)
    (
        "can the pump be used for chronic migraine",
        [("out_of_scope", 0.95), ("faq_non_malignant_pain", 0.04)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    (
        "can the pump be used for migraine",
        [("out_of_scope", 0.85), ("faq_non_malignant_pain", 0.1)],
        False,
        False,
        False,
        Kind.UNSURE,
        None,
    ),
    (
        "can gabapentin be used for migraine",
        [("out_of_scope", 0.85), ("faq_non_malignant_pain", 0.1)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    (
        "what antibiotic for pneumonia",
        [("out_of_scope", 0.95)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    # unsure about a question on the pump: did you mean
    (
        "pump and the numbers?",
        [("faq_outcomes_success", 0.2), ("faq_mechanism", 0.15), ("out_of_scope", 0.15)],
        False,
        False,
        False,
        Kind.UNSURE,
        None,
    ),
    # unsure, not about the pump, nothing in the guideline's words: declined
    (
        "hmm what about the other thing",
        [("out_of_scope", 0.3), ("greet", 0.2)],
        False,
        False,
        False,
        Kind.OUT_OF_SCOPE,
        None,
    ),
    # lexical recall: a fact the source states, in words the classifier did not place
    (
        "what role does the substantia gelatinosa play",
        [("ask_capabilities", 0.3), ("out_of_scope", 0.25)],
        False,
        False,
        False,
        Kind.QUESTION,
        "mechanism",
    ),
    # small talk, but a guideline word taken for a greeting is answered
    ("hello there", [("greet", 0.95)], False, False, False, Kind.SMALL_TALK, None),
    # no content word at all, topics in the ranking: small talk still (no crash)
    (
        "what can you do?",
        [("ask_capabilities", 0.6), ("faq_indication", 0.1)],
        False,
        False,
        False,
        Kind.SMALL_TALK,
        None,
    ),
    (
        "granuloma?",
        [("greet", 0.35), ("faq_monitoring_granuloma", 0.3)],
        False,
        False,
        False,
        Kind.QUESTION,
        "monitoring_granuloma",
    ),
    # a patient description; with a question about a rule in it: both
    (
        "67M pancreatic ca, failed escalating hydromorphone, IT trial 60%",
        [("describe_patient", 0.9)],
        True,
        True,
        False,
        Kind.PATIENT,
        None,
    ),
    (
        "58F breast cancer, IT trial 60%. Is 60% relief enough for the trial?",
        [("describe_patient", 0.8)],
        True,
        True,
        False,
        Kind.BOTH,
        "prerequisite_trial",
    ),
    # one question the fact reader took for a patient, placed confidently by the classifier
    (
        "does the patient have to fail oral opioids first",
        [("faq_prerequisite_conservative", 0.95)],
        True,
        True,
        False,
        Kind.QUESTION,
        "prerequisite_conservative",
    ),
    # a short answer to the assessment's questions updates the ongoing patient
    ("no infection", [("out_of_scope", 0.6)], True, False, True, Kind.PATIENT, None),
    # ... but the same facts without a patient are not a description
    ("no infection", [("out_of_scope", 0.6)], True, False, False, Kind.OUT_OF_SCOPE, None),
    # asking for the assessment again is an assessment turn, never a new patient
    ("reassess", [("ask_assessment", 0.6)], False, False, True, Kind.PATIENT, None),
    (
        "is she eligible now?",
        [("ask_assessment", 0.4), ("describe_patient", 0.3)],
        False,
        False,
        True,
        Kind.PATIENT,
        None,
    ),
    ("check this patient again", [("new_patient", 0.7)], False, False, True, Kind.PATIENT, None),
    # a topic the classifier leans to, with nothing in the words about the pump: ask, never cite
    (
        "what should be given for a vasopressor extravasation",
        [("faq_indication", 0.55), ("out_of_scope", 0.35)],
        False,
        False,
        False,
        Kind.UNSURE,
        None,
    ),
    # ... the same lean for a question that names the therapy is answered
    (
        "what is an intrathecal pump for",
        [("faq_indication", 0.55), ("out_of_scope", 0.35)],
        False,
        False,
        False,
        Kind.QUESTION,
        "indication",
    ),
    # ... and an explicit request clears, whatever the classifier says
    (
        "forget the previous patient",
        [("out_of_scope", 0.7)],
        False,
        False,
        True,
        Kind.NEW_PATIENT,
        None,
    ),
    # a question the classifier weakly took for a patient is not assessed without a patient
    (
        "should a pump be placed in a hospice patient",
        [("describe_patient", 0.25), ("faq_contraindications", 0.14)],
        False,
        False,
        False,
        Kind.UNSURE,
        None,
    ),
]


@pytest.mark.parametrize(
    "text, ranking, facts, about, ongoing, kind, topic",
    TABLE,
    ids=[row[0].strip() or "empty" for row in TABLE],
)
def test_turn_table(kb, text, ranking, facts, about, ongoing, kind, topic):
    turn = decide(kb, reading(text, ranking, facts, about), patient_ongoing=ongoing)
    assert (turn.kind, turn.topic) == (kind, topic)


def test_unsure_offers_two_or_three_topics_that_exist(kb):
    turn = decide(
        kb,
        reading("pump and the numbers?", [("faq_outcomes_success", 0.2), ("faq_mechanism", 0.15)]),
        False,
    )
    assert turn.kind is Kind.UNSURE
    assert 2 <= len(turn.choices) <= 3 and set(turn.choices) <= set(kb.topics)
    assert "outcomes_success" in turn.choices


def test_small_talk_names_what_to_say(kb):
    turn = decide(kb, reading("thanks a lot", [("thank", 0.9)]), False)
    assert (turn.kind, turn.small_talk) == (Kind.SMALL_TALK, "thanks")


def test_an_intent_for_a_topic_that_does_not_exist_is_never_answered(kb):
    turn = decide(kb, reading("what about it", [("faq_no_such_topic", 0.99)]), False)
    assert turn.kind is not Kind.QUESTION


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what if the trial relief is under 50%", True),
        ("is a psych eval needed?", True),
        ("IT trial 70%. LE 1y", False),
        ("58F breast cancer, IT trial 60%. Is 60% relief enough?", False),
    ],
)
def test_is_one_question(text, expected):
    assert is_one_question(text) is expected


@pytest.mark.parametrize(
    "confidence, unfamiliar, kind",
    [
        (0.46, ("breastfeeding",), Kind.UNSURE),  # a subject never met, topic unsure: ask
        (0.46, (), Kind.QUESTION),  # every word met before: the topic answers
        (0.6, ("breastfeeding",), Kind.QUESTION),  # the topic likely enough: it answers
        (0.95, ("breastfeeding",), Kind.QUESTION),  # the classifier is sure: it answers
    ],
)
def test_a_subject_never_met_asks_unless_the_topic_is_sure(kb, confidence, unfamiliar, kind):
    text = "is the pump safe during breastfeeding"
    ranking = (("faq_monitoring_withdrawal", confidence), ("out_of_scope", 0.1))
    found = Reading(text, ranking[0][0], confidence, ranking, unfamiliar=unfamiliar)
    assert decide(kb, found, patient_ongoing=False).kind is kind


def test_reading_of_parse_takes_what_the_nlu_components_added():
    parse = {
        "text": "is the pump safe during breastfeeding",
        "intent": {"name": "faq_monitoring", "confidence": 0.6},
        "intent_ranking": [
            {"name": "faq_monitoring", "confidence": 0.6},
            {"name": "out_of_scope", "confidence": 0.3},
        ],
        "describes_patient": True,
        "unfamiliar_words": ["breastfeeding"],
    }
    found = reading_of_parse(parse, facts=False)
    assert (found.intent, found.confidence, found.unfamiliar) == (
        "faq_monitoring",
        0.6,
        ("breastfeeding",),
    )
    assert found.ranking[1] == ("out_of_scope", 0.3)
    assert not found.about_patient  # no facts read: nothing describes a patient
    assert reading_of_parse(parse, facts=True).about_patient
