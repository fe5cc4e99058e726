"""guideline/lexical.py: lexical recall of the statements, and the topic stating a figure."""

import pytest

from guideline.knowledge import default_knowledge
from guideline.lexical import content_words, figure_topic, lexical_topic


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


# A question naming what the source states, in words no training phrasing uses, finds the
# statement: (question, topic the lexical index names).
RECALLED = [
    ("what role does the substantia gelatinosa play", "mechanism"),
    ("where in the spinal cord do the receptors sit", "mechanism"),
    ("granuloma?", "monitoring_granuloma"),
    ("anything about bleeding tendencies", "contraindication_coagulopathy"),
    ("arachnoiditis", "non_malignant_pain"),
]


@pytest.mark.parametrize("question, topic_id", RECALLED)
def test_lexical_recall_finds_the_statement(kb, question, topic_id):
    assert lexical_topic(kb, question) == topic_id


@pytest.mark.parametrize(
    "question", ["hello", "what is the capital of France", "", "how do i treat gout"]
)
def test_lexical_recall_names_nothing_for_other_subjects(kb, question):
    assert lexical_topic(kb, question) is None


@pytest.mark.parametrize(
    "question, topic_id",
    [
        ("where does the 68% come from", "outcomes_success"),
        ("is it really 1/300?", "mechanism_oral_ratio"),
        ("the 1 % figure", "cancer_pain_uptake"),
        ("what about the 10-20%", "not_first_line"),
        ("is 60% enough", None),
    ],
)
def test_a_quoted_figure_finds_the_narrowest_topic_stating_it(kb, question, topic_id):
    assert figure_topic(kb, question) == topic_id


def test_content_words_keep_figures_and_drop_the_therapys_names():
    words = content_words("Is the ITDD pump dose 1/300 of oral [6, 7]? 68 %")
    assert words == "dose 1/300 oral 68%"
