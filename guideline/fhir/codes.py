"""The code lists of codes.yml, loaded strictly, and the look-up of a coding's concept."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

import yaml
from pydantic import BaseModel, Extra, Field, root_validator

CODES_PATH = Path(__file__).with_name("codes.yml")
#: Systems whose entries are prefixes of the code (a classification's hierarchy is in its digits).
PREFIX_SYSTEMS = ("icd10cm", "cpt")


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_population_by_field_name = True


class CodeList(Strict):
    """One concept's codes, by system name."""

    icd10cm: List[str] = []
    snomed: List[str] = []
    loinc: List[str] = []
    cpt: List[str] = []
    excluded: List[str] = Field([], alias="except")

    def matches(self, system: str, code: str) -> bool:
        entries = getattr(self, system, [])
        if system not in PREFIX_SYSTEMS:
            return code in entries
        plain = _undotted(code)
        return any(plain.startswith(_undotted(p)) for p in entries) and not any(
            plain.startswith(_undotted(p)) for p in self.excluded
        )


class Codes(Strict):
    systems: Dict[str, str]
    conditions: Dict[str, CodeList]
    observations: Dict[str, CodeList]
    procedures: Dict[str, CodeList]
    platelet_units: Dict[str, float]
    order_terms: List[str]

    @root_validator(skip_on_failure=True)
    def _systems_named(cls, values):
        known = set(values["systems"])
        for group in ("conditions", "observations", "procedures"):
            for concept, codes in values[group].items():
                used = {
                    name
                    for name in CodeList.__fields__
                    if name != "excluded" and getattr(codes, name)
                }
                if used - known:
                    raise ValueError(f"{group}.{concept}: unknown systems {sorted(used - known)}")
        return values

    def system_name(self, url: Optional[str]) -> Optional[str]:
        return next((name for name, known in self.systems.items() if known == url), None)

    def concept(
        self, group: Mapping[str, CodeList], codings: Iterable[Tuple[Optional[str], Optional[str]]]
    ) -> Optional[Tuple[str, str, str]]:
        """(concept, system name, code) of the first (system url, code) pair any concept of
        the group lists; None when none is known."""
        for url, code in codings:
            system = self.system_name(url)
            if system is None or not code:
                continue
            for concept, codes in group.items():
                if codes.matches(
                    system, code.strip().upper() if system in PREFIX_SYSTEMS else code.strip()
                ):
                    return concept, system, code
        return None


def _undotted(code: str) -> str:
    return code.replace(".", "").upper()


@lru_cache(maxsize=1)
def load_codes(path: Path = CODES_PATH) -> Codes:
    """The validated code lists; a malformed file fails loudly at start-up."""
    return Codes.parse_obj(yaml.safe_load(path.read_text()))


SYSTEM_LABELS: Dict[str, str] = {
    "icd10cm": "ICD-10-CM",
    "snomed": "SNOMED CT",
    "loinc": "LOINC",
    "cpt": "CPT",
}
