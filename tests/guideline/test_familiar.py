"""guideline/familiar.py: which words of a question the assistant has never met."""

import pytest

from guideline.familiar import Vocabulary, knowledge_texts
from guideline.knowledge import default_knowledge


@pytest.fixture(scope="module")
def vocabulary():
    learned = Vocabulary.learn(["what is the minimum life expectancy for a pump?"])
    return learned.merged(knowledge_texts(default_knowledge()))


@pytest.mark.parametrize(
    "text, unfamiliar",
    [
        ("what is the minimum life expectancy for a pump?", ()),
        ("what is the minimun life expectency?", ()),  # typos of known words
        ("granulomas at the catheter tip", ()),  # plurals of the source's words
        ("the substantia gelatinosa's receptors", ()),  # a possessive
        ("is the pump safe during breastfeeding", ("safe", "breastfeeding")),
        ("waiting list on the NHS", ("waiting", "list", "nhs")),  # an acronym in capitals
        ("pls, the pump", ()),  # short words in lower case are shorthand, not subjects
    ],
)
def test_unfamiliar_words(vocabulary, text, unfamiliar):
    assert vocabulary.unfamiliar(text) == unfamiliar


def test_the_source_statements_are_known_without_training(vocabulary):
    assert vocabulary.knows("gelatinosa") and vocabulary.knows("arachnoiditis")
