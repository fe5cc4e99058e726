"""Guideline answers: which topic a question is about, and the reply composed from the knowledge.

Plain Python so the routing can be tested without Rasa. A question is answered only when it
matches a topic of the source; one that matches nothing, or matches a subject the source does
not cover (drug doses, pump programming...), is declined without a medical answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from guideline.knowledge import Knowledge, Reference, Topic, citations_in
from guideline.lexical import content_words, figure_topic, lexical_topic

REFERENCE_NUMBER = re.compile(
    r"(?:\b(?:reference|ref|citation|source|cite)s?\.?\s*(?:number|no\.?|nr\.?|#)?\s*|\[)(\d{1,6})\b",
    re.IGNORECASE,
)
#: Words that ask for the sources rather than the medicine.
ASKS_FOR_SOURCES = re.compile(
    r"\b(?:refs?|references?|citations?|cite[sd]?|sources?|bibliograph\w*|papers?|stud(?:y|ies)|"
    r"journals?|articles?|authors?|publi\w+|literature|come from|based on|who (?:wrote|says))\b"
    r"|\[\d",
    re.IGNORECASE,
)
#: A payload that names an intent ("/faq_indication"): Rasa's button syntax.
INTENT_PAYLOAD = "/"


@dataclass
class Reply:
    """One bot turn: text messages (each sent separately) and optional buttons."""

    texts: List[str]
    buttons: List[Dict[str, str]] = field(default_factory=list)


def _matches(patterns, text: str) -> int:
    return sum(1 for p in patterns if p.search(text))


#: Sentence ends, and the words that set a guarded term aside ("not a baclofen pump",
#: "kyphoplasty not an option"): what the question is not about.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|never|without|rather than|instead of)\s+(?:(?:just|only|simply)\s+)?"
    r"(?:(?:for|with|about|as)\s+)?"
    r"(?:an?\s+|the\s+)?$"
)
NEGATED_AFTER = re.compile(
    r"^[\w-]*\s+(?:is\s+|was\s+|are\s+)?(?:not|no longer)\s+(?:an?\s+)?"
    r"(?:option|possible|suitable|indicated|wanted|planned)\b"
)


def guarded(kb: Knowledge, text: str) -> bool:
    """Whether the question asks for what the source does not give (doses, programming, MRI,
    refills, other devices...): then a refusal wins over any topic. Every sentence counts
    (the context before a question may be its subject: "my pump is beeping. what do I do?"),
    but a term a negation sets aside does not."""
    return any(
        not NEGATED_BEFORE.search(sentence[: match.start()])
        and not NEGATED_AFTER.match(sentence[match.start() :])
        for sentence in SENTENCE_END.split(text.strip())
        for pattern in kb.not_in_source
        for match in pattern.finditer(sentence)
    )


def topic_payload(topic_id: str) -> str:
    """The button payload that asks for a topic: its intent, so the answer is that topic's."""
    return f"{INTENT_PAYLOAD}faq_{topic_id}"


def _buttons(kb: Knowledge, topic_ids) -> List[Dict[str, str]]:
    return [{"title": kb.topics[t].question, "payload": topic_payload(t)} for t in topic_ids]


#: A question asking where a statement comes from ("where does the 80% figure come from",
#: "which study found that"): the answer then names the references it cites.
ASKS_FOR_SOURCE = re.compile(
    r"\bwhere (?:does|did|do) .{0,80}\bcome from\b|\bsource (?:of|for)\b|\bbased on what\b"
    r"|\b(?:which|what) (?:study|studies|paper|papers|trial|article|reference|journal)\b"
    r"|\bwho (?:found|reported|showed|published)\b|\bcitation for\b",
    re.IGNORECASE,
)


def answer_topic(kb: Knowledge, topic: Topic, question: str = "") -> Reply:
    """The topic's statements in one message, with its related questions as buttons; when the
    question asks where they come from, the references they cite follow."""
    lines = [f"**{topic.title}**"]
    if topic.lead:
        lines.append(topic.lead)
    if topic.list:
        lines.extend(f"- {statement}" for statement in topic.statements)
    else:
        lines.append(" ".join(topic.statements))
    if topic.uncited:
        lines.append(topic.uncited)
    if ASKS_FOR_SOURCE.search(question):
        lines.append("Sources:")
        lines.extend(f"- {kb.references[n].describe()}" for n in topic.citations)
    return Reply(["\n".join(lines)], _buttons(kb, topic.related))


def with_also(
    kb: Knowledge, answer: Reply, also: Optional[str], heading: str = "also_relevant"
) -> Reply:
    """An answer followed by a second topic's, introduced by the conversation text `heading`
    (the question may be asking that instead, or asks what the therapy is); the second
    topic's button leaves the offered ones."""
    if also is None:
        return answer
    second = answer_topic(kb, kb.topics[also])
    lines = [kb.conversation[heading], *second.texts]
    buttons = [b for b in answer.buttons if b["payload"] != topic_payload(also)]
    return Reply([*answer.texts, "\n".join(lines)], buttons)


#: Topics offered as a start when the assistant declines or introduces itself.
STARTER_TOPICS = ("indication", "prerequisites", "contraindications")


