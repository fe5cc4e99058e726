"""The readable form of an assessment: verdict first, then every rule, then what is missing."""
from __future__ import annotations

from typing import List

from guideline.eligibility import Assessment, Finding
from guideline.knowledge import Knowledge, citations_in

VERDICT_WORDS = {
    "meets_criteria": "Meets the guideline's criteria for an intrathecal pump: every prerequisite "
                      "is met and no absolute contraindication is present.",
    "criteria_not_met": "Criteria not met: at least one prerequisite is not met.",
    "contraindicated": "Contraindicated: an absolute contraindication is present.",
    "needs_information": "Needs more information: no contraindication or unmet prerequisite so far, "
                         "but some points are not yet known.",
}
STATUS_WORDS = {"met": "met", "not_met": "NOT met", "unknown": "unknown",
                "present": "PRESENT", "absent": "absent"}


def _marker(citations: List[int]) -> str:
    return "[" + ", ".join(str(n) for n in citations) + "]"


def _line(finding: Finding) -> str:
    words = f' ("{finding.evidence}")' if finding.evidence else ""
    return (f"- {finding.label} {_marker(finding.citations)}: "
            f"{STATUS_WORDS[finding.status]} - {finding.reason}{words}")


def assessment_text(kb: Knowledge, assessment: Assessment) -> str:
    """Plain text with single line breaks, so a channel shows it as one message. The two
    headings carry the citations of the source's own headings (topic leads)."""
    prerequisites_cite = citations_in(kb.topics["prerequisites"].lead or "")
    contraindications_cite = citations_in(kb.topics["contraindications"].lead or "")
    lines = [f"**Assessment: {VERDICT_WORDS[assessment.verdict]}**",
             f"Prerequisites, all required {_marker(prerequisites_cite)}:"]
    lines.extend(_line(f) for f in assessment.criteria)
    lines.append(f"Absolute contraindications {_marker(contraindications_cite)}:")
    lines.extend(_line(f) for f in assessment.contraindications)
    if assessment.missing:
        lines.append("To complete the assessment, please tell me:")
        lines.extend(f"- {item}" for item in assessment.missing)
    return "\n".join(lines)
