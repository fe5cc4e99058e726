"""Numbers as clinicians write them: digits or words, percentages and fractions, pain scores
before and after, durations from days to years (also the UK "6/12"), INR values and platelet
counts in any of their units.

Each finder takes a stretch of text and returns what it found with character offsets into that
text, so the readers can quote the words as evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
#: Counts that name no number: "a few weeks", "several months", "many years".
VAGUE = frozenset({"few", "several", "many"})

_ONES_RX = "|".join(k for k in _ONES if k != "zero")
NUMBER_WORD = (
    rf"(?:(?:a|one)\s+hundred|hundred|(?:{'|'.join(_TENS)})(?:[\s-]+(?:{_ONES_RX}))?"
    rf"|{'|'.join(_TEENS)}|{'|'.join(_ONES)})"
)
#: A number in digits, never part of a longer run of digits (which also keeps the regexes
#: linear on junk such as 20,000 digits in a row).
DIGITS = r"(?<![\d.])\d{1,5}(?:\.\d{1,3})?(?![\d])"
NUMBER = rf"(?:{DIGITS}|\b{NUMBER_WORD}\b)"


def parse_number(words: str) -> Optional[float]:
    """'62' -> 62.0, 'seventy-five' -> 75.0, 'a' -> 1.0; None when it is not a number."""
    words = words.strip().lower()
    if not words:
        return None
    if re.fullmatch(DIGITS, words):
        return float(words)
    if words in ("a", "an"):
        return 1.0
    total = 0
    for part in re.split(r"[\s-]+", words):
        if part in _ONES:
            total += _ONES[part]
        elif part in _TEENS:
            total += _TEENS[part]
        elif part in _TENS:
            total += _TENS[part]
        elif part == "hundred":
            total = max(total, 1) * 100
        elif part in ("a", "and"):
            continue
        else:
            return None
    return float(total)


@dataclass(frozen=True)
class Found:
    """A value read from text: offsets into the searched text, and the stated relation."""

    value: float
    start: int
    end: int
    relation: Optional[str] = None


# --- percentages -------------------------------------------------------------------------------

_PCT_RELATION = (
    r"(?:(?P<rel>less\s+than|fewer\s+than|under|below|<|more\s+than|greater\s+than|"
    r"over|above|>=|≥|>|at\s+least|about|approximately|approx\.?|around|~|≈|nearly|"
    r"almost|roughly|only|just)\s*)?"
)
PERCENT_RE = re.compile(
    rf"{_PCT_RELATION}(?P<num>{NUMBER})(?:\s*(?:-|–|to)\s*(?P<num2>{NUMBER}))?\s*"
    r"(?:%|percent\b|per\s*cent\b|pct\b)"
    r"(?:\s+(?:pain\s+)?(?:relief|reduction|improvement|decrease|better)\b"
    r"|(?P<left>\s+of\s+(?:(?:the|her|his|their|its)\s+)?(?:baseline|pre-?trial|pre-?procedure|"
    r"original|initial|starting|prior|previous|usual|what\s+it\s+(?:was|had\s+been)"
    r"(?:\s+(?:at\s+baseline|before))?)\b"
    r"(?:\s+(?:pain|level|score|intensity))?))?",
    re.IGNORECASE,
)
FRACTION_RE = re.compile(
    r"(?:(?P<rel>more\s+than|over|less\s+than|under|about|nearly|almost|roughly)\s+)?"
    r"(?:(?:by|in)\s+)?(?P<frac>(?:(?:a|one)[\s-]+)?half\b|halved|two[\s-]+thirds?|"
    r"three[\s-]+quarters|(?:a|one)[\s-]+third|(?:a|one)[\s-]+quarter)",
    re.IGNORECASE,
)
#: Shares as whole percentages, rounded down as score reductions are (two thirds is 66).
_FRACTIONS = {
    "half": 50,
    "halved": 50,
    "two thirds": 66,
    "two third": 66,
    "three quarters": 75,
    "third": 33,
    "quarter": 25,
}
#: A fraction in digits is relief only beside a word of relief: "a 2/3 reduction", "by 1/2".
DIGIT_FRACTION_RE = re.compile(
    r"(?:(?P<rel>more\s+than|over|less\s+than|under|about|nearly|almost|roughly|~|>|<)\s*)?"
    r"(?P<by>\bby\s+)?(?<![\d/.])(?P<n>[1-3])\s*/\s*(?P<d>[2-4])(?![\d/]|\.\d)"
    r"(?P<word>\s*(?:pain\s+)?(?:relief|reduction|improvement|decrease|better)\b)?",
    re.IGNORECASE,
)
_DIGIT_FRACTIONS = {(1, 2): 50, (1, 3): 33, (2, 3): 66, (1, 4): 25, (3, 4): 75}
_BELOW = {"less than", "fewer than", "under", "below", "<"}
_ABOVE = {"more than", "greater than", "over", "above", ">", ">=", "≥", "at least"}


def _relation_words(words: Optional[str]) -> Optional[str]:
    return re.sub(r"\s+", " ", words.lower()) if words else None


def _remaining_relief(left: float, relation: Optional[str]) -> int:
    """The relief when the pain left is a share of the pain before: "30% of baseline" is 70%;
    pain "over 50% of baseline" is relief under 50, read as 49 so it never reaches 50."""
    relief = 100 - left
    if relation in _ABOVE:
        relief -= 1
    return int(max(0, min(100, math.floor(relief + 1e-9))))


def _percent_value(value: float, relation: Optional[str]) -> int:
    """A stated bound below N reads as N - 1 ("under 50%" must not reach 50); other bounds and
    approximations read as the number."""
    if relation in _BELOW and value > 0:
        value -= 1
    return int(max(0, min(100, math.floor(value + 1e-9))))


def find_percentages(text: str) -> List[Found]:
    """'70%', '70 percent', 'fifty percent', '60-70%' (the lower end), 'by half', 'two thirds',
    'a 2/3 reduction'."""
    found: List[Found] = []
    for match in PERCENT_RE.finditer(text):
        value = parse_number(match.group("num"))
        if value is None or value > 100:
            continue
        relation = _relation_words(match.group("rel"))
        if match.group("left"):  # "pain was 30-40% of baseline": what is left is the relief's
            value = parse_number(match.group("num2") or match.group("num"))  # complement
            found.append(
                Found(_remaining_relief(value, relation), match.start(), match.end(), relation)
            )
            continue
        found.append(Found(_percent_value(value, relation), match.start(), match.end(), relation))
    taken = [(f.start, f.end) for f in found]
    for match in FRACTION_RE.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        key = re.sub(r"[\s-]+", " ", match.group("frac").lower())
        key = re.sub(r"^(a|one) ", "", key)
        value = _FRACTIONS.get(key)
        if value is None:
            continue
        relation = _relation_words(match.group("rel"))
        found.append(Found(_percent_value(value, relation), match.start(), match.end(), relation))
    taken = [(f.start, f.end) for f in found]
    for match in DIGIT_FRACTION_RE.finditer(text):
        value = _DIGIT_FRACTIONS.get((int(match.group("n")), int(match.group("d"))))
        if value is None or not (match.group("by") or match.group("word")):
            continue
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        relation = _relation_words(match.group("rel"))
        found.append(Found(_percent_value(value, relation), match.start(), match.end(), relation))
    return sorted(found, key=lambda f: f.start)


#: Words that retract the value after them: "relief was 60%, not 45%", "60% rather than 45%".
RETRACTED_BEFORE = re.compile(r"\b(?:not|rather\s+than|instead\s+of)\s*$", re.IGNORECASE)


def asserted(text: str, found: List[Found]) -> List[Found]:
    """The values the text asserts: those it retracts ("not 45%") are left out."""
    return [f for f in found if not RETRACTED_BEFORE.search(text[: f.start])]


# --- pain scores -------------------------------------------------------------------------------


def _score(name: str) -> str:
    return (
        rf"(?<![\d.])(?P<{name}>\d{{1,3}}(?:\.\d{{1,2}})?)(?![\d])"
        rf"(?:\s*(?:/|out\s+of)\s*(?P<{name}_of>10|100)|\s*(?P<{name}_mm>mm)\b)?"
    )


_SCALE = r"(?:VAS|NRS|NPRS|VNRS|pain\s+scores?|pain\s+intensity|pain|scores?)"
#: "to", an arrow, and the scale named again ("from NRS 8 to NRS 2")
_TO = rf"\s*(?:down\s+)?(?:to|->|-->|=>|→|⇒|>)\s*(?:an?\s+)?(?:{_SCALE}\s*(?:of\s+)?)?"
SCORE_RES = [
    re.compile(
        rf"\bfrom\s+(?:an?\s+)?(?:{_SCALE}\s+(?:of\s+)?)?{_score('a')}{_TO}{_score('b')}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_SCALE}\s*(?:(?:of|was|went|dropped|fell|improved|decreased|reduced|"
        rf"changed|from|:)\s*)*{_score('a')}{_TO}{_score('b')}",
        re.IGNORECASE,
    ),
    re.compile(rf"(?<![\d/.]){_score('a')}\s*(?:->|-->|=>|→|⇒)\s*{_score('b')}", re.IGNORECASE),
    # a note's "IT bolus trial -> 9 to 3", "trial: 8 to 2"
    re.compile(
        rf"\btrial\s*(?:->|-->|=>|→|:|-|,)?\s*{_score('a')}{_TO}{_score('b')}", re.IGNORECASE
    ),
    re.compile(
        rf"(?<![\d/.])(?P<a>\d{{1,2}}(?:\.\d{{1,2}})?)\s*/\s*(?P<a_of>10)\s*(?:down\s+)?"
        rf"(?:to|->|-->|=>|→)\s*{_score('b')}",
        re.IGNORECASE,
    ),
]
_NOT_A_SCORE_AFTER = re.compile(
    r"\s*(?:%|mo\b|mos\b|months?|weeks?|wks?|days?|years?|yrs?|mg|mcg|µg|ug|ml|hours?|hrs?|h\b|"
    r"am\b|pm\b|times|x\b)",
    re.IGNORECASE,
)


def find_score_reductions(text: str) -> List[Found]:
    """'from 8/10 to 3/10' -> 62 (the reduction as a percentage of the starting score, rounded
    down so a result never reaches a threshold it did not reach), '8 -> 3', 'VAS 9 to 4'."""
    found: List[Found] = []
    for pattern in SCORE_RES:
        for match in pattern.finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            if _NOT_A_SCORE_AFTER.match(text, match.end()):
                continue
            before, after = float(match.group("a")), float(match.group("b"))
            groups = match.groupdict()
            on_100 = "100" in (groups.get("a_of"), groups.get("b_of"))
            scale = 100.0 if on_100 or groups.get("a_mm") or groups.get("b_mm") else 10.0
            if before > 10 or after > 10:
                scale = 100.0
            if before <= 0 or before > scale or after > scale:
                continue
            relief = max(0.0, (before - after) / before * 100.0)
            found.append(Found(int(math.floor(relief + 1e-9)), match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


# --- durations ---------------------------------------------------------------------------------

_DAYS = r"d|day|days"
_WEEKS = r"w|wk|wks|week|weeks"
_MONTHS = r"m|mo|mos|mth|mths|month|months"
_YEARS = r"y|yr|yrs|year|years"
_UNIT_MONTHS = {"d": 1 / 30.4, "w": 12 / 52, "m": 1.0, "y": 12.0}
_DUR_RELATION = (
    r"(?:(?P<rel>less\s+than|fewer\s+than|under|below|<=|<|≤|within|shorter\s+than|"
    r"no\s+more\s+than|not\s+more\s+than|at\s+most|up\s+to|a\s+maximum\s+of|maximum\s+of|max|"
    r"more\s+than|greater\s+than|longer\s+than|over|beyond|in\s+excess\s+of|upwards\s+of|"
    r">=|≥|>|at\s+least|a\s+minimum\s+of|minimum\s+of|min|about|approximately|approx\.?|"
    r"around|roughly|~|≈|estimated|est\.?|probably|likely|perhaps|maybe|possibly|only|just|"
    r"another|a\s+further)\s*)?"
)
_DUR_COUNT = (
    rf"(?:{DIGITS}|\b(?:{NUMBER_WORD}|an?|a\s+couple\s+of|couple\s+of|a\s+few|few|"
    r"several|many)\b)"
)
DURATION_RE = re.compile(
    rf"{_DUR_RELATION}(?P<between>between\s+)?(?P<n1>{_DUR_COUNT})"
    rf"(?:\s*(?P<sep>-|–|to|or|and)\s*(?P<n2>{_DUR_COUNT}))?"
    rf"(?P<half1>\s+and\s+a\s+half)?\s*-?\s*(?P<unit>{_YEARS}|{_MONTHS}|{_WEEKS}|{_DAYS})\b"
    r"(?P<half2>\s+and\s+a\s+half)?",
    re.IGNORECASE,
)
HALF_YEAR_RE = re.compile(rf"{_DUR_RELATION}half\s+a\s+year\b", re.IGNORECASE)
UK_RE = re.compile(rf"{_DUR_RELATION}(?<![\d/])(?P<n>\d{{1,2}})\s*/\s*(?P<d>12|52|7)\b(?![/\d])")
BARE_RE = re.compile(
    rf"{_DUR_RELATION}(?P<a>hours|days|weeks|months|years|decades)"
    r"(?:\s*(?:to|-|or)\s*(?P<b>days|weeks|months|years|decades))?\b"
    # "weeks rather than months": the first is the estimate
    r"(?:\s+(?:rather|more)\s+than\s+(?:days|weeks|months|years))?",
    re.IGNORECASE,
)
_NOT_A_DURATION_AFTER = re.compile(
    r"[\s-]*(?:old\b|ago\b|of\s+age\b|since\b|post\b|after\b)", re.IGNORECASE
)

_RELATIONS = {}
for _words, _name in (
    (("less than", "fewer than", "under", "below", "<", "within", "shorter than"), "less_than"),
    (
        (
            "<=",
            "≤",
            "no more than",
            "not more than",
            "at most",
            "up to",
            "a maximum of",
            "maximum of",
            "max",
        ),
        "at_most",
    ),
    (
        (
            "more than",
            "greater than",
            "longer than",
            "over",
            "beyond",
            "in excess of",
            "upwards of",
            ">",
        ),
        "more_than",
    ),
    ((">=", "≥", "at least", "a minimum of", "minimum of", "min"), "at_least"),
    (
        (
            "about",
            "approximately",
            "approx",
            "approx.",
            "around",
            "roughly",
            "~",
            "≈",
            "estimated",
            "est",
            "est.",
            "probably",
            "likely",
            "perhaps",
            "maybe",
            "possibly",
        ),
        "about",
    ),
):
    for _word in _words:
        _RELATIONS[_word] = _name


@dataclass(frozen=True)
class Duration:
    """A life span read from text: months (None when only 'normal' is said), the relation
    ('about', 'less_than', ...), whether it means a normal life expectancy, offsets; for a
    range ("6-12 months") its ends in months, with the middle as `months`."""

    months: Optional[float]
    relation: Optional[str]
    normal: bool
    start: int
    end: int
    low: Optional[float] = None
    high: Optional[float] = None


def _months(value: float) -> float:
    """Months to one decimal; a whole number stays whole."""
    rounded = max(round(value, 1), 0.1)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def _unit(word: str) -> str:
    word = word.lower()
    for key, pattern in (("y", _YEARS), ("m", _MONTHS), ("w", _WEEKS), ("d", _DAYS)):
        if re.fullmatch(pattern, word):
            return key
    raise ValueError(word)


def _count(words: str) -> Optional[float]:
    words = re.sub(r"\s+", " ", words.lower().strip())
    words = re.sub(r"^(a|an) (couple of|few)$", r"\2", words)
    words = re.sub(r" of$", "", words)
    if words in VAGUE:
        return None
    if words == "couple":
        return 2.0
    return parse_number(words)


def _vague(unit: str, relation: Optional[str], start: int, end: int) -> Duration:
    """'a few days' -> under a month; 'a few weeks' -> about one month; 'a few months' -> about
    three; 'a few years' -> at least two."""
    if unit == "d":
        return Duration(1.0, "less_than", False, start, end)
    if unit == "w":
        return Duration(1.0, relation or "about", False, start, end)
    if unit == "m":
        return Duration(3.0, relation or "about", False, start, end)
    return Duration(24.0, "at_least", False, start, end)


def find_durations(text: str) -> List[Duration]:
    """Every life span stated in the text, in order (ages and times ago are skipped)."""
    found: List[Duration] = []
    blocked: List[Tuple[int, int]] = []  # ages and times ago

    def free(start: int, end: int) -> bool:
        return not any(
            s < end and start < e for s, e in blocked + [(d.start, d.end) for d in found]
        )

    for match in HALF_YEAR_RE.finditer(text):
        relation = _RELATIONS.get(_relation_words(match.group("rel")) or "")
        found.append(Duration(6.0, relation, False, match.start(), match.end()))
    for match in DURATION_RE.finditer(text):
        if _NOT_A_DURATION_AFTER.match(text, match.end()):
            blocked.append((match.start(), match.end()))
            continue
        if not free(match.start(), match.end()):
            continue
        if (match.group("sep") or "").lower() == "and" and not match.group("between"):
            continue  # "3 and 9 months" is a range only after "between"
        unit = _unit(match.group("unit"))
        if len(match.group("unit")) == 1 and not re.match(r"\d", match.group("n1")):
            continue  # "a m", "few d": single-letter units only after digits
        relation = _RELATIONS.get(_relation_words(match.group("rel")) or "")
        first, second = _count(match.group("n1")), None
        if match.group("n2"):
            second = _count(match.group("n2"))
        if first is None:
            if re.search(r"many", match.group("n1"), re.IGNORECASE):
                continue
            found.append(_vague(unit, relation, match.start(), match.end()))
            continue
        value = first if second is None else (first + second) / 2
        if match.group("half1") or match.group("half2"):
            value += 0.5
        low = high = None
        if second is not None and second > first:
            low, high = _months(first * _UNIT_MONTHS[unit]), _months(second * _UNIT_MONTHS[unit])
        if second is not None and relation is None:
            relation = "about"
        found.append(
            Duration(
                _months(value * _UNIT_MONTHS[unit]),
                relation,
                False,
                match.start(),
                match.end(),
                low,
                high,
            )
        )
    for match in UK_RE.finditer(text):
        number, per = int(match.group("n")), int(match.group("d"))
        if 0 < number <= per and free(match.start(), match.end()):
            unit = {12: "m", 52: "w", 7: "d"}[per]
            relation = _RELATIONS.get(_relation_words(match.group("rel")) or "")
            found.append(
                Duration(
                    _months(number * _UNIT_MONTHS[unit]),
                    relation,
                    False,
                    match.start(),
                    match.end(),
                )
            )
    for match in BARE_RE.finditer(text):
        if not free(match.start(), match.end()):
            continue
        first, second = match.group("a").lower(), (match.group("b") or "").lower()
        start, end = match.start(), match.end()
        if first in ("years", "decades"):
            found.append(Duration(None, None, True, start, end))
        elif first in ("hours", "days") and second in ("", "days", "weeks"):
            found.append(Duration(1.0, "less_than", False, start, end))
        elif first == "weeks" and second in ("", "weeks"):
            found.append(Duration(1.0, "about", False, start, end))
        elif first == "days" and second == "months":
            found.append(Duration(6.0, "less_than", False, start, end))
        elif first == "weeks" and second == "months":
            # palliative care's "weeks to months" may run past 6 months: at least a month
            found.append(Duration(1.0, "at_least", False, start, end))
    return sorted(found, key=lambda d: d.start)


# --- laboratory values -------------------------------------------------------------------------

_LAB_LINK = (
    r"(?:\s*(?:count|level|value|result|test)?"
    # when it was taken, before the verb: "platelet count after the last cycle is 38,000"
    r"(?:\s*(?:after|following|post|since|before|from|on|at|during|in)\s+[^\d,;.:]{1,35}?"
    r"(?=\s+(?:is|was|are|were)\b))?"
    r"\s*(?:(?:of|is|was|are|were|=|:|[-–](?=\s)|at|now|"
    r"today|currently|remains|remained|came\s+back|checked|measured|down\s+to|up\s+to|"
    r"(?:dropped|fell|decreased|increased|rose|improved|recovered|went)(?:\s+(?:down|up))?"
    r"|(?:mildly\s+|slightly\s+)?(?:elevated|raised|high|low|normal|prolonged)"
    r"(?:\s+to)?|to|only|just|about|around|approximately|approx\.?|~|≈)\s*){0,4})"
)
INR_AFTER_RE = re.compile(
    rf"{_LAB_LINK}(?P<v>\d{{1,2}}(?:\.\d{{1,3}})?)\b(?![/.]\d)", re.IGNORECASE
)
INR_TARGET_RE = re.compile(r"\s*(?:goal|target|range|therapeutic)", re.IGNORECASE)
_PLT_NUMBER = (
    r"(?<![\d.,])(?P<v>\d{1,3}(?:,\d{3}){1,2}(?!\d)|\d{1,3}(?:\s\d{3}){1,2}(?!\d)|"
    r"\d{1,7}(?:\.\d{1,3})?(?!\d))"
)
_PLT_UNIT = (
    r"(?:\s*(?:(?P<u>k(?:/\s*[uµμ]l)?\b|thousand\b|"
    r"(?:x|×|\*)\s*10\s*(?:\^|\*\*)?\s*(?:9|3|⁹|³)(?:\s*/\s*[lµμu]l?)?|g/l\b|/nl\b)|"
    r"(?P<per>/\s*(?:mm3|mm³|[uµμ]l)\b)))?"
)
PLATELETS_AFTER_RE = re.compile(rf"{_LAB_LINK}{_PLT_NUMBER}{_PLT_UNIT}", re.IGNORECASE)
PLATELETS_BEFORE_RE = re.compile(rf"{_PLT_NUMBER}{_PLT_UNIT}\s*$", re.IGNORECASE)


def find_inr_after(text: str) -> Optional[Found]:
    """The INR value right after the word INR ('INR 1.1', 'INR of 2.3', 'INR: 0.9')."""
    if INR_TARGET_RE.match(text):
        return None
    match = INR_AFTER_RE.match(text)
    if not match:
        return None
    value = float(match.group("v"))
    if not 0.5 <= value <= 15:
        return None
    return Found(value, match.start("v"), match.end("v"))


LISTED_RE = re.compile(
    r"\s*(?:of|is|was|=|:)?\s*(?P<values>\d{1,3}(?:\.\d{1,3})?"
    r"(?:\s*/\s*\d{1,3}(?:\.\d{1,3})?)+)(?![\d/]|\.\d)",
    re.IGNORECASE,
)


def find_listed_value(text: str, count: int, index: int, finder) -> Optional[Found]:
    """The value at `index` of values listed as the names were ('PT/INR 13.8/1.9': the INR is
    the second), read by `finder`; None when the count of values differs."""
    match = LISTED_RE.match(text)
    if not match:
        return None
    values = list(re.finditer(r"\d{1,3}(?:\.\d{1,3})?", match.group("values")))
    if len(values) != count:
        return None
    value = values[index]
    start = match.start("values") + value.start()
    found = finder(text[start : start + len(value.group(0))])
    return found and Found(found.value, start + found.start, start + found.end)


def platelet_count(number: str, unit: Optional[str], per_microlitre: bool = False) -> Optional[int]:
    """Per microlitre: '190' -> 190000, '45k' -> 45000, '45 x 10^9/L' -> 45000, '22,000' ->
    22000, '250000/uL' -> 250000. Counts written in thousands are recognised by their unit or
    by being small."""
    try:
        value = float(re.sub(r"[,\s]", "", number))
    except ValueError:
        return None
    if unit or (value < 2000 and not per_microlitre):
        value *= 1000
    count = int(round(value))
    return count if 1000 <= count <= 2_000_000 else None


def _platelets(match: Optional["re.Match"]) -> Optional[Found]:
    count = match and platelet_count(match.group("v"), match.group("u"), bool(match.group("per")))
    return Found(float(count), match.start("v"), match.end()) if count else None


def find_platelets_after(text: str) -> Optional[Found]:
    """A platelet count at the start of the text (after the word "platelets")."""
    return _platelets(PLATELETS_AFTER_RE.match(text))


def find_platelets_before(text: str) -> Optional[Found]:
    """A platelet count anywhere in the text (before the word "platelets")."""
    return _platelets(PLATELETS_BEFORE_RE.search(text))


#: A pain score out of 10 ("8/10", "7.5/10"), its number in group 1.
SCORE_OUT_OF_10 = re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d)?)\s*(?:/|out\s+of)\s*10\b")
#: A pain score from here counts as severe; up to MILD_SCORE_MAX as mild (the project's reading).
SEVERE_SCORE_MIN, MILD_SCORE_MAX = 7, 3


def _scores_out_of_10(text: str) -> List[float]:
    return [float(match.group(1)) for match in SCORE_OUT_OF_10.finditer(text)]


def has_high_pain_score(text: str) -> bool:
    """A pain score of SEVERE_SCORE_MIN/10 or more: severe pain."""
    return any(SEVERE_SCORE_MIN <= score <= 10 for score in _scores_out_of_10(text))


def has_only_low_pain_scores(text: str) -> bool:
    """Pain scores of MILD_SCORE_MAX/10 or less and none higher: pain the drug controls."""
    scores = _scores_out_of_10(text)
    return bool(scores) and all(score <= MILD_SCORE_MAX for score in scores)
