"""What one user turn is, decided in one place.

The intent classifier (Rasa NLU, one intent per guideline topic), the clinical fact reader and
the conversation so far each say something about a message; this module weighs them and names
the turn: a guideline question (and its topic), a patient description, both, a new patient,
small talk, out of scope, or unsure (a question about the pump that no topic takes with
confidence: "did you mean ...?"). Plain Python, no Rasa import: the action calls it and does
what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

from guideline.answers import (
    INTENT_PAYLOAD,
    SENTENCE_END,
    asks_about_a_reference,
    asks_for_references,
    guarded,
    names_the_therapy,
)
from guideline.knowledge import Knowledge, default_knowledge
from guideline.lexical import (
    figure_topic,
    figures_option_topic,
    index_for,
    lexical_topic,
    states_quoted_figures,
)
from guideline.text import is_new_patient_request

#: Intent names: one per topic is FAQ_PREFIX + topic id; the others are these.
FAQ_PREFIX = "faq_"
REFERENCES = "ask_references"
DESCRIBE_PATIENT = "describe_patient"
ASK_ASSESSMENT = "ask_assessment"
NEW_PATIENT = "new_patient"
OUT_OF_SCOPE = "out_of_scope"
SMALL_TALK = {
    "greet": "greet",
    "ask_capabilities": "capabilities",
    "thank": "thanks",
    "goodbye": "goodbye",
}

#: A topic (or a topic with its narrower topics) this likely is answered.
ANSWER_CONFIDENCE = 0.45
#: Below this, a topic is answered only when the question names the therapy or its words are
#: the source's (lexical hint); otherwise "did you mean" (a question on another drug must not
#: get the pump's citations because the classifier leaned one way).
SURE_CONFIDENCE = 0.8
#: An out-of-scope probability this high makes the classifier split between a topic and
#: "not ours" (then SURE_CONFIDENCE applies).
OUT_OF_SCOPE_CONTENDER = 0.25
#: "Out of scope" this close to the best topic (or family) leaves the classifier torn: ask.
OUT_OF_SCOPE_MARGIN = 0.1
#: The lexical score that counts as the source's own words backing a less sure topic (one
#: common word such as "medication" scores about 0.3).
LEXICAL_SUPPORT = 0.35
#: The weight a second topic needs to be answered after the first, unless the classifier is
#: sure of the first ("is the pump first-line for cancer pain": cancer pain, then first-line).
ALSO_CONFIDENCE = 0.1
#: The lexical score at which the topic a question's words name is answered second.
LEXICAL_ALSO = 0.4
#: A small-talk or out-of-scope intent this likely is taken as it is.
INTENT_CONFIDENCE = 0.5
#: An out-of-scope intent below this, on a question naming the pump, gets "did you mean"
#: rather than a refusal ("what is a Medtronic pain pump for" is ours however it is worded).
OUT_OF_SCOPE_SURE = 0.9
#: Below ANSWER_CONFIDENCE, guideline topics together this likely make the question ours.
TOPIC_MASS_UNSURE = 0.3
#: The lexical index names a topic when its best score reaches this, ahead of the next
#: topic outside the same family by LEXICAL_MARGIN.
LEXICAL_ANSWER = 0.3
LEXICAL_MARGIN = 0.1
#: A lexical score this high is a hint the question is ours (for "did you mean").
LEXICAL_HINT = 0.2
#: At most this many topics are offered under "did you mean".
CHOICES = 3
#: Below this, a question naming a word neither the topics' phrasings nor the source use gets
#: "did you mean" rather than the topic's answer: its subject may be one the source never
#: covers ("is the pump safe during breastfeeding" is not the withdrawal topic).
FAMILIAR_CONFIDENCE = 0.5

#: Below this, a question asking whether the pump suits a condition or finding the assistant
#: has never met ("is obesity a contraindication?", "can you get one if you have a
#: pacemaker?", "does it work for migraine?") gets "did you mean": the source may not name it.
NAMED_SUBJECT_CONFIDENCE = 0.85
#: A question naming neither the pump nor the therapy, with this many words never met, is
#: about something else however sure the classifier is ("First-line treatment for newly
#: diagnosed ITP with wet purpura?" is not the pump's first-line pitfall).
UNMET_WORDS = 2
#: Where a question names the condition or finding it asks about.
SUBJECT_FRAME = re.compile(
    r"\b(?:with|for|have|has|having|had|in|from|on|of|and)\s+(?=(?:an?\s+|the\s+|any\s+|some\s+)?"
    r"(?:history\s+of\s+|prior\s+|previous\s+|known\s+)?(?P<after>[a-z'-]+))"
    r"|^\s*(?:is|are|does|do|can|could|would|will)\s+(?P<subject>[a-z'-]+)\b",
    re.IGNORECASE,
)

_QUESTION_WORD = (
    r"(?:can|could|does|do|is|are|should|must|will|would|what|which|when|how|"
    r"who|why)\b"
)
#: A question, or a one-sentence message opening with a question word, possibly after a short
#: lead-in naming who asks or why ("for my oncology rotation, which pains respond best"), or a
#: closing clause after a description (", and what proportion of cancer patients are like that").
QUESTION = re.compile(
    r"[^.!?\n]*\?|^\s*" + _QUESTION_WORD + r"[^.!?\n]*$"
    r"|(?:(?<=[.!?]\s)|(?<=\n))\s*"
    + _QUESTION_WORD
    + r"[^.!?\n]*$"  # the last sentence
    + r"|^\s*(?:for|as|on|in|from|during|quick q|ok|okay|so)\b[^,.!?\n]{0,50},\s*"
    + _QUESTION_WORD
    + r"[^.!?\n]*$"
    r"|(?<=[,;])\s*(?:and|but|also|plus)\s+(?:what|which|how|who|why|when|should|could|would)\b"
    r"[^,;.!?\n]*$"
    # a run-on question closing a message without its '?': "... cancer can she even get one"
    r"|\b(?:can|could|does|do|did|is|are|was|should|would|will|am)\s+"
    r"(?:i|you|he|she|we|they|it|that|this)\b[^.!?\n]*$",
    re.IGNORECASE,
)
#: A question asking what the therapy is: "what exactly is an intrathecal drug delivery
#: system?", "what even is a pain pump??"
ASKS_WHAT_IT_IS = re.compile(
    r"\bwhat(?:\s+(?:exactly|even|actually|really))?(?:'s|\s+is|\s+are)\s+"
    r"(?:exactly\s+|even\s+|actually\s+|really\s+)?"
    r"(?:an?\s+|the\s+|this\s+|that\s+|these\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:pumps?|system|idds|itdd|tdd|synchromed|therapy)\b",
    re.IGNORECASE,
)
#: Someone who already has the pump is no candidate to assess: "I'm 27 with a hydromorphone pump
#: for CRPS and 34 weeks pregnant", "after his pump was already put in".
HAS_A_PUMP = re.compile(
    r"\b(?:my|his|her|their)\s+(?:[\w-]+\s+){0,2}pump\b"
    r"(?!\s+(?:trial|work-?up|assessment|evaluation|consult\w*|referral|appointment))"
    r"|\b(?:with|has|had|got)\s+an?\s+(?:[\w-]+\s+){0,2}pump\s+"
    r"(?:in|for|since|implanted|placed|fitted)\b"
    r"|\bpump\s+(?:was|is|has\s+been)\s+(?:already\s+)?(?:in|implanted|placed|fitted|put\s+in)\b",
    re.IGNORECASE,
)
#: A true-or-false item states rules to be judged, of nobody in particular.
TRUE_OR_FALSE = re.compile(r"\s*(?:true\s+or\s+false|t\s*(?:or|/)\s*f)\b", re.IGNORECASE)
#: Abbreviations whose dots end no sentence.
ABBREVIATION_DOT = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|esp|cf)\.", re.IGNORECASE)
#: A lead-in set off before the question: "Context - what ratio does the summary quote?"
LEAD_IN = re.compile(r"\s[-–—]\s+|:\s+")
#: A request worded as an instruction: "list the absolute contraindications ...".
REQUEST = re.compile(
    r"\s*(?:please\s+)?(?:list|name|give|explain|describe|summari[sz]e|outline|tell\s+me|"
    r"convert|calculate|work\s+out)\b",
    re.IGNORECASE,
)
#: Words that point back into the lead-in: the question does not stand alone ("Ziconotide -
#: is it a contraindication?"). Case-sensitive: "IT" is intrathecal.
_POINTERS = "it|this|that|these|those|they|them|he|she|his|her"
BACK_REFERENCE = re.compile(rf"\b(?:{_POINTERS}|{_POINTERS.title()})\b")
#: An exam question: a stem, then lettered options ("... is: A) 20% B) 30% C) 50% D) 80%").
#: The options name findings (an infection, a short prognosis) of nobody in particular.
ANSWER_OPTION = re.compile(r"(?:^|\s)\(?([A-E])[).:]\s+\S")
EXAM_STEM = re.compile(
    r"\?|\b(?:which|what|following|true|correct|except|best|most)\b"
    r"|\b(?:is|are|be|by|least|of|to|should|must|would)\s*:?\s*$",
    re.IGNORECASE,
)


#: Words that ask whether someone is a candidate: a case whose closing question names them is
#: an assessment even when the guard reads its other words ("is a pump indicated for a patient
#: who failed epidural steroids?", "is a pump with morphine and bupivacaine appropriate?"), but
#: "how many days do we hold apixaban before the implant?" is not.
_CANDIDACY_WORDS = (
    r"eligib\w*|candida\w*|suitab\w*|qualif\w*|criteri\w*|meets?|indicat\w*|"
    r"appropriate|proceed|go ahead|get one|have one|fit for|work-?up|assess\w*|verdict"
)
ASKS_ABOUT_CANDIDACY = re.compile(rf"\b(?:{_CANDIDACY_WORDS})\b", re.IGNORECASE)
#: Words by which a message about a patient asks for the assessment, whatever else it names
#: ("is he a candidate?", "could she get one?", "thoughts?", "what else do you need to know?"):
#: the candidacy words and the words of a request for advice.
ASKS_FOR_ASSESSMENT = re.compile(
    rf"\b(?:{_CANDIDACY_WORDS}|"
    r"options?|refer\w*|implant\w*|trial|one of those|consider\w*|help\w*|recommend\w*|"
    r"thoughts?|think|advi[sc]e|next steps?|plan|what now|need to know|what else|missing)\b",
    re.IGNORECASE,
)


class Kind(str, Enum):
    EMPTY = "empty"
    QUESTION = "question"
    REFERENCES = "references"
    PATIENT = "patient"
    BOTH = "both"
    NEW_PATIENT = "new_patient"
    SMALL_TALK = "small_talk"
    OUT_OF_SCOPE = "out_of_scope"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Reading:
    """What NLU read from one message: the intent ranking best first, and the clinical facts
    (`facts`: any were read; `about_patient`: the reader says they describe a patient)."""

    text: str
    intent: str
    confidence: float
    ranking: Tuple[Tuple[str, float], ...] = ()
    facts: bool = False
    about_patient: bool = False
    #: words neither the topics' training phrasings nor the source use (guideline/familiar.py)
    unfamiliar: Tuple[str, ...] = ()
    #: the intent ranking of the message's last question alone, when the message holds more
    question_ranking: Tuple[Tuple[str, float], ...] = ()


#: Keys the NLU components add to the parse data: whether the facts describe a particular
#: patient (components/clinical_facts.py), and the words never met (components/familiar_words.py).
DESCRIBES_PATIENT = "describes_patient"
UNFAMILIAR_WORDS = "unfamiliar_words"
#: The classifier's ranking of the message's last question alone, when the message holds more
#: (components/intent_classifier.py).
QUESTION_RANKING = "question_intent_ranking"


def reading_of_parse(parse: Mapping[str, Any], facts: bool) -> Reading:
    """What NLU read from one message, from its parse data; `facts`: clinical facts were read."""
    intent = parse.get("intent") or {}
    return Reading(
        text=parse.get("text") or "",
        intent=intent.get("name") or "",
        confidence=float(intent.get("confidence") or 0.0),
        ranking=_ranking(parse.get("intent_ranking")),
        facts=facts,
        about_patient=facts and bool(parse.get(DESCRIBES_PATIENT)),
        unfamiliar=tuple(parse.get(UNFAMILIAR_WORDS) or ()),
        question_ranking=_ranking(parse.get(QUESTION_RANKING)),
    )


def _ranking(ranked: Optional[Sequence[Mapping[str, Any]]]) -> Tuple[Tuple[str, float], ...]:
    return tuple(
        (r.get("name"), float(r.get("confidence") or 0.0)) for r in ranked or [] if r.get("name")
    )


@dataclass(frozen=True)
class Turn:
    """The decision: the kind of turn, the topic answered (question, both), the topics offered
    (unsure), the small talk said."""

    kind: Kind
    topic: Optional[str] = None
    choices: Tuple[str, ...] = ()
    small_talk: Optional[str] = None
    #: a second topic answered after the first (question): see _runner_up
    also: Optional[str] = None
    #: the conversation text that introduces it
    also_heading: str = "also_relevant"


def decide(kb: Knowledge, reading: Reading, patient_ongoing: bool) -> Turn:
    """The turn a message is; see the table in tests/guideline/test_turn.py."""
    text = reading.text.strip()
    if not text:
        return Turn(Kind.EMPTY)
    if is_new_patient_request(text):
        return Turn(Kind.NEW_PATIENT)
    if not reading.about_patient and (  # a case naming the pain a title names is a patient
        (
            reading.intent == REFERENCES
            and reading.confidence >= INTENT_CONFIDENCE
            and asks_for_references(kb, text)
        )
        or asks_about_a_reference(kb, text)
    ):
        return Turn(Kind.REFERENCES)
    confident = reading.confidence >= INTENT_CONFIDENCE
    if reading.intent in (ASK_ASSESSMENT, NEW_PATIENT) and (confident or patient_ongoing):
        return Turn(Kind.PATIENT)  # asking for the assessment (again) never clears the patient
    stem = exam_stem(text)
    question = _question_turn(kb, _exam_reading(kb, reading, stem) if stem else reading)
    if stem and question.kind is Kind.QUESTION:
        options = text[_exam_stem_end(text) :]
        options_topic = figures_option_topic(kb, options, question.topic)
        if options_topic:
            question = Turn(Kind.QUESTION, options_topic)
    described = (
        reading.intent == DESCRIBE_PATIENT and confident and (reading.facts or patient_ongoing)
    )  # no patient anywhere: it is a question
    implanted = not patient_ongoing and HAS_A_PUMP.search(text)
    if (reading.about_patient or described) and not (
        stem or implanted or TRUE_OR_FALSE.match(text)
    ):
        if is_one_question(text) and (
            (
                reading.intent.startswith(FAQ_PREFIX)
                and question.kind in (Kind.QUESTION, Kind.UNSURE)
            )
            or (
                reading.intent == OUT_OF_SCOPE
                and confident
                and question.kind is Kind.OUT_OF_SCOPE
                and not patient_ongoing
                and not names_the_therapy(kb, text)
            )
        ):
            # "does the patient have to fail oral opioids first": the rule; "how would you
            # convert someone on a 100 mcg/h fentanyl patch to methadone": not ours (but "is
            # a SynchroMed pump indicated for a patient who ...?" is an assessment)
            return question
        asked = QUESTION.findall(text) or _requests(text)
        if (
            asked
            and guarded(kb, asked[-1])
            and not patient_ongoing
            and not ASKS_ABOUT_CANDIDACY.search(asked[-1])
        ):
            # "Pt on 60 mg oral morphine, switching to oxycodone. What's the equianalgesic
            # dose?": after the description, a question the source does not answer, about no
            # pump candidate yet (a whole message asking "is a pump indicated for a patient
            # who failed epidural steroids?" is an assessment, whatever words it names)
            return Turn(Kind.OUT_OF_SCOPE)
        if (
            not patient_ongoing
            and not described
            and not names_the_therapy(kb, text)
            and _closing_question_not_ours(kb, reading)
        ):
            # "My mum refuses her morphine until the pain is unbearable. How do I talk to her
            # about it?": a story told for a question the source does not answer, about no
            # pump (but "... Someone mentioned a pump in the spine. Could she get one?" asks
            # for an assessment)
            return Turn(Kind.OUT_OF_SCOPE)
        topic = question_in_description(kb, reading)
        if topic:
            return Turn(Kind.BOTH, topic)
        if not patient_ongoing and _asks_something_else(kb, text):
            # "78-year-old on warfarin for AF needs a colonoscopy - does he need LMWH
            # bridging?": a case told for a question about no pump and no assessment
            return Turn(Kind.OUT_OF_SCOPE)
        return Turn(Kind.PATIENT)
    if reading.facts and patient_ongoing and question.kind is not Kind.QUESTION:
        return Turn(Kind.PATIENT)  # a short answer to the assessment's questions: "no infection"
    if reading.intent in SMALL_TALK and confident and question.kind is not Kind.QUESTION:
        if question.kind is not Kind.UNSURE or reading.confidence >= SURE_CONFIDENCE:
            return Turn(Kind.SMALL_TALK, small_talk=SMALL_TALK[reading.intent])
        # a question about the pump that small talk only half claims: ask which topic
    return question


def topic_scores(kb: Knowledge, reading: Reading) -> Dict[str, float]:
    """The classifier's confidence per guideline topic."""
    scores = {
        name[len(FAQ_PREFIX) :]: confidence
        for name, confidence in reading.ranking
        if name.startswith(FAQ_PREFIX)
    }
    return {topic_id: score for topic_id, score in scores.items() if topic_id in kb.topics}


