"""guideline/turn.py: what a turn is, from the intent ranking, the facts and the conversation."""

import pytest

from guideline.knowledge import default_knowledge
from guideline.turn import (
    HAS_A_PUMP,
    Kind,
    Reading,
    Turn,
    decide,
    exam_stem,
    is_one_question,
    last_question_span,
    question_span,
    reading_of_parse,
)


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
    # the classifier torn between a topic and "out of scope": ask, even with the source's words
    (
        "how do I manage cancer pain at night",
        [("faq_cancer_pain_share", 0.5), ("out_of_scope", 0.47)],
        False,
        False,
        False,
        Kind.UNSURE,
        None,
    ),
    # a question after a description, in words the lexical index does not place: the
    # classifier, sure of a topic, places it; a description with no question never gets one
    (
        "My pain's fairly well controlled on oral morphine but I hate the pills. Could I just"
        " ask for a pump instead?",
        [("faq_not_first_line", 0.95), ("describe_patient", 0.03)],
        True,
        True,
        False,
        Kind.BOTH,
        "not_first_line",
    ),
    (
        "My pain's fairly well controlled on oral morphine but I hate the pills. Could I just"
        " ask for a pump instead?",
        [("faq_not_first_line", 0.6), ("describe_patient", 0.3)],
        True,
        True,
        False,
        Kind.PATIENT,
        None,
    ),
    (
        "72F, pain fairly well controlled on oral morphine, hates the pills.",
        [("faq_not_first_line", 0.95)],
        True,
        True,
        False,
        Kind.PATIENT,
        None,
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


@pytest.mark.parametrize(
    "text, unfamiliar, confidence, kind",
    [
        # the condition asked about is one the assistant never met: ask unless sure
        ("Is obesity a contraindication to a pain pump?", ("obesity",), 0.71, Kind.UNSURE),
        ("can you get a pain pump if you have a pacemaker", ("pacemaker",), 0.53, Kind.UNSURE),
        ("Is the pain pump effective for migraine?", ("migraine",), 0.67, Kind.UNSURE),
        ("Is obesity a contraindication to a pain pump?", ("obesity",), 0.85, Kind.QUESTION),
        # an unmet word that is not what the question asks about keeps the usual bar
        ("teach me the basics, what is a pain pump for", ("teach",), 0.53, Kind.QUESTION),
    ],
)
def test_a_condition_never_met_needs_a_surer_topic(kb, text, unfamiliar, confidence, kind):
    ranking = (("faq_contraindications", confidence), ("out_of_scope", 0.1))
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
        "question_intent_ranking": [{"name": "faq_monitoring_withdrawal", "confidence": 0.7}],
    }
    found = reading_of_parse(parse, facts=False)
    assert found.question_ranking == (("faq_monitoring_withdrawal", 0.7),)
    assert (found.intent, found.confidence, found.unfamiliar) == (
        "faq_monitoring",
        0.6,
        ("breastfeeding",),
    )
    assert found.ranking[1] == ("out_of_scope", 0.3)
    assert not found.about_patient  # no facts read: nothing describes a patient
    assert reading_of_parse(parse, facts=True).about_patient


RUN_ON = (
    "had my pump trial yesterday pain went from 8 to 5 is that good enough to get the real pump"
)


@pytest.mark.parametrize(
    "question_ranking, kind, topic",
    [
        (
            (("faq_prerequisite_trial", 0.9), ("out_of_scope", 0.05)),
            Kind.BOTH,
            "prerequisite_trial",
        ),
        ((("out_of_scope", 0.9), ("faq_prerequisite_trial", 0.05)), Kind.PATIENT, None),
    ],
)
def test_a_question_closing_a_description_is_decided_as_it_would_be_alone(
    kb, question_ranking, kind, topic
):
    """The run-on question without its '?' is found, and ranked on its own."""
    whole = (("describe_patient", 0.6), ("faq_prerequisite_trial", 0.3))
    found = Reading(
        RUN_ON,
        "describe_patient",
        0.6,
        whole,
        facts=True,
        about_patient=True,
        question_ranking=question_ranking,
    )
    assert decide(kb, found, patient_ongoing=False) == Turn(kind, topic)


