"""Loads guideline/knowledge.yml and refuses a broken one.

The file is the assistant's only medical knowledge. Loading checks it strictly (unknown keys,
citations to references that do not exist, topics without statements, bad patterns) so that a
mistake stops the assistant at start-up instead of reaching a clinician.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Pattern, Sequence, Tuple

import yaml

DEFAULT_PATH = Path(__file__).with_name("knowledge.yml")
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
CRITERIA = ("failed_conservative_management", "successful_trial", "life_expectancy",
            "psychological_evaluation")
CONTRAINDICATIONS = ("active_infection", "coagulopathy", "short_life_expectancy")
CONVERSATION = ("greet", "capabilities", "thanks", "goodbye", "out_of_scope", "not_in_source",
                "empty_message", "new_patient", "reference_unknown", "did_you_mean")
THRESHOLDS = ("trial_relief_min_percent", "life_expectancy_min_months", "inr_max",
              "platelets_min_per_ul")


class KnowledgeError(ValueError):
    """The knowledge file is broken; the message says where."""


@dataclass(frozen=True)
class Reference:
    number: int
    kind: str
    title: Optional[str]
    published_in: Optional[str] = None
    year: Optional[int] = None
    note: Optional[str] = None

    def describe(self) -> str:
        """The reference in one line; an untitled one says so instead of guessing."""
        if not self.title:
            return f"[{self.number}] Title not printed in the source. {self.note or ''}".strip()
        return f"[{self.number}] {self.title}. {self.published_in}, {self.year} ({self.kind})."


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    question: str
    patterns: Tuple[Pattern[str], ...]
    statements: Tuple[str, ...]
    lead: Optional[str] = None
    list: bool = False
    related: Tuple[str, ...] = ()
    parent: Optional[str] = None
    uncited: Optional[str] = None

    @property
    def citations(self) -> List[int]:
        return sorted({n for text in (self.lead or "", *self.statements) for n in citations_in(text)})


@dataclass(frozen=True)
class Rule:
    """One criterion or contraindication: its label, its citations, the question for it."""

    id: str
    label: str
    cite: Tuple[int, ...]
    ask: str


@dataclass(frozen=True)
class Knowledge:
    source: Mapping[str, str]
    references: Mapping[int, Reference]
    topics: Mapping[str, Topic]
    conversation: Mapping[str, str]
    not_in_source: Tuple[Pattern[str], ...]
    pump_terms: Tuple[Pattern[str], ...]
    thresholds: Mapping[str, float]
    criteria: Mapping[str, Rule]
    contraindications: Mapping[str, Rule]


def citations_in(text: str) -> List[int]:
    """The reference numbers of every [n] or [n, m] marker in a text."""
    return [int(n) for group in CITATION.findall(text) for n in group.split(",")]


def compile_patterns(patterns: Sequence[str], where: str) -> Tuple[Pattern[str], ...]:
    """Patterns match case-insensitively at the start of a word."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(r"(?<![\w])(?:" + pattern + ")", re.IGNORECASE))
        except re.error as error:
            raise KnowledgeError(f"{where}: bad pattern {pattern!r}: {error}") from None
    return tuple(compiled)


def _keys(node: Any, where: str, required: Sequence[str], optional: Sequence[str] = ()) -> dict:
    if not isinstance(node, dict):
        raise KnowledgeError(f"{where}: expected a mapping")
    missing = [key for key in required if key not in node]
    unknown = [key for key in node if key not in required and key not in optional]
    if missing or unknown:
        raise KnowledgeError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    return node


def _check_cited(text: str, where: str, numbers: Mapping[int, Reference], required: bool) -> None:
    _check_numbers(citations_in(text), where, numbers, required)


def _check_numbers(cited: Any, where: str, numbers: Mapping[int, Reference],
                   required: bool) -> None:
    if not isinstance(cited, list) or not all(isinstance(n, int) for n in cited):
        raise KnowledgeError(f"{where}: citations must be a list of reference numbers")
    if required and not cited:
        raise KnowledgeError(f"{where}: a statement from the source needs its [n] citation")
    unknown = [n for n in cited if n not in numbers]
    if unknown:
        raise KnowledgeError(f"{where}: cites references that do not exist: {unknown}")