def _family_best(kb: Knowledge, scores: Dict[str, float]) -> Tuple[Optional[str], float]:
    """The broad topic whose family (itself and its narrower topics) is most likely."""
    mass: Dict[str, float] = {}
    for topic_id, score in scores.items():
        topic = kb.topics.get(topic_id)
        if topic is not None:
            root = topic.parent or topic_id
            mass[root] = mass.get(root, 0.0) + score
    if not mass:
        return None, 0.0
    root = max(mass, key=mass.get)
    return root, mass[root]


def _runner_up(kb: Knowledge, scores: Dict[str, float], best: str, text: str) -> Optional[str]:
    """The second topic: the classifier's, when it is not sure of the first and gives the
    second real weight, or else the one whose statements the question's words name clearly
    ("is ITDD first-line for cancer pain?": the first-line pitfall). Never a topic whose
    answer holds the first's or is held by it (a topic and its narrower ones)."""
    lineage = {best, kb.topics[best].parent}

    def apart(topic: str) -> bool:
        return topic not in lineage and kb.topics[topic].parent != best

    if scores[best] < SURE_CONFIDENCE:
        second = max(filter(apart, scores), key=scores.get, default=None)
        if second is not None and scores[second] >= ALSO_CONFIDENCE:
            return second
    named = lexical_topic(kb, text, LEXICAL_ALSO, LEXICAL_MARGIN)
    return named if named is not None and apart(named) else None


