"""The JWT a CDS Hooks client must send: checked against the operator's key set and issuers."""

import json
import time
import uuid

import jwt
import pytest

from connectors.cds_auth import AuthError, ClientPolicy
from tests.cds.conftest import ISSUER, KID

AUD = "https://pumpguide.test.invalid/webhooks/cds/cds-services/intrathecal-pump-assessment"


@pytest.fixture
def policy(signer):
    return ClientPolicy.from_env(
        {
            "CDS_JWKS_JSON": json.dumps(signer.jwks()),
            "CDS_ALLOWED_ISSUERS": f"https://other.invalid/, {ISSUER}",
        }
    )


def rejected(policy, header, status=401):
    with pytest.raises(AuthError) as raised:
        policy.check(header, [AUD])
    assert raised.value.status == status
    return raised.value.reason


def test_a_signed_token_from_an_allowed_issuer_passes(policy, signer):
    claims = policy.check(f"Bearer {signer.token(AUD)}", [AUD])
    assert claims["iss"] == ISSUER


def test_missing_token(policy):
    assert "Bearer" in rejected(policy, None)
    assert "Bearer" in rejected(policy, "Basic dXNlcjpwYXNz")


def test_expired_token(policy, signer):
    assert "expired" in rejected(policy, f"Bearer {signer.token(AUD, lifetime=-120)}")


def test_token_signed_by_another_key(policy, other_signer):
    assert "Signature" in rejected(policy, f"Bearer {other_signer.token(AUD)}")


def test_wrong_audience_issuer_kid_and_replay(policy, signer):
    assert "audience" in rejected(policy, f"Bearer {signer.token(AUD + '-other')}").lower()
    stranger = signer.token(AUD, iss="https://stranger.invalid/")
    assert "not allowed" in rejected(policy, f"Bearer {stranger}")
    token = signer.token(AUD)
    policy.check(f"Bearer {token}", [AUD])
    assert "already used" in rejected(policy, f"Bearer {token}")


def test_required_claims_and_algorithms(policy, signer):
    now = int(time.time())
    no_jti = jwt.encode(
        {"iss": ISSUER, "aud": AUD, "iat": now, "exp": now + 60},
        signer.private,
        algorithm="RS384",
        headers={"kid": KID},
    )
    assert "jti" in rejected(policy, f"Bearer {no_jti}")
    # The specification forbids shared-secret (HMAC) signatures.
    hmac_token = jwt.encode(
        {"iss": ISSUER, "aud": AUD, "iat": now, "exp": now + 60, "jti": str(uuid.uuid4())},
        "a-shared-secret-of-at-least-32-bytes",
        algorithm="HS256",
        headers={"kid": KID},
    )
    assert "alg" in rejected(policy, f"Bearer {hmac_token}")
    unknown_kid = jwt.encode(
        {"iss": ISSUER}, signer.private, algorithm="RS384", headers={"kid": "nope"}
    )
    assert "kid" in rejected(policy, f"Bearer {unknown_kid}")


def test_no_key_set_is_503_unless_unsigned_is_allowed_for_testing(signer):
    assert "CDS_JWKS_FILE" in rejected(ClientPolicy.from_env({}), None, status=503)
    no_issuers = ClientPolicy.from_env({"CDS_JWKS_JSON": json.dumps(signer.jwks())})
    rejected(no_issuers, f"Bearer {signer.token(AUD)}", status=503)
    assert ClientPolicy.from_env({"CDS_ALLOW_UNSIGNED": "true"}).check(None, [AUD]) == {}
    assert ClientPolicy.from_env({"CDS_ALLOW_UNSIGNED": "yes"}).allow_unsigned is False


def test_key_set_from_a_file(tmp_path, signer):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(signer.jwks()))
    policy = ClientPolicy.from_env({"CDS_JWKS_FILE": str(path), "CDS_ALLOWED_ISSUERS": ISSUER})
    assert policy.check(f"Bearer {signer.token(AUD)}", [AUD])["iss"] == ISSUER
    with pytest.raises(ValueError):
        ClientPolicy.from_env({"CDS_JWKS_JSON": "{not json"})
