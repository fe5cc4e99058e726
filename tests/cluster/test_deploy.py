"""The deployment files (deploy/) run what the cluster test runs, with settings that exist.

Images cannot be built or pulled here; what can be checked without them is checked: the files
parse, the entry points are the cluster test's, every setting they pass is one the code reads,
and haproxy accepts the proxy configuration the cluster test runs.
"""

import json
import re
import shutil
import subprocess

import pytest
import yaml

from scripts.cluster import haproxy_config, supervised
from scripts.servers import ROOT, VENV_BIN, rasa_env, supervised_endpoints
from stores.settings import Settings

DEPLOY = ROOT / "deploy"
#: Read by scripts/servers.py, scripts/action_server.py and the supervised endpoints.yml,
#: besides Settings.
OTHER_SETTINGS = {
    "MODEL",
    "HOST",
    "PORT",
    "ACTION_PORT",
    "RUN_DIR",
    "ACTION_SERVER_HOST",
    "RASA_API_TOKEN",
    "RASA_JWT_SECRET",
    "RASA_TELEMETRY_ENABLED",
    "PYTHONDONTWRITEBYTECODE",
    "PIP_NO_CACHE_DIR",
}


def known_settings(tmp_path):
    names = {field.field_info.extra["env"] for field in Settings.__fields__.values()}
    names |= set(re.findall(r"\$\{(\w+)\}", supervised_endpoints(tmp_path).read_text()))
    return names | OTHER_SETTINGS


def entry_point(dockerfile):
    lines = (DEPLOY / dockerfile).read_text().splitlines()
    line = [text for text in lines if text.startswith("ENTRYPOINT")]
    return json.loads(line[-1].split(None, 1)[1])


def dockerfile_env(dockerfile):
    names = set()
    for line in (DEPLOY / dockerfile).read_text().splitlines():
        if line.startswith("ENV "):
            names |= {pair.split("=")[0] for pair in line[4:].split()}
    return names


@pytest.mark.parametrize(
    "dockerfile,only", [("rasa.Dockerfile", "rasa"), ("actions.Dockerfile", "actions")]
)
def test_images_start_what_the_cluster_test_starts(dockerfile, only, tmp_path):
    tested = supervised(only, 5005, tmp_path, {}).args
    image = entry_point(dockerfile)
    assert image[1:] == [arg.replace(f"{ROOT}/", "") for arg in tested[1:4]]
    assert image[0].endswith("python") and tested[0].endswith("python")
    assert dockerfile_env(dockerfile) <= known_settings(tmp_path)


def test_compose_runs_the_stores_two_instances_and_the_proxy(tmp_path):
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "actions", "rasa1", "rasa2", "proxy"} <= set(services)
    for name in ("rasa1", "rasa2"):
        rasa = services[name]
        assert rasa["build"]["dockerfile"] == "deploy/rasa.Dockerfile"
        assert set(rasa["environment"]) <= known_settings(tmp_path)
        assert rasa["environment"]["ACTION_ENDPOINT_URL"].startswith("http://actions:")
    assert services["actions"]["build"]["dockerfile"] == "deploy/actions.Dockerfile"
    assert "./haproxy.cfg:" in services["proxy"]["volumes"][0]
    # Only the proxy is published, and only on loopback.
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["proxy"] and services["proxy"]["ports"][0].startswith("127.0.0.1:")


def test_helm_values_use_the_same_entry_points_and_settings(tmp_path):
    values = yaml.safe_load((DEPLOY / "helm" / "rasa-values.yaml").read_text())
    assert values["command"] == entry_point("rasa.Dockerfile")
    assert values["rasa-action-server"]["command"] == entry_point("actions.Dockerfile")
    assert values["applicationSettings"]["enableAPI"] is False
    assert {env["name"] for env in values["extraEnv"]} <= known_settings(tmp_path)
    assert values["readinessProbe"]["httpGet"]["path"] == "/webhooks/rest/ready"


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is installed by cluster-test")
def test_haproxy_accepts_the_proxy_configuration(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(8080, [5005, 5006]))
    result = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_server_refuses_to_listen_beyond_loopback_without_a_token():
    """What the action server image sets (ACTION_SERVER_HOST=0.0.0.0) needs the shared token;
    the check comes before anything is bound."""
    env = {name: value for name, value in rasa_env().items() if name != "ACTION_SERVER_TOKEN"}
    result = subprocess.run(
        [str(VENV_BIN / "python"), str(ROOT / "scripts" / "action_server.py"), "--port", "1"],
        env=dict(env, ACTION_SERVER_HOST="0.0.0.0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "ACTION_SERVER_TOKEN" in result.stderr
