"""Clinical fact extraction from free text: rule-based spaCy + medspaCy ConText, no Rasa.

    from guideline.facts import FactExtractor
    extractor = FactExtractor()                 # builds the pipeline once (about a second)
    facts = extractor.extract(text)             # [guideline.patient.Fact(name, value, evidence)]
    extractor.describes_patient(text, facts)    # about a particular patient?

Vocabulary lives in lexicon.yml and context_rules.yml; each reader module reads one group of
facts (diagnosis, analgesia, trial, prognosis, psych, infection, coagulation).
"""

from guideline.facts.extractor import FactExtractor

__all__ = ["FactExtractor"]
