"""Try the extractor from a shell, or time it.

.venv/bin/python -m guideline.facts "64M HCC w/ bone mets, IT trial 70%, LE ~1y"
echo "psych eval pending" | .venv/bin/python -m guideline.facts
.venv/bin/python -m guideline.facts --time     # per-message times on the example vignettes
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

import yaml

from guideline.facts import FactExtractor

VIGNETTES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "vignettes.yml"


def show(extractor: FactExtractor, text: str) -> None:
    facts = extractor.extract(text)
    about = "a patient" if extractor.describes_patient(text, facts) else "not a particular patient"
    print(f"{text!r}: {about}")
    for fact in facts:
        print(f"  {fact.name} = {fact.value!r}   [{fact.evidence}]")


def timing(extractor: FactExtractor) -> None:
    turns = [turn for v in yaml.safe_load(VIGNETTES.read_text()) for turn in v["turns"]]
    extractor.extract("warm up")
    count, start = 0, time.perf_counter()
    for round_ in range(20):
        for turn in turns:
            text = turn + " " * (round_ % 2)  # a new text each time: no cached reading
            extractor.describes_patient(text, extractor.extract(text))
            count += 1
    per = (time.perf_counter() - start) / count * 1000
    print(f"example vignette turns: {per:.1f} ms per message ({count} messages)")
    rng = random.Random(1)
    for name, text in (
        ("clinical notes", (turns[0] + "\n") * 60),
        ("junk 'no, ? '", "no, ? " * 4000),
        ("random characters", "".join(rng.choices(string.printable, k=20000))),
    ):
        start = time.perf_counter()
        extractor.extract(text[:20000])
        print(f"20,000 characters of {name}: {(time.perf_counter() - start) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m guideline.facts",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("text", nargs="*", help="messages (default: one per line of stdin)")
    parser.add_argument("--time", action="store_true", help="time the extractor")
    args = parser.parse_args()
    start = time.perf_counter()
    extractor = FactExtractor()
    if args.time:
        print(f"pipeline built in {time.perf_counter() - start:.1f} s")
        timing(extractor)
        return
    for text in args.text or [line.rstrip("\n") for line in sys.stdin]:
        show(extractor, text)


if __name__ == "__main__":
    main()
