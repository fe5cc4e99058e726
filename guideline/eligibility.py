"""The source's eligibility rules: patient facts in, a verdict with its reasons out.

Each criterion and contraindication is a unit of guideline.criteria (its facts, rule, label,
citations and question); this module applies them all and decides the verdict by CONTRACT
precedence, so nothing unknown, suspected or borderline ever reaches `meets_criteria`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Sequence

from guideline.criteria import CONTRAINDICATIONS, CRITERIA, FACT_VALUES
from guideline.criteria.unit import ABSENT, MET, NOT_MET, PRESENT, UNKNOWN, Unit, fact_value
from guideline.knowledge import Knowledge

__all__ = [
    "ABSENT",
    "MET",
    "NOT_MET",
    "PRESENT",
    "UNKNOWN",
    "Assessment",
    "Finding",
    "assess",
    "decide_verdict",
    "rules_version",
]

#: Verdicts in order of precedence: the first that applies wins.
CONTRAINDICATED, CRITERIA_NOT_MET = "contraindicated", "criteria_not_met"
NEEDS_INFORMATION, MEETS_CRITERIA = "needs_information", "meets_criteria"
#: What the rules_version hash covers: the rules, the knowledge and the extraction vocabulary.
HERE = Path(__file__).resolve().parent
RULE_FILES = sorted((HERE / "criteria").glob("*.py")) + [
    HERE / "eligibility.py",
    HERE / "knowledge.yml",
    HERE / "facts" / "lexicon.yml",
    HERE / "facts" / "context_rules.yml",
    HERE / "facts" / "abbreviations.yml",
]


@dataclass(frozen=True)
class Finding:
    """One criterion or contraindication as judged for this patient."""

    id: str
    label: str
    status: str
    evidence: str
    reason: str
    citations: List[int]


@dataclass(frozen=True)
class Assessment:
    verdict: str
    facts: Dict[str, Any]
    criteria: List[Finding]
    contraindications: List[Finding]
    missing: List[str]

    def to_payload(self) -> Dict[str, Any]:
        """The verdict, facts, rows and questions of CONTRACT section 3 (the reply adds the
        source, rules version, disclaimer and headline: guideline.assessment_text)."""
        return {
            "verdict": self.verdict,
            "facts": self.facts,
            "criteria": [asdict(finding) for finding in self.criteria],
            "contraindications": [asdict(finding) for finding in self.contraindications],
            "missing": self.missing,
        }


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A short hash of the files that decide a verdict, so a payload says what produced it."""
    digest = hashlib.sha256()
    for path in RULE_FILES:
        if path.exists():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def decide_verdict(criteria: Sequence[Finding], contraindications: Sequence[Finding]) -> str:
    """CONTRACT precedence: a contraindication present, then a criterion not met, then anything
    unknown; only when every criterion is met and every contraindication absent: meets."""
    if any(f.status == PRESENT for f in contraindications):
        return CONTRAINDICATED
    if any(f.status == NOT_MET for f in criteria):
        return CRITERIA_NOT_MET
    if any(f.status == UNKNOWN for f in (*criteria, *contraindications)):
        return NEEDS_INFORMATION
    if all(f.status == MET for f in criteria) and all(
        f.status == ABSENT for f in contraindications
    ):
        return MEETS_CRITERIA
    raise ValueError("a rule returned a status the contract does not know")


def _payload_facts(facts: Mapping, contraindications: List[Finding]) -> Dict[str, Any]:
    """CONTRACT section 3 `facts`: every fact, null where the conversation did not establish
    it; `active_infection` and `coagulopathy` as booleans from their rows (null when unknown),
    the facts behind them as `infection_status` and `coagulopathy_status`."""
    payload = {name: fact_value(facts, name) for name in FACT_VALUES}
    status = {f.id: f.status for f in contraindications}
    as_bool = {PRESENT: True, ABSENT: False}
    payload["infection_status"] = payload["active_infection"]
    payload["coagulopathy_status"] = payload["coagulopathy"]
    payload["active_infection"] = as_bool.get(status["active_infection"])
    payload["coagulopathy"] = as_bool.get(status["coagulopathy"])
    if status["short_life_expectancy"] == UNKNOWN:
        # a bound that spans the limit ("between 4 and 9 months") or a hedged span: no figure
        # was established, so none is reported (the relation and evidence still say what was)
        payload["life_expectancy_months"] = None
    return payload


def _judge(unit: Unit, facts: Mapping, limits: Mapping[str, float]) -> Finding:
    outcome = unit.judge(facts, limits)
    allowed = (MET, NOT_MET, UNKNOWN) if unit.kind == "criterion" else (PRESENT, ABSENT, UNKNOWN)
    if outcome.status not in allowed:
        raise ValueError(f"{unit.id}: status {outcome.status!r} is not one of {allowed}")
    citations = list(unit.citations) if outcome.cited else []
    return Finding(unit.id, unit.label, outcome.status, outcome.evidence, outcome.reason, citations)


def assess(kb: Knowledge, facts: Mapping[str, Any]) -> Assessment:
    """Judge every criterion and contraindication on the facts and give the verdict."""
    limits = kb.thresholds
    criteria = [_judge(unit, facts, limits) for unit in CRITERIA]
    contraindications = [_judge(unit, facts, limits) for unit in CONTRAINDICATIONS]
    missing: List[str] = []
    for unit, finding in zip((*CRITERIA, *CONTRAINDICATIONS), (*criteria, *contraindications)):
        if finding.status == UNKNOWN and unit.ask not in missing:
            missing.append(unit.ask)
    return Assessment(
        decide_verdict(criteria, contraindications),
        _payload_facts(facts, contraindications),
        criteria,
        contraindications,
        missing,
    )
