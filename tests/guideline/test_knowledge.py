"""The knowledge file: complete, every citation real, and a broken file refused."""

import copy
import re

import pytest
import yaml

from guideline.knowledge import (
    DEFAULT_PATH,
    KnowledgeError,
    citations_in,
    load_knowledge,
    parse_knowledge,
)


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(DEFAULT_PATH.read_text())


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_reference_list_has_the_eight_source_references_with_6_untitled(kb):
    assert sorted(kb.references) == list(range(1, 9))
    assert kb.references[6].title is None
    assert "not printed" in kb.references[6].describe()
    assert kb.references[3].title == "Chronic intrathecal morphine for intractable pain"
    assert kb.references[8].year == 2008


def test_every_marker_in_every_answer_exists(kb):
    for topic in kb.topics.values():
        for text in (topic.lead or "", *topic.statements):
            for number in citations_in(text):
                assert number in kb.references, (topic.id, text)


# The source's citations for its sections (shared/SOURCE.md): a topic's answer must carry them.
SOURCE_CITATIONS = {
    "indication": {1},
    "cancer_pain": {1, 2},
    "cancer_pain_uptake": {2},
    "non_malignant_pain": {3, 4, 5},
    "prerequisites": {1, 6, 7},
    "prerequisite_trial": {1, 6},
    "prerequisite_life_expectancy": {1, 6},
    "prerequisite_psych": {6},
    "contraindications": {1, 6, 7},
    "mechanism": {1, 6, 7},
    "mechanism_oral_ratio": {6, 7},
    "mechanism_epidural_ratio": {1, 6},
    "side_effects": {7},
    "outcomes": {3, 8},
    "outcomes_repeat": {8},
    "outcomes_cancer": {3},
    "monitoring": {5, 6, 7},
    "monitoring_granuloma": {6},
    "monitoring_refills": {5},
    "not_first_line": {1, 7},
}


@pytest.mark.parametrize("topic_id, expected", sorted(SOURCE_CITATIONS.items()))
def test_topic_carries_the_source_citations(kb, topic_id, expected):
    assert set(kb.topics[topic_id].citations) == expected


# Figures of the source that must sit next to the right citation.
FIGURES = [
    ("1/300", {6, 7}),
    ("1/24", {1, 6}),
    ("68%", {8}),
    ("86%", {8}),
    ("80% of cancer", {3}),
    ("10%", {1}),
    ("1%", {2}),
    ("50%", {1, 6}),
    ("6 months", {1, 6}),
]


@pytest.mark.parametrize("figure, cites", FIGURES)
def test_figures_are_cited_as_in_the_source(kb, figure, cites):
    statements = [s for t in kb.topics.values() for s in t.statements if figure in s]
    assert statements, figure
    for statement in statements:
        assert cites <= set(citations_in(statement)), statement


def test_conversation_texts_carry_no_citation_and_the_disclaimer_is_professional(kb):
    assert not any(citations_in(text) for text in kb.conversation.values())
    assert "healthcare professionals" in kb.source["disclaimer"]
    assert "primary literature" in kb.source["disclaimer"]


def test_thresholds_are_complete(kb):
    assert kb.thresholds["trial_relief_min_percent"] == 50
    assert kb.thresholds["life_expectancy_min_months"] == 6
    assert kb.thresholds["inr_max"] == 1.5 and kb.thresholds["platelets_min_per_ul"] == 50000


def test_reference_6_is_not_given_a_kind_the_source_does_not_print(kb):
    assert kb.references[6].kind is None
    assert "guideline" not in kb.references[6].describe()


def broken(raw, change):
    data = copy.deepcopy(raw)
    change(data)
    return data


BREAKAGES = {
    "citation to a missing reference": lambda d: d["topics"]["indication"]["statements"].append(
        "A made-up claim [9]"
    ),
    "statement without citation": lambda d: d["topics"]["indication"]["statements"].append(
        "An uncited claim."
    ),
    "topic without statements": lambda d: d["topics"]["mechanism"].update(statements=[]),
    "unknown key": lambda d: d["topics"]["mechanism"].update(dose="10 mg"),
    "missing reference number": lambda d: d["references"].pop(3),
    "unknown related topic": lambda d: d["topics"]["mechanism"]["related"].append("nothing"),
    "bad pattern": lambda d: d["not_in_source"]["match"].append("(unclosed"),
    "{OURS} with no 'ours' to put there": lambda d: d["pump_terms"]["match"].append("x (?!{OURS})"),
    "citation in a refusal": lambda d: d["conversation"].update(out_of_scope="See [1]."),
    "threshold as a word": lambda d: d["eligibility"]["thresholds"].update(inr_max="high"),
    "missing threshold": lambda d: d["eligibility"]["thresholds"].pop("inr_max"),
    "unknown threshold": lambda d: d["eligibility"]["thresholds"].update(wbc_max=12),
    "unknown top-level key": lambda d: d.update(extra={}),
    "reference number as a word": lambda d: d["references"][0].update(number="one"),
    "untitled reference without a note": lambda d: d["references"][5].pop("note"),
    "citation on an uncited statement": lambda d: d["topics"]["not_first_line"].update(
        uncited="Premature implantation is inappropriate [1]."
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_loader_rejects_a_broken_file(raw, name):
    with pytest.raises(KnowledgeError):
        parse_knowledge(broken(raw, BREAKAGES[name]))


def test_loader_rejects_unreadable_yaml(tmp_path):
    path = tmp_path / "k.yml"
    path.write_text("topics: [unclosed")
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_knowledge(path)


def test_the_shipped_file_loads_unchanged(raw):
    assert parse_knowledge(raw).topics["indication"].statements


def test_markers_use_the_contract_format(kb):
    marker = re.compile(r"\[\d+(, \d+)*\]")
    for topic in kb.topics.values():
        for text in topic.statements:
            assert marker.search(text), text
