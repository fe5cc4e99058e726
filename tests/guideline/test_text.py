"""Input hygiene and the new-patient opening."""

import pytest

from guideline.text import MAX_CHARS, clean_message, is_new_patient_request


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("<b>INR 1.2</b>", "INR 1.2"),
        ("<script>alert(1)</script> trial 70%", "alert(1) trial 70%"),
        ("&lt;img src=x onerror=alert(1)&gt; plt 150", "plt 150"),
        ("LE >6 mo, INR < 1.5", "LE >6 mo, INR < 1.5"),
        # a "<" before a figure opens no tag, however far the next ">" is
        (
            "FVIII <1% on emicizumab, chronic pain 8/10, tramadol -> morphine",
            "FVIII <1% on emicizumab, chronic pain 8/10, tramadol -> morphine",
        ),
        ("a\\x00b\\x07c\\u202e", "a b c"),
        ("  many   spaces \\t here ", "many spaces here"),
        ("\\U0001F600 pump?", "\\U0001F600 pump?"),
        (None, ""),
        (12345, ""),
        ("plate\\u00adlets 20k", "platelets 20k"),
        ("\\ufeffIT tri\\u200bal 60\\u200d%", "IT trial 60%"),
        ("\\uff29\\uff2e\\uff32 1.8", "INR 1.8"),
        ("\\ufb01brosis", "fibrosis"),
    ],
)
def test_clean_message(raw, clean):
    raw = raw.encode().decode("unicode_escape") if isinstance(raw, str) else raw
    assert clean_message(raw) == clean.encode().decode("unicode_escape")


def test_long_messages_are_bounded():
    assert len(clean_message("x " * 50_000)) == MAX_CHARS


@pytest.mark.parametrize(
    "text, expected",
    [
        ("new patient", True),
        ("New patient: 45M with arachnoiditis", True),
        ("Next pt - 60F CRPS", True),
        ("start over", True),
        ("different case now", True),
        ("the new patient has cancer", False),
        ("is the pump new?", False),
        ("my patient started opioids again", False),
        ("new case", True),
        ("next patient", True),
        ("reassess", False),
        ("is the patient eligible?", False),
        ("assessment please", False),
        ("is she eligible now?", False),
        ("re-assess with the new labs", False),
        ("Thanks. Next patient: 50M with FBSS", True),  # after a short courtesy
        ("IT trial 70%. Next patient: 50M", False),  # never after facts of the patient
    ],
)
def test_is_new_patient_request(text, expected):
    assert is_new_patient_request(text) is expected
