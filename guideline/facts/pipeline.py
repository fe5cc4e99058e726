"""The spaCy pipeline, built once per extractor: a blank English tokenizer tuned for clinical
shorthand, rule-based sentences, an EntityRuler from lexicon.yml and medspaCy ConText (run
sentence by sentence, components.SentenceConText) with the modifiers of context_rules.yml.
No pretrained model is needed (or available offline).
"""

from __future__ import annotations

from typing import List, Sequence

from guideline.facts.labels import CLAUSE_BREAK
from guideline.facts.lexicon import Lexicon, ModifierGroup
from guideline.facts.patterns import entity_patterns, phrase_patterns, phrase_words
from guideline.facts.vocabulary import Terms

#: Extra token splits: a number glued to a unit ("8mo", "59yo", "45k"), comparison signs and
#: arrows ("LE>6mo", "~1y", "8→3"), a label glued to its value ("Plt:45", "INR=1.1"), words
#: joined by a plus ("opioids+adjuvants").
EXTRA_INFIXES = (
    r"(?<=[0-9])(?=[A-Za-z])",
    r"[~≈≥≤<>→]",
    r"(?<=[A-Za-z])[:=](?=[0-9])",
    r"(?<=[A-Za-z])\+(?=[A-Za-z])",
)
EXTRA_PREFIXES = (r"[~≈≥≤<>→=]",)
SENTENCE_ENDS = [".", "!", "?", ";", "…"]


def _tune_tokenizer(nlp, abbreviations: Sequence[str]) -> None:
    from spacy.util import compile_infix_regex, compile_prefix_regex

    infixes = list(nlp.Defaults.infixes) + list(EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    prefixes = list(nlp.Defaults.prefixes) + list(EXTRA_PREFIXES)
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    for abbreviation in abbreviations:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])


def _context_rules(groups: Sequence[ModifierGroup], tokenize, slots) -> List:
    from medspacy.context import ConTextRule

    rules = []
    for group in groups:
        for phrase in group.phrases:
            for pattern in phrase_patterns(phrase, tokenize, slots):
                rules.append(
                    ConTextRule(
                        literal=phrase,
                        category=group.category,
                        pattern=pattern,
                        direction=group.direction,
                        max_scope=group.max_scope,
                        terminated_by={CLAUSE_BREAK} if group.clause_bound else None,
                        excluded_types=set(group.excluded_labels) or None,
                    )
                )
    return rules


def build_pipeline(lexicon: Lexicon, modifiers: Sequence[ModifierGroup], terminology: Terms):
    """A ready spaCy Language object (the costly step: about a second). The terminology's names
    are matched like the lexicon's but are not typo targets: thousands of disease names would
    turn ordinary slips into diagnoses ("pumps" is not "mumps")."""
    import spacy

    import guideline.facts.components  # noqa: F401  (registers the pumpguide_* factories)

    nlp = spacy.blank("en")
    _tune_tokenizer(nlp, lexicon.abbreviations)

    def tokenize(text: str) -> List[str]:
        return [token.text for token in nlp.tokenizer(text)]

    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    nlp.add_pipe("pumpguide_line_breaks")
    phrases = [
        phrase for ids in lexicon.terms.values() for group in ids.values() for phrase in group
    ] + [phrase for group in modifiers for phrase in group.phrases]
    nlp.add_pipe("pumpguide_spelling").set_words(
        phrase_words(phrases, lexicon.slots), lexicon.not_typos
    )
    ruler = nlp.add_pipe("entity_ruler", config={"validate": False})
    ruler.add_patterns(
        entity_patterns(lexicon.terms, lexicon.slots, tokenize)
        + entity_patterns(terminology, lexicon.slots, tokenize)
    )
    nlp.add_pipe("pumpguide_defined_abbreviations")
    nlp.add_pipe("pumpguide_drug_trials")
    context = nlp.add_pipe("pumpguide_context")
    context.add(_context_rules(modifiers, tokenize, lexicon.slots))
    nlp.add_pipe("pumpguide_negated_lists")
    return nlp
