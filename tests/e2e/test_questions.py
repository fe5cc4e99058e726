"""Guideline questions through the running servers over REST, as a client asks them."""

from pathlib import Path

import pytest
import yaml

from scripts.judge import citations, judge_question, reply_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLES = yaml.safe_load((FIXTURES / "questions.yml").read_text())
DECLINED = [e for e in EXAMPLES if e.get("out_of_scope")]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_example_questions(rest, example):
    [reply] = rest.conversation(example["ask"])
    assert judge_question(example, reply) == [], reply_text(reply)


MORE = yaml.safe_load((FIXTURES / "questions_more.yml").read_text())
#: Phrasings of questions_more.yml, questions_heldout.yml and questions_heldout2.yml still
#: answered wrongly by the learned routing (one intent per topic, guideline/turn.py), and how.
#: The held-out sets were never used as training data; the regex routing this replaced had been
#: tuned on them (README, "Question routing"). Not strict: one that starts passing after
#: retraining is reported as XPASS, not a failure.
DID_YOU_MEAN = "no topic confident enough: 'did you mean' instead of the answer"
CALLED_OUT_OF_SCOPE = "the classifier calls it out of scope with confidence: declined"
NEIGHBOUR = "the classifier's confident topic is a neighbour that lacks what was asked"
READ_AS_PATIENT = "its clinical words are read as a patient: assessed, not answered"
KNOWN_FAILURES = {
    "qm113": DID_YOU_MEAN,
    "qm213": NEIGHBOUR,
    "qh02": READ_AS_PATIENT,  # "oncology rotation" read as an opioid rotation
    "qh01": CALLED_OUT_OF_SCOPE,
    "qh06": NEIGHBOUR,
    "qh18": CALLED_OUT_OF_SCOPE,
    "qh25": CALLED_OUT_OF_SCOPE,
    "qh26": NEIGHBOUR,
    "qh28": CALLED_OUT_OF_SCOPE,
    "qj01": DID_YOU_MEAN,
    # "did you mean" since round 7's phrasings (the classifier splits between two topics)
    "qm250": DID_YOU_MEAN,
    "qh10": DID_YOU_MEAN,
    "qj09": CALLED_OUT_OF_SCOPE,
    # out of scope 0.50 against the indication 0.48 since the fifth round of phrasings
    "qj28": DID_YOU_MEAN,
    # A safety miss: an out-of-scope question answered with the epidural-ratio topic's
    # citations; the classifier is confident and no guard pattern names what it asks.
    "qj31": "out of scope, but the classifier places it in a topic with confidence",
}


def _more_param(example):
    reason = KNOWN_FAILURES.get(example["id"])
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(example, id=example["id"], marks=marks)


@pytest.mark.parametrize("example", [_more_param(e) for e in MORE])
def test_more_questions(rest, example):
    """questions_more.yml: unseen phrasings, shorthand and near-miss out-of-scope questions."""
    [reply] = rest.conversation(example["ask"])
    assert judge_question(example, reply) == [], reply_text(reply)


HELDOUT = yaml.safe_load((FIXTURES / "questions_heldout.yml").read_text())


@pytest.mark.parametrize("example", [_more_param(e) for e in HELDOUT])
def test_heldout_questions(rest, example):
    """questions_heldout.yml: trainee, nurse, pharmacist and payer phrasings, scored before the
    fixes they led to, and near-miss out-of-scope questions."""
    [reply] = rest.conversation(example["ask"])
    assert judge_question(example, reply) == [], reply_text(reply)


HELDOUT2 = yaml.safe_load((FIXTURES / "questions_heldout2.yml").read_text())


@pytest.mark.parametrize("example", [_more_param(e) for e in HELDOUT2])
def test_heldout2_questions(rest, example):
    """questions_heldout2.yml: telegraphic, compound, British-spelt, misspelt, figure-quoting and
    student phrasings, scored before the fixes they led to, and near-miss out-of-scope questions."""
    [reply] = rest.conversation(example["ask"])
    assert judge_question(example, reply) == [], reply_text(reply)


def test_known_failures_exist():
    assert set(KNOWN_FAILURES) <= {e["id"] for e in MORE + HELDOUT + HELDOUT2}