def _question_turn(kb: Knowledge, reading: Reading) -> Turn:
    """A question: answered, declined, or "did you mean" when no topic takes it with confidence
    or it names a subject the assistant has never met."""
    found = _placed_question(kb, reading)
    if found.kind is Kind.UNSURE:
        # the whole message leaves the classifier unsure, its question alone may not
        # ("Pelvic sidewall mass with plexopathy - is it more effective below the diaphragm?")
        return _sure_question_in(kb, reading) or found
    if found.kind is Kind.QUESTION and _too_unfamiliar(kb, reading):
        scores = topic_scores(kb, reading)
        choices = closest_topics(kb, reading.text, scores)
        return Turn(Kind.UNSURE, choices=choices) if choices else Turn(Kind.OUT_OF_SCOPE)
    return found


def _too_unfamiliar(kb: Knowledge, reading: Reading) -> bool:
    """Whether the words never met make the classifier's topic too unsure to answer: below
    FAMILIAR_CONFIDENCE, or NAMED_SUBJECT_CONFIDENCE when such a word is what the question
    asks about, or at any confidence when several such words come with no word for the pump."""
    if not reading.unfamiliar:
        return False
    if _about_something_else(kb, reading):
        return True
    needed = NAMED_SUBJECT_CONFIDENCE if _names_an_unmet_subject(reading) else FAMILIAR_CONFIDENCE
    return max(topic_scores(kb, reading).values(), default=0.0) < needed


