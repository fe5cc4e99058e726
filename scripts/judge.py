"""How a reply is judged against the example files (tests/fixtures), for tests and `make eval`.

Each judge returns the list of problems found; an empty list is a pass.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
REFERENCE_NUMBERS = set(range(1, 9))


def reply_text(messages: List[Dict[str, Any]]) -> str:
    """All texts and button titles of one reply."""
    parts = []
    for message in messages:
        parts.append(message.get("text") or "")
        parts.extend(button.get("title", "") for button in message.get("buttons") or [])
    return "\n".join(parts)


def citations(messages: List[Dict[str, Any]]) -> set:
    return {int(n) for group in MARKER.findall(reply_text(messages)) for n in group.split(",")}


def assessment(messages: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The assessment payload of a reply, or None."""
    for message in messages:
        custom = message.get("custom") or {}
        if isinstance(custom, dict) and "assessment" in custom:
            return custom["assessment"]
    return None


def judge_question(example: Dict[str, Any], reply: List[Dict[str, Any]]) -> List[str]:
    """questions.yml: every `all` group has a term in the reply, one of `cite_any` is cited;
    an out-of-scope question gets no citation."""
    problems = []
    text, cited = reply_text(reply), citations(reply)
    if not text.strip():
        return ["no reply text"]
    if cited - REFERENCE_NUMBERS:
        problems.append(f"cites references that do not exist: {sorted(cited - REFERENCE_NUMBERS)}")
    if example.get("out_of_scope"):
        if cited:
            problems.append(f"out of scope but cites {sorted(cited)}")
        return problems
    for group in example.get("all", []):
        if not any(str(term).lower() in text.lower() for term in group):
            problems.append(f"none of {group} in the reply")
    if example.get("cite_any") and not cited & set(example["cite_any"]):
        problems.append(f"cites {sorted(cited)}, expected one of {example['cite_any']}")
    return problems


def judge_vignette(example: Dict[str, Any], last_reply: List[Dict[str, Any]]) -> List[str]:
    """vignettes.yml: the last assessment's verdict, facts, criteria and contraindications."""
    found = assessment(last_reply)
    if found is None:
        return ["no assessment in the last reply"]
    problems = []
    if "verdict" in example and found.get("verdict") != example["verdict"]:
        problems.append(f"verdict {found.get('verdict')}, expected {example['verdict']}")
    if found.get("verdict") in example.get("verdict_not", []):
        problems.append(f"verdict {found.get('verdict')} is one it must not be")
    for name, expected in (example.get("facts") or {}).items():
        actual = (found.get("facts") or {}).get(name)
        if actual != expected:
            problems.append(f"fact {name} = {actual!r}, expected {expected!r}")
    for kind in ("criteria", "contraindications"):
        statuses = {item.get("id"): item.get("status") for item in found.get(kind) or []}
        for rule_id, expected in (example.get(kind) or {}).items():
            if statuses.get(rule_id) != expected:
                problems.append(f"{rule_id} is {statuses.get(rule_id)}, expected {expected}")
    return problems


def truth_is_not_meets(example: Dict[str, Any]) -> bool:
    """A vignette whose truth is anything but meets_criteria (its verdict, or a verdict_not)."""
    if "turns" not in example:
        return False
    return example.get("verdict", "meets_criteria") != "meets_criteria" or "meets_criteria" in (
        example.get("verdict_not") or []
    )
