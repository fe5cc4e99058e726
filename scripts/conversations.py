"""Delete conversations from the tracker store configured in the environment (TRACKER_DB_URL).

    python scripts/conversations.py delete <conversation id>   one conversation
    python scripts/conversations.py purge [--days N]           every one idle for N days
                                                               (default RETENTION_DAYS, 30)

The Rasa server purges by itself every hour; this is for an operator, or a cron job on a
deployment that keeps its servers stopped for long. The HTTP route for one conversation is
DELETE /webhooks/rest/conversations/<id> with ADMIN_TOKEN (connectors/rest.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from stores.conversations import conversations  # noqa: E402
from stores.settings import settings  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("delete").add_argument("conversation")
    commands.add_parser("purge").add_argument(
        "--days", type=float, default=settings().retention_days
    )
    args = parser.parse_args(argv)
    if args.command == "delete":
        removed = conversations().delete(args.conversation)
        print(f"{removed} events of conversation {args.conversation!r} deleted")
        return 0 if removed else 1
    removed = conversations().delete_idle(args.days)
    print(f"{removed} events of conversations idle for {args.days:g} days deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
