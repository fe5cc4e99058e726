"""Messages made safe for the tokenizer without moving a character: control characters,
invisible characters and typographic variants are replaced one for one, so offsets into the
cleaned text are offsets into the message and evidence is quoted verbatim."""

from __future__ import annotations

import re
import unicodedata

#: No real word is longer; longer runs of characters are cut with a space every this many
#: characters so the tokenizer's affix search stays linear on junk.
MAX_RUN = 64
LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))

#: One-for-one replacements for typographic variants clinicians paste from documents.
SAME_LENGTH = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u00ad": " ",
        "\u00d7": "x",
        "\u2044": "/",
        "\u2215": "/",
    }
)


def _plain(ch: str) -> str:
    if ch in "\n\t":
        return ch
    category = unicodedata.category(ch)
    if category[0] == "C" or category in ("Zl", "Zp"):
        return "\n" if ch in "\r\u2028\u2029\x0b\x0c\x85" else " "
    if "\u00c0" <= ch <= "\u024f":  # Latin letters with diacritics: naïve -> naive
        base = unicodedata.normalize("NFD", ch)[0]
        return base if base.isascii() else ch
    return ch


def _cut(match: "re.Match") -> str:
    run = match.group(0)
    return "".join(" " if i and i % MAX_RUN == 0 else ch for i, ch in enumerate(run))


def clean(text: str) -> str:
    """The text with the same length, safe to tokenize."""
    text = text.translate(SAME_LENGTH)
    if not (text.isascii() and text.isprintable()):
        text = "".join(_plain(ch) for ch in text)
    return LONG_RUN.sub(_cut, text)
