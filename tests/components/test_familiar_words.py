"""components/familiar_words.py in the trained model: the parse data lists the words no
topic phrasing and no source statement uses, and the action reads them from there."""

import asyncio

import pytest


@pytest.fixture(scope="module")
def parse(model):
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return lambda text: asyncio.run(agent.parse_message(text))


def test_a_subject_no_topic_mentions_is_listed(parse):
    assert (
        "breastfeeding"
        in parse("is the intrathecal pump safe during breastfeeding")["unfamiliar_words"]
    )


def test_a_question_in_the_topics_words_lists_none(parse):
    assert parse("what are the contraindications to an intrathecal pump?")["unfamiliar_words"] == []


def test_words_met_only_in_out_of_scope_examples_stay_unfamiliar(parse):
    """The out-of-scope phrasings teach the classifier, not the vocabulary: "battery" is
    in them, and a question on it must not look like one the source covers."""
    assert "battery" in parse("how long does the pump battery last")["unfamiliar_words"]
