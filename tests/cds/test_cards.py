"""The card's summary: the verdict and its deciding finding, always under 140 characters."""
from guideline.eligibility import assess
from guideline.fhir.cards import SUMMARY_MAX, deciding_finding, escape, summary


def test_the_deciding_finding_follows_the_verdicts_precedence(kb):
    facts = {"active_infection": {"value": "present", "evidence": "bacteremia"},
             "trial_relief_percent": {"value": 20, "evidence": "20%"}}
    payload = assess(kb, facts).to_payload()
    assert deciding_finding(payload)["id"] == "active_infection"
    assert summary(payload).startswith("Contraindicated: active infection")
    payload = assess(kb, {"trial_relief_percent": {"value": 20, "evidence": "20%"}}).to_payload()
    assert summary(payload).startswith("Criteria not met: successful trial")
    assert summary(assess(kb, {}).to_payload()).startswith("Needs more information:")


def test_the_rules_headline_is_used_and_kept_short(kb):
    payload = {**assess(kb, {}).to_payload(), "headline": "Needs information: " + "x " * 100}
    text = summary(payload)
    assert text.startswith("Needs information:") and len(text) <= SUMMARY_MAX
    assert text.endswith("\u2026")


def test_escape_keeps_record_text_literal():
    assert escape("a *b* [c](d) <e>\nf") == "a \\*b\\* \\[c\\]\\(d\\) \\<e\\> f"
