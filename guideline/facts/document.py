"""One analysed message as the readers see it: sentences, clauses, mentions with their ConText
flags, the status cues that qualify each mention, and verbatim evidence.

The readers work on this plain view instead of spaCy objects, so each reader states its rule in
terms of mentions and cues ("a TRIAL with a CUE_NOT_DONE is a trial not yet done").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

from guideline.facts import labels as L

if TYPE_CHECKING:
    from guideline.facts.lexicon import Lexicon

#: Single tokens that end a clause (a comma separates findings in clinical shorthand).
CLAUSE_BREAKS = frozenset({",", ";", "but", "however", "although", "though", "whereas", "except"})
#: Cross-clause cue attachment is limited to this many tokens.
MAX_CUE_DISTANCE = 10
#: Longer evidence is narrowed to the words between the deciding mentions.
MAX_EVIDENCE_CHARS = 110
#: Words of context kept before the deciding words when evidence is narrowed.
CONTEXT_WORDS = 2
#: Clause breaks after which a clause goes on about the subject before them.
CONTRASTS = frozenset({"but", "however", "although", "though", "whereas"})
NEGATIONS = frozenset({"not", "n't", "never"})
#: "criteria met", "meets criteria": a finding about the patient, not a rule stated.
FULFILLED_AFTER = frozenset({"met", "fulfilled", "satisfied", "positive"})
FULFILLED_BEFORE = frozenset({"meets", "meeting", "met", "fulfils", "fulfills", "fulfilling"})
TIME_WORDS = frozenset({"days", "weeks", "months", "years"})
#: A time word after these asks for a span instead of quoting one ("how many days do we hold
#: apixaban before the trial?" quotes no patient's value).
ASKS_HOW_MANY = frozenset({"many", "much", "how"})
COORDINATORS = frozenset({"and", "or", ",", "&", "+", "/", "nor"})
EDGE_JUNK = " \t\n\r,;:.-–—(["
#: A relative's own message about them opens with "my mother ...": that relative is the patient.
RELATIVE_OPENING = re.compile(
    r"^\W*(?:(?:hi|hello|dear\s+\w+)\W+)?"
    r"(?:(?:i(?:'m|\s+am)\s+)?(?:writing|asking|enquiring|inquiring)"
    r"\s+(?:for|about|on\s+behalf\s+of)\s+)?(?:my|our)\s+(?:(?:elderly|\d+[- ]year[- ]old|"
    r"older|younger|little|big)\s+)?(?P<kin>mother|mum|mom|father|dad|sister|brother|son|"
    r"husband|wife|partner|spouse|daughter|aunt|uncle|grandmother|grandfather|grandma|grandpa|"
    r"gran|nan|grandparent)\b",
    re.IGNORECASE,
)
#: ...unless the writer speaks of an illness of their own ("my mother had haemophilia; I have
#: cancer pain"), when the relative is family history as usual.
WRITER_ILL = re.compile(
    r"\b(?:my\s+(?:own\s+)?(?:pain|cancer|back|legs?|neck|symptoms|tumou?r|diagnosis)\b|"
    r"i\s*(?:'ve|have|had|am|'m)\s+(?:had\s+|got\s+|been\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:pain|cancer|diagnosed|suffering|in\s+agony)\b|i(?:'m|\s+am)\s+(?:a\s+)?\d{2}\b)",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """An entity of the message with what ConText said about it."""

    index: int
    label: str
    id: str
    text: str
    start: int  # token offsets
    end: int
    start_char: int
    end_char: int
    sentence: int
    clause: int
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    generic: bool = False
    #: every word negating it sits beyond another concept ("no infection and psych eval done")
    negation_blocked: bool = False

    @property
    def span(self) -> Tuple[int, int]:
        return self.start_char, self.end_char


@dataclass(frozen=True)
class Region:
    """A stretch of the message (sentence or clause) by token and character offsets."""

    start: int
    end: int
    start_char: int
    end_char: int
    sentence: int


Part = Union[Mention, Region, Tuple[int, int]]


#: Labels listed together as one kind of thing ("oxycodone and gabapentin failed").
KINDS = {L.OPIOID: "analgesic", L.MED_MGMT: "analgesic", L.ADJUVANT: "analgesic"}


def _kind(label: str) -> str:
    return KINDS.get(label, label)


def _char_range(part: Part) -> Tuple[int, int]:
    if isinstance(part, (Mention, Region)):
        return part.start_char, part.end_char
    return part


class Reading:
    """The readers' view of one spaCy Doc; `text` is the message as the user wrote it (same
    length as the Doc text), so evidence is quoted verbatim."""

    def __init__(self, doc, text: str, lexicon: "Lexicon") -> None:
        self.doc = doc
        self.text = text
        self._lexicon = lexicon
        self.tokens = [token.text for token in doc]
        self.lower = [token.lower_ for token in doc]
        self.sentences: List[Region] = []
        self.clauses: List[Region] = []
        self._token_clause: List[int] = [0] * len(doc)
        self._token_sentence: List[int] = [0] * len(doc)
        in_entity = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start + 1, ent.end):
                in_entity[i] = True
        for s_index, sent in enumerate(doc.sents):
            self.sentences.append(
                Region(sent.start, sent.end, sent.start_char, sent.end_char, s_index)
            )
            clause_start, clauses_before = sent.start, len(self.clauses)
            for i in range(sent.start, sent.end):
                self._token_sentence[i] = s_index
                if self.lower[i] in CLAUSE_BREAKS and not in_entity[i]:
                    if i > clause_start:
                        self._add_clause(clause_start, i, s_index)
                    clause_start = i + 1
            if sent.end > clause_start or len(self.clauses) == clauses_before:
                self._add_clause(min(clause_start, sent.end - 1), sent.end, s_index)
        for c_index, clause in enumerate(self.clauses):
            for i in range(clause.start, clause.end):
                self._token_clause[i] = c_index
        covered = {i for c in self.clauses for i in range(c.start, c.end)}
        for i in range(1, len(self.tokens)):
            if i not in covered:  # a break token belongs to the clause before it
                self._token_clause[i] = self._token_clause[i - 1]
        self.mentions: List[Mention] = []
        patient_kin = self._relative_as_patient(doc)
        for index, ent in enumerate(doc.ents):
            self.mentions.append(
                Mention(
                    index=index,
                    label=ent.label_,
                    id=ent.id_,
                    text=ent.text,
                    start=ent.start,
                    end=ent.end,
                    start_char=ent.start_char,
                    end_char=ent.end_char,
                    sentence=self._token_sentence[ent.start],
                    clause=self._token_clause[ent.start],
                    negated=bool(getattr(ent._, "is_negated", False)),
                    uncertain=bool(getattr(ent._, "is_uncertain", False)),
                    historical=bool(getattr(ent._, "is_historical", False)),
                    hypothetical=bool(getattr(ent._, "is_hypothetical", False)),
                    family=self._of_family(ent, patient_kin),
                )
            )
        self._generic = [self._is_generic(region) for region in self.sentences]
        for mention in self.mentions:
            mention.generic = self._generic[mention.sentence]
        self._mark_blocked_negations(doc)
        self._cues: Dict[int, List[Mention]] = {m.index: [] for m in self.mentions}
        self._attached: set = set()
        self._attach_cues()

    # --- structure -------------------------------------------------------------------------

    def _mark_blocked_negations(self, doc) -> None:
        ents = list(doc.ents)
        concepts = [
            m
            for m in self.mentions
            if m.label in L.CONCEPTS and m.label not in (L.PERSON, L.POPULATION)
        ]
        for mention, ent in zip(self.mentions, ents):
            spans = [
                mod.modifier_span
                for mod in getattr(ent._, "modifiers", ()) or ()
                if mod.category == "NEGATED_EXISTENCE"
            ]
            if not mention.negated or not spans:
                continue
            mention.negation_blocked = all(
                any(
                    other is not mention
                    and min(end, mention.end) <= other.start
                    and other.end <= max(start, mention.start)
                    for other in concepts
                )
                for start, end in spans
            )

    def _relative_as_patient(self, doc) -> Optional[int]:
        """The token of the relative a message opens with, when that relative is the patient
        ("My sister has ovarian cancer ... could she get one?")."""
        opening = RELATIVE_OPENING.match(self.text)
        if opening is None or WRITER_ILL.search(self.text):
            return None
        token = doc.char_span(*opening.span("kin"), alignment_mode="expand")
        return token.start if token is not None else None

    @staticmethod
    def _of_family(ent, patient_kin: Optional[int]) -> bool:
        """ConText's family flag, less the relative who is the patient."""
        if not getattr(ent._, "is_family", False):
            return False
        return any(
            modifier.category == "FAMILY" and modifier.modifier_span[0] != patient_kin
            for modifier in getattr(ent._, "modifiers", ())
        )

    def _add_clause(self, start: int, end: int, sentence: int) -> None:
        doc = self.doc
        self.clauses.append(
            Region(start, end, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), sentence)
        )

    def _is_generic(self, region: Region) -> bool:
        """A question or instruction about the guideline, or a statement about patients in
        general or about the guideline's rules, with no particular person in it."""
        words = self._lexicon
        inside = list(self._mentions_between(region.start, region.end))
        persons = [m for m in inside if m.label == L.PERSON]
        if any(m.id != "indefinite" for m in persons):
            return False
        tokens = [w for w in self.lower[region.start : region.end] if re.search(r"\w", w)]
        if not tokens:
            return False
        outside = [
            self.lower[i]
            for i in range(region.start, region.end)
            if not self._in_entity_token(i) and not self._criteria_fulfilled(i, region)
        ]
        asks = self._asks(region, tokens, outside)
        if asks and any(word in words.question_markers for word in outside):
            return True  # "Is 50% enough?", "Does the patient need to fail opioids first?"
        quotes_values = any(
            any(ch.isdigit() for ch in w) or (w in TIME_WORDS and before not in ASKS_HOW_MANY)
            for before, w in zip(["", *tokens], tokens)
        )
        if persons:
            # "can someone with an active skin infection have one placed?" is about someone;
            # "what about pain after cancer treatment in a cured patient?" is about a topic
            return asks and tokens[0] in words.topic_openers and not quotes_values
        if any(m.label == L.POPULATION for m in inside) or any(
            word in words.generic_markers for word in outside
        ):
            return True
        if not asks:
            return False
        # a question that quotes a patient's values asks about that patient ("Is a pump an
        # option for pancreatic cancer with weeks to live?", "... with an INR of 1.8?")
        return not quotes_values

    def _criteria_fulfilled(self, index: int, region: Region) -> bool:
        """A rule word the patient fulfils ("Budapest criteria met", "meets criteria for
        CRPS") reports a finding; it does not make the sentence about the rules."""
        before = self.lower[index - 1] if index > region.start else ""
        after = self.lower[index + 1] if index + 1 < region.end else ""
        return after in FULFILLED_AFTER or before in FULFILLED_BEFORE

    def _asks(self, region: Region, tokens: List[str], outside: List[str]) -> bool:
        """A question or an instruction: a question mark, a question word first ("what",
        "can", "explain"), or "is"/"does" before a subject ("is a single bolus enough")."""
        words = self._lexicon
        last = [t for t in self.tokens[region.start : region.end] if t.strip()]
        if last and last[-1].endswith("?"):
            return True
        first, second = tokens[0], (tokens[1] if len(tokens) > 1 else "")
        if first in words.question_openers:
            return second not in NEGATIONS  # "Could not tolerate morphine" reports
        if first in words.auxiliary_openers:
            # "is gabapentin effective ...", "does arachnoiditis respond ...": a named concept
            # as the subject asks about it; notes leaving the subject out go on with a verb or
            # preposition ("Is on apixaban")
            return (
                second in words.question_subjects
                or self._second_word_is_concept(region)
                or any(w in words.question_markers or w in words.generic_markers for w in outside)
            )
        return False

    def _second_word_is_concept(self, region: Region) -> bool:
        words = [i for i in range(region.start, region.end) if re.search(r"\w", self.lower[i])]
        return len(words) > 1 and self._in_entity_token(words[1])

    def _in_entity_token(self, index: int) -> bool:
        return any(m.start <= index < m.end for m in self.mentions)

    def _mentions_between(self, start: int, end: int) -> Iterable[Mention]:
        return (m for m in self.mentions if start <= m.start < end)

    # --- cues --------------------------------------------------------------------------------

    def _attach_cues(self) -> None:
        by_sentence: Dict[int, List[Mention]] = {}
        for mention in self.mentions:
            by_sentence.setdefault(mention.sentence, []).append(mention)
        for mention in self.mentions:
            targets = L.CUE_TARGETS.get(mention.label)
            if not targets:
                continue
            candidates = [m for m in by_sentence[mention.sentence] if m.label in targets]
            same_clause = [m for m in candidates if m.clause == mention.clause]
            pool = same_clause
            if not pool and self._bare_clause(mention.clause):
                pool = [m for m in candidates if self._distance(m, mention) <= MAX_CUE_DISTANCE]
                if self._continues(mention.clause):
                    # "opioids helped initially but now poorly controlled, pregabalin tried"
                    pool = [m for m in pool if m.start < mention.start] or pool
            if (
                not pool
                and mention.sentence
                and self._bare_sentence(mention.sentence)
                and not any(m.label in L.CONCEPTS for m in by_sentence[mention.sentence])
            ):
                # "Psych eval was pending; now completed.": the previous sentence's subject
                # (not "psych cleared. Coags pending.", whose cue is about the coags)
                before = [
                    m for m in by_sentence.get(mention.sentence - 1, []) if m.label in targets
                ]
                pool = before[-1:]
                candidates = before
            if not pool:
                continue
            nearest = min(pool, key=lambda m: (self._distance(m, mention), m.start > mention.start))
            for anchor in self._coordinated(nearest, candidates):
                self._cues[anchor.index].append(mention)
            self._attached.add(mention.index)

    def _bare_sentence(self, sentence_index: int) -> bool:
        return all(
            self._bare_clause(i)
            for i, clause in enumerate(self.clauses)
            if clause.sentence == sentence_index
        )

    def _continues(self, clause_index: int) -> bool:
        """A clause opened by "but", "however" and the like goes on about the subject of the
        clause before it."""
        start = self.clauses[clause_index].start
        return start > 0 and self.lower[start - 1] in CONTRASTS

    def _bare_clause(self, clause_index: int) -> bool:
        """A clause with no finding of its own: only entities, cues and filler words."""
        clause = self.clauses[clause_index]
        covered = set()
        for m in self.mentions:
            if m.clause == clause_index:
                covered.update(range(m.start, m.end))
        fillers = self._lexicon.filler_words
        return all(
            i in covered or not self.lower[i].isalpha() or self.lower[i] in fillers
            for i in range(clause.start, clause.end)
        )

    @staticmethod
    def _distance(a: Mention, b: Mention) -> int:
        if a.end <= b.start:
            return b.start - a.end
        if b.end <= a.start:
            return a.start - b.end
        return 0

    def _coordinated(self, anchor: Mention, candidates: Sequence[Mention]) -> List[Mention]:
        """The anchor and the mentions of its kind listed with it ("morphine and oxycodone
        escalated")."""
        group = [anchor]
        ordered = sorted(candidates, key=lambda m: m.start)
        position = ordered.index(anchor)
        for step in (-1, 1):
            i, current = position + step, anchor
            while 0 <= i < len(ordered):
                other = ordered[i]
                if _kind(other.label) != _kind(anchor.label):
                    break
                left, right = (other, current) if step < 0 else (current, other)
                between = self.lower[left.end : right.start]
                if not between or not all(w in COORDINATORS for w in between):
                    break
                group.append(other)
                current, i = other, i + step
        return group

    def cues(self, mention: Mention, *labels: str) -> List[Mention]:
        """The cues qualifying the mention (optionally only those labels), in text order."""
        found = self._cues.get(mention.index, [])
        return [c for c in found if not labels or c.label in labels]

    @staticmethod
    def firmly_negated(mention: Mention) -> bool:
        """Negated by a word of its own ("no psych eval", "has not had a trial"), not only by
        one before another concept ("no infection and psych eval done")."""
        return mention.negated and not mention.negation_blocked

    def attached(self, cue: Mention) -> bool:
        """Whether the cue qualifies some concept of its sentence."""
        return cue.index in self._attached

    def qualified(self, cue: Mention) -> List[Mention]:
        """The concepts the cue qualifies, in text order."""
        return [m for m in self.mentions if cue in self._cues.get(m.index, ())]

    def cue(
        self, mention: Mention, *labels: str, negated: Optional[bool] = False
    ) -> Optional[Mention]:
        """The last cue of those labels (by default ignoring negated cues), or None."""
        found = [c for c in self.cues(mention, *labels) if negated is None or c.negated == negated]
        return found[-1] if found else None

    # --- queries -----------------------------------------------------------------------------

    def of(
        self, *labels: str, family: bool = False, hypothetical: bool = False, generic: bool = False
    ) -> List[Mention]:
        """Mentions with those labels, in text order; by default only those about the patient
        (not a relative), real (not hypothetical) and not in a generic question."""
        return [
            m
            for m in self.mentions
            if m.label in labels
            and (family or not m.family)
            and (hypothetical or not m.hypothetical)
            and (generic or not m.generic)
        ]

    def in_sentence(self, sentence: int, *labels: str) -> List[Mention]:
        return [m for m in self.mentions if m.sentence == sentence and m.label in labels]

    def in_clause(self, clause: int, *labels: str) -> List[Mention]:
        return [m for m in self.mentions if m.clause == clause and m.label in labels]

    def clause(self, mention: Mention) -> Region:
        return self.clauses[mention.clause]

    def sentence(self, mention: Mention) -> Region:
        return self.sentences[mention.sentence]

    def next_clause(self, region: Region) -> Optional[Region]:
        index = self.clauses.index(region) + 1
        if index < len(self.clauses) and self.clauses[index].sentence == region.sentence:
            return self.clauses[index]
        return None

    def slice(self, region: Part) -> str:
        start, end = _char_range(region)
        return self.text[start:end]

    def generic_sentence(self, index: int) -> bool:
        return self._generic[index]

    def only(
        self,
        start_char: int,
        end_char: int,
        also: FrozenSet[str],
        besides: Sequence[Tuple[int, int]] = (),
    ) -> bool:
        """Whether the message says nothing but the given stretch (and the `besides` spans,
        already accounted for): every other word is one of `also` ('70%', 'about a year' as
        the answer to a question)."""
        spans = [(start_char, end_char), *besides]

        def inside(position: int, end: int) -> bool:
            return any(start <= position and end <= stop for start, stop in spans)

        if self.mentions and any(
            not inside(m.start_char, m.end_char) for m in self.mentions if m.label not in L.CUES
        ):
            return False
        for token in self.doc:
            inside_token = inside(token.idx, token.idx + 1)
            word = token.lower_
            if inside_token or not word.isalpha():
                continue
            if word not in also:
                return False
        return True

    @property
    def reports_state(self) -> bool:
        """Whether a sentence that is not a guideline question reports how things stand
        ('admitted', 'failed', 'held', 'pending', 'no history of'): a status cue other than an
        adjective such as 'active' that a question about the guideline would use too, a
        treatment, or a denied finding."""
        return any(
            not m.generic
            and not m.hypothetical
            and (
                (m.label in L.CUES and not (m.label == L.CUE_CURRENT and m.id == "state"))
                or (m.label == L.ANTIBIOTIC and not m.negated)
                or (m.label in L.CONCEPTS and m.negated)
            )  # "no history of cancer"
            for m in self.mentions
        )

    @property
    def has_person(self) -> bool:
        return any(m.label == L.PERSON and not m.hypothetical for m in self.mentions)

    # --- evidence ----------------------------------------------------------------------------

    def evidence(
        self, *parts: Part, within: Optional[Sequence[Part]] = None, limit: int = None
    ) -> str:
        """The message's own words covering the parts: the clauses they sit in when that is
        at most `limit` characters, else the stretch from the first part to the last with a
        word or two of context."""
        limit = MAX_EVIDENCE_CHARS if limit is None else limit
        ranges = [_char_range(p) for p in parts if p is not None]
        if not ranges:
            return ""
        tight = (min(r[0] for r in ranges), max(r[1] for r in ranges))
        wide_parts = (
            within
            if within is not None
            else [self.clauses[p.clause] for p in parts if isinstance(p, Mention)]
        )
        wide_ranges = [_char_range(p) for p in wide_parts] + [tight]
        wide = (min(r[0] for r in wide_ranges), max(r[1] for r in wide_ranges))
        if wide[1] - wide[0] <= limit:
            return self._trim(*wide)
        return self._trim(*self._with_context(tight, wide))

    def _with_context(
        self, tight: Tuple[int, int], bounds: Tuple[int, int], words: int = CONTEXT_WORDS
    ) -> Tuple[int, int]:
        """The range widened by up to `words` tokens before it ("has multiple myeloma"),
        staying within `bounds` and starting at the beginning of a word."""
        inside = [
            t
            for t in self.doc
            if bounds[0] <= t.idx and t.idx + len(t.text) <= bounds[1] and not t.is_space
        ]
        before = [t for t in inside if t.idx + len(t.text) <= tight[0]][-words:]
        start = before[0].idx if before else tight[0]
        while start > bounds[0] and not self.text[start - 1].isspace():
            start -= 1
        return start, tight[1]

    def _trim(self, start: int, end: int) -> str:
        words = self.text[start:end]
        stripped = words.strip(EDGE_JUNK)
        if not stripped:
            return words.strip()
        return stripped
