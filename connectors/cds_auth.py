"""Who may call the CDS Hooks routes: the JWT a CDS Hooks 2.0 client signs with its private key.

The operator configures the clients' public keys (a JWK Set) and the issuers allowed:

    CDS_JWKS_FILE=/path/jwks.json  or  CDS_JWKS_JSON='{"keys": [...]}'
    CDS_ALLOWED_ISSUERS=https://ehr.example.org/,https://other.example.org/

With no key set the routes answer 503. CDS_ALLOW_UNSIGNED=true turns the check off for local
testing only: never in production (README). Checked on each call: the signature (asymmetric
algorithms only, key chosen by `kid`), `iss` in the allowed list, `aud` the URL called, `exp`,
`iat` and a `jti` not seen before.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Mapping, Optional, Sequence

import jwt

#: The specification forbids `none` and symmetric (HMAC) algorithms.
ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512")
LEEWAY_SECONDS = 30


class AuthError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class ClientPolicy:
    keys: Optional[jwt.PyJWKSet]
    issuers: FrozenSet[str]
    allow_unsigned: bool = False
    _seen: Dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "ClientPolicy":
        """Raises ValueError for a key set that cannot be read: a typo must stop the server."""
        text = env.get("CDS_JWKS_JSON") or ""
        if not text and env.get("CDS_JWKS_FILE"):
            text = Path(env["CDS_JWKS_FILE"]).read_text()
        keys = jwt.PyJWKSet.from_dict(json.loads(text)) if text.strip() else None
        issuers = frozenset(
            i.strip() for i in env.get("CDS_ALLOWED_ISSUERS", "").split(",") if i.strip()
        )
        unsigned = env.get("CDS_ALLOW_UNSIGNED", "").strip().lower() == "true"
        return cls(keys, issuers, unsigned)

    def check(self, authorization: Optional[str], audiences: Sequence[str]) -> Dict:
        """The verified claims ({} when unsigned calls are allowed); AuthError otherwise."""
        if self.allow_unsigned:
            return {}
        if self.keys is None or not self.issuers:
            raise AuthError(
                503,
                "CDS Hooks is not configured: set CDS_JWKS_FILE (or "
                "CDS_JWKS_JSON) and CDS_ALLOWED_ISSUERS",
            )
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError(401, "a Bearer JWT is required (Authorization: Bearer <JWT>)")
        try:
            header = jwt.get_unverified_header(token.strip())
            key = next((k for k in self.keys.keys if k.key_id == header.get("kid")), None)
            if key is None:
                raise AuthError(401, "the JWT's kid is not in the configured key set")
            claims = jwt.decode(
                token.strip(),
                key.key,
                algorithms=list(ALGORITHMS),
                audience=list(audiences),
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.PyJWTError as error:
            raise AuthError(401, f"JWT rejected: {error}") from None
        if claims["iss"] not in self.issuers:
            raise AuthError(401, f"JWT rejected: issuer {claims['iss']!r} is not allowed")
        self._once(str(claims["jti"]), float(claims["exp"]))
        return claims

    def _once(self, jti: str, expires: float) -> None:
        """A token is good for one call: a replayed jti is refused until it has expired."""
        now = time.time()
        with self._lock:
            for old in [j for j, exp in self._seen.items() if exp + LEEWAY_SECONDS < now]:
                del self._seen[old]
            if jti in self._seen:
                raise AuthError(401, "JWT rejected: this jti was already used")
            self._seen[jti] = expires
