"""FactExtractor: the public entry point. Builds the spaCy pipeline once, then reads each
message with every reader and returns at most one Fact per name."""

from __future__ import annotations

import logging
from typing import Callable, Iterable, List, Sequence, Tuple

from guideline.facts.analgesia import read_analgesia
from guideline.facts.cleaning import clean
from guideline.facts.coagulation import read_coagulation
from guideline.facts.diagnosis import read_pain_type
from guideline.facts.document import Reading
from guideline.facts.indication import read_indication
from guideline.facts.infection import read_infection
from guideline.facts.lexicon import Lexicon, load_context_rules, load_lexicon
from guideline.facts.pipeline import build_pipeline
from guideline.facts.prognosis import read_life_expectancy
from guideline.facts.psych import read_psych
from guideline.facts.subject import describes_patient
from guideline.facts.trial import read_trial
from guideline.facts.vocabulary import (
    load_abbreviations,
    terminology_terms,
    with_abbreviations,
    without,
)
from guideline.patient import FACT_VALUES, Fact
from guideline.text import normalize_text

log = logging.getLogger(__name__)

#: Characters read per message; the rest of a longer message is ignored.
MAX_CHARS = 20_000
#: A long message is read in pieces of about this size, split at line or sentence ends, so
#: that no single piece makes ConText's pairwise work large.
CHUNK_CHARS = 2_000
BREAKS = ("\n", ". ", "? ", "! ", "; ")
#: In a long message, a piece with fewer letters than this share is junk, not clinical prose
#: (which runs at 0.6 to 0.8, shorthand and lab values included).
MIN_LETTER_SHARE = 0.3


def _letter_share(text: str) -> float:
    return sum(ch.isalpha() for ch in text) / max(1, len(text))


def split_chunks(text: str, size: int = CHUNK_CHARS) -> List[Tuple[int, int]]:
    """(start, end) pieces covering the text, cut at a line or sentence end when possible."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind(mark) + len(mark) for mark in BREAKS)
        if cut < size // 2:
            cut = window.rfind(" ") + 1
        if cut < size // 2:
            cut = size
        pieces.append((start, start + cut))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, len(text)))
    return pieces


class FactExtractor:
    """Clinical facts (guideline.patient.Fact) from a clinician's free-text message."""

    def __init__(self) -> None:
        self._lexicon: Lexicon = with_abbreviations(load_lexicon(), load_abbreviations())
        self._nlp = build_pipeline(
            self._lexicon,
            load_context_rules(self._lexicon.slots),
            without(terminology_terms(), self._lexicon),
        )
        self._readers: Sequence[Callable[[Reading], List[Fact]]] = (
            read_pain_type,
            read_indication,
            lambda reading: read_analgesia(reading, self._lexicon.serious_side_effects),
            read_trial,
            read_life_expectancy,
            read_psych,
            read_infection,
            read_coagulation,
        )
        self._last: Tuple[object, List[Reading]] = (None, [])

    def extract(self, text: str) -> List[Fact]:
        """The facts the message states, at most one per name (a later statement wins), in
        the order of guideline.patient.FACT_VALUES. Never raises."""
        try:
            found = {}
            for reading in self._read(text):
                for reader in self._readers:
                    for fact in reader(reading):
                        found[fact.name] = fact
            return [found[name] for name in FACT_VALUES if name in found]
        except Exception:  # a message must never break the conversation
            log.exception("fact extraction failed")
            return []

    def describes_patient(self, text: str, facts: Iterable[Fact]) -> bool:
        """True when the message is about a particular patient rather than the guideline."""
        try:
            return describes_patient(self._read(text), list(facts or []))
        except Exception:
            log.exception("describes_patient failed")
            return False

    def _read(self, text: str) -> List[Reading]:
        if self._last[0] == text and isinstance(text, str):
            return self._last[1]
        readings: List[Reading] = []
        if isinstance(text, str) and text.strip():
            original = normalize_text(text[:MAX_CHARS])  # soft hyphens and the like go first
            cleaned = clean(original)
            pieces = split_chunks(cleaned)
            if len(pieces) > 1:  # a long message: skip pieces that are not prose at all
                pieces = [
                    (start, end)
                    for start, end in pieces
                    if _letter_share(cleaned[start:end]) >= MIN_LETTER_SHARE
                ]
            docs = self._nlp.pipe(cleaned[start:end] for start, end in pieces)
            for (start, end), doc in zip(pieces, docs):
                readings.append(Reading(doc, original[start:end], self._lexicon))
        self._last = (text, readings)
        return readings
