"""The Rasa project itself: its data validates and the test stories are predicted exactly."""

import subprocess
from pathlib import Path

import yaml

from guideline.knowledge import default_knowledge
from guideline.turn import FAQ_PREFIX
from scripts.servers import rasa_env

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv" / "bin" / "rasa"


def run(*args, cwd=ROOT):
    return subprocess.run(
        [str(RASA), *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=rasa_env()
    )


def test_rasa_data_validates():
    result = run("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_stories_are_predicted_without_errors(model, tmp_path):
    result = run(
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        "tests/rasa/test_stories.yml",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path / "results"),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = tmp_path / "results" / "failed_test_stories.yml"
    assert not failed.exists() or "- story:" not in failed.read_text(), failed.read_text()


def test_one_intent_per_guideline_topic_and_no_other():
    """The classifier's topic intents and the knowledge's topics are the same set, so every
    topic can be asked for and no intent names an answer that does not exist."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    names = [next(iter(i)) if isinstance(i, dict) else i for i in domain["intents"]]
    topics = {n[len(FAQ_PREFIX) :] for n in names if n.startswith(FAQ_PREFIX)}
    assert topics == set(default_knowledge().topics)
    trained = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if block.get("intent", "").startswith(FAQ_PREFIX):
                trained.add(block["intent"][len(FAQ_PREFIX) :])
    assert trained == topics


def test_no_question_fixture_is_training_data():
    """The question fixtures measure phrasings the classifier has never seen."""

    def norm(text):
        return " ".join("".join(c for c in text.lower() if c.isalnum() or c in " %/").split())

    trained = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            trained |= {
                norm(line.strip()[2:])
                for line in block.get("examples", "").splitlines()
                if line.strip().startswith("- ")
            }
    for path in (ROOT / "tests" / "fixtures").rglob("questions*.yml"):  # fresh/ too
        seen = [e["id"] for e in yaml.safe_load(path.read_text()) if norm(e["ask"]) in trained]
        assert not seen, f"{path.name}: {seen} are training examples"
