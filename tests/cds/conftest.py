"""Fixtures for the CDS Hooks tests: the rules and extractor in-process, signing keys, the JSON
Schema, and a real Rasa server configured as an operator would (key set, issuers, audit DB)."""

from __future__ import annotations

import json
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from scripts.servers import Assistant, free_port

SCHEMA = json.loads((Path(__file__).with_name("cds_hooks_2_0.schema.json")).read_text())
ISSUER = "https://ehr.test.invalid/"
KID = "ehr-test-key"


def validate(instance, definition: str) -> None:
    """Raise unless `instance` matches the schema's definition (discovery, response, ...)."""
    jsonschema.validate(instance, {**SCHEMA, "$ref": f"#/definitions/{definition}"})


@pytest.fixture(scope="session")
def kb():
    from guideline.knowledge import default_knowledge

    return default_knowledge()


@pytest.fixture(scope="session")
def extractor():
    from guideline.facts import FactExtractor

    return FactExtractor()


class Signer:
    """A CDS client's key pair, signing JWTs as CDS Hooks 2.0 describes."""

    def __init__(self, kid: str = KID, issuer: str = ISSUER) -> None:
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid, self.issuer = kid, issuer

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS384"}]}

    def token(self, aud: str, lifetime: int = 300, **claims) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": aud,
            "iat": now,
            "exp": now + lifetime,
            "jti": str(uuid.uuid4()),
            **claims,
        }
        return jwt.encode(
            body, self.private, algorithm="RS384", headers={"kid": self.kid, "typ": "JWT"}
        )


@pytest.fixture(scope="session")
def signer():
    return Signer()


@pytest.fixture(scope="session")
def other_signer():
    """A key the server does not know, with the same kid and issuer."""
    return Signer()


@pytest.fixture(scope="session")
def ec_key():
    return ec.generate_private_key(ec.SECP384R1())


@contextmanager
def environment(**values):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def cds_server(model, signer, tmp_path_factory):
    """The real servers with CDS Hooks configured: the key set, the allowed issuer, an audit
    database of their own and an export token."""
    run_dir = tmp_path_factory.mktemp("cds-servers")
    settings = dict(
        CDS_JWKS_JSON=json.dumps(signer.jwks()),
        CDS_ALLOWED_ISSUERS=ISSUER,
        AUDIT_DB_URL=f"sqlite:///{run_dir / 'audit.db'}",
        AUDIT_EXPORT_TOKEN=uuid.uuid4().hex,
    )
    with environment(**settings):  # the servers take their environment when made
        servers = Assistant(model, free_port(), free_port(), run_dir).start()
    servers.settings = settings
    try:
        yield servers
    finally:
        servers.stop()
