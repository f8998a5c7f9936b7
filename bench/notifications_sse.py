"""Event -> in-app notification visible over Server-Sent Events, at a steady rate, through the
whole platform as `make run` starts it (relay, services and gateway as `serve` processes).

    python bench/notifications_sse.py [--rate 200] [--seconds 20]

Each event (a `neighbourhoods.MemberJoined` for one signed-in resident, appended one per
append) becomes one notification. Measured for the same events in the same run:
- baseline: append -> the notification's row committed in the inbox read model (the bare
  append-to-subscriber latency, read from the read model's database as it commits);
- SSE: append -> the notification's event read by a client of GET /notifications/stream.
Results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import _report  # noqa: E402
import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contracts import Metadata  # noqa: E402
from notifications.projections.inbox import notification_id  # noqa: E402
from services.eventstore import NO_STREAM, NewEvent, connect  # noqa: E402
from tests.support.platform import running_platform  # noqa: E402

KIND = "neighbourhood_joined"


def listen(
    url: str, auth: dict[str, str], arrived: dict[str, float], stop: threading.Event
) -> None:
    while not stop.is_set():
        try:
            asked = {**auth, "Accept": "text/event-stream"}
            with requests.get(url, headers=asked, stream=True, timeout=10) as response:
                for raw in response.iter_lines():
                    line = raw.decode() if isinstance(raw, bytes) else str(raw)
                    if line.startswith("data: ") and '"notification_id"' in line:
                        arrived.setdefault(json.loads(line[6:])["notification_id"], time.time())
                    if stop.is_set():
                        return
        except requests.RequestException:
            continue


def committed(read_db: Path, arrived: dict[str, float], stop: threading.Event) -> None:
    engine = sa.create_engine(f"sqlite:///{read_db}")
    last = 0
    while not stop.is_set():
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    sa.text(
                        "SELECT seq, notification_id FROM notifications_inbox_v1 WHERE seq > :s"
                    ),
                    {"s": last},
                ).all()
        except sa.exc.OperationalError:
            rows = []
        now = time.time()
        for seq, nid in rows:
            arrived.setdefault(nid, now)
            last = max(last, seq)
        time.sleep(0.001)
    engine.dispose()


def figures(appended: dict[str, float], arrived: dict[str, float]) -> dict[str, float]:
    latencies = [(arrived[n] - t) * 1000 for n, t in appended.items() if n in arrived]
    q = statistics.quantiles(latencies, n=100)
    return {
        "events": len(latencies),
        "median": statistics.median(latencies),
        "p99": q[98],
        "max": max(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    with running_platform(Path(tempfile.mkdtemp())) as running:
        who = running.signed_in("Bench")
        rid = who.resident_id
        sse: dict[str, float] = {}
        inbox: dict[str, float] = {}
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=listen, args=(f"{running.api}/notifications/stream", who.auth, sse, stop)
            ),
            threading.Thread(
                target=committed, args=(running.data_dir / "read-notifications.db", inbox, stop)
            ),
        ]
        for thread in threads:
            thread.start()
        time.sleep(2.0)
        store = connect(f"sqlite:///{running.data_dir}/events.db")
        appended: dict[str, float] = {}
        total = int(args.rate * args.seconds)
        start = time.monotonic()
        for i in range(total):
            due = start + i / args.rate
            time.sleep(max(0.0, due - time.monotonic()))
            event = NewEvent(
                "neighbourhoods.MemberJoined",
                {
                    "neighbourhood_id": str(uuid.uuid4()),
                    "resident_id": rid,
                    "join_id": str(uuid.uuid4()),
                    "joined_at": datetime.now(UTC).isoformat(),
                },
                Metadata.start("system:bench", uuid.uuid4()).to_dict(),
            )
            sent = time.time()
            store.append(
                f"neighbourhoods.bench-{uuid.uuid4()}", [event], expected_version=NO_STREAM
            )
            appended[str(notification_id(event.event_id, KIND, rid))] = sent
        deadline = time.monotonic() + 30
        while len(sse) < total and time.monotonic() < deadline:
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(15)
        store.close()
    base, live = figures(appended, inbox), figures(appended, sse)
    lines = [
        f"\n## Event -> notification over SSE ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n",
        f"`python bench/notifications_sse.py --rate {args.rate:g} --seconds {args.seconds:g}` on "
        f"{platform.node()} ({os.cpu_count()} cores, {_report.cpu()}, Python "
        f"{platform.python_version()}); the whole platform as `serve` processes, SQLite store and "
        "read models, RabbitMQ on localhost; one MemberJoined per append for one signed-in "
        "resident with one open stream (the gateway polls the service every 250 ms).\n",
        "| measure | events | median ms | p99 ms | max ms | p99 vs baseline |",
        "|---|---:|---:|---:|---:|---:|",
        f"| baseline: append -> inbox row committed | {base['events']} | {base['median']:.1f} | "
        f"{base['p99']:.1f} | {base['max']:.1f} | 1.00x |",
        f"| append -> notification read over SSE | {live['events']} | {live['median']:.1f} | "
        f"{live['p99']:.1f} | {live['max']:.1f} | {live['p99'] / base['p99']:.2f}x |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(ROOT / "bench" / "RESULTS.md", "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
