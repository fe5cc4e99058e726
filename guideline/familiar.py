"""The words the assistant has met: its guideline topics' training phrasings and the source's
own statements.

A question about the pump that names a subject in none of them (cremation, breastfeeding, the
NHS waiting list) is about something the source may well not cover; when the classifier is not
sure of its topic either, the turn asks "did you mean" instead of answering with a topic's
citations (guideline/turn.py). Typos of a known word ("expectency", "contraindicatoins"),
plurals and possessives count as known.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, Tuple

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from guideline.knowledge import Knowledge

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?", re.IGNORECASE)
#: Shorter words are too often shorthand or typos of anything ("pls", "wat") to name a
#: subject, unless written in capitals: an acronym names one ("NHS", "MRI").
MIN_LENGTH = 4
ACRONYM = re.compile(r"[A-Z]{2,3}")
#: How alike a word must be to a known one to count as its misspelling (difflib ratio).
TYPO_SIMILARITY = 0.84
ENDINGS = ("'s", "ies", "es", "s", "ed", "ing", "ly", "al")


def words_of(text: str) -> Iterable[str]:
    """The lower-cased words of a text: hyphenated words apart, possessives dropped."""
    for word in WORD.findall(text):
        yield _lower(word)


def _lower(word: str) -> str:
    word = word.lower()
    return word[:-2] if word.endswith("'s") else word


def stem(word: str) -> str:
    """A crude common stem, enough for plurals and tenses ("fractures", "fractured")."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def knowledge_texts(kb: Knowledge) -> Iterable[str]:
    """The source's words as the knowledge base states them: titles, questions, statements."""
    for topic in kb.topics.values():
        yield from (topic.title, topic.question, topic.lead or "", *topic.statements)


@dataclass(frozen=True)
class Vocabulary:
    """Known words and their stems; `unfamiliar` lists a text's words that are neither."""

    words: FrozenSet[str]
    stems: FrozenSet[str] = field(init=False)
    #: Known words by first letter, for the typo check.
    by_initial: Dict[str, Tuple[str, ...]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stems", frozenset(stem(w) for w in self.words))
        initials: Dict[str, list] = {}
        for word in self.words:
            initials.setdefault(word[0], []).append(word)
        object.__setattr__(self, "by_initial", {k: tuple(sorted(v)) for k, v in initials.items()})

    @classmethod
    def learn(cls, texts: Iterable[str]) -> "Vocabulary":
        return cls(frozenset(w for text in texts for w in words_of(text)))

    def merged(self, texts: Iterable[str]) -> "Vocabulary":
        return Vocabulary(self.words | Vocabulary.learn(texts).words)

    def knows(self, word: str) -> bool:
        if word in self.words or stem(word) in self.stems:
            return True
        candidates = [w for w in self.by_initial.get(word[0], ()) if abs(len(w) - len(word)) <= 2]
        return bool(difflib.get_close_matches(word, candidates, n=1, cutoff=TYPO_SIMILARITY))

    def unfamiliar(self, text: str) -> Tuple[str, ...]:
        """The words of the text this vocabulary has never met, in text order, each once."""
        found = []
        for written in WORD.findall(text):
            word = _lower(written)
            short = len(word) < MIN_LENGTH and not ACRONYM.fullmatch(written)
            if short or word in ENGLISH_STOP_WORDS or word in found:
                continue
            if not self.knows(word):
                found.append(word)
        return tuple(found)