def _requests(text: str) -> list:
    """The sentences worded as an instruction ("Convert 1.5 mg/h IV hydromorphone to an oral
    dose before the pump trial.")."""
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if REQUEST.match(sentence)]


def _about_something_else(kb: Knowledge, reading: Reading) -> bool:
    """Several words never met, and neither a word for the pump or the therapy nor the
    source's own words (UNMET_WORDS)."""
    return (
        len(reading.unfamiliar) >= UNMET_WORDS
        and not names_the_therapy(kb, reading.text)
        and _lexical_best(kb, reading.text) < LEXICAL_SUPPORT
    )


def _names_an_unmet_subject(reading: Reading) -> bool:
    """Whether an unfamiliar word is what the question asks about: the condition after "with",
    "for", "have" ... or the subject of "is/does X ...?"."""
    named = {
        part
        for m in SUBJECT_FRAME.finditer(reading.text)
        for part in (m.group("after") or m.group("subject")).lower().split("-")
    }
    return any(word in named for word in reading.unfamiliar)


def _placed_question(kb: Knowledge, reading: Reading) -> Turn:
    text = reading.text
    scores = topic_scores(kb, reading)
    if text.startswith(INTENT_PAYLOAD) and reading.intent.startswith(FAQ_PREFIX) and scores:
        return Turn(Kind.QUESTION, max(scores, key=scores.get))  # a topic's button
    if guarded(kb, text):
        # a refusal for what the source does not answer wins, unless the guarded words are
        # only in the context and the question, alone, is surely one the source answers
        # ("... gave me 2 options, stimulator or morphine pump. is arachnoiditis on the list")
        return _sure_question_in(kb, reading) or Turn(Kind.OUT_OF_SCOPE)
    quoted = figure_topic(kb, text)
    lexical_best = _lexical_best(kb, text)
    if scores:
        best = max(scores, key=scores.get)
        root, mass = _family_best(kb, scores)
        topic = best if scores[best] >= ANSWER_CONFIDENCE else root
        if max(scores[best], mass) >= ANSWER_CONFIDENCE:
            not_ours = dict(reading.ranking).get(OUT_OF_SCOPE, 0.0)
            split = not_ours >= OUT_OF_SCOPE_CONTENDER
            torn = not_ours >= max(scores[best], mass) - OUT_OF_SCOPE_MARGIN
            if (
                split
                and scores[best] < SURE_CONFIDENCE
                and (torn or (not names_the_therapy(kb, text) and lexical_best < LEXICAL_SUPPORT))
            ):
                # the classifier is split with "out of scope", and either torn between the two
                # or nothing in the words says the question is about the pump: ask, never cite
                return Turn(Kind.UNSURE, choices=closest_topics(kb, text, scores))
            if topic == best:
                # a figure the classifier's topic does not state names the topic that does
                if quoted is not None and not states_quoted_figures(kb, best, text):
                    return Turn(Kind.QUESTION, quoted)
                defined_with = kb.topics[best].defined_with
                if defined_with and ASKS_WHAT_IT_IS.search(text):
                    return Turn(Kind.QUESTION, best, also=defined_with, also_heading="defined_with")
                return Turn(Kind.QUESTION, best, also=_runner_up(kb, scores, best, text))
            return Turn(Kind.QUESTION, root)
    # An intent that says the message is something else; a patient intent with no patient
    # anywhere says nothing of the kind ("I read 86% would have it again - is that right").
    confident_other = (
        reading.confidence >= INTENT_CONFIDENCE
        and not reading.intent.startswith(FAQ_PREFIX)
        and reading.intent not in (DESCRIBE_PATIENT, ASK_ASSESSMENT)
    )
    ours = names_the_therapy(kb, text)
    lexical = lexical_topic(kb, text, LEXICAL_ANSWER, LEXICAL_MARGIN)
    if reading.intent == OUT_OF_SCOPE and confident_other:
        if not ours or reading.confidence >= OUT_OF_SCOPE_SURE:
            return Turn(Kind.OUT_OF_SCOPE)
        # about the pump, and the classifier not sure it is out of scope: ask, never cite
    if lexical and not confident_other:
        return Turn(Kind.QUESTION, lexical)
    choices = closest_topics(kb, text, scores)
    hinted = sum(scores.values()) >= TOPIC_MASS_UNSURE or lexical_best >= LEXICAL_HINT
    if choices and (ours or (hinted and not confident_other)):
        return Turn(Kind.UNSURE, choices=choices)
    return Turn(Kind.OUT_OF_SCOPE)


