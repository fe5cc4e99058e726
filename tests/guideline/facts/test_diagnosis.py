"""guideline/facts/diagnosis.py: pain_type from the diagnosis."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "74-year-old woman with metastatic lung adenocarcinoma to the thoracic spine.",
        "Metastatic cholangiocarcinoma with RUQ pain.",
        "66-year-old with CLL and painful lytic lesions.",
        "60M, myeloma.",
        "Multiple myeloma with vertebral compression fractures.",
        "Patient with metastatic kidney cancer.",
        "Pancreatic ca with celiac involvement.",
        "Ca prostate with bone mets.",
        "Diffuse large B-cell lymphoma.",
        "Chronic lymphocytic leukaemia.",
        "Osteosarcoma of the femur.",
        "HCC with portal vein invasion.",
        "Stage IV NSCLC.",
        "Glioblastoma.",
        "Malignant pleural mesothelioma.",
        "Known malignancy, now with spinal pain.",
        "Hx of breast cancer, now with bone mets.",
        "58M sacral chordoma, pain 8/10.",
        "Tumour invading the brachial plexus.",
        "74M, MPM, L chest wall pain.",
    ],
)
def test_cancer(read, text):
    assert read(text)["pain_type"] == "cancer"


@pytest.mark.parametrize(
    "text",
    [
        "49M, failed back surgery syndrome with arachnoiditis.",
        "Lumbar arachnoiditis.",
        "CRPS of the left leg.",
        "Complex regional pain syndrome type 1.",
        "Multiple sclerosis.",
        "MS with spasticity.",
        "52F SPMS, central neuropathic pain.",
        "Severe osteoporosis with multiple compression fractures.",
        "Fibromyalgia.",
        "Degenerative disc disease with chronic low back pain.",
        "Painful diabetic neuropathy.",
        "Post-herpetic neuralgia.",
        "Spinal cord injury, T10.",
        "Chronic non-malignant pain.",
        "Chronic pancreatitis.",
        "FBSS after L4-S1 fusion.",
        "Transverse myelitis 2019, burning pain below the level since.",
    ],
)
def test_non_cancer(read, text):
    assert read(text)["pain_type"] == "non_cancer"


@pytest.mark.parametrize(
    "text",
    [
        "Breast cancer treated in 2015, cancer-free since, now with post-radiation plexopathy.",
        "Hodgkin lymphoma in remission for ten years, chemotherapy-induced neuropathy.",
        "History of colon cancer, cured, now has chronic pelvic pain.",
        "Prostate cancer survivor with post-radiation pain.",
        "Remote history of testicular cancer; now lumbar arachnoiditis.",
        "Cured of lymphoma, with intractable pain after cancer therapy.",
        "No evidence of disease after treatment for sarcoma; phantom limb pain.",
        "Post-thoracotomy pain after pneumonectomy for mesothelioma; oncology have discharged"
        " him as cured.",
    ],
)
def test_pain_after_therapy_in_a_cured_patient_is_non_cancer(read, text):
    assert read(text)["pain_type"] == "non_cancer"


def test_a_recurrence_after_remission_is_cancer(read):
    assert (
        read("Breast cancer in remission until last year, now metastatic recurrence to the spine.")[
            "pain_type"
        ]
        == "cancer"
    )


def test_a_past_cancer_with_no_other_cause_named_is_still_cancer(read):
    assert (
        read("History of pancreatic cancer with refractory abdominal pain.")["pain_type"]
        == "cancer"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Family history of breast cancer; she has fibromyalgia.",
        "Her mother had ovarian cancer. She has CRPS.",
        "Father died of lung cancer, patient has failed back surgery syndrome.",
    ],
)
def test_a_relatives_cancer_is_not_the_patients(read, text):
    assert read(text)["pain_type"] == "non_cancer"


@pytest.mark.parametrize(
    "text",
    [
        "My sister has ovarian cancer that has spread, her pain is extreme. Could she get a pump?",
        "My mother is dying of pancreatic cancer and is in hospice now.",
        "Hi, my 80-year-old dad has prostate cancer in his bones and the pain is awful.",
        "Hello, I'm writing for my mum. She has bowel cancer that has spread to her liver.",
        "My husband has kidney cancer that has gone to his spine and he's in agony.",
        "Writing for my wife: her bowel cancer has spread to her liver.",
        "Breast cancer 5 years ago; bone mets found 2 years ago. Low back pain for 3 months.",
    ],
)
def test_the_relative_a_message_is_about_is_the_patient(read, text):
    assert read(text)["pain_type"] == "cancer"


@pytest.mark.parametrize(
    "text",
    [
        "My mother had breast cancer. I have had failed back surgery pain for years.",
        "My father died of lung cancer and my own pain is from CRPS.",
        "My mother had breast cancer. I'm 45 with failed back surgery syndrome.",
    ],
)
def test_a_relative_stays_family_when_the_writer_is_the_patient(read, text):
    assert read(text)["pain_type"] == "non_cancer"


def test_only_a_relatives_cancer_gives_no_pain_type(read):
    assert "pain_type" not in read("Family history of colon cancer.")


def test_no_malignancy_is_non_cancer(read):
    assert read("Chronic back pain, no malignancy.")["pain_type"] == "non_cancer"


def test_active_cancer_outweighs_a_non_cancer_condition(read):
    assert (
        read("Metastatic breast cancer with chemotherapy-induced neuropathy and osteoporosis.")[
            "pain_type"
        ]
        == "cancer"
    )


def test_evidence_names_the_diagnosis(evidence):
    assert (
        evidence("Pt w/ lumbar arachnoiditis, failed opioids.", "pain_type")
        == "Pt w/ lumbar arachnoiditis"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Chronic calcific pancreatitis with daily abdominal pain.",
        "Recurrent pancreatitis, pain on most days.",
        "Sickle cell anemia with avascular necrosis of both hips.",
        "Lumbar spinal stenosis with neurogenic claudication.",
        "Stump pain after a below-knee amputation.",
        "T10 AIS A paraplegia after an MVC 6 years ago, below-level neuropathic pain.",
        "Right S1 radicular leg pain.",
        "45M, central cord syndrome after an MVA 3 years ago.",
    ],
)
def test_more_non_cancer_conditions(read, text):
    assert read(text)["pain_type"] == "non_cancer"


def test_pancreatitis_beside_a_pancreatic_cancer_is_cancer_pain(read):
    assert read("Pancreatic adenocarcinoma presenting with pancreatitis.")["pain_type"] == "cancer"


@pytest.mark.parametrize(
    "text",
    [
        "62M with burning foot pain following a crush injury, NRS 9.",
        "Chronic shoulder pain for 6 years.",
        "Severe pain since a fall from a ladder in 2019.",
    ],
)
def test_pain_stated_chronic_or_with_its_cause_and_no_cancer_is_non_cancer_pain(read, text):
    assert read(text)["pain_type"] == "non_cancer"


@pytest.mark.parametrize(
    "text",
    [
        "Pain 9/10.",
        "Chronic pain after chemo for lung cancer.",
        "Would chronic pain after surgery qualify?",
    ],
)
def test_pain_alone_a_cancer_or_a_question_is_not_read_as_non_cancer(read, text):
    assert read(text).get("pain_type") != "non_cancer"