def _references(node: Any) -> Dict[int, Reference]:
    if not isinstance(node, list) or not node:
        raise KnowledgeError("references: expected a non-empty list")
    references = {}
    for position, entry in enumerate(node, start=1):
        where = f"references[{position}]"
        _keys(entry, where, ("number", "kind", "title"), ("published_in", "year", "note"))
        if entry["number"] != position:
            raise KnowledgeError(f"{where}: numbers must run 1, 2, 3...; got {entry['number']}")
        if not entry["title"] and not entry.get("note"):
            raise KnowledgeError(f"{where}: an untitled reference needs a note saying why")
        references[position] = Reference(**entry)
    return references


def _topics(node: Any, references: Mapping[int, Reference]) -> Dict[str, Topic]:
    if not isinstance(node, dict) or not node:
        raise KnowledgeError("topics: expected a non-empty mapping")
    topics = {}
    for topic_id, entry in node.items():
        where = f"topics.{topic_id}"
        _keys(entry, where, ("title", "question", "statements"),
              ("match", "lead", "list", "related", "parent", "uncited"))
        if not entry["statements"]:
            raise KnowledgeError(f"{where}: a topic needs at least one statement")
        for index, text in enumerate(entry["statements"]):
            _check_cited(text, f"{where}.statements[{index}]", references, required=True)
        _check_cited(entry.get("lead") or "", f"{where}.lead", references, required=False)
        if citations_in(entry.get("uncited") or ""):
            raise KnowledgeError(f"{where}.uncited: what the source does not cite has no [n]")
        topics[topic_id] = Topic(
            id=topic_id, title=entry["title"], question=entry["question"],
            patterns=compile_patterns(entry.get("match", ()), where), statements=tuple(entry["statements"]),
            lead=entry.get("lead"), list=bool(entry.get("list", False)),
            related=tuple(entry.get("related", ())), parent=entry.get("parent"),
            uncited=entry.get("uncited"))
    for topic in topics.values():
        for other in (*topic.related, *([topic.parent] if topic.parent else [])):
            if other not in topics:
                raise KnowledgeError(f"topics.{topic.id}: names unknown topic {other!r}")
    return topics


def _rules(node: Any, where: str, ids: Sequence[str], references) -> Dict[str, Rule]:
    _keys(node, where, ids)
    rules = {}
    for rule_id in ids:
        entry = _keys(node[rule_id], f"{where}.{rule_id}", ("label", "cite", "ask"))
        _check_numbers(entry["cite"], f"{where}.{rule_id}", references, required=True)
        rules[rule_id] = Rule(rule_id, entry["label"], tuple(entry["cite"]), entry["ask"])
    return rules


def _patterns(root: Mapping[str, Any], key: str) -> Tuple[Pattern[str], ...]:
    return compile_patterns(_keys(root[key], key, ("match",))["match"], key)


def parse_knowledge(data: Any) -> Knowledge:
    """Validate the parsed YAML and build the knowledge base from it."""
    root = _keys(data, "knowledge", ("source", "references", "topics", "conversation",
                                     "pump_terms", "not_in_source", "eligibility"))
    source = _keys(root["source"], "source", ("title", "publisher", "last_updated", "disclaimer"))
    references = _references(root["references"])
    conversation = _keys(root["conversation"], "conversation", CONVERSATION)
    for key, text in conversation.items():
        if citations_in(text):
            raise KnowledgeError(f"conversation.{key}: text outside the source carries no [n]")
    eligibility = _keys(root["eligibility"], "eligibility",
                        ("thresholds", "criteria", "contraindications"))
    thresholds = _keys(eligibility["thresholds"], "eligibility.thresholds", THRESHOLDS)
    return Knowledge(
        source=source, references=references,
        topics=_topics(root["topics"], references), conversation=conversation,
        not_in_source=_patterns(root, "not_in_source"),
        pump_terms=_patterns(root, "pump_terms"),
        thresholds={key: float(value) for key, value in thresholds.items()},
        criteria=_rules(eligibility["criteria"], "eligibility.criteria", CRITERIA, references),
        contraindications=_rules(eligibility["contraindications"],
                                 "eligibility.contraindications", CONTRAINDICATIONS, references),
    )


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
