"""Strict loading of the extraction vocabulary (lexicon.yml) and the ConText modifiers
(context_rules.yml).

The words are data so that clinicians' terms can be added without touching the readers; the
loader fails loudly on anything it does not know, so a typo never silently disables a term.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

import yaml

from guideline.facts import labels as L

HERE = Path(__file__).resolve().parent
LEXICON_PATH = HERE / "lexicon.yml"
CONTEXT_RULES_PATH = HERE / "context_rules.yml"

CATEGORIES = ("NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY",
              "PSEUDO", L.CLAUSE_BREAK)
DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "PSEUDO")
SLOT_REF = re.compile(r"\{(\w+)\}")


class LexiconError(ValueError):
    """The vocabulary file is malformed; the message says where."""


#: A slot is a list of words or a regular expression ("~..." lower case, "=~..." exact case).
Slot = Union[Tuple[str, ...], str]


@dataclass(frozen=True)
class Lexicon:
    slots: Dict[str, Slot]
    abbreviations: Tuple[str, ...]
    serious_side_effects: FrozenSet[str]
    question_openers: FrozenSet[str]
    generic_markers: FrozenSet[str]
    question_markers: FrozenSet[str]
    auxiliary_openers: FrozenSet[str]
    topic_openers: FrozenSet[str]
    question_subjects: FrozenSet[str]
    filler_words: FrozenSet[str]
    not_typos: FrozenSet[str]
    labels: Dict[str, str]
    #: label -> canonical id -> phrases
    terms: Dict[str, Dict[str, Tuple[str, ...]]]


@dataclass(frozen=True)
class ModifierGroup:
    """ConText modifiers sharing a category, a direction and a scope."""

    category: str
    direction: str
    phrases: Tuple[str, ...]
    max_scope: Optional[int]
    clause_bound: bool
    #: concept labels the modifiers never modify
    excluded_labels: Tuple[str, ...] = ()


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"{path}: cannot read: {error}") from error


def _mapping(value: Any, where: str, keys: Optional[set] = None,
             required: Optional[set] = None) -> Mapping:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: expected a mapping, got {type(value).__name__}")
    if keys is not None:
        unknown = set(value) - keys
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(map(str, unknown))}")
    missing = (required if required is not None else (keys or set())) - set(value)
    if missing:
        raise LexiconError(f"{where}: missing keys {sorted(missing)}")
    return value


def _strings(value: Any, where: str) -> Tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: expected a non-empty list of strings")
    out = []
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise LexiconError(f"{where}[{index}]: expected a string, got {item!r}")
        text = str(item).strip()
        if not text:
            raise LexiconError(f"{where}[{index}]: empty phrase")
        out.append(text)
    return tuple(out)


def _check_regex(pattern: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise LexiconError(f"{where}: bad regular expression {pattern!r}: {error}") from error


def check_phrase(phrase: str, slots: Mapping[str, Slot], where: str) -> None:
    """A phrase is valid when its regex compiles and every slot it names exists."""
    if phrase.startswith("~"):
        _check_regex(phrase[1:], where)
        return
    body = phrase[1:] if phrase.startswith("=") else phrase
    if not body.strip():
        raise LexiconError(f"{where}: empty phrase {phrase!r}")
    for name in SLOT_REF.findall(body):
        if name not in slots:
            raise LexiconError(f"{where}: unknown slot {{{name}}} in {phrase!r}")


def _slots(value: Any) -> Dict[str, Slot]:
    slots: Dict[str, Slot] = {}
    for name, spec in _mapping(value, "slots").items():
        where = f"slots.{name}"
        if isinstance(spec, str):
            if not (spec.startswith("~") or spec.startswith("=~")):
                raise LexiconError(f"{where}: a string slot must be a regex starting ~ or =~")
            _check_regex(spec.lstrip("=~"), where)
            slots[name] = spec
        else:
            slots[name] = tuple(word.lower() for word in _strings(spec, where))
    return slots


LEXICON_KEYS = {"slots", "abbreviations", "serious_side_effects", "question_openers",
                "generic_markers", "question_markers", "auxiliary_openers", "topic_openers",
                "question_subjects",
                "filler_words", "not_typos", "labels", "terms"}


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read and validate lexicon.yml."""
    data = _mapping(_load_yaml(path), str(path), LEXICON_KEYS)
    slots = _slots(data["slots"])
    labels = {}
    for name, description in _mapping(data["labels"], "labels").items():
        if not isinstance(description, str) or not re.fullmatch(r"[A-Z][A-Z_]*", str(name)):
            raise LexiconError(f"labels.{name}: expected UPPER_CASE name with a description")
        labels[name] = description
    missing = set(L.ALL_LABELS) - set(labels)
    if missing:
        raise LexiconError(f"labels: the readers need {sorted(missing)}")
    unused = set(labels) - set(L.ALL_LABELS)
    if unused:
        raise LexiconError(f"labels: no reader reads {sorted(unused)}")
    terms: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    for label, ids in _mapping(data["terms"], "terms").items():
        if label not in labels:
            raise LexiconError(f"terms.{label}: label not declared under labels")
        terms[label] = {}
        for term_id, phrases in _mapping(ids, f"terms.{label}").items():
            where = f"terms.{label}.{term_id}"
            terms[label][str(term_id)] = _strings(phrases, where)
            for phrase in terms[label][str(term_id)]:
                check_phrase(phrase, slots, where)
    empty = set(labels) - set(terms)
    if empty:
        raise LexiconError(f"terms: no phrases for {sorted(empty)}")
    serious = frozenset(_strings(data["serious_side_effects"], "serious_side_effects"))
    unknown = serious - set(terms.get(L.SIDE_EFFECT, {}))
    if unknown:
        raise LexiconError(f"serious_side_effects: not SIDE_EFFECT ids: {sorted(unknown)}")
    return Lexicon(
        slots=slots,
        abbreviations=_strings(data["abbreviations"], "abbreviations"),
        serious_side_effects=serious,
        question_openers=frozenset(w.lower() for w in _strings(data["question_openers"],
                                                               "question_openers")),
        generic_markers=frozenset(w.lower() for w in _strings(data["generic_markers"],
                                                              "generic_markers")),
        auxiliary_openers=_words(data, "auxiliary_openers"),
        topic_openers=_words(data, "topic_openers"),
        question_subjects=_words(data, "question_subjects"),
        question_markers=frozenset(w.lower() for w in _strings(data["question_markers"],
                                                               "question_markers")),
        filler_words=frozenset(w.lower() for w in _strings(data["filler_words"], "filler_words")),
        not_typos=_words(data, "not_typos"),
        labels=labels,
        terms=terms,
    )


