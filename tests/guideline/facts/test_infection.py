"""guideline/facts/infection.py: active infection present, absent, resolved or suspected."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Currently on IV antibiotics for bacteremia.",
        "Admitted with pneumonia.",
        "Update - he was admitted last night with pneumonia.",
        "Active infection.",
        "Cellulitis of the left leg.",
        "Day 4 of IV antibiotics for cholangitis.",
        "UTI being treated.",
        "Febrile with pneumonia.",
        "Sacral wound infection.",
        "MRSA bacteremia, on vancomycin.",
        "Septic.",
        "Had pneumonia last year; now admitted with a new UTI.",
        "Exit site red with purulent discharge; on oral flucloxacillin, day 3 of 7.",
    ],
)
def test_present(read, text):
    assert read(text)["active_infection"] == "present"


@pytest.mark.parametrize(
    "text",
    [
        "No infection.",
        "No active infxn.",
        "Infection ruled out.",
        "No signs of infection.",
        "Cultures negative.",
        "Free of infection.",
        "No infection, coags normal.",
        "Infection has been excluded.",
        "No fever or infection.",
        "No fevers, no infection.",
    ],
)
def test_absent(read, text):
    assert read(text)["active_infection"] == "absent"


@pytest.mark.parametrize(
    "text",
    [
        "Had an infection last year, resolved.",
        "Treated pneumonia in March, now cleared.",
        "History of MRSA bacteremia.",
        "Completed antibiotics for a UTI last month.",
        "Had a UTI in March, treated and resolved; currently afebrile.",
        "Prior discitis, fully treated.",
        "Pneumonia 2 years ago.",
    ],
)
def test_resolved(read, text):
    assert read(text)["active_infection"] == "resolved"


@pytest.mark.parametrize(
    "text",
    [
        "Possible line infection.",
        "Suspected discitis.",
        "Rule out osteomyelitis.",
        "Blood cultures pending.",
        "Febrile, cultures pending.",
        "Urine culture pending for a suspected UTI.",
        "Possible pneumonia on the chest film, being evaluated.",
        "Concern for wound infection.",
        "?UTI",
        "Being worked up for possible sepsis.",
        "Urine cloudy, dipstick positive, MSU sent - result pending, no antibiotics started yet.",
        "Wound swab sent.",
        "CRP 185; spinal infection suspected, MRI pending.",
        "Blood cultures and MRI pending to exclude discitis.",
    ],
)
def test_suspected(read, text):
    assert read(text)["active_infection"] == "suspected"


@pytest.mark.parametrize(
    "text, signs",
    [
        ("Afebrile.", "absent"),
        ("Denies fevers.", "absent"),
        ("Febrile.", "present"),
    ],
)
def test_fever_or_its_absence_is_only_a_sign(read, text, signs):
    facts = read(text)
    assert facts["infection_signs"] == signs and "active_infection" not in facts


def test_a_diagnosis_outweighs_afebrile(read):
    assert read("Bacteremia on IV antibiotics, afebrile now.")["active_infection"] == "present"


def test_a_later_diagnosis_wins(read):
    assert read("No infection. Update: admitted with pneumonia.")["active_infection"] == "present"


@pytest.mark.parametrize(
    "text",
    [
        "The pump carries a risk of infection.",
        "Monitor for signs of infection after implant.",
        "If he develops an infection, the implant must wait.",
        "Psychology will see him once the infection is treated.",
        "Her husband's family has a history of infections? no.",
    ],
)
def test_hypothetical_infection_is_not_read(read, text):
    assert read(text).get("active_infection") in (None, "absent")


def test_relatives_infection_is_not_the_patients(read):
    assert "active_infection" not in read("Her daughter has pneumonia.")


def test_evidence_keeps_the_deciding_words(evidence):
    assert (
        evidence("Had an infection last year, resolved.", "active_infection")
        == "Had an infection last year, resolved"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Infection resolved on antibiotics.",
        "UTI last week, infection resolved on antibiotics.",
        "Pneumonia treated with antibiotics in May.",
        "MRSA bacteremia in March, treated, repeat cultures negative.",
    ],
)
def test_antibiotics_that_treated_a_resolved_infection(read, text):
    assert read(text)["active_infection"] in ("resolved", "absent")


@pytest.mark.parametrize(
    "text",
    [
        "Cellulitis on oral antibiotics.",
        "Pneumonia last month, still on antibiotics.",
        "Admitted overnight with urosepsis, on IV ceftriaxone.",
    ],
)
def test_antibiotics_now_are_a_current_infection(read, text):
    assert read(text)["active_infection"] == "present"


@pytest.mark.parametrize(
    "text, status",
    [
        ("T 38.6 this morning.", "present"),
        ("Tmax 39.1 overnight.", "present"),
        ("Temp 101.2 F.", "present"),
        ("T 36.8.", "absent"),
        ("Temp 98.6.", "absent"),
    ],
)
def test_a_measured_temperature_is_a_sign(read, text, status):
    assert read(text)["infection_signs"] == status


def test_a_diagnosis_outweighs_a_normal_temperature(read):
    assert read("T 37.0, but admitted with pneumonia.")["active_infection"] == "present"


@pytest.mark.parametrize("text", ["IT trial at T12 level gave 60%.", "T6 complete SCI."])
def test_spinal_levels_are_not_temperatures(read, text):
    assert "active_infection" not in read(text)


def test_a_spouses_infection_is_not_the_patients(read):
    assert "active_infection" not in read("Her husband has COVID.")


@pytest.mark.parametrize(
    "text",
    [
        "No fevers, chills or signs of infection.",
        "Denies fever or chills, no evidence of infection.",
    ],
)
def test_a_denied_list_of_signs(read, text):
    assert read(text)["active_infection"] == "absent"


@pytest.mark.parametrize(
    "text", ["Afebrile but WBC 18 and CRP rising, source unclear.", "White count of 15.4 today."]
)
def test_a_raised_white_count_is_a_sign_of_infection(read, text):
    assert read(text)["infection_signs"] == "present"


def test_a_normal_white_count_does_not_exclude_an_infection(read):
    assert "active_infection" not in read("WBC 7.2.")


@pytest.mark.parametrize(
    "text",
    [
        "Blood cultures x2 negative.",
        "Cultures x2 negative, afebrile.",
        "Blood cultures negative x2.",
        "Blood cultures x2 no growth.",
    ],
)
def test_cultures_counted_in_sets_are_negative(read, text):
    assert read(text)["active_infection"] == "absent"


@pytest.mark.parametrize("text", ["Blood cultures x2 pending.", "Blood cultures x2 drawn."])
def test_cultures_counted_in_sets_and_pending_are_a_suspicion(read, text):
    assert read(text)["active_infection"] == "suspected"


@pytest.mark.parametrize(
    "text",
    [
        "ID cleared him.",
        "ID cleared her, afebrile.",
        "Infectious disease cleared her for the procedure.",
        "ID signed off.",
    ],
)
def test_cleared_by_infectious_diseases_is_no_infection(read, text):
    assert read(text)["active_infection"] in ("absent", "resolved")


def test_an_id_that_is_not_infectious_diseases_says_nothing(read):
    assert "active_infection" not in read("Has an ID badge.")


@pytest.mark.parametrize(
    "text",
    [
        "Line infection last spring.",
        "Pneumonia last winter.",
        "ID cleared him after a line infection last spring.",
    ],
)
def test_an_infection_last_season_is_in_the_past(read, text):
    assert read(text)["active_infection"] == "resolved"


def test_a_new_infection_after_a_past_season_is_present(read):
    assert (
        read("Pneumonia last winter; now admitted with cellulitis.")["active_infection"]
        == "present"
    )


@pytest.mark.parametrize(
    "text", ["Transverse myelitis from lupus.", "Post-vaccination encephalomyelitis."]
)
def test_an_immune_myelitis_is_no_infection(read, text):
    assert "active_infection" not in read(text)


def test_an_infectious_myelitis_still_is(read):
    assert read("Tuberculous myelitis on treatment.")["active_infection"] == "present"


@pytest.mark.parametrize("text", ["No antibiotics.", "Not on abx.", "No antibiotics started yet."])
def test_no_treatment_says_nothing_of_the_infection(read, text):
    """Absence of treatment is no statement that there is no infection."""
    assert "active_infection" not in read(text)


def test_a_suspected_infection_does_not_outweigh_one_under_treatment(read):
    text = "Currently inpatient on IV pip-tazo for R foot cellulitis with probable osteomyelitis."
    assert read(text)["active_infection"] == "present"
