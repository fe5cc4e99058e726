"""The rules of CONTRACT section 4 as declared units, one module each; see unit.py.

CRITERIA and CONTRAINDICATIONS keep the contract's order; FACT_VALUES and FACT_GROUPS, the
vocabulary that extraction emits and the actions carry, are derived from the units.
"""

from __future__ import annotations

from typing import Dict, Tuple

from guideline.criteria import coagulation, conservative, indication, infection, life, psych, trial
from guideline.criteria.unit import Unit

CRITERIA: Tuple[Unit, ...] = (
    indication.UNIT,
    conservative.UNIT,
    trial.UNIT,
    life.CRITERION,
    psych.UNIT,
)
CONTRAINDICATIONS: Tuple[Unit, ...] = (infection.UNIT, coagulation.UNIT, life.CONTRAINDICATION)
UNITS: Dict[str, Unit] = {unit.id: unit for unit in (*CRITERIA, *CONTRAINDICATIONS)}


def _fact_values() -> Dict[str, str]:
    values: Dict[str, str] = {}
    for unit in UNITS.values():
        for name, description in unit.facts.items():
            if values.setdefault(name, description) != description:
                raise ValueError(f"fact {name!r} is declared twice with different values")
    return values


#: Every fact name with the values it may hold. Extraction emits only these names.
FACT_VALUES: Dict[str, str] = _fact_values()
#: Facts that together state one thing: a turn stating any of them replaces the whole group.
FACT_GROUPS: Tuple[Tuple[str, ...], ...] = tuple(
    dict.fromkeys(group for unit in UNITS.values() for group in unit.groups)
)