def _sure_question_in(kb: Knowledge, reading: Reading) -> Optional[Turn]:
    """The message's last question, when it is not guarded, says what it is about (names the
    therapy or the source's words, unlike "what do I do?") and its own ranking is sure of a
    topic, or the whole message's is; never when the question points back into the guarded
    context ("I've got a pump and my neurologist wants a 3T MRI. Is that safe?"); None
    otherwise."""
    alone = _question_alone(reading)
    if alone is None or guarded(kb, alone.text):
        return None
    if not names_the_therapy(kb, alone.text) and _lexical_best(kb, alone.text) < LEXICAL_SUPPORT:
        return None
    if BACK_REFERENCE.search(alone.text):
        return None  # "... wants a 3T MRI of my head. Is that safe?" asks about the context
    topic = _sure_topic(kb, alone) or _agreed_topic(kb, alone) or _sure_topic(kb, reading)
    return Turn(Kind.QUESTION, topic) if topic else None


def _agreed_topic(kb: Knowledge, reading: Reading) -> Optional[str]:
    """The classifier's likely topic (ANSWER_CONFIDENCE) when the lexical index names the same
    one from the source's own words ("is intrathecal therapy more effective for pain below the
    diaphragm?"), or None."""
    scores = topic_scores(kb, reading)
    best = max(scores, key=scores.get, default=None)
    if best is None or scores[best] < ANSWER_CONFIDENCE:
        return None
    return best if lexical_topic(kb, reading.text, LEXICAL_ANSWER, LEXICAL_MARGIN) == best else None


