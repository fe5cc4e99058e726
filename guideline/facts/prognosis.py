"""Life expectancy, for the prerequisite (more than 6 months) and the contraindication (less
than 6 months): months as stated, the stated relation, or a normal life expectancy.

"Otherwise healthy" with no cancer named reads as a normal life expectancy when nothing more
precise is said. Months are always given with a relation ("about" when none is stated) and with
life_expectancy_normal False, so that a later statement replaces every part of an earlier one
when the conversation's facts are merged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional

import yaml

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading, Region
from guideline.facts.events import Finding, latest
from guideline.facts.numbers import Duration, find_durations
from guideline.knowledge import DEFAULT_PATH as KNOWLEDGE_PATH
from guideline.patient import Fact

#: "only a few weeks left", "3 months to live", "many years ahead of him": a duration that
#: needs no other cue (not "2 weeks ahead of the implant").
LEFT_AFTER = re.compile(
    r"\s*(?:left|remaining|to\s+live|of\s+life|ahead(?:\s+of\s+(?:him|her|them|me|us)\b|(?!\s+of\b)))",
    re.IGNORECASE,
)
#: Time still to live, said as more of it: "could easily have 10 more years", "could have
#: another 20 years", "give him a few more months" (not "3 more cycles of chemo", not "for 2
#: more weeks" of a treatment).
MORE_TIME = re.compile(
    r"\b(?:have|has|had|got|live|living|survive|give|gives|given|giving)\b[^.;]{0,25}?"
    r"(?<!\bfor )\b(?P<another>another\s+)?"
    r"(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"fifteen|twenty|a\s+few|a\s+couple\s+of|few|couple\s+of|several|many)\s+"
    r"(?(another)|more\s+)(?P<unit>years?|months?|weeks?|days?)\b(?!\s+of\b)",
    re.IGNORECASE,
)
WISHED = re.compile(r"\b(?:hope[sd]?|hoping|wish\w*|wants?|would\s+like|'d\s+like)\b", re.I)
#: A duration denied outright ("not weeks") says nothing about the life span.
DENIED_BEFORE = re.compile(r"\b(?:not|no)\s*$", re.IGNORECASE)
#: Words before a duration that say how long something has lasted, not how long is left.
HOW_LONG_SO_FAR = re.compile(
    r"\b(?:for|x|since|during|(?:(?:in|over|during)\s+)?(?:the\s+)?(?:last|past|previous))\s*$",
    re.IGNORECASE,
)
#: A negated prognosis turns its relation round ("not expected to live more than 3 months").
NEGATED_RELATION = {
    "more_than": "at_most",
    "at_least": "less_than",
    "less_than": "at_least",
    "at_most": "more_than",
    "about": "less_than",
    None: "less_than",
}


#: What may stand between "Oncology:" and the life span it gives.
FIGURE_NEXT = re.compile(
    r"^(?:\s|[,:~≈-]|about\b|around\b|approx\.?|approximately\b|roughly\b|maybe\b|"
    r"probably\b|likely\b|perhaps\b|expected\b|estimated\b|now\b|currently\b|revised\b)*$",
    re.IGNORECASE,
)


def _regions(reading: Reading, anchor: Mention) -> List[Region]:
    clause = reading.clause(anchor)
    following = reading.next_clause(clause)
    regions = [clause]
    if following is not None and not reading.in_clause(
        reading.clauses.index(following), *sorted(L.CONCEPTS - {L.PERSON})
    ):
        regions.append(following)
    return regions


def _duration(reading: Reading, anchor: Mention) -> Optional[tuple]:
    """The duration nearest after the anchor, else nearest before it, with its offsets."""
    after, before = [], []
    for region in _regions(reading, anchor):
        for found in find_durations(reading.slice(region)):
            start = region.start_char + found.start
            end = region.start_char + found.end
            if DENIED_BEFORE.search(reading.text[:start]):
                continue  # "months, not weeks"
            (after if start >= anchor.end_char else before).append((start, end, found))
    if after:
        return min(after, key=lambda item: item[0])
    if before:
        return max(before, key=lambda item: item[0])
    return None


@lru_cache(maxsize=1)
def life_expectancy_limit() -> float:
    """The guideline's life expectancy limit in months, from the eligibility thresholds of the
    knowledge file (read on its own, so that fact extraction does not depend on the rest)."""
    data = yaml.safe_load(KNOWLEDGE_PATH.read_text(encoding="utf-8"))
    return float(data["eligibility"]["thresholds"]["life_expectancy_min_months"])


def _range(duration: Duration) -> tuple:
    """A range read by its lower end (contract v2): "9-12 months" is at least 9, "6-12 months"
    at least 6, "4-8 months" at least 4 (unknown against the limit), "2-4 months" about 2; a
    range ending at the limit is at most its end ("3-6 months" is at most 6). Nothing outside
    the range is read into it, so a range that may end at 6 months never reads as more."""
    months, relation = duration.months, duration.relation
    if duration.low is None or relation not in (None, "about"):
        return months, relation
    limit = life_expectancy_limit()
    if duration.high < limit:
        return duration.low, "about"
    if duration.high == limit:
        return duration.high, "at_most"
    return duration.low, "at_least"


def _finding(duration: Duration, start: int, words: str, negated: bool) -> Finding:
    if duration.normal:
        return Finding(("normal",), start, words)
    months, relation = _range(duration)
    if negated:
        relation = NEGATED_RELATION.get(relation, "less_than")
    return Finding((months, relation or "about"), start, words)


def _from_anchor(reading: Reading, anchor: Mention) -> Optional[Finding]:
    """The life span an anchor states. A hedged one ("likely looking at weeks, maybe a couple
    of months") counts only when short: a hedge never makes a life long enough."""
    found = _stated(reading, anchor)
    if anchor.uncertain and (found is None or not _short(found)):
        return None
    return found


def _short(finding: Finding) -> bool:
    if finding.value == ("normal",):
        return False
    months, relation = finding.value
    return months <= life_expectancy_limit() and relation in ("about", "less_than", "at_most")


def _stated(reading: Reading, anchor: Mention) -> Optional[Finding]:
    if anchor.id == "limiting":
        # "terminal", "end stage": a life span only when one is said beside it
        if anchor.negated:
            return Finding(("normal",), anchor.start_char, reading.evidence(anchor))
        found = _duration(reading, anchor)
        if found is None or HOW_LONG_SO_FAR.search(reading.text[: found[0]]):
            return None  # "end-stage renal disease, on dialysis for 3 years"
        start, end, duration = found
        words = reading.evidence(anchor, (start, end), within=[(anchor.start_char, end)])
        return _finding(duration, max(start, anchor.start_char), words, negated=False)
    if anchor.id == "team_says":
        # "Oncology: about 14 months" states a life span only with the figure right after, or
        # after words of why it changed ("progression on CT, now 6-8 weeks"); "Oncology:
        # follow-up in 3 months" does not
        found = _duration(reading, anchor)
        between = reading.text[anchor.end_char : found[0]] if found else ""
        if found is None or not (
            FIGURE_NEXT.match(between)
            or set(re.findall(r"[a-z]+", between.lower())) <= ANSWER_WORDS
        ):
            return None
        start, end, duration = found
        words = reading.evidence(anchor, (start, end), within=[(anchor.start_char, end)])
        return _finding(duration, start, words, anchor.negated)
    if anchor.id == "dying" and not anchor.negated:
        return Finding((1.0, "less_than"), anchor.start_char, reading.evidence(anchor))
    normal = reading.cue(anchor, L.CUE_NORMAL)
    found = _duration(reading, anchor)
    if found is not None:
        start, end, duration = found
        words = reading.evidence(
            anchor, (start, end), within=[reading.clause(anchor), (start, end)]
        )
        return _finding(duration, max(start, anchor.start_char), words, anchor.negated)
    if normal is not None and not anchor.negated:
        return Finding(("normal",), normal.start_char, reading.evidence(anchor, normal))
    return None


def _without_anchor(reading: Reading) -> List[Finding]:
    """'only a few weeks left', 'months to live', 'could easily have 10 more years' with no
    other word for life expectancy."""
    findings = []
    for index, sentence in enumerate(reading.sentences):
        if reading.generic_sentence(index):
            continue
        text = reading.slice(sentence)
        for match in MORE_TIME.finditer(text):
            if WISHED.search(text[: match.start()]):
                continue  # "she hopes to live many more years"
            for duration in find_durations(f"{match.group('count')} {match.group('unit')}"):
                start = sentence.start_char + match.start("count")
                words = reading.evidence((start, sentence.start_char + match.end()))
                findings.append(_finding(duration, start, words, negated=False))
        for duration in find_durations(text):
            if not LEFT_AFTER.match(text, duration.end):
                continue
            start = sentence.start_char + duration.start
            end = sentence.start_char + LEFT_AFTER.match(text, duration.end).end()
            words = reading.evidence((start, end))
            findings.append(_finding(duration, start, words, negated=False))
    return findings


def _otherwise_healthy(reading: Reading) -> List[Finding]:
    """'healthy otherwise', 'no comorbidities': a normal life expectancy, but only as a last
    resort (no life span stated) and never beside a cancer."""
    if any(not m.negated and not m.uncertain for m in reading.of(L.CANCER)):
        return []
    return [
        Finding(("normal",), m.start_char, reading.evidence(m))
        for m in reading.of(L.LIFE_EXPECTANCY)
        if m.id == "healthy" and not m.negated
    ]


#: Words that may surround a bare answer about life expectancy ("about a year").
ANSWER_WORDS = frozenset(
    {
        "restaging",
        "restaged",
        "after",
        "today",
        "yesterday",
        "s",
        "latest",
        "recent",
        "repeat",
        "this",
        "morning",
        "review",
        "reviewed",
        "staging",
        "scan",
        "scans",
        "imaging",
        "about",
        "approximately",
        "around",
        "roughly",
        "maybe",
        "probably",
        "likely",
        "expected",
        "estimated",
        "less",
        "more",
        "than",
        "under",
        "over",
        "at",
        "least",
        "most",
        "up",
        "only",
        "months",
        "weeks",
        "years",
        "a",
        "an",
        "few",
        "couple",
        "of",
        "she",
        "he",
        "has",
        "have",
        "got",
        "ve",
        "is",
        "perhaps",
        "left",
        "remaining",
        "or",
        "to",
        # who says it, and words that correct or update an earlier answer
        "oncology",
        "oncologist",
        "onc",
        "palliative",
        "care",
        "team",
        "says",
        "said",
        "thinks",
        "think",
        "estimates",
        "estimate",
        "expect",
        "expects",
        "anticipate",
        "anticipates",
        "predict",
        "predicts",
        "per",
        # where it was said: "Onc at bedside: weeks"
        "bedside",
        "clinic",
        "ward",
        "round",
        "mdt",
        "now",
        "correction",
        "update",
        "actually",
        "sorry",
        "it",
        "the",
        "was",
        "from",
        "called",
        "back",
        "they",
        "say",
        "misread",
        "note",
        "meant",
        "typo",
        "days",
        # to whom, and how frankly ("told me honestly it's probably 2 to 3 months now")
        "me",
        "us",
        "him",
        "her",
        "them",
        "honestly",
        "frankly",
        "realistically",
        "told",
        "looking",
        # why the prognosis changed: the disease progressed on imaging
        "progression",
        "progressed",
        "progressing",
        "progressive",
        "spread",
        "spreading",
        "worse",
        "worsening",
        "deteriorated",
        "deteriorating",
        "declining",
        "disease",
        "on",
        "ct",
        "mri",
        "pet",
        "shows",
        "showed",
        "new",
        "rapid",
        "rapidly",
        "fast",
        "faster",
        "quickly",
        "very",
        "and",
    }
)


#: What comes right before an updated life span ("..., now 6-8 weeks", "revised to 3 months").
NOW_BEFORE = re.compile(
    r"(?:^|[,;:(-]\s*|\b(?:is|prognosis|LE|estimated?)\s+)"
    r"(?:now|revised\s+to|down\s+to|reduced\s+to|shortened\s+to)\s*[:~]?\s*"
    r"(?:about\s+|around\s+|approximately\s+|roughly\s+|only\s+)?$",
    re.IGNORECASE,
)
#: Words that say a message updates the prognosis.
UPDATES_PROGNOSIS = re.compile(
    r"\b(?:onc\w*|prognos\w*|palliative|restag\w*|progress\w*|update\w*|LE)\b", re.IGNORECASE
)


def _bare_answer(reading: Reading) -> List[Finding]:
    """'About a year.', '8 months', 'Update: progression on CT, now 6-8 weeks': a message that
    is only a life span, with who says it or why it changed, answers the question about life
    expectancy (the only fact the assistant asks for as a duration)."""
    if any(reading.generic_sentence(i) for i in range(len(reading.sentences))):
        return []
    found = find_durations(reading.text)
    if len(found) != 1:
        return []
    updated = NOW_BEFORE.search(reading.text[: found[0].start]) and UPDATES_PROGNOSIS.search(
        reading.text
    )  # "Update from oncology after restaging: liver mets have progressed, now 6-8 weeks."
    if not (updated or reading.only(found[0].start, found[0].end, ANSWER_WORDS)):
        return []
    span = (found[0].start, found[0].end)
    return [
        _finding(found[0], found[0].start, reading.evidence(span, within=[span]), negated=False)
    ]


def read_life_expectancy(reading: Reading) -> List[Fact]:
    anchors = [m for m in reading.of(L.LIFE_EXPECTANCY) if m.id != "healthy"]
    findings = [_from_anchor(reading, anchor) for anchor in anchors]
    stated = [f for f in findings if f is not None] + _without_anchor(reading)
    stated = stated or _bare_answer(reading)
    found = latest(stated) or latest(_otherwise_healthy(reading))
    if found is None:
        return []
    if found.value == ("normal",):
        return [Fact("life_expectancy_normal", True, found.evidence)]
    months, relation = found.value
    months = int(months) if float(months).is_integer() else months
    return [
        Fact("life_expectancy_months", months, found.evidence),
        Fact("life_expectancy_relation", relation, found.evidence),
        Fact("life_expectancy_normal", False, found.evidence),
    ]
