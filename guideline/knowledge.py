"""Loads guideline/knowledge.yml through pydantic models and refuses a broken one.

The file is the assistant's only medical knowledge. The models forbid unknown keys and check
what the types cannot say (citations to references that do not exist, topics without
statements, bad patterns), so that a mistake stops the assistant at start-up instead of reaching
a clinician. `knowledge.schema.json` is the models' JSON Schema for editors
(`python -m guideline.schemas` writes it; a test keeps it current).
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Pattern, Sequence, Tuple

import yaml
from pydantic import BaseModel, Extra, Field, ValidationError, root_validator, validator

DEFAULT_PATH = Path(__file__).with_name("knowledge.yml")
OURS = "{OURS}"
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
CONVERSATION = (
    "greet",
    "capabilities",
    "thanks",
    "goodbye",
    "out_of_scope",
    "not_in_source",
    "empty_message",
    "new_patient",
    "reference_unknown",
    "did_you_mean",
    "also_relevant",
    "defined_with",
)


class KnowledgeError(ValueError):
    """The knowledge file is broken; the message says where."""


def citations_in(text: str) -> List[int]:
    """The reference numbers of every [n] or [n, m] marker in a text."""
    return [int(n) for group in CITATION.findall(text) for n in group.split(",")]


def compile_patterns(patterns: Sequence[str], where: str = "pattern") -> Tuple[Pattern[str], ...]:
    """Patterns match case-insensitively at the start of a word."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(r"(?<![\w])(?:" + pattern + ")", re.IGNORECASE))
        except re.error as error:
            raise ValueError(f"{where}: bad pattern {pattern!r}: {error}") from None
    return tuple(compiled)


