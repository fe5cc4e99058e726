"""Input hygiene: what reaches the classifier, fact extraction and evidence quotes is plain,
bounded, Unicode-normalised text.

Evidence words are quoted back to the clinician, so markup and control characters are removed
here, once, before anything reads the message. Invisible formatting characters that copy-paste
from an EHR leaves inside words (soft hyphen, zero-width space and joiner, BOM: Unicode category
Cf) are dropped without splitting the word ("plate\\u00adlets" is "platelets").
"""

from __future__ import annotations

import html
import re
import unicodedata

#: Longer messages are cut: a pasted note beyond this is not a single patient summary.
MAX_CHARS = 5000
#: Markup: a tag opens with its name ("<b>", "</p>", "<br/>"), so "FVIII <1% ... tramadol ->"
#: and "plt < 50 ... ->" are left alone.
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,200})?/?>")
SPACES = re.compile(r"[ \t\f\v]+")
#: An explicit request for a new patient, at the start of the message, after at most a short
#: courtesy without figures ("Thanks. Next patient: 50M ..."); asking for the assessment again
#: ("reassess", "is she eligible now?") is not one.
NEW_PATIENT = re.compile(
    r"^(?:[^.!?\n\d]{0,20}[.!?,;]\s+)?"  # a short courtesy first, without figures
    r"\W*(?:(?:new|next|another|different|second|other)\s+(?:patient|pt|case|consult)\b"
    r"|start(?:ing)?\s+(?:over|again|afresh)\b|reset\b|clear\s+(?:the\s+)?patient\b"
    r"|forget\s+(?:the\s+)?(?:previous|last)\s+(?:patient|case)\b)",
    re.IGNORECASE,
)


def normalize_text(text: str) -> str:
    """NFKC, with invisible formatting characters (category Cf) removed, not replaced."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def clean_message(text: object) -> str:
    """Plain text without markup, control characters or excess whitespace, at most MAX_CHARS."""
    if not isinstance(text, str):
        return ""
    text = normalize_text(text[: MAX_CHARS * 4])
    text = html.unescape(TAG.sub(" ", text))
    text = TAG.sub(" ", normalize_text(text))
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return SPACES.sub(" ", text).strip()[:MAX_CHARS]


def is_new_patient_request(text: str) -> bool:
    """Whether the message explicitly starts a new patient ("New patient: 45M with ...",
    "start over", "next case"); "reassess" or "is the patient eligible?" never does."""
    return bool(NEW_PATIENT.match(text or ""))
