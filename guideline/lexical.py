"""Lexical recall: which topic states the words a question names.

A question that names a fact the source states ("substantia gelatinosa", "1/300", "68%",
"granuloma") finds the statement even in words no topic's training phrasings use. A TF-IDF index
(scikit-learn) over each topic's title, question and statements, read as character n-grams of
the content words so that typos, plurals and British spelling still meet; a topic that states a
fact in fewer words scores higher than a broader topic repeating it, so the narrow topic wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel
from sklearn.pipeline import FeatureUnion

from guideline.knowledge import Knowledge, default_knowledge

#: Words and figures: "1/300", "68%", "10-20%" stay whole; citation markers are not words.
TOKEN = re.compile(r"\d+(?:[./-]\d+)*\s?%?|[a-z][a-z'-]*", re.IGNORECASE)
CITATION_MARKER = re.compile(r"\[[\d,\s]+\]")
#: Words every topic shares (the therapy's names, question words): they place no topic.
COMMON_WORDS = frozenset(
    ENGLISH_STOP_WORDS
    | {
        "pump",
        "pumps",
        "intrathecal",
        "patient",
        "patients",
        "pt",
        "pts",
        "guideline",
        "source",
        "say",
        "says",
        "does",
        "tell",
        "explain",
        "need",
        "needed",
        "know",
        "want",
        "like",
        "drug",
        "delivery",
        "system",
        "device",
        "therapy",
        "treatment",
        "itdd",
        "idds",
        "tdd",
        "synchromed",
        "medtronic",
        "targeted",
        "implant",
        "implanted",
        "pain",
    }
)


def content_words(text: str) -> str:
    """The words and figures of a text that can tell topics apart, lower-cased."""
    text = CITATION_MARKER.sub(" ", text.lower())
    words = [w.replace(" ", "") for w in TOKEN.findall(text)]
    return " ".join(w for w in words if w not in COMMON_WORDS)


@dataclass(frozen=True)
class LexicalIndex:
    """TF-IDF over each statement and each topic's title and question; `scores` ranks topics
    for a question by their best-matching text, the narrower topic first on a tie."""

    topic_ids: Tuple[str, ...]
    owners: Tuple[Tuple[int, ...], ...]  # per indexed text: the topics that say it
    vectorizer: FeatureUnion
    matrix: object
    breadth: Tuple[int, ...]  # per topic: how many statements it has
    #: The last text scored and its ranking: one turn asks several times about one message.
    last: Dict[str, List[Tuple[str, float]]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, kb: Knowledge) -> "LexicalIndex":
        ids = tuple(kb.topics)
        texts: Dict[str, List[int]] = {}
        for position, topic in enumerate(kb.topics.values()):
            for text in (f"{topic.title}. {topic.question}", topic.lead or "", *topic.statements):
                words = content_words(text)
                if words:
                    texts.setdefault(words, []).append(position)
        vectorizer = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(analyzer="word", token_pattern=r"\S+", sublinear_tf=True),
                ),
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
                ),
            ]
        )
        matrix = vectorizer.fit_transform(list(texts))
        breadth = tuple(len(t.statements) + bool(t.lead) for t in kb.topics.values())
        return cls(ids, tuple(tuple(o) for o in texts.values()), vectorizer, matrix, breadth)

    def scores(self, text: str) -> List[Tuple[str, float]]:
        """(topic id, best cosine similarity of its texts / 2) for every topic, best first;
        empty when the text has no content words."""
        if text in self.last:
            return self.last[text]
        words = content_words(text)
        if not words:
            return []
        similarity = linear_kernel(self.vectorizer.transform([words]), self.matrix)[0] / 2
        best = [0.0] * len(self.topic_ids)
        for row, owners in enumerate(self.owners):
            for position in owners:
                best[position] = max(best[position], float(similarity[row]))
        order = sorted(range(len(best)), key=lambda i: (-best[i], self.breadth[i]))
        self.last.clear()
        self.last[text] = [(self.topic_ids[i], best[i]) for i in order]
        return self.last[text]


_BUILT: Dict[int, Tuple[Knowledge, LexicalIndex]] = {}


def index_for(kb: Optional[Knowledge] = None) -> LexicalIndex:
    """The index of a knowledge base (the project's by default), built once per process."""
    kb = kb or default_knowledge()
    if id(kb) not in _BUILT:
        _BUILT[id(kb)] = (kb, LexicalIndex.build(kb))  # holding kb keeps its id unique
    return _BUILT[id(kb)][1]


def lexical_topic(
    kb: Knowledge, text: str, minimum: float = 0.3, margin: float = 0.1
) -> Optional[str]:
    """The topic whose statements the question names, when one clearly does: its score reaches
    `minimum`, ahead of the best topic outside its family (parent and narrower topics) by
    `margin`."""
    ranked = index_for(kb).scores(text)
    if not ranked or ranked[0][1] < minimum:
        return None
    best, score = ranked[0]
    family = {best, kb.topics[best].parent} - {None}
    rivals = [s for t, s in ranked[1:] if t not in family and kb.topics[t].parent not in family]
    if rivals and score - rivals[0] < margin:
        return None
    return best


FIGURE = re.compile(r"\d+(?:[./-]\d+)*\s?%|\d+/\d+")


def _quoted(text: str) -> set:
    return {f.replace(" ", "") for f in FIGURE.findall(text)}


def states_figures(topic, figures: set) -> bool:
    """Whether a topic states every one of the figures."""
    body = " ".join([topic.lead or "", *topic.statements]).replace(" %", "%")
    return all(re.search(r"(?<![\d./-])" + re.escape(f) + r"(?![\d/])", body) for f in figures)


def _stated(topic, figures: set) -> int:
    return sum(states_figures(topic, {figure}) for figure in figures)


def figures_option_topic(kb: Knowledge, options: str, topic_id: str) -> Optional[str]:
    """The narrowest topic stating more of an exam question's option figures than `topic_id`
    does, when it states two or more ("B) 1/300 of the oral dose and 1/24 of the epidural
    dose": the mechanism, not the epidural ratio alone); None otherwise."""
    figures = _quoted(options)
    have = _stated(kb.topics[topic_id], figures)
    ranked = sorted(
        (-_stated(topic, figures), len(topic.statements) + bool(topic.lead), topic.id)
        for topic in kb.topics.values()
    )
    if not ranked or -ranked[0][0] < max(2, have + 1):
        return None
    return ranked[0][2]


def states_quoted_figures(kb: Knowledge, topic_id: str, text: str) -> bool:
    """Whether a topic states every figure the text quotes (none quoted: it does)."""
    return states_figures(kb.topics[topic_id], _quoted(text))


def figure_topic(kb: Knowledge, text: str) -> Optional[str]:
    """The narrowest topic stating every figure the text quotes ("68%", "1/300"), if any."""
    figures = _quoted(text)
    if not figures:
        return None
    stating = [
        (len(topic.statements) + bool(topic.lead), topic.parent is None, topic.id)
        for topic in kb.topics.values()
        if states_figures(topic, figures)
    ]
    return min(stating)[2] if stating else None
