"""Input hygiene: what reaches fact extraction and evidence quotes is plain, bounded text.

Evidence words are quoted back to the clinician, so markup and control characters are removed
here, once, before anything reads the message.
"""
from __future__ import annotations

import html
import re
import unicodedata

#: Longer messages are cut: a pasted note beyond this is not a single patient summary.
MAX_CHARS = 5000
TAG = re.compile(r"<[^<>]{0,200}>")
SPACES = re.compile(r"[ \t\f\v]+")
#: A message that opens with these words starts a new patient, whatever follows.
NEW_PATIENT = re.compile(
    r"^\W*(?:(?:new|next|another|different|second|other)\s+(?:patient|pt|case|consult)\b"
    r"|start(?:ing)?\s+(?:over|again|afresh)\b|reset\b|clear\s+(?:the\s+)?patient\b)",
    re.IGNORECASE)


def clean_message(text: object) -> str:
    """Plain text without markup, control characters or excess whitespace, at most MAX_CHARS."""
    if not isinstance(text, str):
        return ""
    text = html.unescape(TAG.sub(" ", text[: MAX_CHARS * 4]))
    text = TAG.sub(" ", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return SPACES.sub(" ", text).strip()[:MAX_CHARS]


def starts_new_patient(text: str) -> bool:
    """Whether the message opens by starting a new patient ("New patient: 45M with ...")."""
    return bool(NEW_PATIENT.match(text))
