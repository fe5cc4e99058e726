"""guideline/facts/coagulation.py: coagulopathy, INR, platelets, anticoagulants."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Known coagulopathy.",
        "Has a bleeding disorder.",
        "Hemophilia A.",
        "Haemophilia B.",
        "Von Willebrand disease.",
        "DIC.",
        "Severe thrombocytopenia.",
        "Coags deranged.",
        "Prolonged PT.",
        "Has hemophilia A.",
    ],
)
def test_present(read, text):
    assert read(text)["coagulopathy"] == "present"


@pytest.mark.parametrize(
    "text",
    [
        "Coags normal.",
        "Coags WNL.",
        "Normal coagulation.",
        "Normal coags.",
        "Coags fine.",
        "No bleeding history.",
        "No bleeding disorder.",
        "Coagulation studies within normal limits.",
        "No coagulopathy.",
        "INR normal.",
        "No history of bleeding.",
    ],
)
def test_absent(read, text):
    assert read(text)["coagulopathy"] == "absent"


@pytest.mark.parametrize(
    "text",
    [
        "Her sister has von Willebrand disease.",
        "Family history of hemophilia.",
        "Mother with a bleeding disorder.",
    ],
)
def test_a_relatives_bleeding_disorder_is_not_the_patients(read, text):
    assert "coagulopathy" not in read(text)


def test_a_negation_does_not_reach_across_and_a_new_subject(read):
    facts = read("No signs of infection and his coagulation studies are normal.")
    assert facts["active_infection"] == "absent" and facts["coagulopathy"] == "absent"


@pytest.mark.parametrize(
    "text, count",
    [
        ("Platelets dropped to 40.", 40000),
        ("Platelets fell to 35k overnight.", 35000),
        ("Her platelet count after the last chemotherapy cycle is 38,000/uL.", 38000),
        ("INR on admission was 1.1, platelets 240.", 240000),
    ],
)
def test_platelets_after_a_verb(read, text, count):
    assert read(text)["platelets"] == count


def test_a_negation_before_another_concept_does_not_hide_a_value(read):
    facts = read("Not anticoagulated and platelets 150.")
    assert facts["anticoagulant"] == "none" and facts["platelets"] == 150000


def test_a_time_word_does_not_undo_a_stop(read):
    facts = read("Warfarin was stopped 5 days ago and INR today is 1.2.")
    assert facts["anticoagulant_stopped"] is True and facts["inr"] == 1.2


def test_lab_evidence_is_tight(evidence):
    assert (
        evidence("Warfarin was stopped 5 days ago and INR today is 1.2.", "inr")
        == "INR today is 1.2"
    )


def test_a_relatives_disorder_beside_the_patients_normal_coags(read):
    assert read("Her brother has hemophilia; her own coags are normal.")["coagulopathy"] == "absent"


def test_a_negation_stops_at_the_comma(read):
    facts = read("No infection, coagulopathy present.")
    assert facts["active_infection"] == "absent" and facts["coagulopathy"] == "present"


def test_a_negated_series_carries_through_its_commas(read):
    facts = read("No infection, coagulopathy or anticoagulants.")
    assert facts["active_infection"] == "absent" and facts["coagulopathy"] == "absent"
    assert facts["anticoagulant"] == "none"


@pytest.mark.parametrize(
    "text, inr",
    [
        ("INR 1.1", 1.1),
        ("INR of 2.3", 2.3),
        ("INR: 0.9.", 0.9),
        ("INR is 1.4 today.", 1.4),
        ("inr 1.2", 1.2),
        ("INR elevated at 2.1.", 2.1),
    ],
)
def test_inr(read, text, inr):
    assert read(text)["inr"] == inr


def test_inr_target_is_not_a_value(read):
    assert "inr" not in read("On warfarin, INR goal 2-3.")


@pytest.mark.parametrize(
    "text, count",
    [
        ("Platelets 190.", 190000),
        ("Plt 150.", 150000),
        ("Platelet count is 22,000.", 22000),
        ("Platelets 45k.", 45000),
        ("Platelets 45 x 10^9/L.", 45000),
        ("PLT: 88", 88000),
        ("Plts 38k, INR 1.2.", 38000),
        ("Afebrile, platelets 190, INR 1.1.", 190000),
        ("Platelets are low at 35k.", 35000),
        ("Her platelets are 45,000/uL.", 45000),
        ("Labs: Plt 120 K/uL, INR 1.0.", 120000),
    ],
)
def test_platelets(read, text, count):
    assert read(text)["platelets"] == count


@pytest.mark.parametrize(
    "text, drug, stopped",
    [
        ("On apixaban for a DVT, not yet stopped.", "apixaban", False),
        ("On apixaban.", "apixaban", False),
        ("On Eliquis.", "apixaban", False),
        ("On warfarin, held 5 days ago.", "warfarin", True),
        ("Rivaroxaban discontinued 3 days ago.", "rivaroxaban", True),
        ("Still on enoxaparin.", "enoxaparin", False),
        ("Lovenox held this morning.", "enoxaparin", True),
        ("On clopidogrel, not yet held.", "clopidogrel", False),
        ("Apixaban was stopped, INR 1.1.", "apixaban", True),
        ("Anticoagulation held since Monday.", "anticoagulant", True),
        ("Has not stopped apixaban.", "apixaban", False),
        ("Apixaban cannot be stopped because of a mechanical valve.", "apixaban", False),
        ("No longer on warfarin.", "warfarin", True),
    ],
)
def test_anticoagulants(read, text, drug, stopped):
    facts = read(text)
    assert facts["anticoagulant"] == drug and facts["anticoagulant_stopped"] is stopped


@pytest.mark.parametrize(
    "text", ["Not anticoagulated.", "No anticoagulants.", "Not on any blood thinners."]
)
def test_not_anticoagulated(read, text):
    facts = read(text)
    assert facts["anticoagulant"] == "none" and "anticoagulant_stopped" not in facts


def test_a_named_drug_outweighs_the_word_anticoagulation(read):
    facts = read("On apixaban for AF. Anticoagulation held since Monday.")
    assert facts["anticoagulant"] == "apixaban" and facts["anticoagulant_stopped"] is True


def test_evidence(evidence):
    assert evidence("Afebrile, platelets 190, INR 1.1.", "inr") == "INR 1.1"
    assert evidence("Afebrile, platelets 190, INR 1.1.", "platelets") == "platelets 190"


@pytest.mark.parametrize(
    "text, drug",
    [
        ("On aspirin only.", "aspirin"),
        ("Takes ASA 81 mg daily.", "aspirin"),
        ("On a heparin drip for a PE.", "heparin"),
        # a plan for one drug says nothing of another
        ("On warfarin for a valve. Aspirin to be stopped before the implant.", "warfarin"),
        ("Aspirin stopped. Still on clopidogrel.", "clopidogrel"),
        ("On clopidogrel and aspirin; aspirin to be held for the implant.", "clopidogrel"),
    ],
)
def test_antiplatelets_and_anticoagulants_not_stopped(read, text, drug):
    facts = read(text)
    assert facts["anticoagulant"] == drug and facts["anticoagulant_stopped"] is False


@pytest.mark.parametrize(
    "text",
    ["Eliquis on hold since Monday.", "Apixaban held 3 days.", "Warfarin put on hold 5 days ago."],
)
def test_on_hold_is_stopped(read, text):
    assert read(text)["anticoagulant_stopped"] is True


def test_a_spouses_anticoagulant_is_not_the_patients(read):
    assert "anticoagulant" not in read("His wife is on warfarin and asks whether that matters.")


@pytest.mark.parametrize(
    "text, inr",
    [
        ("INR=1.1, plt 190.", 1.1),
        ("INR =1.3.", 1.3),
        ("PT/INR 13.8/1.9.", 1.9),
        ("PT/INR: 12.1/1.0", 1.0),
        ("PT/INR/PTT 14/1.2/32.", 1.2),
    ],
)
def test_inr_written_with_an_equals_sign_or_after_the_pt(read, text, inr):
    assert read(text)["inr"] == inr


def test_a_pt_alone_is_not_an_inr(read):
    assert "inr" not in read("PT/INR 14.2.")


@pytest.mark.parametrize(
    "text, count",
    [
        ("Platelets 45 x10^9/L.", 45000),
        ("PLT 120,000/uL.", 120000),
        ("plt 45k.", 45000),
        ("PLT 32 x 10^3/uL.", 32000),
        ("plt=190.", 190000),
    ],
)
def test_platelet_formats(read, text, count):
    assert read(text)["platelets"] == count


@pytest.mark.parametrize(
    "text, stopped",
    [
        ("DVT prophylaxis with enoxaparin 40 mg daily.", False),
        ("Enoxaparin prophylaxis, last dose 12 h ago.", True),
    ],
)
def test_prophylactic_anticoagulation_is_anticoagulation(read, text, stopped):
    facts = read(text)
    assert facts["anticoagulant"] == "enoxaparin" and facts["anticoagulant_stopped"] is stopped


def test_antibiotic_prophylaxis_is_no_infection(read):
    assert "active_infection" not in read("Antibiotic prophylaxis before the implant.")


def test_normal_platelets(read):
    assert read("Platelets normal.")["coagulopathy"] == "absent"


def test_low_platelets_are_read_by_their_count(read):
    facts = read("Platelets low at 60.")
    assert facts["platelets"] == 60000 and "coagulopathy" not in facts


@pytest.mark.parametrize(
    "text",
    [
        "Takes rivaroxaban for a DVT - no decision yet on stopping it.",
        "Warfarin: no plan to hold it so far.",
    ],
)
def test_an_answer_word_that_opens_a_phrase_negates_what_follows_not_the_drug(read, text):
    facts = read(text)
    assert facts["anticoagulant"] != "none" and facts["anticoagulant_stopped"] is False


@pytest.mark.parametrize("text", ["Anticoagulants - no.", "Anticoagulants: none."])
def test_an_answer_word_ending_its_item_still_negates_it(read, text):
    assert read(text)["anticoagulant"] == "none"


@pytest.mark.parametrize("text", ["Coags pending.", "INR and platelets awaited."])
def test_tests_still_to_come_leave_the_results_unknown(read, text):
    facts = read(text)
    assert facts["coagulopathy"] is None and facts["inr"] is None and facts["platelets"] is None


def test_tests_taken_back_in_a_later_message_are_unknown_again(extractor):
    from guideline.patient import fact_value, merge_facts

    facts = merge_facts(None, extractor.extract("45F, INR 1.0, platelets 240, no anticoagulants."))
    facts = merge_facts(
        facts,
        extractor.extract("Scratch the bloods I gave you - those were another patient's."),
    )
    assert [fact_value(facts, name) for name in ("coagulopathy", "inr", "platelets")] == [None] * 3
    assert fact_value(facts, "anticoagulant") == "none"  # not a blood test: it stands


def test_a_result_given_beside_a_pending_test_stands(read):
    assert read("INR pending; platelets 240.")["platelets"] == 240000


@pytest.mark.parametrize(
    "text, expected",
    [
        # a disorder stated resolved says nothing either way; other statements decide
        ("History: TTP in 2019 treated with plasma exchange, in remission since.", None),
        (
            "History: TTP in 2019, in remission since - platelets 212, INR 1.0, no"
            " anticoagulants, no current bleeding disorder.",
            "absent",
        ),
        ("ITP, platelets 30, not resolved.", "present"),
    ],
)
def test_a_bleeding_disorder_in_remission(read, text, expected):
    assert read(text).get("coagulopathy") == expected


def test_an_inr_after_a_spaced_dash(read):
    assert read("AF on warfarin, labile INR - 7.0 today.")["inr"] == 7.0


def test_a_disorder_queried_and_ruled_out(read):
    text = "ITP was queried last year and ruled out - repeat plt 210, smear normal; INR 0.9."
    assert read(text)["coagulopathy"] == "absent"