@pytest.mark.parametrize(
    "text, question",
    [
        (RUN_ON, "is that good enough to get the real pump"),
        ("my mum has head and neck cancer can she even get one", "can she even get one"),
        ("58F breast cancer, IT trial 60%. Is 60% relief enough?", "Is 60% relief enough?"),
        ("is a psych eval needed?", None),  # the whole message is the question
        ("72F, pain controlled on morphine, trial 60%.", None),
        # a lead-in set off by a dash or colon, before a question or a request
        (
            "ASRA statements aside - list the absolute contraindications to an IT pump.",
            "list the absolute contraindications to an IT pump.",
        ),
        ("Pt 70M. Quick q: what is the trial threshold?", "what is the trial threshold?"),
        # ... but not a question pointing back into it
        ("Ziconotide - is it a contraindication?", None),
        ("Plan: hold apixaban. Trial: 8 to 2.", None),
    ],
)
def test_last_question_span(text, question):
    span = last_question_span(text)
    assert (text[span[0] : span[1]].strip() if span else None) == question


EXAM = (
    "A patient with metastatic pancreatic cancer and a prognosis of 6 weeks has refractory pain."
    " Under the guideline, implantation is: A) indicated B) contraindicated because life"
    " expectancy is under 6 months C) indicated after a trial D) indicated with bupivacaine"
)


def test_an_exam_question_naming_findings_is_a_question_not_a_patient(kb):
    ranking = (("faq_contraindication_life_expectancy", 0.7), ("describe_patient", 0.2))
    found = Reading(EXAM, ranking[0][0], 0.7, ranking, facts=True, about_patient=True)
    assert decide(kb, found, patient_ongoing=False) == Turn(
        Kind.QUESTION, "contraindication_life_expectancy"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (EXAM, True),
        ("Which is mandatory? A) psych evaluation B) PET scan C) genetic testing", True),
        ("Plan: A) refer to psychology B) IT trial C) review in clinic", False),
        ("A) 20% B) 30%", False),
    ],
)
def test_exam_stem(text, expected):
    assert (exam_stem(text) is not None) is expected


def test_one_question_about_someone_the_classifier_calls_out_of_scope_is_declined(kb):
    text = "How would you convert someone on a 100 mcg/h fentanyl patch to oral methadone?"
    ranking = (("out_of_scope", 0.9), ("describe_patient", 0.05))
    found = Reading(text, "out_of_scope", 0.9, ranking, facts=True, about_patient=True)
    assert decide(kb, found, patient_ongoing=False).kind is Kind.OUT_OF_SCOPE


CONTEXT_GUARDED = (
    "dr says its arachnoiditis and gave me 2 options stimulator or morphine pump."
    " is arachnoiditis even on the list for pumps"
)


@pytest.mark.parametrize(
    "text, question_ranking, expected",
    [
        # the guarded device is only in the context; the question alone is surely ours
        (
            CONTEXT_GUARDED,
            (("faq_non_malignant_pain", 0.95),),
            Turn(Kind.QUESTION, "non_malignant_pain"),
        ),
        # ... or likely, with the source's words naming the same topic
        (
            CONTEXT_GUARDED,
            (("faq_non_malignant_pain", 0.6),),
            Turn(Kind.QUESTION, "non_malignant_pain"),
        ),
        # ... but not when the question alone (and the whole) leave its topic unsure, or its
        # words name another
        (CONTEXT_GUARDED, (("faq_non_malignant_pain", 0.4),), Turn(Kind.OUT_OF_SCOPE)),
        (CONTEXT_GUARDED, (("faq_outcomes", 0.6),), Turn(Kind.OUT_OF_SCOPE)),
        # the context is the question's subject: "what do I do" about a beeping pump
        ("my pump is beeping. what do I do?", (("faq_monitoring", 0.9),), Turn(Kind.OUT_OF_SCOPE)),
    ],
)
def test_a_guarded_context_refuses_unless_the_question_alone_is_surely_ours(
    kb, text, question_ranking, expected
):
    ranking = (("faq_non_malignant_pain", 0.7), ("out_of_scope", 0.05))
    found = Reading(text, ranking[0][0], 0.7, ranking, question_ranking=question_ranking)
    assert decide(kb, found, patient_ongoing=False) == expected


