"""The pipeline's own spaCy components: sentence breaks at line ends, medspaCy ConText run
sentence by sentence, and negation carried through a listed series ("no infection,
coagulopathy or anticoagulants").

Registered as spaCy factories when this module is imported (pipeline.py does so).
"""

import re
from typing import Dict, Iterable, List, Set

from medspacy.common.util import prune_overlapping_matches
from medspacy.context import ConText
from medspacy.context.context_graph import ConTextGraph
from medspacy.context.context_modifier import ConTextModifier
from spacy.language import Language
from spacy.tokens import Doc, Span

from guideline.facts.labels import (
    ADJUVANT,
    ANTIBIOTIC,
    ANTICOAG,
    CONCEPTS,
    MED_MGMT,
    NOT_PUMP,
    OPIOID,
    PERSON,
    POPULATION,
    TRIAL,
    TRIAL_MODE,
)

#: Labels of drugs a "trial of ..." may be about.
DRUGS = frozenset({OPIOID, ADJUVANT, MED_MGMT, ANTIBIOTIC, ANTICOAG})

#: Entities a modifier may overlap ("and her" ends a clause although "her" is a person).
UNMODIFIED = frozenset({PERSON, POPULATION})

#: Tokens that may join the items of a listed series.
LIST_JOINERS = frozenset({",", "or", "and", "nor", "/", "&", "+"})
#: Tokens that may follow the last item of a series.
LIST_ENDS = LIST_JOINERS | {".", ";", ":", "!", "?", ")"}


class LineBreaks:
    """A line end starts a sentence (notes are often one finding per line); a question mark
    glued to a word ("?UTI") marks uncertainty, not a sentence end; overly long runs of tokens
    are cut so that no junk input makes one huge sentence."""

    def __init__(self, soft_limit: int, hard_limit: int) -> None:
        self.soft_limit = soft_limit
        self.hard_limit = hard_limit

    def __call__(self, doc: Doc) -> Doc:
        length = 0
        for index, token in enumerate(doc):
            if index == 0:
                length = 1
                continue
            previous = doc[index - 1]
            if previous.is_space and "\n" in previous.text:
                token.is_sent_start = True
            elif (
                previous.text == "?"
                and not previous.whitespace_
                and token.is_alpha
                and token.is_sent_start
            ):
                token.is_sent_start = False
            elif length >= self.hard_limit or (
                length >= self.soft_limit and previous.text in {",", ";", "-"}
            ):
                token.is_sent_start = True
            length = 1 if token.is_sent_start else length + 1
        return doc


@Language.factory("pumpguide_line_breaks", default_config={"soft_limit": 40, "hard_limit": 80})
def make_line_breaks(nlp: Language, name: str, soft_limit: int, hard_limit: int) -> LineBreaks:
    return LineBreaks(soft_limit, hard_limit)


def slips(word: str) -> Set[str]:
    """The spellings of a word with one typing slip that rarely makes another word: a letter
    dropped inside it (not the first or last, whose loss often makes another word: "pending"
    and "ending", "placed" and "place"), a letter doubled, two neighbours swapped."""
    found = set()
    if len(word) >= 6:
        found.update(word[:i] + word[i + 1 :] for i in range(1, len(word) - 1))
    if len(word) >= 5:
        found.update(word[:i] + word[i - 1 :] for i in range(1, len(word)))
        found.update(
            word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            for i in range(len(word) - 1)
            if word[i] != word[i + 1]
        )
    found.discard(word)
    return found