def _sure_topic(kb: Knowledge, reading: Reading) -> Optional[str]:
    """The topic the classifier is sure of (SURE_CONFIDENCE), or None."""
    scores = topic_scores(kb, reading)
    best = max(scores, key=scores.get, default=None)
    return best if best is not None and scores[best] >= SURE_CONFIDENCE else None


def _lexical_best(kb: Knowledge, text: str) -> float:
    """The lexical index's best score for the text."""
    return max((score for _, score in index_for(kb).scores(text)), default=0.0)


def _exam_stem_end(text: str) -> Optional[int]:
    """Where an exam question's stem ends (its options lettered A, B and C at least begin);
    None for any other message."""
    options = list(ANSWER_OPTION.finditer(text))
    letters = [match.group(1) for match in options]
    if not options or letters[:3] != ["A", "B", "C"]:
        return None
    return options[0].start() if EXAM_STEM.search(text[: options[0].start()]) else None


def exam_stem(text: str) -> Optional[str]:
    """The stem of an exam question, or None for any other message."""
    end = _exam_stem_end(text)
    return text[:end].strip() if end is not None else None


def _without_abbreviation_dots(text: str) -> str:
    """The text with the dots of abbreviations ("e.g.", "i.e.", "vs.") out of the way, so they
    end no sentence; same length, so spans still fit the original."""
    return ABBREVIATION_DOT.sub(lambda m: m.group(0).replace(".", ","), text)


