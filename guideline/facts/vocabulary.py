"""Vocabulary beyond lexicon.yml: clinical abbreviations (abbreviations.yml) and the names of
cancers, infections and bleeding disorders from a maintained terminology, ICD-10-CM as the
pinned `simple-icd-10-cm` package ships it (no download at run time).

The terminology is read when the pipeline is built, never at import, and the names it yields
are cached in a file per package version (reading the package takes seconds).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml
from pydantic import BaseModel, Extra, ValidationError

from guideline.facts.lexicon import Lexicon, LexiconError, check_phrase

ABBREVIATIONS_PATH = Path(__file__).resolve().parent / "abbreviations.yml"
#: label -> canonical id -> phrases, as Lexicon.terms
Terms = Dict[str, Dict[str, Tuple[str, ...]]]

#: What the terminology contributes: (label, lexicon id) -> ICD-10-CM blocks or codes whose
#: names (descriptions and inclusion terms) are read, with their descendants.
TERMINOLOGY = {
    ("CANCER", "cancer"): (
        "C00-C14",
        "C15-C26",
        "C30-C39",
        "C40-C41",
        "C43-C44",
        "C45-C49",
        "C50",
        "C51-C58",
        "C60-C63",
        "C64-C68",
        "C69-C72",
        "C73-C75",
        "C7A",
        "C76-C80",
        "C81-C96",
    ),
    ("INFECTION", "infection"): (
        "A00-A09",
        "A15-A19",
        "A20-A28",
        "A30-A49",
        "A50-A64",
        "A65-A69",
        "A70-A74",
        "A75-A79",
        "A80-A89",
        "A90-A99",
        "B00-B09",
        "B10",
        "B15-B19",
        "B20",
        "B25-B34",
        "B35-B49",
        "B50-B64",
        "B65-B83",
        "B85-B89",
        "B99",
        # infections coded outside chapter 1: CNS (not G03, where arachnoiditis sits, nor the
        # rest of G04 or G05, whose encephalitis and myelitis are often immune: transverse
        # myelitis is no infection), pneumonia, skin, bone and joint, urinary
        "G00",
        "G01",
        "G02",
        "G04.1",
        "G04.2",
        "G06",
        "G07",
        "J09-J18",
        "L00-L08",
        "M00",
        "M01",
        "M86",
        "M46.2",
        "M46.3",
        "M46.4",
        "M46.5",
        "N10",
        "N39.0",
        "T81.4",
    ),
    # coagulation defects and thrombocytopenia; not thrombophilia (D68.5, D68.6), which is the
    # opposite, nor vascular purpura (D69.0, D69.2)
    ("COAGULOPATHY", "coagulopathy"): (
        "D65",
        "D66",
        "D67",
        "D68.0",
        "D68.1",
        "D68.2",
        "D68.3",
        "D68.4",
        "D68.8",
        "D68.9",
        "D69.1",
        "D69.3",
        "D69.4",
        "D69.5",
        "D69.6",
    ),
}
#: The word a name must contain to be read as that label: a name cut from its description
#: ("breast implant" from "Breast implant associated anaplastic large cell lymphoma") is not.
HEADS = {
    "CANCER": re.compile(
        r"cancer|carcin|\w\w+oma\b|leuk|neoplasm|macroglobulin|fungoides|sezary|"
        r"mastocytosis|histiocytosis|heavy chain|kahler|richter|myelosis|"
        r"myelofibrosis|myelomatosis"
    ),
    "INFECTION": re.compile(
        r"infect|\w\w+itis\b|\w\w+osis\b|iasis\b|abscess|sepsis|septic|"
        r"\w\w+emia\b|fever|pox\b|plague|typhus|cholera|measles|mumps|rubella|"
        r"rabies|tetanus|diphtheria|pertussis|syphilis|gonorrh|chlamyd|herpes|"
        r"zoster|hiv\b|hepatitis|pneumonia|cellulitis|erysipelas|impetigo|"
        r"botulism|anthrax|leprosy|influenza|dysentery|shingles"
    ),
    "COAGULOPATHY": re.compile(
        r"hemophilia|haemophilia|willebrand|thrombocytop|coagul|fibrinogen|"
        r"purpura|factor \w+ deficiency|deficiency (?:of )?factor|christmas "
        r"disease|owren|glanzmann|bernard-soulier|platelet|hemorrhagic "
        r"disorder|thromboasthenia|heparinemia|antithromboplastin|"
        r"hypoproconvertinemia|proaccelerin|evans syndrome|fibrinolytic"
    ),
}
#: Names the heads would let through that are not what the label means: lupus anticoagulant is
#: a clotting tendency; what follows an infection ("postherpetic neuralgia") is not one; an
#: "unspecified site" says nothing.
NOT_THIS = re.compile(
    r"lupus anticoagulant|antiphospholipid|unspecified|\bsite\b|variant|"
    r"\bstage\b|covid|^post"
)
#: Where a name ends: what follows is its site, cause or qualifier.
NAME_END = re.compile(
    r",| of | in | with | without | due to | not | NOS\b|\(|\[| affecting "
    r"| following | complicating | involving | associated | by | from | at "
    r"| as | and | or | other ",
    re.IGNORECASE,
)
#: Names that say nothing by themselves, or are ordinary words.
NOT_A_NAME = re.compile(
    r"^(?:other|unspecified|personal|secondary|sequelae|carrier|contact|history|family|"
    r"screening|encounter|disease|diseases|infection|infections|neoplasm|neoplasms|malignant|"
    r"acute|chronic|late|early|congenital|certain|pinta|yaws|plague|sepsis|fever|"
    r"carcinoma|sarcoma|lymphoma|leukemia|melanoma)$|^(?:other|unspecified|sequelae|carrier|"
    r"personal|contact)\b",
    re.IGNORECASE,
)
MAX_WORDS = 4


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Abbreviation(_Model):
    short: str
    means: str
    label: str
    id: str
    any_case: bool = False
    only_in: Optional[List[str]] = None

    def phrases(self) -> Tuple[str, ...]:
        contexts = self.only_in or [self.short]
        exact = tuple(f"={context}" for context in contexts)
        return exact + ((self.short.lower(),) if self.any_case else ())


class AbbreviationFile(_Model):
    abbreviations: List[Abbreviation]


def load_abbreviations(path: Path = ABBREVIATIONS_PATH) -> Tuple[Abbreviation, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(AbbreviationFile.parse_obj(data).abbreviations)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise LexiconError(f"{path}: {error}") from None


def with_abbreviations(lexicon: Lexicon, abbreviations: Iterable[Abbreviation]) -> Lexicon:
    """The lexicon with each abbreviation read as the term it names; an abbreviation must name
    a real term and must not be listed in lexicon.yml too (one place for each)."""
    terms = {label: dict(ids) for label, ids in lexicon.terms.items()}
    listed = {
        phrase for ids in lexicon.terms.values() for phrases in ids.values() for phrase in phrases
    }
    for item in abbreviations:
        where = f"abbreviations.{item.short}"
        if item.id not in terms.get(item.label, {}):
            raise LexiconError(f"{where}: no lexicon term {item.label}.{item.id}")
        for phrase in item.phrases():
            if phrase in listed:
                raise LexiconError(f"{where}: {phrase!r} is listed in lexicon.yml too")
            check_phrase(phrase, lexicon.slots, where)
        terms[item.label][item.id] = terms[item.label][item.id] + item.phrases()
    return lexicon.copy(update={"terms": terms})


# --- the terminology -------------------------------------------------------------------------


def names_in(text: str) -> Optional[str]:
    """The name a code's description or inclusion term gives ('Kaposi's sarcoma of skin' ->
    "kaposi's sarcoma"), or None when it gives none worth reading."""
    name = NAME_END.split(text)[0].strip().lower()
    name = re.sub(r"\s+", " ", name)
    if not name or len(name.split()) > MAX_WORDS or NOT_A_NAME.search(name):
        return None
    if not re.fullmatch(r"[a-z][a-z0-9' -]*[a-z0-9]", name) or len(name) < 4:
        return None
    return name


def _read_terminology() -> Terms:
    import simple_icd_10_cm as icd  # seconds to load: only here, when the pipeline is built

    terms: Terms = {}
    for (label, term_id), roots in TERMINOLOGY.items():
        found = set()
        for root in roots:
            for code in (root, *icd.get_descendants(root)):
                texts = [icd.get_description(code)]
                if icd.is_category_or_subcategory(code):
                    texts += icd.get_inclusion_term(code)
                found.update(
                    name
                    for name in map(names_in, texts)
                    if name and HEADS[label].search(name) and not NOT_THIS.search(name)
                )
        terms.setdefault(label, {})[term_id] = tuple(sorted(found))
    return terms


def without(terminology: Terms, lexicon: Lexicon) -> Terms:
    """The terminology's names less those lexicon.yml lists: the lexicon's reading of a word
    (its label, and its place in the readers' rules) is the one that counts."""
    listed = {
        phrase.lower()
        for ids in lexicon.terms.values()
        for phrases in ids.values()
        for phrase in phrases
    }
    return {
        label: {tid: tuple(p for p in phrases if p not in listed) for tid, phrases in ids.items()}
        for label, ids in terminology.items()
    }


def _cache_path() -> Path:
    """One file per package version and per reading of it (the selection and the rules)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = metadata.version("simple-icd-10-cm")
    reading = json.dumps(
        [
            sorted((f"{k[0]}.{k[1]}", v) for k, v in TERMINOLOGY.items()),
            NAME_END.pattern,
            NOT_A_NAME.pattern,
            MAX_WORDS,
        ]
    )
    key = hashlib.sha256(reading.encode()).hexdigest()[:12]
    return base / "pumpguide" / f"icd10cm-{version}-{key}.json"


@lru_cache(maxsize=1)
def terminology_terms() -> Terms:
    """Cancer, infection and bleeding-disorder names from ICD-10-CM, cached on disk."""
    path = _cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {label: {tid: tuple(p) for tid, p in ids.items()} for label, ids in data.items()}
    except (OSError, ValueError):
        pass
    terms = _read_terminology()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(terms), encoding="utf-8")
    except OSError:
        pass  # a read-only home: read the package again next time
    return terms
