"""guideline/facts/numbers.py: numbers in digits and words, percentages, pain scores,
durations and laboratory values."""

import pytest

from guideline.facts.numbers import (
    asserted,
    find_durations,
    find_inr_after,
    find_listed_value,
    find_percentages,
    find_platelets_after,
    find_platelets_before,
    find_score_reductions,
    has_high_pain_score,
    parse_number,
    platelet_count,
)


@pytest.mark.parametrize(
    "words, value",
    [
        ("62", 62.0),
        ("0.5", 0.5),
        ("seventy-five", 75.0),
        ("seventy five", 75.0),
        ("fifty", 50.0),
        ("twelve", 12.0),
        ("a", 1.0),
        ("one hundred", 100.0),
        ("hundred", 100.0),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("words", ["", "many", "dozen", "fifty-ish"])
def test_parse_number_rejects_words_that_are_not_numbers(words):
    assert parse_number(words) is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("IT trial 70%", 70),
        ("70 percent relief", 70),
        ("70 per cent", 70),
        ("70 pct", 70),
        ("fifty percent", 50),
        ("seventy-five per cent", 75),
        ("60-70% relief", 60),
        ("reduced pain by half", 50),
        ("pain halved", 50),
        ("two thirds", 66),
        ("two-thirds", 66),
        ("three quarters", 75),
        ("a third", 33),
        ("about 70%", 70),
        (">50%", 50),
    ],
)
def test_percentages(text, value):
    assert [f.value for f in find_percentages(text)] == [value]


@pytest.mark.parametrize(
    "text, value",
    [("less than 50%", 49), ("under 50%", 49), ("<50% relief", 49), ("less than half", 49)],
)
def test_a_bound_below_a_percentage_stays_below_it(text, value):
    assert find_percentages(text)[0].value == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("pain fell to 25% of the original level", 75),
        ("about 40% of what it was", 60),
        ("30% of what it had been at baseline", 70),
        ("20-35% of his pre-trial pain", 65),
        ("more than 50% of baseline", 49),
        ("under 30% of the starting score", 70),
    ],
)
def test_pain_left_as_a_share_of_before_is_read_as_its_relief(text, value):
    assert [f.value for f in find_percentages(text)] == [value]


@pytest.mark.parametrize(
    "text, values",
    [
        ("it was 55%, not 35%", [55]),
        ("35% rather than 55%", [35]),
        ("70% instead of 20%", [70]),
        ("40% then 65%", [40, 65]),
    ],
)
def test_a_retracted_value_is_not_asserted(text, values):
    assert [f.value for f in asserted(text, find_percentages(text))] == values


def test_percentage_offsets_cover_the_relief_word():
    text = "Trial gave 65% relief."
    found = find_percentages(text)[0]
    assert text[found.start : found.end] == "65% relief"


@pytest.mark.parametrize(
    "text, value",
    [
        ("from 8/10 to 3/10", 62),
        ("8 -> 3", 62),
        ("8→3", 62),
        ("VAS 9 to 4", 55),
        ("pain 8/10 to 2/10", 75),
        ("NRS from 7 to 2", 71),
        ("pain went from 9 to 5", 44),
        ("8/10 down to 4/10", 50),
        ("VAS from 80 to 30", 62),
        ("from 6/10 to 7/10", 0),
        ("pain went from 9 out of 10 to 3", 66),
    ],
)
def test_score_reductions_as_percentages_rounded_down(text, value):
    assert [f.value for f in find_score_reductions(text)] == [value]


@pytest.mark.parametrize(
    "text", ["from 6 to 12 months", "2 to 3 times a day", "8 to 10 mg", "10 -> 20 mcg"]
)
def test_ranges_of_other_things_are_not_pain_scores(text):
    assert find_score_reductions(text) == []


@pytest.mark.parametrize(
    "text, months, relation",
    [
        ("~8 mo", 8, "about"),
        ("~1y", 12, "about"),
        ("two years", 24, None),
        ("about a year", 12, "about"),
        ("10 months", 10, None),
        ("18 mo", 18, None),
        ("a year and a half", 18, None),
        ("1.5 years", 18, None),
        ("half a year", 6, None),
        ("a couple of months", 2, None),
        ("3 weeks", 0.7, None),
        ("6 weeks", 1.4, None),
        ("10 days", 0.3, None),
        ("6/12", 6, None),
        ("3/52", 0.7, None),
        (">12/12", 12, "more_than"),
        ("less than 6 months", 6, "less_than"),
        ("<6 mo", 6, "less_than"),
        ("more than a year", 12, "more_than"),
        (">6mo", 6, "more_than"),
        ("over 2 years", 24, "more_than"),
        ("at least a year", 12, "at_least"),
        ("at most 3 months", 3, "at_most"),
        ("up to 3 months", 3, "at_most"),
        ("6-12 months", 9, "about"),
        ("1-2 yrs", 18, "about"),
        ("a few weeks", 1, "about"),
        ("several months", 3, "about"),
        ("a few days", 1, "less_than"),
        ("days to weeks", 1, "less_than"),
        ("weeks to months", 1, "at_least"),
        ("weeks", 1, "about"),
        ("a few years", 24, "at_least"),
    ],
)
def test_durations(text, months, relation):
    (found,) = find_durations(text)
    assert (found.months, found.relation, found.normal) == (months, relation, False)