def is_one_question(text: str) -> bool:
    """One sentence, and a question: "what if the trial relief is under 50%"."""
    match = QUESTION.match(_without_abbreviation_dots(text.strip()))
    return bool(match) and len(match.group(0).strip()) >= len(text.strip()) - 1


def closest_topics(kb: Knowledge, text: str, scores: Dict[str, float]) -> Tuple[str, ...]:
    """The two or three topics most likely meant: classifier and lexical index together."""
    combined: Dict[str, float] = dict(scores)
    for topic_id, score in index_for(kb).scores(text)[:CHOICES]:
        combined[topic_id] = combined.get(topic_id, 0.0) + score
    ranked = sorted(combined, key=combined.get, reverse=True)
    return tuple(t for t in ranked if combined[t] > 0)[:CHOICES]


def last_question_span(text: str) -> Optional[Tuple[int, int]]:
    """Where the last question of a longer message is, after any lead-in set off by a dash or
    colon ("ASRA statements aside - list the absolute contraindications"); None when there is
    no question or the message is only that question."""
    text = _without_abbreviation_dots(text)
    matches = list(QUESTION.finditer(text))
    whole = (0, len(text))
    start, end = whole if not matches or is_one_question(text) else matches[-1].span()
    lead_in = list(LEAD_IN.finditer(text, start, end))
    if lead_in:
        after = lead_in[-1].end()
        rest = text[after:end]
        asks = QUESTION.match(rest) or REQUEST.match(rest)
        if asks and not BACK_REFERENCE.search(rest):
            return after, end
    return None if (start, end) == whole else (start, end)


