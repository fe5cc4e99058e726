"""guideline/facts/analgesia.py: systemic opioids, adjuvants, rotation and side effects."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Pain remains 9/10 on escalating hydromorphone.",
        "Failed escalating opioids.",
        "Refractory despite opioids.",
        "Morphine and oxycodone escalated without benefit.",
        "Refractory flank pain despite escalating opioids and adjuvants.",
        "Pain uncontrolled on a morphine infusion.",
        "Escalating opioids and adjuvants failed.",
        "Oxycodone 40 mg q4h, pain still 8/10.",
        "Minimal relief from high-dose fentanyl.",
        "He has been on oxycodone for years with poor relief.",
        "Intractable pain not controlled by hydromorphone.",
        "Failed maximal medical therapy.",
        "On oxycodone 20 mg q4h. Pain remains 8/10.",
        "Dilaudid didn't help.",
        "Inadequate analgesia on MS Contin.",
        "55F, FBSS, on high dose MS Contin + gabapentin, pain 8/10, trial pending.",
        "On a hydromorphone infusion, still screaming in pain.",
        "Failed trial of oral morphine; IT trial 60%.",
        "Oxycodone and morphine were titrated upward with pregabalin, without adequate relief.",
        "The oral morphine just isn't cutting it anymore.",
        "Escalating morphine then hydromorphone, plus gabapentin and dexa, still uncontrolled.",
        "They swapped him to oxycodone and he still can't sleep for the pain.",
        "Morphine, then oxycodone with Lyrica, and none of it touched the pain.",
    ],
)
def test_inadequate_response(read, text):
    assert read(text)["opioid_response"] == "inadequate"


@pytest.mark.parametrize(
    "text",
    [
        "Pain well controlled on oxycodone.",
        "Good relief with tramadol.",
        "Pain is adequately controlled with morphine and amitriptyline.",
        "Comfortable on fentanyl patch 25 mcg.",
        "On slow-release morphine 30 mg twice daily her pain is 2/10.",
        # said of the pain in a sentence of its own
        "On oxycodone SR 20 mg bd. Pain 3/10, well controlled, back at work.",
        "He takes oxycodone 10 mg twice a day and the pain is mostly ok now, about 2 out of 10.",
    ],
)
def test_controlled(read, text):
    assert read(text)["opioid_response"] == "controlled"


@pytest.mark.parametrize(
    "text",
    [
        "Has never taken opioids.",
        "Opioid-naive.",
        "Opioid naïve, on NSAIDs only.",
        "She is not on any opioids.",
        "Never tried opioids.",
        "Declined opioids.",
        "No opioids so far.",
        "He hasn't tried opioids.",
        "Has never had opioids.",
    ],
)
def test_never_tried(read, text):
    assert read(text)["opioid_response"] == "never_tried"


def test_partial_relief_is_inadequate(read):
    assert (
        read("Tried gabapentin and duloxetine without benefit; oxycodone helps partially.")[
            "opioid_response"
        ]
        == "inadequate"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Currently on oxycodone 10 mg q6h.",
        "She remains on morphine 30 mg q4h until the implant.",
        # a failure word said of another problem: "refractory nausea" is not refractory pain
        "Refractory nausea on morphine.",
    ],
)
def test_a_named_opioid_without_an_outcome_says_nothing_of_the_response(read, text):
    facts = read(text)
    assert "opioid_response" not in facts and facts["opioids"]


def test_a_denied_opioid_naivety_is_a_trial_of_opioids(read):
    assert read("Not opioid naive.")["opioid_response"] == "tried"


def test_the_later_statement_wins(read):
    assert (
        read("Pain was well controlled on morphine for a year. Now refractory despite escalation.")[
            "opioid_response"
        ]
        == "inadequate"
    )
    assert (
        read("Failed oxycodone, now well controlled on methadone.")["opioid_response"]
        == "controlled"
    )


def test_a_comma_ends_a_negation_before_the_opioids(read):
    assert read("No infection, failed escalating opioids.")["opioid_response"] == "inadequate"


@pytest.mark.parametrize(
    "text, escalated",
    [
        ("Escalating hydromorphone without relief.", True),
        ("Oxycodone titrated up.", True),
        ("For months the GP kept upping his morphine.", True),
        ("His doctors kept putting his morphine up.", True),
        ("Maximal doses of morphine.", True),
        ("High-dose fentanyl.", True),
        ("Her pain is 10/10 even on the strongest morphine.", True),
        ("On the highest dose of morphine, still 9/10.", True),
        ("Oxycodone never escalated.", False),
        ("Low dose tramadol only.", False),
    ],
)
def test_escalation(read, text, escalated):
    assert read(text)["opioids_escalated"] is escalated


def test_opioid_names_are_generic_and_lower_case(read):
    facts = read("Failed Dilaudid, OxyContin, MS Contin and a Duragesic patch.")
    assert facts["opioids"] == ["hydromorphone", "oxycodone", "morphine", "fentanyl"]


def test_the_word_opioids_names_no_opioid(read):
    assert "opioids" not in read("Failed escalating opioids.")


def test_intrathecal_morphine_is_not_a_systemic_opioid(read):
    facts = read("On oral oxycodone. IT morphine trial gave 70% relief.")
    assert facts["opioids"] == ["oxycodone"]


def test_intrathecal_baclofen_is_not_a_systemic_adjuvant(read):
    assert "adjuvants" not in read("IT baclofen/morphine trial 65%.")


@pytest.mark.parametrize(
    "text, adjuvants",
    [
        (
            "Failed pregabalin, gabapentin and duloxetine.",
            ["pregabalin", "gabapentin", "duloxetine"],
        ),
        ("On amitriptyline plus NSAIDs.", ["amitriptyline", "nsaids"]),
        ("Dexamethasone and ketamine tried.", ["dexamethasone", "ketamine"]),
        ("Failed opioids and adjuvants.", ["adjuvants"]),
        ("On Lyrica and Cymbalta.", ["pregabalin", "duloxetine"]),
    ],
)
def test_adjuvants(read, text, adjuvants):
    assert read(text)["adjuvants"] == adjuvants


def test_no_adjuvants_is_an_empty_list(read):
    assert read("Failed oxycodone, no adjuvants tried.")["adjuvants"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Switched to tapentadol with no better result.",
        "Opioids were rotated without benefit.",
        "Failed opioid rotation.",
        "Tried IV, transdermal and other routes without relief.",
        "Rotated through morphine, oxycodone and hydromorphone.",
        "Changed from morphine to methadone, pain still 8/10.",
    ],
)
def test_failed_rotation(read, text):
    assert read(text)["opioid_rotation_failed"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Switched to methadone with good effect.",
        "No opioid rotation yet.",
    ],
)
def test_rotation_that_worked_or_was_not_tried(read, text):
    assert read(text)["opioid_rotation_failed"] is False


def test_switching_adjuvants_is_not_opioid_rotation(read):
    assert "opioid_rotation_failed" not in read(
        "Switched from gabapentin to pregabalin, no better."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The opioid makes her too drowsy to eat.",
        "Opioids escalated with intolerable nausea.",
        "Failed PO opioids + adjuvants d/t intolerable AEs.",
        "Failed escalating opioids with falls and confusion.",
        "Dose-limiting sedation on hydromorphone.",
        "Intolerable constipation from oxycodone.",
        "Could not tolerate morphine.",
        "Opioid-induced hyperalgesia on high-dose fentanyl.",
        "Morphine stopped due to hallucinations.",
        "Severe nausea and vomiting with oxycodone.",
        "The morphine made him so muddled he didn't know who I was.",
        "Morphine made her so sleepy she couldn't eat.",
        # named after a semicolon that joins it to the opioids
        "Morphine escalated, then oxycodone, with pregabalin; intolerable constipation.",
    ],
)
def test_intolerable_side_effects(read, text):
    assert read(text)["intolerable_side_effects"] is True


@pytest.mark.parametrize("text", ["Tolerating oxycodone well.", "No side effects on morphine."])
def test_tolerated(read, text):
    assert read(text)["intolerable_side_effects"] is False


@pytest.mark.parametrize(
    "text",
    [
        "Mild constipation on oxycodone.",  # not intolerable
        "Nausea from chemotherapy.",  # not from the analgesics
        "Nausea on oxycodone, so we added ondansetron.",  # treated, not said to be too much
    ],
)
def test_side_effects_that_do_not_count(read, text):
    assert "intolerable_side_effects" not in read(text)


def test_evidence_is_the_clause(evidence):
    text = "49M with FBSS. Morphine and oxycodone escalated without benefit, also on duloxetine."
    assert evidence(text, "opioid_response") == "Morphine and oxycodone escalated without benefit"


@pytest.mark.parametrize(
    "text",
    [
        "Opioids escalated w/o relief.",
        "Morphine w/o benefit.",
        "Escalating oxycodone, then fentanyl patch, then hydromorphone, none effective.",
        "Tried morphine and oxycodone, neither helped.",
        "Opioids helped initially but now poorly controlled despite escalation, pregabalin tried.",
    ],
)
def test_failure_in_shorthand_and_after_a_list(read, text):
    assert read(text)["opioid_response"] == "inadequate"


def test_a_later_trial_result_is_not_the_rotations_outcome(read):
    facts = read("Arachnoiditis, opioids escalated w/o relief, rotated x2, positive IT trial.")
    assert facts["opioid_rotation_failed"] is True and facts["trial_successful"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Opioid rotation to methadone successful, then IT trial failed.",
    ],
)
def test_a_rotation_that_worked_beside_a_failed_trial(read, text):
    assert read(text)["opioid_rotation_failed"] is False


@pytest.mark.parametrize(
    "text",
    [
        "Oxycodone titrated to 120 mg/day without meaningful relief.",
        "No significant relief on morphine.",
        "Hydromorphone w/o much benefit.",
        "Failed opioids+adjuvants.",
    ],
)
def test_failure_qualified_by_degree_or_joined_by_a_plus(read, text):
    assert read(text)["opioid_response"] == "inadequate"


def test_significant_relief_is_still_control(read):
    assert read("Significant relief on morphine.")["opioid_response"] == "controlled"


@pytest.mark.parametrize(
    "text",
    ["On a hydromorphone infusion, still screaming in pain.", "Remains in pain despite oxycodone."],
)
def test_in_pain_said_of_the_patient(read, text):
    assert read(text)["opioid_response"] == "inadequate"


def test_the_drug_of_a_pump_trial_is_not_systemic(read):
    facts = read("IT trial with morphine 0.25 mg: pain 9/10 -> 2/10.")
    assert "opioid_response" not in facts and "opioids" not in facts
    assert facts["trial_relief_percent"] == 77


def test_a_trial_of_a_systemic_opioid_is_systemic(read):
    assert read("Failed a trial with oxycodone.")["opioid_response"] == "inadequate"


@pytest.mark.parametrize(
    "text",
    [
        "Pain is adequately managed on oral morphine.",
        "Pain adequately relieved by oxycodone and gabapentin.",
    ],
)
def test_pain_adequately_managed_on_opioids_is_controlled(read, text):
    assert read(text)["opioid_response"] == "controlled"


@pytest.mark.parametrize(
    "text",
    [
        "Pain is not adequately managed on oral morphine.",
        "Oxycodone escalated, pain not adequately relieved.",
        "Pain poorly managed despite escalating hydromorphone.",
        "Pain inadequately relieved by methadone.",
    ],
)
def test_pain_not_adequately_managed_on_opioids_is_inadequate(read, text):
    assert read(text)["opioid_response"] == "inadequate"


@pytest.mark.parametrize(
    "text",
    [
        "Oxycodone did not help, nor did two lidocaine infusions.",
        "No relief from hydromorphone or a ketamine drip.",
    ],
)
def test_an_adjuvant_given_as_an_infusion_is_a_procedure_not_a_co_analgesic(read, text):
    assert not read(text).get("adjuvants")


@pytest.mark.parametrize(
    "text",
    [
        "Tapentadol was titrated up and then discontinued because of constipation.",
        "Fentanyl patch increased, stopped for nausea.",
    ],
)
def test_a_side_effect_the_opioid_was_stopped_for_is_intolerable(read, text):
    assert read(text)["intolerable_side_effects"] is True


@pytest.mark.parametrize(
    "text",
    [
        "PO morphine escalated to 360 OME/d + pregabalin; every uptitration -> myoclonus and "
        "somnolence, pain unchanged.",
        "Oral opioids escalated over 3 yrs (morphine ER up to 180 mg/d + gabapentin); each "
        "increase brought more somnolence and constipation while pain stayed 7-8/10.",
    ],
)
def test_side_effects_growing_with_the_dose_are_intolerable(read, text):
    """Contract v2: intolerable side effects of systemic opioids that grow with the dose."""
    assert read(text)["intolerable_side_effects"] is True


def test_pain_unchanged_despite_escalation_is_inadequate_relief(read):
    facts = read(
        "Oral morphine was increased step by step with pregabalin; the last two increases "
        "caused sedation without easing the pain."
    )
    assert facts["opioid_response"] == "inadequate"


@pytest.mark.parametrize(
    "text", ["For my oncology rotation, which tumours do best?", "On my anaesthesia rotation."]
)
def test_a_trainees_rotation_is_no_opioid_rotation(read, text):
    assert "opioid_rotation_failed" not in read(text)


def test_a_relatives_words_for_adjuvants(read):
    facts = read("Her pain is 10/10 even on the strongest morphine and the nerve pills.")
    assert facts["adjuvants"] and facts["opioid_response"] == "inadequate"


@pytest.mark.parametrize(
    "text, intolerable",
    [
        ("Fentanyl patches escalated with sedation, plus baclofen and pregabalin.", True),
        ("Escalating hydromorphone + gabapentin + amitriptyline with sedation and nausea.", True),
        ("Oxycodone titrated up with worsening drowsiness.", True),
        ("MST escalated with pregabalin; switched to oxycodone with nausea and drowsiness.", True),
        (
            "I've been on morphine and gabapentin for years and every time they raise the"
            " morphine I'm in a fog and can't function.",
            True,
        ),
        # a side effect that did not come with the escalation says nothing of the dose
        ("Morphine escalated with good effect, some nausea.", None),
    ],
)
def test_side_effects_that_came_with_escalation(read, text, intolerable):
    assert read(text).get("intolerable_side_effects") is intolerable


def test_nothing_stronger_than_paracetamol_is_no_opioid_tried(read):
    facts = read(
        "His oncologist said take Tylenol or Advil - he has never been given anything stronger."
    )
    assert facts["opioid_response"] == "never_tried"
