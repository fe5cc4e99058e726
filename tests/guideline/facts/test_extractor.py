"""guideline/facts/extractor.py: the public API, robustness and speed."""

import random
import string

import pytest

from guideline.facts import FactExtractor
from guideline.facts.extractor import CHUNK_CHARS, MAX_CHARS, split_chunks
from guideline.patient import FACT_VALUES, Fact

VIGNETTE = (
    "74-year-old woman with metastatic lung adenocarcinoma to the thoracic spine. Pain "
    "remains 9/10 on escalating hydromorphone and pregabalin, and the opioid makes her too "
    "drowsy to eat. Intrathecal trial: 80% relief. Oncology expects 10 months. Psychology "
    "cleared her. Afebrile, platelets 190, INR 1.1."
)


def test_the_public_api(extractor):
    assert isinstance(extractor, FactExtractor)
    facts = extractor.extract(VIGNETTE)
    assert facts and all(isinstance(f, Fact) for f in facts)
    names = [f.name for f in facts]
    assert len(names) == len(set(names))
    assert names == [n for n in FACT_VALUES if n in names]  # vocabulary order
    assert all(f.evidence and f.evidence in VIGNETTE for f in facts)
    assert extractor.describes_patient(VIGNETTE, facts) is True


def test_the_later_statement_wins(read):
    assert read("IT trial 40%. Correction: the IT trial gave 60%.")["trial_relief_percent"] == 60


@pytest.mark.parametrize(
    "junk",
    [
        "",
        " ",
        "\n\n",
        "\x00\x01\x02\x7f",
        "<script>alert('x')</script>",
        "{{7*7}} ${jndi:x}",
        "'; DROP TABLE patients; --",
        "😀" * 500,
        "\u202e\u200b\ufeff",
        "a" * 20000,
        "?" * 20000,
        ", " * 10000,
        "1" * 20000,
        "%" * 20000,
        "no " * 7000,
        "\ud800\udfff",
        "INR " * 5000,
        "trial " * 4000,
        "(" * 20000,
    ],
)
def test_junk_never_raises(extractor, junk):
    facts = extractor.extract(junk)
    assert isinstance(facts, list)
    assert isinstance(extractor.describes_patient(junk, facts), bool)


def test_random_text_never_raises(extractor):
    rng = random.Random(7)
    for _ in range(20):
        size = rng.randint(0, 3000)
        text = "".join(rng.choice(string.printable + "°µ×→≥≤–—’“”ïé😀") for _ in range(size))
        assert isinstance(extractor.extract(text), list)


@pytest.mark.parametrize("value", [None, 42, b"INR 1.1", ["INR 1.1"]])
def test_non_text_gives_nothing(extractor, value):
    assert extractor.extract(value) == []
    assert extractor.describes_patient(value, []) is False


def test_markup_is_read_around(read):
    assert read("<b>IT trial 70%</b>")["trial_relief_percent"] == 70


def test_facts_far_into_a_long_message_are_read(read):
    text = "Note. " * 1000 + "INR 1.3, IT trial 60%."
    facts = read(text)
    assert facts["inr"] == 1.3 and facts["trial_relief_percent"] == 60


def test_beyond_the_limit_nothing_is_read(read):
    assert "inr" not in read("x " * (MAX_CHARS // 2) + "INR 1.3")


def test_split_chunks_cover_the_text_and_cut_at_sentence_ends():
    text = ("Sentence number one is here. " * 300).strip()
    pieces = split_chunks(text)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(end - start <= CHUNK_CHARS for start, end in pieces)
    assert all(text[end - 2 : end] == ". " for _, end in pieces[:-1])


def test_a_message_at_the_length_limit_is_read_whole(extractor):
    """Speed is measured by `make bench`, not asserted here; the last chunk still counts."""
    text = (VIGNETTE + "\n") * (MAX_CHARS // (len(VIGNETTE) + 1) + 1)
    facts = extractor.extract(text[:MAX_CHARS])
    assert facts
