"""Input hygiene and the new-patient opening."""
import pytest

from guideline.text import MAX_CHARS, clean_message, starts_new_patient


@pytest.mark.parametrize("raw, clean", [
    ("<b>INR 1.2</b>", "INR 1.2"),
    ("<script>alert(1)</script> trial 70%", "alert(1) trial 70%"),
    ("&lt;img src=x onerror=alert(1)&gt; plt 150", "plt 150"),
    ("LE >6 mo, INR < 1.5", "LE >6 mo, INR < 1.5"),
    ("a\\x00b\\x07c\\u202e", "a b c"),
    ("  many   spaces \\t here ", "many spaces here"),
    ("\\U0001F600 pump?", "\\U0001F600 pump?"),
    (None, ""),
    (12345, ""),
])
def test_clean_message(raw, clean):
    raw = raw.encode().decode("unicode_escape") if isinstance(raw, str) else raw
    assert clean_message(raw) == clean.encode().decode("unicode_escape")


def test_long_messages_are_bounded():
    assert len(clean_message("x " * 50_000)) == MAX_CHARS


@pytest.mark.parametrize("text, expected", [
    ("new patient", True), ("New patient: 45M with arachnoiditis", True),
    ("Next pt - 60F CRPS", True), ("start over", True), ("different case now", True),
    ("the new patient has cancer", False), ("is the pump new?", False),
    ("my patient started opioids again", False),
])
def test_starts_new_patient(text, expected):
    assert starts_new_patient(text) is expected
