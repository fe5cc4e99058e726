"""The readable form of an assessment: the verdict naming its deciding finding first, the rows
not met or unknown before those met, what is missing as questions, and the disclaimer.

Wording of the assessment reply lives here; `assessment_payload` is CONTRACT section 3's object.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from guideline.eligibility import Assessment, Finding, rules_version
from guideline.knowledge import Knowledge, citations_in

VERDICT_WORDS = {
    "meets_criteria": "Meets the criteria of this guideline summary",
    "criteria_not_met": "Criteria not met",
    "contraindicated": "Contraindicated",
    "needs_information": "Needs more information",
}
#: Said after the findings of a patient who meets every criterion, never without the summary.
MEETS_DETAIL = (
    "every prerequisite is met and no absolute contraindication is present, by this "
    "guideline summary"
)
STATUS_WORDS = {
    "met": "met",
    "not_met": "NOT met",
    "unknown": "unknown",
    "present": "PRESENT",
    "absent": "absent",
}
#: Rows in the order a reader needs them: what decides the verdict first.
STATUS_ORDER = {"present": 0, "not_met": 0, "unknown": 1, "met": 2, "absent": 2}
#: How each deciding status reads after the finding's label in the headline.
HEADLINE_STATUS = {"present": "present", "not_met": "not met", "unknown": "not known"}
DECIDING = {
    "contraindicated": ("present",),
    "criteria_not_met": ("not_met",),
    "needs_information": ("unknown",),
}


def _marker(citations: Sequence[int]) -> str:
    return "[" + ", ".join(str(n) for n in citations) + "]" if citations else ""


def _line(finding: Finding) -> str:
    words = f' ("{finding.evidence}")' if finding.evidence else ""
    cite = _marker(finding.citations)
    label = f"{finding.label} {cite}" if cite else finding.label
    return f"- {label}: {STATUS_WORDS[finding.status]} - {finding.reason}{words}"


def _ordered(findings: Sequence[Finding]) -> List[Finding]:
    return sorted(findings, key=lambda f: STATUS_ORDER[f.status])


def headline(assessment: Assessment) -> str:
    """The verdict in words, naming the finding that decides it first
    ("Contraindicated: active infection present")."""
    words = VERDICT_WORDS[assessment.verdict]
    if assessment.verdict == "meets_criteria":
        return f"{words}: {MEETS_DETAIL}"
    statuses = DECIDING[assessment.verdict]
    rows = (
        assessment.contraindications
        if assessment.verdict == "contraindicated"
        else [*assessment.criteria, *assessment.contraindications]
    )
    deciding = [f for f in rows if f.status in statuses]
    named = "; ".join(
        f"{f.label[0].lower()}{f.label[1:]} {HEADLINE_STATUS[f.status]}" for f in deciding
    )
    return f"{words}: {named}"


def assessment_text(kb: Knowledge, assessment: Assessment) -> str:
    """Plain text with single line breaks, so a channel shows it as one message. Each row
    carries its rule's citations; the contraindications heading those of the source's own
    heading (its topic lead)."""
    contraindications_cite = citations_in(kb.topics["contraindications"].lead or "")
    lines = [f"**{headline(assessment)}**", "Indication and prerequisites, all required:"]
    lines.extend(_line(f) for f in _ordered(assessment.criteria))
    lines.append(f"Absolute contraindications {_marker(contraindications_cite)}:")
    lines.extend(_line(f) for f in _ordered(assessment.contraindications))
    if assessment.missing:
        lines.append("To complete the assessment, please tell me:")
        lines.extend(f"- {item}" for item in assessment.missing)
    lines.append(kb.source.assessment_disclaimer)
    return "\n".join(lines)


def assessment_payload(kb: Knowledge, assessment: Assessment) -> Dict[str, Any]:
    """CONTRACT section 3's `assessment` object, with the text shown beside it."""
    return {
        **assessment.to_payload(),
        "headline": headline(assessment),
        "source": {"title": kb.source.title, "last_updated": kb.source.last_updated},
        "rules_version": rules_version(),
        "disclaimer": kb.source.assessment_disclaimer,
        "text": assessment_text(kb, assessment),
    }
