"""Answer composition, refusals, references and lexical recall, without Rasa. (Which topic a
question is about is the classifier's; tests/guideline/test_turn.py tests the decision.)"""

import pytest

from guideline.answers import (
    answer_topic,
    asks_for_references,
    decline,
    did_you_mean,
    guarded,
    names_the_therapy,
    references_reply,
    small_talk,
    topic_payload,
    with_also,
)
from guideline.knowledge import citations_in, default_knowledge


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


DECLINED = [
    "how do I program the bolus settings on a SynchroMed II?",
    "what is the starting dose of intrathecal morphine",
    "how much ziconotide should I put in the pump",
    "can a patient with a pump have an MRI",
    "what antibiotic should I use for pneumonia",
    "how do I treat diabetes",
    "what is the capital of France",
    "",
    # how long, how often and how many: figures the source does not give
    "how long does the intrathecal trial take",
    "what refill interval is usual for the reservoir",
    "what is the infection rate after implantation",
    # another drug, device or procedure asked about in the guideline's words
    "what are the contraindications to a lumbar puncture",
    "side effects of duloxetine",
    "spinal cord stimulation versus intrathecal therapy",
    "what is the pump reservoir volume",
    "is a fentanyl patch better than oral morphine",
    "what is the CPT code for pump implantation",
    "what concentration does pharmacy compound for the reservoir",
    "what monitoring is needed on a heparin infusion",
    "Pt on 60 mg oral morphine a day, switching to oxycodone. What's the equianalgesic dose?",
    "Is it safe to use a sauna or hot tub with an implanted pain pump?",
    "When was the first implanted pump for intrathecal morphine used, and by whom?",
    # a threshold the source does not give
    "what INR is too high for the implant?",
    "what is the cut-off score on the PHQ-9 before a pump",
]


#: Questions on the pump the source does not answer: the guard refuses them whatever the
#: classifier says.
GUARDED = [q for q in DECLINED[:4] + DECLINED[8:] if q]


@pytest.mark.parametrize("question", GUARDED)
def test_the_guard_refuses_what_the_source_does_not_answer(kb, question):
    assert guarded(kb, question)


@pytest.mark.parametrize("question", DECLINED)
def test_a_refusal_has_no_medical_answer(kb, question):
    reply = decline(kb, question)
    assert not any(citations_in(text) for text in reply.texts)
    assert all(not citations_in(button["title"]) for button in reply.buttons)


@pytest.mark.parametrize(
    "question",
    [
        "who qualifies for a pump",
        "what is the success rate",
        "is a psych evaluation needed",
        "granuloma?",
        # a guarded term set aside by a negation is not what is asked
        "Can someone with MS get a morphine pump for their pain, not a baclofen pump?",
        "Can someone with MS get an intrathecal pump for pain, not for spasticity?",
        "84F, kyphoplasty not an option. Is an intrathecal pump an option?",
        # a dose compared is the source's ratio, not a dose asked for
        "Compared with the epidural dose, how much morphine is needed intrathecally?",
        "how does the intrathecal dose compare with the epidural dose?",
        "Can the pump be used for MS pain, not just the baclofen one for spasms?",
        # the pain after an operation is a diagnosis, not a question on the operation
        "Is a pump an option for post-laminectomy syndrome?",
        # every name of the therapy is its own subject ("contraindications to <the pump>")
        "list the contraindications to IDDS",
        "side effects of a TDD system?",
        "how can I tell whether I'd be a candidate for a pain pump",
        # a system that fails is the withdrawal topic
        "what's the danger if the reservoir empties or the catheter kinks",
    ],
)
def test_the_guard_lets_guideline_questions_through(kb, question):
    assert not guarded(kb, question)


def test_pump_questions_outside_the_source_say_so(kb):
    reply = decline(kb, "how do I program the pump settings")
    assert reply.texts == [kb.conversation["not_in_source"]]
    reply = decline(kb, "what is the capital of France")
    assert reply.texts == [kb.conversation["out_of_scope"]]


def test_did_you_mean_offers_topics_as_buttons_that_ask_for_them(kb):
    reply = did_you_mean(kb, ("outcomes_success", "mechanism"))
    assert reply.texts == [kb.conversation["did_you_mean"]]
    assert [b["payload"] for b in reply.buttons] == ["/faq_outcomes_success", "/faq_mechanism"]
    assert [b["title"] for b in reply.buttons] == [
        kb.topics["outcomes_success"].question,
        kb.topics["mechanism"].question,
    ]
    assert not any(citations_in(t) for t in reply.texts + [b["title"] for b in reply.buttons])


