"""Subscriptions for a Nameko service: its subscribers kept caught up with the log.

    class Listings:
        name = "listings"
        subscriptions = Subscriptions(projections.search, policies.expiry)

        @rpc
        def search(self, query, after=None):
            if after and not self.subscriptions.wait_for(after, 5.0):
                raise ServiceError.not_caught_up(after, 5.0)
            tables = self.subscriptions.tables("listings.search")
            ...

One managed green thread applies batches (SubscriptionRunner.run_once) whenever the event store
signals an append (services.runtime.store_wakeups, with QUARTIER_SUBSCRIBER_WAKEUPS=store) or
the relay's message arrives (services.runtime.wakeup), and every `poll_seconds` when neither
does. Live batches (a few events) run inline; catch-up batches run on an OS thread
(eventlet.tpool): inline, one held the hub, and with it every RPC worker, for 0.5 to 5 s (see
docs/decisions/0002).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import eventlet
from eventlet import tpool
from eventlet.event import Event
from nameko.extensions import DependencyProvider

from services.eventstore import Position
from services.subscriptions import Subscriber, SubscriptionRunner, checkpoint
from services.subscriptions.sharing import Shared

from . import store_wakeups
from .platform import Platform
from .wakeup import WakeUpListener, contexts_of

log = logging.getLogger("quartier.runtime")

BATCH_SIZE = 200
LIVE_BATCH = 20
# Between two looks at the checkpoints of read models a read waits for.
WAIT_PAUSE = 0.02
# How long a read trusts a checkpoint it saw reached without reading it again (see reached()).
SEEN_TRUSTED_SECONDS = 1.0


class Subscriptions(DependencyProvider):
    platform = Platform()

    def __init__(
        self,
        *subscribers: Subscriber,
        contexts: tuple[str, ...] | None = None,
        batch_size: int = BATCH_SIZE,
        poll_seconds: float | None = None,
        threaded: bool = True,
    ) -> None:
        """`contexts` are the `<context>.events` exchanges to be woken by; by default those
        of the subscribers' categories and types (a subscriber that reads everything and
        names no context relies on the timer)."""
        super().__init__()
        self.subscribers = subscribers
        self.contexts = contexts
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.threaded = threaded
        self.runners: dict[str, SubscriptionRunner] = {}
        # The checkpoint of each subscriber a read saw last, and when (handles share it).
        self.seen: dict[str, tuple[Position, float]] = {}
        self.trust_seconds = SEEN_TRUSTED_SECONDS
        self._wake = Event()
        # Since the last pass: the furthest position the relay's messages named, and whether
        # some wake-up named none (the timer's, a read's, the store's), which the head answers.
        self._heard: Position | None = None
        self._unnamed = False
        self._running = False
        self._loop: Any = None
        self.listener: WakeUpListener | None = None
        self._by_store = False
        self._leave_store: Any = None
        self._reads: frozenset[str] | None = None

    def setup(self) -> None:
        store, engine = self.platform.store(), self.platform.engine()
        self.runners = {
            s.name: SubscriptionRunner(store, engine, s, self.batch_size) for s in self.subscribers
        }
        contexts = self.contexts
        if contexts is None:
            contexts = tuple(
                sorted(set().union(*(contexts_of(s.categories, s.types) for s in self.subscribers)))
            )
        self.listener = WakeUpListener(
            self.platform.settings.amqp_uri,
            contexts,
            self.platform.service_name,
            self.wake,
            getattr(store, "log_id", None),
        )
        # A provider that names no context reads everything: every append concerns it.
        self._reads = frozenset(contexts) or None
        if self.poll_seconds is None:
            self.poll_seconds = self.platform.settings.poll_seconds
        self._by_store = woken_by(self.container.config) == "store"

    def start(self) -> None:
        self._running = True
        assert self.listener is not None
        self.container.spawn_managed_thread(self.listener.run, identifier="subscriptions.wakeup")
        if self._by_store:
            url = self.platform.settings.event_store
            self._leave_store = store_wakeups.join(
                url, self.platform.store(), self.wake, self._reads
            )
        self._loop = self.container.spawn_managed_thread(self._run, identifier="subscriptions")

    def stop(self) -> None:
        self._stop_listening()
        self.wake()
        if self._loop is not None:
            self._loop.wait()
        for runner in self.runners.values():
            try:
                runner.release()
            except Exception as exc:  # its lease lapses on its own
                log.warning("releasing %s failed: %s", runner.name, type(exc).__name__)

    def kill(self) -> None:
        self._stop_listening()

    def _stop_listening(self) -> None:
        self._running = False
        if self.listener is not None:
            self.listener.stop()
        if self._leave_store is not None:
            self._leave_store()
            self._leave_store = None

    def wake(self, position: str | None = None) -> None:
        """Have the subscribers look at the log; `position`, named by the relay's message, is
        one the log holds with everything before it (docs/decisions/0067)."""
        heard = self._position(position)
        if heard is None:
            self._unnamed = True
        elif self._heard is None or heard > self._heard:
            self._heard = heard
        if not self._wake.ready():
            self._wake.send(True)

    def _position(self, text: str | None) -> Position | None:
        if text is None:
            return None
        try:
            return self.platform.store().position_from_string(text)
        except ValueError:  # no position of this store's: the head is read, as for any other
            return None

    def get_dependency(self, worker_ctx: Any) -> SubscriptionsHandle:
        return SubscriptionsHandle(self)

    def catch_up(self, heard: Position | None = None) -> int:
        """Apply every pending batch of every subscriber; how many events were applied.
        `heard`, a position a wake-up named, serves as the log's head: read, it is a round
        trip more before the first subscriber reads (docs/decisions/0067).

        A wake-up usually finds a handful of live events: those are applied inline, which
        holds the hub only a few milliseconds and spares the hand-over to an OS thread. A
        full live batch means catching up, which then goes on in big batches on an OS thread.
        """
        head = self._head() if heard is None else heard
        shared = Shared(self.platform.engine(), self.platform.store(), self.runners)
        try:
            return self._catch_up(head, shared)
        finally:
            shared.flush()

    def _catch_up(self, head: Position | None, shared: Shared) -> int:
        total = 0
        for runner in self.runners.values():
            limit = LIVE_BATCH
            while self._running:
                try:
                    if limit == LIVE_BATCH:
                        applied = runner.run_once(limit, head, shared)
                    elif not self.threaded:
                        applied = runner.run_once(limit)
                    else:
                        applied = tpool.execute(runner.run_once, limit)
                except Exception as exc:  # store or database away: retry later
                    log.warning("subscriber %s paused: %s", runner.name, type(exc).__name__)
                    break
                total += applied
                if applied < limit:
                    break
                limit = self.batch_size
                eventlet.sleep(0)  # let RPC workers in between long catch-up batches
            # Each subscriber's turn holds the hub (docs/decisions/0002): RPC workers waiting
            # get theirs in between, not after the whole service's subscribers.
            eventlet.sleep(0)
        return total

    def _head(self) -> Position | None:
        """The log's head before any subscriber reads: one statement for all of them, each
        still reading everything up to it. None (each reads its own) when the store is away."""
        try:
            return self.platform.store().head()
        except Exception:  # the subscriber that asks again says what failed
            return None

    def _run(self) -> None:
        while self._running:
            with eventlet.Timeout(self.poll_seconds, False):
                self._wake.wait()
            self.run_pass()

    def run_pass(self) -> int:
        """The pass after a wake-up or the timer: `catch_up` from the position the relay's
        messages named, or from the head when a wake-up named none."""
        # Reset before reading: a message arriving during the batch wakes us once more.
        self._wake = Event()
        heard = None if self._unnamed else self._heard
        self._heard, self._unnamed = None, False
        return self.catch_up(heard)


def woken_by(config: Any) -> str:
    """QUARTIER_SUBSCRIBER_WAKEUPS: `broker` (the default: the relay's messages) or `store`
    (the store's wake-ups too; docs/decisions/0058)."""
    value = str(config.get("QUARTIER_SUBSCRIBER_WAKEUPS") or "broker").strip()
    if value not in ("store", "broker"):
        raise ValueError("QUARTIER_SUBSCRIBER_WAKEUPS must be store or broker")
    return value


class SubscriptionsHandle:
    """What a worker sees: read-your-writes waiting, and the tables queries read."""

    def __init__(self, provider: Subscriptions) -> None:
        self._provider = provider

    def wait_for(self, position: Any, timeout: float = 5.0, name: str | None = None) -> bool:
        """True once every subscriber (or the one named) has applied the log up to
        `position`; False after `timeout` seconds."""
        return self.reached(position, [name] if name else self.names, timeout)

    def reached(self, position: Any, names: Sequence[str], timeout: float) -> bool:
        """True once every subscriber of `names` has applied the log up to `position`; False
        after `timeout` seconds.

        A checkpoint seen reached in the last `trust_seconds` is taken as reached without
        reading it again: a read after the position a resident signed in at, mostly, reads no
        checkpoint at all. Only for so long, because a checkpoint can move back: an operator's
        replay switched over (docs/decisions/0032) sets it to the build's, then the live
        subscriber catches up again. Otherwise the checkpoints are read together, one
        statement per look, and the subscribers are woken only when one is behind."""
        provider = self._provider
        runners = [provider.runners[name] for name in names]
        if not runners:
            return True
        store = provider.platform.store()
        target = store.position_from_string(position) if isinstance(position, str) else position
        seen, clock = provider.seen, eventlet.hubs.get_hub().clock
        since = clock() - provider.trust_seconds
        if all(
            name in seen and seen[name][1] >= since and seen[name][0] >= target for name in names
        ):
            return True
        deadline, woken = clock() + timeout, False
        while True:
            with provider.platform.engine().connect() as conn:
                found = checkpoint.active_positions(conn, names)
            now = clock()
            read = {n: store.position_from_string(p) for n, p in found.items() if p is not None}
            seen.update((name, (at, now)) for name, at in read.items())
            if all(name in read and read[name] >= target for name in names):
                return True
            if not woken:
                provider.wake()
                woken = True
            if clock() >= deadline:
                return False
            eventlet.sleep(WAIT_PAUSE)

    def tables(self, name: str) -> Any:
        """What subscriber `name`'s define() returned, for the generation queries read."""
        return self._provider.runners[name].tables()

    @property
    def names(self) -> list[str]:
        return list(self._provider.runners)
