"""The Rasa project itself: its data validates and the test stories are predicted exactly."""
import subprocess
from pathlib import Path

from scripts.servers import rasa_env

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv" / "bin" / "rasa"


def run(*args, cwd=ROOT):
    return subprocess.run([str(RASA), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=rasa_env())


def test_rasa_data_validates():
    result = run("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_stories_are_predicted_without_errors(model, tmp_path):
    result = run("test", "core", "--model", str(model), "--stories",
                 "tests/rasa/test_stories.yml", "--fail-on-prediction-errors",
                 "--out", str(tmp_path / "results"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = tmp_path / "results" / "failed_test_stories.yml"
    assert not failed.exists() or "- story:" not in failed.read_text(), failed.read_text()