def test_a_second_topic_follows_the_answer_under_its_own_introduction(kb):
    first = answer_topic(kb, kb.topics["not_first_line"])
    reply = with_also(kb, first, "non_malignant_pain")
    assert reply.texts[0] == first.texts[0]
    assert reply.texts[1].startswith(kb.conversation["also_relevant"])
    assert kb.topics["non_malignant_pain"].title in reply.texts[1]
    assert topic_payload("non_malignant_pain") not in [b["payload"] for b in reply.buttons]
    assert with_also(kb, first, None) == first


def test_answer_has_title_statements_citations_and_related_buttons(kb):
    topic = kb.topics["contraindications"]
    reply = answer_topic(kb, topic)
    text = reply.texts[0]
    assert text.startswith("**Absolute contraindications**")
    assert "- An active infection [1, 6]" in text
    assert set(citations_in(text)) == {1, 6, 7}
    assert [b["payload"] for b in reply.buttons] == [topic_payload(t) for t in topic.related]
    assert [b["title"] for b in reply.buttons] == [kb.topics[t].question for t in topic.related]


def test_a_narrow_topic_gets_the_short_answer(kb):
    reply = answer_topic(kb, kb.topics["mechanism_oral_ratio"])
    assert "1/300" in reply.texts[0] and "1/24" not in reply.texts[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what is reference 3?", "Chronic intrathecal morphine for intractable pain"),
        ("what is ref #8", "Neuromodulation"),
        ("what does [5] refer to", "Praxis Medical Insights"),
        ("what is reference 6", "not printed"),
        ("what is reference 12", "1 to 8 only"),
        ("what is reference 0", "1 to 8 only"),
    ],
)
def test_one_reference(kb, text, expected):
    reply = references_reply(kb, text)
    assert len(reply.texts) == 1 and expected in reply.texts[0]


def test_reference_list_shows_all_eight(kb):
    text = references_reply(kb, "show the references").texts[0]
    for number in range(1, 9):
        assert f"[{number}]" in text
    assert "Journal of Neurosurgery, 1987" in text


@pytest.mark.parametrize("kind", ["greet", "capabilities", "thanks", "goodbye"])
def test_small_talk_carries_the_disclaimer_and_no_citation(kb, kind):
    reply = small_talk(kb, kind)
    assert kb.source["disclaimer"] in reply.texts
    assert not any(citations_in(text) for text in reply.texts)


def test_source_of_a_figure_answers_it_with_its_reference(kb):
    text = references_reply(kb, "where does the 1% figure come from?").texts[0]
    assert "1%" in text and "[2]" in text
    assert "Techniques in Vascular and Interventional Radiology" in text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the 2008 Neuromodulation study", "[8] Perceived success"),
        ("what is the Journal of Neurosurgery paper", "[3] Chronic intrathecal morphine"),
        ("which reference is from 1987", "[3] Chronic intrathecal morphine"),
        ("what is the Clinical Radiology article", "[4] Intrathecal pain pumps in pain relief"),
        ("the mechanism of action reference", "[7] Mechanism of Action"),
    ],
)
def test_a_reference_is_found_by_title_journal_or_year(kb, text, expected):
    [reply] = references_reply(kb, text).texts
    assert reply.startswith(expected)


def test_a_named_reference_says_what_the_guideline_cites_it_for(kb):
    [reply] = references_reply(kb, "what did the 2008 Neuromodulation study find").texts
    assert "68%" in reply and "86%" in reply
    assert all(set(citations_in(line)) == {8} for line in reply.splitlines()[2:])


@pytest.mark.parametrize(
    "text, asks",
    [
        ("references", True),
        ("what are your sources", True),
        ("Praxis 2026", True),
        ("where does the 80% figure come from", True),
        ("when is a hospice referral appropriate", False),
        ("who qualifies for a pump", False),
    ],
)
def test_asks_for_references(kb, text, asks):
    assert asks_for_references(kb, text) is asks


@pytest.mark.parametrize(
    "text, names_it",
    [
        ("can a patient with an intrathecal pump have an MRI", True),
        ("is ITDD an option", True),
        ("what is IDDS", True),
        ("is a drug pump right for me", True),
        ("targeted drug delivery for cancer", True),
        ("how do I set an insulin pump", False),
        ("PCA pump settings after surgery", False),
    ],
)
def test_other_pumps_do_not_name_the_therapy(kb, text, names_it):
    assert names_the_therapy(kb, text) == names_it


