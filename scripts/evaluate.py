"""Accuracy on the example sets: every question and vignette through the running servers.

Starts the real servers, sends tests/fixtures/questions.yml and vignettes.yml over REST (and
any extra files given), prints each failure with its reasons and the totals. `make eval`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

import yaml
from judge import assessment, judge_question, judge_vignette, truth_is_not_meets
from servers import ROOT, Assistant, ensure_model, free_port, say, send_message

FIXTURES = ROOT / "tests" / "fixtures"


def run_set(url: str, path: Path, judge, turns_of) -> tuple:
    examples = yaml.safe_load(path.read_text())
    failures = 0
    for example in examples:
        sender = f"eval-{uuid.uuid4().hex}"
        reply = [send_message(url, sender, turn) for turn in turns_of(example)][-1]
        problems = judge(example, reply)
        found = assessment(reply) or {}
        if found.get("verdict") == "meets_criteria" and truth_is_not_meets(example):
            problems.append("WRONG meets_criteria")
        if problems:
            failures += 1
            print(f"FAIL {path.name} {example['id']}: " + "; ".join(problems))
    print(f"{path.name}: {len(examples) - failures}/{len(examples)} passed", flush=True)
    return len(examples) - failures, len(examples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, action="append", default=[])
    parser.add_argument("--vignettes", type=Path, action="append", default=[])
    parser.add_argument(
        "--only", action="store_true", help="only the files given (a new batch's first pass)"
    )
    args = parser.parse_args()
    fixtures = not args.only
    questions = [
        *([FIXTURES / "questions.yml"] if fixtures else []),
        *(sorted(FIXTURES.glob("questions_*.yml")) if fixtures else []),
        *(sorted(FIXTURES.glob("fresh/questions_*.yml")) if fixtures else []),
        *args.questions,
    ]
    vignettes = [
        *([FIXTURES / "vignettes.yml"] if fixtures else []),
        *(sorted(FIXTURES.glob("vignettes_*.yml")) if fixtures else []),
        *(sorted(FIXTURES.glob("fresh/vignettes_*.yml")) if fixtures else []),
        *args.vignettes,
    ]
    model = ensure_model()
    with tempfile.TemporaryDirectory() as run_dir:
        assistant = Assistant(model, free_port(), free_port(), Path(run_dir)).start()
        try:
            say("Evaluating")
            totals = [
                run_set(assistant.rest_url, p, judge_question, lambda e: [e["ask"]])
                for p in questions
            ]
            totals += [
                run_set(assistant.rest_url, p, judge_vignette, lambda e: e["turns"])
                for p in vignettes
            ]
        finally:
            assistant.stop()
    passed, total = sum(t[0] for t in totals), sum(t[1] for t in totals)
    print(f"TOTAL: {passed}/{total} passed, {total - passed} failed")
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())
