"""The action server, closed by default: loopback only unless ACTION_SERVER_TOKEN is set.

`python scripts/action_server.py --port 5055` is rasa_sdk's server (`rasa run actions`) with
two changes: it listens on ACTION_SERVER_HOST (default 127.0.0.1; rasa_sdk binds 0.0.0.0 and
allows every origin), and when ACTION_SERVER_TOKEN is set every route but /health needs
`Authorization: Bearer <token>`, which endpoints.yml makes Rasa send. Used by scripts/servers.py,
the cluster test and deploy/.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

from rasa_sdk.endpoint import create_app
from sanic import response

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args()
    host = os.environ.get("ACTION_SERVER_HOST", "127.0.0.1")
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if host not in LOOPBACK and not token:
        print(f"refusing to listen on {host} without ACTION_SERVER_TOKEN", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO)
    app = create_app(args.actions, cors_origins=None)
    expected = f"Bearer {token}".encode()

    @app.middleware("request")
    async def require_token(request):
        if (
            token
            and request.path != "/health"
            and not hmac.compare_digest(request.headers.get("authorization", "").encode(), expected)
        ):
            return response.json(
                {"error": "Authorization: Bearer <ACTION_SERVER_TOKEN> required"}, status=401
            )
        return None

    app.run(host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