@pytest.mark.parametrize(
    "question, sources",
    [
        ("where does the 80% excellent relief figure come from?", True),
        ("which study found that 80% get good relief", True),
        ("how well does it work in refractory cancer pain", False),
    ],
)
def test_a_question_about_where_a_statement_comes_from_names_its_references(kb, question, sources):
    text = answer_topic(kb, kb.topics["outcomes_cancer"], question).texts[0]
    assert ("Journal of Neurosurgery, 1987" in text) is sources
    assert "[3]" in text


@pytest.mark.parametrize(
    "text, refused",
    [
        ("is intrathecal delivery most effective for pain below the diaphragm?", False),
        ("catheter tip granuloma: what monitoring does the guideline advise?", False),
        ("is gabapentin effective for diabetic neuropathy?", True),
        ("what level should the catheter tip be placed at?", True),
        ("Prometra or SynchroMed: which is the better pump?", True),
        ("what is the mortality of intrathecal pump patients at five years?", True),
    ],
)
def test_the_not_in_source_guard_refuses_only_what_the_source_leaves_out(kb, text, refused):
    assert guarded(kb, text) is refused


@pytest.mark.parametrize(
    "question",
    [
        "How often will my pain pump need to be refilled?",
        "What's the oral to subcutaneous morphine conversion ratio for hospice patients?",
        "How do I convert oral morphine to methadone?",
        "What naloxone dose for a pump overdose?",
        "What factor VIII level is needed before surgery?",
        # taking a device out, and daily life with one
        "Is simultaneous explant and reimplant safe for an infected pump?",
        "Can I go home with the epidural catheter after the screening test?",
        "When can I drive after the pump is implanted?",
        "How many days do we hold apixaban before the intrathecal trial?",
        "how do I manage breakthrough cancer pain",
        "Is it ok to do gardening and bending 3 weeks after my pump implant?",
        "how big is the pump and will it show under clothes",
        "where does the pump go, in the belly?",
        "if the catheter ruptures can the surgeon just seal it off and run a new one?",
        "can they put something else in the pump instead of morphine?",
        # the operation's technique, the wound after it, how often the device breaks
        "Which spinal level is the catheter inserted at for an intrathecal trial?",
        "What should I do if my pump site gets red and swollen?",
        "how often do intrathecal pumps fail mechanically",
        "is bupivacaine added to the pump for cancer pain",
        "Does refilling an intrathecal pump every few months raise the risk of a device infection?",
        "My husband had a morphine pump and has just died. Must it come out before cremation?",
        "Which psychometric tests are used in the pre-pump psych evaluation, and what cut-offs?",
        "if i tell the psychologist i have anxiety will that stop me getting my pain pump?",
        "What PPS score predicts survival over 6 months so we can refer for a pain pump?",
        "What is the first-line drug for central post-stroke pain before we talk about a pump?",
        "First-line treatment for newly diagnosed adult ITP with platelets of 15?",
        "how do I convert a fentanyl patch to oral morphine",
        "IT catheter removed - what ratio do I use to convert his IT morphine to oral methadone?",
        "got a spinal headache after the pump trial yesterday, should i get a blood patch",
    ],
)
def test_intervals_and_ratios_the_source_never_gives_are_refused(kb, question):
    assert guarded(kb, question)


@pytest.mark.parametrize(
    "question",
    [
        "How are refills and dose adjustments handled?",
        "oral:IT morphine ratio",
        "what level of pain relief do we need on the trial",
        "what happens if the intrathecal system malfunctions",
        "i have adhesive arachnoiditis after a myelogram years ago, is it on the list?",
        "Does the guideline cite anything on morphine plus bupivacaine pumps?",
        "where in the body does the pump work best for cancer pain",
        "where does the pump sit in the treatment sequence - an early option or a last resort?",
        "is the risk of infection a contraindication",
        "is the pump first-line treatment for cancer pain",
        "his pain won't go below 3 even with patches and morphine tablets, who gets a pump",
        "does the pump lower the risk of side effects compared with tablets",
        "can he only escalate morphine at the cost of worsening sedation - does that count?",
    ],
)
def test_what_the_source_says_of_refills_and_ratios_is_answered(kb, question):
    assert not guarded(kb, question)
