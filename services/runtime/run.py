"""`make run`: prepare the data directory and the event store, then say what is running.

The services themselves arrive with their own issues; until then this only prepares state.
"""

from __future__ import annotations

import sys

from services.eventstore import EventStoreError, connect
from services.runtime.config import load


def main() -> int:
    settings = load()
    for sub in ("", "outbox/mail", "outbox/letters", "uploads"):
        (settings.data_dir / sub).mkdir(parents=True, exist_ok=True)
    try:
        store = connect(settings.event_store)
        head = store.head()
        store.close()
    except EventStoreError as exc:
        print(f"quartier: {exc}", file=sys.stderr)
        return 1
    print(f"data directory ready: {settings.data_dir.resolve()}")
    print(
        f"event store ready: {_safe(settings.event_store)} (last position: {head or 'empty log'})"
    )
    print("no service runs yet: the relay, the services and the gateway are still to come")
    return 0


def _safe(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"


if __name__ == "__main__":
    sys.exit(main())
