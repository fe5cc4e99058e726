"""guideline/facts/cleaning.py: the text is made safe without moving a character."""

import pytest

from guideline.facts.cleaning import MAX_RUN, clean


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "naïve – “quoted” ’s 45 × 10⁹",
        "a\x00b\x07c\u200bd\ufeffe\u202e",
        "line\r\nbreak",
        "😀 emoji",
        "x" * 500,
        "",
        "\ud800 lone surrogate",
    ],
)
def test_same_length(text):
    assert len(clean(text)) == len(text)


def test_control_and_invisible_characters_become_spaces():
    assert clean("INR\x001.1\u200b") == "INR 1.1 "


def test_typographic_variants_become_plain():
    assert clean("opioid–naïve ‘x’ 45×10") == "opioid-naive 'x' 45x10"


def test_newlines_stay_newlines():
    assert clean("a\nb\rc") == "a\nb\nc"


def test_very_long_runs_are_cut_with_spaces():
    cleaned = clean("y" * (MAX_RUN * 3))
    assert cleaned.count(" ") == 2 and len(cleaned.split()) == 3
