"""Guideline answers: which topic a question is about, and the reply composed from the knowledge.

Plain Python so the routing can be tested without Rasa. A question is answered only when it
matches a topic of the source; one that matches nothing, or matches a subject the source does
not cover (drug doses, pump programming...), is declined without a medical answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from guideline.knowledge import Knowledge, Topic

#: A question matching the not-in-source patterns this much more than any topic is declined.
#: Each not-in-source match weighs two topic matches: naming the subject twice ("refill
#: interval for the reservoir") must not outweigh asking for what the source does not give.
NOT_IN_SOURCE_WEIGHT = 2.0
#: A narrower topic inherits this share of its parent's matches, so context counts.
PARENT_SHARE = 0.5
REFERENCE_NUMBER = re.compile(
    r"(?:\b(?:reference|ref|citation|source|cite)s?\.?\s*(?:number|no\.?|nr\.?|#)?\s*|\[)(\d{1,6})\b",
    re.IGNORECASE)


@dataclass
class Reply:
    """One bot turn: text messages (each sent separately) and optional buttons."""

    texts: List[str]
    buttons: List[Dict[str, str]] = field(default_factory=list)


def _matches(patterns, text: str) -> Tuple[int, int]:
    """How many patterns match, and how many characters they cover (tie-breaker)."""
    found = [m for m in (p.search(text) for p in patterns) if m]
    return len(found), sum(len(m.group(0)) for m in found)


def route_question(kb: Knowledge, text: str) -> Optional[Topic]:
    """The topic a question is about, or None when the source does not answer it."""
    own = {tid: _matches(t.patterns, text) for tid, t in kb.topics.items()}
    best, best_key = None, (0.0, 0, 0)
    for tid, topic in kb.topics.items():
        count, chars = own[tid]
        if not count:
            continue
        parent_count = own[topic.parent][0] if topic.parent else 0
        key = (count + PARENT_SHARE * parent_count, int(topic.parent is not None), chars)
        if key > best_key:
            best, best_key = topic, key
    if best is None:
        return None
    off_source, _ = _matches(kb.not_in_source, text)
    if off_source and NOT_IN_SOURCE_WEIGHT * off_source >= best_key[0]:
        return None
    return best


def _buttons(kb: Knowledge, topic_ids) -> List[Dict[str, str]]:
    questions = [kb.topics[t].question for t in topic_ids]
    return [{"title": q, "payload": q} for q in questions]


def answer_topic(kb: Knowledge, topic: Topic) -> Reply:
    """The topic's statements in one message, with its related questions as buttons."""
    lines = [f"**{topic.title}**"]
    if topic.lead:
        lines.append(topic.lead)
    if topic.list:
        lines.extend(f"- {statement}" for statement in topic.statements)
    else:
        lines.append(" ".join(topic.statements))
    if topic.uncited:
        lines.append(topic.uncited)
    return Reply(["\n".join(lines)], _buttons(kb, topic.related))


#: Topics offered as a start when the assistant declines or introduces itself.
STARTER_TOPICS = ("indication", "prerequisites", "contraindications")


def decline(kb: Knowledge, text: str = "") -> Reply:
    """A refusal with no medical content and no citation, and questions it can answer.

    A question on intrathecal therapy that the source leaves out (doses, programming) is told
    so; anything else is told it is outside the guideline.
    """
    key = "not_in_source" if _matches(kb.not_in_source, text)[0] else "out_of_scope"
    return Reply([kb.conversation[key]], _buttons(kb, STARTER_TOPICS))


def names_the_therapy(kb: Knowledge, text: str) -> bool:
    """Whether the text is about intrathecal therapy (pump, intrathecal, ITDD, SynchroMed...)."""
    return _matches(kb.pump_terms, text)[0] > 0


def answer_question(kb: Knowledge, text: str,
                    judged_out_of_scope: bool = False) -> Tuple[Optional[Topic], Reply]:
    """The answer to a guideline question, or a refusal when the source does not answer it.

    A question the intent classifier judged out of scope is answered only when it also names
    the therapy: "are side effects fewer with the pump?" is ours, "side effects of metformin?"
    is not.
    """
    topic = route_question(kb, text)
    if topic is not None and judged_out_of_scope and not names_the_therapy(kb, text):
        topic = None
    return topic, (answer_topic(kb, topic) if topic else decline(kb, text))


_QUESTION_WORD = (r"(?:can|could|does|do|is|are|should|must|will|would|what|which|when|how|"
                  r"who|why)\b")
#: A question, or a one-sentence message opening with a question word, possibly after a short
#: lead-in naming who asks or why ("for my oncology rotation, which pains respond best"), or a
#: closing clause after a description ("..., and what proportion of cancer patients are like that").
QUESTION = re.compile(
    r"[^.!?\n]*\?|^\s*" + _QUESTION_WORD + r"[^.!?\n]*$"
    r"|^\s*(?:for|as|on|in|from|during|quick q|ok|okay|so)\b[^,.!?\n]{0,50},\s*"
    + _QUESTION_WORD + r"[^.!?\n]*$"
    r"|(?<=[,;])\s*(?:and|but|also|plus)\s+(?:what|which|how|who|why|when|should|could|would)\b"
    r"[^,;.!?\n]*$", re.IGNORECASE)


def rule_asked_about(kb: Knowledge, text: str) -> Optional[Topic]:
    """The topic of the last question in a patient's description ("...; can someone with an
    active infection have one placed?"), so the rule is answered beside the assessment. A
    message that is one sentence opening with a question word is a question without its '?'."""
    questions = QUESTION.findall(text.strip())
    return route_question(kb, questions[-1]) if questions else None


def small_talk(kb: Knowledge, kind: str) -> Reply:
    """Greeting, thanks, goodbye or 'what can you do', always with the professional disclaimer."""
    return Reply([kb.conversation[kind], kb.source["disclaimer"]],
                 _buttons(kb, STARTER_TOPICS) if kind in ("greet", "capabilities") else [])


def references_reply(kb: Knowledge, text: str) -> Reply:
    """One reference when the text names a number; the source of a figure or statement when it
    names one ("where does the 1% come from"); else the whole list."""
    match = REFERENCE_NUMBER.search(text)
    if match:
        number = int(match.group(1))
        reference = kb.references.get(number)
        if reference is None:
            return Reply([kb.conversation["reference_unknown"].format(number=number)])
        return Reply([reference.describe()])
    topic = route_question(kb, text)
    if topic is not None:
        answer = answer_topic(kb, topic)
        sources = "\n".join(["Sources:"] + [f"- {kb.references[n].describe()}"
                                             for n in topic.citations])
        return Reply([answer.texts[0] + "\n" + sources], answer.buttons)
    lines = [f"**References** ({kb.source['title']}, last updated {kb.source['last_updated']})"]
    lines.extend(f"- {reference.describe()}" for reference in kb.references.values())
    return Reply(["\n".join(lines)])
