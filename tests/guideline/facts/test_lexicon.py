"""guideline/facts/lexicon.py and patterns.py: the vocabulary loads strictly and becomes
token patterns that match the way messages are tokenised."""

from pathlib import Path

import pytest
import yaml

from guideline.facts import labels as L
from guideline.facts.lexicon import (
    CONTEXT_RULES_PATH,
    LEXICON_PATH,
    LexiconError,
    load_context_rules,
    load_lexicon,
)
from guideline.facts.patterns import phrase_patterns


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "lexicon.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_files_load(lexicon):
    assert set(lexicon.labels) == set(L.ALL_LABELS)
    assert "hydromorphone" in lexicon.terms[L.OPIOID]
    assert load_context_rules(lexicon.slots)


def test_every_serious_side_effect_is_a_side_effect(lexicon):
    assert lexicon.serious_side_effects <= set(lexicon.terms[L.SIDE_EFFECT])


def test_an_unknown_top_level_key_fails(tmp_path, raw):
    with pytest.raises(LexiconError, match="unknown keys"):
        load_lexicon(write(tmp_path, {**raw, "extras": []}))


def test_a_missing_top_level_key_fails(tmp_path, raw):
    data = dict(raw)
    del data["filler_words"]
    with pytest.raises(LexiconError, match="missing keys"):
        load_lexicon(write(tmp_path, data))


def test_terms_under_an_undeclared_label_fail(tmp_path, raw):
    data = {**raw, "terms": {**raw["terms"], "OPIODS": {"x": ["y"]}}}
    with pytest.raises(LexiconError, match="not declared"):
        load_lexicon(write(tmp_path, data))


def test_a_label_no_reader_reads_fails(tmp_path, raw):
    data = {**raw, "labels": {**raw["labels"], "SPARE": "unused"}}
    with pytest.raises(LexiconError, match="no reader reads"):
        load_lexicon(write(tmp_path, data))


def test_a_yaml_boolean_where_a_word_belongs_fails(tmp_path, raw):
    # an unquoted `off` or `no` in YAML is a boolean: it must not vanish silently
    data = {**raw, "terms": {**raw["terms"], L.CUE_STOPPED: {"stopped": ["held", False]}}}
    with pytest.raises(LexiconError, match="expected a string"):
        load_lexicon(write(tmp_path, data))


def test_a_bad_regex_fails(tmp_path, raw):
    data = {**raw, "terms": {**raw["terms"], L.CANCER: {"cancer": ["~(unclosed"]}}}
    with pytest.raises(LexiconError, match="bad regular expression"):
        load_lexicon(write(tmp_path, data))


def test_an_unknown_slot_fails(tmp_path, raw):
    data = {**raw, "terms": {**raw["terms"], L.PERSON: {"person": ["{age} yo"]}}}
    with pytest.raises(LexiconError, match="unknown slot"):
        load_lexicon(write(tmp_path, data))


def test_a_serious_side_effect_that_is_not_a_side_effect_fails(tmp_path, raw):
    data = {**raw, "serious_side_effects": ["falls", "boredom"]}
    with pytest.raises(LexiconError, match="boredom"):
        load_lexicon(write(tmp_path, data))


@pytest.mark.parametrize(
    "group, message",
    [
        ({"category": "NEGATED", "direction": "FORWARD", "phrases": ["no"]}, "unknown category"),
        (
            {"category": "HISTORICAL", "direction": "SIDEWAYS", "phrases": ["hx"]},
            "unknown direction",
        ),
        (
            {"category": "HISTORICAL", "direction": "FORWARD", "phrases": ["hx"], "scope": 3},
            "unknown keys",
        ),
        (
            {"category": "HISTORICAL", "direction": "FORWARD", "phrases": ["hx"], "max_scope": 0},
            "max_scope",
        ),
        ({"category": "FAMILY", "direction": "PSEUDO", "phrases": ["mother"]}, "PSEUDO"),
        ({"category": "FAMILY", "direction": "FORWARD", "phrases": []}, "non-empty"),
    ],
)
def test_context_rules_are_checked(tmp_path, lexicon, group, message):
    path = tmp_path / "context.yml"
    path.write_text(yaml.safe_dump({"rules": [group]}), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_context_rules(lexicon.slots, path)


def test_context_rules_file_is_the_shipped_one():
    assert CONTEXT_RULES_PATH.name == "context_rules.yml" and CONTEXT_RULES_PATH.exists()


def _tokenize(text):
    import spacy

    return [t.text for t in spacy.blank("en").tokenizer(text)]


def test_hyphenated_phrases_also_match_spaced_and_joined(lexicon):
    patterns = phrase_patterns("opioid-naive", _tokenize, lexicon.slots)
    assert [{"NORM": "opioid"}, {"NORM": "-"}, {"NORM": "naive"}] in patterns
    assert [{"NORM": "opioid"}, {"NORM": "naive"}] in patterns
    assert [{"NORM": "opioidnaive"}] in patterns


def test_exact_case_phrases_keep_the_case_of_capitalised_tokens(lexicon):
    assert phrase_patterns("=IT trial", _tokenize, lexicon.slots) == [
        [{"ORTH": "IT"}, {"NORM": "trial"}]
    ]


def test_slots_and_regexes(lexicon):
    (pattern,) = phrase_patterns("{int} yo", _tokenize, lexicon.slots)
    assert pattern[0] == {"NORM": {"REGEX": lexicon.slots["int"][1:]}}
    assert phrase_patterns("~^mets?$", _tokenize, lexicon.slots) == [
        [{"NORM": {"REGEX": "^mets?$"}}]
    ]


def test_a_context_group_may_leave_out_some_concepts(tmp_path, lexicon):
    path = tmp_path / "context.yml"
    group = {
        "category": "HYPOTHETICAL",
        "direction": "BACKWARD",
        "phrases": ["prophylaxis"],
        "excluded_labels": ["ANTICOAG"],
    }
    path.write_text(yaml.safe_dump({"rules": [group]}), encoding="utf-8")
    (loaded,) = load_context_rules(lexicon.slots, path)
    assert loaded.excluded_labels == ("ANTICOAG",)
    group["excluded_labels"] = ["CUE_FAIL"]
    path.write_text(yaml.safe_dump({"rules": [group]}), encoding="utf-8")
    with pytest.raises(LexiconError, match="excluded_labels"):
        load_context_rules(lexicon.slots, path)