def _words(data: Mapping, key: str) -> FrozenSet[str]:
    return frozenset(word.lower() for word in _strings(data[key], key))


GROUP_KEYS = {"category", "direction", "phrases", "max_scope", "clause_bound", "excluded_labels"}


def load_context_rules(slots: Mapping[str, Slot],
                       path: Path = CONTEXT_RULES_PATH) -> Tuple[ModifierGroup, ...]:
    """Read and validate context_rules.yml (phrases may use the lexicon's slots)."""
    data = _mapping(_load_yaml(path), str(path), {"rules"})
    groups: List[ModifierGroup] = []
    if not isinstance(data["rules"], list) or not data["rules"]:
        raise LexiconError(f"{path}: rules must be a non-empty list")
    for index, raw in enumerate(data["rules"]):
        where = f"rules[{index}]"
        group = _mapping(raw, where, GROUP_KEYS, {"category", "direction", "phrases"})
        category, direction = group["category"], group["direction"]
        if category not in CATEGORIES:
            raise LexiconError(f"{where}: unknown category {category!r}")
        if direction not in DIRECTIONS:
            raise LexiconError(f"{where}: unknown direction {direction!r}")
        if (direction == "PSEUDO") != (category in ("PSEUDO", L.CLAUSE_BREAK)):
            raise LexiconError(f"{where}: PSEUDO direction goes with PSEUDO and CLAUSE_BREAK only")
        max_scope = group.get("max_scope")
        if max_scope is not None and (isinstance(max_scope, bool) or not isinstance(max_scope, int)
                                      or max_scope < 1):
            raise LexiconError(f"{where}: max_scope must be a positive integer")
        clause_bound = group.get("clause_bound", False)
        if not isinstance(clause_bound, bool):
            raise LexiconError(f"{where}: clause_bound must be true or false")
        phrases = _strings(group["phrases"], f"{where}.phrases")
        for phrase in phrases:
            check_phrase(phrase, slots, f"{where}.phrases")
        excluded = (_strings(group["excluded_labels"], f"{where}.excluded_labels")
                    if "excluded_labels" in group else ())
        unknown = set(excluded) - set(L.CONCEPTS)
        if unknown:
            raise LexiconError(f"{where}: excluded_labels not concepts: {sorted(unknown)}")
        groups.append(ModifierGroup(category, direction, phrases, max_scope, clause_bound,
                                    excluded))
    return tuple(groups)
