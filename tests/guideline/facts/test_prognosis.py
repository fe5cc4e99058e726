"""guideline/facts/prognosis.py: life expectancy in months, its relation, or normal."""

import pytest


@pytest.mark.parametrize(
    "text, months, relation",
    [
        ("LE ~1y.", 12, "about"),
        ("LE ~8 mo.", 8, "about"),
        ("Prognosis two years.", 24, "about"),
        ("Life expectancy about a year.", 12, "about"),
        ("Oncology expects 10 months.", 10, "about"),
        ("10 months to live.", 10, "about"),
        ("Only a few weeks left.", 1, "about"),
        ("Expected to live only a few days.", 1, "less_than"),
        ("Weeks to live.", 1, "about"),
        ("Life expectancy more than a year.", 12, "more_than"),
        ("LE > 12 months.", 12, "more_than"),
        ("Life expectancy less than 6 months.", 6, "less_than"),
        ("Prognosis at most 3 months.", 3, "at_most"),
        ("Not expected to live more than 3 months.", 3, "at_most"),
        ("Not expected to survive 6 months.", 6, "less_than"),
        ("Prognosis 6/12.", 6, "about"),
        ("Estimated survival 3-4 months.", 3, "about"),
        ("LE 18 months.", 18, "about"),
        ("Life expectancy 6 months.", 6, "about"),
        ("Survival estimated at 2 years.", 24, "about"),
        ("Oncology expect around 18 months on enzalutamide.", 18, "about"),
        ("My doctor says I could have another 20 years.", 240, "about"),
        ("Onc at bedside: weeks, maybe a month or two at most.", 1, "about"),
        ("Actively dying.", 1, "less_than"),
        (
            "Hospice patient with end-stage pancreatic cancer, expected to live only a few days.",
            1,
            "less_than",
        ),
    ],
)
def test_months_and_relation(read, text, months, relation):
    facts = read(text)
    assert facts["life_expectancy_months"] == months
    assert facts["life_expectancy_relation"] == relation
    assert facts["life_expectancy_normal"] is False


@pytest.mark.parametrize(
    "text",
    [
        "Expected to live for years.",
        "Normal life expectancy.",
        "LE normal.",
        "No life-limiting illness.",
        "She should live many years.",
        "He has many years ahead of him per his doctor.",
        "Life expectancy: decades.",
        "49M with failed back surgery syndrome, healthy otherwise.",
    ],
)
def test_normal(read, text):
    facts = read(text)
    assert facts["life_expectancy_normal"] is True and "life_expectancy_months" not in facts


def test_otherwise_healthy_does_not_outweigh_a_stated_life_span(read):
    assert read("Otherwise healthy. LE 4 months.")["life_expectancy_months"] == 4


def test_otherwise_healthy_says_nothing_beside_a_cancer(read):
    assert "life_expectancy_normal" not in read("Metastatic breast cancer, otherwise healthy.")


@pytest.mark.parametrize(
    "text",
    [
        "74-year-old woman.",
        "Pain for 3 years.",
        "Psych eval in 2 weeks.",
        "Bilateral LE edema.",
        "Trial planned 2 weeks ahead of the implant.",
        "Oncology expects to review him in 3 months.",
        "He will have another 3 cycles of chemo.",
    ],
)
def test_other_durations_are_not_life_expectancy(read, text):
    facts = read(text)
    assert "life_expectancy_months" not in facts and "life_expectancy_normal" not in facts


def test_months_are_whole_numbers_when_whole(read):
    assert isinstance(read("LE 9 months.")["life_expectancy_months"], int)


def test_evidence(evidence):
    assert (
        evidence("Psych eval done, LE ~8 mo, no infection.", "life_expectancy_months") == "LE ~8 mo"
    )


@pytest.mark.parametrize(
    "text, months, relation",
    [
        ("8 months", 8, "about"),
        ("about a year", 12, "about"),
        ("Less than 6 months.", 6, "less_than"),
    ],
)
def test_a_bare_life_span_answers_the_question_about_life_expectancy(read, text, months, relation):
    facts = read(text)
    stated = (facts["life_expectancy_months"], facts["life_expectancy_relation"])
    assert stated == (months, relation)


@pytest.mark.parametrize(
    "text, months",
    [
        ("Oncology called: disease has spread on the PET scan, now about 3 months.", 3),
        ("Update. Rapid progression on restaging, now 4 weeks.", 1),
    ],
)
def test_a_bare_life_span_with_why_it_changed_answers_the_question(read, text, months):
    assert round(read(text)["life_expectancy_months"]) == months


@pytest.mark.parametrize(
    "text",
    [
        "3 weeks ago",
        "He is 70.",
        "Pain for 8 months.",
        "Trial in 2 weeks.",
        "Rehab going well, now 6 weeks.",
        "Oncology review: pain now 3 weeks in duration.",
        "Scan shows progression. Pain for 2 months.",
    ],
)
def test_other_bare_durations_are_not_life_expectancy(read, text):
    assert "life_expectancy_months" not in read(text)


