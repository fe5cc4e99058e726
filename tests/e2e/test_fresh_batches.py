"""Held-out batches written from public material (tests/fixtures/fresh/), each scored once
through the servers before any change made for it (README, "Held-out batches"). `make eval`
reports their accuracy; these tests hold what must never happen on them: a `meets_criteria`
where the truth is otherwise, and a citation on a question that must be declined."""

from pathlib import Path

import pytest
import yaml

from scripts.judge import assessment, citations, reply_text, truth_is_not_meets

FRESH = Path(__file__).resolve().parent.parent / "fixtures" / "fresh"


def examples(pattern):
    return [
        example
        for path in sorted(FRESH.glob(pattern))
        for example in yaml.safe_load(path.read_text())
    ]


NOT_MEETS = [v for v in examples("vignettes_*.yml") if truth_is_not_meets(v)]
DECLINED = [q for q in examples("questions_*.yml") if q.get("out_of_scope")]
#: Still wrong after the batch's fixes, and why (not strict: a fix shows as XPASS).
KNOWN_FAILURES = {
    "r4q90": "an exam stem describing a patient and ending in an instruction ('Name three other"
    " methods to control his postoperative pain') is assessed, with the criteria's citations",
}


def _param(example):
    reason = KNOWN_FAILURES.get(example["id"])
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(example, id=example["id"], marks=marks)


@pytest.mark.parametrize("vignette", NOT_MEETS, ids=[v["id"] for v in NOT_MEETS])
def test_no_meets_criteria_where_the_truth_is_otherwise(rest, vignette):
    last = rest.conversation(*vignette["turns"])[-1]
    found = assessment(last)
    assert found is not None, reply_text(last)
    assert found["verdict"] != "meets_criteria", found["headline"]


@pytest.mark.parametrize("question", [_param(q) for q in DECLINED])
def test_what_the_source_does_not_answer_gets_no_citation(rest, question):
    [reply] = rest.conversation(question["ask"])
    assert reply_text(reply).strip() and not citations(reply), reply_text(reply)
