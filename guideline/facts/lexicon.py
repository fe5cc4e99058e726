"""Strict loading of the extraction vocabulary (lexicon.yml) and the ConText modifiers
(context_rules.yml) through pydantic models.

The words are data so that clinicians' terms can be added without touching the readers; the
models refuse anything they do not know (an unknown key, label or slot, a YAML boolean where a
word belongs), so a typo never silently disables a term. `lexicon.schema.json` and
`context_rules.schema.json` are their JSON Schemas for editors (`python -m guideline.schemas`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple, Type, TypeVar, Union

import yaml
from pydantic import BaseModel, Extra, Field, ValidationError, root_validator, validator

from guideline.facts import labels as L

HERE = Path(__file__).resolve().parent
LEXICON_PATH = HERE / "lexicon.yml"
CONTEXT_RULES_PATH = HERE / "context_rules.yml"

CATEGORIES = (
    "NEGATED_EXISTENCE",
    "POSSIBLE_EXISTENCE",
    "HISTORICAL",
    "HYPOTHETICAL",
    "FAMILY",
    "PSEUDO",
    L.CLAUSE_BREAK,
)
DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "PSEUDO")
SLOT_REF = re.compile(r"\{(\w+)\}")


class LexiconError(ValueError):
    """The vocabulary file is malformed; the message says where."""


#: A slot is a list of words or a regular expression ("~..." lower case, "=~..." exact case).
Slot = Union[Tuple[str, ...], str]


def _words(value: Any) -> Tuple[str, ...]:
    """A non-empty list of strings; numbers are words ("5"), YAML booleans are mistakes."""
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError("expected a non-empty list of strings")
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise ValueError(f"expected a string, got {item!r}")
        text = str(item).strip()
        if not text:
            raise ValueError("empty phrase")
        out.append(text)
    return tuple(out)


def _check_regex(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"bad regular expression {pattern!r}: {error}") from None


def check_phrase(phrase: str, slots: Mapping[str, Slot], where: str) -> None:
    """A phrase is valid when its regex compiles and every slot it names exists."""
    try:
        if phrase.startswith("~"):
            _check_regex(phrase[1:])
            return
        body = phrase[1:] if phrase.startswith("=") else phrase
        if not body.strip():
            raise ValueError(f"empty phrase {phrase!r}")
        for name in SLOT_REF.findall(body):
            if name not in slots:
                raise ValueError(f"unknown slot {{{name}}} in {phrase!r}")
    except ValueError as error:
        raise LexiconError(f"{where}: {error}") from None


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Lexicon(_Model):
    """lexicon.yml: slots, word lists the readers use, entity labels and their terms."""

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

    @validator("slots", pre=True)
    def _slots(cls, value):
        if not isinstance(value, dict):
            raise ValueError("expected a mapping")
        slots = {}
        for name, spec in value.items():
            if isinstance(spec, str):
                if not spec.startswith(("~", "=~")):
                    raise ValueError(f"{name}: a string slot must be a regex starting ~ or =~")
                _check_regex(spec.lstrip("=~"))
                slots[name] = spec
            else:
                slots[name] = tuple(word.lower() for word in _words(spec))
        return slots

    @validator("abbreviations", pre=True)
    def _abbreviations(cls, value):
        return _words(value)

    @validator(
        "serious_side_effects",
        "question_openers",
        "generic_markers",
        "question_markers",
        "auxiliary_openers",
        "topic_openers",
        "question_subjects",
        "filler_words",
        "not_typos",
        pre=True,
    )
    def _lower_words(cls, value, field):
        words = _words(value)
        return frozenset(
            words if field.name == "serious_side_effects" else (word.lower() for word in words)
        )

    @validator("labels")
    def _labels(cls, value):
        for name, description in value.items():
            if not re.fullmatch(r"[A-Z][A-Z_]*", name) or not description:
                raise ValueError(f"{name}: expected UPPER_CASE name with a description")
        missing = set(L.ALL_LABELS) - set(value)
        if missing:
            raise ValueError(f"the readers need {sorted(missing)}")
        unused = set(value) - set(L.ALL_LABELS)
        if unused:
            raise ValueError(f"no reader reads {sorted(unused)}")
        return value

    @validator("terms", pre=True)
    def _terms(cls, value):
        if not isinstance(value, dict):
            raise ValueError("expected a mapping")
        return {
            label: {str(tid): _words(phrases) for tid, phrases in (ids or {}).items()}
            for label, ids in value.items()
        }

    @root_validator(skip_on_failure=True)
    def _agree(cls, values):
        labels, terms, slots = values["labels"], values["terms"], values["slots"]
        undeclared = set(terms) - set(labels)
        if undeclared:
            raise ValueError(f"terms {sorted(undeclared)}: label not declared under labels")
        empty = set(labels) - set(terms)
        if empty:
            raise ValueError(f"terms: no phrases for {sorted(empty)}")
        for label, ids in terms.items():
            for term_id, phrases in ids.items():
                for phrase in phrases:
                    check_phrase(phrase, slots, f"terms.{label}.{term_id}")
        unknown = values["serious_side_effects"] - set(terms.get(L.SIDE_EFFECT, {}))
        if unknown:
            raise ValueError(f"serious_side_effects: not SIDE_EFFECT ids: {sorted(unknown)}")
        return values


class ModifierGroup(_Model):
    """ConText modifiers sharing a category, a direction and a scope."""

    category: str
    direction: str
    phrases: Tuple[str, ...]
    max_scope: Optional[int] = Field(None, ge=1)
    clause_bound: bool = False
    #: concept labels the modifiers never modify
    excluded_labels: Tuple[str, ...] = ()

    @validator("phrases", "excluded_labels", pre=True)
    def _phrases(cls, value):
        return _words(value)

    @validator("category")
    def _category(cls, value):
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r}")
        return value

    @validator("direction")
    def _direction(cls, value, values):
        if value not in DIRECTIONS:
            raise ValueError(f"unknown direction {value!r}")
        if (value == "PSEUDO") != (values.get("category") in ("PSEUDO", L.CLAUSE_BREAK)):
            raise ValueError("PSEUDO direction goes with PSEUDO and CLAUSE_BREAK only")
        return value

    @validator("max_scope", pre=True)
    def _scope(cls, value):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError("max_scope must be a positive integer")
        return value

    @validator("excluded_labels")
    def _concepts(cls, value):
        unknown = set(value) - set(L.CONCEPTS)
        if unknown:
            raise ValueError(f"excluded_labels not concepts: {sorted(unknown)}")
        return value


class ContextRules(_Model):
    """context_rules.yml: the ConText modifier groups."""

    rules: List[ModifierGroup] = Field(..., min_items=1)


M = TypeVar("M", bound=BaseModel)


def _load(model: Type[M], path: Path) -> M:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.parse_obj(data)
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"{path}: cannot read: {error}") from error
    except ValidationError as error:
        raise LexiconError(f"{path}: {_readable(error)}") from None


def _readable(error: ValidationError) -> str:
    """Pydantic's messages in the words the project uses ("unknown keys", "missing keys")."""
    words = {"extra fields not permitted": "unknown keys", "field required": "missing keys"}
    return "; ".join(
        f"{'.'.join(map(str, item['loc']))}: {words.get(item['msg'], item['msg'])}"
        for item in error.errors()
    )


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read and validate lexicon.yml."""
    return _load(Lexicon, path)


def load_context_rules(
    slots: Mapping[str, Slot], path: Path = CONTEXT_RULES_PATH
) -> Tuple[ModifierGroup, ...]:
    """Read and validate context_rules.yml (phrases may use the lexicon's slots)."""
    groups = tuple(_load(ContextRules, path).rules)
    for index, group in enumerate(groups):
        for phrase in group.phrases:
            check_phrase(phrase, slots, f"rules[{index}].phrases")
    return groups