class Spelling:
    """Words of the vocabulary misspelt by one slip ("faild", "releif", "postive") are read as
    the words they stand for: each token's NORM, which the entity and ConText patterns match,
    is its lower-case text or the vocabulary word it is a slip of. A slip that could stand for
    two words, is itself a word of the vocabulary, or is a real word (`not_typos`) stays."""

    def __init__(self) -> None:
        self.corrections: Dict[str, str] = {}

    def set_words(self, words: Iterable[str], not_typos: Iterable[str]) -> None:
        words = {word.lower() for word in words if word.isalpha()}
        keep = words | {word.lower() for word in not_typos}
        targets: Dict[str, Set[str]] = {}
        for word in words:
            for slip in slips(word):
                if slip not in keep:
                    targets.setdefault(slip, set()).add(word)
        self.corrections = {
            slip: next(iter(found)) for slip, found in targets.items() if len(found) == 1
        }

    def __call__(self, doc: Doc) -> Doc:
        corrections = self.corrections
        for token in doc:
            lower = token.lower_
            token.norm_ = corrections.get(lower, lower) if token.is_alpha else lower
        return doc


@Language.factory("pumpguide_spelling")
def make_spelling(nlp: Language, name: str) -> Spelling:
    return Spelling()


class DrugTrials:
    """'a trial of gabapentin', 'failed trial of oral morphine', 'an opioid trial': a trial of a
    systemic drug is not a pump trial. Such a mention becomes NOT_PUMP before ConText runs, so
    its status words ("failed") qualify the drug."""

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        changed = False
        for index, ent in enumerate(ents):
            if ent.label_ != TRIAL or ent.ent_id_ != "trial":
                continue
            sentence = ent.sent
            if any(
                e.label_ == TRIAL_MODE and sentence.start <= e.start < sentence.end for e in ents
            ):
                continue  # "morphine trial via intrathecal catheter"
            after = ents[index + 1] if index + 1 < len(ents) else None
            before = ents[index - 1] if index else None
            joined = doc[ent.end].lower_ if ent.end < len(doc) else ""
            trialed = ent.text.lower().startswith(("trialed", "trialled"))
            drug_after = (
                after is not None
                and after.label_ in DRUGS
                and after.start - ent.end <= 3
                and (joined in ("of", "with") or trialed)
            )
            drug_before = before is not None and before.label_ in DRUGS and before.end == ent.start
            if drug_after or drug_before:
                ents[index] = Span(doc, ent.start, ent.end, label=NOT_PUMP, span_id=ent.ent_id_)
                changed = True
        if changed:
            doc.ents = ents
        return doc


class DefinedAbbreviations:
    """An abbreviation the message defines takes that meaning: in "intrathecal pump (ITP)",
    ITP is the pump, not immune thrombocytopenia. A defined abbreviation is read as what its
    long form mentions (the first entity inside it), or as nothing when that mentions nothing.
    A definition is "<words> (<ABBR>)" or "<ABBR> (<words>)" whose words' initials spell the
    abbreviation."""

    DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z]{1,7})\s*\)")
    #: "ITP (intrathecal pump)": the abbreviation first, its long form in brackets.
    DEFINED_AFTER = re.compile(r"\b([A-Z][A-Za-z]{0,6}[A-Z]s?)\s*\(\s*([^()]{3,80}?)\s*\)")

    def __call__(self, doc: Doc) -> Doc:
        defined = self._definitions(doc)
        if not defined:
            return doc
        ents, changed = [], False
        for ent in doc.ents:
            meaning = defined.get(ent.text.rstrip("s"))
            if meaning is None or meaning[0] <= ent.start_char < meaning[1]:
                ents.append(ent)
                continue
            inside = [e for e in doc.ents if meaning[0] <= e.start_char < meaning[1]]
            changed = True
            if inside:
                ents.append(
                    Span(doc, ent.start, ent.end, label=inside[0].label_, span_id=inside[0].ent_id_)
                )
        if changed:
            doc.ents = ents
        return doc

    def _definitions(self, doc: Doc) -> Dict[str, tuple]:
        """Abbreviation -> (start, end) characters of its long form: the fewest words before
        the brackets that spell it, or the bracketed words after it (Schwartz and Hearst's
        rule: its letters in order, the first at the start of the first word)."""
        found = {}
        for match in self.DEFINITION.finditer(doc.text):
            short = match.group(1).rstrip("s")
            before = doc.text[: match.start()].rstrip()
            words = before.split()
            for count in range(1, min(len(words), len(short) + 2) + 1):
                long_form = " ".join(words[-count:])
                if long_form[:1].lower() == short[0].lower() and spells(short, long_form):
                    found[short] = (len(before) - len(long_form), len(before))
                    break
        for match in self.DEFINED_AFTER.finditer(doc.text):
            short, long_form = match.group(1).rstrip("s"), match.group(2)
            if (
                short not in found
                and long_form[:1].lower() == short[0].lower()
                and len(long_form.split()) <= len(short) + 2
                and spells(short, long_form)
            ):
                found[short] = match.span(2)
        return found


