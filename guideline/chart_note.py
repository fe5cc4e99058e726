"""The assessment as a plain-text note a clinician can paste into the chart.

Built from the assessment payload (CONTRACT section 3, version 2) alone, so the note, the card
and the reply text say the same thing: the server sends the note in the payload's `chart_note`
and the page copies it as it is. A chart is read later by someone who was not there, so the note
carries when it was made, by which tool, guideline and rules, and says it is decision support.
Citation numbers stay off the lines and the references they point to come once at the end.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence

from guideline.knowledge import Knowledge, default_knowledge

#: The tool's name and version as the chart shows them; raise the version when the note, the
#: payload or the way facts are read changes (`rules_version` follows the knowledge file).
TOOL = "Intrathecal pump guideline assistant"
TOOL_VERSION = "2.0"


def _words(identifier: Any) -> str:
    """`not_met` -> "Not met": a payload id in words, for a row without a label."""
    text = str(identifier or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _when(now: datetime) -> str:
    """Date and time to the minute, with the zone when `now` carries one."""
    zone = now.strftime("%Z") or now.strftime("%z")
    return now.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def _question(item: str) -> str:
    """A missing fact as the question to ask: capitalised, ending in a question mark."""
    text = str(item).strip().rstrip(".?")
    return text[:1].upper() + text[1:] + "?"


def _row(row: Mapping[str, Any], evidence_seen: set) -> str:
    """One criterion or contraindication on one line: label, status, reason, and the quoted
    words that decided it unless an earlier line already quoted the same words."""
    label = row.get("label") or _words(row.get("id"))
    line = f"- {label}: {_words(row.get('status')) or 'Unknown'}"
    reason = str(row.get("reason") or "").strip()
    if reason:
        line += f" - {reason}"
    evidence = str(row.get("evidence") or "").strip()
    if evidence and evidence not in evidence_seen:
        evidence_seen.add(evidence)
        line += f' (noted: "{evidence}")'
    return line


def _section(title: str, rows: Sequence[Mapping[str, Any]], evidence_seen: set) -> List[str]:
    return [title, *(_row(row, evidence_seen) for row in rows)] if rows else []


def _cited(rows: Sequence[Mapping[str, Any]]) -> List[int]:
    numbers = {
        int(n)
        for row in rows
        for n in (row.get("citations") or [])
        if isinstance(n, int) or str(n).isdigit()
    }
    return sorted(numbers)


def _source_line(source: Optional[Mapping[str, Any]], kb: Knowledge) -> str:
    """The guideline summary by its title (quoted: the source's title is a question), who
    published it and when it was last updated."""
    source = source or {}
    title = source.get("title") or kb.source["title"]
    updated = source.get("last_updated") or kb.source["last_updated"]
    publisher = source.get("publisher") or kb.source["publisher"]
    return f'Guideline: summary "{title}" ({publisher}), last updated {updated}'


def chart_note(assessment: Dict[str, Any], now: datetime, kb: Optional[Knowledge] = None) -> str:
    """The plain-text chart note for one assessment payload, made at `now`.

    Lines: title with date and time; tool, guideline and rules versions; the verdict with its
    deciding finding (`headline`); each criterion and contraindication on one line; what is
    missing, as questions; the references cited, once; the one-line disclaimer.
    """
    kb = kb or default_knowledge()
    criteria = assessment.get("criteria") or []
    contraindications = assessment.get("contraindications") or []
    rules_version = assessment.get("rules_version") or "not given"
    headline = assessment.get("headline") or _words(assessment.get("verdict")) or "No verdict"

    lines = [
        f"Intrathecal pump assessment, decision support ({_when(now)})",
        f"Tool: {TOOL} {TOOL_VERSION}; rules version {rules_version}",
        _source_line(assessment.get("source"), kb),
        "",
        f"Verdict: {headline}",
    ]
    seen: set = set()
    for title, rows in (
        ("Prerequisites (all required):", criteria),
        ("Absolute contraindications:", contraindications),
    ):
        section = _section(title, rows, seen)
        if section:
            lines += ["", *section]
    missing = [m for m in assessment.get("missing") or [] if str(m).strip()]
    if missing:
        lines += ["", "To ask:", *(f"- {_question(m)}" for m in missing)]
    numbers = _cited([*criteria, *contraindications])
    if numbers:
        lines += ["", "References:"]
        lines += [
            kb.references[n].describe()
            if n in kb.references
            else f"[{n}] (not in the source's reference list)"
            for n in numbers
        ]
    disclaimer = assessment.get("disclaimer") or kb.source["disclaimer"]
    lines += ["", " ".join(str(disclaimer).split())]
    return "\n".join(lines)