def test_a_guarded_context_with_a_sure_whole_and_an_unguarded_question_is_answered(kb):
    """ "My mum took 125 mg of oral morphine a day before she got her pump. Roughly what
    fraction of that dose does the pump need?": the dose is context, the topic is sure."""
    ranking = (("faq_non_malignant_pain", 0.9), ("out_of_scope", 0.05))
    found = Reading(
        CONTEXT_GUARDED,
        ranking[0][0],
        0.9,
        ranking,
        question_ranking=(("faq_non_malignant_pain", 0.4),),
    )
    assert decide(kb, found, patient_ongoing=False) == Turn(Kind.QUESTION, "non_malignant_pain")


def test_an_exam_stem_is_ranked_alone_when_the_whole_is_unsure(kb):
    """The options' figures make the whole look like a patient; the stem names the topic."""
    text = "A trial is considered positive when pain is reduced by at least: A) 20% B) 30% C) 50%"
    found = Reading(
        text,
        "describe_patient",
        1.0,
        (("describe_patient", 1.0),),
        facts=True,
        about_patient=True,
        question_ranking=(("faq_prerequisite_trial", 0.9),),
    )
    assert decide(kb, found, patient_ongoing=False) == Turn(Kind.QUESTION, "prerequisite_trial")
    assert question_span(text) == (0, text.index("A) 20%") - 1)


@pytest.mark.parametrize(
    "text",
    [
        "Which journal published the 2024 paper on targeted drug delivery via intrathecal pain"
        " pump for malignant pain?",
        "Is there a reference in the summary about morphine-bupivacaine pumps for non-cancer pain?",
    ],
)
def test_a_question_about_one_named_publication_is_a_references_turn(kb, text):
    found = reading(text, [("faq_indication", 0.75), ("faq_cancer_pain", 0.24)])
    assert decide(kb, found, patient_ongoing=False).kind is Kind.REFERENCES


def test_a_figure_the_classifiers_topic_states_keeps_that_topic(kb):
    """80% is stated by more than one topic: the narrowest is not the only one that can answer."""
    text = "Is the pain pump for the 80% who do fine on tablets, or for the ones who don't respond?"
    found = reading(text, [("faq_not_first_line", 0.89), ("faq_indication", 0.08)])
    assert decide(kb, found, patient_ongoing=False) == Turn(Kind.QUESTION, "not_first_line")


STORY = "My mum refuses to take her morphine until the pain is unbearable. How do I talk to her?"
PUMP_STORY = (
    "My mum's pain is out of control on morphine. Someone mentioned a pump. Could she get one?"
)
OTHER_CASE = "70F on apixaban for a DVT, hip replacement next month - when should she stop it?"
ASKS_VERDICT = "64M, pancreatic adenoCA, pain 9/10 on escalating morphine. Thoughts?"
NOT_OURS = (("goodbye", 0.3), ("out_of_scope", 0.27))