def spells(short: str, long_form: str) -> bool:
    """Whether the abbreviation's letters appear in the long form in order, its first letter
    at the start of a word ("ITP" in "intrathecal pump")."""
    short, long_form = short.lower(), long_form.lower()
    position = len(long_form) - 1
    for index in range(len(short) - 1, -1, -1):
        char = short[index]
        while position >= 0 and (
            long_form[position] != char
            or (index == 0 and position > 0 and long_form[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


@Language.factory("pumpguide_defined_abbreviations")
def make_defined_abbreviations(nlp: Language, name: str) -> DefinedAbbreviations:
    return DefinedAbbreviations()


@Language.factory("pumpguide_drug_trials")
def make_drug_trials(nlp: Language, name: str) -> DrugTrials:
    return DrugTrials()


class NegatedLists:
    """ConText stops a clause-bound negation at a comma; a comma that only separates the items
    of one negated series ("no infection, coagulopathy or anticoagulants") does not end it."""

    def __call__(self, doc: Doc) -> Doc:
        concepts = [ent for ent in doc.ents if ent.label_ in CONCEPTS]
        for previous, ent in zip(concepts, concepts[1:]):
            if not previous._.is_negated or ent._.is_negated:
                continue
            between = doc[previous.end : ent.start]
            if (
                not len(between)
                or ent.start >= len(doc)
                or doc[ent.start].is_sent_start
                or any(token.lower_ not in LIST_JOINERS for token in between)
            ):
                continue
            after = doc[ent.end] if ent.end < len(doc) else None
            if after is None or after.is_sent_start or after.lower_ in LIST_ENDS:
                ent._.is_negated = True
        return doc


@Language.factory("pumpguide_negated_lists")
def make_negated_lists(nlp: Language, name: str) -> NegatedLists:
    return NegatedLists()


def _limits(modifier: ConTextModifier, other: ConTextModifier) -> bool:
    """Whether `other` ends `modifier`'s scope (medspaCy's rule: a terminating modifier, a
    category it is terminated by, or the same category for the same target types)."""
    if other.direction == "TERMINATE" or other.category.upper() in modifier.rule.terminated_by:
        return True
    return (
        other.category.upper() == modifier.category.upper()
        and other.allowed_types == modifier.allowed_types
        and other.excluded_types == modifier.excluded_types
    )


def _limit_scopes(modifiers: List[ConTextModifier]) -> None:
    """medspaCy's ConTextGraph.update_scopes, looking only at the modifiers inside each scope
    (scopes are a few tokens long) instead of at every pair in the Doc."""
    modifiers.sort(key=lambda m: m.modifier_span)
    for i, modifier in enumerate(modifiers):
        if modifier.direction == "TERMINATE":
            continue
        start, end = modifier.scope_span
        if modifier.direction in ("FORWARD", "BIDIRECTIONAL"):
            for j in range(i + 1, len(modifiers)):
                other = modifiers[j]
                if other.modifier_span[0] >= end:
                    break
                if other.modifier_span[0] > modifier.modifier_span[0] and _limits(modifier, other):
                    end = other.modifier_span[0]
                    break
        if modifier.direction in ("BACKWARD", "BIDIRECTIONAL"):
            for j in range(i - 1, -1, -1):
                other = modifiers[j]
                if other.modifier_span[1] <= start:
                    break
                if other.modifier_span[1] < modifier.modifier_span[1] and _limits(modifier, other):
                    start = other.modifier_span[1]
                    break
        modifier._scope_start, modifier._scope_end = start, end


#: Answer words a template writes after an item ("Anticoagulants - no", "Infection: none").
ANSWER_WORDS = frozenset({"no", "none"})


def _opens_phrase(rule, doc: Doc, end: int, sentence_of: List[int]) -> bool:
    """A backward answer ("- no", ": no") followed by a word of the same sentence opens a
    phrase of its own and negates forward: "on apixaban - no plan yet to hold it" negates the
    plan, not the drug. Dropping the match leaves the shorter forward "no"."""
    return (
        rule.direction == "BACKWARD"
        and doc[end - 1].lower_ in ANSWER_WORDS
        and end < len(doc)
        and doc[end].is_alpha
        and sentence_of[end] == sentence_of[end - 1]
    )


class SentenceConText(ConText):
    """medspaCy ConText, pairing modifiers and targets sentence by sentence.

    medspaCy compares every modifier with every other one in the whole Doc (quadratic on long
    or junk messages); scopes never leave a sentence and are a few tokens long, so this
    compares only modifiers within reach. A sentence keeps at most `max_modifiers`."""

    def __init__(self, nlp: Language, name: str, max_modifiers: int) -> None:
        super().__init__(
            nlp,
            name=name,
            rules=None,
            prune_on_target_overlap=True,
            prune_on_modifier_overlap=False,
        )
        self.max_modifiers = max_modifiers

    def __call__(self, doc: Doc, targets: str = None) -> Doc:
        matcher = self._ConText__matcher  # medspaCy keeps its matcher private
        sentence_of = [0] * len(doc)
        for index, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sentence_of[i] = index
        in_target = [False] * len(doc)
        for ent in doc.ents:
            if ent.label_ in UNMODIFIED:
                continue
            for i in range(ent.start, ent.end):
                in_target[i] = True
        # Drop the modifiers that overlap an entity or cue first, then keep the longest of
        # overlapping ones: "not" survives in "not seen a psychologist" although the longer
        # "not seen" overlaps the cue "seen". (medspaCy prunes in the other order.)
        matches = [
            (match_id, start, end)
            for match_id, start, end in matcher(doc)
            if not any(in_target[start:end])
            and not _opens_phrase(
                matcher.rule_map[self.nlp.vocab[match_id].text], doc, end, sentence_of
            )
        ]
        modifiers, by_sentence = [], {}
        for match_id, start, end in prune_overlapping_matches(matches):
            found = by_sentence.setdefault(sentence_of[start], [])
            if len(found) < self.max_modifiers:
                rule = matcher.rule_map[self.nlp.vocab[match_id].text]
                found.append(ConTextModifier(rule, start, end, doc, max_scope=self.max_scope))
        all_targets = list(doc.ents)
        targets_by_sentence = {}
        for target in all_targets:
            targets_by_sentence.setdefault(sentence_of[target.start], []).append(target)
        edges = []
        for index, sentence_modifiers in by_sentence.items():
            graph = ConTextGraph(prune_on_modifier_overlap=False)
            graph.targets = targets_by_sentence.get(index, [])
            graph.modifiers = sentence_modifiers
            _limit_scopes(sentence_modifiers)
            graph.apply_modifiers()
            edges.extend(graph.edges)
            modifiers.extend(graph.modifiers)
        for target, modifier in edges:
            target._.modifiers += (modifier,)
        if self.context_attributes_mapping:
            self.set_context_attributes(edges)
        doc._.context_graph = ConTextGraph(targets=all_targets, modifiers=modifiers, edges=edges)
        return doc


@Language.factory("pumpguide_context", default_config={"max_modifiers": 60})
def make_sentence_context(nlp: Language, name: str, max_modifiers: int) -> SentenceConText:
    return SentenceConText(nlp, name, max_modifiers)
