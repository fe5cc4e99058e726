"""guideline/facts/infection.py: active infection present, absent, resolved or suspected."""
import pytest


@pytest.mark.parametrize("text", [
    "Currently on IV antibiotics for bacteremia.", "Admitted with pneumonia.",
    "Update - he was admitted last night with pneumonia.", "Active infection.",
    "Cellulitis of the left leg.", "UTI being treated.", "Febrile with pneumonia.",
    "Sacral wound infection.", "MRSA bacteremia, on vancomycin.", "Septic.",
    "Had pneumonia last year; now admitted with a new UTI.",
])
def test_present(read, text):
    assert read(text)["active_infection"] == "present"


@pytest.mark.parametrize("text", [
    "Afebrile.", "No infection.", "No active infxn.", "Infection ruled out.",
    "No signs of infection.", "Cultures negative.", "Free of infection.",
    "Denies fevers.", "No infection, coags normal.", "Infection has been excluded.",
    "No fever or infection.", "No fevers, no infection.",
])
def test_absent(read, text):
    assert read(text)["active_infection"] == "absent"


@pytest.mark.parametrize("text", [
    "Had an infection last year, resolved.", "Treated pneumonia in March, now cleared.",
    "History of MRSA bacteremia.", "Completed antibiotics for a UTI last month.",
    "Had a UTI in March, treated and resolved; currently afebrile.",
    "Prior discitis, fully treated.", "Pneumonia 2 years ago.",
])
def test_resolved(read, text):
    assert read(text)["active_infection"] == "resolved"


@pytest.mark.parametrize("text", [
    "Possible line infection.", "Suspected discitis.", "Rule out osteomyelitis.",
    "Blood cultures pending.", "Febrile, cultures pending.",
    "Urine culture pending for a suspected UTI.", "Febrile.", "Concern for wound infection.",
    "?UTI", "Being worked up for possible sepsis.",
])
def test_suspected(read, text):
    assert read(text)["active_infection"] == "suspected"


def test_a_diagnosis_outweighs_afebrile(read):
    assert read("Bacteremia on IV antibiotics, afebrile now.")["active_infection"] == "present"


def test_a_later_diagnosis_wins(read):
    assert read("No infection. Update: admitted with pneumonia.")["active_infection"] == "present"


@pytest.mark.parametrize("text", [
    "The pump carries a risk of infection.", "Monitor for signs of infection after implant.",
    "If he develops an infection, the implant must wait.",
    "Her husband's family has a history of infections? no.",
])
def test_hypothetical_infection_is_not_read(read, text):
    assert read(text).get("active_infection") in (None, "absent")


def test_relatives_infection_is_not_the_patients(read):
    assert "active_infection" not in read("Her daughter has pneumonia.")


def test_evidence_keeps_the_deciding_words(evidence):
    assert evidence("Had an infection last year, resolved.", "active_infection") == \
        "Had an infection last year, resolved"
