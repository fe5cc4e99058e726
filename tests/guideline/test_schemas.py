"""The committed JSON Schemas match the models (regenerate: python -m guideline.schemas)."""

from guideline.schemas import schemas


def test_committed_schemas_are_up_to_date():
    for path, text in schemas().items():
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run python -m guideline.schemas"
        )
