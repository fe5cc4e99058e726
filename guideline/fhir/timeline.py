"""One patient's facts from many dated sources: coded data and notes merged in time order.

Each source (a lab result, a diagnosis, a note) is an Event: the facts it states and when. Events
are applied oldest first with the chat's own merge (guideline.patient.merge_facts), so a later
statement replaces an earlier one exactly as a later chat turn does. Where coded data and a note
disagree, the more recent wins and the disagreement is kept for the card to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional, Sequence, Tuple

from guideline.patient import Fact, FactTable, merge_facts

CODED, NOTE = "coded data", "note"
#: Undated sources count as older than any dated one.
UNDATED = datetime.min.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Event:
    """The facts one source states, with when and what it is ("Observation INR 2026-01-10")."""

    when: Optional[datetime]
    kind: str  # CODED or NOTE
    label: str
    facts: Tuple[Fact, ...]


@dataclass(frozen=True)
class Conflict:
    """Coded data and a note said different things; `newer` is the one used."""

    fact: str
    newer: Tuple[str, object]  # (source label, value)
    older: Tuple[str, object]


def merge_events(events: Sequence[Event]) -> Tuple[FactTable, List[Conflict]]:
    """The facts after every event, oldest first; list-valued facts (drug names) accumulate."""
    table: FactTable = {}
    said_by: dict = {}  # fact name -> (kind, label, value)
    conflicts: List[Conflict] = []
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].when or UNDATED, pair[0]))
    for _, event in ordered:
        facts = []
        for fact in event.facts:
            before = said_by.get(fact.name)
            value = fact.value
            if isinstance(value, list) and fact.name in table:
                value = _union(table[fact.name]["value"], value)
                fact = Fact(fact.name, value, _joined(table[fact.name]["evidence"], fact.evidence))
            elif before and before[0] != event.kind and before[2] != value:
                conflicts.append(Conflict(fact.name, (event.label, value), (before[1], before[2])))
            said_by[fact.name] = (event.kind, event.label, value)
            facts.append(fact)
        table = merge_facts(table, facts)
    return table, conflicts


def _union(old: object, new: list) -> list:
    known = list(old) if isinstance(old, list) else []
    return known + [item for item in new if item not in known]


def _joined(old: str, new: str) -> str:
    return old if new in old else f"{old}; {new}" if old else new
