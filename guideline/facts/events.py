"""What a reader found before it becomes a Fact: a value, where the message said it, and the
words that said it; when a message says the same thing twice, the later statement wins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, List, Optional

from guideline.patient import Fact


@dataclass(frozen=True)
class Finding:
    value: Any
    position: int  # character offset of the deciding words
    evidence: str


def latest(findings: Iterable[Optional[Finding]]) -> Optional[Finding]:
    """The finding stated last in the message, or None."""
    present = [f for f in findings if f is not None]
    return max(present, key=lambda f: f.position) if present else None


def fact(name: str, finding: Optional[Finding]) -> List[Fact]:
    """The fact for a finding (none when nothing was found or the evidence is empty)."""
    if finding is None or not finding.evidence:
        return []
    return [Fact(name, finding.value, finding.evidence)]
