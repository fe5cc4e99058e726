"""The screening trial, for the prerequisite "successful trial": whether it was done, how it
was given (intrathecal or epidural catheter, single-shot bolus) and the pain relief it gave, as
a percentage, in words or from pain scores before and after.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from guideline.facts import labels as L
from guideline.facts.document import Mention, Reading, Region
from guideline.facts.events import Finding, fact, latest
from guideline.facts.numbers import (
    SCORE_OUT_OF_10,
    Found,
    asserted,
    find_percentages,
    find_score_reductions,
)
from guideline.patient import Fact

#: Drugs and treatments that make "trial of X" something other than a pump trial.
NOT_PUMP_OBJECTS = (L.OPIOID, L.ADJUVANT, L.MED_MGMT, L.ANTIBIOTIC, L.ANTICOAG, L.NOT_PUMP)
#: Concepts that start another subject: the trial's result is not looked for past them.
OTHER_SUBJECTS = tuple(sorted(L.CONCEPTS - {L.TRIAL_MODE, L.PERSON, L.POPULATION, L.SIDE_EFFECT}))
RELIEF_WORDS = re.compile(
    r"relie|reduc|improv|better|decreas|less pain|response|responded|drop", re.IGNORECASE
)
#: Words just before "trial" that make it a trial of another kind, which never counts as the
#: pump's trial: an infusion, an oral or transdermal drug, a stimulator, a block.
OTHER_KIND = re.compile(
    r"\b(?:ketamine|lidocaine|lignocaine|infusions?|iv|intravenous|oral|po|stimulat\w*|scs|drg|"
    r"tens|patch|blocks?|topical|transdermal|subcutaneous|sc|methadone|buprenorphine|"
    r"cannabi\w*|tapentadol|medication|drug)\b",
    re.IGNORECASE,
)
#: A trial's route named in its clause: then it is the pump's kind of trial.
NEURAXIAL = re.compile(r"intrathecal|epidural|spinal|\bit\b", re.IGNORECASE)
#: Words after "trial" in its sentence that describe a trial of another kind, when no neuraxial
#: route is named beside it: a peripheral nerve catheter, an intravenous or subcutaneous
#: infusion, a stimulator.
OTHER_KIND_AFTER = re.compile(
    r"\b(?:perineural|peripheral nerve|(?:brachial |lumbar )?plexus|infraclavicular|"
    r"interscalene|supraclavicular|femoral|sciatic|paravertebral|wound catheter|"
    r"intravenous|iv|subcutaneous|lidocaine|lignocaine|ketamine|stimulat\w*|scs|tens)\b",
    re.IGNORECASE,
)
#: How many words before "trial" are looked at for its kind.
KIND_WORDS = 4


def _is_pump_trial(reading: Reading, trial: Mention) -> bool:
    """'a trial of physical therapy', 'trialed pregabalin', 'an opioid trial' are not pump
    trials (components.DrugTrials already relabels most drug trials; this is the rest)."""
    if trial.id != "trial":
        return True
    if reading.in_clause(trial.clause, L.TRIAL_MODE):
        return True
    words = reading.lower
    follows = [
        m
        for m in reading.in_sentence(trial.sentence, *NOT_PUMP_OBJECTS, L.TRIAL_MODE)
        if trial.end <= m.start <= trial.end + 4
    ]
    verb = trial.text.lower().startswith("trialed") or trial.text.lower().startswith("trialled")
    joined = words[trial.end] if trial.end < len(words) else ""
    if verb or joined == "of":  # "trial of physical therapy", "trialed pregabalin"
        if not follows or follows[0].label != L.TRIAL_MODE:
            return False
    if joined == "with" and follows and follows[0].label != L.TRIAL_MODE:
        return False  # "a trial with gabapentin" (but "a trial with 75% improvement")
    before = [
        m
        for m in reading.in_sentence(trial.sentence, L.OPIOID, L.ADJUVANT, L.MED_MGMT)
        if m.end == trial.start
    ]
    return not before


def _words_before(reading: Reading, mention: Mention) -> str:
    before = reading.text[reading.clause(mention).start_char : mention.start_char].split()
    words = " ".join(before[-KIND_WORDS:]).strip(" ,;:()")
    return re.sub(r"^(?:an?|the)\s+", "", words, flags=re.IGNORECASE)


def _other_kind(reading: Reading, trial: Mention) -> Optional[str]:
    """'IV lidocaine infusion trial', 'a spinal cord stimulator trial': the words naming a
    trial of another kind, or None for a trial named without its route (the pump's)."""
    if trial.label == L.NOT_PUMP:  # a drug trial or a look-alike the pipeline already set apart
        named = re.sub(r"\s*\btrial\b.*$", "", trial.text, flags=re.IGNORECASE)
        return named or _words_before(reading, trial) or None
    modes = reading.in_clause(trial.clause, L.TRIAL_MODE)
    if any(NEURAXIAL.search(m.id) for m in modes) or NEURAXIAL.search(trial.id):
        return None
    sentence = reading.sentence(trial)
    after = reading.text[trial.end_char : sentence.end_char]
    described = OTHER_KIND_AFTER.search(after)
    if described:  # "catheter trial: perineural ropivacaine infusion"
        return " ".join(after[described.start() :].split(",")[0].split()[:KIND_WORDS])
    if modes or trial.id != "trial":
        return None
    words = _words_before(reading, trial)
    return words if OTHER_KIND.search(words) else None


def _trial_type(reading: Reading, trial: Mention) -> Optional[str]:
    modes = {trial.id} | {m.id for m in reading.in_clause(trial.clause, L.TRIAL_MODE, L.TRIAL)}
    if modes & {"single-shot bolus", "bolus"}:
        return "single-shot bolus"
    for route in ("intrathecal", "epidural"):
        if f"{route} catheter" in modes or ("catheter" in modes and route in modes):
            return f"{route} catheter"
    for route in ("intrathecal", "epidural"):
        if route in modes:
            return route
    return None


def _result_regions(reading: Reading, trial: Mention) -> List[Region]:
    """The trial's clause and the clauses after it up to the next subject; when none of them
    gives a number, the next sentence if it only speaks of relief ('She reported 80% relief')."""
    clause = reading.clause(trial)
    regions, following = [clause], reading.next_clause(clause)
    while following is not None and not _other_subject(reading, following, trial):
        regions.append(following)
        following = reading.next_clause(following)
    return regions


def _other_subject(reading: Reading, region: Region, trial: Mention) -> bool:
    return any(
        m is not trial and region.start <= m.start < region.end
        for m in reading.of(*OTHER_SUBJECTS, generic=True, family=True, hypothetical=True)
    )


def _next_sentence(reading: Reading, trial: Mention) -> Optional[Region]:
    index = trial.sentence + 1
    if index >= len(reading.sentences):
        return None
    sentence = reading.sentences[index]
    if _other_subject(reading, sentence, trial) or reading.generic_sentence(index):
        return None
    return sentence if RELIEF_WORDS.search(reading.slice(sentence)) else None


def _relief(
    reading: Reading, trial: Mention, regions: List[Region]
) -> Optional[Tuple[Found, Region]]:
    """The relief nearest the trial mention: a percentage, else a change in pain scores."""
    for finder in (find_percentages, find_score_reductions):
        candidates = []
        for region in regions:
            text = reading.slice(region)
            for found in asserted(text, finder(text)):
                start = region.start_char + found.start
                distance = abs(start - trial.start_char)
                candidates.append((distance, found, region))
        if candidates:
            _, found, region = min(candidates, key=lambda c: c[0])
            return found, region
    return _two_scores(reading, trial)


def _two_scores(reading: Reading, trial: Mention) -> Optional[Tuple[Found, Region]]:
    """'pain 8/10 before the trial and 3/10 after': two scores in the trial's sentence."""
    sentence = reading.sentences[trial.sentence]
    scores = list(SCORE_OUT_OF_10.finditer(reading.slice(sentence)))
    if len(scores) != 2:
        return None
    before, after = float(scores[0].group(1)), float(scores[1].group(1))
    if not 0 < before <= 10 or after > before:
        return None
    relief = int((before - after) / before * 100 + 1e-9)
    return Found(relief, scores[0].start(), scores[1].end()), sentence


def _absolute(found: Found, region: Region) -> Tuple[int, int]:
    return region.start_char + found.start, region.start_char + found.end


#: Words that may surround a bare answer about the trial ("about 70% relief").
ANSWER_WORDS = frozenset(
    {
        "relief",
        "reduction",
        "improvement",
        "better",
        "pain",
        "percent",
        "approximately",
        "about",
        "around",
        "roughly",
        "gave",
        "got",
        "reduced",
        "decreased",
        "by",
        "it",
        "she",
        "he",
        "they",
        "was",
        "had",
        "a",
        "an",
        "the",
        "of",
        "with",
        "and",
        "only",
        "just",
        # words that correct or update an earlier answer
        "correction",
        "update",
        "actually",
        "sorry",
        "now",
        "misread",
        "note",
        "meant",
        "typo",
        "i",
        "is",
        "from",
        "so",
        "not",
        "rather",
        "than",
        "instead",
    }
)


#: The other figure of a correction, said to be the pain left over: "relief was 60%, the 40%
#: was his residual pain".
RESIDUAL = re.compile(
    r"[,;]?\s*(?:and\s+)?(?:the\s+)?\d{1,3}\s*%\s+(?:was|is|were)\s+(?:his|her|their|the)\s+"
    r"(?:residual|remaining|leftover|left-over)\s+pain\b"
    r"|[,;]?\s*(?:and\s+)?(?:the\s+)?\d{1,3}\s*%\s+(?:was|is)\s+the\s+pain\s+(?:that\s+was\s+)?"
    r"(?:left|remaining)\b",
    re.IGNORECASE,
)


#: A closing request for the assessment again: "Is he eligible now?"
ASKS_AGAIN = re.compile(
    r"(?<=[.!?])\s*(?:is|does|would|can|could|will)\s+(?:he|she|they|it|the\s+patient|my\s+\w+)"
    r"\s+(?:\w+\s+){0,2}?(?:eligible|qualify|a\s+candidate|meet\s+(?:the\s+)?criteria|ok|okay)"
    r"(?:\s+now)?\s*\?\s*$",
    re.IGNORECASE,
)


def _bare_answer(reading: Reading) -> List[Finding]:
    """'70%', 'about 60 percent relief': a message that is only a relief figure answers the
    question about the trial (the only fact the assistant asks for as a percentage)."""
    text = reading.text
    residual = [m.span() for m in (*RESIDUAL.finditer(text), *ASKS_AGAIN.finditer(text))]
    sentences = [
        s
        for s in reading.sentences
        if not any(start <= s.start_char and s.end_char <= end for start, end in residual)
    ]
    if (
        reading.of(L.TRIAL, generic=True, hypothetical=True, family=True)
        or len(sentences) != 1
        or reading.generic_sentence(reading.sentences.index(sentences[0]))
    ):
        return []
    found = [
        f
        for f in asserted(text, find_percentages(text))
        or asserted(text, find_score_reductions(text))
        if not any(start <= f.start < end for start, end in residual)
    ]
    if len(found) != 1 or not reading.only(
        found[0].start, found[0].end, ANSWER_WORDS, besides=residual
    ):
        return []
    span = (found[0].start, found[0].end)
    return [Finding(int(found[0].value), found[0].start, reading.evidence(span, within=[span]))]


def read_trial(reading: Reading) -> List[Fact]:
    answer = _bare_answer(reading)
    if answer:
        return fact("trial_done", Finding(True, answer[0].position, answer[0].evidence)) + fact(
            "trial_relief_percent", answer[0]
        )
    done, pending, types, relief, success, others = [], [], [], [], [], []
    for trial in reading.of(L.TRIAL, L.NOT_PUMP):
        if trial.uncertain or (
            trial.label == L.NOT_PUMP and not ("trial" in trial.text.lower() and not trial.negated)
        ):
            continue
        other = _other_kind(reading, trial)
        if other is not None:
            others.append(Finding(other, trial.start_char, reading.evidence(trial)))
            continue
        if trial.label == L.NOT_PUMP:
            continue
        if not _is_pump_trial(reading, trial):
            continue
        kind = _trial_type(reading, trial)
        if kind:
            types.append(Finding(kind, trial.start_char, reading.evidence(trial)))
        not_done = reading.cue(trial, L.CUE_NOT_DONE)
        negated = trial.negated and (
            reading.firmly_negated(trial)
            or _relief(reading, trial, _result_regions(reading, trial)) is None
        )
        if negated or (not_done and not reading.cue(trial, L.CUE_DONE)):
            words = reading.evidence(trial, not_done) if not_done else reading.evidence(trial)
            done.append(Finding(False, trial.start_char, words))
            planned = [c for c in reading.cues(trial, L.CUE_NOT_DONE) if c.id == "pending"]
            pending.append(Finding(bool(planned), trial.start_char, words))
            continue
        regions = _result_regions(reading, trial)
        result = _relief(reading, trial, regions)
        if result is None:
            following = _next_sentence(reading, trial)
            result = _relief(reading, trial, [following]) if following else None
        if result is not None:
            found, region = result
            span = _absolute(found, region)
            words = reading.evidence(trial, span, within=[reading.clause(trial), span])
            relief.append(Finding(int(found.value), max(trial.start_char, span[0]), words))
            done.append(Finding(True, trial.start_char, words))
            continue
        outcome = reading.cue(trial, L.CUE_CONTROLLED, L.CUE_FAIL)
        if outcome is not None:
            success.append(
                Finding(
                    outcome.label == L.CUE_CONTROLLED,
                    outcome.start_char,
                    reading.evidence(trial, outcome),
                )
            )
        done.append(Finding(True, trial.start_char, reading.evidence(trial, outcome)))
    last = latest(done)
    facts = fact("trial_done", last) + fact("trial_type", latest(types))
    facts += fact("other_trial", latest(others))
    if relief:
        return facts + fact("trial_relief_percent", latest(relief))
    facts += fact("trial_pending", latest(pending)) + fact("trial_successful", latest(success))
    if last is not None and last.value is False:
        # "that 51% was the lidocaine infusion; he never had a spinal trial": a figure an
        # earlier message gave for the trial no longer stands
        facts += fact("trial_relief_percent", Finding(None, last.position, last.evidence))
    return facts
