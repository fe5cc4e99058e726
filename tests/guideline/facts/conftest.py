"""One FactExtractor for the whole session (building the pipeline is the costly part)."""

from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from guideline.facts import FactExtractor

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="session")
def extractor() -> FactExtractor:
    return FactExtractor()


@pytest.fixture(scope="session")
def read(extractor) -> Callable[[str], Dict[str, Any]]:
    """name -> value of the facts of one message."""

    def read(text: str) -> Dict[str, Any]:
        facts = extractor.extract(text)
        assert len({f.name for f in facts}) == len(facts), "one fact per name"
        return {fact.name: fact.value for fact in facts}

    return read


@pytest.fixture(scope="session")
def evidence(extractor) -> Callable[[str, str], str]:
    """The evidence words of one fact of a message ('' when the fact is absent)."""

    def evidence(text: str, name: str) -> str:
        return next((f.evidence for f in extractor.extract(text) if f.name == name), "")

    return evidence
