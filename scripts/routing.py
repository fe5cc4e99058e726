"""Question routing compared offline: the trained NLU model in process, each routing variant on
the same question sets, judged as `make eval` judges replies.

`python scripts/routing.py` (after `make train`): one line per variant and set. Variants:
`learned` (classifier and the not-in-source guard), `hybrid` (plus lexical recall and "did you
mean"). The regex routing it replaced is measured from a checkout of the older code.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Dict, List

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from judge import citations, judge_question  # noqa: E402
from servers import ROOT, ensure_model  # noqa: E402

from guideline import turn  # noqa: E402
from guideline.knowledge import default_knowledge  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
HELD_OUT = ("questions_heldout.yml", "questions_heldout2.yml")
DEV = ("questions.yml", "questions_more.yml")
#: What each variant turns off in guideline/turn.py.
VARIANTS = {
    "learned": {
        "LEXICAL_ANSWER": float("inf"),
        "LEXICAL_HINT": float("inf"),
        "TOPIC_MASS_UNSURE": float("inf"),
    },
    "hybrid": {},
}


def messages(kb, decision: turn.Turn, text: str) -> List[Dict]:
    """The reply the action would send, without the assessment (marked instead)."""
    from actions.guideline_answers import reply_to
    from guideline.answers import answer_topic

    if decision.kind in (turn.Kind.PATIENT, turn.Kind.BOTH, turn.Kind.NEW_PATIENT):
        answer = [answer_topic(kb, kb.topics[decision.topic])] if decision.topic else []
        return [{"text": t} for r in answer for t in r.texts] + [{"text": "(assessment)"}]
    reply = reply_to(kb, decision, text)
    return [{"text": t, "buttons": reply.buttons} for t in reply.texts]


async def readings(model: Path, questions: List[str]) -> List[turn.Reading]:
    from rasa.core.agent import Agent

    from actions.replies import facts_of

    agent = Agent.load(str(model))
    found = []
    for text in questions:
        parsed = await agent.parse_message(text)
        found.append(turn.reading_of_parse(parsed, facts=bool(facts_of(parsed))))
    return found


def score(kb, examples, parsed, settings) -> Dict[str, int]:
    saved = {name: getattr(turn, name) for name in settings}
    for name, value in settings.items():
        setattr(turn, name, value)
    try:
        counts = {
            "answered": 0,
            "questions": 0,
            "declined": 0,
            "out_of_scope": 0,
            "unsure": 0,
            "cited_out_of_scope": 0,
            "failures": [],
        }
        for example, reading in zip(examples, parsed):
            decision = turn.decide(kb, reading, patient_ongoing=False)
            reply = messages(kb, decision, reading.text)
            ok = not judge_question(example, reply)
            if example.get("out_of_scope"):
                counts["out_of_scope"] += 1
                declined = decision.kind is turn.Kind.OUT_OF_SCOPE
                counts["declined"] += declined
                counts["cited_out_of_scope"] += bool(citations(reply))
                if not declined:
                    counts["failures"].append(f"{example['id']} {decision.kind.value}")
            else:
                counts["questions"] += 1
                counts["answered"] += ok
                counts["unsure"] += decision.kind is turn.Kind.UNSURE
                if not ok:
                    where = decision.topic or decision.choices
                    counts["failures"].append(f"{example['id']} {decision.kind.value} {where}")
        return counts
    finally:
        for name, value in saved.items():
            setattr(turn, name, value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", nargs="*", default=list(HELD_OUT + DEV))
    parser.add_argument("--model", type=Path)
    parser.add_argument("--failures", action="store_true", help="list each failure")
    args = parser.parse_args()
    kb = default_knowledge()
    model = args.model or ensure_model()
    for name in args.sets:
        examples = yaml.safe_load((FIXTURES / name).read_text())
        parsed = asyncio.run(readings(model, [e["ask"] for e in examples]))
        for variant, settings in VARIANTS.items():
            c = score(kb, examples, parsed, settings)
            print(
                f"{name:28} {variant:8} questions answered {c['answered']}/{c['questions']}"
                f" (did-you-mean {c['unsure']}); out of scope declined "
                f"{c['declined']}/{c['out_of_scope']}, cited {c['cited_out_of_scope']}",
                flush=True,
            )
            if args.failures:
                for failure in c["failures"]:
                    print("    " + failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
