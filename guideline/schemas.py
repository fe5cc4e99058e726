"""JSON Schemas of the knowledge files, for editors: `python -m guideline.schemas` writes them
beside the files (a test fails when a committed schema is out of date)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict

from guideline.facts.lexicon import CONTEXT_RULES_PATH, LEXICON_PATH, ContextRules, Lexicon
from guideline.facts.vocabulary import ABBREVIATIONS_PATH, AbbreviationFile
from guideline.knowledge import DEFAULT_PATH, Knowledge


def schemas() -> Dict[Path, str]:
    """Schema file -> its text. A topic's id is its key, so the file never holds one."""
    knowledge = Knowledge.schema(by_alias=True)
    knowledge["definitions"]["Topic"]["properties"].pop("id")
    return {
        DEFAULT_PATH.with_suffix(".schema.json"): json.dumps(knowledge, indent=2) + "\n",
        ABBREVIATIONS_PATH.with_suffix(".schema.json"): json.dumps(
            AbbreviationFile.schema(), indent=2
        )
        + "\n",
        LEXICON_PATH.with_suffix(".schema.json"): json.dumps(Lexicon.schema(), indent=2) + "\n",
        CONTEXT_RULES_PATH.with_suffix(".schema.json"): json.dumps(ContextRules.schema(), indent=2)
        + "\n",
    }


def main() -> None:
    for path, text in schemas().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