@pytest.mark.parametrize("text", ["years", "for years", "decades", "many years"])
def test_years_without_a_number_mean_a_normal_life_expectancy(text):
    (found,) = find_durations(text)
    assert found.normal and found.months is None


@pytest.mark.parametrize(
    "text", ["74-year-old", "74 years old", "2 years ago", "3 months ago", "a week ago", "1/10"]
)
def test_ages_and_times_ago_are_not_life_spans(text):
    assert find_durations(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        (" 1.1.", 1.1),
        (" of 2.3", 2.3),
        (": 0.9", 0.9),
        (" is 1.4 today", 1.4),
        (" = 3", 3.0),
        (" was 1.2, plt 45", 1.2),
    ],
)
def test_inr_value_after_the_word(text, value):
    assert find_inr_after(text).value == value


@pytest.mark.parametrize("text", [" goal 2-3", " target 2.5", " pending", " 45"])
def test_inr_targets_and_implausible_values_are_not_read(text):
    assert find_inr_after(text) is None


@pytest.mark.parametrize(
    "text, count",
    [
        (" 190, INR 1.1", 190000),
        (" count is 22,000.", 22000),
        (" 45k", 45000),
        (" 45 x 10^9/L", 45000),
        (" 45 × 10⁹/L", 45000),
        (" of 150 x10³/µL", 150000),
        (" 45 000", 45000),
        (": 88", 88000),
        (" 1.2", 1200),
        (" 250000/uL", 250000),
    ],
)
def test_platelet_counts_per_microlitre(text, count):
    assert find_platelets_after(text).value == count


def test_platelet_count_written_before_the_word():
    text = "45k "
    assert find_platelets_before(text).value == 45000


@pytest.mark.parametrize(
    "number, unit, count",
    [
        ("190", None, 190000),
        ("22,000", None, 22000),
        ("45", "k", 45000),
        ("3", None, 3000),
        ("9000000", None, None),
    ],
)
def test_platelet_count_units(number, unit, count):
    assert platelet_count(number, unit) == count


@pytest.mark.parametrize(
    "text, high",
    [
        ("pain 9/10", True),
        ("7/10", True),
        ("10/10", True),
        ("3/10", False),
        ("17/10", False),
        ("6.5/10", False),
    ],
)
def test_high_pain_score(text, high):
    assert has_high_pain_score(text) is high


def test_a_long_run_of_digits_is_read_quickly_and_yields_nothing():
    text = "1" * 20000
    assert find_durations(text) == [] and find_percentages(text) == []


@pytest.mark.parametrize(
    "text, low, high", [("6-12 months", 6, 12), ("1-2 yrs", 12, 24), ("3 to 6 months", 3, 6)]
)
def test_a_range_keeps_its_ends(text, low, high):
    (found,) = find_durations(text)
    assert (found.low, found.high) == (low, high)


def test_a_single_duration_has_no_ends():
    (found,) = find_durations("8 months")
    assert found.low is None and found.high is None


@pytest.mark.parametrize(
    "text, value",
    [("a 2/3 reduction", 66), ("by 1/2", 50), ("3/4 relief", 75), (">1/2 relief", 50)],
)
def test_fractions_in_digits_beside_relief(text, value):
    assert [f.value for f in find_percentages(text)] == [value]


@pytest.mark.parametrize("text", ["pain 2/3", "on 1/2 tab", "12/3 relief", "2/3"])
def test_other_fractions_in_digits_are_not_relief(text):
    assert find_percentages(text) == []


@pytest.mark.parametrize(
    "text, count, index, value",
    [
        (" 13.8/1.9", 2, 1, 1.9),
        (": 14/1.2/32", 3, 1, 1.2),
        (" 13.8/1.9.", 2, 1, 1.9),
    ],
)
def test_listed_values(text, count, index, value):
    assert find_listed_value(text, count, index, find_inr_after).value == value


def test_listed_values_must_match_the_names():
    assert find_listed_value(" 13.8", 2, 1, find_inr_after) is None
