"""Fixtures shared by the test suites: the trained model and the running servers."""

import uuid

import pytest

from scripts.servers import Assistant, ensure_model, free_port, send_message


@pytest.fixture(scope="session")
def model(tmp_path_factory):
    """The model for the current training data (trained once if it is missing)."""
    return ensure_model(log_dir=tmp_path_factory.mktemp("train"))


@pytest.fixture(scope="session")
def assistant(model, tmp_path_factory):
    """The real action server and Rasa server on free ports, with a fresh tracker store."""
    servers = Assistant(model, free_port(), free_port(), tmp_path_factory.mktemp("servers"))
    try:
        yield servers.start()
    finally:
        servers.stop()


class RestClient:
    """Talks to the REST channel as an integration would."""

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, sender: str, message, timeout: float = 30):
        """The reply; a status other than 200 raises urllib's HTTPError."""
        return send_message(self.url, sender, message, timeout)

    def conversation(self, *messages: str):
        """Send messages as one new conversation; return the reply to each."""
        sender = f"test-{uuid.uuid4().hex}"
        return [self.send(sender, message) for message in messages]


@pytest.fixture(scope="session")
def rest(assistant):
    return RestClient(assistant.rest_url)