class Model(BaseModel):
    """Strict and read-only: a key the model does not know is an error."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False
        keep_untouched = (cached_property,)


class Source(Model):
    title: str
    publisher: str
    last_updated: str
    #: the source page's own status line, shown with every answer's disclaimer
    status: str
    disclaimer: str
    #: one sentence on every assessment reply: decision support, not a decision
    assessment_disclaimer: str

    def __getitem__(self, key: str) -> str:
        return getattr(self, key)


class Reference(Model):
    number: int
    #: what the source calls it (guideline, research); null where the source does not say
    kind: Optional[str]
    title: Optional[str]
    published_in: Optional[str] = None
    year: Optional[int] = None
    note: Optional[str] = None

    @root_validator(skip_on_failure=True)
    def _untitled_says_why(cls, values):
        if not values.get("title") and not values.get("note"):
            raise ValueError("an untitled reference needs a note saying why")
        return values

    def describe(self) -> str:
        """The reference in one line; an untitled one says so instead of guessing."""
        if not self.title:
            return f"[{self.number}] Title not printed in the source. {self.note or ''}".strip()
        kind = f" ({self.kind})" if self.kind else ""
        return f"[{self.number}] {self.title}. {self.published_in}, {self.year}{kind}."


class Topic(Model):
    #: the topic's key in the file (set by the loader, never written in the file)
    id: str = ""
    title: str
    question: str
    statements: List[str] = Field(..., min_items=1)
    lead: Optional[str] = None
    list: bool = False
    related: List[str] = []
    parent: Optional[str] = None
    uncited: Optional[str] = None
    #: the topic answered beside this one when a question asks what the therapy is ("what
    #: exactly is an intrathecal drug delivery system?": who it is for, and how it works)
    defined_with: Optional[str] = None

    @validator("uncited")
    def _uncited_has_no_marker(cls, value):
        if value and citations_in(value):
            raise ValueError("what the source does not cite has no [n]")
        return value

    @validator("statements", each_item=True)
    def _statement_cited(cls, value):
        if not citations_in(value):
            raise ValueError(f"a statement from the source needs its [n] citation: {value!r}")
        return value

    @property
    def citations(self) -> List[int]:
        texts = (self.lead or "", *self.statements)
        return sorted({n for text in texts for n in citations_in(text)})


class Patterns(Model):
    #: the therapy's own words, written once and put where a pattern says {OURS} ("side
    #: effects of <anything but the pump>")
    ours: Optional[str] = None
    match: List[str]

    @validator("match")
    def _compile(cls, value, values):
        ours = values.get("ours")
        expanded = [p.replace(OURS, ours) if ours else p for p in value]
        unexpanded = [p for p in expanded if OURS in p]
        if unexpanded:
            raise ValueError(f"{OURS} used but 'ours' is not given: {unexpanded[0]!r}")
        compile_patterns(expanded)
        return expanded


class Thresholds(Model):
    """The 50% trial relief and 6-month life expectancy are the source's; the INR and platelet
    limits are common procedural practice, never shown with a citation."""

    trial_relief_min_percent: float
    life_expectancy_min_months: float
    inr_max: float
    platelets_min_per_ul: float


class Eligibility(Model):
    thresholds: Thresholds


class Knowledge(Model):
    """guideline/knowledge.yml: the source, its references, the topics answered, the
    conversation texts, the question guards and the eligibility thresholds."""

    source: Source
    reference_list: List[Reference] = Field(..., alias="references", min_items=1)
    topics: Dict[str, Topic]
    conversation: Dict[str, str]
    pump_terms_match: Patterns = Field(..., alias="pump_terms")
    not_in_source_match: Patterns = Field(..., alias="not_in_source")
    eligibility: Eligibility

    @validator("topics", pre=True)
    def _topic_ids(cls, value):
        if isinstance(value, dict):
            if not value:
                raise ValueError("at least one topic is needed")
            return {
                tid: {**entry, "id": tid} if isinstance(entry, dict) else entry
                for tid, entry in value.items()
            }
        return value

    @validator("reference_list")
    def _numbered(cls, value):
        for position, reference in enumerate(value, start=1):
            if reference.number != position:
                raise ValueError(
                    f"numbers must run 1, 2, 3...; got {reference.number} at position {position}"
                )
        return value

    @validator("conversation")
    def _conversation(cls, value):
        missing = [key for key in CONVERSATION if key not in value]
        if missing:
            raise ValueError(f"missing keys {missing}")
        cited = [key for key, text in value.items() if citations_in(text)]
        if cited:
            raise ValueError(f"text outside the source carries no [n]: {cited}")
        return value

    @root_validator(skip_on_failure=True)
    def _cross_references(cls, values):
        numbers = {reference.number for reference in values["reference_list"]}
        topics = values["topics"]
        for topic in topics.values():
            for text in (topic.lead or "", *topic.statements):
                unknown = [n for n in citations_in(text) if n not in numbers]
                if unknown:
                    raise ValueError(
                        f"topics.{topic.id}: cites references that do not exist: {unknown}"
                    )
            named = (*topic.related, *(t for t in (topic.parent, topic.defined_with) if t))
            for other in named:
                if other not in topics:
                    raise ValueError(f"topics.{topic.id}: names unknown topic {other!r}")
        return values

    @cached_property
    def references(self) -> Dict[int, Reference]:
        return {reference.number: reference for reference in self.reference_list}

    @cached_property
    def pump_terms(self) -> Tuple[Pattern[str], ...]:
        return compile_patterns(self.pump_terms_match.match)

    @cached_property
    def not_in_source(self) -> Tuple[Pattern[str], ...]:
        return compile_patterns(self.not_in_source_match.match)

    @cached_property
    def thresholds(self) -> Dict[str, float]:
        return self.eligibility.thresholds.dict()


def parse_knowledge(data: Any) -> Knowledge:
    """Validate the parsed YAML and build the knowledge base from it."""
    if not isinstance(data, dict):
        raise KnowledgeError("knowledge: expected a mapping")
    try:
        return Knowledge.parse_obj(data)
    except ValidationError as error:
        raise KnowledgeError(f"knowledge file: {error}") from None


def load_knowledge(path: Path = DEFAULT_PATH) -> Knowledge:
    """Read and validate a knowledge file; raises KnowledgeError when it is broken."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path}: cannot read the knowledge file: {error}") from None
    return parse_knowledge(data)


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The project's knowledge base, loaded once per process."""
    return load_knowledge(DEFAULT_PATH)