@pytest.mark.parametrize(
    "text, months, relation",
    [
        ("Survival somewhere between 3 and 9 months.", 3, "at_least"),
        # a range wholly beyond the 6-month limit, or wholly short of it, reads by its lower
        # end (contract v2)
        ("LE 8-12 months.", 8, "at_least"),
        ("Estimated LE of 1-2 years.", 12, "at_least"),
        ("LE 2-4 months.", 2, "about"),
        # a range reaching the limit is read by its end at the limit, never as more than 6
        ("Oncology estimates 6-12 months.", 6, "at_least"),
        ("Prognosis 6 to 9 months.", 6, "at_least"),
        ("Prognosis 3-6 months.", 6, "at_most"),
        # a range across the limit settles nothing either way
        ("LE 4-8 months.", 4, "at_least"),
    ],
)
def test_ranges(read, text, months, relation):
    facts = read(text)
    assert (facts["life_expectancy_months"], facts["life_expectancy_relation"]) == (
        months,
        relation,
    )


@pytest.mark.parametrize(
    "text, months, relation",
    [
        ("Pt w/ end stage pancreatic ca, days to weeks, pain uncontrolled.", 1, "less_than"),
        ("Terminal, 3 months.", 3, "about"),
    ],
)
def test_a_terminal_illness_with_a_life_span_beside_it(read, text, months, relation):
    facts = read(text)
    assert (facts["life_expectancy_months"], facts["life_expectancy_relation"]) == (
        months,
        relation,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Terminal.",
        "Pt is terminal w/ metastatic melanoma.",
        "End-stage renal disease on dialysis for 3 years.",
        "Prognosis poor.",
        "Prognosis: months, not weeks.",
    ],
)
def test_no_life_span_is_read_into_these(read, text):
    facts = read(text)
    assert "life_expectancy_months" not in facts and "life_expectancy_normal" not in facts


@pytest.mark.parametrize(
    "text, months",
    [
        ("Correction: oncology now says about 4 months.", 4),
        ("Sorry, it was 8 months.", 8),
        ("Update: palliative care team estimates 3 months.", 3),
        ("Onc update: disease spreading very fast, now 2 months.", 2),
    ],
)
def test_a_corrected_life_span(read, text, months):
    assert read(text)["life_expectancy_months"] == months


def test_a_life_span_given_by_the_oncologist(read):
    facts = read("Oncology gives him 4-6 weeks.")
    assert facts["life_expectancy_months"] < 6


def test_a_hedged_short_life_span_counts(read):
    facts = read("Restaging: she's likely looking at weeks, maybe a couple of months.")
    assert facts["life_expectancy_months"] <= 2


def test_a_hedged_long_life_span_does_not(read):
    assert "life_expectancy_months" not in read("She is possibly looking at a few years.")


@pytest.mark.parametrize(
    "text, months",
    [
        ("72M, prostate cancer. Oncology: about two years.", 24),
        ("70M RCC. Onc: ~14 months.", 14),
        ("Update from oncology: progression on CT, now 6-8 weeks.", 1.4),
        ("Update from oncology after restaging: now 6-8 weeks.", 1.4),
        ("The oncologist says she probably has 4 to 6 weeks.", 0.9),
        ("My palliative doctor told me honestly it's probably 2 to 3 months now.", 2),
        ("His doctor says he's healthy and could easily have 10 more years.", 120),
        ("Her doctor said he has about a year.", 12),
        ("His oncologist says he's probably got about a year, maybe more.", 12),
        ("Update from oncology after today's CT: rapid progression, now 6-8 weeks.", 1.4),
        ("Update from oncology after restaging: liver mets have progressed, now 6-8 weeks.", 1.4),
    ],
)
def test_a_life_span_given_under_the_oncologists_name(read, text, months):
    assert read(text)["life_expectancy_months"] == pytest.approx(months, abs=0.1)


def test_an_oncology_follow_up_interval_is_no_life_span(read):
    assert "life_expectancy_months" not in read("70M RCC. Oncology: follow-up in 3 months.")


def test_what_the_doctors_said_of_something_else_is_no_life_span(read):
    assert "life_expectancy_months" not in read(
        "60F breast cancer. Doctors said the tumour grew over 3 months."
    )


def test_weeks_to_months_may_run_past_the_limit(read):
    found = read("64M, NSCLC. Palliative team say prognosis is weeks to months.")
    assert found["life_expectancy_relation"] == "at_least"


def test_weeks_rather_than_months_left_is_weeks(read):
    found = read("The palliative doctor says she probably has weeks rather than months left.")
    assert (found["life_expectancy_months"], found["life_expectancy_relation"]) == (1, "about")
