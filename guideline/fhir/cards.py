"""The CDS Hooks 2.0 card for one assessment: verdict and deciding finding first, then each
criterion with its status, evidence and citations, then what the record did not settle.

Every word about the patient comes from the assessment payload (guideline.assessment_text:
`headline`, each row's `label`, `status` and `reason`, `disclaimer`), so the card and the chat
say the same thing; text from the record is escaped so a note cannot inject markup.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Sequence

from guideline.fhir.record import PatientRecord
from guideline.knowledge import Knowledge, citations_in

SUMMARY_MAX = 139  # the specification: under 140 characters
INDICATOR = {
    "meets_criteria": "info",
    "needs_information": "warning",
    "criteria_not_met": "warning",
    "contraindicated": "critical",
}
#: Longest lists shown on a card; the rest is counted.
MAX_LISTED = 10
OVERRIDE_SYSTEM = "urn:pumpguide:cds:override-reason"
OVERRIDE_REASONS = {
    "clinical-judgement": "Clinical judgement differs from this guideline summary",
    "record-incomplete": "The record is incomplete or out of date",
    "patient-preference": "Patient preference",
    "already-assessed": "Already assessed by the pain team",
}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def escape(text: Any) -> str:
    """Record text as literal markdown: special characters escaped, on one line."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _marker(citations: Sequence[int]) -> str:
    return f" [{', '.join(str(n) for n in citations)}]" if citations else ""


def summary(assessment: Mapping[str, Any]) -> str:
    """The payload's `headline` (the verdict naming its deciding finding first), cut to under
    140 characters."""
    text = " ".join(assessment["headline"].split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "\u2026"


def _status(status: str) -> str:
    """The payload's status as words, emphasised when it decides against the patient."""
    words = status.replace("_", " ")
    return f"**{words}**" if status in ("not_met", "present") else words


def _row(row: Mapping[str, Any]) -> str:
    evidence = f" (from the record: {escape(row['evidence'])})" if row.get("evidence") else ""
    return (
        f"- **{escape(row['label'])}**{_marker(row['citations'])}: "
        f"{_status(row['status'])} - {escape(row['reason'])}{evidence}"
    )


def _listed(items: Sequence[str]) -> List[str]:
    lines = [f"- {escape(item)}" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"- and {len(items) - MAX_LISTED} more")
    return lines


def detail(kb: Knowledge, assessment: Mapping[str, Any], record: PatientRecord) -> str:
    """GitHub-flavoured markdown: every criterion and contraindication, what is missing, where
    coded data and notes disagreed, what was not read, and the disclaimer."""
    prerequisites = citations_in(kb.topics["prerequisites"].lead or "")
    contraindications = citations_in(kb.topics["contraindications"].lead or "")
    parts = [
        f"**{escape(assessment['headline'])}**",
        f"Prerequisites, all required{_marker(prerequisites)}:\n\n"
        + "\n".join(_row(row) for row in assessment["criteria"]),
        f"Absolute contraindications{_marker(contraindications)}:\n\n"
        + "\n".join(_row(row) for row in assessment["contraindications"]),
    ]
    if assessment["missing"]:
        parts.append("Still to be documented:\n\n" + "\n".join(_listed(assessment["missing"])))
    if record.conflicts:
        parts.append(
            "Where coded data and notes disagree, the more recent is used:\n\n"
            + "\n".join(
                f"- {escape(c.fact)}: {escape(c.newer[1])} ({escape(c.newer[0])}) replaces "
                f"{escape(c.older[1])} ({escape(c.older[0])})"
                for c in record.conflicts
            )
        )
    if record.unknown:
        parts.append(
            "Not read (codes or attachments this service does not know):\n\n"
            + "\n".join(_listed(record.unknown))
        )
    if record.not_used:
        parts.append(
            "Read but not used by the current rules:\n\n" + "\n".join(_listed(record.not_used))
        )
    parts.append(f"_{escape(assessment['disclaimer'])}_")
    return "\n\n".join(parts)


def source(kb: Knowledge) -> Dict[str, str]:
    return {
        "label": f"{kb.source['title']} ({kb.source['publisher']}, last updated "
        f"{kb.source['last_updated']})"
    }


def card(
    kb: Knowledge,
    assessment: Mapping[str, Any],
    record: PatientRecord,
    card_uuid: str,
    chat_url: str,
) -> Dict[str, Any]:
    """One card per CDS Hooks 2.0: summary, indicator, detail, source, a link, override reasons."""
    return {
        "uuid": card_uuid,
        "summary": summary(assessment),
        "indicator": INDICATOR[assessment["verdict"]],
        "detail": detail(kb, assessment, record),
        "source": source(kb),
        "links": [
            {
                "label": "Open this assessment in the guideline chat",
                "url": chat_url,
                "type": "absolute",
            }
        ],
        "overrideReasons": [
            {"system": OVERRIDE_SYSTEM, "code": code, "display": display}
            for code, display in OVERRIDE_REASONS.items()
        ],
    }