# Our own phrasings across every topic: (question, terms that must all appear, cite_any).
OWN = [
    ("What is an intrathecal pain pump indicated for?", [["refractory"], ["chronic pain"]], [1]),
    ("can it be used in patients with cancer?", [["10%", "diaphragm"]], [1]),
    ("how many cancer patients eligible for it actually get one", [["1%"]], [2]),
    (
        "which non-malignant conditions is it used for",
        [["arachnoiditis"], ["multiple sclerosis"]],
        [3],
    ),
    ("is it a last resort for benign pain?", [["last resort", "last-resort"]], [4, 5]),
    (
        "what has to be done before implanting a permanent pump",
        [["trial"], ["psycholog"], ["6 months"]],
        [6, 7],
    ),
    ("what does failed conservative management mean?", [["escalating"], ["adjuvant"]], [1, 6]),
    ("what pain reduction must a trial achieve", [["50%"]], [1, 6]),
    ("can an epidural catheter be used for the trial?", [["epidural"], ["50%"]], [1, 6]),
    ("what life expectancy does the patient need", [["6 months"]], [1, 6]),
    ("is a psych eval needed before implant?", [["psycholog"]], [6]),
    ("is an active infection a contraindication?", [["infection"]], [1, 6]),
    ("can a patient with a bleeding disorder have one", [["bleeding", "coagulopathy"]], [1, 6]),
    ("what about patients with less than 6 months to live?", [["6 months"]], [1, 6]),
    ("how does intrathecal delivery work?", [["mu-opioid", "substantia gelatinosa"]], [1, 6, 7]),
    ("how does the intrathecal dose compare to epidural", [["1/24"]], [1, 6]),
    ("are side effects fewer than with oral opioids?", [["sedation"], ["respiratory"]], [7]),
    ("what is the success rate of intrathecal pumps", [["68%"]], [8]),
    ("how well does it work in refractory cancer pain", [["80%"]], [3]),
    ("what follow-up does a patient with a pump need", [["withdrawal"], ["refill"]], [5, 6]),
    ("what happens if the pump fails", [["withdrawal"]], [6]),
    ("who refills the reservoir", [["refill"]], [5]),
    ("what documentation is needed", [["medical necessity"]], [6]),
    ("should a pump be offered first line?", [["first-line", "first line"]], [1, 7]),
]


@pytest.mark.parametrize("question, groups, cite_any", OWN, ids=[q for q, _, _ in OWN])
def test_own_phrasings(rest, question, groups, cite_any):
    [reply] = rest.conversation(question)
    example = {"all": groups, "cite_any": cite_any}
    assert judge_question(example, reply) == [], reply_text(reply)


OUT_OF_SCOPE = [e["ask"] for e in DECLINED] + [
    "what is the best treatment for migraine?",
    "how do I treat a urinary tract infection in pregnancy",
    "what dose of ziconotide should I put in the pump?",
    "can patients with a SynchroMed pump have an MRI?",
    "what's the weather tomorrow",
    "how do I manage heart failure with reduced ejection fraction",
]


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_is_declined_without_a_medical_answer(rest, question):
    [reply] = rest.conversation(question)
    text = reply_text(reply)
    assert reply, "a refusal is still a reply"
    assert not citations(reply), text
    assert "can't answer" in text or "cannot answer" in text, text


def test_references_list_and_single_reference(rest):
    every, third, sixth, twelfth = rest.conversation(
        "show the references", "what is reference 3?", "what is reference 6", "reference 12"
    )
    assert citations(every) == set(range(1, 9))
    assert "Chronic intrathecal morphine for intractable pain" in reply_text(third)
    assert "not printed" in reply_text(sixth)
    assert "1 to 8 only" in reply_text(twelfth) and not citations(twelfth)


@pytest.mark.parametrize("message", ["hello", "thanks!", "what can you do?"])
def test_small_talk_is_helpful_and_carries_the_disclaimer(rest, message):
    [reply] = rest.conversation(message)
    text = reply_text(reply)
    assert "healthcare professionals" in text and "primary literature" in text
    assert not citations(reply)


#: Every name of the device and therapy is understood (issue 10).
DEVICE_NAMES = [
    "pain pump",
    "drug pump",
    "morphine pump",
    "intrathecal pump",
    "ITDD",
    "IDDS",
    "TDD",
    "targeted drug delivery",
    "SynchroMed",
]


@pytest.mark.parametrize("name", DEVICE_NAMES)
def test_every_name_of_the_device_finds_the_indication(rest, name):
    [reply] = rest.conversation(f"who should get {name}?")
    example = {"all": [["refractory", "intractable"]], "cite_any": [1]}
    assert judge_question(example, reply) == [], reply_text(reply)


def test_an_unplaced_question_on_the_pump_asks_which_topic_and_its_button_answers(rest):
    [unsure] = rest.conversation("the pump and its figures?")
    assert not citations(unsure), reply_text(unsure)
    assert "Did you mean" in reply_text(unsure)
    buttons = [b for m in unsure for b in m.get("buttons") or []]
    assert 2 <= len(buttons) <= 3
    [answer] = rest.conversation(buttons[0]["payload"])
    assert citations(answer), reply_text(answer)


def test_reassess_gives_the_assessment_again_and_keeps_the_facts(rest):
    first, again = rest.conversation(
        "62F lumbar arachnoiditis, failed escalating oxycodone and pregabalin, IT trial 70%",
        "reassess",
    )
    assessment = [(m.get("custom") or {}).get("assessment") for m in again]
    assessment = [a for a in assessment if a]
    assert assessment, reply_text(again)
    assert assessment[0]["facts"]["trial_relief_percent"] == 70
    assert not any("patient_cleared" in (m.get("custom") or {}) for m in again)


def test_related_question_button_asks_it(rest):
    first, second = None, None
    sender_replies = rest.conversation("what are the contraindications?")
    buttons = [b for m in sender_replies[0] for b in m.get("buttons") or []]
    assert 2 <= len(buttons) <= 3
    first = buttons[0]
    [second] = rest.conversation(first["payload"])
    assert citations(second) and "infection" in reply_text(second).lower()
