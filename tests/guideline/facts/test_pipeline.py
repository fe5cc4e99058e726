"""guideline/facts/pipeline.py, components.py and document.py: sentences, clauses, ConText
scope, and which concept a status cue qualifies."""

import pytest

from guideline.facts import labels as L
from guideline.text import normalize_text


def reading(extractor, text):
    (first,) = extractor._read(text)
    return first


def sentences(extractor, text):
    r = reading(extractor, text)
    return [r.slice(s).strip() for s in r.sentences if r.slice(s).strip()]


def mention(extractor, text, label):
    return next(m for m in reading(extractor, text).mentions if m.label == label)


def test_sentences_end_at_periods_semicolons_and_line_ends(extractor):
    assert sentences(extractor, "IT trial 70%. LE 8 mo; psych done\nno infection") == [
        "IT trial 70%.",
        "LE 8 mo;",
        "psych done",
        "no infection",
    ]


def test_decimals_and_abbreviations_do_not_end_sentences(extractor):
    assert sentences(extractor, "INR 1.1, LE approx. 8 months, e.g. stable.") == [
        "INR 1.1, LE approx. 8 months, e.g. stable."
    ]


def test_a_question_mark_glued_to_a_word_is_uncertainty(extractor):
    assert len(sentences(extractor, "Febrile, ?UTI, cultures sent.")) == 1
    assert mention(extractor, "Febrile, ?UTI, cultures sent.", L.INFECTION).uncertain


def test_junk_without_punctuation_is_cut_into_short_sentences(extractor):
    r = reading(extractor, "word " * 300)
    assert max(s.end - s.start for s in r.sentences) <= 80


@pytest.mark.parametrize("text", ["64M", "59yo", "59 y/o", "a 59-year-old", "in her 60s"])
def test_ages_and_sexes_are_people(extractor, text):
    assert any(m.label == L.PERSON for m in reading(extractor, text).mentions)


def test_clause_bound_negation(extractor):
    r = reading(extractor, "No infection, coags normal, opioids failed.")
    flags = {m.label: m.negated for m in r.mentions}
    assert flags[L.INFECTION] and not flags[L.COAG_PANEL] and not flags[L.OPIOID]


def test_negation_reaches_past_a_verb(extractor):
    assert mention(extractor, "He did not see a psychologist.", L.PSYCH).negated


@pytest.mark.parametrize(
    "text, label, flag",
    [
        ("History of MRSA bacteremia.", L.INFECTION, "historical"),
        ("Possible line infection.", L.INFECTION, "uncertain"),
        ("If he develops an infection.", L.INFECTION, "hypothetical"),
        ("Mother has hemophilia.", L.COAGULOPATHY, "family"),
        ("Hemophilia in his brother.", L.COAGULOPATHY, "family"),
    ],
)
def test_context_flags(extractor, text, label, flag):
    assert getattr(mention(extractor, text, label), flag)


def test_a_cue_qualifies_the_nearest_concept_in_its_clause(extractor):
    r = reading(extractor, "IT trial 70%, psych eval done, trial scheduled.")
    trial, psych = [m for m in r.mentions if m.label in (L.TRIAL, L.PSYCH)][:2]
    assert [c.text for c in r.cues(psych)] == ["done"]
    assert r.cues(trial) == []


def test_a_cue_alone_in_its_clause_reaches_the_clause_before(extractor):
    r = reading(extractor, "Had an infection last year, resolved.")
    infection = next(m for m in r.mentions if m.label == L.INFECTION)
    assert [c.text for c in r.cues(infection)] == ["resolved"]


def test_a_cue_with_a_finding_of_its_own_stays_in_its_clause(extractor):
    r = reading(extractor, "WBC normal, INR 1.0.")
    inr = next(m for m in r.mentions if m.label == L.INR)
    assert r.cues(inr) == []


def test_listed_analgesics_share_a_cue(extractor):
    r = reading(extractor, "Escalating oxycodone and gabapentin failed.")
    oxycodone = next(m for m in r.mentions if m.label == L.OPIOID)
    assert "failed" in [c.text for c in r.cues(oxycodone)]


def test_evidence_is_verbatim_from_the_normalised_message(extractor):
    text = "Pt w/ lumbar\u00a0arachnoiditis, IT tri\u00adal 50%."
    facts = extractor.extract(text)
    assert {f.name for f in facts} >= {"pain_type", "trial_relief_percent"}
    for fact in facts:
        assert fact.evidence in normalize_text(text)


@pytest.mark.parametrize(
    "text, name, value",
    [
        ("Faild escalating hydromorphone.", "opioid_response", "inadequate"),
        ("Intrathecal trail gave 70% relief.", "trial_type", "intrathecal"),
        ("Postive IT trial.", "trial_successful", True),
        ("Psych eval compelted.", "psych_evaluation", "completed"),
        ("Metastatic pancreatc cancer.", "pain_type", "cancer"),
        ("Plattelets 45k.", "platelets", 45000),
    ],
)
def test_a_slip_of_typing_in_a_vocabulary_word(read, text, name, value):
    assert read(text)[name] == value


@pytest.mark.parametrize(
    "text, name",
    [
        ("Paperwork filed for opioids.", "opioid_response"),  # "filed" is not "failed"
        ("Pt is tired.", "opioid_response"),
    ],
)
def test_real_words_are_not_read_as_slips(read, text, name):
    assert read(text).get(name) in (None, "tried")


def test_every_listed_real_word_is_a_slip_of_a_vocabulary_word(extractor):
    from guideline.facts.components import slips
    from guideline.facts.lexicon import load_context_rules, load_lexicon
    from guideline.facts.patterns import phrase_words

    lexicon = load_lexicon()
    modifiers = load_context_rules(lexicon.slots)
    phrases = [p for ids in lexicon.terms.values() for group in ids.values() for p in group]
    phrases += [p for group in modifiers for p in group.phrases]
    words = phrase_words(phrases, lexicon.slots)
    all_slips = {slip for word in words for slip in slips(word)}
    assert lexicon.not_typos <= all_slips - words


def test_slips():
    from guideline.facts.components import slips

    assert {"faild", "fialed", "faailed"} <= slips("failed")
    assert "ailed" not in slips("failed") and "faile" not in slips("failed")


def test_a_cue_after_but_goes_with_the_subject_before_it(extractor):
    r = reading(extractor, "opioids helped initially but now poorly controlled, pregabalin tried.")
    opioid = next(m for m in r.mentions if m.label == L.OPIOID)
    assert [c.text for c in r.cues(opioid, L.CUE_FAIL)] == ["poorly controlled"]
