"""guideline/facts/indication.py: chronic or acute, severe or mild, a correctable cause pending."""

import pytest


@pytest.mark.parametrize(
    "text, chronic",
    [
        ("Chronic neck pain for 6 years.", True),
        ("Back pain for 18 months.", True),
        ("Lumbar arachnoiditis.", True),
        ("Complex regional pain syndrome of the left leg.", True),
        ("Persistent post-mastectomy neuropathic pain since surgery.", True),
        ("POD 2, persistent incisional pain.", False),
        ("Two weeks after a spinal fusion he still has incisional pain.", False),
        ("Acute post-op knee pain.", False),
        ("Fractured his hip 5 days ago, pain since.", None),
        ("Pain after knee surgery 3 days ago.", False),
    ],
)
def test_chronic_or_acute(read, text, chronic):
    assert read(text).get("pain_chronic") is chronic


@pytest.mark.parametrize(
    "text, severity",
    [
        ("Pain remains 9/10.", "severe"),
        ("Refractory pelvic pain.", "severe"),
        ("Uncontrolled flank pain.", "severe"),
        ("Mild back pain.", "mild"),
        ("Pain 2/10 on current regimen.", "mild"),
        ("Pain 5/10.", None),
        ("He is in agony most days.", "severe"),
        ("The pain in his back and hips is terrible.", "severe"),
        ("Terrible constipation on morphine.", None),
        # a severity word said of another problem is not the pain's
        ("He has severe depression. Back pain 4/10 on tramadol.", None),
        ("Severe COPD; uncontrolled diabetes.", None),
        ("Severe osteoporosis, chronic refractory back pain.", "severe"),
        ("Severe pain and depression.", "severe"),
        # the far end of a change is not the pain as it is
        ("Pain 9/10 -> 2/10 after the block.", "severe"),
        ("Coeliac plexus block helped briefly, pain back to 8/10.", "severe"),
        ("IT trial reduced pain from 8/10 to 3/10.", None),
    ],
)
def test_severity(read, text, severity):
    assert read(text).get("pain_severity") == severity


@pytest.mark.parametrize(
    "text, pending",
    [
        ("Awaiting decompression surgery for stenosis.", True),
        ("Obstructing duct stone: ESWL and ERCP clearance booked for next month.", True),
        ("GI plan ERCP + lithotripsy, not yet scheduled.", True),
        ("Kyphoplasty of T12 is booked for next month. Pump now?", True),
        # the pump's own operation corrects nothing
        ("Plan: surgery to implant the pump next month.", None),
        ("Radiotherapy to the spine is planned next week.", True),
        ("Surgical decompression for a large disc herniation is planned.", True),
        ("Spinal surgeon has listed him for decompression next month.", True),
        ("No surgery planned.", None),
        ("Psych eval pending.", None),
        ("Blood cultures pending.", None),
    ],
)
def test_a_correctable_cause_pending(read, text, pending):
    assert read(text).get("correctable_cause_pending") is pending


@pytest.mark.parametrize(
    "text",
    [
        "Her neck pain came on 3 weeks ago.",
        "Knee pain which began five days ago.",
    ],
)
def test_pain_that_began_days_or_weeks_ago_is_acute(read, text):
    assert read(text)["pain_chronic"] is False


def test_something_else_begun_weeks_ago_says_nothing_of_the_pain(read):
    assert read("Chronic hip pain; physio started 3 weeks ago.")["pain_chronic"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica from a disc herniation, endoscopic microdiscectomy booked.",
        "Stenosis with leg pain; a hemilaminectomy is scheduled.",
    ],
)
def test_a_prefixed_corrective_operation_still_pending(read, text):
    assert read(text)["correctable_cause_pending"] is True


def test_pain_whose_onset_follows_its_description_is_acute(read):
    assert read("Sharp neck pain, 8/10, which began 4 days ago.")["pain_chronic"] is False


def test_post_operative_day_shorthand_is_acute(read):
    assert read("71F, POD 2 after a total knee arthroplasty, pain 8/10.")["pain_chronic"] is False


def test_a_cure_in_the_oncologist_words_makes_the_pain_non_cancer(read):
    facts = read("Breast cancer treated in 2019; her oncologist now regards her as cured.")
    assert facts["pain_type"] == "non_cancer"


@pytest.mark.parametrize(
    "text",
    [
        "89F with low back pain for the past 5 days.",
        "Severe pain x 6 weeks after a fall.",
        "New L3 compression fracture.",
        "Day 4 after traumatic above-knee amputation. Stump pain + phantom pain 7/10.",
        "Two weeks ago my back went crunch and the hospital said I'd broken a vertebra.",
    ],
)
def test_pain_lasting_days_or_weeks_or_a_new_fracture_is_acute(read, text):
    assert read(text)["pain_chronic"] is False


def test_relief_over_days_is_no_duration_of_the_pain(read):
    facts = read("Cancer pain 8/10 for 4 months. A catheter gave 70% pain relief over three days.")
    assert facts["pain_chronic"] is True


def test_a_post_operative_complication_is_not_acute_pain(read):
    text = (
        "Post-op wound infection after his 2nd surgery, resolved."
        " Chronic back pain 8/10 for 10 years."
    )
    assert read(text)["pain_chronic"] is True


def test_severe_said_of_a_bleeding_disorder_is_not_the_pain(read):
    assert "pain_severity" not in read("Severe haemophilia A, no longer on factor.")


def test_a_nerve_operation_still_booked_is_a_correctable_cause_pending(read):
    text = "Ilioinguinal neuralgia; ilioinguinal neurectomy is booked for next month."
    assert read(text)["correctable_cause_pending"] is True
