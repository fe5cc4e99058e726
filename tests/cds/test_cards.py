"""The card's summary: the verdict and its deciding finding, always under 140 characters."""

from guideline.assessment_text import assessment_payload
from guideline.eligibility import assess
from guideline.fhir.cards import SUMMARY_MAX, escape, summary


def test_the_deciding_finding_follows_the_verdicts_precedence(kb):
    facts = {
        "active_infection": {"value": "present", "evidence": "bacteremia"},
        "trial_relief_percent": {"value": 20, "evidence": "20%"},
    }
    payload = assessment_payload(kb, assess(kb, facts))
    assert summary(payload).startswith("Contraindicated: active infection")
    payload = assessment_payload(
        kb, assess(kb, {"trial_relief_percent": {"value": 20, "evidence": "20%"}})
    )
    assert (
        summary(payload).startswith("Criteria not met: successful")
        and summary(payload) == payload["headline"]
    )
    assert summary(assessment_payload(kb, assess(kb, {}))).startswith("Needs more information:")


def test_the_rules_headline_is_used_and_kept_short(kb):
    payload = {
        **assessment_payload(kb, assess(kb, {})),
        "headline": "Needs information: " + "x " * 100,
    }
    text = summary(payload)
    assert text.startswith("Needs information:") and len(text) <= SUMMARY_MAX
    assert text.endswith("\u2026")


def test_escape_keeps_record_text_literal():
    assert escape("a *b* [c](d) <e>\nf") == "a \\*b\\* \\[c\\]\\(d\\) \\<e\\> f"
