"""The rule units and what must agree with them: the domain's entities, the payload's ids, the
source's reference numbers, the fact names extraction emits."""

import re
from pathlib import Path

import yaml

from guideline.criteria import CONTRAINDICATIONS, CRITERIA, FACT_GROUPS, FACT_VALUES, UNITS
from guideline.knowledge import default_knowledge

ROOT = Path(__file__).resolve().parents[2]


def test_the_units_are_the_contracts_rules_in_its_order():
    assert [u.id for u in CRITERIA] == [
        "indication",
        "failed_conservative_management",
        "successful_trial",
        "life_expectancy",
        "psychological_evaluation",
    ]
    assert [u.id for u in CONTRAINDICATIONS] == [
        "active_infection",
        "coagulopathy",
        "short_life_expectancy",
    ]
    assert {u.kind for u in CRITERIA} == {"criterion"}
    assert {u.kind for u in CONTRAINDICATIONS} == {"contraindication"}


def test_every_unit_cites_real_references_and_asks_a_question():
    references = default_knowledge().references
    for unit in UNITS.values():
        assert unit.citations and set(unit.citations) <= set(references), unit.id
        assert unit.label and unit.ask.endswith("?"), unit.id
        assert unit.facts, unit.id


def test_the_domain_declares_exactly_the_units_facts_as_entities():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert domain["entities"] == list(FACT_VALUES)


def test_fact_groups_name_only_declared_facts():
    for group in FACT_GROUPS:
        assert set(group) <= set(FACT_VALUES)


def test_the_extractor_emits_only_declared_facts():
    readers = (ROOT / "guideline" / "facts").glob("*.py")

    emitted = {
        name
        for path in readers
        for name in re.findall(r'(?:fact|Fact)\(\s*"(\w+)"', path.read_text())
    }
    assert emitted and emitted <= set(FACT_VALUES), emitted - set(FACT_VALUES)