def _exam_reading(kb: Knowledge, reading: Reading, stem: str) -> Reading:
    """An exam question is decided on its stem, whose words the guard reads (the options'
    distractors name other subjects), with the whole message's ranking when it is sure of a
    topic (the right option names it) and the stem's own ranking otherwise."""
    alone = _question_alone(reading)
    if _sure_topic(kb, reading) or not (alone and alone.ranking):
        return replace(reading, text=stem)
    return alone


def question_span(text: str) -> Optional[Tuple[int, int]]:
    """The part of a longer message ranked on its own: an exam question's stem (or the stem's
    closing question when it names the therapy: "A 72-year-old with ... Which is NOT one of the
    prerequisites before an intrathecal pump?"), or the last question; None when the message is
    only that."""
    end = _exam_stem_end(text)
    if end is None:
        return last_question_span(text)
    closing = last_question_span(text[:end])
    if closing and names_the_therapy(default_knowledge(), text[closing[0] : closing[1]]):
        return closing
    return 0, end


def _question_alone(reading: Reading) -> Optional[Reading]:
    """What NLU read from the message's question alone (question_span), when it holds more."""
    span = question_span(reading.text)
    if span is None:
        return None
    question = reading.text[span[0] : span[1]].strip()
    ranking = reading.question_ranking
    intent, confidence = ranking[0] if ranking else ("", 0.0)
    return Reading(
        text=question,
        intent=intent,
        confidence=confidence,
        ranking=ranking,
        unfamiliar=tuple(w for w in reading.unfamiliar if w in question.lower()),
    )


def _asks_something_else(kb: Knowledge, text: str) -> bool:
    """Whether a message about a patient asks a question that names neither the therapy nor
    the assessment (a note with no question at all asks for the assessment)."""
    return bool(QUESTION.search(text)) and not (
        names_the_therapy(kb, text) or ASKS_FOR_ASSESSMENT.search(text)
    )


def _closing_question_not_ours(kb: Knowledge, reading: Reading) -> bool:
    """Whether the message closes with a question that, ranked alone, is first something else
    than a topic or a patient (out of scope, small talk) and takes no topic."""
    alone = _question_alone(reading)
    if alone is None or not alone.ranking or alone.intent not in (OUT_OF_SCOPE, *SMALL_TALK):
        return False
    if ASKS_FOR_ASSESSMENT.search(alone.text):
        return False  # "What else do you need to know?" asks for the assessment
    return max(topic_scores(kb, alone).values(), default=0.0) < ANSWER_CONFIDENCE


def question_in_description(kb: Knowledge, reading: Reading) -> Optional[str]:
    """The topic of a question asked inside a patient's description ("...; can someone with an
    active infection have one placed?"), so the rule is answered beside the assessment. A
    topic the classifier is sure of for the whole message, or else for the question alone, is
    the question's (it learned topics from questions alone, so a description's words rarely
    make it sure); otherwise the last question is decided as it would be alone. One sentence
    opening with a question word is a question without its '?'."""
    alone = _question_alone(reading) or reading
    if not QUESTION.search(reading.text) or guarded(kb, alone.text):
        return None
    sure = _sure_topic(kb, reading) or _sure_topic(kb, alone)
    if sure:
        return sure
    found = _question_turn(kb, alone)
    return found.topic if found.kind is Kind.QUESTION else None