@pytest.mark.parametrize(
    "text, whole, question_ranking, kind",
    [
        # told for a question the source does not answer, and no candidate: declined
        (STORY, (("faq_mechanism_oral_ratio", 0.57),), NOT_OURS, Kind.OUT_OF_SCOPE),
        # the same question closing a description the classifier calls one: still declined,
        # as it names neither the pump nor the assessment
        (STORY, (("describe_patient", 0.8),), NOT_OURS, Kind.OUT_OF_SCOPE),
        # a case told for a question on another procedure, in one sentence: declined
        (OTHER_CASE, (("describe_patient", 0.94),), NOT_OURS, Kind.OUT_OF_SCOPE),
        # a description asking for the assessment in words of its own: assessed
        (ASKS_VERDICT, (("describe_patient", 0.8),), NOT_OURS, Kind.PATIENT),
        # a story naming the pump, closing on "could she get one": an assessment
        (PUMP_STORY, (("faq_mechanism_oral_ratio", 0.57),), NOT_OURS, Kind.PATIENT),
        # a closing question that is ours: answered beside the assessment
        (STORY, (("faq_mechanism_oral_ratio", 0.57),), (("faq_not_first_line", 0.5),), Kind.BOTH),
    ],
)
def test_a_story_told_for_a_question_not_ours_is_declined(kb, text, whole, question_ranking, kind):
    found = Reading(
        text,
        whole[0][0],
        whole[0][1],
        whole,
        facts=True,
        about_patient=True,
        question_ranking=question_ranking,
    )
    assert decide(kb, found, patient_ongoing=False).kind is kind


@pytest.mark.parametrize(
    "ranking, also",
    [
        # torn between two families: both are answered, the likelier first
        ([("faq_not_first_line", 0.52), ("faq_non_malignant_pain", 0.23)], "non_malignant_pain"),
        # sure of the first: one answer
        ([("faq_cancer_pain", 0.85), ("faq_not_first_line", 0.12)], None),
        # the second too weak to offer
        ([("faq_not_first_line", 0.7), ("faq_non_malignant_pain", 0.05)], None),
        # the second is the first's broader topic, whose answer holds the first's
        ([("faq_prerequisite_trial", 0.6), ("faq_prerequisites", 0.3)], None),
    ],
)
def test_a_second_topic_with_real_weight_is_answered_after_the_first(kb, ranking, also):
    turn = decide(kb, reading("is the pump only a last resort?", ranking), patient_ongoing=False)
    assert (turn.kind, turn.also) == (Kind.QUESTION, also)


def test_a_topic_the_words_name_clearly_is_answered_second_even_when_the_classifier_is_sure(kb):
    found = reading("is ITDD first-line for cancer pain?", [("faq_cancer_pain", 0.93)])
    turn = decide(kb, found, patient_ongoing=False)
    assert (turn.topic, turn.also) == ("cancer_pain", "not_first_line")


def test_an_exam_stem_closing_with_a_question_on_the_pump_is_ranked_on_that_question():
    question = "Which is NOT one of the mandatory prerequisites before an intrathecal pump?"
    text = (
        "A 72-year-old with metastatic prostate cancer has refractory back pain on oxycodone. "
        f"{question} A) failed conservative management B) a trial C) an MRI D) a psych evaluation"
    )
    span = question_span(text)
    assert text[span[0] : span[1]].strip() == question


def test_a_question_asking_what_the_therapy_is_also_says_how_it_works(kb):
    text = "what exactly is an intrathecal drug delivery system?"
    ranking = (("faq_indication", 0.95),)
    found = decide(kb, Reading(text, "faq_indication", 0.95, ranking), patient_ongoing=False)
    assert (found.topic, found.also, found.also_heading) == (
        "indication",
        kb.topics["indication"].defined_with,
        "defined_with",
    )
    other = Reading("who is the pump indicated for?", "faq_indication", 0.95, ranking)
    assert decide(kb, other, patient_ongoing=False).also_heading == "also_relevant"


def test_a_one_question_case_asking_no_candidacy_is_declined_when_guarded(kb):
    """'implant' alone does not make a question about holding apixaban an assessment."""
    text = "pt on apixaban for AF - how many days do we hold it before an intrathecal pump implant?"
    ranking = (("out_of_scope", 0.95), ("describe_patient", 0.03))
    found = Reading(text, "out_of_scope", 0.95, ranking, facts=True, about_patient=True)
    assert decide(kb, found, patient_ongoing=False).kind is Kind.OUT_OF_SCOPE


