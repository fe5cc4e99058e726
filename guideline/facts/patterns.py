"""Lexicon phrases as spaCy token patterns, tokenised exactly like the messages they match.

Building token patterns ourselves (rather than letting spaCy parse phrase strings) keeps the
phrase syntax of lexicon.yml (exact case, regex, slots, hyphen variants) in one place.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, Iterator, List, Mapping, Set

from guideline.facts.lexicon import SLOT_REF, Slot

TokenPattern = List[Dict[str, object]]
Tokenize = Callable[[str], List[str]]
HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


#: The token attribute that case-insensitive patterns match: the lower-case text, or the word a
#: slip of typing stands for (components.Spelling sets it).
NORM = "NORM"


def _slot_token(slot: Slot) -> Dict[str, object]:
    if isinstance(slot, tuple):
        return {NORM: {"IN": list(slot)}}
    if slot.startswith("=~"):
        return {"ORTH": {"REGEX": slot[2:]}}
    return {NORM: {"REGEX": slot[1:]}}


def _variants(phrase: str) -> Iterator[str]:
    """The phrase, and for hyphenated words the spaced and joined spellings."""
    yield phrase
    if HYPHEN.search(phrase):
        yield HYPHEN.sub(" ", phrase)
        yield HYPHEN.sub("", phrase)


def phrase_patterns(
    phrase: str, tokenize: Tokenize, slots: Mapping[str, Slot]
) -> List[TokenPattern]:
    """Token patterns for one lexicon entry (see the syntax at the top of lexicon.yml)."""
    if phrase.startswith("~"):
        return [[{NORM: {"REGEX": phrase[1:]}}]]
    exact = phrase.startswith("=")
    body = phrase[1:] if exact else phrase
    patterns: List[TokenPattern] = []
    for variant in _variants(body):
        pattern: TokenPattern = []
        # split() alternates plain text and slot names: odd positions are slot names.
        for index, piece in enumerate(SLOT_REF.split(variant)):
            if index % 2 == 1:
                pattern.append(_slot_token(slots[piece]))
                continue
            for word in piece.split():
                for token in tokenize(word):
                    if exact and any(ch.isupper() for ch in token):
                        pattern.append({"ORTH": token})
                    else:
                        pattern.append({NORM: token.lower()})
        if pattern and pattern not in patterns:
            patterns.append(pattern)
    return patterns


def phrase_words(phrases: Iterable[str], slots: Mapping[str, Slot]) -> Set[str]:
    """The lower-case words the phrases match (regexes and exact-case shorthand left out)."""
    words: Set[str] = set()
    for phrase in phrases:
        if phrase.startswith(("~", "=")):
            continue
        words.update(re.findall(r"[a-z]+", SLOT_REF.sub(" ", phrase.lower())))
    for slot in slots.values():
        if isinstance(slot, tuple):
            words.update(slot)
    return words


def entity_patterns(
    terms: Mapping[str, Mapping[str, Iterable[str]]], slots: Mapping[str, Slot], tokenize: Tokenize
) -> List[Dict[str, object]]:
    """EntityRuler patterns for every term: label, canonical id, token pattern."""
    out = []
    for label, ids in terms.items():
        for term_id, phrases in ids.items():
            for phrase in phrases:
                for pattern in phrase_patterns(phrase, tokenize, slots):
                    out.append({"label": label, "id": term_id, "pattern": pattern})
    return out
