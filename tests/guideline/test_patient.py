"""Facts carried between turns: later statements replace earlier ones, groups together."""

import pytest

from guideline.patient import Fact, fact_evidence, fact_value, merge_facts


def test_new_facts_are_added_and_a_later_value_replaces_an_earlier_one():
    table = merge_facts(
        None, [Fact("trial_relief_percent", 70, "IT trial 70%"), Fact("inr", 1.1, "INR 1.1")]
    )
    table = merge_facts(table, [Fact("trial_relief_percent", 45, "correction: 45%")])
    assert fact_value(table, "trial_relief_percent") == 45
    assert fact_value(table, "inr") == 1.1
    assert fact_evidence(table, "trial_relief_percent", "inr") == "correction: 45%; INR 1.1"


def test_a_statement_replaces_its_whole_group():
    table = merge_facts(None, [Fact("trial_relief_percent", 60, "trial 60%")])
    table = merge_facts(table, [Fact("trial_successful", False, "actually the trial failed")])
    assert fact_value(table, "trial_relief_percent") is None
    assert fact_value(table, "trial_successful") is False
    table = merge_facts(
        None,
        [
            Fact("life_expectancy_months", 4, "LE 4 months"),
            Fact("life_expectancy_relation", "less_than", "< 4 months"),
        ],
    )
    table = merge_facts(table, [Fact("life_expectancy_normal", True, "LE normal")])
    assert fact_value(table, "life_expectancy_months") is None
    assert fact_value(table, "life_expectancy_relation") is None


def test_unknown_names_are_refused_and_dropped():
    with pytest.raises(ValueError):
        Fact("favourite_colour", "blue", "blue")
    assert merge_facts({"favourite_colour": {"value": "blue"}}, []) == {}


def test_the_known_table_is_not_changed_in_place():
    known = {"inr": {"value": 1.0, "evidence": "INR 1.0"}}
    merge_facts(known, [Fact("inr", 2.0, "INR 2.0")])
    assert known["inr"]["value"] == 1.0