def test_a_true_or_false_item_is_a_question_whatever_values_it_quotes(kb):
    text = "True or false: it needs a life expectancy over 6 months."
    ranking = (("faq_prerequisite_life_expectancy", 0.85),)
    found = Reading(text, ranking[0][0], 0.85, ranking, facts=True, about_patient=True)
    decided = decide(kb, found, patient_ongoing=False)
    assert (decided.kind, decided.topic) == (Kind.QUESTION, "prerequisite_life_expectancy")


def test_a_case_asking_whether_a_guarded_regimen_is_appropriate_is_assessed(kb):
    text = (
        "68M, metastatic NSCLC, morphine ER 200 mg bid, sleepy and confused. Is an intrathecal"
        " pump with morphine and low-dose bupivacaine appropriate?"
    )
    ranking = (("describe_patient", 0.99),)
    found = Reading(text, "describe_patient", 0.99, ranking, facts=True, about_patient=True)
    assert decide(kb, found, patient_ongoing=False).kind is Kind.PATIENT


def test_several_words_never_met_and_nothing_of_the_pump_is_something_else(kb):
    text = "T or F: the WHO analgesic ladder recommends non-opioids first"
    ranking = (("faq_indication", 0.98),)
    found = Reading(text, "faq_indication", 0.98, ranking, unfamiliar=("ladder", "recommends"))
    assert decide(kb, found, patient_ongoing=False).kind in (Kind.UNSURE, Kind.OUT_OF_SCOPE)
    # the pump named, or the source's own words, keep the topic
    named = Reading(
        "does the pump follow the WHO ladder",
        "faq_indication",
        0.98,
        ranking,
        unfamiliar=("ladder", "follow"),
    )
    assert decide(kb, named, patient_ongoing=False).kind is Kind.QUESTION


@pytest.mark.parametrize(
    "text, implanted",
    [
        ("I'm 27 with a hydromorphone pump for CRPS and 34 weeks pregnant.", True),
        ("why does his clinic write to the insurer after his pump was already put in?", True),
        ("had my pump trial yesterday pain went from 8 to 5", False),
        ("my mum wants to know if she could get a pump", False),
        ("She asks whether she can have a permanent pain pump fitted before discharge.", False),
    ],
)
def test_someone_who_already_has_a_pump(text, implanted):
    assert bool(HAS_A_PUMP.search(text)) is implanted


def test_an_abbreviation_ends_no_sentence():
    text = "Our department asked: which complication should the team watch for, e.g. weakness?"
    span = question_span(text)
    assert text[span[0] : span[1]].startswith("which complication")


def test_exam_options_stating_two_figures_name_the_topic_stating_both(kb):
    text = (
        "Which of the following is correct about intrathecal morphine? A) 1/10 of the oral dose"
        " B) 1/300 of the oral dose and 1/24 of the epidural dose C) equal to the epidural dose"
    )
    ranking = (("faq_mechanism_epidural_ratio", 0.99),)
    found = Reading(text, ranking[0][0], 0.99, ranking)
    assert decide(kb, found, patient_ongoing=False).topic == "mechanism"


def test_an_instruction_closing_a_case_is_read_as_its_question(kb):
    text = "Convert 1.5 mg/h IV hydromorphone to an oral hydromorphone dose before the pump trial."
    ranking = (("faq_mechanism_oral_ratio", 0.94),)
    found = Reading(text, ranking[0][0], 0.94, ranking, facts=True, about_patient=True)
    assert decide(kb, found, patient_ongoing=False).kind is Kind.OUT_OF_SCOPE


def test_a_question_pointing_back_into_a_guarded_context_is_declined(kb):
    text = "I've got a pump and my neurologist wants a 3T MRI of my head. Is that safe?"
    ranking = (("faq_monitoring", 0.85),)
    found = Reading(text, ranking[0][0], 0.85, ranking, question_ranking=ranking)
    assert decide(kb, found, patient_ongoing=False).kind is Kind.OUT_OF_SCOPE