def decline(kb: Knowledge, text: str = "") -> Reply:
    """A refusal with no medical content and no citation, and questions it can answer.

    A question on intrathecal therapy that the source leaves out (doses, programming) is told
    so; anything else is told it is outside the guideline.
    """
    key = "not_in_source" if guarded(kb, text) or names_the_therapy(kb, text) else "out_of_scope"
    return Reply([kb.conversation[key]], _buttons(kb, STARTER_TOPICS))


def did_you_mean(kb: Knowledge, topic_ids) -> Reply:
    """A question about the pump that no topic takes with confidence: the closest topics as
    buttons, no medical statement and no citation."""
    return Reply([kb.conversation["did_you_mean"]], _buttons(kb, topic_ids))


def names_the_therapy(kb: Knowledge, text: str) -> bool:
    """Whether the text is about intrathecal therapy (pump, intrathecal, ITDD, SynchroMed...)."""
    return _matches(kb.pump_terms, text) > 0


def small_talk(kb: Knowledge, kind: str) -> Reply:
    """Greeting, thanks, goodbye or 'what can you do', always with the professional disclaimer."""
    return Reply(
        [kb.conversation[kind], kb.source["disclaimer"]],
        _buttons(kb, STARTER_TOPICS) if kind in ("greet", "capabilities") else [],
    )


#: Words of reference titles and journals that name no one reference.
GENERIC_REFERENCE_WORDS = frozenset(
    {
        "journal",
        "guideline",
        "guidelines",
        "study",
        "paper",
        "article",
        "reference",
        "references",
        "source",
    }
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def references_named(kb: Knowledge, text: str) -> List[Reference]:
    """The references a text names by title, journal or year ("the 1987 Neurosurgery paper"):
    those sharing the most words with it, when that is two or more, or one reference alone."""
    words = set(content_words(text).split()) - GENERIC_REFERENCE_WORDS
    years = {int(y) for y in YEAR.findall(text)}
    scored = []
    for reference in kb.references.values():
        own = set(content_words(f"{reference.title or ''} {reference.published_in or ''}").split())
        score = len(words & own) + (2 if reference.year in years else 0)
        if score:
            scored.append((score, reference))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    named = [reference for score, reference in scored if score == best]
    return named if best >= 2 or len(named) == 1 else []


def describe_with_statements(kb: Knowledge, reference: Reference) -> str:
    """A reference and what the guideline cites it for, each statement once."""
    parents = {topic.parent for topic in kb.topics.values()}
    cited: List[str] = []
    for topic in kb.topics.values():
        if topic.id in parents:
            continue  # a broader topic restates its narrower topics' statements
        for statement in topic.statements:
            if reference.number in citations_in(statement) and statement not in cited:
                cited.append(statement)
    lines = [reference.describe()]
    if cited:
        lines.append("The guideline cites it for:")
        lines.extend(f"- {statement}" for statement in cited)
    return "\n".join(lines)


def asks_for_references(kb: Knowledge, text: str) -> bool:
    """Whether a message asks about the sources: names references, a source word, a figure
    the guideline states, or a reference's title, journal or year."""
    return bool(
        ASKS_FOR_SOURCES.search(text) or figure_topic(kb, text) or references_named(kb, text)
    )


#: A question about a publication itself: its journal, year, authors.
ASKS_ABOUT_PUBLICATION = re.compile(
    r"\b(?:which|what)\s+(?:journal|year|paper|article|study|author)|\bwho\s+(?:wrote|authored|"
    r"published)\b|\bpublished\b"
    # "is there a reference in the summary about morphine-bupivacaine pumps?"
    r"|\b(?:is\s+there|are\s+there|any)\s+(?:an?\s+)?(?:references?|papers?|studies|study|"
    r"articles?|sources?)\b",
    re.IGNORECASE,
)


def asks_about_a_reference(kb: Knowledge, text: str) -> bool:
    """Whether a message asks about one reference it names by its title, journal or year
    ("which journal published the 2024 paper on targeted drug delivery..."), whatever the
    classifier made of it."""
    return bool(ASKS_ABOUT_PUBLICATION.search(text)) and len(references_named(kb, text)) == 1


def references_reply(kb: Knowledge, text: str) -> Reply:
    """One reference when the text names its number, title, journal or year; the source of a
    figure or statement when it names one ("where does the 1% come from"); else the whole
    list."""
    match = REFERENCE_NUMBER.search(text)
    if match:
        number = int(match.group(1))
        reference = kb.references.get(number)
        if reference is None:
            return Reply([kb.conversation["reference_unknown"].format(number=number)])
        return Reply([describe_with_statements(kb, reference)])
    topic_id = figure_topic(kb, text)
    named = references_named(kb, text) if topic_id is None else []
    if len(named) == 1:
        return Reply([describe_with_statements(kb, named[0])])
    if named:
        return Reply(["\n".join(reference.describe() for reference in named)])
    topic_id = topic_id or lexical_topic(kb, text)
    if topic_id is not None:
        topic = kb.topics[topic_id]
        answer = answer_topic(kb, topic)
        sources = "\n".join(
            ["Sources:"] + [f"- {kb.references[n].describe()}" for n in topic.citations]
        )
        return Reply([answer.texts[0] + "\n" + sources], answer.buttons)
    lines = [f"**References** ({kb.source['title']}, last updated {kb.source['last_updated']})"]
    lines.extend(f"- {reference.describe()}" for reference in kb.references.values())
    return Reply(["\n".join(lines)])
