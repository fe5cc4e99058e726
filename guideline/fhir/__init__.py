"""FHIR R4 patient data -> the facts the chat extracts, and the CDS Hooks 2.0 services on them.

No Rasa here: connectors/cds.py is the HTTP adapter.

    resources.py  validate the prefetch with the fhir.resources R4 models (FhirError -> 400)
    codes.yml     ICD-10-CM, SNOMED CT, LOINC and CPT code lists by concept (codes.py loads them)
    mapping.py    coded data -> facts (the one place that knows the fact names)
    notes.py      note text -> facts, by the chat's FactExtractor
    timeline.py   facts from all sources merged oldest first; disagreements kept
    record.py     all of the above for one patient
    hooks.py      discovery and hook requests -> an assessment
    cards.py      the card for an assessment
"""
