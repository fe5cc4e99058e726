"""Vocabulary from ICD-10-CM (simple-icd-10-cm) and the abbreviation file; abbreviations a
message defines."""

import pytest
import yaml

from guideline.facts.lexicon import LexiconError, load_lexicon
from guideline.facts.vocabulary import (
    ABBREVIATIONS_PATH,
    Abbreviation,
    AbbreviationFile,
    names_in,
    terminology_terms,
    with_abbreviations,
)


def test_the_terminology_gives_names_for_each_label():
    terms = terminology_terms()
    assert "multiple myeloma" in terms["CANCER"]["cancer"]
    assert "von willebrand disease" in terms["COAGULOPATHY"]["coagulopathy"]
    assert "osteomyelitis" in terms["INFECTION"]["infection"]
    assert not any("thrombophilia" in name for name in terms["COAGULOPATHY"]["coagulopathy"])
    assert not any(name.startswith("post") for name in terms["INFECTION"]["infection"])


@pytest.mark.parametrize(
    "text, name",
    [
        ("Kaposi's sarcoma of skin", "kaposi's sarcoma"),
        ("Other specified sepsis", None),
        ("Malignant neoplasm of unspecified part of bronchus or lung", "malignant neoplasm"),
        ("Hemophilia A", "hemophilia a"),
    ],
)
def test_names_in_a_description(text, name):
    assert names_in(text) == name


@pytest.mark.parametrize(
    "text, name, value",
    [
        ("Waldenstrom macroglobulinemia with vertebral fractures.", "pain_type", "cancer"),
        ("Known Glanzmann's disease.", "coagulopathy", "present"),
        ("Currently treated for vertebral osteomyelitis.", "active_infection", "present"),
        ("Pt w/ adenoCA of the pancreas.", "pain_type", "cancer"),
        ("Breast CA with spine mets.", "pain_type", "cancer"),
        ("No active infxn.", "active_infection", "absent"),
    ],
)
def test_terms_and_abbreviations_are_read(read, text, name, value):
    assert read(text)[name] == value


def test_an_ambiguous_abbreviation_needs_its_context(read):
    assert "pain_type" not in read("CA 2.4, phosphate normal.")


def test_ordinary_slips_are_not_corrected_into_terminology_names(read):
    assert "active_infection" not in read("Pumps were discussed.")


def test_an_abbreviation_the_message_defines_takes_that_meaning(read):
    assert "coagulopathy" not in read(
        "Is intrathecal pump (ITP) replacement indicated for chronic back pain? ITP was placed "
        "in 2019."
    )
    assert read("Known ITP, platelets 30k.")["coagulopathy"] == "present"


def test_an_abbreviation_defined_before_its_long_form_takes_that_meaning(read):
    assert "coagulopathy" not in read(
        "Seen about an ITP (implanted therapy pump) refill; the ITP alarm sounded."
    )
    assert read("Known ITP (immune thrombocytopenic purpura).")["coagulopathy"] == "present"


def test_the_abbreviation_file_is_strict():
    data = yaml.safe_load(ABBREVIATIONS_PATH.read_text())
    data["abbreviations"][0]["colour"] = "red"
    with pytest.raises(ValueError):
        AbbreviationFile.parse_obj(data)


def test_an_abbreviation_must_name_a_real_term_and_not_be_listed_twice():
    lexicon = load_lexicon()
    with pytest.raises(LexiconError, match="no lexicon term"):
        with_abbreviations(
            lexicon, [Abbreviation(short="XYZ", means="x", label="CANCER", id="nothing")]
        )
    with pytest.raises(LexiconError, match="listed in lexicon.yml too"):
        with_abbreviations(
            lexicon,
            [
                Abbreviation(
                    short="LE",
                    means="life expectancy",
                    label="LIFE_EXPECTANCY",
                    id="life_expectancy",
                )
            ],
        )
